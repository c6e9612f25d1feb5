"""A Scrapy crawl through the tweetx pipeline when the site and the translator misbehave.

N pages (default 5,000) are served by a local server on 127.0.0.1 (port 0); of them 2 % answer
500, 1 % are 5 MB pages (the story repeated, one embed), 1 % are served slowly (2 s), and the
rest are ordinary pages, most with a Persian tweet. The translator raises on every batch that
holds one of the 1 % of tweets marked to fail (in the crawl's process). The crawl runs with
tweetx's default settings and the toy package (the faults are the subject here, not the model's speed).

Printed: pages that answered 200 and items out (exactly one item each), tweets translated and
tweets carrying the translator's error, the reactor's worst lag (a 10 ms ``LoopingCall``
measuring how late it runs), the crawl's peak resident memory (Linux: ``VmHWM``) and at most
its largest child process's (the finding process, where there is one), and its time. ``--ways process,thread,none`` runs
the crawl, in turn, as shipped (finding in a worker process), finding in a thread of the crawl's
process, and without tweetx (what Scrapy's own work costs the reactor); ``--rounds`` repeats
them.

    python bench/scrapy_faults.py [--n 5000] [--ways process,thread,none] [--rounds 1]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import html
import http.server
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOY = ROOT / "tests" / "fixtures" / "toy-fa_en.argosmodel"
PHRASES = ["شهر آرام است.", "طالبان از شهر فرار کردند.", "کابل پایتخت افغانستان است."]

CRAWL = """
import json, resource, time
import scrapy
from scrapy.crawler import CrawlerProcess

from tweetx.translation import translator as translator_module

# The translator raises on every batch that holds a tweet marked to fail (1 % of them).
original = translator_module.Translator.translate
calls = [0]

def failing(self, texts, source):
    calls[0] += 1
    if any("XFAILX" in text for text in texts):
        raise RuntimeError("injected failure of a translation batch")
    return original(self, texts, source)

translator_module.Translator.translate = failing

lag = [0.0]
last = [time.monotonic()]
started = [time.monotonic()]
late = []  # (seconds into the crawl, lag) of every tick 50 ms late or more

def tick():
    now = time.monotonic()
    if now - last[0] - 0.01 >= 0.05:
        late.append((round(now - started[0], 2), round(now - last[0] - 0.01, 3)))
    lag[0] = max(lag[0], now - last[0] - 0.01)
    last[0] = now

class Pages(scrapy.Spider):
    name = "pages"
    start_urls = [{start!r}]
    custom_settings = {{"HTTPERROR_ALLOW_ALL": False}}

    def parse(self, response):
        if response.url.endswith("index.html"):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)
        else:
            yield {{"url": response.url, "html": response.text}}

process = CrawlerProcess(settings={settings!r})
process.crawl(Pages)  # installs Scrapy's reactor: imported only after
from twisted.internet import reactor, task

loop = task.LoopingCall(tick)

def begin():
    started[0] = last[0] = time.monotonic()
    loop.start(0.01)

reactor.callWhenRunning(begin)
process.start()
print(json.dumps({{
    "worst_lag_s": lag[0],
    # VmHWM: this process's own peak (ru_maxrss keeps the bench's peak across fork and exec).
    "peak_rss_mb": int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024,
    # A child's ru_maxrss counts from the crawl's size when it was forked: an upper bound.
    "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "translate_calls": calls[0],
    "late_ticks": late[:20],
}}))
"""


def page_kind(i: int) -> str:
    """Which fault page ``i`` carries (2 % errors, 1 % huge, 1 % slow, the rest ordinary)."""
    if i % 50 == 7:
        return "error"
    if i % 100 == 13:
        return "huge"
    if i % 100 == 29:
        return "slow"
    return "ok"


def page(i: int) -> bytes:
    embed = (
        ""
        if i % 4 == 3
        else (
            f'<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">'
            f"{html.escape(PHRASES[i % 3])} {i}{' XFAILX' if i % 100 == 41 else ''}</p>"
            "&mdash; User (@user) "
            f'<a href="https://twitter.com/user/status/{1412743195653169728 + i}">'
            "July 7, 2021</a></blockquote>"
        )
    )
    story = f"<p>Story {i}: the road to the city was opened again this morning.</p>"
    if page_kind(i) == "huge":
        story *= 5_000_000 // len(story)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{i}</title></head>'
        f"<body><article>{story}{embed}</article></body></html>"
    ).encode()


def handler(n: int):
    index = "".join(f'<a href="p{i:05d}.html">{i}</a>' for i in range(n)).encode()
    bodies = {f"/p{i:05d}.html": page(i) for i in range(n)}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path == "/index.html":
                status, body = 200, index
            elif self.path in bodies:
                kind = page_kind(int(self.path[2:7]))
                if kind == "slow":
                    time.sleep(2)
                status, body = (500, b"error") if kind == "error" else (200, bodies[self.path])
            else:
                status, body = 404, b""
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


#: The ways a crawl runs: the pipeline as shipped (finding in a worker process), the pipeline
#: finding in a thread of the crawl's process (TWEETX_FIND_PROCESS = False, as before), and the
#: same crawl without tweetx (what Scrapy's own work costs the reactor).
WAYS = {
    "process": {"ITEM_PIPELINES": {"tweetx.contrib.scrapy.TweetxPipeline": 300}},
    "thread": {
        "ITEM_PIPELINES": {"tweetx.contrib.scrapy.TweetxPipeline": 300},
        "TWEETX_FIND_PROCESS": False,
    },
    "none": {"ITEM_PIPELINES": {}},
}


def crawl(way: str, n: int, work: Path, env: dict, start: str) -> dict:
    """One crawl of the local site; its figures."""
    feed = work / f"items-{way}.jsonl"
    script = work / f"crawl-{way}.py"
    settings = {
        **WAYS[way],
        "FEEDS": {str(feed): {"format": "jsonlines"}},
        "LOG_LEVEL": "ERROR",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "DOWNLOAD_MAXSIZE": 16 * 2**20,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "TWEETX_CACHE": False,
    }
    script.write_text(
        textwrap.dedent(CRAWL).format(start=start, settings=settings), encoding="utf-8"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True)
    if done.returncode or not feed.exists():
        sys.exit(f"the crawl failed:\n{done.stderr[-3000:]}")
    seconds = time.perf_counter() - started
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    feed.unlink()
    answered = sum(page_kind(i) != "error" for i in range(n))
    urls = [item["url"] for item in items]
    tweets = [t for item in items for t in item.get("tweetx", {}).get("tweets", [])]
    translated = sum(t["translation"] is not None for t in tweets)
    with_error = sum(t["translation"] is None and bool(t.get("error")) for t in tweets)
    return {
        "way": way,
        "pages": n,
        "answered_200": answered,
        "items": len(items),
        "distinct_items": len(set(urls)),
        "tweets": len(tweets),
        "translated": translated,
        "translator_errors": with_error,
        "tweets_marked_to_fail": sum("XFAILX" in (t.get("text") or "") for t in tweets),
        "untranslated_without_error": len(tweets) - translated - with_error,
        "worst_lag_ms": round(measured["worst_lag_s"] * 1000, 1),
        "peak_rss_mb": round(measured["peak_rss_mb"]),
        "peak_rss_child_mb": round(measured["peak_rss_children_mb"]),
        "translate_calls": measured["translate_calls"],
        "late_ticks": measured["late_ticks"],
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument(
        "--ways",
        default="process",
        help="comma-separated, run in turn: process (as shipped), thread, none (no tweetx)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="the ways in turn, this many times")
    args = parser.parse_args()
    ways = args.ways.split(",")
    if set(ways) - set(WAYS):
        parser.error(f"--ways: choose from {', '.join(WAYS)}")
    from machine import describe, line

    results = []
    with tempfile.TemporaryDirectory(prefix="tweetx-scrapy-faults-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "TWEETX_HOME": str(work / "home")}
        subprocess.run(
            [sys.executable, "-m", "tweetx", "models", "install", str(TOY)],
            check=True,
            env=env,
            capture_output=True,
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(args.n))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        start = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        print(line(describe()))
        for _ in range(args.rounds):
            for way in ways:
                r = crawl(way, args.n, work, env, start)
                results.append(r)
                print(
                    f"{way:8s} {r['answered_200']} answered 200, {r['items']} items "
                    f"({r['distinct_items']} distinct); {r['tweets']} tweets, {r['translated']} "
                    f"translated, {r['translator_errors']} carrying the translator's error "
                    f"({r['tweets_marked_to_fail']} marked to fail); reactor's worst lag "
                    f"{r['worst_lag_ms']:.0f} ms; peak memory {r['peak_rss_mb']} MB (its largest "
                    f"child process {r['peak_rss_child_mb']} MB); {r['seconds']:.0f} s",
                    flush=True,
                )
        server.shutdown()
    print(json.dumps({"runs": results, "machine": describe()}))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
