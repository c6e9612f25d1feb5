"""Language identification on a directory of real posts, one file per language and source.

A directory holds ``LANG-SOURCE.txt`` files, one post per line: ``LANG`` is the language the
source's dataset documents (``fa``, ``prs`` for Dari, scored as ``fa``, ``ps``, ``ur``,
``ur-Latn`` for Roman Urdu, right when a tool says ``ur`` in Latin script, ``ar``, ``en``…),
``SOURCE`` names the dataset (``ar-egy.txt``, ``ps-facebook.txt``). Such sets are not shipped:
they are other people's words, read in place. Each post is scored whole and as its first 5
and 2 words, over all lines or one half (:func:`tweetx.evaluate.variety.split_of`, a hash of
the line: ``dev`` for the half looked at, ``test`` for the other).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from ..langid.identifier import identify
from .langid import PREFIXES, first_words
from .variety import split_of


def expected(name: str) -> tuple[str, str, bool]:
    """(the source's language, the code a right answer has, whether it must be Latin script).

    Example:
        >>> expected("ur-Latn-ruhsold"), expected("prs-kabul"), expected("ar-egy")
        (('ur-Latn', 'ur', True), ('prs', 'fa', False), ('ar', 'ar', False))
    """
    language = "ur-Latn" if name.startswith("ur-Latn") else name.split("-")[0]
    code = {"ur-Latn": "ur", "prs": "fa"}.get(language, language)
    return language, code, language == "ur-Latn"


def evaluate_posts(directory: Path, split: Optional[str] = None) -> dict:
    """Per file: posts, accuracy at each length, and how many answers have confidence ≥ 0.9
    and how often those are right; then the same over all files."""
    paths = sorted(p for p in directory.glob("*.txt") if "-" in p.stem)
    if not paths:
        raise FileNotFoundError(f"{directory}: no LANG-SOURCE.txt files")
    files: dict[str, dict] = {}
    confident_all = [0, 0, 0]  # answers, confident, confident and right
    for path in paths:
        language, code, latin = expected(path.stem)
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        posts = [t for t in lines if t and (split is None or split_of(t) == split)]
        accuracy, confident = {}, [0, 0, 0]
        for label, words in PREFIXES.items():
            right = 0
            for post in posts:
                result = identify(first_words(post, words))
                ok = result.code == code and (not latin or result.script == "Latn")
                right += ok
                confident[0] += 1
                if result.confidence >= 0.9:
                    confident[1] += 1
                    confident[2] += ok
            accuracy[label] = right / len(posts) if posts else None
        files[path.stem] = {
            "language": language,
            "posts": len(posts),
            "accuracy": accuracy,
            "confident_share": confident[1] / confident[0] if confident[0] else None,
            "confident_accuracy": confident[2] / confident[1] if confident[1] else None,
        }
        confident_all = [a + b for a, b in zip(confident_all, confident)]
    answers, sure, right = confident_all
    return {
        "split": split or "all",
        "files": files,
        "confident_share": sure / answers if answers else None,
        "confident_accuracy": right / sure if sure else None,
    }


def print_posts(report: dict, out=None) -> None:
    out = out or sys.stdout
    print(f"split: {report['split']}", file=out)
    print("| file | posts | " + " | ".join(PREFIXES) + " | confidence ≥ 0.9: right |", file=out)
    print("|---" * (len(PREFIXES) + 3) + "|", file=out)
    for name, f in report["files"].items():
        cells = " | ".join("-" if v is None else f"{v:.3f}" for v in f["accuracy"].values())
        sure = f["confident_accuracy"]
        print(
            f"| {name} | {f['posts']} | {cells} | {'-' if sure is None else f'{sure:.3f}'} |",
            file=out,
        )
    if report["confident_accuracy"] is not None:
        print(
            f"confidence ≥ 0.9: {report['confident_accuracy']:.3f} right "
            f"({report['confident_share']:.1%} of answers)",
            file=out,
        )
