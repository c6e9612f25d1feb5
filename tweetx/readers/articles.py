"""Read articles: HTML pages, scraped plain text, and JSONL records from a crawl.

``read(path)`` yields one :class:`~tweetx.model.Article` per page, text file or JSONL line. A line
or file that cannot be read still yields an Article, carrying ``error``, so that nothing is lost
silently downstream.
"""

from __future__ import annotations

import codecs
import fnmatch
import gzip
import io
import logging
import os
import re
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from html import unescape as unescape_html
from typing import IO, NamedTuple, Optional, cast

from ..embeds.urls import encodable
from ..errors import InputError
from ..model import Article
from .encodings import decode, jsonl_verdict, looks_binary
from .jsonvalues import json_type, loads
from .storage import expand_url, is_url, open_input

logger = logging.getLogger(__name__)

FORMATS = ("auto", "html", "text", "jsonl")
GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
# The scraper that produced the seed article writes its first line as "date YYYY-MM-DD <text>".
_TEXT_DATE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_HTML_LANG = re.compile(r"<html[^>]*\slang=[\"']?([A-Za-z]{2,3})", re.I)
_HTML_META = re.compile(r"<meta\b[^>]*>", re.I)
_HTML_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DATE_META_NAMES = {"article:published_time", "date", "pubdate", "datepublished"}


def detect_format(path: str) -> Optional[str]:
    """The format implied by a file name, looking through ``.gz``; None when unknown.

    Example:
        >>> detect_format("crawl/2021-07.jsonl.gz")
        'jsonl'
    """
    name = path[:-3] if path.endswith(".gz") else path
    return _EXTENSIONS.get(os.path.splitext(name)[1].lower())


def expand_paths(paths: Iterable[str], glob: Optional[str] = None) -> Iterator[tuple[str, str]]:
    """(path, name relative to the argument it came from) for every input file.

    Directories are walked recursively in sorted order and give the files that match ``glob``
    (by name or relative path), or by default those of a known format (.html, .txt, .jsonl, and
    each with .gz). A file named directly is always read; ``-`` is stdin.

    Example:
        >>> next(expand_paths(["samples"], glob="*.html"))
        ('samples/qala-e-naw.html', 'qala-e-naw.html')
    """
    for path in paths:
        if is_url(path):  # shared storage, through fsspec
            yield from expand_url(path, glob, detect_format)
            continue
        if path == "-" or not os.path.isdir(path):
            yield path, "stdin" if path == "-" else os.path.basename(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                relative = os.path.relpath(full, path)
                if not (
                    (fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob))
                    if glob
                    else detect_format(name)
                ):
                    continue
                if not os.path.isfile(full):  # a FIFO or a device would block or never end
                    logger.warning(
                        "skipping %s: not a regular file (name it alone to read it)", full
                    )
                    continue
                yield full, relative


def iter_paths(paths: Iterable[str], glob: Optional[str] = None) -> Iterator[str]:
    """The input files the arguments name (see :func:`expand_paths`)."""
    return (path for path, _ in expand_paths(paths, glob))


def read(
    source: str,
    format: str = "auto",
    *,
    html_key: str = "html",
    text_key: str = "text",
    encoding: Optional[str] = None,
) -> Iterator[Article]:
    """Yield the articles in one file (``-`` is stdin), directory, or ``.gz`` file.

    Args:
        source: a path, a directory, or ``-``.
        format: ``auto`` (by extension, else by content), ``html``, ``text`` or ``jsonl``.
        html_key / text_key: the JSONL fields holding a page's HTML or its scraped text.
        encoding: force an encoding instead of detecting it.

    Example:
        >>> [a.date for a in read("samples/qala-e-naw.txt")]
        ['2021-07-08']
    """
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}", f"use one of: {', '.join(FORMATS)}")
    for path in iter_paths([source]):
        yield from _read_file(path, format, html_key, text_key, encoding)


def open_stream(path: str) -> tuple[IO[bytes], Optional[IO[bytes]]]:
    """The stream to read (gzip undone, found by its name or its first bytes), and the file
    underneath whose position says how far we are (None when it cannot tell: stdin, a pipe)."""
    if path == "-":
        raw = sys.stdin.buffer
    else:
        try:
            raw = open_input(path)
        except OSError as exc:
            raise InputError(f"cannot open {path}: {exc.strerror}", "check the path") from exc
    if not hasattr(raw, "peek"):  # e.g. a test's stdin: buffer it, to look at its first bytes
        raw = io.BufferedReader(raw)
    position = raw if path != "-" and raw.seekable() else None
    if path.endswith(".gz") or raw.peek(2)[:2] == GZIP_MAGIC:
        return io.BufferedReader(gzip.GzipFile(fileobj=raw)), position
    return raw, position


def _read_file(
    path: str, format: str, html_key: str, text_key: str, encoding: Optional[str]
) -> Iterator[Article]:
    fmt = detect_format(path) if format == "auto" else format
    stream, raw = open_stream(path)
    try:
        if fmt is None:  # stdin, a pipe, an unknown name: its first bytes say, then it streams
            try:
                fmt = _sniff(stream)
            except (OSError, EOFError, zlib.error) as exc:  # e.g. a truncated .gz
                yield _failed(InputError(f"cannot read {path}: {exc}"), {"source": path}, path)
                return
        if fmt == "jsonl":
            yield from read_jsonl_stream(stream, raw, path, html_key, text_key, encoding)
            return
        try:
            content = decode(stream.read(), encoding, html=fmt == "html")
        except (OSError, EOFError, zlib.error) as exc:  # e.g. a truncated .gz
            yield _failed(InputError(f"cannot read {path}: {exc}"), {"source": path}, path)
            return
        if looks_binary(content):
            error = InputError(
                f"{path} looks like a binary file, not HTML or text",
                "leave it out (--glob picks the files to read); if it is "
                "UTF-16 text without a BOM, pass --encoding utf-16-le",
            )
            yield _failed(error, {"source": path}, path)
            return
        article = _article_from_document(content, fmt, path)
        yield article.replace(end_offset=raw.tell()) if raw else article
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _sniff(stream: IO[bytes]) -> str:
    """The format of a stream by its first bytes (``{`` JSONL, ``<`` HTML, else text), read
    without consuming them."""
    # open_stream's streams peek (it buffers those that do not).
    head = cast(io.BufferedReader, stream).peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :].replace(b"\x00", b"")
            break
    first = head.lstrip()[:1]
    return {b"{": "jsonl", b"<": "html"}.get(first, "text")


def _article_from_document(content: str, fmt: str, path: str) -> Article:
    if fmt == "html":
        title = _HTML_TITLE.search(content)
        record = {
            "source": path,
            "format": "html",
            "title": unescape_html(" ".join(title.group(1).split())) if title else None,
            "date": _published(content),
        }
        lang = _HTML_LANG.search(content[:4096])
        return Article(
            record=record,
            source=path,
            html=content,
            date=record["date"],
            language=lang.group(1).lower() if lang else None,
        )
    date = _TEXT_DATE.match(content)
    record = {"source": path, "format": "text", "date": date.group(1) if date else None}
    return Article(record=record, source=path, text=content, date=record["date"])


def _published(content: str) -> Optional[str]:
    """The publication date a page's ``<meta>`` gives (``article:published_time``, ``date``…),
    its attributes in any order."""
    for tag in _HTML_META.finditer(content):
        attributes = {
            name.lower(): next((v for v in values if v), "")
            for name, *values in _HTML_ATTRIBUTE.findall(tag.group(0))
        }
        names = {attributes.get(key, "").lower() for key in ("property", "name", "itemprop")}
        if names & _DATE_META_NAMES and attributes.get("content", "").strip():
            return unescape_html(attributes["content"].strip())
    return None


class _Undecodable(NamedTuple):
    error: InputError
    raw: str  # the line with its undecodable bytes written as \xNN: nothing is lost


def _jsonl_lines(
    stream: IO[bytes], encoding: Optional[str], legacy: Optional[bool] = None, offset: int = 0
) -> Iterator[str | _Undecodable]:
    """Decoded lines, one at a time (constant memory). Without a forced encoding each line is
    decoded on its own: UTF-8, unless the file shows itself Windows-1256 (its first line that
    is not ASCII is no UTF-8 at all: ``legacy``, known beforehand when reading from ``offset``
    in the middle of a file); a line that breaks a UTF-8 file is an error naming its byte
    offset, and the lines around it are untouched. A UTF-16 BOM decodes the whole file."""
    head = stream.peek(2)[:2] if hasattr(stream, "peek") and not offset else b""
    if encoding is None and head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    if encoding is not None:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")
        try:
            yield from text
        finally:
            text.detach()  # closing the wrapper would close the stream (stdin included)
        return
    for number, raw in enumerate(stream):
        start = offset
        offset += len(raw)
        if number == 0 and start == 0 and raw.startswith(codecs.BOM_UTF8):
            raw, start = raw[3:], start + 3
        if legacy:
            yield raw.decode("cp1256", errors="replace")
            continue
        if legacy is None:
            legacy = jsonl_verdict(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if legacy:
                yield raw.decode("cp1256", errors="replace")
                continue
            error = InputError(
                f"line is not UTF-8: byte {start + exc.start} of the file "
                f"(0x{raw[exc.start]:02x}) cannot be decoded",
                "the other lines were read; fix the byte or pass --encoding",
            )
            yield _Undecodable(error, raw.decode("utf-8", "backslashreplace").rstrip("\r\n"))
            continue
        yield line


_POSITION_EVERY = 0.05  # seconds between two reads of a JSONL file's position


def read_jsonl_stream(
    stream: IO[bytes],
    raw: Optional[IO[bytes]],
    path: str,
    html_key: str,
    text_key: str,
    encoding: Optional[str],
    *,
    first_line: int = 1,
    legacy: Optional[bool] = None,
    offset: int = 0,
) -> Iterator[Article]:
    """The articles of JSONL lines from a stream of bytes; ``raw`` tells how far the file has
    been read (or None). From the middle of a file (a partition), ``offset`` is where the stream
    starts, ``first_line`` its line's number and ``legacy`` the encoding earlier lines showed."""
    lines = enumerate(_jsonl_lines(stream, encoding, legacy, offset), start=first_line)
    number = first_line - 1
    told = 0.0  # when the position was last asked for: progress needs it a few times a second
    while True:
        try:
            number, line = next(lines)
        except StopIteration:
            return
        except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt .gz
            error = InputError(
                f"cannot read {path} after line {number}: {exc}",
                "the records before this one were read",
            )
            yield _failed(error, {}, path, number + 1)
            return
        if isinstance(line, _Undecodable):
            article = _failed(line.error, {}, path, number, raw=line.raw)
            yield article.replace(end_offset=raw.tell()) if raw else article
            continue
        line = line.strip()
        if not line:
            continue
        try:
            record = loads(line)
        except (ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            error = InputError(f"line is not JSON: {reason}")
            article = _failed(error, {}, path, number, raw=line)
        else:
            article = article_from_record(
                record, source=path, line=number, html_key=html_key, text_key=text_key
            )
        # BufferedReader.tell() counts what the line iterator has consumed, buffer included.
        # Asked for every line, it cost 6% of a crawl's time (a system call and a copy of the
        # article each).
        if raw and time.monotonic() - told >= _POSITION_EVERY:
            told = time.monotonic()
            article = article.replace(end_offset=raw.tell())
        yield article


def article_from_record(
    record: object,
    *,
    source: str = "<record>",
    line: Optional[int] = None,
    html_key: str = "html",
    text_key: str = "text",
) -> Article:
    """Make an Article of one scraper record (``{"url", "html"}`` or ``{"url", "text"}``).

    Example:
        >>> article_from_record({"url": "u", "text": "hi"}).text
        'hi'
    """
    if not isinstance(record, dict):
        error = InputError(f"record is {json_type(record)}, not a JSON object")
        return _failed(error, record, source, line)
    html, text = record.get(html_key), record.get(text_key)
    for key, value in ((html_key, html), (text_key, text)):
        if value is not None and not isinstance(value, str):
            error = InputError(
                f"field {key!r} is {json_type(value)}, not a string",
                "name the fields with --html-key / --text-key",
            )
            return _failed(error, record, source, line)
    # Strings or None, the loop made sure.
    html, text = encodable(cast(Optional[str], html)), encodable(cast(Optional[str], text))
    if html is None and text is None:
        error = InputError(
            f"record has neither {html_key!r} nor {text_key!r}",
            "name the fields with --html-key / --text-key",
        )
        return _failed(error, record, source, line)
    date = record.get("date") if isinstance(record.get("date"), str) else None
    language = record.get("language") or record.get("lang")
    if not isinstance(language, str) and html is not None:
        found = _HTML_LANG.search(html[:4096])
        language = found.group(1) if found else None
    return Article(
        record=record,
        source=source,
        line=line,
        html=html,
        text=text if html is None else None,
        date=date,
        language=language.split("-")[0].lower() if isinstance(language, str) else None,
    )


def _failed(
    error: InputError, record: object, source: str, line: Optional[int] = None, raw: object = None
) -> Article:
    detail = {**error.to_dict(), "source": source, "line": line}
    if not isinstance(record, dict):  # keep the value itself; the output must be an object
        record, raw = {}, record
    if raw is not None:
        detail["raw"] = raw
    return Article(record=record, source=source, line=line, error=detail)
