"""Telegram: any element with ``data-telegram-post`` (the widget script, or a publisher's
div), the rendered iframe (``t.me/CHANNEL/ID?embed=1``) and links (platforms.md §5). An id is
the channel's sequence number: no date; private chats and invitations are not posts."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Tweet
from .common import PostRef, make_post

NAME = "telegram"
MARKERS = ("telegram", "t.me/")
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("script", "div")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("t.me", "telegram.me", "telegram.dog")
_URL = re.compile(
    r"https?://(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?"
    r"(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d+)"
)
_NOT_CHANNELS = {"joinchat", "addstickers", "c", "share", "iv"}


def ref(url: str) -> Optional[PostRef]:
    match = _URL.match(url)
    if match is None or match["channel"].lower() in _NOT_CHANNELS:
        return None
    channel, number = match["channel"], match["id"]
    return PostRef(NAME, f"{channel}/{number}", f"https://t.me/{channel}/{number}", channel)


def embed(element) -> Optional[Tweet]:
    post = element.get("data-telegram-post")
    if not post:
        return None
    return make_post(ref(f"https://t.me/{post}"), "telegram-script", None)
