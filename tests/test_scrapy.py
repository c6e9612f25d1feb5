"""tweetx in a real Scrapy crawl: a local HTTP server (127.0.0.1, port 0) serves linked pages
with embeds, a real crawl (CrawlerProcess, in a subprocess) runs the pipeline or the add-on, and
its JSONL feed is checked against what ``tweetx annotate`` writes for the same pages (issue 13)."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("scrapy")

from tweetx.cli import cli  # noqa: E402

TWEETS = [
    (
        '<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">نیروهای امنیتی در شهر قلعه نو گشت '
        'زنی را آغاز کردند</p>&mdash; Tariq Arian (@TariqArian3) <a href="https://twitter.com/'
        'TariqArian3/status/1412743195653169728">July 7, 2021</a></blockquote>'
    ),
    (
        '<blockquote class="twitter-tweet"><p lang="ps">د کابل په ښار کې نن ورځ ډېر باران ووریده</p>'
        '&mdash; Pashto Voice (@pashto_voice) <a href="https://twitter.com/pashto_voice/status/'
        '1443733395653169728">October 1, 2021</a></blockquote>'
    ),
    "<p>A story without any tweet.</p>",
]


def _page(number: int, links: list[int]) -> str:
    anchors = "".join(f'<a href="page{n}.html">page {n}</a> ' for n in links)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page {number}'
        f"</title></head><body><article><p>Story {number}.</p>{TWEETS[number % 3]}</article>"
        f"<nav>{anchors}</nav></body></html>"
    )


@pytest.fixture
def site(tmp_path):
    """Pages that link to each other, served on 127.0.0.1 by a server on port 0; each response
    waits ``site.delay`` seconds (a slow site, to watch the crawl go on)."""
    pages = tmp_path / "site"
    pages.mkdir()
    count = 12
    for number in range(count):
        (pages / f"page{number}.html").write_text(
            _page(number, [(number + 1) % count, (number + 5) % count]), encoding="utf-8"
        )
    (pages / "index.html").write_text(_page(99, list(range(count)) + [100, 101]), encoding="utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            time.sleep(server.delay)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(pages))
    )
    server.delay = 0.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    server.pages = pages
    yield server
    server.shutdown()


SPIDER = """
import dataclasses, json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess

class PageItem(scrapy.Item):
    url = scrapy.Field()
    html = scrapy.Field()
    fetched = scrapy.Field()
    {declared}

@dataclasses.dataclass
class PageData:
    url: str
    html: object = None
    fetched: float = 0.0
    {declared_data}

def make(kind, **fields):
    if kind == "item":
        return PageItem(**fields)
    if kind == "dataclass":
        return PageData(**fields)
    return dict(fields)

class Pages(scrapy.Spider):
    name = "pages"
    start_urls = [{start!r}]

    def parse(self, response):
        yield make({kind!r}, url=response.url, html=response.text, fetched=time.time())
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.parse)

    async def start(self):
        yield scrapy.Request(self.start_urls[0], self.parse)
        # Bad items: no page field, and a page that is not a string.
        yield {{"url": "bad://no-page", "other": 1}}
        yield {{"url": "bad://number", "html": 12345}}

{patch}
process = CrawlerProcess(settings={settings!r})
process.crawl(Pages)
process.start()
"""


def _crawl(
    tmp_path,
    site,
    *,
    settings=None,
    kind="dict",
    declared=True,
    declared_data=True,
    patch="",
    env=None,
):
    feed = tmp_path / f"feed-{time.monotonic_ns()}.jsonl"
    base = {
        "FEEDS": {str(feed): {"format": "jsonlines"}},
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "TWEETX_TRANSLATE": False,
    }
    script = tmp_path / "crawl.py"
    script.write_text(
        SPIDER.format(
            start=site.url + "index.html",
            kind=kind,
            patch=textwrap.dedent(patch),
            declared="tweetx = scrapy.Field()" if declared else "",
            declared_data="tweetx: dict = None" if declared_data else "",
            settings={**base, **(settings or {})},
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env
    )
    items = (
        [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
        if feed.exists()
        else []
    )
    return items, run.stderr


PIPELINE = {"ITEM_PIPELINES": {"tweetx.contrib.scrapy.TweetxPipeline": 300}}


def _cli_results(runner, site) -> dict:
    result = runner.invoke(cli, ["annotate", "--no-translate", str(site.pages)])
    assert result.exit_code == 0, result.stderr
    return {
        Path(json.loads(line)["tweetx"]["source"]).name: json.loads(line)["tweetx"]
        for line in result.stdout.splitlines()
    }


def _by_page(items) -> dict:
    return {
        item["url"].rsplit("/", 1)[-1]: item for item in items if item["url"].startswith("http")
    }


def test_a_crawl_gets_what_the_cli_writes(tmp_path, site, runner, tweetx_home):
    items, log = _crawl(tmp_path, site, settings=PIPELINE)
    pages = _by_page(items)
    assert sorted(pages) == sorted(p.name for p in site.pages.iterdir()), log[-3000:]
    expected = _cli_results(runner, site)
    for name, item in pages.items():
        assert item["tweetx"]["tweets"] == expected[name]["tweets"], name
        assert item["tweetx"]["error"] is None
    assert sum(len(item["tweetx"]["tweets"]) for item in pages.values()) == 9
    bad = {
        item["url"]: item["tweetx"]["error"]["message"]
        for item in items
        if item["url"].startswith("bad:")
    }
    assert "none of the fields html, text, body" in bad["bad://no-page"]
    assert "is a number, not a string" in bad["bad://number"]
    assert "'tweetx/items': 15" in log and "'tweetx/tweets': 9" in log


def test_the_addon_with_the_toy_package_translates(tmp_path, site, toy_installed, tweetx_home):
    settings = {
        "ADDONS": {"tweetx.contrib.scrapy.Addon": 0},
        "TWEETX_TRANSLATE": True,
        "TWEETX_HOME": str(tweetx_home),
    }
    items, log = _crawl(tmp_path, site, settings=settings, kind="item")
    pages = _by_page(items)
    assert len(pages) == 13, log[-3000:]
    persian = [
        t
        for item in pages.values()
        for t in item["tweetx"]["tweets"]
        if t["language"]["code"] == "fa"
    ]
    assert persian and all(t["translation"]["toy"] and t["translation"]["text"] for t in persian)
    assert "'tweetx/translated': " in log


def test_an_item_class_without_the_field_fails_at_start_up(tmp_path, site):
    items, log = _crawl(tmp_path, site, settings=PIPELINE, kind="item", declared=False)
    assert (
        "ERROR: tweetx: PageItem has no field 'tweetx' for the results: declare it "
        "(tweetx = scrapy.Field())" in log
    )
    assert items == [] and "Spider opened" not in log  # not a page was fetched


def test_an_item_class_met_at_crawl_time_is_named_once(tmp_path, site):
    # A dataclass is only known to be an item when one arrives: refused then, said once.
    items, log = _crawl(tmp_path, site, settings=PIPELINE, kind="dataclass", declared_data=False)
    assert log.count("ERROR: tweetx: PageData has no field 'tweetx' for the results") == 1
    assert len(_by_page(items)) == 0
    assert len(items) == 2  # the dict items still went through


def test_dataclass_items_and_a_wrong_setting(tmp_path, site):
    items, log = _crawl(tmp_path, site, settings=PIPELINE, kind="dataclass")
    assert len(_by_page(items)) == 13 and all("tweets" in i["tweetx"] for i in items)
    items, log = _crawl(
        tmp_path,
        site,
        settings={"ADDONS": {"tweetx.contrib.scrapy.Addon": 0}, "TWEETX_BATCH_TWEETS": 0},
    )
    assert "Disabled tweetx.contrib.scrapy.Addon" in log and "TWEETX_BATCH_TWEETS" in log
    assert all("tweetx" not in item for item in items)  # the crawl went on, without tweetx


def test_drop_empty(tmp_path, site):
    items, log = _crawl(tmp_path, site, settings={**PIPELINE, "TWEETX_DROP_EMPTY": True})
    pages = _by_page(items)
    assert pages and all(item["tweetx"]["tweets"] for item in pages.values())
    assert len(pages) == 9  # page 99 (index) and pages ≡ 2 mod 3 have no tweet


def test_translation_never_blocks_the_crawl(tmp_path, site, toy_installed, tweetx_home):
    # The translator sleeps 3 s per call (only here); pages come one at a time, 0.15 s each.
    # Were the pipeline on the event loop, no page could arrive while it sleeps.
    site.delay = 0.15
    marks = tmp_path / "marks.jsonl"
    patch = f"""
    import time, json
    import tweetx.translation.translator
    _translate = tweetx.translation.translator.Translator.translate
    def slow(self, texts, source):
        start = time.time()
        time.sleep(3)
        with open({str(marks)!r}, "a") as handle:
            handle.write(json.dumps([start, time.time()]) + "\\n")
        return _translate(self, texts, source)
    tweetx.translation.translator.Translator.translate = slow
    """
    settings = {
        **PIPELINE,
        "TWEETX_TRANSLATE": True,
        "TWEETX_HOME": str(tweetx_home),
        "CONCURRENT_REQUESTS": 1,
    }
    items, log = _crawl(tmp_path, site, settings=settings, patch=patch)
    windows = [json.loads(line) for line in marks.read_text().splitlines()]
    fetched = [item["fetched"] for item in _by_page(items).values()]
    assert windows, log[-3000:]
    during = [t for t in fetched for start, end in windows if start < t < end]
    assert len(during) >= 5, (windows, sorted(fetched))


def test_the_example_spider_runs(tmp_path):
    feed = tmp_path / "feed.jsonl"
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, str(root / "samples" / "scrapy" / "crawl_samples.py"), str(feed)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    [page] = [item for item in items if item["url"].endswith("qala-e-naw.html")]
    assert page["tweetx"]["tweets"][0]["author"]["handle"] == "TariqArian3"


@pytest.mark.parametrize(
    "name, value",
    [
        ("TWEETX_BATCH_ITEMS", 0),
        ("TWEETX_BATCH_TWEETS", 0),
        ("TWEETX_CONCURRENT_BATCHES", -1),
        ("TWEETX_BATCH_DELAY", -0.1),
        ("TWEETX_TARGET", ""),
        ("TWEETX_BEAM_SIZE", "wide"),
        ("TWEETX_INTER_THREADS", 0),
        ("TWEETX_COMPUTE_TYPE", "int4"),
        ("TWEETX_ALTERNATIVES", -1),
        ("TWEETX_MIN_SCORE", "low"),
    ],
)
def test_wrong_settings_are_named(name, value):
    from scrapy.exceptions import NotConfigured
    from scrapy.settings import Settings

    from tweetx.contrib.scrapy import options_from

    with pytest.raises(NotConfigured, match=name):
        options_from(Settings({name: value}))
    defaults = options_from(Settings({}))
    assert defaults["max_items"] == 1024 and defaults["translator_options"] == {}
    assert options_from(Settings({"TWEETX_INTRA_THREADS": "0", "TWEETX_CACHE": "False"}))[
        "translator_options"
    ] == {"intra_threads": 0, "cache": False}
    assert options_from(
        Settings({"TWEETX_PIVOT": "False", "TWEETX_MIN_SCORE": "-1.5", "TWEETX_ALTERNATIVES": "2"})
    )["translator_options"] == {"pivot": False, "min_score": -1.5, "alternatives": 2}
