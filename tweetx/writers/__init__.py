"""Write results: JSONL (stdout or an atomically replaced file) and annotated HTML pages."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import uuid
from pathlib import Path
from typing import IO, Iterator

from ..embeds.html import find_in_soup, soup as parse_soup
from ..home import ensure_dir

METADATA_ID = "tweetx-metadata"
_ATTRIBUTE_PREFIX = "data-tweetx-"


@contextlib.contextmanager
def open_output(path: str, errors: str = "strict", encoding: str = "utf-8",
                newline: str = "\n") -> Iterator[IO[str]]:
    """Open ``path`` for writing text; ``-`` is stdout. A file appears only when complete:
    it is written beside its destination and renamed over it, so a crash leaves no half file."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline=newline, errors=errors) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """A temporary path beside ``path``, renamed over it when the block ends without error
    (removed otherwise): for writers that want a file name, such as Parquet's."""
    target = Path(path)
    ensure_dir(target.parent, "the output directory", "choose an output whose directory can "
               "be created")
    # Created as open() creates files (0666 less the umask), not mkstemp's 0600: an output is
    # for others to read as much as any file a tool writes.
    tmp = str(target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.part")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield tmp
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
    soup = parse_soup(html)
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
