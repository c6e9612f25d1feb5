"""Measure tweetx against labelled data: ``python -m tweetx.evaluate langid [--data DIR]``.

langid: TICO-19 segments (``../shared/data/tico19`` by default; read in place, never copied) in
fa (Iranian Persian), prs (Dari, scored as fa), ps, ar, ur and en. Prints accuracy per language on
full segments, their first 5 words and their first 2 words, next to seeded langdetect on the same
texts; then the precision and recall of Dari/Iranian variety claims and a calibration table. The
last line is one JSON object with every number.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from .langid import identify

DEFAULT_TICO = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "tico19"
# (file, column, expected code, variety) for each language sample.
TICO_SETS = {
    "fa": ("en-fa.tsv", 2, "fa", "pes"),
    "prs": ("en-prs.tsv", 2, "fa", "prs"),
    "ps": ("en-ps.tsv", 2, "ps", None),
    "ar": ("en-ar.tsv", 2, "ar", None),
    "ur": ("en-ur.tsv", 2, "ur", None),
    "en": ("en-fa.tsv", 1, "en", None),
}
PREFIXES = {"full": None, "5 words": 5, "2 words": 2}


def load_tico(directory: Path, limit: int | None = None) -> dict[str, list[str]]:
    samples = {}
    for name, (filename, column, _, _) in TICO_SETS.items():
        with open(directory / filename, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        samples[name] = [row[column] for row in rows if len(row) > column and row[column].strip()]
        if limit:
            samples[name] = samples[name][:limit]
    return samples


def _langdetect():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text):
        try:
            return detect(text).split("-")[0]
        except LangDetectException:
            return "und"

    return run


def evaluate_langid(directory: Path, limit: int | None = None) -> dict:
    samples = load_tico(directory, limit)
    langdetect = _langdetect()
    accuracy = defaultdict(dict)
    calibration = defaultdict(lambda: [0, 0])  # confidence bin -> [right, total]
    variety = {"prs": [0, 0, 0], "pes": [0, 0, 0]}  # claimed right, claimed, truly that variety
    seconds, count = 0.0, 0
    for name, texts in samples.items():
        _, _, expected, true_variety = TICO_SETS[name]
        for label, words in PREFIXES.items():
            cut = [" ".join(t.split()[:words]) if words else t for t in texts]
            start = time.perf_counter()
            results = [identify(t) for t in cut]
            seconds += time.perf_counter() - start
            count += len(cut)
            right = [r.code == expected for r in results]
            accuracy[name][f"tweetx {label}"] = sum(right) / len(cut)
            accuracy[name][f"langdetect {label}"] = sum(
                langdetect(t) == expected for t in cut) / len(cut)
            for r, ok in zip(results, right):
                if r.code != "und":
                    bin_ = min(int(r.confidence * 10), 9) / 10
                    calibration[bin_][0] += ok
                    calibration[bin_][1] += 1
            if label == "full" and expected == "fa":
                for r in results:
                    for v in variety:
                        variety[v][1] += r.variety == v
                        variety[v][0] += r.variety == v and true_variety == v
                        variety[v][2] += true_variety == v
    return {
        "accuracy": dict(accuracy),
        "variety": {
            v: {"precision": (c[0] / c[1]) if c[1] else None, "recall": c[0] / c[2] if c[2] else None,
                "claims": c[1]}
            for v, c in variety.items()
        },
        "calibration": {f"{b:.1f}": {"accuracy": r / t, "n": t}
                        for b, (r, t) in sorted(calibration.items())},
        "tweetx_ms_per_text": 1000 * seconds / count,
    }


def print_langid(report: dict, out=sys.stdout) -> None:
    columns = [f"{tool} {label}" for label in PREFIXES for tool in ("tweetx", "langdetect")]
    print("| language | " + " | ".join(columns) + " |", file=out)
    print("|---" * (len(columns) + 1) + "|", file=out)
    for name, row in report["accuracy"].items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |", file=out)
    print(file=out)
    for v, numbers in report["variety"].items():
        p = "-" if numbers["precision"] is None else f"{numbers['precision']:.3f}"
        print(f"variety {v}: precision {p}, recall {numbers['recall']:.3f}, "
              f"claims {numbers['claims']}", file=out)
    print("calibration (confidence bin: accuracy, n): " + ", ".join(
        f"{b}: {c['accuracy']:.3f} ({c['n']})" for b, c in report["calibration"].items()),
        file=out)
    print(f"tweetx: {report['tweetx_ms_per_text']:.3f} ms per text", file=out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tweetx.evaluate", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    langid = sub.add_parser("langid", help="language identification on TICO-19")
    langid.add_argument("--data", type=Path, default=DEFAULT_TICO)
    langid.add_argument("--limit", type=int, default=None, help="segments per language")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data}: no such directory (TICO-19 lives in ../shared/data/tico19)")
    report = evaluate_langid(args.data, args.limit)
    print_langid(report)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
