"""Find the tweets embedded in an article: ``find_tweets(article) -> list[Tweet]``.

HTML goes to :mod:`.html` (DOM forms), scraped text to :mod:`.text` (signature forms).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Article, Tweet
from . import html, text
from .posts import PLATFORMS, find_posts_in_text


def find_tweets(article: Article) -> list[Tweet]:
    """The tweets embedded in an article, in document order.

    Example:
        >>> from tweetx.model import Article
        >>> a = Article(record={}, source="x", text="Hi there — A (@a) July 7, 2021")
        >>> [t.author.handle for t in find_tweets(a)]
        ['a']
    """
    if not isinstance(article, Article):
        raise TypeError(
            f"find_tweets() takes an Article, not {type(article).__name__}: "
            "use tweetx.embeds.html.find_tweets(html) or "
            "tweetx.embeds.text.find_tweets(text) for a bare string"
        )
    if article.html is not None:
        return html.find_tweets(article.html)
    if article.text is not None:
        return text.find_tweets(article.text)
    return []


def find_embeds(article: Article, platforms: Iterable[str] = PLATFORMS) -> list[Tweet]:
    """The tweets (platform ``x``) and other platforms' posts of ``platforms`` in an article:
    tweets first, each kind in document order (in scraped text, by the signatures extractors
    leave: :mod:`.posts`)."""
    platforms = set(platforms)
    if article.html is not None:
        return html.find_all(article.html, platforms)
    if article.text is None:
        return []
    tweets = text.find_tweets(article.text) if "x" in platforms else []
    return tweets + find_posts_in_text(article.text, platforms - {"x"})
