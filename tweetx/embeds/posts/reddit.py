"""Reddit: ``blockquote.reddit-embed-bq`` and the older ``reddit-card`` (a title, the user),
embed iframes, ``amp-reddit``, links, and the extractor-text ``TITLE`` + ``by u/USER in SUB``
(platforms.md §10). Its ids are base 36 and hold no date."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from .common import (
    PostRef,
    all_words,
    make_post,
    text_post,
    unescaped,
    with_inline,
    words_before_on_the_line,
)

NAME = "reddit"
MARKERS = ("redd",)  # reddit, redd.it
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote", "amp-reddit")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("reddit.com", "redd.it")
_URLS = (
    re.compile(
        r"https?://(?:www\.|old\.|new\.)?reddit\.com/r/(?P<sub>\w+)/comments/"
        r"(?P<id>[a-z0-9]{5,9})(?:/[^/?#\s]*)?(?:/(?:comment/)?(?P<cid>[a-z0-9]{5,9}))?"
    ),
    re.compile(
        r"https?://(?:embed\.reddit\.com|www\.redditmedia\.com)/r/(?P<sub>\w+)/comments/"
        r"(?P<id>[a-z0-9]{5,9})"
    ),
)
_SIGNATURE = re.compile(
    r"^[>\s]*\[?(?P<title>[^\n\]>]+?)\]?(?:\((?P<url>[^)\s]+)\)\s*|[ \t]*(?:\n|>)[>\s]*)by\s*\[?"
    r"u/(?P<user>[\w-]+)\]?(?:\([^)\s]*\))?\s*in\s*\[?(?P<sub>\w+)\]?(?:\([^)\s]*\))?\s*$",
    re.M,
)


def ref(url: str) -> Optional[PostRef]:
    for pattern in _URLS:
        match = pattern.match(url)
        if match:
            cid = match.groupdict().get("cid")
            canonical = f"https://www.reddit.com/r/{match['sub']}/comments/{match['id']}/"
            return PostRef(
                NAME,
                match["id"] + (f"/{cid}" if cid else ""),
                canonical + (f"comment/{cid}/" if cid else ""),
            )
    return None


def embed(element) -> Optional[Tweet]:
    if element.tag == "amp-reddit":
        return make_post(ref(unescaped(element.get("data-src"))), "reddit-amp", None)
    names = set((element.get("class") or "").split())
    if element.tag != "blockquote" or not {"reddit-embed-bq", "reddit-card"} & names:
        return None
    links = list(element.iter("a"))
    post = next((a for a in links if "/comments/" in (a.get("href") or "")), None)
    user = next((a for a in links if "/user/" in (a.get("href") or "")), None)
    return make_post(
        ref(post.get("href")) if post is not None else None,
        "reddit-blockquote",
        None,
        title=(all_words(post).strip() or None) if post is not None else None,
        author=Author(
            None,
            all_words(user).strip().removeprefix("u/") if user is not None else None,
            user.get("href") if user is not None else None,
        ),
    )


#: The same inside a line of prose, as BeautifulSoup's ``get_text(" ")`` leaves it.
_INLINE_SIGNATURE = re.compile(r"(?<=\S) by u/(?P<user>[\w-]{3,20}) in (?P<sub>\w{2,21})\b")
#: Reddit's longest title, in characters.
LONGEST = 300


def in_text(text: str) -> list[Tweet]:
    if "u/" not in text:
        return []
    found = []
    for match in with_inline(text, _SIGNATURE, _INLINE_SIGNATURE):
        if match.re is _INLINE_SIGNATURE:
            title, start = words_before_on_the_line(text, match.start(), LONGEST)
            if title:
                found.append(_text_post(match, title, start, None))
        else:
            title = " ".join(match["title"].split())
            post = ref(match["url"]) if match["url"] else None
            found.append(_text_post(match, title, match.start(), post))
    return found


def _text_post(match: re.Match, title: str, start: int, found: Optional[PostRef]) -> Tweet:
    return text_post(
        found,
        NAME,
        (start, match.end()),
        None,
        title=title,
        author=Author(None, match["user"]),
    )
