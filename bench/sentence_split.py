"""Sentence splitting: tweetx's rules against other splitters, on the expected splits written in
tests/fixtures/sentences/splits.tsv (Persian, Dari, Pashto, Arabic, Urdu and English tweets with
؟ ۔ ! … quotes, numbers such as ۱۴۰۰.۵, URLs and handles).

Splitters compared:
  tweetx          tweetx.translation.sentences.split_sentences (what translation uses);
  tweetx-before   the rule tweetx used before (a break after . ! ? … ؟ ۔ and a space);
  spacy           spaCy's rule-based ``sentencizer`` on a blank pipeline of the language (what
                  Argos's SPACY chunk type adds to its model; the model itself is a download);
  pysbd           pySBD's rules for the language (Persian's for Dari and Pashto, which it lacks).
Argos Translate's default, MiniSBD, is not run: its ONNX models download from GitHub at first
use, which these machines cannot reach.

    pip install -e '.[bench]'; python bench/sentence_split.py

Prints, per splitter and language, the texts split exactly as expected, the boundary precision
and recall, and each text where a splitter differs from the expectation. The last line is JSON.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_sentences import read_table  # noqa: E402  (the table's one reader)

from tweetx.translation.sentences import split_sentences  # noqa: E402

_BEFORE = re.compile(r"(?<=[.!?…؟۔])\s+")


def tweetx_before(text: str, lang: str) -> list[str]:
    return [s for s in _BEFORE.split(text.strip()) if s]


def tweetx_now(text: str, lang: str) -> list[str]:
    return [s for line in split_sentences(text) for s in line]


def spacy_splitter():
    import spacy

    pipelines = {}

    def split(text: str, lang: str) -> list[str]:
        code = {"prs": "fa", "ps": "xx"}.get(lang, lang)
        if code not in pipelines:
            pipelines[code] = spacy.blank(code)
            pipelines[code].add_pipe("sentencizer")
        return [s.text.strip() for s in pipelines[code](text).sents if s.text.strip()]

    return split


def pysbd_splitter():
    import pysbd

    segmenters = {}

    def split(text: str, lang: str) -> list[str]:
        code = {"prs": "fa", "ps": "fa"}.get(lang, lang)
        if code not in segmenters:
            segmenters[code] = pysbd.Segmenter(language=code, clean=False)
        return [s.strip() for s in segmenters[code].segment(text) if s.strip()]

    return split


def boundaries(sentences: list[str]) -> set[int]:
    """Where each sentence ends, counted in non-space characters (spacing-blind)."""
    ends, count = set(), 0
    for sentence in sentences[:-1]:
        count += len("".join(sentence.split()))
        ends.add(count)
    return ends


def main() -> None:
    rows = read_table()
    splitters = {"tweetx": tweetx_now, "tweetx-before": tweetx_before}
    for name, make in (("spacy", spacy_splitter), ("pysbd", pysbd_splitter)):
        try:
            splitters[name] = make()
        except ImportError as exc:
            print(f"{name}: not installed ({exc}); pip install -e '.[bench]'")
    results: dict = {}
    for name, split in splitters.items():
        exact = defaultdict(lambda: [0, 0])
        found = expected_total = right = 0
        misses = []
        for lang, text, expected in rows:
            got = split(text, lang)
            exact[lang][1] += 1
            if got == expected:
                exact[lang][0] += 1
            else:
                misses.append((lang, text, got))
            want, have = boundaries(expected), boundaries(got)
            found, expected_total, right = (
                found + len(have),
                expected_total + len(want),
                right + len(want & have),
            )
        results[name] = {
            "exact": sum(hit for hit, _ in exact.values()) / len(rows),
            "by_language": {lang: f"{hit}/{total}" for lang, (hit, total) in exact.items()},
            "boundary_precision": right / found if found else 1.0,
            "boundary_recall": right / expected_total if expected_total else 1.0,
            "misses": misses,
        }
    print(f"{len(rows)} texts; exact = split exactly as expected")
    print(f"{'splitter':<15}{'exact':>7}{'precision':>11}{'recall':>8}   by language")
    for name, r in results.items():
        languages = " ".join(f"{k} {v}" for k, v in r["by_language"].items())
        print(
            f"{name:<15}{r['exact']:>7.2f}{r['boundary_precision']:>11.2f}"
            f"{r['boundary_recall']:>8.2f}   {languages}"
        )
    for name, r in results.items():
        for lang, text, got in r["misses"]:
            print(f"\n[{name}] {lang}: {text}\n    → {' ‖ '.join(got)}")
    print(
        json.dumps(
            {
                name: {
                    k: (round(v, 3) if isinstance(v, float) else v)
                    for k, v in r.items()
                    if k != "misses"
                }
                for name, r in results.items()
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
