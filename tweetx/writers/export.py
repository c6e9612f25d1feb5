"""Tables of a run's tweets for research (``tweetx export``): one row per tweet, or per
distinct tweet with how many articles embed it, as CSV, Parquet or a list of status ids.

Rows come from annotated records (what ``tweetx annotate`` writes), so an export needs no
model and can be made again at any time.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Optional

from ..errors import UsageError

#: One row per tweet or post: the article, the post, its language and its translation.
COLUMNS = (
    "article_source",
    "article_line",
    "article_url",
    "article_date",
    "platform",
    "tweet_id",
    "status_url",
    "author_name",
    "handle",
    "date",
    "form",
    "text",
    "title",
    "language",
    "script",
    "variety",
    "confidence",
    "translation",
    "translation_source",
    "translation_target",
    "toy",
    "translation_score",
    "low_confidence",
    "pivot",
    "alternatives",
    "error",
)
#: Added by ``dedupe``: the articles that embed the tweet and their first and last dates.
DEDUPE_COLUMNS = ("articles", "first_article_date", "last_article_date")

_URL = re.compile(r"https?://\S+|pic\.(?:twitter|x)\.com/\S+", re.I)


def read_annotated(sources: Iterable[str]) -> Iterator[tuple[str, int, Optional[dict]]]:
    """(file, line number, record) for each line of annotated JSONL files (``.gz`` too, ``-``
    for stdin); the record is None for a line that is not an annotated record."""
    from ..readers.articles import iter_paths, open_stream
    from ..readers.jsonvalues import loads

    for path in iter_paths(sources):
        stream, _ = open_stream(path)
        with stream:
            for number, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    record = loads(raw.decode("utf-8"))
                except ValueError:  # not JSON, not UTF-8 (UnicodeDecodeError is one too)
                    record = None
                ok = isinstance(record, dict) and isinstance(record.get("tweetx"), dict)
                yield path, number, record if ok else None


def tweet_rows(records: Iterable[dict]) -> Iterator[dict]:
    """One row (``COLUMNS``) per tweet, then per other platform's post, of each annotated
    record (``platform``: ``x`` for tweets; ``tweet_id`` holds a post's id).

    Example:
        >>> record = {"url": "https://news.example/a", "date": "2021-07-08", "tweetx": {
        ...     "source": "crawl.jsonl", "line": 3, "tweets": [{"id": "1", "text": "سلام",
        ...     "author": {"name": "A", "handle": "a"}, "language": {"code": "fa"}}]}}
        >>> row = next(tweet_rows([record]))
        >>> row["tweet_id"], row["language"], row["article_line"]
        ('1', 'fa', 3)
    """
    for record in records:
        meta = record.get("tweetx")
        if not isinstance(meta, dict):
            continue
        article = {
            "article_source": meta.get("source") or record.get("source"),
            "article_line": meta.get("line"),
            "article_url": _text(record.get("url")),
            "article_date": _text(record.get("date")),
        }
        posts = [("x", tweet) for tweet in meta.get("tweets") or ()]
        posts += [(post.get("platform"), post) for post in meta.get("posts") or ()]
        for platform, tweet in posts:
            author = tweet.get("author") or {}
            language = tweet.get("language") or {}
            translation = tweet.get("translation") or {}
            error = tweet.get("error")
            yield {
                **article,
                "platform": platform,
                "tweet_id": tweet.get("id"),
                "status_url": tweet.get("url"),
                "author_name": author.get("name"),
                "handle": author.get("handle"),
                "date": tweet.get("date"),
                "form": tweet.get("form"),
                "text": tweet.get("text"),
                "title": tweet.get("title"),
                "language": language.get("code"),
                "script": language.get("script"),
                "variety": language.get("variety"),
                "confidence": language.get("confidence"),
                "translation": translation.get("text"),
                "translation_source": translation.get("source"),
                "translation_target": translation.get("target"),
                "toy": translation.get("toy") if translation else None,
                "translation_score": translation.get("score"),
                "low_confidence": translation.get("low_confidence") if translation else None,
                "pivot": translation.get("pivot"),
                # one cell: the other translations, one per line
                "alternatives": "\n".join(translation["alternatives"])
                if translation.get("alternatives")
                else None,
                "error": f"{error.get('type')}: {error.get('message')}" if error else None,
            }


def _text(value) -> Optional[str]:
    return value if isinstance(value, str) else None


def dedupe(rows: Iterable[dict]) -> list[dict]:
    """One row per tweet (or post), with ``articles`` (how many distinct articles embed it)
    and the first and last of their dates; most embedded first, then in order of first
    appearance.

    Tweets are the same by status id, posts by platform and id; one without an id (scraped text
    keeps none) is the same as one of its platform with the same normalised text (case,
    spacing, invisible marks and links ignored): joined to the one with an id and that text,
    else to the others without.
    """
    groups: dict = {}
    for row in rows:
        text = _normalised(row["text"] or row.get("title"))
        platform = row.get("platform") or "x"
        key = (
            ("id", platform, row["tweet_id"])
            if row["tweet_id"]
            else ("text", platform, text or id(row))
        )
        group = groups.setdefault(key, {"row": row, "text": text, "articles": set(), "dates": []})
        group["articles"].add(
            (
                row["article_url"] or row["article_source"],
                None if row["article_url"] else row["article_line"],
            )
        )
        if _date(row["article_date"]):
            group["dates"].append(_date(row["article_date"]))
    by_text: dict = {}
    for key, group in groups.items():
        if key[0] == "id" and group["text"]:
            by_text.setdefault((key[1], group["text"]), []).append(group)
    for key in [k for k in groups if k[0] == "text"]:
        matches = by_text.get((key[1], key[2]), [])
        if len(matches) == 1:  # two ids with one text: retweets or copies, leave it alone
            matches[0]["articles"] |= groups[key]["articles"]
            matches[0]["dates"] += groups.pop(key)["dates"]
    out = []
    for group in groups.values():
        dates = group["dates"]
        out.append(
            {
                **group["row"],
                "articles": len(group["articles"]),
                "first_article_date": min(dates).isoformat() if dates else None,
                "last_article_date": max(dates).isoformat() if dates else None,
            }
        )
    return sorted(out, key=lambda row: -row["articles"])  # stable: first seen first on ties


def _normalised(text: Optional[str]) -> str:
    # Scrapers drop zero-width non-joiners and other invisible marks: they do not make
    # another tweet.
    text = _URL.sub(" ", unicodedata.normalize("NFC", text or ""))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


def _date(value: Optional[str]) -> Optional[dt.date]:
    """The calendar date an ISO date or date-time starts with, or None."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def write_csv(rows: Iterable[dict], handle: IO[str], columns: tuple = COLUMNS) -> int:
    """Write rows as CSV (a header, then RFC 4180 quoting; newlines inside texts kept);
    returns the number of rows. Open ``handle`` with ``newline=""``, and ``utf-8-sig`` for
    spreadsheet programs that need a BOM to read UTF-8."""
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
        count += 1
    return count


def write_ids(rows: Iterable[dict], handle: IO[str]) -> int:
    """One status id per line, each once, in order of first appearance (for rehydration
    tools); other platforms' posts as ``platform:id`` (``bluesky:at://…``); those without an
    id are left out. Returns the number of ids."""
    seen = set()
    for row in rows:
        platform = row.get("platform") or "x"
        name = row["tweet_id"] if platform == "x" else f"{platform}:{row['tweet_id']}"
        if row["tweet_id"] and name not in seen:
            seen.add(name)
            handle.write(f"{name}\n")
    return len(seen)


def write_parquet(rows: Iterable[dict], path: str, columns: tuple = COLUMNS) -> int:
    """Write rows as a Parquet file with types: dates as dates, confidence as a float, toy as
    a boolean, counts as integers, the rest as strings. Needs pyarrow (``tweetx[parquet]``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("Parquet needs pyarrow", "pip install 'tweetx[parquet]'") from None
    types = {
        "article_line": pa.int64(),
        "article_date": pa.date32(),
        "date": pa.date32(),
        "confidence": pa.float64(),
        "toy": pa.bool_(),
        "articles": pa.int64(),
        "translation_score": pa.float64(),
        "low_confidence": pa.bool_(),
        "first_article_date": pa.date32(),
        "last_article_date": pa.date32(),
    }
    rows = list(rows)
    arrays = []
    for name in columns:
        kind = types.get(name, pa.string())
        values = [row.get(name) for row in rows]
        if kind == pa.date32():
            values = [_date(v) for v in values]
        arrays.append(pa.array(values, type=kind))
    pq.write_table(pa.Table.from_arrays(arrays, names=list(columns)), path)
    return len(rows)
