"""Tweets that survive in the plain text a scraper made of a page.

An embed reaches text as its words followed by its signature, ``— Name (@handle) Month D, YYYY``:
- newspaper3k keeps one paragraph: ``TEXT pic.twitter.com/X — Name (@handle) July 7, 2021``
  (a multi-line tweet has the signature on its last line);
- trafilatura puts the signature on a line of its own, after the tweet's line.
The date is required: a bare ``(@handle)`` in prose is not a tweet.
"""

from __future__ import annotations

import re

from ..model import Author, Tweet
from .urls import ENGLISH_DATE, MEDIA, TCO, URL, entities, parse_date, tidy

SIGNATURE = re.compile(
    r"(?:—|–|--?)[ \t]*(?P<name>[^()\n—–]{0,80}?)[ \t]*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)"
    r"[ \t]*(?P<date>" + ENGLISH_DATE.pattern + ")",
    re.I,
)


def find_tweets(text: str) -> list[Tweet]:
    """The tweets whose signatures appear in scraped text, with ``span`` offsets into ``text``.

    Example:
        >>> t = find_tweets("Before.\\n\\nHello world pic.twitter.com/AbC — A B (@ab) July 7, 2021")[0]
        >>> (t.text, t.media, t.author.name, t.date)
        ('Hello world', ('pic.twitter.com/AbC',), 'A B', '2021-07-07')
    """
    tweets = []
    previous_end = 0
    for signature in SIGNATURE.finditer(text):
        start = _tweet_start(text, signature.start(), previous_end)
        body = text[start:signature.start()]
        media = [m.group(0) for m in MEDIA.finditer(body)]
        body = MEDIA.sub(" ", body)
        links = [m.group(0) for m in URL.finditer(body) if not MEDIA.match(m.group(0))]
        body = tidy(URL.sub(" ", TCO.sub(" ", body)))
        hashtags, mentions = entities(body)
        tweets.append(
            Tweet(
                form="text-signature",
                text=body or None,
                author=Author(name=signature.group("name").strip() or None,
                              handle=signature.group("handle")),
                date=parse_date(signature.group("date")),
                media=tuple(re.sub(r"^https?://", "", m) for m in dict.fromkeys(media)),
                links=tuple(dict.fromkeys(links)),
                hashtags=hashtags,
                mentions=mentions,
                span=(start, signature.end()),
            )
        )
        previous_end = signature.end()
    return tweets


def _tweet_start(text: str, dash: int, floor: int) -> int:
    """Where the tweet's words begin, given where its signature begins."""
    newline = text.rfind("\n", floor, dash)
    line_start = newline + 1 if newline >= 0 else floor
    if text[line_start:dash].strip():
        # newspaper3k: words and signature share the paragraph, which a blank line opens.
        paragraph = text.rfind("\n\n", floor, dash)
        return paragraph + 2 if paragraph >= 0 else floor
    # trafilatura: the signature has its own line; the tweet is the non-blank line above it.
    end = floor + len(text[floor:line_start].rstrip())
    newline = text.rfind("\n", floor, end)
    return newline + 1 if newline >= 0 else floor
