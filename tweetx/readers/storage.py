"""Where inputs live: local paths, or URLs on shared storage (``s3://bucket/crawl/*.jsonl.gz``,
``gs://…``, ``file:///…``) read through fsspec where it is installed, with the package for the
protocol (s3fs for ``s3://``, gcsfs for ``gs://``). Local paths never go through fsspec.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from typing import IO, Optional

from ..errors import InputError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str) -> bool:
    """Whether an input names a URL (``s3://…``) rather than a local path."""
    return bool(_URL.match(path))


def _filesystem(url: str):
    try:
        import fsspec
    except ImportError:
        raise InputError(
            f"{url}: reading URLs needs fsspec",
            "pip install fsspec, with the package for the protocol (s3fs for "
            "s3://, gcsfs for gs://)",
        ) from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise InputError(
            f"{url}: {exc}",
            "install the fsspec package for this protocol (s3fs for s3://, gcsfs for gs://)",
        ) from None


def expand_url(url: str, glob: Optional[str], known) -> Iterator[tuple[str, str]]:
    """(url, name) for the files a URL names: the file itself, a pattern's matches, or a
    directory's files (recursively, sorted; those matching ``glob``, else of a known format)."""
    fs, path = _filesystem(url)
    if any(ch in path for ch in "*?["):
        for match in sorted(fs.glob(path)):
            if fs.isfile(match):
                yield fs.unstrip_protocol(match), os.path.basename(match)
        return
    if fs.isdir(path):
        root = path.rstrip("/")
        for match in sorted(fs.find(root)):
            relative = match[len(root) :].lstrip("/")
            name = os.path.basename(match)
            if (
                (fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob))
                if glob
                else known(name)
            ):
                yield fs.unstrip_protocol(match), relative
        return
    if not fs.exists(path):
        raise InputError(f"{url}: no such file or directory", "check the URL")
    yield url, os.path.basename(path)


def open_input(path: str) -> IO[bytes]:
    """An input opened for reading bytes (seekable), a local path or a URL."""
    if not is_url(path):
        return open(path, "rb")
    fs, inner = _filesystem(path)
    try:
        return fs.open(inner, "rb")
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc}", "check the URL") from exc


def size_and_time(path: str) -> tuple[int, object]:
    """An input's size and what says it changed (modification time, else the store's tag)."""
    if not is_url(path):
        stat = os.stat(path)
        return stat.st_size, stat.st_mtime_ns
    fs, inner = _filesystem(path)
    info = fs.info(inner)
    changed = next(
        (
            info[key]
            for key in ("mtime", "LastModified", "updated", "ETag", "etag", "created")
            if info.get(key) is not None
        ),
        None,
    )
    return int(info.get("size") or 0), changed if isinstance(changed, (int, float)) else str(
        changed
    )
