"""Arabic-script evidence beside the n-grams: letters of one language (which decide for Sindhi,
Sorani Kurdish and Uyghur, and add odds for Pashto and Urdu), digits (Persian/Urdu ۰–۹ against
Arabic ٠–٩), and the words, by how often each language writes them (naive Bayes over words)."""

from __future__ import annotations

import functools
import math
import re
from itertools import compress, islice, repeat
from operator import eq, itemgetter
from typing import Optional

from .ngrams import WORD, NaiveBayes, load, word_frequencies

#: (code, calibration bucket, raw confidence, method, evidence): what a rule decided.
_Decision = tuple[str, str, float, str, tuple[str, ...]]

#: Pashto's own letters (no other language of the model writes them).
PASHTO_LETTERS = "ټډړږښګڼۍېځڅ"
# Letters used by one Arabic-script language (or a few) and not by the others we tell apart.
_MARKERS = {
    "ps": set(PASHTO_LETTERS),
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
# Their letters: most texts have none, and need not have Pashto's and Urdu's counted.
_DECIDING_LETTERS = re.compile(
    "[" + "".join(sorted(set().union(*(_MARKERS[code] for code in MARKER_LANGUAGES)))) + "]"
)

#: How much a text's digits weigh for or against Arabic (odds): a date or a number in a short
#: tweet is often all that tells Arabic from Persian (سلام ۱۴۰۰); keyboards type one set or the
#: other, so they are strong evidence. A judgement: TICO-19 writes
#: numbers in ASCII digits.
DIGIT_ODDS = 100.0


#: The least a text's words can make an Arabic-script language (odds against the likeliest):
#: one that writes none of them often is a thousand times less likely, never ruled out, so
#: that the n-grams still count. 100 and 1,000 gave the same on social-dev's dev half.
WORD_ODDS_FLOOR = 1e-3


def arabic_evidence(
    tokens: list[str],
) -> tuple[dict[str, float], int, dict[str, float], tuple[str, ...]]:
    """The Arabic-script n-gram model's log-likelihood per language and how many n-grams it
    knew (:meth:`NaiveBayes.scores`), and the odds from the words (natural logs, as
    :meth:`NaiveBayes.weigh` takes them), with their evidence: one pass over the text's
    tokens (what lies between spaces), each looked up once (:func:`_arabic_token`).

    The word odds: Persian, Arabic, Urdu and Pashto by how often each writes the text's words
    (naive Bayes over words: wordfreq's frequencies, Persian's completed by TICO-19's Dari,
    and TICO-19's for Pashto), on top of the
    n-grams: two-word posts carry few n-grams, but their words often settle them (د is
    Pashto, اور Urdu), and a word all four write (و, که) weighs alike for each. The evidence
    names the words ten times likelier in the winner than in any other. Pashto's and Urdu's
    own letters add ``LETTER_ODDS`` for each word that has one, up to two words: odds, not a
    decision (a Dari tweet quoting a Pashto name is still Persian)."""
    if not tokens:
        return {}, 0, {}, ()
    codes, _ = _arabic_tables()
    scored = list(map(_arabic_token, tokens))
    totals: list[float] = list(map(sum, zip(*map(itemgetter(0), scored))))
    width = len(codes)
    ngram_row, word_row = totals[:width], totals[width : 2 * width]
    known, owning = int(totals[2 * width]), totals[2 * width + 1 :]
    # The tokens another keyboard's reading changes (most texts have none; Urdu's ہ and ھ
    # are read as Pashto's ه): their rows are summed apart.
    readings = list(filter(None, map(itemgetter(1), scored)))
    respelled = _keyboard(word_row, readings) if readings else None
    if respelled:
        # The whole text as that language reads it: every language's n-grams are scored on
        # the same letters (the model skips n-grams it does not know, so scores over
        # different letters do not compare).
        place, word_change, ngram_changes, own_changes = respelled
        ngram_row = [score + change for score, change in zip(ngram_row, ngram_changes)]
        # The letters of the text as that language reads it: Dari typed with Pashto's ګ has
        # none of Pashto's letters left once ګ is read as گ, but ې or ړ stay.
        owning = [count + change for count, change in zip(owning, own_changes)]
        # The other keyboard is less likely than the letters as typed: a prior on the
        # words' side, before the floor (a reading its words settle is not undone by it).
        word_row[place] += word_change + math.log10(KEYBOARD_ODDS)
    else:
        pashto = _keyboard_places()[_KEYBOARD_CODES.index("ps")]
        if _margin(word_row, pashto) >= KEYBOARD_MARGIN:
            folded = sum(map(itemgetter(2), scored))
            if folded > ngram_row[pashto]:
                # Pashto typed on a Persian keyboard, its words a hundred times likelier than
                # any other language's: its n-grams are those of Pashto so typed
                # (PASHTO_FOLDED).
                ngram_row[pashto] = folded
                word_row[pashto] += math.log10(KEYBOARD_ODDS)
    ngram_scores = dict(zip(codes, ngram_row)) if known else {}
    top = max(word_row)
    # Natural logs of the odds (what the n-gram model's weighing adds): 10 ** (total - top),
    # at least WORD_ODDS_FLOOR.
    log_odds = {
        code: max((total - top) * _LN10, _LOG_FLOOR) for code, total in zip(codes, word_row)
    }
    for own, count in zip(_OWN_LETTERS, owning):
        if count:
            log_odds[own] += min(count, 2) * _LOG_LETTER_ODDS
    best = codes[word_row.index(top)]
    # The words ``best`` writes ten times more often than any other language does.
    telling = compress(
        map(itemgetter(4), scored), map(eq, map(itemgetter(3), scored), repeat(best))
    )
    words = " ".join(dict.fromkeys(islice(telling, 8)))
    return ngram_scores, known, log_odds, ((f"{best} words: {words}",) if words else ())


def _keyboard(
    word_row: list[float], readings: list[_Readings]
) -> Optional[tuple[int, float, list[float], list[float]]]:
    """Whether a language should read the text in its own letters, typed on another
    keyboard (``_KEYBOARD_SPELLING``): (its place in the rows, what reading the text so
    changes in its words' score, in every language's n-gram score and in the counts of words
    with each ``_OWN_LETTERS`` language's letters), or None. Only when its words, so read,
    are ``KEYBOARD_MARGIN`` likelier than any other language's, and the reading changes a
    token: Persian typed with Arabic ي and ك, but not Arabic itself, whose dialects share
    many words with Persian once ي and ك are read as ی and ک (on social-dev's dev half,
    reading without a margin lost 4 points of Arabic posts). ``readings``: what reading
    changes in the tokens it changes (:func:`_keyboard_delta`)."""
    places = _keyboard_places()
    readers = len(places)
    summed = list(map(sum, zip(*map(itemgetter(0), readings))))
    read = list(word_row)
    for place, change in zip(places, summed):
        read[place] += change
    best = read.index(max(read))
    if best not in places or _margin(read, best) < KEYBOARD_MARGIN:
        return None
    which = places.index(best)
    if not summed[readers + which]:  # the text is already in that language's letters
        return None
    changes = [others[which] for _, others in readings if others[which]]
    rest: list[float] = list(map(sum, zip(*changes)))
    width = len(read)
    return best, summed[which], rest[:width], rest[width:]


@functools.cache
def _keyboard_places() -> tuple[int, ...]:
    """Where the languages of ``_KEYBOARD_CODES`` are in :func:`_arabic_tables`' rows."""
    codes, _ = _arabic_tables()
    return tuple(codes.index(code) for code in _KEYBOARD_CODES)


def _margin(row: list[float], place: int) -> float:
    """How far the row's value at ``place`` is above every other (negative if below one)."""
    return row[place] - max(row[:place] + row[place + 1 :])


@functools.cache
def _arabic_tables() -> tuple[tuple[str, ...], tuple[dict[str, float], ...]]:
    unknown, table = word_frequencies("arab")
    codes = tuple(sorted(table))
    return codes, tuple(table[code] for code in codes)


@functools.cache
def _arabic_model() -> tuple[NaiveBayes, tuple[int, ...]]:
    """The n-gram model, and where each of :func:`_arabic_tables`' languages is in its rows,
    then where ``PASHTO_FOLDED`` is."""
    model, _ = load("arab")
    codes, _ = _arabic_tables()
    return model, tuple(model.classes.index(code) for code in (*codes, PASHTO_FOLDED))


#: Letters a language does not write, as other keyboards type them, and the letters meant:
#: Persian and Urdu typed on an Arabic keyboard (or the old Windows Persian layout) write
#: Arabic yeh ي, alef maksura ى and kaf ك for ی and ک; Dari typed on a Pashto keyboard writes
#: Pashto's gaf ګ for گ; Pashto writes ى for its ی, and Pashto typed on a Pakistani (Urdu)
#: keyboard writes Urdu's ہ ھ ٹ ڈ ڑ for ه ټ ډ ړ (ي is a Pashto letter of its own, and
#: Arabic's letters are its own). A text can be read in the letters of one of these languages
#: (:func:`_keyboard`). Not a rule of letters alone: Iraqi and Gulf Arabic write چ and گ,
#: Egyptian writes چ for g, so no letter says a text is Persian.
_KEYBOARD_SPELLING = {
    "fa": str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ګ": "گ"}),
    "ur": str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"}),
    "ps": str.maketrans({"ى": "ی", "ہ": "ه", "ھ": "ه", "ٹ": "ټ", "ڈ": "ډ", "ڑ": "ړ"}),
}
_KEYBOARD_CODES = tuple(sorted(_KEYBOARD_SPELLING))
#: How much likelier (log10) a language's words must be, read in its letters, than any other
#: language's before the text is read so: a hundred times. On social-dev's dev half, TICO-19's
#: dev split and the dev halves of five further Arabic sources (Egyptian, Gulf, Tunisian,
#: Iraqi, MSA), 1, 1.5 and 2 were tried: at 1, Arabic posts lost 0.7 of a point whole and 0.9
#: at 5 words (كول هوا is Persian once read so); at 2, none of the Arabic sets lost more than
#: a post, and Persian typed on an Arabic keyboard kept 0.97 at 5 words.
KEYBOARD_MARGIN = 2.0
#: The odds a language's reading pays, once a text, for the other keyboard: less likely than
#: the letters as typed (1, 0.3, 0.1, 0.03 and 0.01 tried; within a post of each other).
KEYBOARD_ODDS = 0.1


#: What reading a token on other keyboards changes (:func:`_keyboard_delta`).
_Readings = tuple[tuple[float, ...], tuple[Optional[tuple[float, ...]], ...]]


def _keyboard_delta(
    token: str,
    model: NaiveBayes,
    ngrams: tuple[float, ...],
    values: tuple[float, ...],
    unknown: float,
) -> Optional[_Readings]:
    """What reading the token in the letters of each language of ``_KEYBOARD_CODES`` (in that
    order, ``_KEYBOARD_SPELLING``) changes, or None when no reading changes it (most tokens):
    a row summed over the tokens a reading changes (for each reading, the change in that
    language's word log frequency, then 1 if it changes the token at all); and, for each
    reading, None if it leaves the token as it is, else the change in every language's
    n-gram score and in the ``_OWN_LETTERS`` flags (:func:`_owning`)."""
    codes, tables = _arabic_tables()
    _, order = _arabic_model()
    typed_owning = _owning(token)
    words: list[float] = []
    others: list[Optional[tuple[float, ...]]] = []
    for code in _KEYBOARD_CODES:
        read = token.translate(_KEYBOARD_SPELLING[code])
        if read == token:
            words.append(0.0)
            others.append(None)
            continue
        place = codes.index(code)
        row, known = model.token_scores(read)
        words.append(_word_values(read, (tables[place],), unknown)[0] - values[place])
        others.append(
            (
                *((row[index] if known else 0.0) - ngrams[i] for i, index in enumerate(order[:-1])),
                *(after - before for after, before in zip(_owning(read), typed_owning)),
            )
        )
    flags = tuple(float(change is not None) for change in others)
    return ((*words, *flags), tuple(others)) if any(flags) else None


#: The n-gram model's class of Pashto as typed on a Persian keyboard (no ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ;
#: TICO-19's Pashto folded to the nearest Persian letters). It scores Pashto in place of the
#: Pashto class only when Pashto's words are ``KEYBOARD_MARGIN`` likelier than any other
#: language's: Pashto so typed reads as Persian to n-grams of Pashto's letters, while a class
#: that is Pashto in Persian letters, asked of every text, made Persian posts Pashto.
PASHTO_FOLDED = "ps-folded"


#: The languages whose own letters add odds (``LETTER_ODDS``), in :func:`_arabic_token`'s row.
_OWN_LETTERS = ("ps", "ur")


@functools.lru_cache(maxsize=65536)  # words repeat from post to post
def _arabic_token(
    token: str,
) -> tuple[tuple[float, ...], Optional[_Readings], float, Optional[str], str]:
    """What a token says: a row summed over a text in one pass (the n-gram model's
    log-likelihoods, then the word's log frequency, each in :func:`_arabic_tables`' order of
    languages; how many of its n-grams the model knew; 1 or 0 for Pashto's and Urdu's own
    letters, a word with both counting for neither); what reading it in each
    ``_KEYBOARD_CODES`` language's letters changes (:func:`_keyboard_delta`; None for most
    words); the ``PASHTO_FOLDED`` class's
    log-likelihood; the language that writes the word ten times more often than any other,
    if one does; and the token's words, as the evidence names them."""
    unknown, _ = word_frequencies("arab")
    codes, tables = _arabic_tables()
    model, order = _arabic_model()
    row, known = model.token_scores(token)
    ngrams = tuple(row[index] for index in order[:-1]) if known else (0.0,) * len(codes)
    folded = row[order[-1]] if known else 0.0
    values = _word_values(token, tables, unknown)
    ranked = sorted(range(len(values)), key=values.__getitem__, reverse=True)
    tells = codes[ranked[0]] if values[ranked[0]] >= values[ranked[1]] + 1 else None
    summed = (*ngrams, *values, float(known), *_owning(token))
    readings = _keyboard_delta(token, model, ngrams, values, unknown)
    return summed, readings, folded, tells, " ".join(WORD.findall(token))


def _word_values(
    token: str, tables: tuple[dict[str, float], ...], unknown: float
) -> tuple[float, ...]:
    """Each table's log frequency of the token's words, summed: a token is what lies between
    spaces, and punctuation, digits and other words can be written against a word (ہے۔,
    سلام، and الله،الله are words the tables know)."""
    words = WORD.findall(token)
    if len(words) == 1:  # nearly every token
        return tuple(table.get(words[0], unknown) for table in tables)
    return tuple(sum(table.get(word, unknown) for word in words) for table in tables)


def _owning(token: str) -> tuple[float, ...]:
    """1 or 0 for each ``_OWN_LETTERS`` language: whether the token has its letters (and not
    the other's)."""
    own = {_MARKER_OF[c] for c in _MARKER_LETTERS.findall(token)} & set(_OWN_LETTERS)
    return tuple(float(own == {code}) for code in _OWN_LETTERS)


#: Odds a word with Pashto's or Urdu's own letters gives its language. On social-dev's dev
#: half 10 and 30 did the same (two-word Pashto 0.845 → 0.857); TICO-19 did not move.
LETTER_ODDS = 10.0
_LN10, _LOG_FLOOR = math.log(10), math.log(WORD_ODDS_FLOOR)
_LOG_LETTER_ODDS, _LOG_DIGIT_ODDS = math.log(LETTER_ODDS), math.log(DIGIT_ODDS)


def digit_log_odds(cleaned: str) -> tuple[dict, tuple]:
    """Extended digits ۰-۹ are written in Persian, Pashto and Urdu, Arabic-Indic ٠-٩ in
    Arabic: odds of ``DIGIT_ODDS`` against (or for) Arabic, for texts of few words (a natural
    log, as :meth:`NaiveBayes.weigh` takes it, and the evidence)."""
    digits = _DIGITS.findall(cleaned)
    if not digits:  # most posts
        return {}, ()
    extended = "".join(d for d in digits if d >= "۰")
    arabic = "".join(d for d in digits if d < "۰")
    if extended and not arabic:
        return {"ar": -_LOG_DIGIT_ODDS}, (f"Persian/Urdu digits: {extended}",)
    if arabic and not extended:
        return {"ar": _LOG_DIGIT_ODDS}, (f"Arabic digits: {arabic}",)
    return {}, ()


def by_markers(cleaned: str) -> Optional[_Decision]:
    """(code, bucket, confidence, method, evidence) when letters of a language outside the
    n-gram model settle it, else None."""
    if not _DECIDING_LETTERS.search(cleaned):
        return None
    letters = _MARKER_LETTERS.findall(cleaned)
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
