"""How fast tweets are found: articles per second over the labelled embed corpus, and on a big
page, with lxml cutting pages down first (the default) and with BeautifulSoup reading every page
whole (``TWEETX_HTML_PARSER=bs4``), in one run.

Runs ``tweetx.find_tweets`` over every case of ``tests/fixtures/embeds/corpus.jsonl`` (HTML pages
and scraped texts of every form), over an 88 KB page and over 20 pages shaped like a news site's
(generated here, each holding one of the corpus's embeds) ``--rounds`` times, each way in turn.
The last line printed is one JSON object.

    python bench/embeds_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time

from tweetx.embeds import find_tweets
from tweetx.evaluate import DEFAULT_CORPUS
from tweetx.model import Article

WAYS = {"lxml cut, then bs4": None, "bs4 whole page": "bs4"}


def news_page(seed: int, embed: str) -> str:
    """A page shaped like a news site's (written here, not copied from one): a navigation of
    120 links, share buttons naming Twitter, 40 paragraphs with links and emphasis, a sidebar
    of 30 teasers, a footer, scripts, and one embed in the middle of the story."""
    rng = random.Random(seed)
    words = ("city province council security forces market road reopened week fighting "
             "districts officials said people returned homes government statement").split()

    def sentence() -> str:
        chosen = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        chosen[rng.randrange(len(chosen))] = f'<a href="/tag/{chosen[0]}">{chosen[0]}</a>'
        chosen[rng.randrange(len(chosen))] = f"<em>{chosen[1]}</em>"
        return " ".join(chosen).capitalize() + "."

    nav = "".join(f'<li class="nav-item"><a class="nav-link" href="/section/{i}">Section {i}'
                  f"</a></li>" for i in range(120))
    share = ('<div class="share"><a class="share-twitter" href="https://twitter.com/intent/'
             'tweet?url=x">Share on Twitter</a><a class="share-fb" href="#">Facebook</a></div>')
    paragraphs = [f"<p>{sentence()} {sentence()} {sentence()}</p>" for _ in range(40)]
    paragraphs.insert(20, embed)
    teasers = "".join(f'<article class="teaser"><a href="/story/{i}"><img src="/i/{i}.jpg" '
                      f'alt=""><h3>{sentence()}</h3></a><span class="time">2h</span></article>'
                      for i in range(30))
    footer = "".join(f'<a href="/about/{i}">About {i}</a> ' for i in range(40))
    scripts = "".join(f"<script>window.ads_{i} = {{slot: {i}}};</script>" for i in range(10))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story"
            f"</title>{scripts}</head><body><header><ul class=\"nav\">{nav}</ul></header>"
            f"<main><article><h1>Story</h1>{share}{''.join(paragraphs)}{share}</article>"
            f"<aside>{teasers}</aside></main><footer>{footer}</footer></body></html>")


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
    # News-site-shaped pages, each with one embed of the corpus.
    embeds = [c["content"] for c in cases if c["format"] == "html" and c["expected"]
              and c["case"].startswith("blockquote/")][:20]
    news = [Article(record={}, source=f"news{i}", html=news_page(i, embed))
            for i, embed in enumerate(embeds)]
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
            "news-site pages": rate(news, args.rounds),
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
        "news_page_kb": round(sum(len(a.html) for a in news) / len(news) / 1000),
        "news_page_tags": round(sum(a.html.count("<") for a in news) / len(news)),
        "ratio_with_embeds": round(fast["html with embeds"] / whole["html with embeds"], 2),
        "ratio_news_pages": round(fast["news-site pages"] / whole["news-site pages"], 2),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
                   f"{platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
