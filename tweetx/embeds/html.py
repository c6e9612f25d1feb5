"""Tweets embedded in HTML: Twitter's official ``blockquote.twitter-tweet`` embed code.

The embed code is ``<blockquote class="twitter-tweet"><p lang=".." dir="..">TEXT</p>&mdash; Name
(@handle) <a href="https://twitter.com/handle/status/ID">Date</a></blockquote>``. Inside TEXT,
``pic.twitter.com`` anchors are media and ``t.co`` anchors are links; both are left out of text.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from bs4 import BeautifulSoup, NavigableString, Tag

from ..model import Author, Tweet
from .urls import MEDIA, TCO, URL, entities, parse_date, parse_status_url, tidy

EMBED_SELECTOR = "blockquote.twitter-tweet, blockquote.twitter-video"
# Codes that Twitter writes in p[lang] that are not languages: undetermined, no linguistic
# content, media-only, hashtags-only, cashtags-only, mentions-only.
NOT_LANGUAGES = {"und", "zxx", "qme", "qht", "qam", "qct", "qst"}
_SIGNATURE = re.compile(r"(?:—|–|-{1,2})\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)")


def parse(html: str) -> BeautifulSoup:
    """Parse a page with lxml, which copes with broken markup and is the fastest bs4 backend."""
    return BeautifulSoup(html, "lxml")


def iter_embeds(soup: BeautifulSoup) -> Iterator[Tag]:
    """Top-level embed blockquotes in document order (a quote tweet's inner blockquote is skipped)."""
    for element in soup.select(EMBED_SELECTOR):
        if element.find_parent("blockquote", class_=["twitter-tweet", "twitter-video"]) is None:
            yield element


def find_in_soup(soup: BeautifulSoup) -> list[tuple[Tweet, Tag]]:
    """Each embedded tweet with the element it came from (writers annotate that element)."""
    return [(tweet_from_blockquote(element), element) for element in iter_embeds(soup)]


def find_tweets(html: str) -> list[Tweet]:
    """The tweets embedded in a page.

    Example:
        >>> page = ('<blockquote class="twitter-tweet"><p lang="en">Hello #world</p>&mdash; A B '
        ...         '(@ab) <a href="https://twitter.com/ab/status/20">March 21, 2006</a></blockquote>')
        >>> t = find_tweets(page)[0]; (t.text, t.author.handle, t.date, t.hashtags)
        ('Hello #world', 'ab', '2006-03-21', ('world',))
    """
    return [tweet for tweet, _ in find_in_soup(parse(html))]


def tweet_from_blockquote(element: Tag) -> Tweet:
    paragraph = element.find("p")
    media: list[str] = []
    links: list[str] = []
    text = _paragraph_text(paragraph, media, links) if paragraph else None
    status, date = None, None
    for anchor in element.find_all("a", href=True):
        link = parse_status_url(anchor["href"])
        if link and (paragraph is None or paragraph not in anchor.parents):
            status, date = link, parse_date(anchor.get_text(" "))
    signature = _SIGNATURE.search(_tail_text(element, paragraph))
    author = Author(
        name=(signature.group("name") or None) if signature else None,
        handle=signature.group("handle") if signature else (status.handle if status else None),
    )
    lang = (paragraph.get("lang") if paragraph else None) or element.get("data-lang")
    lang_hint = lang.lower() if lang and lang.lower() not in NOT_LANGUAGES else None
    hashtags, mentions = entities(text or "")
    return Tweet(
        form="blockquote" if "twitter-tweet" in element.get("class", []) else "blockquote-video",
        text=text or None,
        id=status.id if status else None,
        url=status.url if status else None,
        author=author,
        date=date,
        media=tuple(dict.fromkeys(media)),
        links=tuple(dict.fromkeys(links)),
        hashtags=hashtags,
        mentions=mentions,
        lang_hint=lang_hint,
    )


def _paragraph_text(paragraph: Tag, media: list, links: list) -> str:
    parts: list[str] = []
    for node in paragraph.descendants:
        if isinstance(node, NavigableString):
            if node.parent.name != "a":
                parts.append(str(node))
        elif node.name == "br":
            parts.append("\n")
        elif node.name == "a":
            label = node.get_text()
            href = node.get("href", "")
            if MEDIA.fullmatch(label.strip()):
                media.append(_strip_scheme(label.strip()))
            elif TCO.match(href) or URL.match(label.strip()):
                links.append(href or label.strip())
            else:  # #hashtag and @mention anchors are words of the tweet
                parts.append(label)
    return tidy("".join(parts))


def _tail_text(element: Tag, paragraph: Optional[Tag]) -> str:
    """The embed's text outside its tweet paragraph: where "&mdash; Name (@handle)" lives."""
    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString) and (paragraph is None or paragraph not in node.parents):
            parts.append(str(node))
    return " ".join(parts)


def _strip_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url)
