"""Language identification measured on TICO-19 (``python -m tweetx.evaluate langid|calibrate``)."""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from ..langid import calibration_keys, identify

DEFAULT_TICO = Path(__file__).resolve().parents[3] / "shared" / "data" / "tico19"
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


def _prefixes(texts: list[str]):
    for label, words in PREFIXES.items():
        yield label, [" ".join(t.split()[:words]) if words else t for t in texts]


def evaluate_langid(directory: Path, limit: int | None = None) -> dict:
    samples = load_tico(directory, limit)
    langdetect = _langdetect()
    accuracy = defaultdict(dict)
    reliability = defaultdict(lambda: [0, 0, 0.0])  # confidence bin -> [right, total, sum conf]
    variety = {"prs": [0, 0, 0], "pes": [0, 0, 0]}  # claimed right, claimed, truly that variety
    seconds, count = 0.0, 0
    for name, texts in samples.items():
        _, _, expected, true_variety = TICO_SETS[name]
        for label, cut in _prefixes(texts):
            start = time.perf_counter()
            results = [identify(t) for t in cut]
            seconds += time.perf_counter() - start
            count += len(cut)
            right = [r.code == expected for r in results]
            answered = sum(r.code != "und" for r in results)
            accuracy[name][f"tweetx {label}"] = sum(right) / len(cut)
            accuracy[name][f"tweetx answered {label}"] = sum(right) / answered if answered else 0.0
            accuracy[name][f"tweetx abstained {label}"] = 1 - answered / len(cut)
            accuracy[name][f"langdetect {label}"] = sum(
                langdetect(t) == expected for t in cut) / len(cut)
            for index, (r, ok) in enumerate(zip(results, right)):
                if r.code != "und" and index % 2 == 1:  # held out from `calibrate`
                    cell = reliability[min(int(r.confidence * 10), 9) / 10]
                    cell[0] += ok
                    cell[1] += 1
                    cell[2] += r.confidence
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
        "calibration": {f"{b:.1f}": {"accuracy": r / t, "mean_confidence": c / t, "n": t}
                        for b, (r, t, c) in sorted(reliability.items())},
        "tweetx_ms_per_text": 1000 * seconds / count,
    }


def fit_calibration(directory: Path) -> dict:
    """How often each decision basis is right on the even-numbered segments, all prefixes."""
    counts = defaultdict(lambda: [0, 0])
    for name, texts in load_tico(directory).items():
        expected = TICO_SETS[name][2]
        for _, cut in _prefixes(texts[::2]):
            for text in cut:
                result = identify(text)
                for key in calibration_keys(result.basis) if result.basis else ():
                    counts[key][0] += result.code == expected
                    counts[key][1] += 1
    # Laplace smoothing: a basis right 40 times in 40 says 0.976, not a certain 1.0.
    return {
        basis: {"accuracy": round((right + 1) / (n + 2), 4), "n": n}
        for basis, (right, n) in sorted(counts.items())
    }


def print_langid(report: dict, out=sys.stdout) -> None:
    columns = [f"{tool} {label}" for label in PREFIXES for tool in ("tweetx", "langdetect")]
    print("| language | " + " | ".join(columns) + " |", file=out)
    print("|---" * (len(columns) + 1) + "|", file=out)
    for name, row in report["accuracy"].items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |", file=out)
    print(file=out)
    print("tweetx abstains (und) rather than guess on texts with fewer than 4 letters; "
          "accuracy above counts that as wrong. When it answers:\n", file=out)
    columns = [f"tweetx {kind} {label}" for label in PREFIXES for kind in ("answered", "abstained")]
    print("| language | " + " | ".join(c.replace("tweetx ", "") for c in columns) + " |", file=out)
    print("|---" * (len(columns) + 1) + "|", file=out)
    for name, row in report["accuracy"].items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |", file=out)
    print(file=out)
    for v, numbers in report["variety"].items():
        p = "-" if numbers["precision"] is None else f"{numbers['precision']:.3f}"
        print(f"variety {v}: precision {p}, recall {numbers['recall']:.3f}, "
              f"claims {numbers['claims']}", file=out)
    print("calibration on held-out segments (confidence bin: accuracy / mean confidence, n): "
          + ", ".join(f"{b}: {c['accuracy']:.3f} / {c['mean_confidence']:.3f} ({c['n']})"
                      for b, c in report["calibration"].items()), file=out)
    print(f"tweetx: {report['tweetx_ms_per_text']:.3f} ms per text", file=out)
