"""Instagram: ``blockquote.instagram-media`` (v14: name and handle; v12 and older: the caption
and date too), the rendered iframe, ``amp-instagram``, links, and the extractor-text ``A post
shared by NAME (@handle)`` with its German and Spanish forms (platforms.md §3)."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from ..dates import DATE, parse_date
from .common import (
    HANDLE,
    TAG,
    PostRef,
    all_words,
    day,
    make_post,
    text_post,
    with_inline,
    words_before,
    words_before_on_the_line,
    words_of,
)

NAME = "instagram"
MARKERS = ("instagr",)
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote", "amp-instagram")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("instagram.com", "instagr.am")
_URL = re.compile(
    r"https?://(?:www\.)?instagr(?:am\.com|\.am)/(?:[A-Za-z0-9_.]+/)?(?P<kind>p|reels?|tv)/"
    r"(?P<code>[A-Za-z0-9_-]+)"
)
_EPOCH_MS = 1314220021721  # Instagram's own epoch, 2011-08-24 (obsidianforensics/unfurl)
_BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: "A post shared by NAME (@handle) [on DATE]" in the languages real copies show it in:
#: English, German ("Ein Beitrag geteilt von … am"), Spanish ("Una publicación compartida
#: por/de … el"); docs/embeds.md. Each: the words for "a post", for "shared by" (a pattern), and
#: a plain substring of those that a text is searched for first.
_SHARED_FORMS = (
    ("A post", "shared by", "shared by"),
    ("Ein Beitrag", "geteilt von", "geteilt von"),
    ("Una publicación", "compartida (?:por|de)", "compartida"),
)
_SHARED_BY = "(?:" + "|".join(by for _, by, _ in _SHARED_FORMS) + ")"
_POST_SHARED_BY = "(?:" + "|".join(f"{post} {by}" for post, by, _ in _SHARED_FORMS) + ")"
_DATE_ON = r"(?:on|am|el)"
_SHARED = re.compile(_SHARED_BY + r"\s*(.*?)\s*\(@([\w.]+)\)(?:\s*" + _DATE_ON + r"\s*(.+))?")
_SIGNATURE = re.compile(
    r"^[>\s]*\[?\s*" + _POST_SHARED_BY + r"\s+\[?\s*(?P<name>[^\n(\]]*?)\s*\]?(?:\([^)\s]*\))?\s*"
    r"\(@(?P<handle>[\w.]+)\)\]?(?:\((?P<url>[^)\s]+)\))?(?:[ \t]+"
    + _DATE_ON
    + r"\b[ \t]*(?P<date>[^\n]*)"
    r"(?:\n(?P<next>[^\n]*))?)?[ \t]*$",
    re.M,
)


#: Inside a line of prose (BeautifulSoup's get_text(" ")): the handle ends it, or the date
#: and time after "on" ("Apr 27, 2020 at 9:24am PDT").
_INLINE_SIGNATURE = re.compile(
    r"(?<=\s)" + _POST_SHARED_BY + r"\s+(?P<name>[^\n(]{0,80}?)\s*\(@(?P<handle>[\w.]+)\)"
    r"(?:\s+"
    + _DATE_ON
    + r"\s+(?P<date>(?:"
    + DATE.pattern
    + r")(?:\s+at\s+\d{1,2}:\d\d\s*[ap]\.?m\.?"
    r"(?:\s+[A-Z]{2,4}\b)?)?))?",
    re.I,
)
#: Instagram's longest caption, in characters.
LONGEST = 2200


def ref(url: str) -> Optional[PostRef]:
    match = _URL.match(url)
    if match is None:
        return None
    return PostRef(
        NAME, match["code"], f"https://www.instagram.com/{match['kind']}/{match['code']}/"
    )


def id_date(post_id: str) -> Optional[str]:
    """The shortcode's media id holds milliseconds since Instagram's epoch above 23 bits."""
    value = 0
    for char in post_id[:11]:  # longer codes carry a second part after the media id
        if char not in _BASE64URL:
            return None
        value = value * 64 + _BASE64URL.index(char)
    return day(milliseconds=(value >> 23) + _EPOCH_MS)


def embed(element) -> Optional[Tweet]:
    if element.tag == "amp-instagram":
        code = (element.get("data-shortcode") or element.get("shortcode") or "").strip()
        found = ref(f"https://www.instagram.com/p/{code}/") if code else None
        return make_post(found, "instagram-amp", id_date(found.id) if found else None)
    if element.tag != "blockquote" or "instagram-media" not in (element.get("class") or ""):
        return None
    found = ref(element.get("data-instgrm-permalink") or "")
    paragraphs = list(element.iter("p"))
    shared = next((p for p in paragraphs if _SHARED.search(all_words(p))), None)
    caption = next((p for p in paragraphs if p is not shared and all_words(p).strip()), None)
    text = words_of(caption) if caption is not None else None
    name = handle = date_text = date = None
    if shared is not None:
        match = _SHARED.search(" ".join(all_words(shared).split()))
        if match:
            name, handle, date_text = match.group(1) or None, match.group(2), match.group(3)
        stamp = next(shared.iter("time"), None)
        if stamp is not None and stamp.get("datetime"):
            date_text = date_text or all_words(stamp).strip()
            date = stamp.get("datetime")[:10]
        else:
            date = parse_date(date_text or "")
    return make_post(
        found,
        "instagram-blockquote",
        id_date(found.id) if found else None,
        text=text,
        author=Author(name, handle),
        date=date,
        date_text=date_text,
        hashtags=tuple(TAG.findall(text or "")),
        mentions=tuple(HANDLE.findall(text or "")),
    )


def in_text(text: str) -> list[Tweet]:
    if not any(word in text for _, _, word in _SHARED_FORMS):
        return []
    found = []
    for match in with_inline(text, _SIGNATURE, _INLINE_SIGNATURE):
        inline = match.re is _INLINE_SIGNATURE
        groups = match.groupdict()
        # "on DATE" on its line, or "on" and the date on the next (get_text("\n")); trafilatura
        # drops the date and leaves "on": the next line is then prose, not a date.
        date_text = (groups["date"] or "").strip() or (groups.get("next") or "").strip() or None
        if date_text and not parse_date(date_text):
            date_text = None
        # The caption stands before a dated signature. Without the date (trafilatura drops
        # it, and sometimes the caption too) the line before may be the article's prose.
        if not date_text:
            words, start = None, match.start()
        elif inline:
            words, start = words_before_on_the_line(text, match.start(), LONGEST)
        else:
            words, start = words_before(text, match.start())
        post = ref(groups["url"]) if groups.get("url") else None
        found.append(
            text_post(
                post,
                NAME,
                (start, match.end()),
                id_date(post.id) if post else None,
                text=words,
                author=Author(" ".join(match["name"].split()) or None, match["handle"]),
                date=parse_date(date_text or ""),
                date_text=date_text,
                hashtags=tuple(TAG.findall(words or "")),
            )
        )
    return found
