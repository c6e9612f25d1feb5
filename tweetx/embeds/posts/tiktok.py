"""TikTok: ``blockquote.tiktok-embed`` (not a creator's profile embed), the player and embed
iframes, ``amp-tiktok``, links, and the extractor-text ``@user CAPTION #tag ♬ SOUND``
(platforms.md §7). An id holds Unix seconds above 32 bits; ids pass 2**53, so they stay strings."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from .common import (
    TAG,
    PostRef,
    all_words,
    copied,
    day,
    drop,
    first_href,
    make_post,
    plain,
    text_post,
    with_inline,
    words_of,
)

NAME = "tiktok"
MARKERS = ("tiktok",)
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote", "amp-tiktok")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("tiktok.com",)
_URLS = (
    re.compile(
        r"https?://(?:www\.|m\.)?tiktok\.com/@(?P<user>[\w.-]+)/(?:video|photo)/(?P<id>\d{15,20})"
    ),
    re.compile(r"https?://(?:www\.)?tiktok\.com/(?:player/v1|embed/v2|embed)/(?P<id>\d{15,20})"),
)
#: ``@user CAPTION #tag ♬ SOUND``: one line (trafilatura), a line each (BeautifulSoup's
#: ``get_text("\n")``) or markdown links (html2text); no blank line inside.
_SIGNATURE = re.compile(
    r"^[>\s]*\[?@(?P<user>[\w.-]+)\]?(?:\([^)\n]*\))?\s+"
    r"(?P<caption>(?:(?!\n\s*\n)[^♬]){1,800}?)\s*\[?♬",
    re.M,
)
#: Inside a line of prose (BeautifulSoup's get_text(" ")): from the nearest "@user" that starts
#: a word, at most a caption's length before the sound credit.
_INLINE_SIGNATURE = re.compile(r"(?<=\s)@(?P<user>[\w.-]+)\s+(?P<caption>[^♬\n]{1,300}?)\s*♬")


def ref(url: str) -> Optional[PostRef]:
    for pattern in _URLS:
        match = pattern.match(url)
        if match:
            user = match.groupdict().get("user")
            canonical = (
                f"https://www.tiktok.com/@{user}/video/{match['id']}"
                if user
                else f"https://www.tiktok.com/video/{match['id']}"
            )
            return PostRef(NAME, match["id"], canonical, user)
    return None


def id_date(post_id: str) -> Optional[str]:
    return day(seconds=int(post_id) >> 32)


def embed(element) -> Optional[Tweet]:
    if element.tag == "amp-tiktok":
        value = (element.get("data-src") or "").strip()
        found = ref(value if "://" in value else f"https://www.tiktok.com/embed/{value}")
        return make_post(found, "tiktok-amp", id_date(found.id) if found else None)
    names = (element.get("class") or "").split()
    if element.tag != "blockquote" or "tiktok-embed" not in names:
        return None
    if element.get("data-embed-type") == "creator":  # a profile, not a video
        return None
    section = copied(next(element.iter("section"), element))
    handle = None
    for link in list(section.iter("a")):
        words = all_words(link).strip()
        if words.startswith("♬") or "/music/" in (link.get("href") or ""):
            drop(link)  # the sound credit is not the caption
        elif words.startswith("@") and handle is None:
            handle = words[1:]
            drop(link)
    text = words_of(section) or None
    found = ref(element.get("cite") or first_href(element) or "")
    return make_post(
        found,
        "tiktok-blockquote",
        id_date(found.id) if found else None,
        text=text,
        author=Author(None, handle),
        hashtags=tuple(TAG.findall(text or "")),
        media=({"kind": "video", "id": element.get("data-video-id")},),
    )


def in_text(text: str) -> list[Tweet]:
    if "♬" not in text:
        return []
    found = []
    for match in with_inline(text, _SIGNATURE, _INLINE_SIGNATURE):
        caption = " ".join(plain(match["caption"]).lstrip("> ").split())
        found.append(
            text_post(
                None,
                NAME,
                (match.start(), match.end()),
                None,
                text=caption,
                author=Author(None, match["user"]),
                hashtags=tuple(TAG.findall(caption)),
            )
        )
    return found
