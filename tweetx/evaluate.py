"""Measure tweetx against labelled data.

    python -m tweetx.evaluate langid [--data DIR] [--limit N]
    python -m tweetx.evaluate calibrate [--data DIR]
    python -m tweetx.evaluate embeds [CORPUS]

embeds: the labelled corpus in ``tests/fixtures/embeds/corpus.jsonl`` (every embed form, five
languages, negatives). Prints precision, recall and per-field accuracy of the tweets found, per
form, and the cases that miss; the last line is one JSON object.

langid: TICO-19 segments (``../shared/data/tico19`` by default; read in place, never copied) in
fa (Iranian Persian), prs (Dari, scored as fa), ps, ar, ur and en. Prints accuracy per language on
full segments, their first 5 words and their first 2 words, next to seeded langdetect on the same
texts; then the precision and recall of Dari/Iranian variety claims, and how well confidence is
calibrated on the held-out half (odd-numbered segments). The last line is one JSON object.

calibrate: measures, on the even-numbered half of the same segments (all prefixes), how often each
kind of decision (``Language.basis``: rule, strength, text length) is right, and writes that to
``tweetx/calibration.json``, which ``identify`` reports as its confidence.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from .langid import CALIBRATION_FILE, calibration_keys, identify

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


DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "embeds" / "corpus.jsonl"
EMBED_FIELDS = ("id", "handle", "date", "text", "form", "media", "quoted_url", "lang_hint")


def _tweet_fields(tweet) -> dict:
    return {"id": tweet.id, "handle": tweet.author.handle, "date": tweet.date, "text": tweet.text,
            "form": tweet.form, "media": list(tweet.media), "quoted_url": tweet.quoted_url,
            "lang_hint": tweet.lang_hint}


def _matches(expected: dict, found: dict) -> bool:
    if expected.get("id"):
        return found["id"] == expected["id"]
    return (found["handle"], found["date"]) == (expected["handle"], expected["date"])


def evaluate_embeds(corpus: Path) -> dict:
    from .embeds import find_tweets
    from .model import Article

    cases = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    found_total = expected_total = matched_total = 0
    fields = defaultdict(lambda: [0, 0])
    forms = defaultdict(lambda: [0, 0])  # form -> [found, expected]
    misses = []
    start = time.perf_counter()
    results = []
    for case in cases:
        article = Article(record={}, source=case["case"],
                          **{case["format"]: case["content"]})
        results.append([_tweet_fields(t) for t in find_tweets(article)])
    seconds = time.perf_counter() - start
    for case, found in zip(cases, results):
        expected = case["expected"]
        found_total += len(found)
        expected_total += len(expected)
        unmatched = list(found)
        for want in expected:
            form = case["case"].split("/")[0]
            forms[form][1] += 1
            hit = next((f for f in unmatched if _matches(want, f)), None)
            if hit is None:
                misses.append({"case": case["case"], "missing": want, "found": found})
                continue
            unmatched.remove(hit)
            matched_total += 1
            forms[form][0] += 1
            for name in EMBED_FIELDS:
                if name in want:
                    fields[name][0] += hit[name] == want[name]
                    fields[name][1] += 1
                    if hit[name] != want[name]:
                        misses.append({"case": case["case"], "field": name,
                                       "expected": want[name], "found": hit[name]})
        for extra in unmatched:
            misses.append({"case": case["case"], "unexpected": extra})
    return {
        "cases": len(cases),
        "precision": matched_total / found_total if found_total else 1.0,
        "recall": matched_total / expected_total if expected_total else 1.0,
        "field_accuracy": {name: right / total for name, (right, total) in fields.items()},
        "recall_by_form": {form: hit / total for form, (hit, total) in sorted(forms.items())},
        "articles_per_s": len(cases) / seconds,
        "misses": misses,
    }


def print_embeds(report: dict, out=sys.stdout) -> None:
    print(f"{report['cases']} cases: precision {report['precision']:.3f}, "
          f"recall {report['recall']:.3f}, {report['articles_per_s']:.0f} articles/s", file=out)
    print("field accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in report["field_accuracy"].items()),
          file=out)
    print("recall by form: " + ", ".join(f"{k} {v:.2f}" for k, v in report["recall_by_form"].items()),
          file=out)
    for miss in report["misses"][:30]:
        print("  miss: " + json.dumps(miss, ensure_ascii=False)[:300], file=out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tweetx.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    langid = sub.add_parser("langid", help="language identification on TICO-19")
    langid.add_argument("--data", type=Path, default=DEFAULT_TICO)
    langid.add_argument("--limit", type=int, default=None, help="segments per language")
    calibrate = sub.add_parser("calibrate", help="write tweetx/calibration.json from TICO-19")
    calibrate.add_argument("--data", type=Path, default=DEFAULT_TICO)
    embeds = sub.add_parser("embeds", help="embed finding on the labelled corpus")
    embeds.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if args.what == "embeds":
        report = evaluate_embeds(args.corpus)
        print_embeds(report)
        print(json.dumps({k: v for k, v in report.items() if k != "misses"}))
        return
    if not args.data.is_dir():
        parser.error(f"{args.data}: no such directory (TICO-19 lives in ../shared/data/tico19)")
    if args.what == "calibrate":
        buckets = fit_calibration(args.data)
        with open(CALIBRATION_FILE, "w", encoding="utf-8") as handle:
            json.dump({"source": "TICO-19 even-numbered segments: full, 5-word and 2-word "
                                 "prefixes (python -m tweetx.evaluate calibrate)",
                       "buckets": buckets}, handle, indent=1, sort_keys=True)
            handle.write("\n")
        print(f"wrote {len(buckets)} calibration buckets to {CALIBRATION_FILE}")
        return
    report = evaluate_langid(args.data, args.limit)
    print_langid(report)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
