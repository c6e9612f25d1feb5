"""Tweets that survive in the plain text a scraper made of a page.

An embed reaches text as its words and then its signature, ``— Name (@handle) DATE``, the date in
any locale (:mod:`.dates`); a server-rendered card reaches it as a name, an ``@handle``, the words
and a date, in the card's order. What each extractor does to them (``tests/fixtures/extracted``
holds their real output):
- trafilatura and ``get_text("\\n", strip=True)``: one line per paragraph *and* per ``<br>`` line;
  the signature on a line of its own, the date sometimes on the next;
- newspaper3k: a blank line between paragraphs and between a tweet's lines alike;
- ``get_text()`` glues elements: ``…the city.TWEET pic.twitter.com/X— Name (@h) July 7, 2021Next``;
- html2text quotes an embed (``> ``), wraps every paragraph at 78 columns and marks ``<br>`` with
  two trailing spaces.
Where the tweet begins is decided by the walk up from its signature in :mod:`.lines`. The date
is required: a bare ``(@handle)`` in prose or a ``— Reuters`` byline is not a tweet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple, Optional

from ..model import Author, Tweet
from .dates import DATE, date_check, find_dates, to_iso
from .fallbacks import text_screenshots
from .lines import (
    INTRO_MIN_CHARS,
    MARKDOWN_LINK,
    TWEET_CHARS,
    glued_boundaries,
    letters,
    words_start,
)
from .urls import MEDIA, URL, cap, entities, parse_status_url, take_links, tidy

_DASH = r"(?:—|–|--?)"
_LINK_AFTER = r"\]?(?:\((?P<url>[^)\s]+)\))?"
SIGNATURE = re.compile(
    r"(?:" + _DASH + r"|(?m:^))[ \t]*\[?(?P<name>(?![-—–\s\[])[^()\n—–@]{0,80}?)[ \t]*"
    r"\(@(?P<handle>(?:[A-Za-z0-9_]|\\_){1,15})\)"
    # a card's attribution may put the time first: "(@handle) 5:06 PM - 7 Jul 2021"
    r"\s*\[?(?:\d{1,2}:\d\d(?:\s*[AaPp]\.?[Mm]\.?)?\s*[-·•|]\s*)?"
    r"(?P<date>" + DATE.pattern + ")" + _LINK_AFTER,
    re.I,
)
# A card's user: "Name @handle" on one line, "Name" then "@handle" on the next, or glued
# ("Name@handle" in get_text() output). Never "(@handle)": that is a signature or prose.
_CARD_USER = re.compile(
    r"@(?:(?<![@.(/\w]@)(?P<handle>[A-Za-z0-9_]{1,15})(?![\w@]|\.\w)"
    r"|(?<=[^\W\d_]@)(?![A-Za-z0-9_]+(?:\.\w|@))(?P<glued>[A-Za-z0-9_]{1,15}))"
)
_CARD_NAME = re.compile(r"[^\W\d_][^\n.!?:;,،؛|@()\[\]]{0,48}$")
_TIME_OF_DAY = re.compile(
    r"^\W*\d{1,2}:\d\d(?:\s*(?:[AaPp]\.?[Mm]\.?|ق\.?ظ|ب\.?ظ|ص|م))?\s*[·•|-]?\s*$"
)
# html2text quotes every line of a blockquote with "> ".
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.M)
# html2text writes "1\. Oktober"; an escaped underscore stays (it is part of a handle or a URL:
# "farid\_ahmadi", which the handle and URL patterns read).
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[\\`*{}\[\]()#+\-.!])")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")  # markdown's <https://t.co/x>
_GLUED_LINE = re.compile(r"[.!?؟…۔](?<=[^\W\d_]{2}[.!?؟…۔])(?=[^\W\d_])")
# Line breaks other than "\n" (each looked for with "in": seven times faster than a pattern's
# scan of a whole article).
_ODD_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_LINE_BREAKS = str.maketrans("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " \n\n\n\n\n\n\n\n")
_NOT_BEFORE_USER = frozenset("(@./0123456789_")
_NAME_REACH = 100  # a signature's dash to its "(@" (the name is at most 80 characters)
_SIGNATURE_REACH = 400  # "(@" to the end of its date and date link


class _End(NamedTuple):
    """Where a tweet's words end and what follows them: a signature or a card's user and date."""

    words_end: int  # the words run up to here (a signature's dash, a card's name)
    span_end: int
    name: Optional[str]
    handle: str
    date_iso: str
    url: Optional[str]
    words_start: Optional[int]  # set when the words sit between a card's user and its date


def find_tweets(text: str) -> list[Tweet]:
    """The tweets in scraped text, with ``span`` offsets into ``text``.

    Example:
        >>> t = find_tweets("Before.\\n\\nHello world pic.twitter.com/AbC — A B (@ab) 7 juillet 2021")[0]
        >>> (t.text, t.media, t.author.name, t.date)
        ('Hello world', ('pic.twitter.com/AbC',), 'A B', '2021-07-07')
    """
    if "@" not in text:  # every signature and card names its @handle
        return []
    view = _view(text)
    ends = _ends(view)
    if not ends:
        return text_screenshots(text, []) if "![" in text else []
    quoted = {m.start() for m in _QUOTE_MARK.finditer(text)} if ">" in text else set()
    wrapped = None  # looked at once a tweet's words span lines or hold marks
    tweets = []
    floor = 0
    for end in ends:
        if end.words_start is not None:
            start, stop = end.words_start, end.words_end
        else:
            start, stop = words_start(view, end.words_end, floor, quoted), end.words_end
            if view[stop : stop + 1] not in _DASHES:
                start = _last_paragraph(view, start, stop)
        if wrapped is None and (view is not text or "\n" in text[start:stop]):
            wrapped = _is_wrapped(view)
        tweet = _tweet(text, view, start, stop, end, bool(wrapped))
        floor = end.span_end
        if not tweet.text and not tweet.media and not tweet.links:
            continue  # a byline, "By Name (@handle) July 7, 2021": a tweet has words or media
        tweets.append(tweet)
    if "![" in text:
        tweets = sorted(tweets + text_screenshots(text, tweets), key=lambda t: t.span or (0, 0))
    return tweets


_DASHES = ("—", "–", "-")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n")


def _last_paragraph(view: str, start: int, stop: int) -> int:
    """Where the last paragraph of ``view[start:stop]`` begins. A signature with no dash (an
    attribution at the start of a line: a rail's card) follows one paragraph of words; the walk
    up, made for the embed code's signature, would take the article's paragraph above too."""
    words = view[start:stop].rstrip()
    breaks = list(_PARAGRAPH_BREAK.finditer(words))
    return start + breaks[-1].end() if breaks else start


def _view(text: str) -> str:
    """The text as the finder reads it, one character for one so that offsets hold: quote marks
    blanked, every line break a newline (CRLF's CR a space), markdown escapes blanked."""
    if any(mark in text for mark in _ODD_BREAKS):
        text = text.translate(_LINE_BREAKS)
    if ">" in text:
        text = _QUOTE_MARK.sub(lambda m: " " * len(m.group(0)), text)
    return _MARKDOWN_ESCAPE.sub(" ", text) if "\\" in text else text


def _is_wrapped(view: str) -> bool:
    """Whether the text was wrapped at a fixed width (html2text: 78 columns), so that a single
    line break inside a paragraph is no break of the author's."""
    if len(view) < 180 or view.count("\n") < 2:  # no room for three lines of 60 columns
        return False
    lengths = [len(line.rstrip()) for line in view.split("\n") if line.strip()]
    near_width = sum(60 <= n <= 80 for n in lengths)
    return near_width >= 3 and sum(n <= 80 for n in lengths) >= 0.9 * len(lengths)


def _signatures(view: str) -> Iterator[re.Match]:
    """SIGNATURE's matches, as ``finditer`` gives them, but searched for only around each
    "(@": trying the pattern at every line start and dash of a long text is the slow part."""
    last = 0
    at = view.find("(@")
    while at >= 0:
        start = max(last, view.rfind("\n", 0, at) + 1, at - _NAME_REACH)
        # A name holds no em or en dash: a signature starts at the last one, if any.
        start = max(start, view.rfind("—", start, at), view.rfind("–", start, at))
        match = SIGNATURE.search(view, start, at + _SIGNATURE_REACH)
        if match and match.start() <= at:
            yield match
            last = match.end()
        at = view.find("(@", max(at + 2, last))


def _ends(view: str) -> list[_End]:
    """Signatures and card users with their dates, in order, never overlapping."""
    found = []
    for match in _signatures(view):
        date = to_iso(match)
        if date:
            found.append(
                _End(
                    match.start(),
                    match.end(),
                    match.group("name").strip() or None,
                    match.group("handle").replace("\\", ""),
                    date.iso,
                    match.group("url"),
                    None,
                )
            )
    taken: list = []
    dashes: list = []
    at = view.find("@")
    while at >= 0:  # str.find, then the pattern at each "@": far faster than scanning with it
        # "(@handle)" is a signature's, or prose's: never a card's user (nor "a@b", "x.@y").
        user = None if view[at - 1 : at] in _NOT_BEFORE_USER else _CARD_USER.match(view, at)
        at = view.find("@", at + 1)
        if user is None:
            continue
        if not taken and found:
            taken = [(e.words_end, e.span_end) for e in found]
            dashes = [e.words_end for e in found]
        if any(a <= user.start() < b for a, b in taken):
            continue
        # A card's date comes before the next signature (words holding one are no card's).
        card = _card(view, user, min((d for d in dashes if d > user.start()), default=len(view)))
        if card and not any(a < card.span_end and card.words_end < b for a, b in taken):
            found.append(card)
            taken.append((min(card.words_end, card.words_start or card.words_end), card.span_end))
    return sorted(found, key=lambda e: e.span_end) if len(found) > 1 else found


def _card(view: str, user: re.Match, limit: int) -> Optional[_End]:
    """A card in text: a name, ``@handle``, then either the words and a date, or only a date
    (the words came first, above the name)."""
    handle = user.group("handle") or user.group("glued")
    after = user.end()
    line_start = view.rfind("\n", 0, user.start()) + 1
    before = view[line_start : user.start()]
    glued = bool(before) and not before[-1].isspace()
    split = _split_glued_handle(handle) if glued else None
    if split and not view[after : after + 1].isalpha():
        handle = split
        after = user.start() + 1 + len(handle)
    time_of_day = re.search(r"\d{1,2}$", handle) if view[after : after + 1] == ":" else None
    if time_of_day and time_of_day.start() > 0:  # "@roghtia_af12:00 PM · 7 July 2021"
        handle = handle[: time_of_day.start()]
        after = user.start() + 1 + len(handle)
    digits = re.search(r"(?<=[A-Za-z_])\d{1,4}$", handle) if glued or before else None
    if digits:
        # a date glued to the handle: "@khi_weather2023년 4월 21일", "@farid_ahmadi7 Ιουλίου 2021"
        base = user.start() + 1
        for cut in range(digits.start(), len(handle)):
            date_here = next(find_dates(view, base + cut, after + 40), None)
            if date_here is not None and date_here.start() == base + cut and to_iso(date_here):
                handle = handle[:cut]
                after = base + cut
                break
    date = None
    for match in find_dates(view, after, min(limit, after + 4 * TWEET_CHARS)):
        date = to_iso(match)
        if date:
            break
    if not date:  # a mention in a tweet's words, most often: no date before the signature's dash
        return None
    name, name_start = _card_name(view, line_start, user.start())
    if name is None:
        return None
    between = view[after : match.start()]
    tail = re.match(_LINK_AFTER, view[match.end() :])
    span_end = match.end() + (tail.end() if tail else 0)
    url = tail.group("url") if tail else None
    words = between.rstrip().rstrip("[").rstrip()
    if _TIME_OF_DAY.match(words) or not any(c.isalpha() for c in URL.sub("", words)):
        # Only the time between user and date: the words are above the name.
        if between.count("\n") > 3:
            return None
        return _End(name_start, span_end, name, handle, date.iso, url, None)
    lines = [letters(line) for line in words.split("\n") if line.strip()]
    if (
        len(URL.sub("", words).strip()) > TWEET_CHARS
        or len(lines) > 6
        or SIGNATURE.search(words)
        or _another_user(view, after, match.start())
        or any(line.endswith(":") and len(line) > INTRO_MIN_CHARS for line in lines)
    ):
        return None
    end = after + len(words.rstrip())
    # A time of day before the date ("12:00 PM · ") is not the tweet's.
    # (its AM/PM word may come first, as Korean's 오전 does)
    time_match = re.search(r"\s*(?:[^\W\d_]{1,3}\.?\s?)?\d{1,2}:\d\d[^\n]{0,12}$", view[after:end])
    if time_match:
        end = after + time_match.start()
    return _End(end, span_end, name, handle, date.iso, url, after)


def _another_user(view: str, start: int, end: int) -> bool:
    """Whether another card's user ("Name" / "@handle" on their own, or glued) sits between a
    user and the date, which is then that card's. A mention inside the words is not one."""
    for user in _CARD_USER.finditer(view, start, end):
        line_start = view.rfind("\n", 0, user.start()) + 1
        line_end = view.find("\n", user.end())
        rest = view[user.end() : line_end if line_end >= 0 else len(view)]
        if user.group("glued") or not rest.strip():
            if _card_name(view, line_start, user.start())[0]:
                return True
    return False


def _card_name(view: str, line_start: int, at: int) -> tuple[Optional[str], int]:
    """The display name before a card's ``@handle``: on its line, or alone on the line above."""
    before = view[line_start:at]
    if before.strip():
        # Glued text ends at an element boundary; the name is what follows the last one.
        cuts = glued_boundaries(before)
        offset = cuts[-1] if cuts else 0
        candidate = before[offset:].strip().strip("*_").strip()  # markdown's **Name**
        match = _CARD_NAME.search(candidate) if candidate else None
        if not match or match.group(0) != candidate or len(candidate.split()) > 6:
            return None, at
        return candidate, line_start + offset + before[offset:].index(candidate[0])
    above_end = line_start - 1
    above_start = view.rfind("\n", 0, max(above_end, 0)) + 1
    candidate = view[above_start : max(above_end, above_start)].strip().strip("*_").strip()
    if candidate and _CARD_NAME.fullmatch(candidate) and len(candidate.split()) <= 6:
        return candidate, above_start + view[above_start:above_end].index(candidate[0])
    return None, at


def _split_glued_handle(run: str) -> Optional[str]:
    """In ``Name@road_watchUpdate: the road…`` the handle ends where a capitalised word begins."""
    cuts = [m.start() for m in re.finditer(r"(?<=[a-z0-9_])(?=[A-Z][a-z])", run)]
    return run[: cuts[-1]] if cuts else None


def _tweet(text: str, view: str, start: int, stop: int, end: _End, wrapped: bool) -> Tweet:
    words = text[start:stop]
    if view is not text or "](" in words or "<" in words:  # _view found marks to read past
        media: list[str] = []
        links: list[str] = []
        words, found_media, found_links = take_links(_unmarked(words, wrapped, media, links))
        media += found_media
        links += found_links
    else:
        words, media, links = take_links(words)  # t.co links among the links
    if _GLUED_LINE.search(words):  # get_text(): "…کردند.مخالفان…" was two lines
        words = _GLUED_LINE.sub("\\g<0>\n", words)
    if wrapped:  # html2text: two trailing spaces mark the author's line break; others are wraps
        words = re.sub(r"(?<! {2})\n(?!\n)", " ", re.sub(r"\n[ \t]*\n", "\n\n", words))
    body, truncated = cap(tidy(words))
    hashtags, mentions = entities(body)
    status = parse_status_url(end.url) if end.url else None
    return Tweet(
        form="text-signature" if end.words_start is None else "text-card",
        text=body or None,
        id=status.id if status else None,
        url=status.url if status else None,
        author=Author(name=end.name, handle=end.handle),
        date=end.date_iso,
        media=tuple(dict.fromkeys(m.partition("://")[2] or m for m in media)) if media else (),
        links=tuple(dict.fromkeys(links)),
        hashtags=hashtags,
        mentions=mentions,
        span=(start, end.span_end),
        date_check=date_check(status.id, end.date_iso) if status else None,
        truncated=truncated,
    )


def _unmarked(words: str, wrapped: bool, media: list, links: list) -> str:
    """The words without the marks extractors add: html2text's quote marks, markdown links
    (their media and links go to ``media`` and ``links``) and escapes, and odd line breaks."""
    if any(mark in words for mark in _ODD_BREAKS):
        words = words.translate(_LINE_BREAKS)
    if ">" in words:
        words = _QUOTE_MARK.sub("", words)
    if "](" in words:
        words = MARKDOWN_LINK.sub(lambda m: _markdown_link(m, media, links), words)
    if "<" in words:
        words = _AUTOLINK.sub(r"\1", words)
    if wrapped:
        words = _MARKDOWN_ESCAPE.sub("", words)
    return words


def _markdown_link(match: re.Match, media: list, links: list) -> str:
    label, target = match.group(1).strip(), match.group(2)
    if MEDIA.fullmatch(label):
        media.append(label)
        return " "
    if URL.fullmatch(label) or not label:
        links.append(target)
        return " "
    return label  # [#hashtag](…/hashtag/…) and [@mention](…) are words of the tweet
