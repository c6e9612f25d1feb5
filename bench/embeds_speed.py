"""How fast tweets (and other platforms' posts) are found: articles per second over the labelled embed corpus, on a big page
and on news-site-shaped pages, in one run, three ways:

- ``lxml`` (the default): lxml parses, the finders read its elements;
- ``bs4``: BeautifulSoup builds the tree (``TWEETX_HTML_PARSER=bs4``), converted to the same
  elements for the same finders;
- ``bs4 tree alone``: only ``BeautifulSoup(page, "lxml")``, finding nothing. Any finder reading
  BeautifulSoup's tree (tweetx's own until this version) costs at least this much per page, so
  the default's ratio to it is a floor of its speed-up over a BeautifulSoup-only path.

Runs over every case of ``tests/fixtures/embeds/corpus.jsonl`` (HTML pages and scraped texts of
every form), over an 88 KB page and over 20 pages shaped like a news site's (generated here, each
holding one of the corpus's embeds, and again with none: share and follow links to X, Facebook,
Instagram, YouTube and Telegram, but no post) ``--rounds`` times, each way in turn. ``--against REF``
also times the finder of an earlier version (a git commit, checked out under bench/.cache) on
the same pages: f256090 is the last that read every page with BeautifulSoup. The last line
printed is one JSON object.

``--instructions`` (with ``--against``) also counts each version's instructions per page under
valgrind's callgrind, which on a shared machine is the same from run to run where times are not
(several minutes).

    python bench/embeds_speed.py [--rounds 5] [--against f256090 [--instructions]]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

from tweetx.embeds import find_tweets
from tweetx.evaluate import DEFAULT_CORPUS
from tweetx.model import Article

WAYS = {"lxml": None, "bs4": "bs4", "bs4 tree alone": "tree"}
ROOT = Path(__file__).resolve().parent.parent
# Run in a subprocess with an earlier version first on the path: its pages per second.
# What annotating runs: every platform's posts with the tweets (find_embeds), or, in versions
# before other platforms' posts were found, the tweets alone.
_FINDER = """
try:
    from tweetx.embeds import find_embeds
    from tweetx.model import Article
    def find_tweets(page):
        return find_embeds(Article(record={}, source="page", html=page))
except ImportError:
    from tweetx.embeds.html import find_tweets
"""
_MEASURE = (
    _FINDER
    + """
import json, sys, time
groups = json.load(open(sys.argv[1], encoding="utf-8"))
rates = {}
for kind, (pages, rounds) in groups.items():
    start = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            find_tweets(page)
    rates[kind] = len(pages) * rounds / (time.perf_counter() - start)
print(json.dumps(rates))
"""
)


# Under callgrind: the pages of one kind, found once (lazy set-up), then ``rounds`` times more.
_COUNT = (
    _FINDER
    + """
import json, sys
pages = json.load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]][0]
for _ in range(1 + int(sys.argv[3])):
    for page in pages:
        find_tweets(page)
"""
)


def instructions_per_page(directory: Path, groups: dict) -> dict:
    """Instructions per page of the finder in ``directory``, for each kind of page, counted by
    valgrind's callgrind: the same count however busy the machine is, where times on a shared
    machine moved by 40% between runs of the same code. Each kind is run with one round and
    with ``1 + rounds``; the difference is the pages' own cost, start-up left out."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(groups, handle)
    counts = {}
    try:
        # A fixed hash seed: sets and dicts of strings iterate in one order, so the count repeats.
        environment = {**os.environ, "PYTHONPATH": str(directory), "PYTHONHASHSEED": "0"}
        environment.pop("TWEETX_HTML_PARSER", None)
        for kind, (pages, rounds) in groups.items():
            totals = []
            for extra in (0, rounds):
                result = subprocess.run(
                    ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                    + [sys.executable, "-c", _COUNT, handle.name, kind, str(extra)],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=environment,
                    cwd=directory,
                )
                collected = next(line for line in result.stderr.splitlines() if "Collected" in line)
                totals.append(int(collected.split()[-1].replace(",", "")))
            counts[kind] = (totals[1] - totals[0]) / rounds / len(pages)
    finally:
        os.unlink(handle.name)
    return counts


def checkout_of(ref: str) -> Path:
    """Version ``ref`` checked out under bench/.cache (once)."""
    checkout = ROOT / "bench" / ".cache" / f"version-{ref}"
    if not checkout.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(checkout), ref],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return checkout


def version_rates(ref: str, groups: dict) -> dict:
    """Pages per second of version ``ref``'s HTML finder on the same pages."""
    return _rates_in(checkout_of(ref), groups)


def _rates_in(directory: Path, groups: dict) -> dict:
    """Pages per second of the finder in ``directory``, measured in a fresh process: the two
    versions compared are each measured the same way (the benchmark's own process, after its
    other measurements, ran the same code up to 15% slower than a fresh one)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(groups, handle)
    try:
        environment = {**os.environ, "PYTHONPATH": str(directory)}
        environment.pop("TWEETX_HTML_PARSER", None)
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, handle.name],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
            cwd=directory,
        )
    finally:
        os.unlink(handle.name)
    return json.loads(result.stdout)


def news_page(seed: int, embed: str) -> str:
    """A page shaped like a news site's (written here, not copied from one): a navigation of
    120 links, share buttons naming Twitter, 40 paragraphs with links and emphasis, a sidebar
    of 30 teasers, a footer, scripts, and one embed in the middle of the story."""
    rng = random.Random(seed)
    words = (
        "city province council security forces market road reopened week fighting "
        "districts officials said people returned homes government statement"
    ).split()

    def sentence() -> str:
        chosen = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        chosen[rng.randrange(len(chosen))] = f'<a href="/tag/{chosen[0]}">{chosen[0]}</a>'
        chosen[rng.randrange(len(chosen))] = f"<em>{chosen[1]}</em>"
        return " ".join(chosen).capitalize() + "."

    nav = "".join(
        f'<li class="nav-item"><a class="nav-link" href="/section/{i}">Section {i}</a></li>'
        for i in range(120)
    )
    share = (
        '<div class="share"><a class="share-twitter" href="https://twitter.com/intent/'
        'tweet?url=x">Share on Twitter</a><a class="share-fb" href="#">Facebook</a></div>'
    )
    paragraphs = [f"<p>{sentence()} {sentence()} {sentence()}</p>" for _ in range(40)]
    paragraphs.insert(20, embed)
    teasers = "".join(
        f'<article class="teaser"><a href="/story/{i}"><img src="/i/{i}.jpg" '
        f'alt=""><h3>{sentence()}</h3></a><span class="time">2h</span></article>'
        for i in range(30)
    )
    # Follow links to the outlet's own accounts, as most news sites have: platforms named on
    # a page that holds no post of theirs.
    follow = "".join(
        f'<a class="follow" href="https://{host}/kabulnews">Follow us</a> '
        for host in ("www.facebook.com", "www.instagram.com", "www.youtube.com/@", "t.me")
    ).replace("@/", "@")
    footer = follow + "".join(f'<a href="/about/{i}">About {i}</a> ' for i in range(40))
    scripts = "".join(f"<script>window.ads_{i} = {{slot: {i}}};</script>" for i in range(10))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story'
        f'</title>{scripts}</head><body><header><ul class="nav">{nav}</ul></header>'
        f"<main><article><h1>Story</h1>{share}{''.join(paragraphs)}{share}</article>"
        f"<aside>{teasers}</aside></main><footer>{footer}</footer></body></html>"
    )


def rate(articles: list, rounds: int, tree_alone: bool = False) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            if not tree_alone:
                find_tweets(article)
            elif article.html is not None:
                BeautifulSoup(article.html, "lxml")
    return len(articles) * rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--against", metavar="REF", help="also time this earlier version's finder (a git commit)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="with --against: also count both versions' instructions per page (valgrind)",
    )
    args = parser.parse_args()
    cases = [json.loads(line) for line in DEFAULT_CORPUS.read_text(encoding="utf-8").splitlines()]
    articles = [Article(record={}, source=c["case"], **{c["format"]: c["content"]}) for c in cases]
    html = [a for a in articles if a.format == "html"]
    text = [a for a in articles if a.format == "text"]
    with_embeds = [a for a, c in zip(articles, cases) if a.format == "html" and c["expected"]]
    # Real pages are far larger than the corpus cases: also a ~100 KB page (the HTML sample, its
    # story repeated, with one embed), as a news site serves it.
    sample = (DEFAULT_CORPUS.parents[3] / "samples" / "qala-e-naw.html").read_text(encoding="utf-8")
    body = sample[sample.index("<article>") : sample.index("</article>")]
    big = sample.replace("</article>", body.replace("twitter-tweet", "quote") * 30 + "</article>")
    big_article = [Article(record={}, source="big", html=big)]
    # News-site-shaped pages, each with one embed of the corpus.
    embeds = [
        c["content"]
        for c in cases
        if c["format"] == "html" and c["expected"] and c["case"].startswith("blockquote/")
    ][:20]
    news = [
        Article(record={}, source=f"news{i}", html=news_page(i, embed))
        for i, embed in enumerate(embeds)
    ]
    # The same pages with no embed of any kind: most of a crawl.
    no_posts = [
        Article(record={}, source=f"plain{i}", html=news_page(i, "")) for i in range(len(news))
    ]
    timings: dict = {}
    for way, setting in WAYS.items():
        if setting == "bs4":
            os.environ["TWEETX_HTML_PARSER"] = setting
        else:
            os.environ.pop("TWEETX_HTML_PARSER", None)
        alone = setting == "tree"
        timings[way] = {
            "html": rate(html, args.rounds, alone),
            "html with embeds": rate(with_embeds, args.rounds, alone),
            f"html {len(big) // 1000} KB page": rate(big_article, args.rounds * 4, alone),
            "news-site pages": rate(news, args.rounds, alone),
            "news-site pages, no posts": rate(no_posts, args.rounds, alone),
        }
        if not alone:
            timings[way]["text"] = rate(text, args.rounds)
    os.environ.pop("TWEETX_HTML_PARSER", None)
    fast, converted, tree = (timings[way] for way in WAYS)
    earlier: dict = {}
    ours: dict = {}
    counted: dict = {}
    if args.against:
        groups = {
            "html": ([a.html for a in html], args.rounds),
            "html with embeds": ([a.html for a in with_embeds], args.rounds),
            f"html {len(big) // 1000} KB page": ([big], args.rounds * 4),
            "news-site pages": ([a.html for a in news], args.rounds),
            "news-site pages, no posts": ([a.html for a in no_posts], args.rounds),
        }
        # Each version in a fresh process, in turn, twice: the best of each.
        ours: dict = {}
        for _ in range(2):
            for kind, value in _rates_in(ROOT, groups).items():
                ours[kind] = max(ours.get(kind, 0.0), value)
            for kind, value in version_rates(args.against, groups).items():
                earlier[kind] = max(earlier.get(kind, 0.0), value)
        timings[f"version {args.against}"] = earlier
        timings["this version, fresh process"] = ours
        if args.instructions:
            counted = {
                name: instructions_per_page(directory, {k: (p, 2) for k, (p, _) in groups.items()})
                for name, directory in (("this", ROOT), (args.against, checkout_of(args.against)))
            }
    print(
        f"{'articles/s':24s}"
        + "".join(f"{way:>16s}" for way in WAYS)
        + f"{'lxml/bs4':>10s}{'lxml/tree':>10s}"
    )
    for kind in fast:
        floor = f"{fast[kind] / tree[kind]:10.2f}" if kind in tree else f"{'':10s}"
        print(
            f"{kind:24s}{fast[kind]:16.0f}{converted[kind]:16.0f}"
            f"{tree.get(kind, float('nan')):16.0f}{fast[kind] / converted[kind]:10.2f}{floor}"
        )
    for kind, value in earlier.items():
        print(
            f"{kind:24s} version {args.against}: {value:.0f}/s; this version "
            f"{ours[kind]:.0f}/s, {ours[kind] / value:.2f}x as fast"
        )
    for kind in counted.get("this", {}):
        this, then = counted["this"][kind], counted[args.against][kind]
        print(
            f"{kind:24s} instructions per page: version {args.against} {then:,.0f}; this version "
            f"{this:,.0f}, {this / then:.3f}x"
        )
    size = sum(len(c["content"]) for c in cases) / len(cases)
    print(
        json.dumps(
            {
                "articles": len(articles),
                "with_embeds": len(with_embeds),
                "rounds": args.rounds,
                "mean_chars": round(size),
                "articles_per_s": {
                    way: {k: round(v, 1) for k, v in t.items()} for way, t in timings.items()
                },
                "news_page_kb": round(sum(len(a.html) for a in news) / len(news) / 1000),
                "news_page_tags": round(sum(a.html.count("<") for a in news) / len(news)),
                "ratio_with_embeds": round(
                    fast["html with embeds"] / converted["html with embeds"], 2
                ),
                "ratio_news_pages": round(
                    fast["news-site pages"] / converted["news-site pages"], 2
                ),
                "ratio_with_embeds_vs_tree_alone": round(
                    fast["html with embeds"] / tree["html with embeds"], 2
                ),
                "ratio_news_pages_vs_tree_alone": round(
                    fast["news-site pages"] / tree["news-site pages"], 2
                ),
                **(
                    {
                        f"ratio_vs_{args.against}": {
                            kind: round(ours[kind] / value, 2) for kind, value in earlier.items()
                        }
                    }
                    if earlier
                    else {}
                ),
                **(
                    {
                        f"instructions_vs_{args.against}": {
                            kind: round(counted["this"][kind] / then, 3)
                            for kind, then in counted[args.against].items()
                        }
                    }
                    if counted
                    else {}
                ),
                "machine": f"{platform.machine()}, {platform.python_implementation()} "
                f"{platform.python_version()}",
            }
        )
    )


if __name__ == "__main__":
    main()
