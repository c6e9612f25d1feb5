"""Posts of other platforms in scraped text: the signatures their embeds leave in extractor
output (trafilatura, html2text, BeautifulSoup's ``get_text``), as
``../shared/design/platforms.md`` measured them:

- Bluesky ``— NAME (@handle.with.dots) DATE`` (a localized date, or ISO), after the post's
  words and an ``[image or embed]`` line; html2text's ``> -- Name ([@h](profile)) [date](url)``;
- Facebook ``Posted by NAME on DATE`` (Spanish ``Publicado por NAME en DATE``, Turkish ``NAME
  paylaştı: DATE``), after the post's words;
- Instagram ``A post shared by NAME (@handle)`` (``on DATE`` in the captioned form, after the
  caption), and ``View this post on Instagram``;
- Threads ``Post by @user`` + ``View on Threads``, Mastodon ``Post by @user@host`` + ``View on
  Mastodon`` (trafilatura glues the two);
- TikTok ``@user CAPTION #tag ♬ SOUND`` on one line; Reddit ``TITLE`` then ``by u/USER in SUB``
  (trafilatura: ``byu/USER inSUB``).

Only the words of the paragraph before a signature are the post's (as for a tweet's dashless
signature); signature lines, ``View on …`` and the sound credit never are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Optional

from ..model import Author, Tweet
from .dates import parse_date
from .platforms import id_date, post_ref

_URL = r"\(?(?P<url>https?://[^\s)\]]+)?\)?"
_BLUESKY = re.compile(
    r"^[>\s]*(?:—|--|&mdash;)\s*\[?(?P<name>[^\n(\[\]]*?)\s*\(\s*\[?@\s*(?P<handle>[\w-]+(?:\.[\w-]+)+)"
    r"\s*\]?(?:\([^)]*\))?\s*\)\]?(?:\([^)\s]*\))?\s*\[?(?P<date>[^\n\[\]]+?)\]?" + _URL + r"\s*$",
    re.M,
)
_FACEBOOK = re.compile(
    r"^[>\s]*(?:Posted by|Publicado por)\s+\[?(?P<name>[^\n\]]+?)\]?(?:\([^)\s]*\))?\s+(?:on|en)"
    r"(?:\s|\u00a0)+\[?(?P<date>[^\n\]]+?)\]?" + _URL + r"\s*$"
    r"|^[>\s]*(?P<name_tr>[^\n:]+?)\s+paylaştı:\s*(?P<date_tr>[^\n]+?)\s*$",
    re.M,
)
_INSTAGRAM = re.compile(
    r"^[>\s]*\[?\s*A post shared by\s+\[?\s*(?P<name>[^\n(\]]*?)\s*\]?(?:\([^)\s]*\))?\s*"
    r"\(@(?P<handle>[\w.]+)\)\]?(?:\((?P<url>[^)\s]+)\))?(?:\s+on\s*(?P<date>[^\n]*))?\s*$",
    re.M,
)
_POST_BY = re.compile(
    r"\[?\s*Post by @(?P<user>[\w.]+)(?:@(?P<host>[A-Za-z0-9.-]+\.[a-z]{2,}))?\s*"
    r"View on (?P<platform>Threads|Mastodon)\s*\]?(?:\((?P<url>[^)\s]+)\))?",
)
_TIKTOK = re.compile(r"^[>\s]*@(?P<user>[\w.-]+)\s+(?P<caption>[^\n♬]+?)\s*♬[^\n]*$", re.M)
_REDDIT = re.compile(
    r"^[>\s]*\[?(?P<title>[^\n\]>]+?)\]?(?:\((?P<url>[^)\s]+)\))?[ \t]*(?:\n|>)[>\s]*by\s*\[?"
    r"u/(?P<user>[\w-]+)\]?(?:\([^)\s]*\))?\s*in\s*\[?(?P<sub>\w+)\]?(?:\([^)\s]*\))?\s*$",
    re.M,
)
_WEEKDAY = re.compile(
    r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|pazartesi|salı|çarşamba|perşembe|cuma|"
    r"cumartesi|pazar)\b"
)
_NOT_WORDS = re.compile(r"^\s*(?:\[?image or embed\]?|View this post on Instagram)\s*$", re.I)
_TAG = re.compile(r"#(\w+)")


def find_posts_in_text(text: str, platforms: Iterable[str]) -> list[Tweet]:
    """The other platforms' posts whose signatures the text holds, in order of appearance."""
    wanted = set(platforms)
    found: list[Tweet] = []
    if "bluesky" in wanted and "@" in text:
        for match in _BLUESKY.finditer(text):
            found.append(_bluesky(text, match))
    if "facebook" in wanted:
        for match in _FACEBOOK.finditer(text):
            # Facebook writes the weekday ("Thursday, September 7, 2023"); a blog's byline
            # "Posted by admin on March 3, 2021" has none, and is not a post.
            if _WEEKDAY.search(match["date"] or match["date_tr"] or ""):
                found.append(_facebook(text, match))
    if "instagram" in wanted and "shared by" in text:
        for match in _INSTAGRAM.finditer(text):
            found.append(_instagram(text, match))
    if "Post by @" in text:
        for match in _POST_BY.finditer(text):
            platform = match["platform"].lower()
            if platform in wanted:
                found.append(_post_by(match, platform))
    if "tiktok" in wanted and "♬" in text:
        for match in _TIKTOK.finditer(text):
            caption = match["caption"].strip()
            found.append(
                _post(
                    "tiktok",
                    None,
                    (match.start(), match.end()),
                    text=caption,
                    author=Author(None, match["user"]),
                    hashtags=tuple(_TAG.findall(caption)),
                )
            )
    if "reddit" in wanted and "u/" in text:
        for match in _REDDIT.finditer(text):
            found.append(
                _post(
                    "reddit",
                    match["url"],
                    (match.start(), match.end()),
                    title=match["title"].strip(),
                    author=Author(None, match["user"]),
                )
            )
    return sorted(found, key=lambda post: post.span[0] if post.span else 0)


def _words_before(text: str, start: int) -> tuple[Optional[str], int]:
    """The paragraph before a signature, without ``[image or embed]`` and quote marks, and where
    it starts; (None, start) when there is none."""
    head = text[:start].rstrip()
    lines = head.split("\n")
    kept: list[str] = []
    for line in reversed(lines):
        bare = line.strip().lstrip(">").strip()
        if _NOT_WORDS.match(bare):
            if kept:
                break
            continue
        if not bare:
            if kept:
                break
            continue
        kept.insert(0, bare)
    if not kept:
        return None, start
    where = head.rfind(kept[0])
    return "\n".join(kept), where if where >= 0 else start


def _post(platform: str, url: Optional[str], span: tuple, **fields) -> Tweet:
    ref = post_ref(url) if url else None
    author = fields.pop("author", Author())
    return Tweet(
        form=f"{platform}-text-signature",
        text=fields.pop("text", None),
        id=ref.id if ref else None,
        url=ref.url if ref else None,
        author=author,
        platform=platform,
        span=span,
        id_date=id_date(platform, ref.id) if ref else None,
        **fields,
    )


def _bluesky(text: str, match: re.Match) -> Tweet:
    words, start = _words_before(text, match.start())
    date_text = match["date"].strip()
    date = date_text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date_text) else parse_date(date_text)
    media = (
        ({"kind": "attached"},) if "image or embed" in text[max(0, start) : match.start()] else ()
    )
    return _post(
        "bluesky",
        match["url"],
        (start, match.end()),
        text=words,
        author=Author(match["name"].strip() or None, match["handle"]),
        date=date,
        date_text=date_text,
        media=media,
        hashtags=tuple(_TAG.findall(words or "")),
    )


def _facebook(text: str, match: re.Match) -> Tweet:
    words, start = _words_before(text, match.start())
    name = (match["name"] or match["name_tr"] or "").strip()
    date_text = (match["date"] or match["date_tr"] or "").strip()
    return _post(
        "facebook",
        match["url"],
        (start, match.end()),
        text=words,
        author=Author(name or None),
        date=parse_date(date_text),
        date_text=date_text or None,
        truncated=bool(words and words.endswith(("...", "…"))),
    )


def _instagram(text: str, match: re.Match) -> Tweet:
    date_text = (match["date"] or "").strip() or None
    words, start = _words_before(text, match.start()) if date_text else (None, match.start())
    return _post(
        "instagram",
        match["url"],
        (start, match.end()),
        text=words,
        author=Author(match["name"].strip() or None, match["handle"]),
        date=parse_date(date_text or ""),
        date_text=date_text,
        hashtags=tuple(_TAG.findall(words or "")),
    )


def _post_by(match: re.Match, platform: str) -> Tweet:
    handle = f"{match['user']}@{match['host']}" if match["host"] else match["user"]
    ref = post_ref(match["url"], mastodon=platform == "mastodon") if match["url"] else None
    return Tweet(
        form=f"{platform}-text-signature",
        text=None,
        id=ref.id if ref else None,
        url=ref.url if ref else None,
        author=Author(None, handle),
        platform=platform,
        span=(match.start(), match.end()),
        id_date=id_date(platform, ref.id) if ref else None,
    )
