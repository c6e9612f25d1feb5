"""Embed finding measured on the labelled corpus (``python -m tweetx.evaluate embeds``)."""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "embeds" / "corpus.jsonl"
)
EMBED_FIELDS = ("id", "handle", "date", "text", "form", "media", "quoted_url", "lang_hint")


def _tweet_fields(tweet) -> dict:
    return {
        "id": tweet.id,
        "handle": tweet.author.handle,
        "date": tweet.date,
        "text": tweet.text,
        "form": tweet.form,
        "media": list(tweet.media),
        "quoted_url": tweet.quoted_url,
        "lang_hint": tweet.lang_hint,
    }


def _matches(expected: dict, found: dict) -> bool:
    if expected.get("id"):
        return found["id"] == expected["id"]
    return (found["handle"], found["date"]) == (expected["handle"], expected["date"])


def evaluate_embeds(corpus: Path) -> dict:
    from ..embeds import find_tweets
    from ..model import Article

    cases = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    found_total = expected_total = matched_total = 0
    fields: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    forms: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])  # form -> [found, expected]
    misses = []
    start = time.perf_counter()
    results = []
    for case in cases:
        article = Article(record={}, source=case["case"], **{case["format"]: case["content"]})
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
                        misses.append(
                            {
                                "case": case["case"],
                                "field": name,
                                "expected": want[name],
                                "found": hit[name],
                            }
                        )
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
    print(
        f"{report['cases']} cases: precision {report['precision']:.3f}, "
        f"recall {report['recall']:.3f}, {report['articles_per_s']:.0f} articles/s",
        file=out,
    )
    print(
        "field accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in report["field_accuracy"].items()),
        file=out,
    )
    print(
        "recall by form: " + ", ".join(f"{k} {v:.2f}" for k, v in report["recall_by_form"].items()),
        file=out,
    )
    for miss in report["misses"][:30]:
        print("  miss: " + json.dumps(miss, ensure_ascii=False)[:300], file=out)
