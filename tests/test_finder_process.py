"""The Scrapy pipeline's finding process (tweetx/contrib/finder.py): the same results as finding
in the crawl's process, a worker that dies is replaced, and a pipeline whose worker keeps dying
finds in its own process (no item loses its results)."""

from __future__ import annotations

import logging
import os
import signal

import pytest

from tweetx.annotate import Annotator
from tweetx.contrib.finder import FinderProcess, FinderUnavailable
from tweetx.readers.articles import article_from_record

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">نیروهای امنیتی در شهر قلعه نو '
    'گشت زنی را آغاز کردند</p>&mdash; Tariq Arian (@TariqArian3) <a href="https://twitter.com/'
    'TariqArian3/status/1412743195653169728">July 7, 2021</a></blockquote>'
)
POST = (
    '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/'
    '3kq2x7h2s2k2a"><p lang="en">The road to the city is open again.</p>&mdash; Reporter '
    '(<a href="https://bsky.app/profile/did:plc:abc">@reporter.bsky.social</a>) <a href="https:'
    '//bsky.app/profile/did:plc:abc/post/3kq2x7h2s2k2a">March 1, 2024</a></blockquote>'
)


def _article(body: str, number: int = 0):
    html = f"<html lang='en'><body><article><p>Story {number}.</p>{body}</article></body></html>"
    record = {"url": f"https://news.example/{number}", "html": html}
    return article_from_record(record, source="items")


@pytest.fixture
def finder():
    process = FinderProcess({"translate": False})
    yield process
    process.close()


def test_the_worker_finds_what_the_crawls_process_finds(finder):
    annotator = Annotator(translate=False)
    huge = "<p>The road to the city was opened again this morning.</p>" * 90_000  # 5 MB
    articles = [_article(TWEET, 1), _article(TWEET + POST, 2), _article(huge + TWEET, 3)]
    articles.append(_article("<p>No tweet here.</p>", 4))
    for article in articles:
        here, there = annotator.prepare(article), finder.prepare(article)
        assert there.tweets == here.tweets and there.waiting == here.waiting
        assert there.article is article  # the page itself never comes back
    assert [len(finder.prepare(a).tweets) for a in articles] == [1, 2, 1, 0]


def test_a_worker_that_died_is_started_again(finder):
    first = finder.prepare(_article(TWEET))
    pid = finder._process.pid
    os.kill(pid, signal.SIGKILL)
    finder._process.wait()
    again = finder.prepare(_article(TWEET))
    assert again.tweets == first.tweets and finder._process.pid != pid


def test_a_worker_that_cannot_start_says_why():
    finder = FinderProcess({"translate": False, "platforms": ["myspace"]})
    with pytest.raises(FinderUnavailable, match="did not start: .*myspace"):
        finder.prepare(_article(TWEET))


def test_the_pipeline_finds_itself_when_its_worker_keeps_dying(caplog):
    pytest.importorskip("scrapy")
    from itemadapter import ItemAdapter

    from tweetx.contrib import scrapy as contrib

    class Dying:
        def prepare(self, article):
            raise FinderUnavailable("the finding process died (test)")

        def close(self):
            pass

    pipeline = contrib.TweetxPipeline(translate=False)
    pipeline.annotator = Annotator(translate=False)
    pipeline._finding = Dying()
    item = ItemAdapter({"url": "https://news.example/1", "html": _article(TWEET).html})
    with caplog.at_level(logging.WARNING, logger="tweetx.contrib.scrapy"):
        results = [pipeline._prepare(item) for _ in range(contrib.MAX_FINDER_FAILURES)]
    assert all(len(prepared.tweets) == 1 for prepared in results)  # found here instead
    assert pipeline._finding is None  # from the third death on, no more workers
    assert "from now on" in caplog.text and "starts again for the next item" in caplog.text


#: A stand-in worker that starts, takes a page and never answers (a page it is stuck on).
STUCK_WORKER = """
import pickle, struct, sys
def send(value):
    data = pickle.dumps(value)
    sys.stdout.buffer.write(struct.pack("!Q", len(data)) + data)
    sys.stdout.buffer.flush()
def receive():
    (size,) = struct.unpack("!Q", sys.stdin.buffer.read(8))
    return pickle.loads(sys.stdin.buffer.read(size))
receive()
send("ready")
receive()
sys.stdin.buffer.read()  # no answer: it waits for the end of its input
"""


def test_a_page_the_worker_is_stuck_on_is_given_up():
    import sys

    from tweetx.contrib.finder import FindingTimedOut

    finder = FinderProcess(
        {"translate": False}, timeout=0.5, command=[sys.executable, "-c", STUCK_WORKER]
    )
    try:
        with pytest.raises(FindingTimedOut, match="took over 0.5 s"):
            finder.prepare(_article(TWEET))
        assert finder._process is None  # stopped; the next page starts another
    finally:
        finder.close()


def test_the_pipeline_passes_a_given_up_page_on_with_its_error():
    pytest.importorskip("scrapy")
    from itemadapter import ItemAdapter

    from tweetx.contrib import scrapy as contrib
    from tweetx.contrib.finder import FindingTimedOut

    class Stuck:
        def prepare(self, article):
            raise FindingTimedOut(f"finding tweets in {article.source} took over 60 s")

        def close(self):
            pass

    pipeline = contrib.TweetxPipeline(translate=False)
    pipeline.annotator = Annotator(translate=False)
    pipeline._finding = stuck = Stuck()
    item = ItemAdapter({"url": "https://news.example/1", "html": _article(TWEET).html})
    prepared = pipeline._prepare(item)
    assert prepared.tweets == [] and prepared.article.error["type"] == "FindingTimedOut"
    assert pipeline._finding is stuck  # one page: the worker is not given up for good
    [record] = pipeline.annotator.finish([prepared])
    assert record["tweetx"]["error"]["type"] == "FindingTimedOut"
