"""Mastodon (and fediverse software that copies its embed): ``blockquote.mastodon-embed``, the
legacy ``iframe.mastodon-embed`` or an iframe on ``…/@user/ID/embed``, and the extractor-text
``Post by @user@host`` + ``View on Mastodon`` (platforms.md §6). Its host is anyone's, so a URL
of its path shape counts only beside its embed markup, never by a list of hosts: a bare link in
the prose is not taken."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from .common import PostRef, day, first_href, make_post, text_post, unescaped

NAME = "mastodon"
MARKERS = ("mastodon", "/embed")
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote", "iframe")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ()  # anyone's host: known by its markup, never by a link alone
URL = re.compile(
    r"https?://(?P<host>[A-Za-z0-9.-]+\.[a-z]{2,})/(?:@(?P<user>\w+)(?:@(?P<domain>[A-Za-z0-9.-]+))?"
    r"|users/(?P<user2>\w+)/statuses|web/statuses)/(?P<id>\d{6,20})(?:/embed)?(?=[/?#\"'\s]|$)"
)
_SIGNATURE = re.compile(
    r"\[?\s*Post by @(?P<user>[\w.]+)@(?P<host>[A-Za-z0-9.-]+\.[a-z]{2,})\s*View\s+on\s+Mastodon"
    r"\s*\]?(?:\((?P<url>[^)\s]+)\))?"
)


def ref(url: str) -> Optional[PostRef]:
    """Only for a URL met in Mastodon's embed markup (see the module's note)."""
    match = URL.match(url.removesuffix("/embed"))
    if match is None:
        return None
    user = match["user"] or match["user2"]
    domain = f"@{match['domain']}" if match["domain"] else ""
    canonical = (
        f"https://{match['host']}/@{user}{domain}/{match['id']}"
        if user
        else f"https://{match['host']}/web/statuses/{match['id']}"
    )
    handle = f"{user}@{match['domain'] or match['host']}" if user else None
    return PostRef(NAME, f"{match['host']}/{match['id']}", canonical, handle)


def id_date(post_id: str) -> Optional[str]:
    """A snowflake: milliseconds above 16 bits, for ids past 2**40 (older ones count up)."""
    number = int(post_id.rsplit("/", 1)[-1])
    return day(milliseconds=number >> 16) if number > 2**40 else None


def embed(element) -> Optional[Tweet]:
    names = (element.get("class") or "").split()
    if element.tag == "blockquote" and "mastodon-embed" in names:
        url, form = element.get("data-embed-url") or first_href(element), "mastodon-blockquote"
    elif element.tag == "iframe":
        url, form = unescaped(element.get("src")), "mastodon-iframe"
        if "mastodon-embed" not in names and not (url.endswith("/embed") and URL.match(url)):
            return None
    else:
        return None
    found = ref(url or "")
    return make_post(found, form, id_date(found.id) if found else None)


def in_text(text: str) -> list[Tweet]:
    found = []
    for match in _SIGNATURE.finditer(text):
        post = ref(match["url"]) if match["url"] else None
        found.append(
            text_post(
                post,
                NAME,
                (match.start(), match.end()),
                id_date(post.id) if post else None,
                author=Author(None, f"{match['user']}@{match['host']}"),
            )
        )
    return found
