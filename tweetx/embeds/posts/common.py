"""What every platform's module shares: a post's reference from its URL, tracking parameters
removed, a post made from a reference and what a form read, a date from a time offset, and the
words of elements and of text before a signature."""

from __future__ import annotations

import copy
import html as html_module
import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...model import Author, Tweet
from ..dates import dates_apart


class PostRef(NamedTuple):
    """What a post's URL says: its platform, id (a string), canonical URL and author handle."""

    platform: str
    id: str
    url: str
    handle: Optional[str] = None


#: Query parameters that only say where a link was shared from.
_TRACKING = re.compile(r"(?i)^(?:utm_\w+|ref_src|ref_url|refer|igshid|igsh|ref|fbclid|si)$")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TAG = re.compile(r"#(\w+)")
HANDLE = re.compile(r"@([\w.-]+(?:@[\w.-]+)?)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Lines of an embed's chrome, never a post's words: Bluesky's "[image or embed]",
#: Instagram's "View this post on Instagram" (and the Arabic of it a real copy shows).
_NOT_WORDS = re.compile(
    r"^\s*\[?(?:\[?image\s+or\s+embed\]?|\s*(?:View this post on|عرض هذا المنشور على)"
    r" Instagram\s*)\]?"
    r"(?:\([^)]*\))?\s*$",
    re.I,
)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
#: html2text wraps a quote's lines at 78 columns: a break inside a quoted paragraph.
_QUOTE_BREAK = re.compile(r"(?<=[^\s>])[ \t]*\n>[ \t]*(?=[^\s>])")


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (``?ref_src=embed``, ``utm_*``…) or a fragment.

    Example:
        >>> strip_tracking("https://www.instagram.com/p/B_fawQoFahE/?utm_source=ig_embed&x=1")
        'https://www.instagram.com/p/B_fawQoFahE/?x=1'
    """
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def day(**offset: int) -> Optional[str]:
    """The UTC date this far after 1970 (``milliseconds=…``), if it is a plausible post's."""
    moment = _EPOCH + timedelta(**offset)
    return moment.date().isoformat() if 2005 <= moment.year <= 2100 else None


def make_post(
    ref: Optional[PostRef], form: str, id_date: Optional[str], **fields
) -> Optional[Tweet]:
    """A post from its reference and what its form read (``author``, ``text``, ``date``…),
    with the same date check as tweets: a note when the id's date and the page's are more
    than a day apart."""
    if ref is None:
        return None
    author = fields.pop("author", None) or Author(None, ref.handle)
    if author.handle is None and ref.handle:
        author = Author(author.name, ref.handle, author.url)
    check = dates_apart(id_date, fields.get("date"))
    return Tweet(
        form=form,
        text=fields.pop("text", None),
        id=ref.id,
        url=ref.url,
        author=author,
        platform=ref.platform,
        id_date=id_date,
        date_check=check,
        **fields,
    )


def unescaped(url: Optional[str]) -> str:
    return html_module.unescape(url or "").strip()


def all_words(element) -> str:
    """All the words inside an element (lxml's etree elements have no ``text_content``)."""
    return "".join(element.itertext())


def first_href(element) -> Optional[str]:
    return next((a.get("href") for a in element.iter("a") if a.get("href")), None)


def drop(element) -> None:
    """Remove an element but keep the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def copied(element):
    return copy.deepcopy(element)


def words_of(element) -> str:
    """An element's words with line breaks kept (``<br>`` as one) and spaces made single."""
    kept = copy.deepcopy(element)
    for br in list(kept.iter("br")):
        br.tail = "\n" + (br.tail or "")
    lines = "".join(kept.itertext()).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def unwrapped(text: str) -> str:
    """The text with html2text's line breaks inside quoted paragraphs made spaces, of the same
    length (offsets into it are offsets into the text)."""
    if "\n>" not in text:
        return text
    return _QUOTE_BREAK.sub(lambda m: " " * len(m.group(0)), text)


def plain(words: str) -> str:
    """Markdown links as their words (``[#کابل](https://…)`` → ``#کابل``), spaces single."""
    lines = _MARKDOWN_LINK.sub(r"\1", words).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def with_inline(text: str, signature: re.Pattern, inline: re.Pattern) -> list[re.Match]:
    """``signature``'s matches (a signature on lines of its own), then ``inline``'s that none of
    them covers: the same signature inside a line of prose, as BeautifulSoup's
    ``get_text(" ")`` leaves a page. Tell them apart by ``match.re``."""
    anchored = list(signature.finditer(text))
    spans = [(m.start(), m.end()) for m in anchored]
    return anchored + [
        m for m in inline.finditer(text) if not any(a <= m.start() < b for a, b in spans)
    ]


def words_before_on_the_line(text: str, start: int, longest: int) -> tuple[Optional[str], int]:
    """The words before a signature inside a line of prose (BeautifulSoup's ``get_text(" ")``
    puts a page on one line): at most the platform's ``longest`` post, cut at a word, so that
    all of the post is there and as little of the prose before it as its length allows."""
    line_start = text.rfind("\n", 0, start) + 1
    begin = max(line_start, start - longest)
    if begin > line_start:  # cut inside the prose: start at the next word
        space = text.find(" ", begin, start)
        begin = space + 1 if space >= 0 else begin
    return words_before(text[:start], start, begin)


def words_before(text: str, start: int, line_start: int = 0) -> tuple[Optional[str], int]:
    """The paragraph of scraped text before a signature, without ``[image or embed]`` or quote
    marks, and where it starts; (None, start) when there is none. ``line_start``: where the
    text that may be the post's begins."""
    head = text[line_start:start].rstrip()
    # Text whose paragraphs are single lines (trafilatura's, get_text("\n")'s) gives one line;
    # text with blank lines between paragraphs (html2text's) the lines up to the blank one.
    one_line = "\n\n" not in text and "\n>" not in text
    kept: list[str] = []
    for line in reversed(head.split("\n")):
        bare = line.strip().lstrip(">").strip()
        if _NOT_WORDS.match(bare) or not bare:
            if kept:
                break
            continue
        kept.insert(0, bare)
        if one_line:
            break
    if not kept:
        return None, start
    where = head.rfind(kept[0])
    return plain("\n".join(kept)) or None, line_start + where if where >= 0 else start


def text_post(
    ref: Optional[PostRef], platform: str, span: tuple, id_date: Optional[str], **fields
) -> Tweet:
    """A post found by its signature in scraped text (form ``PLATFORM-text-signature``)."""
    return Tweet(
        form=f"{platform}-text-signature",
        text=fields.pop("text", None),
        id=ref.id if ref else None,
        url=ref.url if ref else None,
        author=fields.pop("author", Author()),
        platform=platform,
        span=span,
        id_date=id_date,
        **fields,
    )
