"""Write results: JSONL (stdout or an atomically replaced file) and annotated HTML pages."""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import uuid
from pathlib import Path
from typing import IO, Iterator

from .embeds.html import find_in_soup, parse
from .home import ensure_dir
from .model import JSONNumber

METADATA_ID = "tweetx-metadata"
_ATTRIBUTE_PREFIX = "data-tweetx-"


def dumps(record: dict) -> str:
    """One JSONL line: strict JSON (RFC 8259: never ``NaN`` or ``Infinity``), UTF-8 with Arabic
    script unescaped, no newline inside.

    Example:
        >>> dumps({"text": "سلام"})
        '{"text": "سلام"}'
    """
    numbers: list[str] = []
    line = _dumps(record, False, numbers)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (JSON input may hold "\ud800") has no UTF-8 form: escape the whole
        # line instead, which keeps the value exactly as it came in.
        line = _dumps(record, True, numbers)
    for number in numbers:  # a JSONNumber goes out as it came in: its digits, unquoted
        line = line.replace(json.dumps(_PLACEHOLDER + number), number, 1)
    return line


# Stands in for a JSONNumber while the line is made; the nonce keeps it from meeting real text.
_PLACEHOLDER = f"\x00tweetx-number-{uuid.uuid4().hex}:"


def _dumps(record: dict, ascii_only: bool, numbers: list) -> str:
    def number(value):
        if isinstance(value, JSONNumber):
            numbers.append(value.text)
            return _PLACEHOLDER + value.text
        raise TypeError(f"{type(value).__name__} is not JSON")

    numbers.clear()
    try:
        return json.dumps(record, ensure_ascii=ascii_only, allow_nan=False, default=number)
    except ValueError:  # a float made infinite elsewhere (a library caller's record): null
        numbers.clear()
        return json.dumps(_finite(record), ensure_ascii=ascii_only, allow_nan=False,
                          default=number)


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


@contextlib.contextmanager
def open_output(path: str, errors: str = "strict") -> Iterator[IO[str]]:
    """Open ``path`` for writing text; ``-`` is stdout. A file appears only when complete:
    it is written beside its destination and renamed over it, so a crash leaves no half file."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    ensure_dir(target.parent, "the output directory", "choose an output whose directory can "
               "be created")
    # Created as open() creates files (0666 less the umask), not mkstemp's 0600: an output is
    # for others to read as much as any file a tool writes.
    tmp = str(target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors=errors) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def script_json(data) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can close or open a tag.

    Example:
        >>> script_json({"t": "</script>"})
        '{"t": "\\\\u003c/script\\\\u003e"}'
    """
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def annotate_html(html: str, record: dict) -> str:
    """The page with its tweetx metadata inside: a ``<script type="application/json"
    id="tweetx-metadata">`` block and ``data-tweetx-*`` attributes on each embed.

    Metadata from an earlier run is removed first, so annotating twice attaches once. bs4 escapes
    attribute values when it serialises the page, so tweet text cannot break out of them.
    """
    soup = parse(html)
    for old in soup.find_all("script", id=METADATA_ID):
        old.decompose()
    for element in soup.find_all(True):
        for name in [n for n in element.attrs if n.startswith(_ATTRIBUTE_PREFIX)]:
            del element[name]
    metadata = record["tweetx"]
    elements = [element for _, element in find_in_soup(soup)]
    for element, tweet in zip(elements, metadata["tweets"]):
        if element is None:  # found in a comment: nothing to put attributes on
            continue
        language = tweet.get("language") or {}
        translation = tweet.get("translation") or {}
        attributes = {
            "id": tweet.get("id"),
            "lang": language.get("code"),
            "script": language.get("script"),
            "translation": translation.get("text"),
            "translation-lang": translation.get("target"),
            "translation-toy": "true" if translation.get("toy") else None,
            "error": (tweet.get("error") or {}).get("message"),
        }
        for name, value in attributes.items():
            if value is not None:
                element[_ATTRIBUTE_PREFIX + name] = value
    block = soup.new_tag("script", attrs={"type": "application/json", "id": METADATA_ID})
    block.string = script_json(metadata)
    (soup.head or soup.body or soup).append(block)
    return str(soup)


def write_text_atomic(path: Path, text: str) -> None:
    # An HTML page has no escape for a lone surrogate: it becomes "?".
    with open_output(str(path), errors="replace") as handle:
        handle.write(text)
