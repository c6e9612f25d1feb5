"""Threads: ``blockquote.text-post-media`` (an id and a handle only), links, and the
extractor-text ``Post by @user`` + ``View on Threads`` (platforms.md §2). Its shortcodes are
said to encode a date as Instagram's do; unconfirmed, so not decoded."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from .common import PostRef, make_post, strip_tracking, text_post

NAME = "threads"
MARKERS = ("threads.",)
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote",)
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("threads.net", "threads.com")
_URL = re.compile(
    r"https?://(?:www\.)?threads\.(?:net|com)/(?:@(?P<user>[\w.]+)/post|t)/(?P<code>[\w-]+)"
)


def ref(url: str) -> Optional[PostRef]:
    match = _URL.match(url)
    if match is None:
        return None
    return PostRef(NAME, match["code"], strip_tracking(match.group(0)), match["user"])


def embed(element) -> Optional[Tweet]:
    if element.tag != "blockquote" or "text-post-media" not in (element.get("class") or ""):
        return None
    found = ref(element.get("data-text-post-permalink") or "")
    return make_post(found, "threads-blockquote", None)


_SIGNATURE = re.compile(
    r"\[?\s*Post by @(?P<user>[\w.]+)\s*View\s+on\s+Threads\s*\]?(?:\((?P<url>[^)\s]+)\))?"
)


def in_text(text: str) -> list[Tweet]:
    """``Post by @user`` + ``View on Threads`` (trafilatura glues them)."""
    return [
        text_post(
            ref(match["url"]) if match["url"] else None,
            NAME,
            (match.start(), match.end()),
            None,
            author=Author(None, match["user"]),
        )
        for match in _SIGNATURE.finditer(text)
    ]
