"""Twitter/X URL shapes, entity patterns and signature dates shared by the HTML and text finders."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
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

# Month names of the languages Twitter writes embed dates in (data-lang), lower-cased.
_MONTH_NAMES = [
    # en; es; pt; fr; it; de; nl; ar; fa (Gregorian months as Persian sites write them)
    "january jan enero ene janeiro janvier janv gennaio gen januar jänner januari يناير كانون_الثاني ژانویه",
    "february feb febrero febr fevereiro fev février févr febbraio februar februari فبراير شباط فوریه",
    "march mar marzo março mars märz maart مارس آذار",
    "april apr abril abr avril avr aprile aprili أبريل نيسان آوریل",
    "may mayo maio mai maggio mei مايو أيار مه",
    "june jun junio junho juin giugno giu juni يونيو حزيران ژوئن",
    "july jul julio julho juillet juil luglio lug juli يوليو تموز ژوئیه",
    "august aug agosto ago août augustus أغسطس آب اوت",
    "september sep sept septiembre setembro set septembre settembre settembre سبتمبر أيلول سپتامبر",
    "october oct octubre outubro out octobre ottobre ott oktober okt أكتوبر تشرين_الأول اکتبر",
    "november nov noviembre novembro novembre novembre نوفمبر تشرين_الثاني نوامبر",
    "december dec diciembre dic dezembro dez décembre déc dicembre dezember dezember دیسمبر ديسمبر كانون_الأول دسامبر",
]
_MONTHS = {
    name.replace("_", " "): number
    for number, names in enumerate(_MONTH_NAMES, start=1)
    for name in names.split()
}
MONTH_NAMES = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
# "July 7, 2021": the date Twitter's English embed code writes (the year may be glued to the
# next word in text a scraper joined without spaces).
ENGLISH_DATE = re.compile(
    r"\b(?P<month>" + "|".join(sorted((m for m in _MONTHS if m.isascii()), key=len, reverse=True))
    + r")\.?\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})(?!\d)",
    re.I,
)
# "1 de octubre de 2021", "1. Oktober 2021", "7 juillet 2021", "٧ يوليو ٢٠٢١": other data-lang forms.
_DAY_FIRST_DATE = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<month>" + MONTH_NAMES + r")\.?\s+(?:de\s+)?(?P<year>\d{4})",
    re.I,
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Tweet ids since November 2010 are snowflakes: milliseconds since this epoch, shifted by 22.
_SNOWFLAKE_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE = 29700859247  # ids below this predate snowflakes and encode no time


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
    """ISO 8601 date of a signature date in any of the embed languages, or None.

    Example:
        >>> parse_date("July 7, 2021"), parse_date("1 de octubre de 2021"), parse_date("٧ يوليو ٢٠٢١")
        ('2021-07-07', '2021-10-01', '2021-07-07')
    """
    text = " ".join((text or "").translate(_DIGITS).split())
    match = ENGLISH_DATE.search(text) or _DAY_FIRST_DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group("year")), _MONTHS[match.group("month").lower()],
                    int(match.group("day"))).isoformat()
    except ValueError:  # "February 30"
        return None


def date_from_id(tweet_id: Optional[str]) -> Optional[str]:
    """The UTC posting date a snowflake tweet id encodes, or None for older ids.

    Example:
        >>> date_from_id("1412743195653169728")
        '2021-07-07'
    """
    if not tweet_id or int(tweet_id) < _FIRST_SNOWFLAKE:
        return None
    ms = (int(tweet_id) >> 22) + _SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).date().isoformat()


def date_check(tweet_id: Optional[str], signature_date: Optional[str]) -> Optional[dict]:
    """A note when the signature's date and the id's date are more than a day apart (time zones
    move a date by one at most); None when they agree or cannot be compared. Never "fixed"."""
    encoded = date_from_id(tweet_id)
    if not encoded or not signature_date:
        return None
    gap = abs((date.fromisoformat(encoded) - date.fromisoformat(signature_date)).days)
    if gap <= 1:
        return None
    return {"id_date": encoded, "signature_date": signature_date, "days_apart": gap}


def entities(text: str) -> tuple[tuple, tuple]:
    """The hashtags and @mentions in a tweet's text, in order, without duplicates."""
    hashtags = tuple(dict.fromkeys(m.group(1) for m in HASHTAG.finditer(text)))
    mentions = tuple(dict.fromkeys(m.group(1) for m in MENTION.finditer(text)))
    return hashtags, mentions


def encodable(value: Optional[str]) -> Optional[str]:
    r"""The text with lone surrogates (JSON allows "\ud800") made U+FFFD, so that parsers and
    writers can encode it; records that go out keep the original.

    Example:
        >>> encodable("a\ud800b")
        'a\ufffdb'
    """
    if value is None:
        return None
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def tidy(text: str) -> str:
    """Collapse runs of spaces inside lines and drop blank edges; keep line breaks and ZWNJ."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line).strip()
