"""Character n-gram models behind :func:`tweetx.identify`: naive Bayes over the n-grams of each
word, with the word padded by spaces (so `` له `` stands for the whole word له).

Three models, loaded lazily and once:

- ``arab``: Persian (Iranian and Dari together), Pashto, Arabic and Urdu, trained on the
  training split of TICO-19.
- ``variety``: Iranian Persian (``pes``) against Dari (``prs``), trained on TICO-19's aligned
  Persian/Dari segments, with the posterior each claim needs (chosen on the dev split).
- ``latn``: the 31 Latin-script languages of langdetect's profiles (n-gram counts from
  Wikipedia), English joined by TICO-19's English, and a list of English words.

``python -m tweetx.evaluate train`` (:mod:`tweetx.evaluate.train`) writes them to
``tweetx/langid/models/``; they ship in the package. A decision's confidence is how often that
kind of decision was right on the dev split (``calibration.json``, :func:`calibrated`).

Why naive Bayes on n-grams of our own rather than a library: on these languages and lengths it
beat py3langid and fastText's lid.176 (docs/benchmarks.md), it needs no numpy,
and the whole model is a few hundred kilobytes.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

MODEL_DIR = os.path.join(os.path.dirname(__file__), "models")

#: A word: letters, and zero-width non-joiners inside it (Persian writes می‌شود as one word).
WORD = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*")


#: The words each model reads: only those of its own script (a Latin hashtag or "COVID-19" in a
#: Persian tweet says nothing about which Arabic-script language it is).
_SCRIPT_WORDS = {
    "arab": re.compile(
        "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+"
    ),
    "latn": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff']+"),
}


def script_words(text: str, model: str) -> list[str]:
    """The words of ``text`` in the script of ``model`` (``arab``, ``latn``), as a list.

    Example:
        >>> script_words("پاکستان زندہ باد Pakistan Zindabad", "arab")
        ['پاکستان', 'زندہ', 'باد']
    """
    return _SCRIPT_WORDS[model].findall(text)


def script_text(text: str, model: str) -> str:
    """The words of ``text`` in the script of ``model`` (``arab``, ``latn``, ``variety``).

    Example:
        >>> script_text("پاکستان زندہ باد Pakistan Zindabad", "arab")
        'پاکستان زندہ باد'
    """
    words = " ".join(script_words(text, model))
    # The variety model ignores zero-width non-joiners: TICO-19's Dari has none, so they would
    # decide "Iranian" alone, but Afghan writers type them too (the seed tweet, a Dari one, has
    # گشت‌زنی). Without them, recall on the dev split fell only from 0.53 to 0.51 (Dari).
    return words.replace("\u200c", "") if model == "variety" else words


def ngrams(text: str, orders: Iterable[int]) -> list[str]:
    """The n-grams of each word of ``text``, padded with a space each side.

    Example:
        >>> ngrams("له کابل", (1, 2))[:6]
        ['ل', 'ه', ' ل', 'له', 'ه ', 'ک']
    """
    return [gram for word in WORD.findall(text) for gram in _word_grams(word, orders)]


def _word_grams(word: str, orders: Iterable[int]) -> list[str]:
    padded = f" {word} "
    grams: list[str] = []
    for n in orders:
        if n == 1:
            grams.extend(word)
        else:
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


#: Tokens whose scores are kept (per model) before the store is emptied and started again.
TOKEN_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class NaiveBayes:
    """Log-probabilities of each n-gram under each class; n-grams the model has not kept are
    left out of the sum (they say nothing about which class it is)."""

    classes: tuple
    orders: tuple
    table: dict  # n-gram -> tuple of log P(n-gram | class), one per class
    # Each token's summed n-gram scores (a token: what lies between spaces, its words found
    # by ``WORD``): tokens repeat from tweet to tweet, so most of a text is scored by one
    # lookup per token instead of one per n-gram, and the word pattern runs on new tokens
    # only (a split is 8x cheaper than running it over every text).
    _tokens: dict = field(default_factory=dict, compare=False, repr=False)

    def scores(self, text: str) -> tuple[dict, int]:
        """Each class's log-likelihood of the text, and how many n-grams the model knew."""
        get, score = self._tokens.get, self._cached_token
        found = [row for token in text.split() if (row := get(token) or score(token))[1]]
        if not found:
            return {}, 0
        known = sum(n for _, n in found)
        return dict(zip(self.classes, map(sum, zip(*[row for row, _ in found])))), known

    def token_scores(self, token: str) -> tuple[tuple, int]:
        """One token's log-likelihood per class (in ``classes``' order; empty when it has no
        n-gram the model knows) and how many of its n-grams the model knew."""
        rows = [
            row
            for word in WORD.findall(token)
            for gram in _word_grams(word, self.orders)
            if (row := self.table.get(gram))
        ]
        return (tuple(map(sum, zip(*rows))) if rows else (), len(rows))

    def _cached_token(self, token: str) -> tuple[tuple, int]:
        found = self.token_scores(token)
        if len(self._tokens) >= TOKEN_CACHE_SIZE:
            self._tokens.clear()
        self._tokens[token] = found
        return found

    @staticmethod
    def weigh(
        scores: dict, known: int, log_odds: dict | None = None, weight: float = 1.0
    ) -> tuple[dict, int]:
        """P(class | text) from :meth:`scores`' answer, under equal priors (or ``log_odds``:
        class -> natural log of its odds, what other evidence says), and the number of known
        n-grams. ``weight`` scales the n-grams' log-likelihood: a word's n-grams overlap, so
        naive Bayes counts one word's evidence several times over, and below 1 it leaves room
        for evidence of other kinds (the words' frequencies)."""
        if not scores:
            return {}, 0
        values = list(scores.values())
        if weight != 1.0 or log_odds:  # one pass for both (x * 1.0 and x + 0.0 are x)
            get = (log_odds or {}).get
            values = [s * weight + get(c, 0.0) for c, s in scores.items()]
        top = max(values)
        weights = [math.exp(s - top) for s in values]
        total = sum(weights)
        return dict(zip(scores, [w / total for w in weights])), known

    def to_json(self) -> dict:
        # Two decimals: a log-probability off by 0.005 changes no decision, and the files are
        # a third the size.
        return {
            "classes": list(self.classes),
            "orders": list(self.orders),
            "table": {g: [round(v, 2) for v in row] for g, row in self.table.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> NaiveBayes:
        return cls(
            tuple(data["classes"]),
            tuple(data["orders"]),
            {g: tuple(row) for g, row in data["table"].items()},
        )


def train(
    samples: dict[str, list[str]], orders: tuple, alpha: float = 0.5, min_count: int = 2
) -> NaiveBayes:
    """Multinomial naive Bayes from texts per class, with add-``alpha`` smoothing; n-grams seen
    fewer than ``min_count`` times in all are dropped (they are mostly names)."""
    counts: dict[str, dict[str, float]] = {c: {} for c in samples}
    for c, texts in samples.items():
        table = counts[c]
        for text in texts:
            for gram in ngrams(text, orders):
                table[gram] = table.get(gram, 0) + 1
    return from_counts(counts, orders, alpha, min_count)


def from_counts(
    counts: dict[str, dict[str, float]],
    orders: tuple,
    alpha: float = 0.5,
    min_count: float = 2,
    floors: Optional[dict[str, float]] = None,
) -> NaiveBayes:
    """The model from n-gram counts per class (add-``alpha`` smoothing), or from probabilities
    per class with ``floors``: the probability each class gives an n-gram it has not got."""
    totals: dict = {}
    for class_counts in counts.values():
        for gram, n in class_counts.items():
            totals[gram] = totals.get(gram, 0) + n
    kept = sorted(g for g, n in totals.items() if n >= min_count)
    classes = tuple(counts)
    if floors is not None:
        table = {g: tuple(math.log(counts[c].get(g) or floors[c]) for c in classes) for g in kept}
        return NaiveBayes(classes, orders, table)
    denominators = {c: sum(counts[c].get(g, 0) for g in kept) + alpha * len(kept) for c in classes}
    table = {
        g: tuple(math.log((counts[c].get(g, 0) + alpha) / denominators[c]) for c in classes)
        for g in kept
    }
    return NaiveBayes(classes, orders, table)


@functools.cache
def word_frequencies(name: str) -> tuple[float, dict[str, dict[str, float]]]:
    """(floor, language -> word -> log10 of its frequency per word) stored in a model's file:
    the words at least as frequent as the file's ``cut`` (Zipf), and the floor a word a
    language does not list counts as, a little rarer than its rarest listed one."""
    stored = load(name)[1]["frequencies"]
    table = {
        language: {
            word: int(zipf) / 10 - 9 for zipf, words in buckets.items() for word in words.split()
        }
        for language, buckets in stored["zipf"].items()
    }
    return stored["cut"] - 9 - 0.3, table


@functools.cache
def load(name: str) -> tuple[NaiveBayes, dict]:
    """A shipped model (``arab``, ``latn`` or ``variety``), loaded once, with what else its file
    holds (thresholds, word lists)."""
    # A table holds some 800,000 log-probabilities but fewer than a thousand distinct ones:
    # each is made once and shared (70 MB of floats otherwise, for the three models).
    floats: dict = {}
    with gzip.open(os.path.join(MODEL_DIR, f"{name}.json.gz"), "rt", encoding="utf-8") as handle:
        data = json.load(
            handle,
            parse_float=lambda text: floats.get(text) or floats.setdefault(text, float(text)),
        )
    return NaiveBayes.from_json(data), {
        k: v for k, v in data.items() if k not in ("classes", "orders", "table")
    }


def length_class(words: int) -> str:
    """Texts are calibrated by length: 1-2, 3-5 or 6+ words."""
    return "1-2" if words <= 2 else "3-5" if words <= 5 else "6+"


def calibration_keys(basis: str) -> list[str]:
    """From the most to the least specific: ``rule:strength|length``, ``rule:strength`` (a
    strength says more than a length: a posterior of 0.6 must not borrow the 0.98 of its
    rule's confident answers), ``rule|length``, ``rule``.

    Example:
        >>> calibration_keys("marker-letters:2|3-5")
        ['marker-letters:2|3-5', 'marker-letters:2', 'marker-letters|3-5', 'marker-letters']
    """
    decision, length = basis.split("|")
    rule = decision.split(":")[0]
    keys = [basis, decision] if decision != rule else [basis]
    return [*keys, f"{rule}|{length}", rule]


def calibrated(basis: str, raw: float) -> float:
    """The accuracy measured on the dev data for this kind of decision on texts this long.

    A basis seen fewer than ``MIN_CALIBRATION_SAMPLES`` times borrows the accuracy of its rule
    at that strength on texts of any length, then of its rule on texts of that length, then of
    its rule; the rule's own estimate is the last resort.
    """
    accuracy = _calibrated_accuracy(basis)
    return raw if accuracy is None else accuracy


@functools.lru_cache(maxsize=1024)  # a few hundred bases exist; each tweet asks for one
def _calibrated_accuracy(basis: str) -> Optional[float]:
    table = _calibration()
    for key in calibration_keys(basis):
        entry = table.get(key)
        if entry is not None and entry["n"] >= MIN_CALIBRATION_SAMPLES:
            return entry["accuracy"]
    return None


MIN_CALIBRATION_SAMPLES = 30
CALIBRATION_FILE = os.path.join(os.path.dirname(__file__), "calibration.json")


@functools.cache
def _calibration() -> dict:
    """Written by ``python -m tweetx.evaluate calibrate``; empty (raw estimates) if absent."""
    try:
        with open(CALIBRATION_FILE, encoding="utf-8") as handle:
            return json.load(handle)["buckets"]
    except FileNotFoundError:
        return {}
