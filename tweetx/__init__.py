"""tweetx: find the tweets embedded in news articles, identify their language, translate them
offline with Argos Translate, and attach the results to the article as metadata.

Example:
    >>> import tweetx
    >>> ann = tweetx.Annotator(target="en", translate=False)
    >>> rec = ann.annotate_record({"url": "u", "text": "سلام دوستان عزیز — A (@a) July 7, 2021"})
    >>> rec["tweetx"]["tweets"][0]["language"]["code"]
    'fa'

Importing tweetx is light: no argostranslate.translate, stanza, torch or CTranslate2 until a model
is needed, and nothing under $HOME is touched.
"""

from __future__ import annotations

import logging

from .annotate import Annotator, attach
from .embeds import find_tweets
from .errors import (
    InputError,
    NetworkError,
    PackageError,
    PackageNotInstalledError,
    TranslationError,
    TweetxError,
)
from .langid.identifier import identify
from .model import SCHEMA_VERSION, Article, Author, Language, Translation, Tweet
from .readers.articles import article_from_record, read
from .translation.cache import TranslationCache
from .translation.translator import Translator

__version__ = "0.1.0"

__all__ = [
    "Annotator",
    "Article",
    "Author",
    "InputError",
    "Language",
    "NetworkError",
    "PackageError",
    "PackageNotInstalledError",
    "SCHEMA_VERSION",
    "Translation",
    "TranslationCache",
    "TranslationError",
    "Translator",
    "Tweet",
    "TweetxError",
    "__version__",
    "annotate_record",
    "article_from_record",
    "attach",
    "find_tweets",
    "identify",
    "read",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def annotate_record(record: dict, target: str = "en", translate: bool = True) -> dict:
    """Annotate one record with a one-off :class:`Annotator` (use an Annotator for many).

    Example:
        >>> annotate_record({"text": "no tweets here"}, translate=False)["tweetx"]["tweets"]
        []
    """
    return Annotator(target=target, translate=translate).annotate_record(record)
