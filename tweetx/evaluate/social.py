"""Language identification measured on real posts: ``../shared/data/social-dev`` (read in
place, never copied), ``python -m tweetx.evaluate langid --corpus social-dev``.

The posts come from public research datasets (its README names them and their label noise).
Nothing in tweetx is trained on them: the models learn from TICO-19. A post's side is fixed by a
hash of ``SPLIT_SEED``, its file and line: half ``dev`` (looked at while developing rules and
calibration), half ``test`` (only reported). Where a language has several sources, each
source is also reported alone (``--leave-one-out``): whatever was fitted on social posts (the
calibration) is fitted again without that source before it is scored, so a number says how
tweetx does on a source it has not seen.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..langid.identifier import identify
from .langid import PREFIXES, first_words

DEFAULT_SOCIAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "social-dev"
SPLIT_SEED = "tweetx-social-2026"

#: file -> (expected code, expected script, expected variety, reported as)
SOCIAL_FILES = {
    "fa.txt": ("fa", "Arab", "pes", "fa"),
    "ps.txt": ("ps", "Arab", None, "ps"),
    "ur.txt": ("ur", "Arab", None, "ur"),
    "ur-Latn.txt": ("ur", "Latn", None, "ur-Latn"),
    "ar.txt": ("ar", "Arab", None, "ar"),
    "en.txt": ("en", "Latn", None, "en"),
    "fr.txt": ("fr", "Latn", None, "fr"),
    "de.txt": ("de", "Latn", None, "de"),
    "it.txt": ("it", "Latn", None, "it"),
    "es.txt": ("es", "Latn", None, "es"),
    "id.txt": ("id", "Latn", None, "id"),
}
#: The languages of the goals: their 18 cells (three lengths each) make the macro accuracy.
GOAL_LANGUAGES = ("fa", "ps", "ur", "ur-Latn", "ar", "en")
GOALS = {"full": 0.97, "5 words": 0.95, "2 words": 0.85}
ENGLISH_TWO_WORDS_GOAL = 0.90


@dataclass(frozen=True)
class Post:
    text: str
    code: str
    script: str
    variety: Optional[str]
    language: str  # as reported: fa, ur-Latn…
    source: str
    file: str
    line: int


def split_of(file: str, line: int) -> str:
    """``dev`` or ``test``, half each, fixed by the post's place.

    Example:
        >>> split_of("fa.txt", 1) in ("dev", "test")
        True
    """
    digest = hashlib.sha256(f"{SPLIT_SEED}:{file}:{line}".encode()).hexdigest()
    return "dev" if int(digest, 16) % 2 == 0 else "test"


def load_social(directory: Path = DEFAULT_SOCIAL, split: Optional[str] = None) -> list[Post]:
    """The posts of one split (``dev``, ``test``) or all (None), with their sources."""
    sources: dict[tuple[str, int], str] = {}
    with open(directory / "sources.tsv", encoding="utf-8") as handle:
        next(handle)
        for row in handle:
            file, line, source, _ = row.rstrip("\n").split("\t")
            sources[(file, int(line))] = source
    posts = []
    for file, (code, script, variety, language) in SOCIAL_FILES.items():
        with open(directory / file, encoding="utf-8") as handle:
            for number, text in enumerate(handle.read().split("\n"), 1):
                if text.strip() and (split is None or split_of(file, number) == split):
                    source = sources[(file, number)]
                    posts.append(Post(text, code, script, variety, language, source, file, number))
    return posts


def is_right(post: Post, code: str, script: str) -> bool:
    return code == post.code and (post.script != "Latn" or script == "Latn")


def evaluate_social(
    directory: Path = DEFAULT_SOCIAL, split: Optional[str] = "test", leave_one_out: bool = False
) -> dict:
    """Accuracy per language × length × source, the variety claims, calibration and speed."""
    posts = load_social(directory, split)
    cells: defaultdict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    variety: defaultdict[tuple[str, str], int] = defaultdict(int)  # (true, claimed) -> n
    # The goal's recall is on whole posts: the same tally per length.
    variety_by_length: defaultdict[str, defaultdict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    roman_urdu_false = [0, 0]  # other Latin-script posts called ur, of all of them
    answers = []  # (source, basis, right, confidence)
    times = []
    for post in posts:
        for label, words in PREFIXES.items():
            text = first_words(post.text, words)
            start = time.perf_counter()
            result = identify(text)
            times.append(time.perf_counter() - start)
            right = is_right(post, result.code, result.script)
            for source in (post.source, "all"):
                cell = cells[(post.language, source, label)]
                cell[0] += right
                cell[1] += 1
            if post.variety or post.code == "fa":
                variety[(post.variety or "fa", str(result.variety))] += 1
                claim = f"{post.variety or 'fa'} -> {result.variety}"
                variety_by_length[label][claim] += 1
            if post.script == "Latn" and post.code != "ur":
                roman_urdu_false[0] += result.code == "ur"
                roman_urdu_false[1] += 1
            if result.code != "und":
                answers.append((post.source, result.basis, right, result.confidence))
    accuracy = {
        f"{language} | {source} | {label}": right / n
        for (language, source, label), (right, n) in sorted(cells.items())
    }

    def macro(languages: tuple[str, ...]) -> Optional[float]:
        goal_cells = [
            accuracy[f"{language} | all | {label}"]
            for language in languages
            for label in PREFIXES
            if f"{language} | all | {label}" in accuracy
        ]
        return statistics.fmean(goal_cells) if goal_cells else None

    report = {
        "split": split or "all",
        "posts": len(posts),
        "accuracy": accuracy,
        "macro_goal_cells": macro(GOAL_LANGUAGES),
        "macro_without_roman_urdu": macro(tuple(g for g in GOAL_LANGUAGES if g != "ur-Latn")),
        "variety_claims": {f"{t} -> {c}": n for (t, c), n in sorted(variety.items())},
        "variety_claims_by_length": {
            label: dict(sorted(claims.items())) for label, claims in variety_by_length.items()
        },
        "latin_called_ur": roman_urdu_false[0] / max(1, roman_urdu_false[1]),
        "confident": _confident(answers),
        "ms_per_text_median": 1000 * statistics.median(times),
    }
    if leave_one_out:
        report["leave_one_out"] = _leave_one_out(directory, answers)
    return report


def _confident(answers: list) -> dict:
    confident = [right for _, _, right, confidence in answers if confidence >= 0.9]
    return {
        "share": len(confident) / max(1, len(answers)),
        "accuracy": sum(confident) / len(confident) if confident else None,
    }


def _leave_one_out(directory: Path, answers: list) -> dict:
    """Per source: confidence as a calibration fitted without that source (on TICO-19's dev
    split and the other sources' dev posts) gives it, and how often those ≥ 0.9 are right."""
    from ..langid.ngrams import MIN_CALIBRATION_SAMPLES, calibration_keys
    from .langid import calibration_counts, fit_from_counts
    from .tico import DEFAULT_TICO

    counts = calibration_counts(DEFAULT_TICO, directory)
    report = {}
    for source in sorted({source for source, _, _, _ in answers}):
        table = fit_from_counts(counts, exclude_source=source)
        rescored = []
        for answer_source, basis, right, confidence in answers:
            if answer_source != source:
                continue
            for key in calibration_keys(basis) if basis else ():
                entry = table.get(key)
                if entry and entry["n"] >= MIN_CALIBRATION_SAMPLES:
                    confidence = entry["accuracy"]
                    break
            rescored.append((source, basis, right, confidence))
        report[source] = _confident(rescored)
    return report


def print_social(report: dict, out=None) -> None:
    import sys

    out = out or sys.stdout
    print(f"social-dev, {report['split']} split: {report['posts']} posts", file=out)
    rows: defaultdict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for key, value in report["accuracy"].items():
        language, source, label = key.split(" | ")
        rows[(language, source)][label] = value
    print("| language | source | " + " | ".join(PREFIXES) + " |", file=out)
    print("|---|---|" + "---|" * len(PREFIXES), file=out)
    for (language, source), row in sorted(
        rows.items(), key=lambda item: (item[0][0], item[0][1] != "all", item[0][1])
    ):
        print(
            f"| {language} | {source} | "
            + " | ".join(f"{row.get(label, float('nan')):.3f}" for label in PREFIXES)
            + " |",
            file=out,
        )
    print(
        f"macro over the 18 goal cells ({', '.join(GOAL_LANGUAGES)} × 3 lengths): "
        f"{report['macro_goal_cells']:.3f}; without ur-Latn (15 cells): "
        f"{report['macro_without_roman_urdu']:.3f}",
        file=out,
    )
    print(
        "variety (true -> claimed, all lengths): "
        + ", ".join(f"{k}: {v}" for k, v in report["variety_claims"].items()),
        file=out,
    )
    for label, claims in report["variety_claims_by_length"].items():
        print(f"  {label}: " + ", ".join(f"{k}: {v}" for k, v in claims.items()), file=out)
    print(f"other Latin-script posts called ur: {report['latin_called_ur']:.3%}", file=out)
    confident = report["confident"]
    if confident["accuracy"] is not None:
        print(
            f"confidence ≥ 0.9: {confident['accuracy']:.3f} right ({confident['share']:.1%} of "
            "answers)",
            file=out,
        )
    for source, numbers in report.get("leave_one_out", {}).items():
        accuracy = "-" if numbers["accuracy"] is None else f"{numbers['accuracy']:.3f}"
        print(
            f"  without {source}: confidence ≥ 0.9 right {accuracy} ({numbers['share']:.1%})",
            file=out,
        )
    print(f"{report['ms_per_text_median']:.4f} ms per text (median)", file=out)
