"""Where a tweet's words begin in scraped text: the walk up from its signature, line by line.

Extractors lay a tweet's lines out like the article's paragraphs (trafilatura and get_text lines:
one line each; newspaper3k: a blank line between each), or glue them to the article
(``get_text()``). So the walk decides on content: links and hashtag-only lines belong to the
tweet; a change of script, letters only another language writes, more than 280 characters, an
introduction ("…wrote on Twitter:"), a paragraph break after single-spaced tweet lines, or, in
the same script, a long line or a finished sentence above one that starts anew end it.
"""

from __future__ import annotations

import re
from typing import Iterator

from .urls import MAX_TWEET_CHARS, MEDIA, URL

TWEET_CHARS = 280  # a tweet's limit; lines above a signature are taken while they fit
# Twice X's longest post: a longer run of words is still seen as longer, and cut and flagged.
_LONGEST_REACH = 2 * MAX_TWEET_CHARS
SHORT_LINE_CHARS = 80
INTRO_MIN_CHARS = 25  # "Update:" opens a tweet; "The governor wrote on social media:" an embed
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
LINKISH = re.compile(r"://|pic\.", re.I)
_NOT_WORDS = re.compile(r"://|pic\.|[\[#@]", re.I)
_SENTENCE_GLUE = re.compile(r"[.!?؟…\"”:)۔](?=[^\W\d_])")
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\ufb50-\ufefc]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Letters only one of the Arabic-script languages writes (lingua's idea: unique letters first).
_UNIQUE_LETTERS = {"ps": set("ښځډږړټګۍېڼ"), "ur": set("ےںٹڈڑ"), "ar": set("ةى")}


def words_start(view: str, end: int, floor: int, quoted: set) -> int:
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
        words = letters(piece)
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
        cuts = [line_start + cut for cut in glued_boundaries(_unlinked(line))]
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
    if words.endswith(":") and len(words) > INTRO_MIN_CHARS:
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
    return len(words) <= SHORT_LINE_CHARS and not finished


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
    if not LINKISH.search(text):
        return text
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    return MEDIA.sub(lambda m: " " * len(m.group(0)), text)


def letters(text: str) -> str:
    """The words of a line without links, markdown link targets, hashtags or mentions."""
    if not _NOT_WORDS.search(text):  # most lines: plain words
        return " ".join(text.split()) if any(c.isalpha() for c in text) else ""
    text = MARKDOWN_LINK.sub(lambda m: "" if URL.fullmatch(m.group(1)) or MEDIA.fullmatch(
        m.group(1)) else m.group(1), text)
    text = re.sub(r"[#@][\w\u200c]+", "", _unlinked(text))
    return " ".join(text.split()) if any(c.isalpha() for c in text) else ""


def _script(text: str) -> str:
    """The script most letters are in (counted a word at a time)."""
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    return "Arab" if arabic >= sum(map(len, _LATIN_RUN.findall(text))) else "Latn"


def glued_boundaries(text: str) -> list[int]:
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
