"""Tweets that survive in the plain text a scraper made of a page.

An embed reaches text as its words followed by its signature, ``— Name (@handle) Month D, YYYY``:
- newspaper3k keeps one paragraph: ``TEXT pic.twitter.com/X — Name (@handle) July 7, 2021``
  (a multi-line tweet has the signature on its last line);
- trafilatura puts the signature on a line of its own, after the tweet's line;
- BeautifulSoup's ``get_text()`` without a separator glues everything:
  ``…previous sentence.TWEET https://t.co/X— Name (@handle) July 10, 2021Next paragraph``;
- html2text / markdown quotes it: ``> TEXT [pic.twitter.com/X](https://t.co/X)`` then
  ``> -- Name (@handle) [July 7,\\n2021](https://twitter.com/h/status/ID)``.
The date is required: a bare ``(@handle)`` in prose or a ``— Reuters`` byline is not a tweet.
"""

from __future__ import annotations

import re

from ..model import Author, Tweet
from .urls import ENGLISH_DATE, MEDIA, TCO, URL, date_check, entities, parse_date, parse_status_url, tidy

SIGNATURE = re.compile(
    r"(?:—|–|--?)[ \t]*(?P<name>[^()\n—–]{0,80}?)[ \t]*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)"
    r"\s*\[?(?P<date>" + ENGLISH_DATE.pattern + r")\]?(?:\((?P<url>[^)\s]+)\))?",
    re.I,
)
# html2text quotes every line of a blockquote with "> ".
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.M)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
# Where glued text turns from the article's sentence into the tweet: an end of sentence followed
# at once by a letter ("…the city.نیروهای"), with no space between.
_GLUED_BOUNDARY = re.compile(r"[.!?؟…\"”](?=[^\W\d_])")
MAX_TWEET_CHARS = 25_000


def find_tweets(text: str) -> list[Tweet]:
    """The tweets whose signatures appear in scraped text, with ``span`` offsets into ``text``.

    Example:
        >>> t = find_tweets("Before.\\n\\nHello world pic.twitter.com/AbC — A B (@ab) July 7, 2021")[0]
        >>> (t.text, t.media, t.author.name, t.date)
        ('Hello world', ('pic.twitter.com/AbC',), 'A B', '2021-07-07')
    """
    # Blank out quote marks (same length, so offsets into `text` stay valid).
    view = _QUOTE_MARK.sub(lambda m: " " * len(m.group(0)), text)
    quoted_lines = {m.start() for m in _QUOTE_MARK.finditer(text)}
    tweets = []
    previous_end = 0
    for signature in SIGNATURE.finditer(view):
        start = _tweet_start(view, signature.start(), previous_end, quoted_lines)
        # A paragraph longer than X's longest post is not all tweet (and a 100 MB one-line
        # file must not become a 100 MB tweet): keep the words nearest the signature.
        start = max(start, signature.start() - MAX_TWEET_CHARS)
        media, links = [], []
        body = _MARKDOWN_LINK.sub(lambda m: _markdown_link(m, media, links), view[start:signature.start()])
        media += [m.group(0) for m in MEDIA.finditer(body)]
        body = MEDIA.sub(" ", body)
        links += [m.group(0) for m in URL.finditer(body)]
        body = tidy(URL.sub(" ", TCO.sub(" ", body)))
        hashtags, mentions = entities(body)
        status = parse_status_url(signature.group("url") or "")
        date = parse_date(" ".join(signature.group("date").split()))
        tweets.append(
            Tweet(
                form="text-signature",
                text=body or None,
                id=status.id if status else None,
                url=status.url if status else None,
                author=Author(name=signature.group("name").strip() or None,
                              handle=signature.group("handle")),
                date=date,
                media=tuple(re.sub(r"^https?://", "", m) for m in dict.fromkeys(media)),
                links=tuple(dict.fromkeys(links)),
                hashtags=hashtags,
                mentions=mentions,
                span=(start, signature.end()),
                date_check=date_check(status.id if status else None, date),
            )
        )
        previous_end = signature.end()
    return tweets


def _markdown_link(match: re.Match, media: list, links: list) -> str:
    label, target = match.group(1).strip(), match.group(2)
    if MEDIA.fullmatch(label):
        media.append(label)
        return " "
    if URL.fullmatch(label) or not label:
        links.append(target)
        return " "
    return label  # [#hashtag](…/hashtag/…) and [@mention](…) are words of the tweet


def _tweet_start(text: str, dash: int, floor: int, quoted_lines: set) -> int:
    """Where the tweet's words begin, given where its signature begins."""
    newline = text.rfind("\n", floor, dash)
    line_start = newline + 1 if newline >= 0 else floor
    if text[line_start:dash].strip():
        # newspaper3k: words and signature share the paragraph, which a blank line opens;
        # in glued get_text() output, the last end of sentence stuck to a letter opens it.
        paragraph = text.rfind("\n\n", floor, dash)
        start = paragraph + 2 if paragraph >= 0 else floor
        unlinked = URL.sub(lambda m: " " * len(m.group(0)), text[start:dash])
        unlinked = MEDIA.sub(lambda m: " " * len(m.group(0)), unlinked)
        glued = [m.end() for m in _GLUED_BOUNDARY.finditer(unlinked)]
        return start + glued[-1] if glued and "\n" not in unlinked else start
    # trafilatura / markdown: the signature has its own line; the tweet is the non-blank line
    # above it, or, when quoted ("> "), every quoted line above it.
    end = floor + len(text[floor:line_start].rstrip())
    newline = text.rfind("\n", floor, end)
    start = newline + 1 if newline >= 0 else floor
    if line_start in quoted_lines:
        while start > floor and start in quoted_lines:
            above = text.rfind("\n", floor, start - 1)
            above_start = above + 1 if above >= 0 else floor
            if above_start not in quoted_lines or above_start == start:
                break
            start = above_start
    return start
