"""YouTube: embed iframes (``youtube-nocookie`` too; the ``title`` is the video's only words),
``amp-youtube``, ``lite-youtube`` and links (platforms.md §8). Its ids hold no date."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Tweet
from .common import PostRef, make_post, unescaped

NAME = "youtube"
MARKERS = ("youtu",)
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("iframe", "amp-youtube", "lite-youtube")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com")
_URL = re.compile(
    r"https?://(?:www\.|m\.|music\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#\s]*&)?v=|"
    r"(?:embed|v|shorts|live)/)|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])"
)


def ref(url: str) -> Optional[PostRef]:
    match = _URL.match(url)
    if match is None:
        return None
    return PostRef(NAME, match["id"], f"https://www.youtube.com/watch?v={match['id']}")


def embed(element) -> Optional[Tweet]:
    tag = element.tag
    if tag == "amp-youtube" and element.get("data-videoid"):
        video = element.get("data-videoid")
        form = "youtube-amp"
    elif tag == "lite-youtube" and element.get("videoid"):
        video = element.get("videoid")
        form = "youtube-lite"
    elif tag == "iframe":
        found = ref(unescaped(element.get("src") or element.get("data-src")))
        if found is None:
            return None
        return make_post(
            found,
            "youtube-iframe",
            None,
            title=(element.get("title") or "").strip() or None,
            media=({"kind": "video", "id": found.id},),
        )
    else:
        return None
    found = ref(f"https://www.youtube.com/watch?v={video}")
    return make_post(found, form, None, media=({"kind": "video", "id": video},))
