"""The values that flow between the stages: Article → Tweet → Language / Translation.

All frozen dataclasses with slots; ``to_dict()`` gives the JSON shape written under
``record["tweetx"]``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional

#: Version of the ``record["tweetx"]`` schema; bumped on any incompatible change.
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Author:
    name: Optional[str] = None
    handle: Optional[str] = None
    #: The profile's address (posts of other platforms; tweets' records do not carry it).
    url: Optional[str] = None

    def to_dict(self) -> dict:
        return {"name": self.name, "handle": self.handle}


@dataclass(frozen=True, slots=True)
class Language:
    """The identified language of a text.

    ``code`` is ISO 639-1 (``fa``, ``ps``, ``ar``, ``ur``, ``en``…) or ``und`` when tweetx
    abstains; ``script`` is ISO 15924 (``Arab``, ``Latn``…) or ``Zyyy`` when there are no letters.
    """

    code: str
    script: str
    confidence: float
    method: str
    variety: Optional[str] = None
    scripts: dict = field(default_factory=dict)
    evidence: tuple = ()
    #: The kind of decision (rule and strength, text length) its confidence was calibrated on.
    basis: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "script": self.script,
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "variety": self.variety,
            "scripts": {k: round(v, 3) for k, v in self.scripts.items()},
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Translation:
    target: str
    text: str
    source: str
    package: dict
    #: True when the package is a test fixture: its output is not a translation.
    toy: bool = False
    #: Only with ``translate_hashtags``: each hashtag (kept verbatim in ``text``) → its words
    #: translated, e.g. {"#قلعه_نو": "Qala-e-Naw"}.
    hashtags: Optional[dict] = None
    #: The model's mean log-probability per token of this translation (natural log, -inf to 0;
    #: 0 means the model was certain of every token, -0.69 is an average probability of 1/2
    #: per token); None when nothing went to the model (a text of entities only).
    score: Optional[float] = None
    #: ``score`` is below the run's ``min_score``: read this one with care.
    low_confidence: bool = False
    #: Only when asked for: other translations, most likely first.
    alternatives: Optional[list] = None
    #: The language translated through when no package translates the pair directly.
    pivot: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "text": self.text,
            "source": self.source,
            "package": dict(self.package),
            "toy": self.toy,
            "hashtags": dict(self.hashtags) if self.hashtags is not None else None,
            "score": None if self.score is None else round(self.score, 4),
            "low_confidence": self.low_confidence,
            "alternatives": list(self.alternatives) if self.alternatives is not None else None,
            "pivot": self.pivot,
        }


@dataclass(frozen=True, slots=True)
class Tweet:
    """One embedded tweet, or another platform's post (``platform`` other than ``x``, written
    under ``posts``: :meth:`post_dict`). ``text`` holds the post's own words only (None when
    the page had none)."""

    form: str
    text: Optional[str]
    id: Optional[str] = None
    url: Optional[str] = None
    author: Author = field(default_factory=Author)
    date: Optional[str] = None
    media: tuple = ()
    links: tuple = ()
    hashtags: tuple = ()
    mentions: tuple = ()
    lang_hint: Optional[str] = None
    span: Optional[tuple] = None
    #: The status URL of the tweet this one quotes, when the embed shows it.
    quoted_url: Optional[str] = None
    #: Set when the date the id encodes and the signature's date disagree (reported, not fixed).
    date_check: Optional[dict] = None
    #: True when the words found were longer than X's longest post and were cut to it.
    truncated: bool = False
    language: Optional[Language] = None
    translation: Optional[Translation] = None
    error: Optional[dict] = None
    #: ``x`` for tweets; ``bluesky``, ``facebook``… for posts (:data:`tweetx.embeds.posts.PLATFORMS`).
    platform: str = "x"
    #: A Reddit post's or YouTube video's title: their only words (``text`` stays None).
    title: Optional[str] = None
    #: The date as the page wrote it (``20 novembre 2024 à 14:43``), beside ``date`` (ISO).
    date_text: Optional[str] = None
    #: The date the post's id encodes, where the platform's ids encode one.
    id_date: Optional[str] = None

    @property
    def words(self) -> Optional[str]:
        """What is identified and translated: the text, else the title."""
        return self.text if self.text is not None else self.title

    def replace(self, **changes: Any) -> Tweet:
        """A copy with ``changes``: ``dataclasses.replace``, at half its cost (it runs for
        every tweet of a crawl, twice or more)."""
        if not changes.keys() <= _TWEET_FIELDS:
            return dataclasses.replace(self, **changes)  # which raises, naming the field
        new = object.__new__(Tweet)
        for name in _TWEET_FIELDS:
            _set(new, name, changes[name] if name in changes else getattr(self, name))
        return new

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "url": self.url,
            "author": self.author.to_dict(),
            "date": self.date,
            "text": self.text,
            "media": list(self.media),
            "links": list(self.links),
            "hashtags": list(self.hashtags),
            "mentions": list(self.mentions),
            "form": self.form,
            "lang_hint": self.lang_hint,
            "span": list(self.span) if self.span else None,
            "quoted_url": self.quoted_url,
            "date_check": self.date_check,
            "truncated": self.truncated,
            "language": self.language.to_dict() if self.language else None,
            "translation": self.translation.to_dict() if self.translation else None,
            "error": self.error,
        }

    def post_dict(self) -> dict:
        """A post's record under ``tweetx.posts`` (docs/schema.md)."""
        return {
            "platform": self.platform,
            "id": self.id,
            "url": self.url,
            "author": {
                "name": self.author.name,
                "handle": self.author.handle,
                "url": self.author.url,
            },
            "date": self.date,
            "date_text": self.date_text,
            "id_date": self.id_date,
            "date_check": self.date_check,
            "text": self.text,
            "title": self.title,
            "lang_hint": self.lang_hint,
            "media": list(self.media),
            "hashtags": list(self.hashtags),
            "mentions": list(self.mentions),
            "links": list(self.links),
            "form": self.form,
            "span": list(self.span) if self.span else None,
            "language": self.language.to_dict() if self.language else None,
            "translation": self.translation.to_dict() if self.translation else None,
            "error": self.error,
        }


_TWEET_FIELDS = frozenset(field.name for field in dataclasses.fields(Tweet))
_set = object.__setattr__  # a frozen dataclass's own way of setting its fields


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a file or a record.

    ``record`` is what comes out again, with ``record["tweetx"]`` added: the caller's own dict for
    JSONL input (never modified in place), a small description of the file otherwise.
    """

    record: dict
    source: str
    line: Optional[int] = None
    html: Optional[str] = None
    text: Optional[str] = None
    date: Optional[str] = None
    #: The article's own language (``<html lang>``, a record's ``language``): a weak prior.
    language: Optional[str] = None
    #: Set when the article could not be read; the record then goes out with this error.
    error: Optional[dict] = None
    #: How far into its file (in bytes as stored, so compressed for .gz) this article ends; for
    #: progress reports. None for stdin and for records made by the caller.
    end_offset: Optional[int] = None

    @property
    def format(self) -> str:
        return "html" if self.html is not None else "text"

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)
