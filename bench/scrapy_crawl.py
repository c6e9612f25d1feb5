"""A local Scrapy crawl through the tweetx pipeline: items per second, batched vs one at a time,
against ``tweetx annotate`` on the same pages saved to disk, in one run.

N pages (default 600), each embedding a Persian tweet-like text (TICO-19 sentences, as
bench/translate_throughput.py makes them; a quarter of the pages hold no tweet), are served by
``http.server`` on 127.0.0.1 (port 0) and crawled from an index page:

  a. the pipeline as shipped: items waiting together share translation calls;
  a'. the same, finding in a thread of the crawl's process (``TWEETX_FIND_PROCESS = False``),
      not in the worker process the pipeline starts;
  b. the pipeline one item at a time (``TWEETX_BATCH_ITEMS = 1``, ``TWEETX_CONCURRENT_BATCHES =
     1``: each item translated alone, one after another, as a pipeline that translates in
     ``process_item`` would);
  c. ``tweetx annotate`` on the same pages as files;
  d. the crawl alone, no pipeline: with c, the most a crawl that also translates can make on
     cores both keep busy, 1 / (1/d + 1/c).

The model is the benchmark package bench/translate_throughput.py builds (Transformer-base shape,
``--build-only`` makes it, about 15 CPU minutes); ``--toy`` uses the tiny test package instead
(for a quick check; its numbers say little). Translation cache off everywhere. Each way runs in
its own process, start-up and model loading included; the ways take turns, ``--rounds`` times
(medians reported, and the batched/CLI ratio of each round).

    python bench/scrapy_crawl.py [--n 600] [--rounds 3] [--toy]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import html
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from translate_throughput import chosen_package, tweet_like  # noqa: E402

CRAWL = """
import scrapy
from scrapy.crawler import CrawlerProcess

class Pages(scrapy.Spider):
    name = "pages"
    start_urls = [{start!r}]

    def parse(self, response):
        if response.url.endswith("index.html"):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)
        else:
            yield {{"url": response.url, "html": response.text}}

process = CrawlerProcess(settings={settings!r})
process.crawl(Pages)
process.start()
"""


def write_pages(directory: Path, n: int) -> None:
    texts = tweet_like(n)
    for i, text in enumerate(texts):
        embed = (
            ""
            if i % 4 == 3
            else (
                f'<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">{html.escape(text)}</p>'
                f'&mdash; User (@user) <a href="https://twitter.com/user/status/'
                f'{1412743195653169728 + i}">July 7, 2021</a></blockquote>'
            )
        )
        (directory / f"p{i:05d}.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{i}</title>'
            f"</head><body><article><p>Story {i}.</p>{embed}</article></body></html>",
            encoding="utf-8",
        )
    links = "".join(f'<a href="p{i:05d}.html">{i}</a>' for i in range(n))
    (directory / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")


def _handler(pages: Path):
    """Serves the pages from memory over keep-alive HTTP/1.1: the site's own cost (a Python
    server on the same two cores) should weigh as little as a remote site's does."""
    bodies = {f"/{path.name}": path.read_bytes() for path in pages.iterdir()}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = bodies.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    return Handler


def crawl(work: Path, start: str, env: dict, translating: bool = True, **settings) -> float:
    """Items per second of one crawl (0 when nothing was translated: a broken run); with
    ``translating=False`` and ``ITEM_PIPELINES={}``, the crawl alone."""
    feed = work / f"feed-{time.monotonic_ns()}.jsonl"
    script = work / "crawl.py"
    script.write_text(
        textwrap.dedent(CRAWL).format(
            start=start,
            settings={
                "ITEM_PIPELINES": {"tweetx.contrib.scrapy.TweetxPipeline": 300},
                "FEEDS": {str(feed): {"format": "jsonlines"}},
                "LOG_LEVEL": "WARNING",
                "ROBOTSTXT_OBEY": False,
                "TELNETCONSOLE_ENABLED": False,
                "TWEETX_CACHE": False,
                "CONCURRENT_REQUESTS": 32,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
                **settings,
            },
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, str(script)], check=True, env=env)
    elapsed = time.perf_counter() - started
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    translated = sum(
        t.get("translation") is not None
        for i in items
        for t in i.get("tweetx", {}).get("tweets", [])
    )
    return len(items) / elapsed if translated or not translating else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3, help="each way this many times, in turn")
    parser.add_argument("--toy", action="store_true", help="the tiny test package (quick check)")
    args = parser.parse_args()
    package = chosen_package(args.toy)

    with tempfile.TemporaryDirectory(prefix="tweetx-scrapy-bench-") as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        write_pages(pages, args.n)
        env = {**os.environ, "TWEETX_HOME": str(work / "home")}
        subprocess.run(
            [sys.executable, "-m", "tweetx", "models", "install", str(package)],
            check=True,
            env=env,
            capture_output=True,
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(pages))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        start = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        runs: dict[str, list[float]] = {
            "pipeline_batched": [],
            "pipeline_batched_finding_in_a_thread": [],
            "pipeline_one_at_a_time": [],
            "cli": [],
            "crawl_alone": [],
        }
        try:
            for _ in range(args.rounds):  # the ways take turns: the machine's noise hits all
                runs["pipeline_batched"].append(crawl(work, start, env))
                runs["pipeline_batched_finding_in_a_thread"].append(
                    crawl(work, start, env, TWEETX_FIND_PROCESS=False)
                )
                runs["pipeline_one_at_a_time"].append(
                    crawl(work, start, env, TWEETX_BATCH_ITEMS=1, TWEETX_CONCURRENT_BATCHES=1)
                )
                started = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "tweetx",
                        "annotate",
                        "-q",
                        "--no-cache",
                        "--glob",
                        "p*.html",
                        str(pages),
                        "-o",
                        str(work / "cli.jsonl"),
                    ],
                    check=True,
                    env=env,
                )
                runs["cli"].append(args.n / (time.perf_counter() - started))
                runs["crawl_alone"].append(
                    crawl(work, start, env, translating=False, ITEM_PIPELINES={})
                )
        finally:
            server.shutdown()
    rates = {name: statistics.median(values) for name, values in runs.items()}
    ratios = [b / c for b, c in zip(runs["pipeline_batched"], runs["cli"])]
    for name, rate in rates.items():
        print(
            f"{name:24s} {rate:8.1f} items/s  (runs: {', '.join(f'{r:.1f}' for r in runs[name])})"
        )
    print(
        f"batched / one at a time: {rates['pipeline_batched'] / rates['pipeline_one_at_a_time']:.1f}×; "
        f"batched / CLI: median {statistics.median(ratios):.2f} "
        f"(per round: {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    # What sharing the cores allows: were the crawl (with the site's server) and translation
    # each to keep both cores busy, together they could make no more than this.
    bound = 1 / (1 / rates["crawl_alone"] + 1 / rates["cli"])
    print(
        f"crawl alone {rates['crawl_alone']:.1f} items/s: a crawl that translates too can make at "
        f"most {bound:.1f} items/s on cores both keep busy, {bound / rates['cli']:.2f} of the CLI"
    )
    from machine import describe, line

    print(line(describe()))
    print(
        json.dumps(
            {
                "pages": args.n,
                "package": package.name,
                "items_per_s": {name: round(rate, 1) for name, rate in rates.items()},
                "batched_vs_one_at_a_time": round(
                    rates["pipeline_batched"] / rates["pipeline_one_at_a_time"], 2
                ),
                "batched_vs_cli": round(statistics.median(ratios), 2),
                "batched_vs_cli_per_round": [round(r, 2) for r in ratios],
                "shared_cores_bound_vs_cli": round(bound / rates["cli"], 2),
                "machine": describe(),
            }
        )
    )


if __name__ == "__main__":
    main()
