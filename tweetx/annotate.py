"""Run the stages over a stream of articles and attach the results under ``record["tweetx"]``.

find → identify → translate → attach. Articles are held until enough tweets wait for one
batched translation call (``batch_tweets``, at most ``window`` articles), while the stream stays
lazy.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Optional, Union, cast

from .embeds import find_embeds
from .embeds.posts import PLATFORMS
from .errors import PackageError, TranslationError, error_dict
from .langid.identifier import country_of, identify
from .model import SCHEMA_VERSION, Article, Language, Translation, Tweet
from .readers.articles import article_from_record
from .translation.translator import BATCH_TWEETS, Translator

logger = logging.getLogger(__name__)


class Prepared(NamedTuple):
    """An article whose tweets are found and identified, waiting for translation."""

    article: Article
    tweets: list
    waiting: int  # its tweets that need translating


class Annotator:
    """Finds, identifies and translates the tweets in articles; reuse one for many articles.

    Args:
        target: language to translate into.
        translate: False to only find and identify (no model is loaded).
        window: the most articles held while tweets gather for one translation call.
        batch_tweets: how many tweets waiting for translation make a call; big calls keep both
            cores busy (see bench/translate_throughput.py).
        translator: a ready :class:`~tweetx.translation.translator.Translator` (else one is
            made from ``translator_options``: ``beam_size``, ``compute_type``, ``inter_threads``,
            ``intra_threads``, ``max_batch_tokens``, ``cache``, ``translate_hashtags``).
        platforms: the platforms whose posts are found (``x`` for tweets; ``bluesky``,
            ``facebook``…: :data:`~tweetx.embeds.posts.PLATFORMS`, all by default). Posts
            of other platforms go under ``record["tweetx"]["posts"]``, only when there are any.

    Example:
        >>> ann = Annotator(translate=False)
        >>> rec = ann.annotate_record({"url": "u", "text": "Hi all — A (@a) July 7, 2021"})
        >>> rec["tweetx"]["tweets"][0]["author"]["handle"]
        'a'
    """

    def __init__(
        self,
        target: str = "en",
        *,
        translate: bool = True,
        window: int = 1024,
        batch_tweets: int = BATCH_TWEETS,
        translator: Optional[Translator] = None,
        platforms: Iterable[str] = PLATFORMS,
        **translator_options: Any,
    ) -> None:
        self.target = target
        self.platforms = frozenset(platforms)
        unknown = self.platforms - set(PLATFORMS)
        if unknown:
            raise ValueError(
                f"unknown platforms {', '.join(sorted(unknown))}: choose from {', '.join(PLATFORMS)}"
            )
        self.window = max(1, window)
        self.batch_tweets = max(1, batch_tweets)
        self.translator: Optional[Translator] = None
        if translate:
            self.translator = translator or Translator(target, **translator_options)
        #: Running totals: articles, tweets, translated, failed articles, tweets by language.
        self.stats: Counter = Counter()
        self.languages: Counter = Counter()

    # -- public entry points ---------------------------------------------------------------
    def annotate_record(
        self, record: dict, *, html_key: str = "html", text_key: str = "text"
    ) -> dict:
        """A copy of one scraper record with ``record["tweetx"]`` attached (input untouched)."""
        article = article_from_record(record, html_key=html_key, text_key=text_key)
        return next(self.annotate_articles([article]))

    def annotate_records(
        self, records: Iterable[dict], *, html_key: str = "html", text_key: str = "text"
    ) -> Iterator[dict]:
        """Lazily annotate a stream of records, batching translation across them."""
        articles = (article_from_record(r, html_key=html_key, text_key=text_key) for r in records)
        return self.annotate_articles(articles)

    def annotate_articles(self, articles: Iterable[Article]) -> Iterator[dict]:
        """Lazily annotate articles (from :func:`tweetx.read`), in input order.

        Articles are held until ``batch_tweets`` tweets wait for translation (or ``window``
        articles are held): a crawl where few articles embed tweets still gets full batches.
        Calls are of ``batch_tweets``, but the last of a stream takes up to one and a half: a
        small last call wastes the engine (its one-length batches are tiny; 88 tweets after
        512 took 30% of the benchmark's translation time).
        """
        held: list[Prepared] = []
        waiting = 0
        for article in articles:
            if self.translator is None:  # nothing to batch: stream straight through
                yield self._attach(*self._find_and_identify(article))
                continue
            prepared = self.prepare(article)
            held.append(prepared)
            waiting += prepared.waiting
            if len(held) >= self.window:
                yield from self.finish(held)
                held, waiting = [], 0
            elif waiting >= self.batch_tweets + self.batch_tweets // 2:
                cut, tweets = 0, 0
                while tweets < self.batch_tweets:
                    tweets += held[cut].waiting
                    cut += 1
                yield from self.finish(held[:cut])
                held, waiting = held[cut:], waiting - tweets
        if held:
            yield from self.finish(held)

    def prepare(self, article: Article) -> Prepared:
        """The first half of annotating: find and identify the article's tweets. Callers that
        gather articles themselves (the Scrapy pipeline) then pass them to :meth:`finish`."""
        article, tweets = self._find_and_identify(article)
        return Prepared(article, tweets, sum(self._needs_translation(t) for t in tweets))

    def finish(self, held: list[Prepared]) -> list[dict]:
        """The second half: translate the tweets of these prepared articles in shared calls,
        and attach the results; the records come back in the same order."""
        return self._translate_and_attach([(p.article, p.tweets) for p in held])

    # -- the stages ------------------------------------------------------------------------
    def _translate_and_attach(self, held: list[tuple[Article, list[Tweet]]]) -> list[dict]:
        found = [tweets for _, tweets in held]
        pending = [
            (a, t)
            for a, tweets in enumerate(found)
            for t in range(len(tweets))
            if self._needs_translation(found[a][t])
        ]
        # One call per language and route: Persian by variety only where the route differs (a
        # multilingual model translates Dari with its own token; an Argos package reads both
        # alike, and three calls where one would do cost a quarter of the speed at 120 tweets).
        groups: dict[tuple, tuple[str, Optional[str], list[tuple[int, int]]]] = {}
        for position in pending:
            a, t = position
            language = _language_of(found[a][t])
            variety = language.variety if language.code == "fa" else None
            key = self._route_key(language.code, variety)
            groups.setdefault(key, (language.code, variety, []))[2].append(position)
        for code, variety, positions in groups.values():
            self._translate_group(found, code, positions, variety)
        return [self._attach(article, tweets) for (article, _), tweets in zip(held, found)]

    def _find_and_identify(self, article: Article) -> tuple[Article, list[Tweet]]:
        try:
            return article, self._tweets(article)
        except Exception as exc:  # a bug on odd input must cost this record, not the run
            where = f"{article.source}:{article.line}" if article.line else article.source
            logger.warning(
                "%s: %s: %s (a bug: please report it; -vv shows the traceback)",
                where,
                type(exc).__name__,
                exc,
            )
            logger.debug("traceback", exc_info=True)
            return article.replace(error=_error(exc, article)), []

    def _tweets(self, article: Article) -> list[Tweet]:
        if article.error:
            return []
        tweets: list[Tweet] = []
        found = find_embeds(article, self.platforms)
        url = article.record.get("url") if found else None  # most articles have no tweets
        country = country_of(url) if isinstance(url, str) else None
        for tweet in found:
            if tweet.words:
                language = identify(
                    tweet.words, hint=tweet.lang_hint, prior=article.language, country=country
                )
                tweet = tweet.replace(language=language)
            tweets.append(self._untranslated(tweet))
        return tweets

    def _untranslated(self, tweet: Tweet) -> Tweet:
        """Set the error of a tweet that will not be translated, if that is an error."""
        if self.translator is None or tweet.words is None:
            return tweet
        if _language_of(tweet).code == "und":
            error = TranslationError(
                "the tweet's language could not be identified, so it was not translated",
                "identification abstains on very short texts",
            )
            return tweet.replace(error=error.to_dict())
        return tweet

    def _needs_translation(self, tweet: Tweet) -> bool:
        return (
            self.translator is not None
            and tweet.words is not None
            and tweet.error is None
            and _language_of(tweet).code != self.target
        )

    def _route_key(self, code: str, variety: Optional[str]) -> tuple:
        """What decides how a language's tweets are translated: its route's packages (their
        language tokens included), or the language itself when it has no route (its tweets
        then share one error)."""
        assert self.translator is not None  # only tweets that need translating come here
        try:
            return (code, *self.translator.route_for(code, variety))
        except PackageError:
            return (code, variety)

    def _translate_group(
        self,
        found: list[list[Tweet]],
        code: str,
        positions: list[tuple[int, int]],
        variety: Optional[str] = None,
    ) -> None:
        # One call per language and window: the translator dedupes repeated tweets, answers
        # cached ones and sends the rest to the engine as one batch.
        translator = self.translator
        assert translator is not None  # only tweets that need translating come here
        # They have text (_needs_translation).
        texts = [cast(str, found[a][t].words) for a, t in positions]
        translations: Sequence[Union[Translation, dict]]
        try:
            translations = translator.translate(texts, code, **_variety(variety))
        except PackageError as exc:  # a missing or broken package: no tweet can be translated
            for a, t in positions:
                found[a][t] = found[a][t].replace(error=error_dict(exc))
            return
        except Exception as exc:
            # Something in one text made the batch fail: each is tried alone, so that only
            # the tweets that fail alone carry the error.
            logger.warning(
                "translation of a batch failed (%s: %s); translating its %d tweets one at a time",
                type(exc).__name__,
                exc,
                len(positions),
            )
            translations = [self._translate_alone(text, code, variety) for text in texts]
        for (a, t), translation in zip(positions, translations):
            if isinstance(translation, dict):
                found[a][t] = found[a][t].replace(error=translation)
            else:
                found[a][t] = found[a][t].replace(translation=translation)

    def _translate_alone(
        self, text: str, code: str, variety: Optional[str] = None
    ) -> Union[Translation, dict]:
        """The text's translation, or the error dict of its failure."""
        assert self.translator is not None  # only tweets that need translating come here
        try:
            return self.translator.translate([text], code, **_variety(variety))[0]
        except Exception as exc:
            logger.warning("translation failed: %s: %s", type(exc).__name__, exc)
            return error_dict(exc)

    def _attach(self, article: Article, tweets: list[Tweet]) -> dict:
        translated = toy = errors = 0
        for tweet in tweets:  # one pass: this runs for every record of a crawl
            translated += tweet.translation is not None
            toy += bool(tweet.translation and tweet.translation.toy)
            errors += tweet.error is not None
            if tweet.language:
                self.languages[tweet.language.code] += 1
        stats = self.stats
        stats["articles"] += 1
        posts = sum(tweet.platform != "x" for tweet in tweets)
        stats["tweets"] += len(tweets) - posts
        stats["posts"] += posts
        stats["translated"] += translated
        stats["toy_translations"] += toy
        stats["tweet_errors"] += errors
        stats["failed_articles"] += article.error is not None
        return attach(
            article.record,
            tweets,
            self.target if self.translator else None,
            article.error,
            article.source,
            article.line,
        )


def _language_of(tweet: Tweet) -> Language:
    """The language of a tweet with text: :meth:`Annotator._tweets` identified every one."""
    assert tweet.language is not None
    return tweet.language


def _error(exc: BaseException, article: Article) -> dict:
    return {**error_dict(exc), "source": article.source, "line": article.line}


def attach(
    record: dict,
    tweets: list[Tweet],
    target: Optional[str],
    error: Optional[dict] = None,
    source: Optional[str] = None,
    line: Optional[int] = None,
) -> dict:
    """A copy of ``record`` whose ``tweetx`` key holds the results (any old one is replaced).

    A line that was not JSON has no record to copy: its text is kept under ``tweetx.raw``.

    Example:
        >>> attach({"url": "u", "tweetx": {"old": 1}}, [], "en")["tweetx"]
        {'version': 1, 'target': 'en', 'source': None, 'line': None, 'tweets': [], 'error': None}
    """
    out = {key: value for key, value in record.items() if key != "tweetx"}
    metadata = {
        "version": SCHEMA_VERSION,
        "target": target,
        "source": source,
        "line": line,
        "tweets": [tweet.to_dict() for tweet in tweets if tweet.platform == "x"],
        "error": error,
    }
    posts = [tweet.post_dict() for tweet in tweets if tweet.platform != "x"]
    if posts:  # a page of tweets only keeps the record it always had
        metadata["posts"] = posts
    if error and "raw" in error:
        metadata["error"] = {key: value for key, value in error.items() if key != "raw"}
        metadata["raw"] = error["raw"]
    out["tweetx"] = metadata
    return out


def _variety(variety: Optional[str]) -> dict:
    """The Persian variety as the translator's keyword, only when there is one (a translator
    given to the Annotator may be older, or a stand-in that takes texts and a code)."""
    return {"variety": variety} if variety else {}
