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
Where the tweet begins is decided line by line (or glued segment by segment) walking up from the
signature: links and hashtag-only lines belong to it; a change of script, a line that would take
the tweet past 280 characters, an introduction ("…wrote on Twitter:") or a paragraph break after
a tweet whose own lines were single-spaced end it. The date is required: a bare ``(@handle)`` in
prose or a ``— Reuters`` byline is not a tweet.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple, Optional

from ..model import Author, Tweet
from .dates import DATE, date_check, find_dates, to_iso
from .urls import MAX_TWEET_CHARS, MEDIA, URL, cap, entities, parse_status_url, tidy

_DASH = r"(?:—|–|--?)"
_LINK_AFTER = r"\]?(?:\((?P<url>[^)\s]+)\))?"
SIGNATURE = re.compile(
    r"(?:" + _DASH + r"|(?m:^))[ \t]*(?P<name>(?![-—–])[^()\n—–@]{0,80}?)[ \t]*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)"
    r"\s*\[?(?P<date>" + DATE.pattern + ")" + _LINK_AFTER,
    re.I,
)
# A card's user: "Name @handle" on one line, "Name" then "@handle" on the next, or glued
# ("Name@handle" in get_text() output). Never "(@handle)": that is a signature or prose.
_CARD_USER = re.compile(r"@(?:(?<![@.(/\w]@)(?P<handle>[A-Za-z0-9_]{1,15})(?![\w@]|\.\w)"
                        r"|(?<=[^\W\d_]@)(?![A-Za-z0-9_]+(?:\.\w|@))(?P<glued>[A-Za-z0-9_]{1,15}))")
_CARD_NAME = re.compile(r"[^\W\d_][^\n.!?:;,،؛|@()\[\]]{0,48}$")
_TIME_OF_DAY = re.compile(r"^\W*\d{1,2}:\d\d(?:\s*(?:[AaPp]\.?[Mm]\.?|ق\.?ظ|ب\.?ظ|ص|م))?\s*[·•|-]?\s*$")
# html2text quotes every line of a blockquote with "> ".
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.M)
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!])")  # html2text writes "1\. Oktober"
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")  # markdown's <https://t.co/x>
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_SENTENCE_GLUE = re.compile(r"[.!?؟…\"”:)۔](?=[^\W\d_])")
_GLUED_LINE = re.compile(r"[.!?؟…۔](?<=[^\W\d_]{2}[.!?؟…۔])(?=[^\W\d_])")
_ODD_BREAK = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_BREAKS = str.maketrans("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " \n\n\n\n\n\n\n\n")
_NAME_REACH = 100  # a signature's dash to its "(@" (the name is at most 80 characters)
_SIGNATURE_REACH = 400  # "(@" to the end of its date and date link
TWEET_CHARS = 280
# Twice X's longest post: a longer run of words is still seen as longer, and cut and flagged.
_LONGEST_REACH = 2 * MAX_TWEET_CHARS  # a tweet's limit; lines above a signature are taken while they fit
_SHORT_LINE_CHARS = 80
_INTRO_MIN_CHARS = 25  # "Update:" opens a tweet; "The governor wrote on social media:" an embed


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
    quoted = {m.start() for m in _QUOTE_MARK.finditer(text)}
    wrapped = _is_wrapped(view)
    tweets = []
    floor = 0
    for end in _ends(view):
        if end.words_start is not None:
            start, stop = end.words_start, end.words_end
        else:
            start, stop = _words_start(view, end.words_end, floor, quoted), end.words_end
        tweets.append(_tweet(text, view, start, stop, end, wrapped))
        floor = end.span_end
    return tweets


def _view(text: str) -> str:
    """The text as the finder reads it, one character for one so that offsets hold: quote marks
    blanked, every line break a newline (CRLF's CR a space), markdown escapes blanked."""
    if _ODD_BREAK.search(text):
        text = text.translate(_LINE_BREAKS)
    view = _QUOTE_MARK.sub(lambda m: " " * len(m.group(0)), text)
    return _MARKDOWN_ESCAPE.sub(" ", view)


def _is_wrapped(view: str) -> bool:
    """Whether the text was wrapped at a fixed width (html2text: 78 columns), so that a single
    line break inside a paragraph is no break of the author's."""
    lengths = [len(line.rstrip()) for line in view.split("\n") if line.strip()]
    near_width = sum(60 <= n <= 80 for n in lengths)
    return near_width >= 3 and sum(n <= 80 for n in lengths) >= 0.9 * len(lengths)


def _signatures(view: str) -> Iterator[re.Match]:
    """SIGNATURE's matches, as ``finditer`` gives them, but searched for only around each
    "(@": trying the pattern at every line start and dash of a long text is the slow part."""
    last = 0
    at = view.find("(@")
    while at >= 0:
        line_start = view.rfind("\n", 0, at) + 1
        match = SIGNATURE.search(view, max(last, line_start, at - _NAME_REACH), at + _SIGNATURE_REACH)
        if match and match.start() <= at:
            yield match
            last = match.end()
        at = view.find("(@", max(at + 2, last))


def _ends(view: str) -> Iterator[_End]:
    """Signatures and card users with their dates, in order, never overlapping."""
    found = []
    for match in _signatures(view):
        date = to_iso(match)
        if date:
            found.append(_End(match.start(), match.end(), match.group("name").strip() or None,
                              match.group("handle"), date.iso, match.group("url"), None))
    taken = [(e.words_end, e.span_end) for e in found]
    dashes = [e.words_end for e in found]
    at = view.find("@")
    while at >= 0:  # str.find, then the pattern at each "@": far faster than scanning with it
        user = _CARD_USER.match(view, at)
        at = view.find("@", at + 1)
        if user is None or any(a <= user.start() < b for a, b in taken):
            continue
        # A card's date comes before the next signature (words holding one are no card's).
        card = _card(view, user, min((d for d in dashes if d > user.start()), default=len(view)))
        if card and not any(a < card.span_end and card.words_end < b for a, b in taken):
            found.append(card)
            taken.append((min(card.words_end, card.words_start or card.words_end), card.span_end))
    yield from sorted(found, key=lambda e: e.span_end)


def _card(view: str, user: re.Match, limit: int) -> Optional[_End]:
    """A card in text: a name, ``@handle``, then either the words and a date, or only a date
    (the words came first, above the name)."""
    handle = user.group("handle") or user.group("glued")
    after = user.end()
    line_start = view.rfind("\n", 0, user.start()) + 1
    before = view[line_start:user.start()]
    glued = bool(before) and not before[-1].isspace()
    if glued and _split_glued_handle(handle) and not view[after:after + 1].isalpha():
        handle = _split_glued_handle(handle)
        after = user.start() + 1 + len(handle)
    time_of_day = re.search(r"\d{1,2}$", handle) if view[after:after + 1] == ":" else None
    if time_of_day and time_of_day.start() > 0:  # "@roghtia_af12:00 PM · 7 July 2021"
        handle = handle[:time_of_day.start()]
        after = user.start() + 1 + len(handle)
    name, name_start = _card_name(view, line_start, user.start())
    if name is None:
        return None
    date = None
    for match in find_dates(view, after, min(limit, after + 4 * TWEET_CHARS)):
        date = to_iso(match)
        if date:
            break
    if not date:
        return None
    between = view[after:match.start()]
    tail = re.match(_LINK_AFTER, view[match.end():])
    span_end = match.end() + (tail.end() if tail else 0)
    url = tail.group("url") if tail else None
    words = between.rstrip().rstrip("[").rstrip()
    if _TIME_OF_DAY.match(words) or not any(c.isalpha() for c in URL.sub("", words)):
        # Only the time between user and date: the words are above the name.
        if between.count("\n") > 3:
            return None
        return _End(name_start, span_end, name, handle, date.iso, url, None)
    lines = [_letters(line) for line in words.split("\n") if line.strip()]
    if (len(URL.sub("", words).strip()) > TWEET_CHARS or len(lines) > 6
            or SIGNATURE.search(words) or _another_user(view, after, match.start())
            or any(line.endswith(":") and len(line) > _INTRO_MIN_CHARS for line in lines)):
        return None
    end = after + len(words.rstrip())
    # A time of day before the date ("12:00 PM · ") is not the tweet's.
    time_match = re.search(r"\s*\d{1,2}:\d\d[^\n]{0,12}$", view[after:end])
    if time_match:
        end = after + time_match.start()
    return _End(end, span_end, name, handle, date.iso, url, after)


def _another_user(view: str, start: int, end: int) -> bool:
    """Whether another card's user ("Name" / "@handle" on their own, or glued) sits between a
    user and the date, which is then that card's. A mention inside the words is not one."""
    for user in _CARD_USER.finditer(view, start, end):
        line_start = view.rfind("\n", 0, user.start()) + 1
        line_end = view.find("\n", user.end())
        rest = view[user.end():line_end if line_end >= 0 else len(view)]
        if user.group("glued") or not rest.strip():
            if _card_name(view, line_start, user.start())[0]:
                return True
    return False


def _glued_boundaries(text: str) -> list[int]:
    """Where glued text turns from one element into the next: an end of sentence followed at
    once by a letter ("…the city.نیروهای"), or Latin letters glued to Arabic-script ones."""
    cuts = [m.end() for m in _SENTENCE_GLUE.finditer(text)]
    if _LATIN_RUN.search(text):  # only mixed text can switch script
        switches = set()
        for run in _ARABIC_RUN.finditer(text):
            if run.start() and text[run.start() - 1] in _ASCII_LETTERS:
                switches.add(run.start())
            if text[run.end():run.end() + 1] in _ASCII_LETTERS and run.end() < len(text):
                switches.add(run.end())
        if switches:
            cuts = sorted(switches.union(cuts))
    return cuts


def _card_name(view: str, line_start: int, at: int) -> tuple[Optional[str], int]:
    """The display name before a card's ``@handle``: on its line, or alone on the line above."""
    before = view[line_start:at]
    if before.strip():
        # Glued text ends at an element boundary; the name is what follows the last one.
        cuts = _glued_boundaries(before)
        offset = cuts[-1] if cuts else 0
        candidate = before[offset:].strip().strip("*_").strip()  # markdown's **Name**
        match = _CARD_NAME.search(candidate) if candidate else None
        if not match or match.group(0) != candidate or len(candidate.split()) > 6:
            return None, at
        return candidate, line_start + offset + before[offset:].index(candidate[0])
    above_end = line_start - 1
    above_start = view.rfind("\n", 0, max(above_end, 0)) + 1
    candidate = view[above_start:max(above_end, above_start)].strip().strip("*_").strip()
    if candidate and _CARD_NAME.fullmatch(candidate) and len(candidate.split()) <= 6:
        return candidate, above_start + view[above_start:above_end].index(candidate[0])
    return None, at


def _split_glued_handle(run: str) -> Optional[str]:
    """In ``Name@road_watchUpdate: the road…`` the handle ends where a capitalised word begins."""
    cuts = [m.start() for m in re.finditer(r"(?<=[a-z0-9_])(?=[A-Z][a-z])", run)]
    return run[:cuts[-1]] if cuts else None


def _words_start(view: str, end: int, floor: int, quoted: set) -> int:
    """Where the words end at ``end`` begin: walk up line by line (segment by segment where
    elements were glued) while the lines still belong to the tweet."""
    line_start = view.rfind("\n", floor, end) + 1 or floor
    line_start = max(line_start, floor)
    if line_start in quoted:
        return _quoted_start(view, line_start, floor, quoted)
    start = end
    kept: list[str] = []  # the words of the tweet's lines found so far, top first
    crossed_blank = False
    single_spaced = False
    for piece_start, piece, blank_before in _pieces_above(view, floor, end):
        words = _letters(piece)
        if not words:  # links, hashtags, numbers: part of the tweet, not an end to it
            if piece.strip():
                start = piece_start
            continue
        if kept and not _continues(kept, words, crossed_blank, single_spaced):
            break
        kept.insert(0, words)
        start = piece_start
        single_spaced = single_spaced or (len(kept) > 1 and not crossed_blank)
        crossed_blank = blank_before
    return start


def _pieces_above(view: str, floor: int, end: int) -> Iterator[tuple[int, str, bool]]:
    """The lines (and glued segments) above ``end``, nearest first: (start, text, blank above)."""
    position = end
    while position > floor:
        line_start = max(view.rfind("\n", floor, position) + 1, floor)
        # Glued text can put a whole page on one line; no tweet reaches further back than this.
        clipped = line_start < position - _LONGEST_REACH
        if clipped:
            line_start = position - _LONGEST_REACH
        line = view[line_start:position]
        cuts = [line_start + cut for cut in _glued_boundaries(_unlinked(line))]
        bounds = [line_start] + cuts + [position]
        segments = [(bounds[i], view[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]
        above = line_start - 1
        blank = False
        while above > floor and not view[max(view.rfind("\n", floor, above) + 1, floor):above].strip():
            blank = True
            above = view.rfind("\n", floor, above)
            if above < 0:
                break
        for index, (seg_start, seg) in enumerate(reversed(segments)):
            yield seg_start, seg, blank if index == len(segments) - 1 else False
        if line_start <= floor or clipped:
            break
        position = line_start - 1 if not blank else max(above, floor)
        if position < floor or above < 0:
            break


def _continues(kept: list[str], words: str, crossed_blank: bool, single_spaced: bool) -> bool:
    """Whether a line with these ``words``, just above the tweet's lines (their words ``kept``),
    is one of its lines too."""
    if crossed_blank and single_spaced:
        return False  # the tweet's lines were single-spaced: a blank line ends it
    if sum(map(len, kept)) + len(words) > TWEET_CHARS:
        return False
    if words.endswith(":") and len(words) > _INTRO_MIN_CHARS:
        return False  # "The governor wrote on social media:" introduces the embed
    below = " ".join(kept)
    if _script(words) != _script(below):
        return False
    marks_above, marks_below = _orthography(words), _orthography(below)
    if marks_above and marks_below and not marks_above & marks_below:
        return False  # Urdu letters above Pashto ones: two languages, two texts
    # In the same script, a tweet's earlier lines are short; an article's paragraphs rarely are.
    # A finished sentence above another that starts anew is the article's, unless the tweet's
    # own lines are ragged (a heading, a line without a full stop).
    finished = words[-1] in ".!?؟۔" and below[:1].isupper()
    return len(words) <= _SHORT_LINE_CHARS and not finished


# Letters only one of the Arabic-script languages writes (lingua's idea: unique letters first).
_UNIQUE_LETTERS = {"ps": set("ښځډږړټګۍېڼ"), "ur": set("ےںٹڈڑ"), "ar": set("ةى")}


def _orthography(text: str) -> set:
    return {code for code, letters in _UNIQUE_LETTERS.items() if letters & set(text)}


def _quoted_start(view: str, line_start: int, floor: int, quoted: set) -> int:
    """html2text: the tweet is every quoted line above the signature's."""
    start = line_start
    while start > floor:
        above = view.rfind("\n", floor, start - 1)
        above_start = above + 1 if above >= 0 else floor
        if above_start not in quoted or above_start == start:
            break
        start = above_start
    return start


def _unlinked(text: str) -> str:
    if not _LINKISH.search(text):
        return text
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    return MEDIA.sub(lambda m: " " * len(m.group(0)), text)


def _letters(text: str) -> str:
    """The words of a line without links, markdown link targets, hashtags or mentions."""
    if not _NOT_WORDS.search(text):  # most lines: plain words
        return " ".join(text.split()) if any(c.isalpha() for c in text) else ""
    text = _MARKDOWN_LINK.sub(lambda m: "" if URL.fullmatch(m.group(1)) or MEDIA.fullmatch(
        m.group(1)) else m.group(1), text)
    text = re.sub(r"[#@][\w\u200c]+", "", _unlinked(text))
    return " ".join(text.split()) if any(c.isalpha() for c in text) else ""


_LINKISH = re.compile(r"://|pic\.", re.I)
_NOT_WORDS = re.compile(r"://|pic\.|[\[#@]", re.I)


_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\ufb50-\ufefc]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _script(text: str) -> str:
    """The script most letters are in (counted a word at a time)."""
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    return "Arab" if arabic >= sum(map(len, _LATIN_RUN.findall(text))) else "Latn"


def _tweet(text: str, view: str, start: int, stop: int, end: _End, wrapped: bool) -> Tweet:
    media: list[str] = []
    links: list[str] = []
    words = text[start:stop]
    if _ODD_BREAK.search(words):
        words = words.translate(_LINE_BREAKS)
    if ">" in words:
        words = _QUOTE_MARK.sub("", words)
    if "](" in words:
        words = _MARKDOWN_LINK.sub(lambda m: _markdown_link(m, media, links), words)
    if "<" in words:
        words = _AUTOLINK.sub(r"\1", words)
    if wrapped:
        words = _MARKDOWN_ESCAPE.sub("", words)
    if _LINKISH.search(words):
        media += [m.group(0) for m in MEDIA.finditer(words)]
        words = MEDIA.sub(" ", words)
        links += [m.group(0) for m in URL.finditer(words)]  # t.co links among them
        words = URL.sub(" ", words)
    words = _GLUED_LINE.sub("\\g<0>\n", words)  # get_text(): "…کردند.مخالفان…" was two lines
    if wrapped:  # html2text: two trailing spaces mark the author's line break; others are wraps
        words = re.sub(r"(?<! {2})\n(?!\n)", " ", re.sub(r"\n[ \t]*\n", "\n\n", words))
    body, truncated = cap(tidy(words))
    hashtags, mentions = entities(body)
    status = parse_status_url(end.url or "")
    return Tweet(
        form="text-signature" if end.words_start is None else "text-card",
        text=body or None,
        id=status.id if status else None,
        url=status.url if status else None,
        author=Author(name=end.name, handle=end.handle),
        date=end.date_iso,
        media=tuple(re.sub(r"^https?://", "", m) for m in dict.fromkeys(media)),
        links=tuple(dict.fromkeys(links)),
        hashtags=hashtags,
        mentions=mentions,
        span=(start, end.span_end),
        date_check=date_check(status.id if status else None, end.date_iso),
        truncated=truncated,
    )


def _markdown_link(match: re.Match, media: list, links: list) -> str:
    label, target = match.group(1).strip(), match.group(2)
    if MEDIA.fullmatch(label):
        media.append(label)
        return " "
    if URL.fullmatch(label) or not label:
        links.append(target)
        return " "
    return label  # [#hashtag](…/hashtag/…) and [@mention](…) are words of the tweet
