"""LinkedIn: ``embed/feed/update/urn:li:KIND:ID`` iframes and links (platforms.md §9): an id
only; it holds milliseconds above 22 bits. The same post has share, ugcPost and activity ids:
they are told apart, not joined."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Tweet
from .common import PostRef, day, make_post, unescaped

NAME = "linkedin"
MARKERS = ("linkedin",)
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("iframe",)
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("linkedin.com",)
_URLS = (
    re.compile(
        r"https?://(?:www\.)?linkedin\.com/(?:embed/)?feed/update/urn:li:"
        r"(?P<kind>share|ugcPost|activity):(?P<id>\d{19})"
    ),
    re.compile(
        r"https?://(?:www\.)?linkedin\.com/posts/[^/?#\s]*?-(?P<kind>activity|share|ugcPost)-"
        r"(?P<id>\d{19})-[A-Za-z0-9_-]{4}"
    ),
)


def ref(url: str) -> Optional[PostRef]:
    for pattern in _URLS:
        match = pattern.match(url)
        if match:
            urn = f"urn:li:{match['kind']}:{match['id']}"
            return PostRef(
                NAME,
                f"{match['kind']}:{match['id']}",
                f"https://www.linkedin.com/feed/update/{urn}/",
            )
    return None


def id_date(post_id: str) -> Optional[str]:
    return day(milliseconds=int(post_id.rsplit(":", 1)[-1]) >> 22)


def embed(element) -> Optional[Tweet]:
    if element.tag != "iframe":
        return None
    found = ref(unescaped(element.get("src")))
    return make_post(found, "linkedin-iframe", id_date(found.id) if found else None)
