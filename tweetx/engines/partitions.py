"""Partitions: the inputs of a run cut into pieces that workers annotate apart, and the parts
they write, joined in input order into exactly the output a local run writes.

Every input file is one partition, except a large JSONL file, which is cut at line starts into
byte ranges of about ``partition_bytes``; a ``.gz`` file cannot be entered mid-stream and stays
whole. A part is written under a temporary name and renamed into ``OUT.parts/``; its name holds a
digest of what made it (input path, size, modification time, byte range, options), so a retried
or repeated task replaces it with the same bytes (never a duplicate record, never a torn one),
and ``--resume`` keeps exactly the parts whose inputs have not changed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from ..readers.articles import GZIP_MAGIC, detect_format, read, read_jsonl_stream
from ..readers.encodings import jsonl_verdict
from ..readers.jsonvalues import dumps
from ..readers.storage import open_input, size_and_time
from ..writers.partial import complete_lines

#: Default size of a JSONL partition: big enough that scheduling costs nothing beside it,
#: small enough that one big file spreads over every worker.
PARTITION_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Partition:
    """A piece of one input: the whole file, or the lines starting in ``[start, end)``."""

    job: int  # which output it goes into
    index: int  # its place in that output
    path: str  # as the user gave it: the records' ``source``
    name: str  # relative to its argument (for messages)
    size: int
    changed: object  # modification time (or a store's tag): a changed input is read again
    start: Optional[int] = None  # None: the whole file
    end: Optional[int] = None
    first_line: int = 1  # the number of its first line in the file
    legacy: Optional[bool] = None  # the file is Windows-1256 (known from earlier lines), or None

    def where(self) -> str:
        """The input and byte range, for messages."""
        if self.start is None:
            return self.path
        return f"{self.path} bytes {self.start:,}–{self.end:,}"

    def digest(self, options: dict) -> str:
        """What made this part: its input as it was, its range, and the output's options."""
        made_of = [self.path, self.size, self.changed, self.start, self.end, options]
        return hashlib.sha256(dumps(made_of).encode("utf-8")).hexdigest()[:16]

    def part_name(self, options: dict) -> str:
        return f"{self.job:05d}-{self.index:05d}-{self.digest(options)}.jsonl"


def parts_dir(output: Path) -> Path:
    """Where the workers put one output's parts until they are joined: ``OUT.parts/``."""
    return output.with_name(output.name + ".parts")


def plan_partitions(
    job: int,
    inputs: list[str],
    names: list[str],
    format: str,
    encoding: Optional[str],
    partition_bytes: int | Callable[[int], int] = PARTITION_BYTES,
    stats: Optional[dict[str, tuple[int, object]]] = None,
) -> list[Partition]:
    """One job's partitions, in input order (line numbers and encodings still to be settled by
    :func:`settle`, from each range's :func:`count_lines`). ``partition_bytes`` is a size, or
    the size of the next piece given the bytes of the file left to cut; ``stats`` holds inputs'
    sizes and modification times already asked for."""
    size_for = partition_bytes if callable(partition_bytes) else lambda left: partition_bytes
    partitions: list[Partition] = []
    for path, name in zip(inputs, names):
        size, changed = (stats or {}).get(path) or size_and_time(path)
        whole = Partition(job, len(partitions), path, name, size, changed)
        ranges = (
            _cut(path, size, size_for)
            if size > size_for(size) and _splittable(path, format, encoding)
            else []
        )
        if len(ranges) < 2:
            partitions.append(whole)
            continue
        for start, end in ranges:
            partitions.append(replace(whole, index=len(partitions), start=start, end=end))
    return partitions


def guided(workers: int, smallest: int, largest: int = PARTITION_BYTES) -> Callable[[int], int]:
    """Piece sizes that shrink toward a file's end (a share of what is left, between
    ``smallest`` and ``largest``): the first pieces are big, for full translation batches, and
    the last small, so that the workers finish together instead of one waiting on a big
    last piece."""
    return lambda left: min(max(left // (2 * workers), smallest), largest)


def smallest_piece(
    total: int,
    workers: int,
    batch_bytes: int = 0,
    floor: int = 4 * 2**10,
    ceiling: int = 64 * 2**10,
) -> int:
    """The last pieces' size for a run of ``total`` bytes: a small share of each worker's work
    (1/32), so that the workers finish within a moment of each other even when every record is
    slow to translate (64 KB of tweets to translate is seconds of work), but not so small that
    scheduling a piece costs more than annotating it; and when translating, at least
    ``batch_bytes``, the records of one full translation call: a piece's tweets are translated
    in its own calls, and calls of a few tweets make short batches of each sentence length
    (2 workers on 16 KB pieces were 1.51x one worker, against 1.66x on 64 KB ones)."""
    share = min(max(total // (32 * max(workers, 1)), floor), ceiling)
    return max(share, min(batch_bytes, MAX_BATCH_BYTES))


#: The most a translation call's records may ask of the smallest piece.
MAX_BATCH_BYTES = 16 * 2**20


def bytes_per_record(paths: list[str], sample: int = 64 * 2**10) -> int:
    """The mean line length of the first plain JSONL input (its first ``sample`` bytes), or 0
    when there is none: the size of a record, to size pieces by records."""
    for path in paths:
        if not _splittable(path, "auto", None):
            continue
        with open_input(path) as handle:
            head = handle.read(sample)
        lines = head.count(b"\n")
        if lines:
            return (head.rfind(b"\n") + 1) // lines
    return 0


def work_estimate(partition: Partition) -> int:
    """Bytes to read, for ordering the pieces biggest first: a gzip file holds about four
    times its size in text."""
    if partition.start is not None:
        assert partition.end is not None  # a range has both ends
        return partition.end - partition.start
    return partition.size * (4 if partition.path.endswith(".gz") else 1)


def _splittable(path: str, format: str, encoding: Optional[str]) -> bool:
    """A plain JSONL file whose lines end in a ``\\n`` byte: gzip streams and UTF-16 cannot be
    entered in the middle."""
    if (format if format != "auto" else detect_format(path)) != "jsonl" or path.endswith(".gz"):
        return False
    with open_input(path) as handle:
        head = handle.read(2)
    if head == GZIP_MAGIC or head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return False
    return encoding is None or ("\n" + "a").encode(encoding) == b"\na"


def _cut(path: str, size: int, size_for: Callable[[int], int]) -> list[tuple[int, int]]:
    """Byte ranges of about ``size_for(bytes left)``, each starting at the start of a line."""
    starts = [0]
    with open_input(path) as handle:
        while starts[-1] + size_for(size - starts[-1]) < size:
            handle.seek(starts[-1] + max(size_for(size - starts[-1]), 1) - 1)
            handle.readline()  # to the end of the line that crosses the mark
            if handle.tell() >= size:
                break
            starts.append(handle.tell())
    return list(zip(starts, starts[1:] + [size]))


def count_lines(partition: Partition) -> tuple[int, Optional[bool]]:
    """The lines in a partition's range, and what its first line that is not ASCII says of the
    file's encoding (:func:`tweetx.readers.encodings.jsonl_verdict`; None when every line is
    ASCII)."""
    assert partition.start is not None and partition.end is not None  # a range only
    lines, verdict = 0, None
    with open_input(partition.path) as handle:
        handle.seek(partition.start)
        while handle.tell() < partition.end:
            line = handle.readline()
            if not line:
                break
            if lines == 0 and partition.start == 0 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
            lines += 1
            if verdict is None:
                verdict = jsonl_verdict(line)
    return lines, verdict


def settle(
    partitions: list[Partition], counts: list[tuple[int, Optional[bool]]]
) -> list[Partition]:
    """Give each range its first line number and the encoding verdict reached before it,
    exactly as reading the whole file from the start would have."""
    settled = []
    first_line, legacy, previous = 1, None, None
    for partition, (lines, verdict) in zip(partitions, counts):
        if partition.path != previous:
            first_line, legacy, previous = 1, None, partition.path
        if partition.start is not None:
            partition = replace(partition, first_line=first_line, legacy=legacy)
        first_line += lines
        if legacy is None:
            legacy = verdict
        settled.append(partition)
    return settled


def read_partition(
    partition: Partition, format: str, html_key: str, text_key: str, encoding: Optional[str]
) -> Iterator:
    """The articles of one partition, numbered and decoded as a whole-file read numbers them."""
    if partition.start is None:
        yield from read(
            partition.path, format, html_key=html_key, text_key=text_key, encoding=encoding
        )
        return
    assert partition.end is not None  # a range has both ends
    handle = open_input(partition.path)
    handle.seek(partition.start)
    with io.BufferedReader(_Range(handle, partition.end)) as stream:
        yield from read_jsonl_stream(
            stream,
            None,
            partition.path,
            html_key,
            text_key,
            encoding,
            first_line=partition.first_line,
            legacy=partition.legacy,
            offset=partition.start,
        )


class _Range(io.RawIOBase):
    """A file's bytes up to ``end``, from wherever it is positioned: a partition as a stream."""

    def __init__(self, handle, end: int):
        self._handle, self._end = handle, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self._end - self._handle.tell()
        if left <= 0:
            return 0
        return self._handle.readinto(memoryview(buffer)[:left])

    def close(self) -> None:
        self._handle.close()
        super().close()


def write_part(
    directory: Path,
    name: str,
    lines: Iterator[bytes],
    before_rename: Optional[Callable[[int], None]] = None,
) -> int:
    """Write a part (JSONL lines, UTF-8) under a temporary name and rename it into place; the
    lines written. ``before_rename(lines)`` runs once the lines are on disk, before the part
    exists under its name: what it writes is there whenever the part is."""
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f".{name}.{uuid.uuid4().hex}.tmp"
    count = 0
    try:
        with open(temporary, "wb") as handle:
            for line in lines:
                handle.write(line)
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        if before_rename is not None:
            before_rename(count)
        os.replace(temporary, directory / name)
    finally:
        if temporary.exists():
            temporary.unlink()
    return count


def join_parts(directory: Path, names: list[str], out) -> None:
    """Copy the parts, in order, into an output taking bytes (:class:`PartialOutput`)."""
    for name in names:
        with open(directory / name, "rb") as handle:
            shutil.copyfileobj(handle, out, 1 << 20)


def remove_parts(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)


def count_records(path: Path) -> int:
    with open(path, "rb") as handle:
        return complete_lines(handle)[0]
