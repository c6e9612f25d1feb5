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
from typing import Optional

from .urls import MAX_TWEET_CHARS, MEDIA, URL, has_links, take_links

TWEET_CHARS = 280  # a tweet's limit; lines above a signature are taken while they fit
# Twice X's longest post: a longer run of words is still seen as longer, and cut and flagged.
_LONGEST_REACH = 2 * MAX_TWEET_CHARS
SHORT_LINE_CHARS = 80
INTRO_MIN_CHARS = 25  # "Update:" opens a tweet; "The governor wrote on social media:" an embed
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
_SENTENCE_GLUE = re.compile(r"[.!?؟…\"”:)۔](?=[^\W\d_])")
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\ufb50-\ufefc]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_NOT_ARABIC_LEAD = bytes(b for b in range(256) if not 0xD8 <= b <= 0xDB)
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Letters only one of the Arabic-script languages writes (lingua's idea: unique letters first).
_UNIQUE_LETTERS = {"ps": set("ښځډږړټګۍېڼ"), "ur": set("ےںٹڈڑ"), "ar": set("ةى")}
_ANY_UNIQUE_LETTER = frozenset().union(*_UNIQUE_LETTERS.values())
_TAGS = re.compile(r"[#@][\w\u200c]+")
_LETTER = re.compile(r"[^\W\d_]")


def words_start(view: str, end: int, floor: int, quoted: set) -> int:
    """Where the words end at ``end`` begin: walk up line by line (segment by segment where
    elements were glued) while the lines still belong to the tweet."""
    line_start = max(view.rfind("\n", floor, end) + 1, floor)
    if line_start in quoted:
        return _quoted_start(view, line_start, floor, quoted)
    start = end
    kept: list[str] = []  # the words of the tweet's lines found so far, nearest first
    crossed_blank = single_spaced = False
    position = end
    while position > floor:
        line_start = max(view.rfind("\n", floor, position) + 1, floor)
        # Glued text can put a whole page on one line; no tweet reaches further back than this.
        clipped = line_start < position - _LONGEST_REACH
        if clipped:
            line_start = position - _LONGEST_REACH
        top_kept = False
        line = view[line_start:position]
        if kept and _in_other_script(line, kept):
            return start  # the article's paragraph above the tweet, most often: decided at once
        # A blank line (the signature's own, in trafilatura's text) holds nothing to weigh.
        pieces = _segments(line, line_start) if line.strip() else ()
        for piece_start, piece, piece_unlinked in pieces:
            words = letters(piece, piece_unlinked)
            top_kept = bool(words)
            if not words:  # links, hashtags, numbers: part of the tweet, not an end to it
                if piece.strip():
                    start = piece_start
                continue
            if kept and not _continues(kept, words, crossed_blank, single_spaced):
                return start
            kept.append(words)
            single_spaced = single_spaced or (len(kept) > 1 and not crossed_blank)
            start = piece_start
            crossed_blank = False
        if line_start <= floor or clipped:
            break
        # Blank lines above this one: a paragraph break, which may end a single-spaced tweet.
        above = line_start - 1
        blank = False
        while (
            above > floor
            and not view[max(view.rfind("\n", floor, above) + 1, floor) : above].strip()
        ):
            blank = True
            above = view.rfind("\n", floor, above)
            if above < 0:
                return start
        if top_kept:
            crossed_blank = blank
        position = max(above, floor) if blank else line_start - 1
    return start


def _segments(line: str, line_start: int) -> list[tuple[int, str, str]]:
    """A line's glued segments (one, unless elements were glued), nearest its end first:
    (start, text, text with its links blanked)."""
    line_unlinked = unlinked(line) if has_links(line) else line
    if not _SENTENCE_GLUE.search(line_unlinked) and (
        line.isascii() or not all(script_letters(line_unlinked))
    ):
        return [(line_start, line, line_unlinked)]  # most lines: one element, in one script
    bounds = [0] + glued_boundaries(line_unlinked) + [len(line)]
    return [
        (line_start + a, line[a:b], line_unlinked[a:b])
        for a, b in zip(bounds[-2::-1], bounds[:0:-1])
    ]


def _continues(kept: list[str], words: str, crossed_blank: bool, single_spaced: bool) -> bool:
    """Whether a line with these ``words``, just above the tweet's lines (their words ``kept``,
    nearest the signature first), is one of its lines too."""
    if crossed_blank and single_spaced:
        return False  # the tweet's lines were single-spaced: a blank line ends it
    if sum(map(len, kept)) + len(words) > TWEET_CHARS:
        return False
    if words.endswith(":") and len(words) > INTRO_MIN_CHARS:
        return False  # "The governor wrote on social media:" introduces the embed
    below = " ".join(kept)
    arabic, latin = script_letters(words)
    arabic_below, latin_below = script_letters(below)
    if (arabic >= latin) != (arabic_below >= latin_below):
        return False  # a change of script
    marks = _orthography(words)
    if marks:
        marks_below = _orthography(below)
        if marks_below and not marks & marks_below:
            return False  # Urdu letters above Pashto ones: two languages, two texts
    # In the same script, a tweet's earlier lines are short; an article's paragraphs rarely are.
    # A finished sentence above another that starts anew is the article's.
    finished = words[-1] in ".!?؟۔" and kept[-1][0].isupper()
    return len(words) <= SHORT_LINE_CHARS and not finished


def _in_other_script(line: str, kept: list[str]) -> bool:
    """Whether :func:`_continues` refuses the line for its script, whatever its segments: plain
    words (no links, tags or markdown, which :func:`letters` would take out) with a letter,
    all ASCII below Arabic-script lines or without an ASCII letter below Latin ones."""
    if "@" in line or "#" in line or "[" in line or has_links(line):
        return False
    arabic_below, latin_below = script_letters(" ".join(kept))
    if line.isascii():
        return arabic_below >= latin_below and has_letter(line)
    return arabic_below < latin_below and script_letters(line)[1] == 0 and has_letter(line)


def _orthography(text: str) -> set:
    if _ANY_UNIQUE_LETTER.isdisjoint(text):  # most texts
        return set()
    return {code for code, letters in _UNIQUE_LETTERS.items() if not letters.isdisjoint(text)}


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


def unlinked(text: str) -> str:
    """The text with its links and media links blanked, one space for each character."""
    return take_links(text, blank=True)[0]


def letters(text: str, text_unlinked: Optional[str] = None) -> str:
    """The words of a line without links, markdown link targets, hashtags or mentions.
    ``text_unlinked``: the text already through :func:`unlinked`."""
    if not (
        "@" in text
        or "#" in text
        or "[" in text  # most lines: plain words
        or (has_links(text) if text_unlinked is None else text_unlinked != text)
    ):
        return " ".join(text.split()) if has_letter(text) else ""
    if "](" in text:
        text = unlinked(MARKDOWN_LINK.sub(_link_label, text))
    else:
        text = unlinked(text) if text_unlinked is None else text_unlinked
    text = _TAGS.sub("", text)
    return " ".join(text.split()) if has_letter(text) else ""


def _link_label(link: re.Match) -> str:
    label = link.group(1)
    return "" if URL.fullmatch(label) or MEDIA.fullmatch(label) else label


def has_letter(text: str) -> bool:
    """``any(c.isalpha() for c in text)``, a regex's speed: ``[^\\W\\d_]`` also takes a few
    numerals (½, ²), so its first hit is checked."""
    hit = _LETTER.search(text)
    return hit is not None and (
        hit.group().isalpha() or any(c.isalpha() for c in text[hit.end() :])
    )


def script_letters(text: str) -> tuple[int, int]:
    """How many letters of the text are Arabic-script (U+0600-06FF and the presentation forms)
    and how many ASCII Latin. Counted on the UTF-8 bytes: every U+0600-06FF letter has one
    lead byte D8-DB, and bytes.translate counts ten times faster than a regex walks the text."""
    if text.isascii():
        return 0, len(text.encode("ascii").translate(None, _NOT_ASCII_LETTER))
    data = text.encode("utf-8", "surrogatepass")
    if b"\xef" in data:  # U+F000-FFFF, the presentation forms among them: count by regex
        return sum(map(len, _ARABIC_RUN.findall(text))), sum(map(len, _LATIN_RUN.findall(text)))
    return len(data.translate(None, _NOT_ARABIC_LEAD)), len(data.translate(None, _NOT_ASCII_LETTER))


def glued_boundaries(text: str) -> list[int]:
    """Where glued text turns from one element into the next: an end of sentence followed at
    once by a letter ("…the city.نیروهای"), or Latin letters glued to Arabic-script ones."""
    cuts = [m.end() for m in _SENTENCE_GLUE.finditer(text)]
    if _LATIN_RUN.search(text):  # only mixed text can switch script
        switches = set()
        for run in _ARABIC_RUN.finditer(text):
            if run.start() and text[run.start() - 1] in _ASCII_LETTERS:
                switches.add(run.start())
            if text[run.end() : run.end() + 1] in _ASCII_LETTERS and run.end() < len(text):
                switches.add(run.end())
        if switches:
            cuts = sorted(switches.union(cuts))
    return cuts
