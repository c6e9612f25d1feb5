"""Finding and identifying in several processes, for local runs that do not translate.

Without translation a record's work (find, identify, attach, its JSONL line) depends on that
record alone. So the run's process reads the input, sends chunks of articles to worker
processes, and writes their lines in input order as they come back: the output is byte for
byte what one process writes (``tests/test_batch.py`` compares them), and ``--resume``,
``--fail-fast`` and progress work as in one process. Translation stays in one process: its
batches and cache are shared across records, and CTranslate2 already runs on several cores.

The workers are forked on Linux when the run's process has no other thread: nothing is imported
or run again, and they start at once. Otherwise (other systems, or a caller holding threads,
which a fork would copy in whatever state they are in) they are spawned: fresh interpreters,
which import the caller's main script again, so a script that starts a run must guard its own
code with ``if __name__ == "__main__":`` (as any use of ``multiprocessing`` must). They ignore
Ctrl-C: the run's process stops them. ``concurrent.futures`` (not
``multiprocessing.Pool``, which waits forever on a worker that died) notices a worker killed
from outside, and the run stops with what it wrote kept for ``--resume``.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Optional

from ..annotate import Annotator
from ..errors import RunStopped
from ..model import Article
from ..readers.jsonvalues import dumps_line

#: Articles sent to a worker at once: big enough that sending costs little next to the work,
#: small enough that the output keeps moving.
CHUNK = 128
#: Inputs this large (in all) are worth starting workers for. Spawned workers take about a
#: second to start and load their language models, which 20 MB of crawl (1.8 s in one process)
#: just pays; forked ones pay sooner (the same 20 MB: 1.15 s with two).
MIN_BYTES = 32 << 20

_annotator: Optional[Annotator] = None  # each worker's own


#: Most workers started when not told: the run's own process spends about 24 µs on each record
#: (reading, sending, writing: 2.4 s of CPU on the 100,000-record crawl) and a worker about 65
#: (6.5 s), so past three or four workers the run's process sets the pace, and each worker more
#: only costs its memory (about 80 MB).
MAX_AUTO = 4


def auto_processes(total_bytes: int, cores: Optional[int]) -> int:
    """How many worker processes a run of this size uses when not told: one per core (at most
    ``MAX_AUTO``) for big inputs, none (the run's own process) otherwise."""
    return min(max(cores or 1, 1), MAX_AUTO) if total_bytes >= MIN_BYTES else 1


@contextlib.contextmanager
def worker_pool(processes: int, target: str) -> Iterator[ProcessPoolExecutor]:
    """The run's workers, started once for all its outputs (starting them per file made a
    directory of 40 small files take 21 s instead of 2)."""
    pool = ProcessPoolExecutor(
        processes, mp_context=_context(), initializer=_start, initargs=(target,)
    )
    try:
        # Started now, before any output is open: a forked worker would hold the output's file
        # (and its lock) until the end of the run.
        pool.submit(int).result()
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context():
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class InOrder:
    """The lines of articles annotated by the workers, in input order; the workers' counts are
    added to ``annotator``'s as if it had done the work.

    A chunk's counts are added once its last line is given out. A run stopped inside a chunk
    (``--fail-fast``, Ctrl-C) calls :meth:`count_given` to add those of the lines it was given:
    its summary then counts what one process's would (added line by line, the counts cost the
    run's own process, which sets the pace, a tenth of its time)."""

    def __init__(self, pool: ProcessPoolExecutor, processes: int, annotator: Annotator):
        self.pool, self.processes, self.annotator = pool, processes, annotator
        self._given: Optional[tuple[list, int]] = None  # the chunk being given out, and how far

    def lines(
        self, articles: Iterator[tuple[str, Article]]
    ) -> Iterator[tuple[str, Article, bytes, Optional[dict]]]:
        """(name, article, its JSONL line, its ``tweetx`` error or None) for each article."""
        in_flight: collections.deque = collections.deque()
        try:
            for chunk in _chunks(articles):
                job = self.pool.submit(_annotate_chunk, [article for _, article in chunk])
                in_flight.append((chunk, job))
                if len(in_flight) > 2 * self.processes:  # enough queued to keep workers busy
                    yield from self._give(*in_flight.popleft())
            while in_flight:
                yield from self._give(*in_flight.popleft())
        except BrokenProcessPool:
            raise RunStopped(
                "a worker process died (killed, or out of memory?)",
                "continue with --resume; --workers 1 runs in this process only",
                fatal=True,
            ) from None
        finally:
            for _, job in in_flight:  # a run stopped early: what was sent and not written
                job.cancel()

    def _give(self, chunk: list, job) -> Iterator:
        rows, stats, languages = job.result()
        for given, ((name, article), (line, error, _, _)) in enumerate(zip(chunk, rows), 1):
            self._given = (rows, given)
            yield name, article, line, error
        self._given = None
        self.annotator.stats.update(stats)
        self.annotator.languages.update(languages)

    def count_given(self) -> None:
        """Add the counts of the lines given out of a chunk not finished."""
        if self._given is not None:
            rows, given = self._given
            for _, _, stats, languages in rows[:given]:
                self.annotator.stats.update(dict(stats))
                self.annotator.languages.update(dict(languages))
            self._given = None


def _chunks(articles: Iterator) -> Iterator[list]:
    chunk = []
    for item in articles:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start(target: str) -> None:
    global _annotator
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run's process decides when to stop
    # A run killed outright (kill -9) cannot stop its workers, and their queue never closes
    # (each holds both ends): they leave when their parent is gone.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_leave_with, args=(parent.sentinel,), daemon=True).start()
    _annotator = Annotator(target=target, translate=False)


def _leave_with(sentinel) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _annotate_chunk(articles: list[Article]) -> tuple[list, Counter, Counter]:
    """Each article's line, its error and what it adds to the run's counts; the chunk's
    counts."""
    annotator = _annotator
    assert annotator is not None  # made by _start, in each worker
    rows = []
    stats: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for record in annotator.annotate_articles(articles):
        rows.append(
            (
                dumps_line(record),
                record["tweetx"]["error"],
                tuple(annotator.stats.items()),
                tuple(annotator.languages.items()),
            )
        )
        stats.update(annotator.stats)
        languages.update(annotator.languages)
        annotator.stats, annotator.languages = Counter(), Counter()
    return rows, stats, languages
