"""Language identification measured on TICO-19's held-out split and on tweets written for the
tests (``python -m tweetx.evaluate langid|calibrate``)."""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Optional

from ..langid.identifier import identify
from ..langid.ngrams import calibration_keys
from .tico import TICO_SETS, load_tico

PREFIXES = {"full": None, "5 words": 5, "2 words": 2}
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "langid"
#: The goals: accuracy per language (fa = Iranian Persian and Dari together) at each length.
GOALS = {"full": 0.99, "5 words": 0.97, "2 words": 0.92}


#: Tokens that are not words of a post: @handles, links and ``RT`` (hashtags count: they are
#: often the post's own words, ``#مهسا_امینی``).
_NOT_A_WORD = re.compile(r"^(?:\W*@\w+\W*|\W*(?:https?://|www\.|pic\.twitter\.com/)\S*|\W*RT\W*)$")


def is_word(token: str) -> bool:
    """Whether a whitespace token counts as a word of a post: it has a letter and it is not a
    handle, a link or ``RT``.

    Example:
        >>> [is_word(t) for t in ("@user", "RT", "https://t.co/x", "#Kabul", "8/", "سلام")]
        [False, False, False, True, False, True]
    """
    return bool(re.search(r"[^\W\d_]", token)) and not _NOT_A_WORD.match(token)


def first_words(text: str, words) -> str:
    """The text up to its ``words``-th word (all of it for None): the lengths tweets have.
    Handles, links and ``RT`` around them are kept but not counted (``@user @user thanks``
    is one word long), so a prefix holds the words it names.

    Example:
        >>> first_words("RT @user: Thanks a lot", 2)
        'RT @user: Thanks a'
    """
    if not words:
        return text
    kept, seen = [], 0
    for token in text.split():
        kept.append(token)
        seen += is_word(token)
        if seen == words:
            break
    return " ".join(kept)


def evaluate_langid(
    directory: Path, split: str = "test", limit: int | None = None, peers: bool = True
) -> dict:
    """Accuracy per language and length, variety claims, calibration and speed on one split."""
    samples = load_tico(directory, split, limit)
    langdetect = seeded_langdetect() if peers else None
    accuracy: defaultdict[str, dict[str, float]] = defaultdict(dict)
    confident = [0, 0]  # right, answers with confidence >= 0.9
    # confidence bin -> [right, n, sum conf]
    reliability: defaultdict[float, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    # (length, variety) -> tally; "all" sums the three lengths. The goal is on whole sentences.
    variety = {
        (length, v): {"claimed_right": 0, "claims": 0, "truly": 0}
        for length in ("all", *PREFIXES)
        for v in ("prs", "pes")
    }
    times = []
    for name, texts in samples.items():
        _, _, expected, true_variety = TICO_SETS[name]
        for label, words in PREFIXES.items():
            cut = [first_words(t, words) for t in texts]
            results = []
            for text in cut:
                start = time.perf_counter()
                results.append(identify(text))
                times.append(time.perf_counter() - start)
            right = [r.code == expected for r in results]
            accuracy[name][f"tweetx {label}"] = sum(right) / len(cut)
            accuracy[name][f"tweetx abstained {label}"] = sum(
                r.code == "und" for r in results
            ) / len(cut)
            if langdetect:
                accuracy[name][f"langdetect {label}"] = sum(
                    langdetect(t) == expected for t in cut
                ) / len(cut)
            for r, ok in zip(results, right):
                if r.code == "und":
                    continue
                cell = reliability[min(int(r.confidence * 10), 9) / 10]
                cell[0] += ok
                cell[1] += 1
                cell[2] += r.confidence
                if r.confidence >= 0.9:
                    confident[0] += ok
                    confident[1] += 1
            if true_variety:
                for r in results:
                    for (length, v), tally in variety.items():
                        if length not in ("all", label):
                            continue
                        tally["claims"] += r.variety == v
                        tally["claimed_right"] += r.variety == v and true_variety == v
                        tally["truly"] += true_variety == v
    if "fa" in accuracy and "prs" in accuracy:  # the goal's fa: both varieties together
        accuracy["fa+prs"] = {
            key: (accuracy["fa"][key] + accuracy["prs"][key]) / 2 for key in accuracy["fa"]
        }
    return {
        "split": split,
        "segments": {name: len(texts) for name, texts in samples.items()},
        "accuracy": dict(accuracy),
        "variety": {v: _claims(c) for (length, v), c in variety.items() if length == "all"},
        "variety_by_length": {
            f"{v} {length}": _claims(c) for (length, v), c in variety.items() if length != "all"
        },
        "confident_accuracy": confident[0] / confident[1] if confident[1] else None,
        "confident_share": confident[1] / max(1, sum(c[1] for c in reliability.values())),
        "calibration": {
            f"{b:.1f}": {"accuracy": r / n, "mean_confidence": c / n, "n": n}
            for b, (r, n, c) in sorted(reliability.items())
        },
        "ms_per_text_median": 1000 * statistics.median(times),
        "ms_per_text_mean": 1000 * statistics.fmean(times),
        "keyboards": evaluate_keyboards(samples),
        "written": evaluate_written(),
    }


#: The same segments as typed on other keyboards (what the identifier must read as the
#: ordinary letters): Persian, Dari and Urdu on an Arabic keyboard or the old Windows Persian
#: layout (Arabic yeh ي and kaf ك throughout), Persian and Dari on a Pashto keyboard (Pashto's
#: gaf ګ, and its yeh ي at the end of a word).
KEYBOARDS = {
    "arabic": (("fa", "prs", "ur"), lambda text: text.replace("ی", "ي").replace("ک", "ك")),
    "pashto": (
        ("fa", "prs"),
        lambda text: re.sub(r"ی(?![^\W\d_])", "ي", text.replace("گ", "ګ")),
    ),
}


def evaluate_keyboards(samples: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Accuracy per ``set keyboard`` and length on segments retyped (``KEYBOARDS``)."""
    report = {}
    for keyboard, (names, retype) in KEYBOARDS.items():
        for name in names:
            if name not in samples:
                continue
            expected = TICO_SETS[name][2]
            report[f"{name} {keyboard}"] = {
                label: sum(
                    identify(first_words(retype(text), words)).code == expected
                    for text in samples[name]
                )
                / len(samples[name])
                for label, words in PREFIXES.items()
            }
    return report


def _claims(tally: dict) -> dict:
    return {
        "precision": tally["claimed_right"] / tally["claims"] if tally["claims"] else None,
        "recall": tally["claimed_right"] / tally["truly"] if tally["truly"] else None,
        "claims": tally["claims"],
    }


def evaluate_written(directory: Path = FIXTURES) -> dict:
    """The tweets written for the tests: right codes and varieties, and short Latin-script
    phrases in other languages that must not come out as English."""
    tweets = _rows(directory / "tweets.tsv")
    results = [(code, variety, identify(text)) for code, variety, text in tweets]
    latin = [(code, identify(text)) for code, text in _rows(directory / "latin_short.tsv")]
    return {
        "tweets": len(results),
        "right": sum(r.code == code for code, _, r in results),
        "wrong": [
            f"{code}→{r.code}: {text}"
            for (code, _, r), (_, _, text) in zip(results, tweets)
            if r.code != code
        ],
        "variety_claims": sum(r.variety is not None for _, _, r in results),
        "variety_wrong": sum(v != "-" and r.variety not in (None, v) for _, v, r in results),
        "latin_phrases": len(latin),
        "latin_as_english": sum(r.code == "en" for _, r in latin),
        "latin_right": sum(r.code == code for code, r in latin),
        "latin_und": sum(r.code == "und" for _, r in latin),
    }


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        return [
            line.rstrip("\n").split("\t")
            for line in handle
            if line.strip() and not line.startswith("#")
        ]


def seeded_langdetect():
    """langdetect over all its profiles, seeded: a function text -> code (und on no features)."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text):
        try:
            return detect(text).split("-")[0]
        except LangDetectException:
            return "und"

    return run


def calibration_counts(
    directory: Path, social: Optional[Path] = None
) -> dict[str, defaultdict[str, list[int]]]:
    """Per source (``tico`` for TICO-19's dev split, else a social-dev source's key, its ``dev``
    half only): how often each decision basis was right, as [right, n]."""
    from .social import is_right, load_social

    counts: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )

    def add(source: str, text: str, right) -> None:
        result = identify(text)
        for key in calibration_keys(result.basis) if result.basis else ():
            tally = counts[source][key]
            tally[0] += right(result)
            tally[1] += 1

    for name, texts in load_tico(directory, "dev").items():
        expected = TICO_SETS[name][2]
        for words in PREFIXES.values():
            for text in texts:
                add(
                    "tico",
                    first_words(text, words),
                    lambda r, expected=expected: r.code == expected,
                )
    for post in load_social(social, "dev") if social else ():
        for words in PREFIXES.values():
            add(
                post.source,
                first_words(post.text, words),
                lambda r, post=post: is_right(post, r.code, r.script),
            )
    return counts


def fit_calibration(
    directory: Path, social: Optional[Path] = None, exclude_source: Optional[str] = None
) -> dict:
    """How often each decision basis is right on the dev data (all prefixes): TICO-19's dev
    split, and the dev half of the real posts when ``social`` is given (without
    ``exclude_source``, to score that source as unseen)."""
    return fit_from_counts(calibration_counts(directory, social), exclude_source)


def fit_from_counts(counts: dict, exclude_source: Optional[str] = None) -> dict:
    totals: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for source, table in counts.items():
        if source == exclude_source:
            continue
        for key, (right, n) in table.items():
            totals[key][0] += right
            totals[key][1] += n
    # Laplace smoothing: a basis right 40 times in 40 says 0.976, not a certain 1.0.
    return {
        basis: {"accuracy": round((right + 1) / (n + 2), 4), "n": n}
        for basis, (right, n) in sorted(totals.items())
    }


def print_langid(report: dict, out=sys.stdout) -> None:
    tools = (
        ["tweetx", "langdetect"]
        if any("langdetect full" in row for row in report["accuracy"].values())
        else ["tweetx"]
    )
    columns = [f"{tool} {label}" for label in PREFIXES for tool in tools]
    print(
        f"TICO-19 {report['split']} split, segments per language: "
        + ", ".join(f"{k} {v}" for k, v in report["segments"].items()),
        file=out,
    )
    print("| language | " + " | ".join(columns) + " |", file=out)
    print("|---" * (len(columns) + 1) + "|", file=out)
    for name, row in report["accuracy"].items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |", file=out)
    print(
        "goals (every language; fa = fa+prs): "
        + ", ".join(f"{label} ≥ {goal}" for label, goal in GOALS.items()),
        file=out,
    )
    rows = [(f"{v} (all lengths)", n) for v, n in report["variety"].items()]
    rows += [(name, n) for name, n in report.get("variety_by_length", {}).items()]
    for name, numbers in rows:
        p = "-" if numbers["precision"] is None else f"{numbers['precision']:.3f}"
        print(
            f"variety {name}: precision {p}, recall {numbers['recall']:.3f}, "
            f"claims {numbers['claims']}",
            file=out,
        )
    print(
        f"confidence ≥ 0.9: {report['confident_accuracy']:.4f} right "
        f"({report['confident_share']:.1%} of answers)",
        file=out,
    )
    print(
        "calibration (confidence bin: accuracy / mean confidence, n): "
        + ", ".join(
            f"{b}: {c['accuracy']:.3f} / {c['mean_confidence']:.3f} ({c['n']})"
            for b, c in report["calibration"].items()
        ),
        file=out,
    )
    print(
        f"tweetx: {report['ms_per_text_median']:.4f} ms per text median, "
        f"{report['ms_per_text_mean']:.4f} mean",
        file=out,
    )
    for name, row in report.get("keyboards", {}).items():
        print(
            f"typed on another keyboard, {name}: "
            + ", ".join(f"{label} {value:.3f}" for label, value in row.items()),
            file=out,
        )
    w = report["written"]
    print(
        f"written tweets: {w['right']} of {w['tweets']} right; variety claims "
        f"{w['variety_claims']}, wrong {w['variety_wrong']}; short non-English Latin "
        f"phrases: {w['latin_right']} right, {w['latin_und']} und, {w['latin_as_english']} "
        f"English of {w['latin_phrases']}",
        file=out,
    )
    for line in w["wrong"]:
        print(f"  wrong: {line}", file=out)
