"""How fast tweets are found: articles per second over the labelled embed corpus, and on a big
page, with lxml cutting pages down first (the default) and with BeautifulSoup reading every page
whole (``TWEETX_HTML_PARSER=bs4``), in one run.

Runs ``tweetx.find_tweets`` over every case of ``tests/fixtures/embeds/corpus.jsonl`` (HTML pages
and scraped texts of every form) ``--rounds`` times, each way in turn. The last line printed is
one JSON object.

    python bench/embeds_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from tweetx.embeds import find_tweets
from tweetx.evaluate import DEFAULT_CORPUS
from tweetx.model import Article

WAYS = {"lxml cut, then bs4": None, "bs4 whole page": "bs4"}


def rate(articles: list, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            find_tweets(article)
    return len(articles) * rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = [json.loads(line) for line in DEFAULT_CORPUS.read_text(encoding="utf-8").splitlines()]
    articles = [Article(record={}, source=c["case"], **{c["format"]: c["content"]}) for c in cases]
    html = [a for a in articles if a.format == "html"]
    text = [a for a in articles if a.format == "text"]
    with_embeds = [a for a, c in zip(articles, cases) if a.format == "html" and c["expected"]]
    # Real pages are far larger than the corpus cases: also a ~100 KB page (the HTML sample, its
    # story repeated, with one embed), as a news site serves it.
    sample = (DEFAULT_CORPUS.parents[3] / "samples" / "qala-e-naw.html").read_text(encoding="utf-8")
    body = sample[sample.index("<article>"):sample.index("</article>")]
    big = sample.replace("</article>", body.replace("twitter-tweet", "quote") * 30 + "</article>")
    big_article = [Article(record={}, source="big", html=big)]
    timings: dict = {}
    for way, setting in WAYS.items():
        if setting:
            os.environ["TWEETX_HTML_PARSER"] = setting
        else:
            os.environ.pop("TWEETX_HTML_PARSER", None)
        timings[way] = {
            "html": rate(html, args.rounds),
            "html with embeds": rate(with_embeds, args.rounds),
            f"html {len(big) // 1000} KB page": rate(big_article, args.rounds * 4),
            "text": rate(text, args.rounds),
        }
    os.environ.pop("TWEETX_HTML_PARSER", None)
    fast, whole = (timings[way] for way in WAYS)
    print(f"{'articles/s':24s}" + "".join(f"{way:>22s}" for way in WAYS) + f"{'ratio':>8s}")
    for kind in fast:
        print(f"{kind:24s}{fast[kind]:22.0f}{whole[kind]:22.0f}{fast[kind] / whole[kind]:8.2f}")
    size = sum(len(c["content"]) for c in cases) / len(cases)
    print(json.dumps({
        "articles": len(articles), "with_embeds": len(with_embeds), "rounds": args.rounds,
        "mean_chars": round(size),
        "articles_per_s": {way: {k: round(v, 1) for k, v in t.items()}
                           for way, t in timings.items()},
        "ratio_with_embeds": round(fast["html with embeds"] / whole["html with embeds"], 2),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
                   f"{platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
