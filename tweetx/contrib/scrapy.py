"""tweetx in a Scrapy crawl: an item pipeline and an add-on (``pip install tweetx[scrapy]``).

Two lines in ``settings.py``::

    ADDONS = {"tweetx.contrib.scrapy.Addon": 0}
    TWEETX_TARGET = "en"

Each item's page (field ``html``, else ``text``, else ``body``; or ``TWEETX_HTML_FIELD`` /
``TWEETX_TEXT_FIELD``) is annotated, and the results go into the item's ``tweetx`` field
(``TWEETX_FIELD``): the same dict ``tweetx annotate`` writes under ``"tweetx"``.

The work never runs on the event loop: a worker thread finds and identifies each item's tweets
as it comes; items then wait together until ``TWEETX_BATCH_TWEETS`` tweets need translating,
``TWEETX_BATCH_ITEMS`` items wait (by default ``CONCURRENT_ITEMS``), ``TWEETX_BATCH_DELAY``
seconds (50 ms) have passed, or the spider closes, and a second thread translates their tweets
in shared calls, while downloads go on. An item that cannot be annotated passes
through with the error in its results; the crawl never stops for one item.

Needs the asyncio reactor, Scrapy's default since 2.13.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from itemadapter import ItemAdapter
from scrapy import Item
from scrapy.exceptions import DropItem, NotConfigured

from ..annotate import Annotator
from ..errors import InputError
from ..readers import article_from_record

logger = logging.getLogger(__name__)

PIPELINE = "tweetx.contrib.scrapy.TweetxPipeline"
#: The pipeline's place among ITEM_PIPELINES when the add-on enables it (late: after cleaning).
PIPELINE_PRIORITY = 800
_PAGE_FIELDS = (("html", "html"), ("text", "text"), ("body", "html"))  # (field, kind) by default
_TRANSLATOR_OPTIONS = {  # setting → Translator option, and its type
    "TWEETX_BEAM_SIZE": ("beam_size", int), "TWEETX_COMPUTE_TYPE": ("compute_type", str),
    "TWEETX_INTER_THREADS": ("inter_threads", int), "TWEETX_INTRA_THREADS": ("intra_threads", int),
    "TWEETX_CACHE": ("cache", bool), "TWEETX_TRANSLATE_HASHTAGS": ("translate_hashtags", bool),
}


def options_from(settings) -> dict:
    """The pipeline's options from Scrapy settings; :class:`NotConfigured` says which is wrong."""
    try:
        options = {
            "target": settings.get("TWEETX_TARGET", "en"),
            "translate": settings.getbool("TWEETX_TRANSLATE", True),
            "html_field": settings.get("TWEETX_HTML_FIELD"),
            "text_field": settings.get("TWEETX_TEXT_FIELD"),
            "field": settings.get("TWEETX_FIELD", "tweetx"),
            "batch_tweets": settings.getint("TWEETX_BATCH_TWEETS", 256),
            "batch_delay": settings.getfloat("TWEETX_BATCH_DELAY", 0.05),
            "max_items": settings.getint("TWEETX_BATCH_ITEMS",
                                         settings.getint("CONCURRENT_ITEMS", 100)),
            "drop_empty": settings.getbool("TWEETX_DROP_EMPTY", False),
            "home": settings.get("TWEETX_HOME"),
            "translator_options": {option: kind(settings.get(name)) if kind is not bool
                                   else settings.getbool(name)
                                   for name, (option, kind) in _TRANSLATOR_OPTIONS.items()
                                   if settings.get(name) is not None},
        }
    except (TypeError, ValueError) as exc:
        raise NotConfigured(f"tweetx: a TWEETX_* setting has a wrong value: {exc}") from exc
    for name in ("target", "field"):
        if not isinstance(options[name], str) or not options[name]:
            raise NotConfigured(f"tweetx: TWEETX_{name.upper()} must be a non-empty string, not "
                                f"{options[name]!r}")
    if options["batch_tweets"] < 1 or options["batch_delay"] < 0:
        raise NotConfigured("tweetx: TWEETX_BATCH_TWEETS must be ≥ 1 and TWEETX_BATCH_DELAY ≥ 0")
    return options


class UndeclaredField(Exception):
    """An item class the spider uses has no field for tweetx's results: the crawl cannot start."""


def check_item_classes(spidercls, field: str) -> None:
    """Fail at start-up, before any page is fetched, when a ``scrapy.Item`` class the spider's
    module uses (defines or imports) has no ``field``: its items could not carry the results.

    Only ``scrapy.Item`` classes are checked here (they are items for sure; a dataclass in the
    module may be anything); a class met only at crawl time is refused at its first item. A
    base class whose subclass declares the field is not an error.
    """
    module = sys.modules.get(getattr(spidercls, "__module__", None) or "")
    names = vars(module).values() if module is not None else ()
    missing = sorted({value.__name__ for value in names
                      if isinstance(value, type) and issubclass(value, Item) and value is not Item
                      and field not in value.fields and not _declared_below(value, field)})
    if missing:
        message = (f"tweetx: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no "
                   f"field {field!r} for the results: declare it ({field} = scrapy.Field()), "
                   "or set TWEETX_FIELD to a field the item has")
        logger.error(message)  # one plain line above the traceback Scrapy prints
        raise UndeclaredField(message)


def _declared_below(cls: type, field: str) -> bool:
    return any(field in sub.fields or _declared_below(sub, field) for sub in cls.__subclasses__())


class TweetxPipeline:
    """Annotates each item's page and stores the results in the item (see the module doc)."""

    def __init__(self, crawler=None, *, target: str = "en", translate: bool = True,
                 html_field: Optional[str] = None, text_field: Optional[str] = None,
                 field: str = "tweetx", batch_tweets: int = 256, batch_delay: float = 0.05,
                 max_items: int = 100, drop_empty: bool = False, home: Optional[str] = None,
                 translator_options: Optional[dict] = None):
        self.crawler = crawler
        self.field = field
        self.page_fields = ([(html_field, "html")] if html_field else []) + \
            ([(text_field, "text")] if text_field else []) or list(_PAGE_FIELDS)
        self.batch_delay = batch_delay
        self.max_items = max(1, max_items)
        self.drop_empty = drop_empty
        self.home = home
        self._annotator_options = dict(target=target, translate=translate,
                                       batch_tweets=batch_tweets, **(translator_options or {}))
        self.annotator: Optional[Annotator] = None
        self.counts: Counter = Counter()
        self.batch_tweets = max(1, batch_tweets)
        self._pending: list[tuple[Any, asyncio.Future]] = []
        self._pending_tweets = 0
        self._timer: Optional[asyncio.TimerHandle] = None
        # Two worker threads, never the event loop: one finds and identifies each item's tweets
        # as it comes, the other translates the gathered ones (each stage stays in one thread).
        self._finder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tweetx-find")
        self._translator = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tweetx-translate")
        self._flushing: Optional[asyncio.Lock] = None
        self._refused: set = set()

    @classmethod
    def from_crawler(cls, crawler):
        options = options_from(crawler.settings)
        check_item_classes(getattr(crawler, "spidercls", None), options["field"])
        return cls(crawler, **options)

    async def open_spider(self, spider=None) -> None:
        if self.home:  # where packages and the cache live, for this process
            os.environ["TWEETX_HOME"] = self.home
        self.annotator = Annotator(**self._annotator_options)
        self._flushing = asyncio.Lock()

    async def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        self._check_declared(adapter)
        loop = asyncio.get_running_loop()
        prepared = await loop.run_in_executor(self._finder, self.annotator.prepare,
                                              self._article(adapter))
        future = loop.create_future()
        self._pending.append((prepared, future))
        self._pending_tweets += prepared.waiting
        if self._pending_tweets >= self.batch_tweets or len(self._pending) >= self.max_items:
            asyncio.ensure_future(self._flush())
        elif self._timer is None:
            self._timer = loop.call_later(self.batch_delay,
                                          lambda: asyncio.ensure_future(self._flush()))
        metadata = await future
        adapter[self.field] = metadata
        self._count(metadata)
        if self.drop_empty and not metadata["tweets"]:
            raise DropItem("tweetx: no tweet in this item (TWEETX_DROP_EMPTY)")
        return item

    async def close_spider(self, spider=None) -> None:
        await self._flush()
        self._finder.shutdown(wait=False)
        self._translator.shutdown(wait=False)
        logger.info("tweetx: %(items)d items, %(tweets)d tweets, %(translated)d translated, "
                    "%(errors)d errors", {key: self.counts[key] for key in
                                          ("items", "tweets", "translated", "errors")})

    # -- the parts ---------------------------------------------------------------------------
    def _check_declared(self, adapter: ItemAdapter) -> None:
        """An item class (scrapy.Item, dataclass, attrs) must declare the results field. Said
        once, as an error at its first item; its items are dropped (quietly after the first):
        an item cannot carry results it has no field for."""
        if isinstance(adapter.item, dict) or self.field in adapter.field_names():
            return
        kind = type(adapter.item).__name__
        message = (f"tweetx: {kind} has no field {self.field!r} for the results: declare it "
                   f"({self.field} = scrapy.Field() in a scrapy.Item), or set TWEETX_FIELD")
        if kind not in self._refused:
            self._refused.add(kind)
            logger.error(message)
            raise DropItem(message)
        try:
            raise DropItem(message, log_level="DEBUG")
        except TypeError:  # Scrapy before DropItem(log_level)
            raise DropItem(message) from None

    def _article(self, adapter: ItemAdapter):
        record = {"url": adapter.get("url")} if "url" in adapter else {}
        for field, kind in self.page_fields:
            if field in adapter and adapter[field] is not None:
                record[kind] = adapter[field]
                break
        source = str(record.get("url") or "<item>")
        article = article_from_record(record, source=source)
        if "html" not in record and "text" not in record:
            error = InputError("the item has none of the fields "
                               f"{', '.join(f for f, _ in self.page_fields)}",
                               "name the page's field with TWEETX_HTML_FIELD or TWEETX_TEXT_FIELD")
            article = article.replace(error={**error.to_dict(), "source": source, "line": None})
        return article

    async def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._flushing:  # one batch at a time
            batch, self._pending = self._pending[:self.max_items], self._pending[self.max_items:]
            self._pending_tweets = sum(prepared.waiting for prepared, _ in self._pending)
            if self._pending:  # more waited than one batch takes: the next flush follows
                asyncio.ensure_future(self._flush())
            if not batch:
                return
            try:
                records = await asyncio.get_running_loop().run_in_executor(
                    self._translator, self.annotator.finish, [p for p, _ in batch])
            except Exception as exc:  # a bug must cost these items their results, not the crawl
                logger.exception("tweetx: annotating %d items failed", len(batch))
                records = [{"tweetx": {"tweets": [], "error": {"type": type(exc).__name__,
                                                               "message": str(exc)}}}] * len(batch)
            for (_, future), record in zip(batch, records):
                if not future.done():
                    future.set_result(record["tweetx"])

    def _count(self, metadata: dict) -> None:
        tweets = metadata.get("tweets", [])
        changes = Counter(items=1, tweets=len(tweets),
                          translated=sum(t.get("translation") is not None for t in tweets),
                          errors=(metadata.get("error") is not None)
                          + sum(t.get("error") is not None for t in tweets))
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

    def update_settings(self, settings) -> None:
        options_from(settings)  # raises NotConfigured with the reason
        settings["ITEM_PIPELINES"][PIPELINE] = PIPELINE_PRIORITY
