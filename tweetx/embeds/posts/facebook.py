"""Facebook: ``div.fb-post`` / ``fb-video`` (with or without its blockquote), ``fb:post``, the
plugin iframes (the post's URL in ``href``), ``amp-facebook`` (not the page, like or comments
widgets), links, and the extractor-text ``Posted by NAME on WEEKDAY, DATE`` with its Spanish,
French, German, Arabic and Turkish forms (platforms.md §4). Its ids hold no date."""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from ...model import Author, Tweet
from ..dates import DATE, parse_date
from .common import (
    TAG,
    PostRef,
    all_words,
    make_post,
    strip_tracking,
    text_post,
    with_inline,
    words_before,
    words_before_on_the_line,
    words_of,
)

NAME = "facebook"
MARKERS = ("facebook",)  # every form carries a facebook.com address
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("div", "amp-facebook", "fb:post", "fb_post", "fb:video", "fb_video")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("facebook.com",)
_HOST = r"https?://(?:www\.|m\.|web\.|business\.|mbasic\.)?facebook\.com"
_URLS = (
    re.compile(_HOST + r"/(?P<page>[\w.-]+)/(?:posts|activity)/(?P<id>\d{6,}|pfbid\w+)"),
    re.compile(_HOST + r"/(?P<page>[\w.-]+)/videos/(?:[\w.-]+/)?(?P<id>\d{6,})"),
    re.compile(_HOST + r"/(?P<page>[\w.-]+)/photos/(?:[\w.-]+/)*(?P<id>\d{10,})"),
    re.compile(_HOST + r"/groups/(?P<page>[\w.-]+)/posts/(?P<id>\d{6,})"),
    re.compile(_HOST + r"/(?:permalink|story)\.php\?(?:[^#\s]*&)?story_fbid=(?P<id>\w+)"),
    re.compile(_HOST + r"/(?:watch/?|video\.php)\?(?:[^#\s]*&)?(?:v|id)=(?P<id>\d+)"),
    re.compile(_HOST + r"/reel/(?P<id>\d+)"),
    re.compile(_HOST + r"/photo(?:\.php)?/?\?(?:[^#\s]*&)?fbid=(?P<id>\d+)"),
)
#: "Posted by NAME on DATE" in the languages real copies show it in (Facebook's server writes
#: it in the language of whoever asked for the embed code): English, Spanish, French, German
#: and Arabic; Turkish puts the name first (platforms.md §4; the French, German and Arabic
#: copies in docs/embeds.md). Bidirectional marks may stand around an Arabic name.
_BY = r"(?:Posted by|Publicado por|Publié par|Gepostet von|تم نشره بواسطة)"
_ON = r"(?:on|en|sur|am|في)"
_LEADING_ON = re.compile(r"^[\s\u00a0\u200e\u200f]*" + _ON + r"(?=[\s\u00a0])")
_SIGNATURE = re.compile(
    r"^[>\s]*"
    + _BY
    + r"[\s\u200e\u200f]+\[?(?P<name>[^\n\]]+?)\]?(?:\([^)\s]*\))?[\s\u200e\u200f]+"
    + _ON
    + r"(?:\s|\u00a0)+\[?(?P<date>[^\n\]]+?)\]?\(?(?P<url>https?://[^\s)\]]+)?\)?\s*$"
    r"|^[>\s]*(?P<name_tr>[^\n:]+?)\s+paylaştı:\s*(?P<date_tr>[^\n]+?)\s*$",
    re.M,
)
#: Inside a line of prose (BeautifulSoup's get_text(" ")): a weekday and a date end it.
_INLINE_SIGNATURE = re.compile(
    r"(?<=\s)" + _BY + r"[\s\u200e\u200f]+(?P<name>[^\n]{1,80}?)[\s\u200e\u200f]+" + _ON + r"\s+"
    r"(?P<date>[^\W\d_]+,?\s+(?:" + DATE.pattern + "))",
    re.I,
)
#: The most of a post's words read back from its signature inside a line of prose.
LONGEST = 1000
#: Facebook writes the weekday ("Thursday, September 7, 2023"); a blog's byline "Posted by
#: admin on March 3, 2021" has none, and is not a post, unless its date links to a post (the
#: Arabic signature has no weekday: "27 أغسطس، 2015").
_WEEKDAY = re.compile(
    r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|pazartesi|salı|çarşamba|perşembe|cuma|"
    r"cumartesi|pazar|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag)\b"
)


def ref(url: str) -> Optional[PostRef]:
    if "facebook.com/plugins/" in url:  # the iframe's post is its href
        url = (parse_qs(urlsplit(url).query).get("href") or [""])[0]
    for pattern in _URLS:
        match = pattern.match(url)
        if match:
            return PostRef(NAME, match["id"], strip_tracking(url), match.groupdict().get("page"))
    return None


def embed(element) -> Optional[Tweet]:
    tag = element.tag
    names = (element.get("class") or "").split()
    if tag == "amp-facebook":  # not amp-facebook-page, -like or -comments: other tags
        return make_post(ref(element.get("data-href") or ""), "facebook-amp", None)
    if tag in ("fb:post", "fb_post", "fb:video", "fb_video"):
        return make_post(ref(element.get("href") or ""), "facebook-xfbml", None)
    if tag != "div" or not {"fb-post", "fb-video"} & set(names) or not element.get("data-href"):
        return None
    quote = next(element.iter("blockquote"), None)
    text = name = profile = date_text = None
    if quote is not None:
        paragraph = next(quote.iter("p"), None)
        text = words_of(paragraph) if paragraph is not None else None
        inside = set(paragraph.iter("a")) if paragraph is not None else set()
        links = [a for a in quote.iter("a") if a not in inside]
        # A video's fallback opens with its title, linked to the video, and may leave its
        # date unlinked after the name ("… am Mittwoch, 23. Januar 2019").
        people = [a for a in links if ref(a.get("href") or "") is None]
        if people:
            name = _bare(all_words(people[0])) or None
            profile = strip_tracking(people[0].get("href") or "")
        dated = [a for a in links if a not in people]
        if dated and dated[-1] is links[-1]:
            date_text = _bare(all_words(dated[-1]))
        elif people and people[-1].tail:
            date_text = _bare(_LEADING_ON.sub("", people[-1].tail)) or None
    return make_post(
        ref(element.get("data-href") or ""),
        "facebook-blockquote" if quote is not None else "facebook-stub",
        None,
        text=text,
        author=Author(name, None, profile),
        date=parse_date(date_text or ""),
        date_text=date_text,
        truncated=bool(text and text.rstrip().endswith(("...", "…"))),
        hashtags=tuple(TAG.findall(text or "")),
    )


def _bare(words: str) -> str:
    """Words without the spaces and the bidirectional marks (an Arabic copy has them) around."""
    return words.strip().strip("\u200e\u200f").strip()


def in_text(text: str) -> list[Tweet]:
    found = []
    for match in with_inline(text, _SIGNATURE, _INLINE_SIGNATURE):
        inline = match.re is _INLINE_SIGNATURE
        groups = match.groupdict()
        date_text = (groups["date"] or groups.get("date_tr") or "").strip()
        linked = ref(groups["url"]) if groups.get("url") else None
        if not _WEEKDAY.search(date_text) and linked is None:
            continue
        if inline:
            words, start = words_before_on_the_line(text, match.start(), LONGEST)
        else:
            words, start = words_before(text, match.start())
        name = _bare(groups["name"] or groups.get("name_tr") or "")
        found.append(
            text_post(
                linked,
                NAME,
                (start, match.end()),
                None,
                text=words,
                author=Author(name or None),
                date=parse_date(date_text),
                date_text=date_text or None,
                truncated=bool(words and words.endswith(("...", "…"))),
            )
        )
    return found
