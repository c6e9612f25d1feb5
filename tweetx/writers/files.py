"""Output files that appear only when complete: stdout, or a file written beside its destination
and renamed over it."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..home import ensure_dir


@contextlib.contextmanager
def open_output(
    path: str, errors: str = "strict", encoding: str = "utf-8", newline: str = "\n"
) -> Iterator[IO[str]]:
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


class LineFlushing:
    """A binary stream whose every line goes out as it is written: what a pipe's or a
    terminal's reader sees at once, whatever the interpreter's own buffering (a user's shell
    does not set ``PYTHONUNBUFFERED``)."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, line: bytes) -> None:
        self.out.write(line)
        self.out.flush()

    def flush(self) -> None:
        self.out.flush()


def for_its_reader(out, stream):
    """``out`` (what writes to ``stream``) as its reader needs it: buffered (64 KB writes) for
    a regular file, flushed at every line for anything else (a pipe, a terminal, a FIFO, a
    device, a caller's StringIO), so that a consumer gets each record when it is ready, not
    when a buffer fills or the run ends."""
    try:
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        regular = False
    return out if regular else LineFlushing(out)


@contextlib.contextmanager
def atomic_path(path: str) -> Iterator[str]:
    """A temporary path beside ``path``, renamed over it when the block ends without error
    (removed otherwise): for writers that want a file name, such as Parquet's."""
    target = Path(path)
    ensure_dir(
        target.parent, "the output directory", "choose an output whose directory can be created"
    )
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


def write_text_atomic(path: Path, text: str) -> None:
    # An HTML page has no escape for a lone surrogate: it becomes "?".
    with open_output(str(path), errors="replace") as handle:
        handle.write(text)
