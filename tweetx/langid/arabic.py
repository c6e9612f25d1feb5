"""Arabic-script evidence beside the n-grams: letters of one language (which decide for Sindhi,
Sorani Kurdish and Uyghur, and add odds for Pashto and Urdu), digits (Persian/Urdu ۰–۹ against
Arabic ٠–٩), and the words, by how often each language writes them (naive Bayes over words)."""

from __future__ import annotations

import functools
import re
from typing import Optional

from .ngrams import word_frequencies

#: (code, calibration bucket, raw confidence, method, evidence): what a rule decided.
_Decision = tuple[str, str, float, str, tuple[str, ...]]

# Letters used by one Arabic-script language (or a few) and not by the others we tell apart.
_MARKERS = {
    "ps": set("ټډړږښګڼۍېځڅ"),
    "ur": set("ٹڈڑںےھۓہۂ"),  # incl. heh goal ہ, which Persian and Arabic write as ه
    "sd": set("ٻڀٿٺڄڃڇڏڍڌڙڦڪڳڱڻ"),
    "ckb": set("ڵڕێۆ"),
    "ug": set("ۈۋڭۇ"),
}
_MARKER_LETTERS = re.compile("[" + "".join(sorted(set().union(*_MARKERS.values()))) + "]")
_MARKER_OF = {letter: code for code, letters in _MARKERS.items() for letter in letters}
_DIGITS = re.compile("[٠-٩۰-۹]")  # Arabic-Indic U+0660–0669, extended U+06F0–06F9

#: Marker letters decide for these languages before the n-gram model is asked. Pashto and Urdu
#: are left to the model, which knows their words as well as their letters: a Dari tweet
#: quoting a Pashto name (څارنوال) is still Persian.
MARKER_LANGUAGES = ("sd", "ckb", "ug")

#: How much a text's digits weigh for or against Arabic (odds): a date or a number in a short
#: tweet is often all that tells Arabic from Persian (سلام ۱۴۰۰); keyboards type one set or the
#: other, so they are strong evidence. A judgement: TICO-19 writes
#: numbers in ASCII digits.
DIGIT_ODDS = 100.0


#: The least a text's words can make an Arabic-script language (odds against the likeliest):
#: one that writes none of them often is a thousand times less likely, never ruled out, so
#: that the n-grams still count. 100 and 1,000 gave the same on social-dev's dev half.
WORD_ODDS_FLOOR = 1e-3


def arabic_word_odds(arabic: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """Odds for Persian, Arabic, Urdu and Pashto from how often each writes the text's words
    (naive Bayes over words: wordfreq's frequencies, TICO-19's for Pashto), on top of the
    n-grams: two-word posts carry few n-grams, but their words often settle them (د is
    Pashto, اور Urdu), and a word all four write (و, که) weighs alike for each. The evidence
    names the words ten times likelier in the winner than in any other. Pashto's and Urdu's
    own letters add ``LETTER_ODDS`` for each word that has one, up to two words: odds, not a
    decision (a Dari tweet quoting a Pashto name is still Persian)."""
    words = arabic.split()
    if not words:
        return {}, ()
    codes, _ = _arabic_tables()
    scored = list(map(_arabic_word, words))
    totals = list(map(sum, zip(*[values for values, _, _ in scored])))
    top = max(totals)
    odds = {code: max(10 ** (total - top), WORD_ODDS_FLOOR) for code, total in zip(codes, totals)}
    owns = [own for _, _, own in scored if own]
    for code in set(owns):
        odds[code] *= LETTER_ODDS ** min(owns.count(code), 2)
    best = codes[totals.index(top)]
    telling = list(dict.fromkeys([w for w, (_, tells, _) in zip(words, scored) if tells == best]))
    return odds, ((f"{best} words: {' '.join(telling[:8])}",) if telling else ())


@functools.cache
def _arabic_tables() -> tuple[tuple[str, ...], tuple[dict[str, float], ...]]:
    unknown, table = word_frequencies("arab")
    codes = tuple(sorted(table))
    return codes, tuple(table[code] for code in codes)


@functools.lru_cache(maxsize=65536)  # words repeat from post to post
def _arabic_word(word: str) -> tuple[tuple[float, ...], Optional[str], Optional[str]]:
    """A word's log frequency in each language (in :func:`_arabic_tables`' order), the
    language that writes it ten times more often than any other, if one does, and ``ps`` or
    ``ur`` if the word has that language's own letters (and not the other's)."""
    unknown, _ = word_frequencies("arab")
    codes, tables = _arabic_tables()
    values = tuple(table.get(word, unknown) for table in tables)
    ranked = sorted(range(len(values)), key=values.__getitem__, reverse=True)
    tells = codes[ranked[0]] if values[ranked[0]] >= values[ranked[1]] + 1 else None
    own = {_MARKER_OF[c] for c in _MARKER_LETTERS.findall(word)} & {"ps", "ur"}
    return values, tells, own.pop() if len(own) == 1 else None


#: Odds a word with Pashto's or Urdu's own letters gives its language. On social-dev's dev
#: half 10 and 30 did the same (two-word Pashto 0.845 → 0.857); TICO-19 did not move.
LETTER_ODDS = 10.0


def digit_odds(cleaned: str) -> tuple[dict, tuple]:
    """Extended digits ۰-۹ are written in Persian, Pashto and Urdu, Arabic-Indic ٠-٩ in
    Arabic: odds of ``DIGIT_ODDS`` against (or for) Arabic, for texts of few words."""
    digits = _DIGITS.findall(cleaned)
    if not digits:  # most posts
        return {}, ()
    extended = "".join(d for d in digits if d >= "۰")
    arabic = "".join(d for d in digits if d < "۰")
    if extended and not arabic:
        return {"ar": 1 / DIGIT_ODDS}, (f"Persian/Urdu digits: {extended}",)
    if arabic and not extended:
        return {"ar": DIGIT_ODDS}, (f"Arabic digits: {arabic}",)
    return {}, ()


def by_markers(cleaned: str) -> Optional[_Decision]:
    """(code, bucket, confidence, method, evidence) when letters of a language outside the
    n-gram model settle it, else None."""
    letters = _MARKER_LETTERS.findall(cleaned)
    if not letters:
        return None
    hits = dict.fromkeys(_MARKERS, 0)  # counted letter by letter: a text has few of them
    for letter in letters:
        hits[_MARKER_OF[letter]] += 1
    code, best = max(hits.items(), key=lambda item: item[1])
    if code not in MARKER_LANGUAGES or best <= 2 * sorted(hits.values())[-2]:
        return None
    found = " ".join(sorted(set(letters) & _MARKERS[code]))
    return (
        code,
        f"marker-letters:{min(best, 3)}",
        0.99 if best >= 2 else 0.9,
        "letters",
        (f"{code} letters: {found}",),
    )
