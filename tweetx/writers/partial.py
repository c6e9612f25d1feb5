"""Output files that are never half-written, and that a killed run can resume.

An output is written as ``NAME.part`` beside its destination, locked against a second run, and
renamed over ``NAME`` (still under the lock) only when complete. ``--resume`` keeps the complete
lines of a ``.part`` (gzip ones too), drops a torn last line, and says how many records are
done; what the output was made from (its fingerprint) is checked first, in ``NAME.part.json``
while unfinished and under ``TWEETX_HOME/runs`` once finished.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import IO, BinaryIO, Optional, Union

from ..errors import UsageError
from ..home import ensure_dir
from .files import write_text_atomic
from .paths import record_of

logger = logging.getLogger(__name__)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def part_of(path: Path) -> Path:
    """Where an output is written until it is complete: ``NAME.part`` beside ``NAME``."""
    return path.with_name(path.name + ".part")


class PartialOutput:
    """An output file written as ``NAME.part`` and renamed to ``NAME`` by :meth:`commit`.

    ``NAME.part.json`` beside it records what the run was made of (``fingerprint``: inputs with
    their sizes and times, and the options that shape the output), so that ``--resume`` refuses
    to continue a run with other inputs or options, which would mix two outputs in one file; a
    finished output keeps it under ``TWEETX_HOME/runs``. A ``.gz`` name is written compressed.
    """

    def __init__(self, path: Path, resume: bool = False, fingerprint: Optional[dict] = None):
        self.path = path
        self.part = part_of(path)
        self.sidecar = self.part.with_name(self.part.name + ".json")
        self.fingerprint = fingerprint
        self.done = 0  # records already in the .part file when resuming
        ensure_dir(
            self.path.parent, "the output directory", "choose an -o whose directory can be created"
        )
        # Opened for appending (nothing truncated yet) and locked, so that a second run aimed at
        # the same output fails at once instead of interleaving with this one.
        try:  # never through a link planted where the .part goes: it could point anywhere
            fd = os.open(self.part, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o666)
        except OSError:
            if self.part.is_symlink():
                raise UsageError(
                    f"{self.part} is a symbolic link: refusing to write through it",
                    "remove it, or write to another -o",
                ) from None
            raise
        # 64 KB at a time: a third less time writing than the default 8 KB; the .part still
        # grows steadily, and a killed run loses no more than --resume redoes in a moment.
        self.raw = os.fdopen(fd, "ab", buffering=1 << 16)
        try:
            _lock(self.raw)
        except OSError:
            self.raw.close()
            raise UsageError(
                f"another tweetx run is writing {self.part}",
                "wait for it to finish, or write to another -o",
            ) from None
        try:
            if resume:
                self._check_resumable()
                self.done = (
                    _keep_complete_gzip_lines(self.raw, self.part)
                    if self.compressed
                    else _keepcomplete_lines(self.part)
                )
            else:
                self.raw.truncate(0)
                if fingerprint is not None:
                    write_text_atomic(self.sidecar, json.dumps(fingerprint))  # replaces links
        except BaseException:
            self.raw.close()
            raise
        self._gzip = gzip.GzipFile(fileobj=self.raw, mode="ab") if self.compressed else None
        self.sink: Union[gzip.GzipFile, BinaryIO] = (
            self._gzip or self.raw
        )  # JSONL lines, already UTF-8

    @property
    def compressed(self) -> bool:
        return self.path.name.endswith(".gz")

    def _check_resumable(self) -> None:
        if self.fingerprint is None or not self.part.stat().st_size:
            return
        if not self.sidecar.is_file():
            raise UsageError(
                f"{self.part} has no {self.sidecar.name}, so what it was written "
                "from cannot be checked",
                "drop --resume to start over",
            )
        try:
            before = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except ValueError:
            before = None
        if before != self.fingerprint:
            raise UsageError(
                f"{self.part} was written from other inputs or options than this "
                "command's, so it cannot be resumed",
                "run the interrupted command again, or drop --resume to start over",
            )

    def write(self, line: bytes) -> None:
        self.sink.write(line)

    def commit(self) -> None:
        """Rename the finished ``.part`` over ``NAME``, still holding the lock: a second run
        cannot take the lock between the last write and the rename and truncate the file."""
        if self._gzip is not None:
            self._gzip.close()  # the gzip trailer; the file stays open
        self.raw.flush()
        os.fsync(self.raw.fileno())
        os.replace(self.part, self.path)
        if self.fingerprint is not None:
            try:
                write_text_atomic(record_of(self.path), json.dumps(self.fingerprint))
            except OSError as exc:  # the output is done; only --resume loses its check
                logger.warning(
                    "cannot record how %s was made (%s): --resume will not skip it", self.path, exc
                )
        with contextlib.suppress(FileNotFoundError):
            self.sidecar.unlink()
        self.raw.close()

    def close(self) -> None:
        """Stop without committing: what is written stays in the .part file for --resume,
        ending on a whole record even when the disk filled in the middle of one."""
        if self.raw.closed:
            return
        with contextlib.suppress(ValueError, OSError):
            if self._gzip is not None:
                self._gzip.close()
        try:
            self.raw.close()  # writes what is buffered, and closes even when that fails
        except OSError:
            pass  # the disk is full: what could not be written is redone by --resume
        if not self.compressed:  # a gzip member's torn end is cut when it is resumed
            with contextlib.suppress(OSError):
                _cut_torn_tail(self.part)


def check_finished_output(path: Path, fingerprint: dict) -> None:
    """Refuse (:class:`UsageError`) to let ``--resume`` skip a finished output that was written
    from other inputs or options, or whose record is missing: it would be kept unchecked."""
    record = record_of(path)
    try:
        before = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(
            f"{path} is finished, but what it was written from cannot be checked "
            f"(no {record.name})",
            "drop --resume to write it again",
        ) from None
    if before != fingerprint:
        raise UsageError(
            f"{path} was written from other inputs or options than this command's",
            "drop --resume to write it again",
        )


def _lock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _keep_complete_gzip_lines(raw: IO[bytes], path: Path) -> int:
    """The gzip ``.part`` a killed run left (its last member torn): keep its complete lines,
    written back as one gzip member; return how many there are."""
    with tempfile.TemporaryFile() as plain:
        with open(path, "rb") as compressed:
            decompressor = zlib.decompressobj(wbits=31)
            try:
                while chunk := compressed.read(1 << 20):
                    while chunk:  # a resumed run appended members: read them all
                        plain.write(decompressor.decompress(chunk))
                        chunk = decompressor.unused_data if decompressor.eof else b""
                        if decompressor.eof:
                            decompressor = zlib.decompressobj(wbits=31)
            except zlib.error:
                pass  # the torn end
        lines, end = complete_lines(plain)
        plain.truncate(end)
        plain.seek(0)
        raw.truncate(0)
        with gzip.GzipFile(fileobj=raw, mode="ab") as again:
            shutil.copyfileobj(plain, again)
    return lines


def _cut_torn_tail(path: Path) -> None:
    """Cut what follows the last newline of ``path`` (a record the disk had no room for),
    reading back from its end only."""
    with open(path, "rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            start = max(0, position - (1 << 16))
            handle.seek(start)
            block = handle.read(position - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            position = start
        else:
            keep = 0
    if keep < end:
        os.truncate(path, keep)


def _keepcomplete_lines(path: Path) -> int:
    """Cut a torn last line off ``path``; return how many complete lines it holds."""
    with open(path, "rb") as handle:
        lines, end = complete_lines(handle)
    os.truncate(path, end)
    return lines


def complete_lines(handle: IO[bytes]) -> tuple[int, int]:
    """(complete lines, where the last one ends) in a file read from its start (a ``.part``
    resumed, or a finished dask part counted)."""
    handle.seek(0)
    lines, end, position = 0, 0, 0
    while chunk := handle.read(1 << 20):
        lines += chunk.count(b"\n")
        last = chunk.rfind(b"\n")
        if last >= 0:
            end = position + last + 1
        position += len(chunk)
    return lines, end
