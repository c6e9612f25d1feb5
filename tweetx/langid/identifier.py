"""Identify a tweet's script and language: ``identify(text, hint=None) -> Language``.

Order of evidence, strongest first:
1. Script, from the Unicode block of each letter (handles, URLs, hashtag marks, digits and emoji
   are ignored).
2. For Arabic script, letters of languages the n-gram model does not know: Sindhi, Sorani
   Kurdish, Uyghur (and Pashto ټ ډ ړ ږ ښ ګ ڼ ۍ ې ځ څ and Urdu ٹ ڈ ڑ ں ے ھ ۓ, which the model
   knows too; see ``MARKER_LANGUAGES``).
3. Character n-gram models (:mod:`tweetx.langid.ngrams`): Persian, Pashto, Arabic and Urdu trained
   on TICO-19; the Latin-script languages of langdetect's profiles with English joined by
   TICO-19's; a list of English words settles short English texts first.
4. langdetect, seeded (it is random otherwise), for the other scripts.
5. The embed's ``lang_hint`` (``p[lang]``) as supporting evidence, never as truth; the
   article's language as a weak prior.
Too few letters → ``und``: abstaining beats guessing. Persian is then told apart as Dari or
Iranian Persian by the words that differ (:mod:`tweetx.langid.variety`), only when they say
so (``Language.variety``).
"""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING, Optional

from ..model import Language
from .latin import (
    ENGLISH_PRIOR_ODDS,
    PRIOR_WEIGHT,
    by_frequencies,
    by_roman_urdu,
    by_words,
    has_urdu_word,
)
from .ngrams import calibrated, length_class, load, script_text, word_frequencies
from .text import MIN_LETTERS, clean, token_scripts
from .variety import persian_variety

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

#: (code, calibration bucket, raw confidence, method, evidence): what a rule decided.
_Decision = tuple[str, str, float, str, tuple[str, ...]]

#: The other Latin-script languages news sites most often embed posts in; the rest of
#: langdetect's Latin-script languages (Afrikaans, Welsh, Somali, Tagalog, Norwegian…) are
#: taken to be ten times less likely before the text is read. A judgement on the mix of posts,
#: stated: on social-dev's dev half it moved two-word German, Italian and Indonesian from
#: 0.36–0.52 to 0.37–0.56 and no TICO-19 number.
MAJOR_LATIN = frozenset("es pt fr de it nl tr id ur".split())
MINOR_ODDS = 0.1

# Scripts written by one language in tweets, or one far more than any other (Ethiopic:
# Amharic before Tigrinya; Syriac and Tibetan: their main written language), which langdetect
# has no profile for: the script decides. Han with no kana or hangul is Chinese (langdetect
# calls some of it Korean).
_SCRIPT_LANGUAGES = {
    "Sinh": ("si", 0.95),
    "Thaa": ("dv", 0.95),
    "Mymr": ("my", 0.9),
    "Orya": ("or", 0.95),
    "Khmr": ("km", 0.95),
    "Laoo": ("lo", 0.95),
    "Geor": ("ka", 0.95),
    "Armn": ("hy", 0.95),
    "Ethi": ("am", 0.8),
    "Tibt": ("bo", 0.8),
    "Syrc": ("syr", 0.8),
    "Hani": ("zh", 0.9),
}

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
_EXTENDED_DIGITS = re.compile("[۰-۹]")
_ARABIC_DIGITS = re.compile("[٠-٩]")

#: Marker letters decide for these languages before the n-gram model is asked. Pashto and Urdu
#: are left to the model, which knows their words as well as their letters: a Dari tweet
#: quoting a Pashto name (څارنوال) is still Persian.
MARKER_LANGUAGES = ("sd", "ckb", "ug")

#: How much a text's digits weigh for or against Arabic (odds): a date or a number in a short
#: tweet is often all that tells Arabic from Persian (سلام ۱۴۰۰); keyboards type one set or the
#: other, so they are strong evidence. A judgement: TICO-19 writes
#: numbers in ASCII digits.
DIGIT_ODDS = 100.0

_VARIETY_COUNTRY_DOMAINS = {"af": "AF", "ir": "IR"}
_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:@\[\]]+)")


def identify(
    text: str,
    hint: Optional[str] = None,
    prior: Optional[str] = None,
    country: Optional[str] = None,
) -> Language:
    """Identify the language and script of a short text.

    Args:
        text: the tweet's text; handles, URLs and hashtag marks are ignored.
        hint: the language the embed claims (``p[lang]``); evidence, not truth.
        prior: the article's language; a weak prior, used only where statistics decide.
        country: the article's country (ISO 3166, e.g. ``AF`` from a ``.af`` address); it
            leans a Persian text's variety, never its language.

    Example:
        >>> lang = identify("د افغانستان په ښار کې خلک خوشحاله دي")
        >>> (lang.code, lang.script, lang.variety)
        ('ps', 'Arab', None)
    """
    cleaned = clean(text)
    scripts: dict = {}
    words: dict = {}
    tokens = cleaned.split()
    for found in map(token_scripts, tokens):
        if not found:
            continue
        first, letters = found[0]
        words[first] = words.get(first, 0) + 1
        scripts[first] = scripts.get(first, 0) + letters
        for name, count in found[1:]:  # most words are in one script
            scripts[name] = scripts.get(name, 0) + count
    total = sum(scripts.values())
    shares = (
        {name: count / total for name, count in sorted(scripts.items(), key=lambda item: -item[1])}
        if total
        else {}
    )
    if total < MIN_LETTERS:
        return Language(
            "und",
            next(iter(shares), "Zyyy"),
            0.0,
            "too-short",
            scripts=shares,
            evidence=(f"{total} letters",),
        )
    # The script most words are written in (not most letters: a Pashto tweet quoting
    # "SARS-CoV-2" has more Latin letters than Arabic ones). Ties go to the non-Latin script,
    # since Latin acronyms and names turn up in tweets of every script.
    script = max(words, key=lambda name: (words[name], name != "Latn", shares.get(name, 0)))
    decision = _decide(script, cleaned, prior, shares)
    if decision is None:
        return Language(
            "und",
            script,
            0.0,
            "no-features",
            scripts=shares,
            evidence=("no n-gram the models know",),
        )
    code, bucket, raw_confidence, method, decided_by = decision
    basis = f"{bucket}|{length_class(len(tokens))}"
    confidence = calibrated(basis, raw_confidence)
    evidence = list(decided_by)
    if hint:
        hint_code = hint.split("-")[0].lower()
        if hint_code == code:
            confidence = 1 - (1 - confidence) / 2
            evidence.append(f"page says {hint}")
        else:
            evidence.append(f"page says {hint}, text says {code}")
    variety = None
    if code == "fa":
        variety, variety_evidence = persian_variety(cleaned, hint, country)
        evidence.extend(variety_evidence)
    return Language(code, script, confidence, method, variety, shares, tuple(evidence), basis)


def country_of(url: str) -> Optional[str]:
    """The country an article's address names, where it leans a Persian text's variety.

    Example:
        >>> country_of("https://www.tolonews.com.af/afghanistan-123"), country_of("https://x.ir/a")
        ('AF', 'IR')
    """
    # A pattern, not urlsplit: that raises on a malformed address ("http://[oops"), which a
    # crawl's records can hold, and it is ten times slower.
    host = _HOST.match(url)
    top_level = host.group(1).lower().rstrip(".").rsplit(".", 1)[-1] if host else ""
    return _VARIETY_COUNTRY_DOMAINS.get(top_level)


def _decide(script: str, cleaned: str, prior: Optional[str], scripts: dict) -> Optional[_Decision]:
    """(code, calibration bucket, raw confidence, method, evidence), or None when nothing can."""
    if script == "Arab":
        if marked := _by_markers(cleaned):
            return marked
        odds, evidence = _digit_odds(cleaned)
        arabic = script_text(cleaned, "arab")
        word_odds, word_evidence = _arabic_word_odds(arabic)
        for code, value in word_odds.items():
            odds[code] = odds.get(code, 1.0) * value
        evidence += word_evidence
        return _by_model("arab", arabic, prior, odds, evidence, words_only=True)
    if script == "Latn":
        return (
            by_roman_urdu(cleaned)
            or by_frequencies(cleaned, prior)
            or by_words(cleaned)
            or _by_model("latn", cleaned.lower(), prior, _latin_odds())
        )
    if script in _SCRIPT_LANGUAGES and not {"Hira", "Kana", "Hang"} & set(scripts):
        code, confidence = _SCRIPT_LANGUAGES[script]
        return code, f"script-{script}", confidence, "script", (f"{script} script",)
    code, probability = _by_langdetect(cleaned, prior)
    if code == "und":
        return None
    evidence = (f"article language {prior} (prior)",) if prior else ()
    return code, f"langdetect-{script}:{_bin(probability)}", probability, "langdetect", evidence


#: The least a text's words can make an Arabic-script language (odds against the likeliest):
#: one that writes none of them often is a thousand times less likely, never ruled out, so
#: that the n-grams still count. 100 and 1,000 gave the same on social-dev's dev half.
WORD_ODDS_FLOOR = 1e-3


def _arabic_word_odds(arabic: str) -> tuple[dict[str, float], tuple[str, ...]]:
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
    scored = [_arabic_word(word) for word in words]
    totals = [sum(values) for values in zip(*(values for values, _, _ in scored))]
    top = max(totals)
    odds = {code: max(10 ** (total - top), WORD_ODDS_FLOOR) for code, total in zip(codes, totals)}
    lettered: dict[str, int] = {}
    for _, _, letters in scored:
        if letters:
            lettered[letters] = lettered.get(letters, 0) + 1
    for code, n in lettered.items():
        odds[code] *= LETTER_ODDS ** min(n, 2)
    best = codes[totals.index(top)]
    telling = list(dict.fromkeys(w for w, (_, tells, _) in zip(words, scored) if tells == best))
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


def _digit_odds(cleaned: str) -> tuple[dict, tuple]:
    """Extended digits ۰-۹ are written in Persian, Pashto and Urdu, Arabic-Indic ٠-٩ in
    Arabic: odds of ``DIGIT_ODDS`` against (or for) Arabic, for texts of few words."""
    extended = "".join(_EXTENDED_DIGITS.findall(cleaned))
    arabic = "".join(_ARABIC_DIGITS.findall(cleaned))
    if extended and not arabic:
        return {"ar": 1 / DIGIT_ODDS}, (f"Persian/Urdu digits: {extended}",)
    if arabic and not extended:
        return {"ar": DIGIT_ODDS}, (f"Arabic digits: {arabic}",)
    return {}, ()


#: How much the n-grams weigh beside the words' frequencies (log-likelihoods scaled): in full
#: the n-grams of one name (کندهار) outvoted the commonest Pashto word (د) a thousand to one. On
#: social-dev's dev half, two-word Persian, Urdu and Arabic rose from 0.89/0.89/0.92 to
#: 0.95/0.92/0.94 at 0.2 (1, 0.7, 0.5, 0.3, 0.2 and 0.1 tried; 0.1 cost Pashto), and no whole
#: post fell.
NGRAM_WEIGHTS = {"arab": 0.2}


def _by_model(
    name: str,
    text: str,
    prior: Optional[str],
    odds: Optional[dict] = None,
    evidence: tuple = (),
    words_only: bool = False,
) -> Optional[_Decision]:
    """The model's answer for a text (``words_only``: already :func:`script_text`'s words)."""
    model, _ = load(name)
    if not words_only:
        text = script_text(text, name)
    odds = dict(odds or {})
    if prior:
        odds[prior] = odds.get(prior, 1.0) * PRIOR_WEIGHT
    posterior, known = model.posterior(text, odds, NGRAM_WEIGHTS.get(name, 1.0))
    if not posterior:
        return None
    ranked = sorted(posterior.items(), key=lambda item: -item[1])
    if name == "latn" and ranked[0][0] == "ur" and not has_urdu_word(text):
        # Roman Urdu's n-grams also fit names and English fragments (Karthikeyan in): without
        # one Hindustani word, the next language is the answer.
        ranked = ranked[1:]
        total = sum(p for _, p in ranked)
        ranked = [(c, p / total) for c, p in ranked]
    elif name == "latn" and ranked[0][0] not in MAJOR_LATIN | {"en"} and has_urdu_word(text):
        # A language seldom posted in (Somali, Tagalog…) against a post with Hindustani words:
        # Roman Urdu's few hundred training posts lose to Wikipedia's n-grams on names and
        # spellings they never saw (Hamara masoomana sawal → so).
        ranked = sorted(ranked, key=lambda item: item[0] != "ur")
    code, probability = ranked[0]
    notes = [
        f"{known} known n-grams: " + ", ".join(f"{c} {p:.2f}" for c, p in ranked[:2]),
        *evidence,
    ]
    if prior in posterior:
        notes.append(f"article language {prior} (prior)")
    return (code, f"ngrams-{name}:{_strength(probability)}", probability, "ngrams", tuple(notes))


def _strength(probability: float) -> str:
    """Posterior bins for calibration: naive Bayes is sure of itself, so most of its answers
    sit above 0.99 and that is where they need telling apart."""
    for floor in (0.9999, 0.999, 0.99, 0.9, 0.7):
        if probability >= floor:
            return str(floor)
    return "0.5"


@functools.cache
def _latin_odds() -> dict[str, float]:
    model, _ = load("latn")
    return {
        code: ENGLISH_PRIOR_ODDS if code == "en" else 1.0 if code in MAJOR_LATIN else MINOR_ODDS
        for code in model.classes
    }


def _bin(probability: float) -> str:
    return f"{min(int(probability * 10), 9) / 10:.1f}"


def _by_markers(cleaned: str) -> Optional[_Decision]:
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


def _by_langdetect(text: str, prior: Optional[str] = None) -> tuple[str, float]:
    """langdetect's best (code, probability) over all its languages."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    detector.append(text)
    try:
        candidates = {c.lang.split("-")[0]: c.prob for c in detector.get_probabilities()}
    except LangDetectException:
        return "und", 0.0
    if prior in candidates:
        # A weak prior: it settles near-ties among the candidates langdetect already found
        # (es 0.57 / pt 0.43 in a Portuguese article → pt), never brings in a new language.
        candidates[prior] *= PRIOR_WEIGHT
        total = sum(candidates.values())
        candidates = {code: p / total for code, p in candidates.items()}
    code = max(candidates, key=candidates.__getitem__)
    return code, candidates[code]


@functools.cache
def _langdetect_factory() -> DetectorFactory:
    """A seeded langdetect factory over all its profiles, loaded once."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as handle:
            profiles.append(handle.read())
    factory.load_json_profile(profiles)
    factory.set_seed(0)  # langdetect samples n-grams at random: unseeded, answers change per run
    return factory
