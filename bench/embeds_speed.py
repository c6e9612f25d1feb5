"""How fast tweets are found: articles per second over the labelled embed corpus.

Runs ``tweetx.find_tweets`` over every case of ``tests/fixtures/embeds/corpus.jsonl`` (HTML pages
and scraped texts of every form) ``--rounds`` times. The last line printed is one JSON object.

    python bench/embeds_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from tweetx.embeds import find_tweets
from tweetx.evaluate import DEFAULT_CORPUS
from tweetx.model import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = [json.loads(line) for line in DEFAULT_CORPUS.read_text(encoding="utf-8").splitlines()]
    articles = [Article(record={}, source=c["case"], **{c["format"]: c["content"]}) for c in cases]
    timings = {}
    for fmt in ("html", "text"):
        subset = [a for a in articles if a.format == fmt]
        start = time.perf_counter()
        for _ in range(args.rounds):
            for article in subset:
                find_tweets(article)
        timings[fmt] = len(subset) * args.rounds / (time.perf_counter() - start)
    # Real pages are far larger than the corpus cases: also time a ~100 KB page (the HTML sample,
    # its story repeated, with one embed), as a news site serves it.
    sample = (DEFAULT_CORPUS.parents[3] / "samples" / "qala-e-naw.html").read_text(encoding="utf-8")
    body = sample[sample.index("<article>"):sample.index("</article>")]
    big = sample.replace("</article>", body.replace("twitter-tweet", "quote") * 30 + "</article>")
    big_article = Article(record={}, source="big", html=big)
    start = time.perf_counter()
    for _ in range(args.rounds * 4):
        find_tweets(big_article)
    timings[f"html {len(big) // 1000} KB page"] = args.rounds * 4 / (time.perf_counter() - start)
    size = sum(len(c["content"]) for c in cases) / len(cases)
    result = {
        "articles": len(articles),
        "rounds": args.rounds,
        "mean_chars": round(size),
        "articles_per_s": {fmt: round(rate, 1) for fmt, rate in timings.items()},
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    for fmt, rate in timings.items():
        print(f"{fmt:18s} {rate:8.0f} articles/s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
