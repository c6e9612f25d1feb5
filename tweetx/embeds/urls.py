"""Twitter/X URL shapes and entity patterns shared by the HTML and text finders."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional, overload

# twitter.com, x.com, mobile./www. hosts; /statuses/ID; /i/web/status/ID; the old #!/ form; a
# handle's underscores escaped by Markdown writers (html2text: ``Name\_x/status/…``).
STATUS_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:#!/)?"
    r"(?:i/web|(?P<handle>[A-Za-z0-9_\\]{1,30}))/status(?:es)?/(?P<id>\d{1,20})",
    re.I,
)
MEDIA = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/[A-Za-z0-9]+", re.I)
TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]+", re.I)
# Searched for in every text: a pattern that opens with one character class is scanned for it;
# one under re.I, or opening with an optional group, is tried at every position (5-10× slower).
# A URL ends before the punctuation of the sentence around it (". , ; : ! ? ) ] } » ” ’" and
# Arabic-script "، ؛ ؟"), and keeps parentheses it opens itself (…/wiki/Kabul_(city)).
_URL_CHAR = r"[^\s<>\"'()\u200f\u200e]"
_URL_LAST = r"[^\s<>\"'()\u200f\u200e.,;:!?\]}»”’،؛؟]"
_URL_PARENS = r"\([^\s<>\"'()\u200f\u200e]*\)"
URL = re.compile(rf"[hH](?i:ttps?)://(?:{_URL_CHAR}|{_URL_PARENS})*(?:{_URL_LAST}|{_URL_PARENS})")
_BARE_MEDIA = re.compile(r"[pP](?i:ic\.(?:twitter|x)\.com/)[A-Za-z0-9]+")
_PIC = re.compile(r"[pP](?i:ic\.)")
# \w does not cover the zero-width non-joiner that Persian words carry inside hashtags.
# The marks come first and the look back after them: a pattern that starts with a look-behind is
# tried at every position of the text, one that starts with "#" only where there is one.
HASHTAG = re.compile(r"[#＃](?<![\w&][#＃])([\w\u200c]+)")
MENTION = re.compile(r"@(?<![\w@.]@)([A-Za-z0-9_]{1,15})\b")
# X's longest post (a tweet is 280 characters; subscribers' long posts up to 25,000).
MAX_TWEET_CHARS = 25_000


class StatusLink(NamedTuple):
    id: str
    handle: Optional[str]
    url: str


def parse_status_url(href: str) -> Optional[StatusLink]:
    r"""The tweet id, handle and canonical URL in a status link, or None.

    Example:
        >>> parse_status_url("https://x.com/TariqArian3/status/1412760813524004867?ref_src=twsrc")
        StatusLink(id='1412760813524004867', handle='TariqArian3', url='https://twitter.com/TariqArian3/status/1412760813524004867')
        >>> parse_status_url(r"https://twitter.com/Tariq\_Arian/status/20").handle
        'Tariq_Arian'
    """
    # An embed's links are read by several of its readers: short ones are remembered (a long
    # one, such as a data: address, would make the cache hold megabytes).
    return _status_link(href) if href and len(href) <= 300 else _status_link.__wrapped__(href)


@functools.lru_cache(maxsize=4096)
def _status_link(href: Optional[str]) -> Optional[StatusLink]:
    match = STATUS_URL.search(href or "")
    if not match:
        return None
    handle = match.group("handle")
    if handle and (len(handle) > 15 or "\\" in handle):
        handle = handle.replace("\\_", "_")
        if len(handle) > 15 or "\\" in handle:
            return None
    url = f"https://twitter.com/{handle or 'i/web'}/status/{match.group('id')}"
    return StatusLink(match.group("id"), handle, url)


def entities(text: str) -> tuple[tuple, tuple]:
    """The hashtags and @mentions in a tweet's text, in order, without duplicates."""
    hashtags = tuple(dict.fromkeys(HASHTAG.findall(text))) if "#" in text or "＃" in text else ()
    mentions = tuple(dict.fromkeys(MENTION.findall(text))) if "@" in text else ()
    return hashtags, mentions


def has_links(text: str) -> bool:
    """Whether the text may hold a link or a media link (``://`` or ``pic.``)."""
    return "://" in text or (("c." in text or "C." in text) and _PIC.search(text) is not None)


def take_links(text: str, blank: bool = False) -> tuple[str, list[str], list[str]]:
    """The text without its links, its media links (``pic.twitter.com/…``, with or without a
    scheme) and its other links, each list in order. A link becomes one space, or with
    ``blank`` as many spaces as it had characters, so that offsets into the text hold.

    Example:
        >>> take_links("Rain https://t.co/Ab pic.twitter.com/Cd")
        ('Rain    ', ['pic.twitter.com/Cd'], ['https://t.co/Ab'])
    """
    spans = link_spans(text) if has_links(text) else ()
    if not spans:
        return text, [], []
    parts: list[str] = []
    media_links: list[str] = []
    links: list[str] = []
    last = 0
    for start, end, is_media in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start) if blank else " ")
        (media_links if is_media else links).append(text[start:end])
        last = end
    parts.append(text[last:])
    return "".join(parts), media_links, links


def link_spans(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, is media) of the text's links and media links, in order."""
    scheme = text.find("://")
    spans = []
    for link in URL.finditer(text, max(scheme - 5, 0)) if scheme >= 0 else ():
        media = MEDIA.match(text, link.start(), link.end())
        spans.append((link.start(), media.end() if media else link.end(), media is not None))
    pic = _PIC.search(text)
    if pic is None:
        return tuple(spans)
    links = len(spans)
    taken = iter(spans[:links])  # the links; bare media links inside them are theirs
    span = next(taken, None)
    for media in _BARE_MEDIA.finditer(text, pic.start()):
        while span and span[1] <= media.start():
            span = next(taken, None)
        if not span or media.end() <= span[0]:  # not inside a link
            spans.append((media.start(), media.end(), True))
    return tuple(sorted(spans) if links and len(spans) > links else spans)


@overload
def encodable(value: str) -> str: ...
@overload
def encodable(value: None) -> None: ...
@overload
def encodable(value: Optional[str]) -> Optional[str]: ...
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
    lines = text.splitlines()
    if len(lines) == 1:
        return " ".join(lines[0].split())
    return "\n".join(filter(None, [" ".join(line.split()) for line in lines]))


def cap(text: str) -> tuple[str, bool]:
    """The text cut to X's longest post, and whether it was cut (the end is kept: it is nearest
    the signature, so the words most surely the tweet's).

    Example:
        >>> cap("abc")
        ('abc', False)
    """
    if len(text) <= MAX_TWEET_CHARS:
        return text, False
    return text[-MAX_TWEET_CHARS:].lstrip(), True
