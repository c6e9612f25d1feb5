"""Bluesky: the in-app and oEmbed ``blockquote.bluesky-embed``, ``<bluesky-post>``, the rendered
iframe on embed.bsky.app, ``bsky.app/profile/ACTOR/post/RKEY`` links, and the extractor-text
signature ``— NAME (@handle.with.dots) DATE`` (platforms.md §1)."""

from __future__ import annotations

import re
from typing import Optional

from ...model import Author, Tweet
from ..dates import DATE, parse_date
from .common import (
    HANDLE,
    ISO_DATE,
    TAG,
    PostRef,
    all_words,
    copied,
    day,
    drop,
    first_href,
    make_post,
    strip_tracking,
    text_post,
    with_inline,
    words_before,
    words_before_on_the_line,
    words_of,
)

NAME = "bluesky"
MARKERS = ("bsky",)  # every form carries a bsky.app or app.bsky address
#: The elements its embed markup is made of (the walk asks it about these only).
TAGS = ("blockquote", "bluesky-post")
#: The registered domains of its posts' addresses (a link elsewhere is not read).
HOSTS = ("bsky.app",)
_ACTOR = r"(?P<actor>did:[a-z0-9]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+)"
_URLS = (
    re.compile(rf"https?://bsky\.app/profile/{_ACTOR}/post/(?P<rkey>[A-Za-z0-9._:~-]+)"),
    re.compile(
        r"https?://embed\.bsky\.app/embed/(?P<actor>did:[a-z0-9]+:[A-Za-z0-9._:%-]+)/"
        r"app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)"
    ),
    re.compile(rf"at://{_ACTOR}/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._:~-]+)"),
)
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID = re.compile(r"[2-7a-j][2-7a-z]{12}\Z")
_SIGNATURE = re.compile(
    r"^[>\s]*(?:—|--|&mdash;)\s*\[?(?P<name>[^\n(\[\]]*?)\s*\(\s*\[?@\s*"
    r"(?P<handle>[\w-]+(?:\.[\w-]+)+)\s*\]?(?:\([^)]*\))?\s*\)\]?(?:\([^)\s]*\))?\s*"
    r"\[?(?P<date>[^\n\[\]]+?)\]?\(?(?P<url>https?://[^\s)\]]+)?\)?\s*$",
    re.M,
)


#: The same signature inside a line of prose, as BeautifulSoup's ``get_text(" ")`` leaves it:
#: with prose after it, only a date ends it (ISO, or a localized one as tweets' signatures write
#: them, with its time of day: "Dec 15, 2024 at 19:49", "20 novembre 2024 à 14:43").
_INLINE_SIGNATURE = re.compile(
    r"(?:—|&mdash;)\s*(?P<name>[^\n()—\[\]]{0,80}?)\s*\(\s*@\s*"
    r"(?P<handle>[\w-]+(?:\.[\w-]+)+)\s*\)\s*(?P<date>\d{4}-\d\d-\d\dT[\d:.]+Z|(?:"
    + DATE.pattern
    + r")(?:(?:\s+[^\s\d]{1,6}){0,2}\s+\d{1,2}[:.h]\d\d(?:\s?[AaPp]\.?[Mm]\.?)?)?)",
    re.I,
)
#: Bluesky's longest post, in characters (300 graphemes).
LONGEST = 300
_MEDIA_NOTE = "[image or embed]"


def ref(url: str) -> Optional[PostRef]:
    """The post a URL (or AT-URI) names: its id is the AT-URI when the DID is known (embeds
    always give it), else ``handle/rkey``."""
    for pattern in _URLS:
        match = pattern.match(url)
        if match:
            actor, rkey = match["actor"], match["rkey"]
            did = actor.startswith("did:")
            return PostRef(
                NAME,
                f"at://{actor}/app.bsky.feed.post/{rkey}" if did else f"{actor}/{rkey}",
                f"https://bsky.app/profile/{actor}/post/{rkey}",
                None if did else actor,
            )
    return None


def id_date(post_id: str) -> Optional[str]:
    """A TID record key holds microseconds since 1970 above a 10-bit clock id
    (atproto.com/specs/tid); other record keys hold no date."""
    rkey = post_id.rsplit("/", 1)[-1]
    if not _TID.match(rkey):
        return None
    value = 0
    for char in rkey:
        value = value * 32 + _TID_ALPHABET.index(char)
    return day(microseconds=value >> 10)


def embed(element) -> Optional[Tweet]:
    tag = element.tag
    if not (
        (tag == "blockquote" and "bluesky-embed" in (element.get("class") or "").split())
        or (tag == "bluesky-post" and element.get("src"))
    ):
        return None
    paragraph = next(element.iter("p"), None)
    media: tuple = ()
    text = None
    if paragraph is not None:
        kept = copied(paragraph)
        for link in list(kept.iter("a")):
            if all_words(link).strip() == "[image or embed]":
                media = ({"kind": "attached"},)
                drop(link)
        text = words_of(kept) or None
    name, handle, profile, date_text = _signature(element, paragraph)
    iso = bool(date_text and ISO_DATE.match(date_text))
    found = ref(element.get("data-bluesky-uri") or element.get("src") or first_href(element) or "")
    return make_post(
        found,
        "bluesky-oembed" if iso else "bluesky-blockquote",
        id_date(found.id) if found else None,
        text=text,
        author=Author(name, handle, strip_tracking(profile) if profile else None),
        date=(date_text[:10] if iso else parse_date(date_text)) if date_text else None,
        date_text=date_text,
        lang_hint=(paragraph.get("lang") or None) if paragraph is not None else None,
        media=media,
        hashtags=tuple(TAG.findall(text or "")),
        mentions=tuple(HANDLE.findall(text or "")),
    )


def _signature(element, paragraph) -> tuple:
    """(name, handle, profile URL, date text) of ``— NAME (@HANDLE) DATE``: the links after
    the post's paragraph (the profile's, then the post's)."""
    inside = set(paragraph.iter("a")) if paragraph is not None else set()
    links = [a for a in element.iter("a") if a not in inside]
    profile = next((a for a in links if "/post/" not in (a.get("href") or "")), None)
    dated = next((a for a in reversed(links) if "/post/" in (a.get("href") or "")), None)
    label = all_words(profile).strip() if profile is not None else ""
    handle_match = HANDLE.search(label)
    handle = handle_match.group(1) if handle_match else None
    name = label[: handle_match.start()].strip(" (") if handle_match else None
    if not name:  # the in-app form: the name stands before the link, after the dash
        words = all_words(element)
        name = words.split("\u2014")[-1].split("(")[0].strip() if "\u2014" in words else None
    date_text = all_words(dated).strip() if dated is not None else None
    return name or None, handle, profile.get("href") if profile is not None else None, date_text


def in_text(text: str) -> list[Tweet]:
    if "@" not in text:
        return []
    found = []
    for match in with_inline(text, _SIGNATURE, _INLINE_SIGNATURE):
        if match.re is _INLINE_SIGNATURE:
            # "[image or embed]" stands between the words and the signature: not words.
            before = text[: match.start()].rstrip()
            end = len(before) - len(_MEDIA_NOTE) if before.endswith(_MEDIA_NOTE) else match.start()
            words, start = words_before_on_the_line(text, end, LONGEST)
        else:
            words, start = words_before(text, match.start())
        date_text = " ".join(match["date"].split())
        post = ref(match["url"]) if match.groupdict().get("url") else None
        found.append(
            text_post(
                post,
                NAME,
                (start, match.end()),
                id_date(post.id) if post else None,
                text=words,
                author=Author(" ".join(match["name"].split()) or None, match["handle"]),
                date=date_text[:10] if ISO_DATE.match(date_text) else parse_date(date_text),
                date_text=date_text,
                media=({"kind": "attached"},)
                if "image or embed" in text[max(0, start) : match.start()]
                else (),
                hashtags=tuple(TAG.findall(words or "")),
            )
        )
    return found
