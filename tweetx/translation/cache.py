"""A persistent translation cache: SQLite under ``TWEETX_HOME``, shared safely by processes.

A re-run over the same corpus, or a tweet embedded in a thousand articles, is translated once.
Entries are keyed by everything that decides the output: the package (name, version and where it
is installed), the pair, the normalised text and the decoding settings. The database is in WAL
mode, so readers never block and concurrent writers wait for each other (``timeout``) instead of
failing. A cache that cannot be opened or written (read-only home, full disk, corrupt file) is
switched off with one warning: it must never cost a run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import NamedTuple, Optional, TypeVar

from ..errors import StorageError
from ..home import home_dir

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    package TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    score REAL,
    alternatives TEXT
)
"""
# Columns added since the first schema, added to older databases when opened.
_ADDED_COLUMNS = {"score": "REAL", "alternatives": "TEXT"}


class CachedTranslation(NamedTuple):
    """A translated text, its mean log-probability per token (None when nothing went to the
    model) and its alternative translations."""

    text: str
    score: Optional[float] = None
    alternatives: tuple = ()


def cache_path() -> Path:
    return home_dir() / "cache" / "translations.sqlite3"


def cache_key(settings: Mapping, text: str) -> str:
    """A stable key for one normalised text under one package and set of decoding settings."""
    payload = json.dumps([dict(sorted(settings.items())), text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TranslationCache:
    """Maps cache keys to translated texts. Safe across threads, processes and ``fork``."""

    def __init__(self, path: Optional[Path] = None, timeout: float = 60.0):
        self.path = Path(path) if path else cache_path()
        self.timeout = timeout
        self._connection: Optional[sqlite3.Connection] = None
        self._pid: Optional[int] = None
        self._lock = threading.Lock()
        self.disabled = False

    def _connect(self) -> sqlite3.Connection:
        # A connection must not cross a fork (Scrapy, multiprocessing): reopen in the child.
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=self.timeout, check_same_thread=False, isolation_level=None
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
        present = {row[1] for row in connection.execute("PRAGMA table_info(translations)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in present:
                connection.execute(f"ALTER TABLE translations ADD COLUMN {column} {kind}")
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _run(self, operation: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        if self.disabled:
            return default
        with self._lock:
            try:
                return operation(self._connect())
            except (sqlite3.Error, OSError) as exc:
                self.disabled = True
                logger.warning(
                    "translation cache %s switched off: %s (run `tweetx cache clear` "
                    "if the file is damaged)",
                    self.path,
                    exc,
                )
                return default

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedTranslation]:
        keys = list(dict.fromkeys(keys))

        def read(connection: sqlite3.Connection) -> dict[str, CachedTranslation]:
            found: dict[str, CachedTranslation] = {}
            for start in range(0, len(keys), 500):  # SQLite caps the number of ? per query
                chunk = keys[start : start + 500]
                rows = connection.execute(
                    f"SELECT key, translation, score, alternatives FROM translations WHERE key "
                    f"IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                found.update(
                    (key, CachedTranslation(text, score, _alternatives(others)))
                    for key, text, score, others in rows
                )
            return found

        return self._run(read, {}) if keys else {}

    def put_many(self, entries: Iterable[tuple[str, str, str, str, CachedTranslation]]) -> None:
        """Store (key, package, source, target, translation) rows; existing keys are kept."""
        now = time.time()
        rows = [
            (
                key,
                package,
                source,
                target,
                done.text,
                now,
                done.score,
                json.dumps(list(done.alternatives), ensure_ascii=False)
                if done.alternatives
                else None,
            )
            for key, package, source, target, done in entries
        ]

        def write(connection: sqlite3.Connection) -> None:
            with _transaction(connection):
                connection.executemany(
                    "INSERT OR IGNORE INTO translations (key, package, source, target, "
                    "translation, created, score, alternatives) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )

        if rows:
            self._run(write, None)

    def stats(self) -> dict:
        """Entries per package and pair, and the size of the database on disk."""

        def read(connection: sqlite3.Connection) -> list[dict]:
            rows = connection.execute(
                "SELECT package, source, target, COUNT(*) FROM translations "
                "GROUP BY package, source, target ORDER BY package, source, target"
            ).fetchall()
            return [{"package": p, "source": s, "target": t, "entries": n} for p, s, t, n in rows]

        exists = self.path.is_file()
        by_package: list[dict] = self._run(read, []) if exists else []
        size = (
            sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
            if exists
            else 0
        )
        return {
            "path": str(self.path),
            "entries": sum(r["entries"] for r in by_package),
            "bytes": size,
            "by_package": by_package,
        }

    def clear(self) -> int:
        """Delete every entry and return how many there were. A file proven damaged is moved
        aside (kept, renamed ``….corrupt-TIME``), never deleted; any other failure (a read-only
        directory, a file that cannot be opened) is a :class:`StorageError` and touches nothing."""
        if not self.path.is_file():
            return 0
        with self._lock:
            try:
                connection = self._connect()
                with _transaction(connection):
                    count = connection.execute("DELETE FROM translations").rowcount
                connection.execute("VACUUM")
                return count
            except (sqlite3.DatabaseError, OSError) as exc:
                self._connection = None
                if not _proven_corrupt(exc):
                    raise StorageError(
                        f"cannot clear the translation cache {self.path}: {exc}",
                        "check that TWEETX_HOME is writable",
                    ) from exc
                suffix = f".corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
                for path in sorted(self.path.parent.glob(self.path.name + "*")):
                    if ".corrupt-" not in path.name:
                        os.replace(path, path.with_name(path.name + suffix))
                logger.warning(
                    "the translation cache %s was damaged: moved aside as %s",
                    self.path,
                    self.path.name + suffix,
                )
                return 0

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None


def _alternatives(stored: Optional[str]) -> tuple:
    """The alternatives column read back; a value that is not a JSON list of strings (a file
    edited by hand) reads as none."""
    try:
        value = json.loads(stored) if stored else []
    except (TypeError, ValueError):
        return ()
    return (
        tuple(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else ()
    )


def _proven_corrupt(exc: BaseException) -> bool:
    """Whether SQLite said the file itself is damaged (not that it could not open or write it)."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "file is not a database" in message or "malformed" in message
    )


class _transaction:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so two writers queue on the
    timeout instead of one failing when it upgrades from reading to writing."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
