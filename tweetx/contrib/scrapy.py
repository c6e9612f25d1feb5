"""tweetx in a Scrapy crawl: an item pipeline and an add-on (``pip install tweetx[scrapy]``).

Two lines in ``settings.py``::

    ADDONS = {"tweetx.contrib.scrapy.Addon": 0}
    TWEETX_TARGET = "en"

Each item's page (field ``html``, else ``text``, else ``body``; or ``TWEETX_HTML_FIELD`` /
``TWEETX_TEXT_FIELD``) is annotated, and the results go into the item's ``tweetx`` field
(``TWEETX_FIELD``): the same dict ``tweetx annotate`` writes under ``"tweetx"``.

The work never runs on the event loop. A worker process finds and identifies each item's tweets
as it comes (``TWEETX_FIND_PROCESS``, on by default; off, a thread of the crawl's process, whose
work on a big page holds the GIL and stalls the loop). Items then wait together until
``TWEETX_BATCH_TWEETS`` tweets need translating, ``TWEETX_BATCH_ITEMS`` items wait (1024),
``TWEETX_BATCH_DELAY`` seconds (50 ms) have passed, or the spider closes, and threads translate
their tweets in shared calls (``TWEETX_CONCURRENT_BATCHES`` at once, by default the translator's
``inter_threads``: 2), while downloads go on. An item that cannot be annotated passes through
with the error in its results; the crawl never stops for one item.

Needs the asyncio reactor, Scrapy's default since 2.13.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Optional

from itemadapter import ItemAdapter
from scrapy import Item
from scrapy.exceptions import DropItem

from ..annotate import Annotator, Prepared
from ..errors import InputError, error_dict
from ..model import Article
from ..readers.articles import article_from_record
from ..translation.translator import BATCH_TWEETS
from .finder import DEFAULT_TIMEOUT, FinderProcess, FinderUnavailable, FindingTimedOut
from .scrapy_settings import options_from

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

PIPELINE = "tweetx.contrib.scrapy.TweetxPipeline"
#: Deaths of the finding process after which the pipeline finds in the crawl's process.
MAX_FINDER_FAILURES = 3
#: The pipeline's place among ITEM_PIPELINES when the add-on enables it (late: after cleaning).
PIPELINE_PRIORITY = 800
_PAGE_FIELDS = (("html", "html"), ("text", "text"), ("body", "html"))  # (field, kind) by default


class UndeclaredField(Exception):
    """An item class the spider uses has no field for tweetx's results: the crawl cannot start."""


def check_item_classes(spidercls: Optional[type], field: str) -> None:
    """Fail at start-up, before any page is fetched, when a ``scrapy.Item`` class the spider's
    module uses (defines or imports) has no ``field``: its items could not carry the results.

    Only ``scrapy.Item`` classes are checked here (they are items for sure; a dataclass in the
    module may be anything); a class met only at crawl time is refused at its first item. A
    base class whose subclass declares the field is not an error.
    """
    module = sys.modules.get(getattr(spidercls, "__module__", None) or "")
    names = vars(module).values() if module is not None else ()
    missing = sorted(
        {
            value.__name__
            for value in names
            if isinstance(value, type)
            and issubclass(value, Item)
            and value is not Item
            and field not in value.fields
            and not _declared_below(value, field)
        }
    )
    if missing:
        message = (
            f"tweetx: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no "
            f"field {field!r} for the results: declare it ({field} = scrapy.Field()), "
            "or set TWEETX_FIELD to a field the item has"
        )
        logger.error(message)  # one plain line above the traceback Scrapy prints
        raise UndeclaredField(message)


def _declared_below(cls: type[Item], field: str) -> bool:
    return any(field in sub.fields or _declared_below(sub, field) for sub in cls.__subclasses__())


class TweetxPipeline:
    """Annotates each item's page and stores the results in the item (see the module doc)."""

    def __init__(
        self,
        crawler: Optional[Crawler] = None,
        *,
        target: str = "en",
        translate: bool = True,
        html_field: Optional[str] = None,
        text_field: Optional[str] = None,
        field: str = "tweetx",
        batch_tweets: int = BATCH_TWEETS,
        batch_delay: float = 0.05,
        max_items: int = 1024,
        concurrent_batches: int = 0,
        drop_empty: bool = False,
        home: Optional[str] = None,
        platforms: Optional[list[str]] = None,
        translator_options: Optional[dict] = None,
        find_process: bool = True,
        find_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.crawler = crawler
        self.field = field
        self.page_fields = ([(html_field, "html")] if html_field else []) + (
            [(text_field, "text")] if text_field else []
        ) or list(_PAGE_FIELDS)
        self.batch_delay = batch_delay
        self.max_items = max(1, max_items)
        self.drop_empty = drop_empty
        self.home = home
        self._annotator_options = dict(
            target=target,
            translate=translate,
            batch_tweets=batch_tweets,
            **({"platforms": platforms} if platforms else {}),
            **(translator_options or {}),
        )
        self.annotator: Optional[Annotator] = None
        self.counts: Counter = Counter()
        self.batch_tweets = max(1, batch_tweets)
        self._pending: list[tuple[Any, asyncio.Future]] = []
        self._pending_tweets = 0
        self._timer: Optional[asyncio.TimerHandle] = None
        self._in_flight = 0  # batches being translated
        self.concurrent_batches = concurrent_batches
        # Worker threads, never the event loop: one finds and identifies each item's tweets as
        # it comes (in a process of its own, see contrib/finder.py, unless find_process is off);
        # others translate gathered batches (see open_spider for how many at once).
        self._finder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tweetx-find")
        self.find_process = find_process
        self.find_timeout = find_timeout
        self._finding: Optional[FinderProcess] = None
        self._finding_failures = 0
        self._translator: Optional[ThreadPoolExecutor] = None
        self._flushing: Optional[asyncio.Semaphore] = None
        self._refused: set = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TweetxPipeline:
        options = options_from(crawler.settings)
        check_item_classes(getattr(crawler, "spidercls", None), options["field"])
        return cls(crawler, **options)

    async def open_spider(self, spider: Optional[Spider] = None) -> None:
        if self.home:  # where packages and the cache live, for this process
            os.environ["TWEETX_HOME"] = self.home
        self.annotator = Annotator(**self._annotator_options)
        if self.find_process:
            self._finding = FinderProcess(self._annotator_options, self.find_timeout)
        # By default as many batches at once as the engine translates at once (inter_threads):
        # while one call tokenizes, masks or decodes in Python, the other keeps the engine
        # busy. With the benchmark model, 75-tweet calls: 96 tweets/s one at a time, 126 two
        # at a time (bench/scrapy_crawl.py; docs/benchmarks.md).
        calls = self.concurrent_batches or getattr(self.annotator.translator, "inter_threads", 1)
        self._translator = ThreadPoolExecutor(
            max_workers=calls, thread_name_prefix="tweetx-translate"
        )
        self._flushing = asyncio.Semaphore(calls)

    async def process_item(self, item: Any, spider: Optional[Spider] = None) -> Any:
        adapter = ItemAdapter(item)
        self._check_declared(adapter)
        loop = asyncio.get_running_loop()
        assert self.annotator is not None  # made by open_spider
        prepared = await loop.run_in_executor(self._finder, self._prepare, adapter)
        future = loop.create_future()
        self._pending.append((prepared, future))
        self._pending_tweets += prepared.waiting
        if self._pending_tweets >= self.batch_tweets or len(self._pending) >= self.max_items:
            asyncio.ensure_future(self._flush())
        elif self._timer is None:
            self._timer = loop.call_later(self.batch_delay, self._flush_if_idle)
        metadata = await future
        adapter[self.field] = metadata
        self._count(metadata)
        if self.drop_empty and not metadata["tweets"]:
            raise DropItem("tweetx: no tweet in this item (TWEETX_DROP_EMPTY)")
        return item

    async def close_spider(self, spider: Optional[Spider] = None) -> None:
        await self._flush()
        self._finder.shutdown(wait=False)
        if self._finding is not None:
            self._finding.close()
        if self._translator is not None:
            self._translator.shutdown(wait=False)
        logger.info(
            "tweetx: %(items)d items, %(tweets)d tweets, %(translated)d translated, "
            "%(errors)d errors",
            {key: self.counts[key] for key in ("items", "tweets", "translated", "errors")},
        )

    # -- the parts ---------------------------------------------------------------------------
    def _check_declared(self, adapter: ItemAdapter) -> None:
        """An item class (scrapy.Item, dataclass, attrs) must declare the results field. Said
        once, as an error at its first item; its items are dropped (quietly after the first):
        an item cannot carry results it has no field for."""
        if isinstance(adapter.item, dict) or self.field in adapter.field_names():
            return
        kind = type(adapter.item).__name__
        message = (
            f"tweetx: {kind} has no field {self.field!r} for the results: declare it "
            f"({self.field} = scrapy.Field() in a scrapy.Item), or set TWEETX_FIELD"
        )
        if kind not in self._refused:
            self._refused.add(kind)
            logger.error(message)
            raise DropItem(message)
        try:
            raise DropItem(message, log_level="DEBUG")
        except TypeError:  # Scrapy before DropItem(log_level)
            raise DropItem(message) from None

    def _prepare(self, adapter: ItemAdapter) -> Prepared:
        """Find and identify (in the finder thread): in the worker process while it serves;
        in this process for an article the worker died on, and from the third death on."""
        assert self.annotator is not None  # made by open_spider
        article = self._article(adapter)
        if self._finding is not None:
            try:
                return self._finding.prepare(article)
            except FindingTimedOut as exc:  # this page: the next item gets a new worker
                logger.warning("tweetx: %s", exc)
                error = {**error_dict(exc), "source": article.source, "line": article.line}
                return Prepared(article.replace(error=error), [], 0)
            except FinderUnavailable as exc:
                self._finding_failures += 1
                if self._finding_failures >= MAX_FINDER_FAILURES:
                    self._finding.close()
                    self._finding = None
                logger.warning(
                    "tweetx: %s%s",
                    exc,
                    "; finding in the crawl's process from now on"
                    if self._finding is None
                    else "; it starts again for the next item",
                )
        return self.annotator.prepare(article)

    def _article(self, adapter: ItemAdapter) -> Article:
        record = {"url": adapter.get("url")} if "url" in adapter else {}
        for field, kind in self.page_fields:
            if field in adapter and adapter[field] is not None:
                record[kind] = adapter[field]
                break
        source = str(record.get("url") or "<item>")
        article = article_from_record(record, source=source)
        if "html" not in record and "text" not in record:
            error = InputError(
                f"the item has none of the fields {', '.join(f for f, _ in self.page_fields)}",
                "name the page's field with TWEETX_HTML_FIELD or TWEETX_TEXT_FIELD",
            )
            article = article.replace(error={**error.to_dict(), "source": source, "line": None})
        return article

    def _flush_if_idle(self) -> None:
        """The wait is over: translate what is pending if the engine is idle. If a batch is
        being translated, the pending items wait for it to end and grow meanwhile: a call of a
        few tweets beside a big one only makes short batches of each sentence length (10 calls
        of 2 to 201 sentences for 600 pages made the pipeline 0.59 of the command line)."""
        self._timer = None
        if not self._in_flight:
            asyncio.ensure_future(self._flush())

    async def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        # Both made by open_spider, which Scrapy awaits before any item.
        assert self._flushing is not None and self.annotator is not None
        async with self._flushing:  # at most `calls` batches at once
            batch, self._pending = self._pending[: self.max_items], self._pending[self.max_items :]
            self._pending_tweets = sum(prepared.waiting for prepared, _ in self._pending)
            if self._pending_tweets >= self.batch_tweets or len(self._pending) >= self.max_items:
                asyncio.ensure_future(self._flush())  # a full batch more waits: it goes too
            if not batch:
                return
            self._in_flight += 1
            try:
                records = await asyncio.get_running_loop().run_in_executor(
                    self._translator, self.annotator.finish, [p for p, _ in batch]
                )
            except Exception as exc:  # a bug must cost these items their results, not the crawl
                logger.exception("tweetx: annotating %d items failed", len(batch))
                records = [
                    {
                        "tweetx": {
                            "tweets": [],
                            "error": {"type": type(exc).__name__, "message": str(exc)},
                        }
                    }
                ] * len(batch)
            finally:
                self._in_flight -= 1
            for (_, future), record in zip(batch, records):
                if not future.done():
                    future.set_result(record["tweetx"])
        if self._pending and not self._in_flight:  # what gathered meanwhile goes next
            asyncio.ensure_future(self._flush())

    def _count(self, metadata: dict) -> None:
        tweets = metadata.get("tweets", [])
        changes = Counter(
            items=1,
            tweets=len(tweets),
            translated=sum(t.get("translation") is not None for t in tweets),
            errors=(metadata.get("error") is not None)
            + sum(t.get("error") is not None for t in tweets),
        )
        for tweet in tweets:
            changes[f"language/{(tweet.get('language') or {}).get('code', 'none')}"] += 1
        self.counts.update(changes)
        if self.crawler is not None and self.crawler.stats is not None:
            for key, value in changes.items():
                if value:
                    self.crawler.stats.inc_value(f"tweetx/{key}", value)


class Addon:
    """``ADDONS = {"tweetx.contrib.scrapy.Addon": 0}``: enables :class:`TweetxPipeline`, after
    checking the TWEETX_* settings (a wrong one disables it, with the reason in the log)."""

    def update_settings(self, settings: BaseSettings) -> None:
        options_from(settings)  # raises NotConfigured with the reason
        settings["ITEM_PIPELINES"][PIPELINE] = PIPELINE_PRIORITY
