"""Train the language models that ship in ``tweetx/langid/models/`` (``python -m tweetx.evaluate
train``), from the ``train`` split of TICO-19 and langdetect's profiles; thresholds are chosen
on the ``dev`` split. The same data gives the same files, byte for byte.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from ..langid.arabic import PASHTO_FOLDED
from ..langid.ngrams import MODEL_DIR, WORD, NaiveBayes, from_counts, ngrams, script_text, train
from ..langid.text import clean
from .pashto import FOLDED_PENALTY, PASHTO_ON_PERSIAN_KEYBOARD, tesseract_pashto_words
from .social import DEFAULT_SOCIAL, load_social
from .tico import load_tico

ARAB_ORDERS = (1, 2, 3, 4)
#: langdetect's profiles hold n-grams of 1 to 3 characters.
LATN_ORDERS = (1, 2, 3)
#: langdetect's Latin-script languages.
LATN_LANGUAGES = (
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr vi"
).split()
#: English's n-gram frequencies: half langdetect's profile (Wikipedia), half TICO-19's English.
TICO_ENGLISH_SHARE = 0.5
#: The English word list: TICO-19's English words seen twice (two-letter ones only from
#: ``SHORT_ENGLISH``), and wordfreq's most frequent English words that are at least
#: ``ENGLISH_MARGIN`` times as frequent in English as in any other language wordfreq knows in
#: Latin script (so "happy" and "thank" join, and "die", "no", "de" stay out).
ENGLISH_TOP = 20_000
ENGLISH_MARGIN = 5.0
SHORT_ENGLISH = set(
    "a i in is it of on to we be do he me my no or so up us an as at by go if am oh ok".split()
)
#: Not Filipino and Malay: their social-media word counts are full of English ("happy" is
#: a quarter as frequent in Filipino as in English).
WORDFREQ_LATIN = "ca cs da de es fi fr hu id is it lt lv nb nl pl pt ro sh sk sl sv tr vi".split()


def train_all(
    directory: Path, out: str = MODEL_DIR, social: Optional[Path] = DEFAULT_SOCIAL
) -> dict:
    """Train the two models and write them to ``out``; returns what was written. (The Persian
    variety is told by words, :mod:`tweetx.langid.variety`, not by a model of TICO-19.)"""
    train_split = load_tico(directory, "train")

    def words(texts: list[str]) -> list[str]:  # what identify() gives the model
        return [script_text(clean(t), "arab") for t in texts]

    arab = train(
        {
            "fa": words(train_split["fa"] + train_split["prs"]),
            "ps": words(train_split["ps"]),
            # Pashto as typed on a Persian keyboard, a class of its own: it scores Pashto
            # only where the words say Pashto (tweetx.langid.arabic.PASHTO_WITHOUT_LETTERS).
            PASHTO_FOLDED: words(
                [t.translate(PASHTO_ON_PERSIAN_KEYBOARD) for t in train_split["ps"]]
            ),
            "ar": words(train_split["ar"]),
            "ur": words(train_split["ur"]),
        },
        ARAB_ORDERS,
        alpha=0.1,
    )
    latn = _latin(train_split["en"], _social_posts(social, "ur-Latn"))
    lexicon = _english_lexicon(train_split["en"])
    written: dict[str, dict] = {}
    extras: tuple[tuple[str, NaiveBayes, dict[str, Any]], ...] = (
        (
            "arab",
            arab,
            {
                "frequencies": _arabic_frequencies(
                    words(train_split["ps"] + _social_posts(social, "ps")),
                    words(train_split["prs"]),
                )
            },
        ),
        (
            "latn",
            latn,
            {
                "english_words": lexicon,
                "roman_urdu": _roman_urdu(lexicon),
                "words": _latin_lexicons(),
                "frequencies": _word_frequencies(_social_posts(social, "ur-Latn")),
            },
        ),
    )
    for name, model, extra in extras:
        path = os.path.join(out, f"{name}.json.gz")
        data = {**model.to_json(), **extra}
        # mtime=0: the same model gives the same bytes.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            handle.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        sizes = {key: _size(value) for key, value in extra.items()}
        written[name] = {"n-grams": len(model.table), "bytes": os.path.getsize(path), **sizes}
    return written


def _size(value: Any) -> Any:
    """How many entries a list holds, per key for a dict (what ``train`` reports)."""
    if isinstance(value, dict):
        return {key: _size(inner) for key, inner in value.items()}
    if isinstance(value, str):
        return len(value.split())
    return len(value) if isinstance(value, list) else value


def _english_lexicon(english_texts: list[str]) -> list[str]:
    try:
        import wordfreq
    except ImportError:
        raise SystemExit(
            "training needs wordfreq (its word lists ship in its wheel): pip install -e '.[train]'"
        ) from None
    tico = Counter(w for text in english_texts for w in english_words(clean(text)))
    words = {w for w, n in tico.items() if n >= 2 and (len(w) > 2 or w in SHORT_ENGLISH)}
    for word in wordfreq.top_n_list("en", ENGLISH_TOP):
        if (
            word.isalpha()
            and len(word) > 2
            and wordfreq.word_frequency(word, "en")
            >= ENGLISH_MARGIN * max(wordfreq.word_frequency(word, o) for o in WORDFREQ_LATIN)
        ):
            words.add(word)
    return sorted(words)


#: A Roman Urdu word this frequent (per word) in another Latin-script language is "shared";
#: ten times as frequent (de, se, ke, ki, na: function words of those languages), no evidence.
SHARED_FREQUENCY = 1e-4
FOREIGN_FREQUENCY = 1e-3
#: The Latin-script languages posts are most often written in beside English (those the
#: identifier favours, with Filipino and Malay, whose users type ko, ka, na as often as Urdu
#: users do). Not every language wordfreq knows: Vietnamese "thi" and Slovene "meri" would
#: take common Urdu words out of the strong list for posts that hardly occur.
WORDFREQ_OTHERS = "es pt fr de it nl tr id ms fil".split()


def _roman_urdu(english: list[str]) -> dict[str, list[str]]:
    """:data:`~tweetx.langid.latin.ROMAN_URDU_WORDS` split into words no other Latin-script
    language writes often (strong) and words some do (shared); words on the English list, and
    function words of other languages, are theirs."""
    import wordfreq

    from ..langid.latin import ROMAN_URDU_WORDS

    english_set = set(english)
    strong: set[str] = set()
    shared: set[str] = set()
    for word in ROMAN_URDU_WORDS:
        elsewhere = max(wordfreq.word_frequency(word, o) for o in WORDFREQ_OTHERS + ["en"])
        if word in english_set or elsewhere >= FOREIGN_FREQUENCY:
            continue
        (shared if elsewhere >= SHARED_FREQUENCY else strong).add(word)
    return {"strong": sorted(strong), "shared": sorted(shared)}


#: The languages whose own words are listed beside English's: the Latin-script languages the
#: identifier favours (``MAJOR_LATIN``), from wordfreq's most frequent words, each at least
#: ``ENGLISH_MARGIN`` times as frequent in that language as in English and in each other.
LEXICON_LANGUAGES = "es pt fr de it nl tr id".split()
LEXICON_TOP = 5_000


def _latin_lexicons() -> dict[str, list[str]]:
    import wordfreq

    others = sorted(set(WORDFREQ_LATIN) | {"en"})
    lexicons = {}
    for language in LEXICON_LANGUAGES:
        rivals = [o for o in others if o != language]
        lexicons[language] = sorted(
            word
            for word in wordfreq.top_n_list(language, LEXICON_TOP)
            if word.isalpha()
            and len(word) > 1
            and wordfreq.word_frequency(word, language)
            >= ENGLISH_MARGIN * max(wordfreq.word_frequency(word, o) for o in rivals)
        )
    return lexicons


#: Words as frequent as this (Zipf: log10 of uses per billion words) or more are kept with
#: their frequency: about 20,000 per language, names and English loans included (grayson,
#: websites), where a post's words meet them.
FREQUENCY_CUT = 3.3


def _word_frequencies(roman_urdu: list[str]) -> dict:
    """English's and the favoured languages' frequent words with their Zipf frequency (tenths),
    for :func:`tweetx.langid.latin.by_frequencies`: ``{"cut": 3.3, "zipf": {language: {"45":
    "words of Zipf 4.5", …}}}``. Roman Urdu (``ur``), which wordfreq lacks, from real posts:
    the words found in two posts or more, by the share of posts' words they make (a word
    repeated in one post is not counted twice)."""
    import wordfreq

    from ..langid.latin import words_of

    table: dict[str, dict[str, str]] = {}
    for language in ["en", *LEXICON_LANGUAGES]:
        frequent: dict[str, float] = {}
        for word in wordfreq.get_frequency_dict(language):
            zipf = wordfreq.zipf_frequency(word, language)
            if zipf < FREQUENCY_CUT:
                break  # the dict is in descending order of frequency
            if words_of(word) == [word]:
                frequent[word] = zipf
        table[language] = _buckets(frequent)
    posts = [words_of(clean(text)) for text in roman_urdu]
    total = sum(map(len, posts))
    in_posts = Counter(word for words in posts for word in set(words))
    table["ur"] = _buckets(
        {word: math.log10(n / total) + 9 for word, n in in_posts.items() if n >= 2}
    )
    return {"cut": FREQUENCY_CUT, "zipf": table}


#: The Arabic-script languages' word frequencies, as the Latin ones' (:data:`FREQUENCY_CUT`):
#: wordfreq's Persian, Arabic and Urdu (social media, subtitles, Wikipedia, news) with their
#: letters made ordinary as identification reads them; Persian's completed by the words of
#: TICO-19's Dari train split that wordfreq's Persian, which is mostly Iranian, lacks (مارچ,
#: واکسین, ملیون: Dari words were unknown to Persian and counted for Urdu or Pashto); and
#: Pashto, which wordfreq lacks, from TICO-19's train split (words seen twice or more), the
#: Pashto posts of social-dev's dev half and, at the cut, the words of Tesseract's Pashto word
#: list (:func:`tesseract_pashto_words`).
ARABIC_FREQUENCY_CUT = 3.0


def _arabic_frequencies(pashto_texts: list[str], dari_texts: list[str]) -> dict:
    """``{"cut": 3.0, "zipf": {language: {"45": "words of Zipf 4.5", …}}}`` for fa, ar, ur, ps
    (:func:`tweetx.langid.arabic.arabic_evidence`)."""

    import wordfreq

    from ..langid.text import normalize_letters

    zipf: dict[str, dict[str, float]] = {}
    for language in ("fa", "ar", "ur"):
        table: dict[str, float] = {}
        for word in wordfreq.get_frequency_dict(language):
            value = wordfreq.zipf_frequency(word, language)
            if value < ARABIC_FREQUENCY_CUT:
                break  # the dict is in descending order of frequency
            form = normalize_letters(word)
            if form and all("\u0600" <= c <= "\u06ff" or c == "\u200c" for c in form):
                table[form] = max(table.get(form, 0.0), value)
        zipf[language] = table
    for word, value in _counted(dari_texts).items():
        zipf["fa"].setdefault(word, value)
    table = {}
    for word, value in _counted(pashto_texts).items():
        table[word] = value
        # TICO-19's Pashto writes final yeh as ي (دي); posts write ی (دی) as often.
        table.setdefault(word.replace("ي", "ی"), value)
    for word, value in list(table.items()):
        folded = word.translate(PASHTO_ON_PERSIAN_KEYBOARD)
        if folded != word and value - FOLDED_PENALTY >= ARABIC_FREQUENCY_CUT:
            table.setdefault(folded, value - FOLDED_PENALTY)
    for word in tesseract_pashto_words():  # listed, not counted: as rare as the rarest counted
        table.setdefault(word, ARABIC_FREQUENCY_CUT)
    zipf["ps"] = table
    return {
        "cut": ARABIC_FREQUENCY_CUT,
        "zipf": {language: _buckets(table) for language, table in zipf.items()},
    }


def _counted(texts: list[str]) -> dict[str, float]:
    """The Zipf frequency of each word seen twice or more in ``texts``, down to the cut; words
    as identification looks them up (punctuation and digits against a word are not it)."""
    counts = Counter(w for text in texts for w in WORD.findall(text))
    total = sum(counts.values())
    table = {}
    for word, n in counts.items():
        value = math.log10(n / total) + 9
        if n >= 2 and value >= ARABIC_FREQUENCY_CUT:
            table[word] = value
    return table


def _buckets(table: dict[str, float]) -> dict[str, str]:
    """Words by their Zipf frequency in tenths, as the model files store them."""
    buckets: dict[int, list[str]] = {}
    for word, value in table.items():
        buckets.setdefault(round(value * 10), []).append(word)
    return {str(z): " ".join(sorted(words)) for z, words in sorted(buckets.items())}


def english_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())


def _social_posts(social: Optional[Path], language: str) -> list[str]:
    """The posts of social-dev's dev half in one language (its test half is held out, and
    reported): the only Roman Urdu there is to learn from, and the only Pashto posts."""
    if social is None or not social.is_dir():
        raise SystemExit(
            f"training reads real posts from {social} (../shared/data/social-dev); give --social"
        )
    return [p.text for p in load_social(social, "dev") if p.language == language]


def _latin(english_texts: list[str], roman_urdu: list[str]) -> NaiveBayes:
    """Naive Bayes over langdetect's Latin-script profiles, English joined by TICO-19's, and
    Roman Urdu (``ur``) from real posts."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    probabilities = {}
    for code in LATN_LANGUAGES:
        with open(os.path.join(PROFILES_DIRECTORY, code), encoding="utf-8") as handle:
            freq = json.load(handle)["freq"]
        total = sum(freq.values())
        # Upper-case n-grams stand for acronyms in the profiles; texts are lower-cased here.
        probabilities[code] = {g: n / total for g, n in freq.items() if not g.isupper()}
    # Each class's floor is half its profile's rarest n-gram: TICO-19's rare n-grams would
    # put English's 50 times below the others', and every name's unusual n-grams would then
    # count against English (Grayson Allen → French).
    floors = {c: min(p.values()) / 2 for c, p in probabilities.items()}
    floors["en"] *= 1 - TICO_ENGLISH_SHARE
    tico = Counter(
        g
        for text in english_texts
        for g in ngrams(script_text(clean(text).lower(), "latn"), LATN_ORDERS)
    )
    total = sum(tico.values())
    english = {g: (1 - TICO_ENGLISH_SHARE) * p for g, p in probabilities["en"].items()}
    for gram, n in tico.items():
        english[gram] = english.get(gram, 0.0) + TICO_ENGLISH_SHARE * n / total
    probabilities["en"] = english
    urdu = Counter(
        g
        for text in roman_urdu
        for g in ngrams(script_text(clean(text).lower(), "latn"), LATN_ORDERS)
    )
    probabilities["ur"] = {g: n / sum(urdu.values()) for g, n in urdu.items()}
    floors["ur"] = min(probabilities["ur"].values()) / 2
    # The profiles keep only their frequent n-grams: one a profile lacks is rarer than its
    # rarest kept one, not impossible (which would let one unusual n-gram decide).
    counts = {code: {g: p for g, p in probs.items()} for code, probs in probabilities.items()}
    return from_counts(
        counts,
        LATN_ORDERS,
        alpha=0.0,
        min_count=0,
        floors=floors,
    )
