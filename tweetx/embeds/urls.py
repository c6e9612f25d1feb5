"""Twitter/X URL shapes, entity patterns and signature dates shared by the HTML and text finders."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple, Optional

# twitter.com, x.com, mobile./www. hosts; /statuses/ID; /i/web/status/ID; the old #!/ form.
STATUS_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:#!/)?"
    r"(?:i/web|(?P<handle>[A-Za-z0-9_]{1,15}))/status(?:es)?/(?P<id>\d{1,20})",
    re.I,
)
MEDIA = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/[A-Za-z0-9]+", re.I)
TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]+", re.I)
URL = re.compile(r"https?://[^\s<>\"'\u200f\u200e]+", re.I)
# \w does not cover the zero-width non-joiner that Persian words carry inside hashtags.
HASHTAG = re.compile(r"(?<![\w&])[#＃]([\w\u200c]+)")
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_]{1,15})\b")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "July 7, 2021" / "Jul 7, 2021": the date Twitter's embed code writes in English.
ENGLISH_DATE = re.compile(rf"\b(?P<month>{MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})\b",
                          re.I)


class StatusLink(NamedTuple):
    id: str
    handle: Optional[str]
    url: str


def parse_status_url(href: str) -> Optional[StatusLink]:
    """The tweet id, handle and canonical URL in a status link, or None.

    Example:
        >>> parse_status_url("https://x.com/TariqArian3/status/1412760813524004867?ref_src=twsrc")
        StatusLink(id='1412760813524004867', handle='TariqArian3', url='https://twitter.com/TariqArian3/status/1412760813524004867')
    """
    match = STATUS_URL.search(href or "")
    if not match:
        return None
    handle = match.group("handle")
    url = f"https://twitter.com/{handle or 'i/web'}/status/{match.group('id')}"
    return StatusLink(match.group("id"), handle, url)


def parse_date(text: str) -> Optional[str]:
    """ISO 8601 date of an English signature date, or None.

    Example:
        >>> parse_date("July 7, 2021")
        '2021-07-07'
    """
    match = ENGLISH_DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match.group("year")), _MONTHS[match.group("month").lower()],
                    int(match.group("day"))).isoformat()
    except ValueError:  # "February 30"
        return None


def entities(text: str) -> tuple[tuple, tuple]:
    """The hashtags and @mentions in a tweet's text, in order, without duplicates."""
    hashtags = tuple(dict.fromkeys(m.group(1) for m in HASHTAG.finditer(text)))
    mentions = tuple(dict.fromkeys(m.group(1) for m in MENTION.finditer(text)))
    return hashtags, mentions


def tidy(text: str) -> str:
    """Collapse runs of spaces inside lines and drop blank edges; keep line breaks and ZWNJ."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line).strip()
