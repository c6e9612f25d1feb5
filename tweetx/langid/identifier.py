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
import math
import os
import re
from operator import itemgetter
from typing import TYPE_CHECKING, Optional

from ..model import Language
from .arabic import arabic_evidence, by_markers, digit_log_odds
from .latin import (
    ENGLISH_PRIOR_ODDS,
    PRIOR_WEIGHT,
    by_frequencies,
    by_roman_urdu,
    by_words,
    has_urdu_word,
)
from .ngrams import calibrated, length_class, load, script_text, script_words
from .text import MIN_LETTERS, clean, one_script, token_scripts
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
    script = one_script(cleaned)
    if script is not None:  # nearly every post: no letters to count
        # clean() leaves one space between tokens: counting them is cheaper than a split.
        n_tokens = cleaned.count(" ") + 1
        return _identified(script, cleaned, n_tokens, {script: 1.0}, hint, prior, country)
    tokens = cleaned.split()
    scripts: dict = {}
    words: dict = {}
    for found in map(token_scripts, tokens):
        if not found:
            continue
        first, letters = found[0]
        words[first] = words.get(first, 0) + 1
        scripts[first] = scripts.get(first, 0) + letters
        for name, count in found[1:]:  # most words are in one script
            scripts[name] = scripts.get(name, 0) + count
    total = sum(scripts.values())
    if len(scripts) == 1:  # most texts: one script
        shares = {name: 1.0 for name in scripts}
    else:
        shares = (
            {name: n / total for name, n in sorted(scripts.items(), key=lambda item: -item[1])}
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
    return _identified(script, cleaned, len(tokens), shares, hint, prior, country)


def _identified(
    script: str,
    cleaned: str,
    n_tokens: int,
    shares: dict,
    hint: Optional[str],
    prior: Optional[str],
    country: Optional[str],
) -> Language:
    """The language of a cleaned text with enough letters, whose main script is known."""
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
    basis = f"{bucket}|{length_class(n_tokens)}"
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
        if marked := by_markers(cleaned):
            return marked
        log_odds, evidence = digit_log_odds(cleaned)
        # A text of Arabic letters alone (nearly every one) is read token by token, as it
        # stands; in one with other scripts, only the Arabic-script words count.
        tokens = cleaned.split() if len(scripts) == 1 else script_words(cleaned, "arab")
        scores, known, word_log_odds, word_evidence = arabic_evidence(tokens)
        if log_odds:  # the digits' (few texts have digits)
            word_log_odds = {
                code: word_log_odds.get(code, 0.0) + log_odds.get(code, 0.0)
                for code in word_log_odds.keys() | log_odds.keys()
            }
        evidence += word_evidence
        return _by_model("arab", cleaned, prior, word_log_odds, evidence, scored=(scores, known))
    if script == "Latn":
        return (
            by_roman_urdu(cleaned)
            or by_frequencies(cleaned, prior)
            or by_words(cleaned)
            or _by_model("latn", cleaned.lower(), prior, _latin_log_odds())
        )
    if script in _SCRIPT_LANGUAGES and not {"Hira", "Kana", "Hang"} & set(scripts):
        code, confidence = _SCRIPT_LANGUAGES[script]
        return code, f"script-{script}", confidence, "script", (f"{script} script",)
    code, probability = _by_langdetect(cleaned, prior)
    if code == "und":
        return None
    evidence = (f"article language {prior} (prior)",) if prior else ()
    return code, f"langdetect-{script}:{_bin(probability)}", probability, "langdetect", evidence


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
    log_odds: Optional[dict] = None,
    evidence: tuple = (),
    scored: Optional[tuple[dict, int]] = None,
) -> Optional[_Decision]:
    """The model's answer for a text (``log_odds``: what other evidence says of each class,
    natural logs of odds; ``scored``: its n-grams already summed)."""
    model, _ = load(name)
    if scored is None:
        text = script_text(text, name)
        scored = model.scores(text)
    if prior:
        log_odds = dict(log_odds or {})
        log_odds[prior] = log_odds.get(prior, 0.0) + math.log(PRIOR_WEIGHT)
    posterior, known = model.weigh(*scored, log_odds, NGRAM_WEIGHTS.get(name, 1.0))
    if not posterior:
        return None
    ranked = sorted(posterior.items(), key=itemgetter(1), reverse=True)
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
    notes = [f"{known} known n-grams: {code} {probability:.2f}", *evidence]
    if len(ranked) > 1:
        notes[0] += f", {ranked[1][0]} {ranked[1][1]:.2f}"
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
def _latin_log_odds() -> dict[str, float]:
    model, _ = load("latn")
    odds = {
        code: ENGLISH_PRIOR_ODDS if code == "en" else 1.0 if code in MAJOR_LATIN else MINOR_ODDS
        for code in model.classes
    }
    return {code: math.log(value) for code, value in odds.items()}


def _bin(probability: float) -> str:
    return f"{min(int(probability * 10), 9) / 10:.1f}"


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
