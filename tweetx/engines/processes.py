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
Ctrl-C: the run's process stops them.

Each worker has a pipe of its own each way, and no lock is shared between processes, so a worker
killed from outside (``kill -9``, the kernel's out-of-memory killer) is always seen: the far end
of its pipes is held by it alone, so reading its lines meets the end of the pipe (even halfway
through a message) and sending it articles fails, and the run stops with what it wrote kept for
``--resume``. ``concurrent.futures.ProcessPoolExecutor``, which served before, shares one result
pipe and its lock between all workers: a worker killed while writing a chunk's lines left half
a message, which the executor's thread went on waiting for (the other workers still hold that
pipe, so its end never comes), and the run hung for ever (4 of 80 kills at random moments).
``multiprocessing.Pool`` waits for ever on a dead worker too.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn, Optional

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


#: Most workers started when not told: the run's own process spends about 24 µs on each record
#: (reading, sending, writing: 2.4 s of CPU on the 100,000-record crawl) and a worker about 65
#: (6.5 s), so past three or four workers the run's process sets the pace, and each worker more
#: only costs its memory (about 80 MB).
MAX_AUTO = 4


def auto_processes(total_bytes: int, cores: Optional[int]) -> int:
    """How many worker processes a run of this size uses when not told: one per core (at most
    ``MAX_AUTO``) for big inputs, none (the run's own process) otherwise."""
    return min(max(cores or 1, 1), MAX_AUTO) if total_bytes >= MIN_BYTES else 1


def _died() -> RunStopped:
    return RunStopped(
        "a worker process died (killed, or out of memory?)",
        "continue with --resume; --workers 1 runs in this process only",
        fatal=True,
    )


@dataclass
class _Worker:
    process: Any  # a multiprocessing Process, forked or spawned
    tasks: multiprocessing.connection.Connection  # articles go out
    results: multiprocessing.connection.Connection  # their lines come back, in the same order
    sent: int = 0  # chunks sent
    received: int = 0  # replies read


#: A chunk sent: its worker and its number among that worker's chunks.
Ticket = tuple[_Worker, int]


class WorkerPool:
    """The run's worker processes: chunks of articles go round them, and each chunk's lines are
    read back from the worker that has it, when asked for (:class:`InOrder` asks in input order).

    The run's process never waits on anything a dead worker could leave in the way: it reads
    from a worker only what that worker alone writes (the end of the pipe comes when it dies),
    watching every worker's death as it waits; it sends to a worker whose own thread takes
    everything sent at once (so sending never waits on the worker's work, nor on lines that the
    run's process has not read yet), and a dead worker's pipe refuses what is sent."""

    def __init__(self, processes: int, target: str, platforms: Optional[tuple] = None):
        self._context = _context()
        self._workers: list[_Worker] = []
        self._turn = itertools.cycle(range(processes))
        try:
            for _ in range(processes):
                self._start(target, platforms)
            for worker in self._workers:  # ready, or the error that stopped its start
                ok, value = self._reply(worker)
                if not ok:
                    _raise(worker, value)
        except BaseException:
            self.close(stopped=True)
            raise

    def _start(self, target: str, platforms: Optional[tuple] = None) -> None:
        tasks_in, tasks_out = self._context.Pipe(duplex=False)
        results_in, results_out = self._context.Pipe(duplex=False)
        for end in (tasks_out, results_in):
            _widen(end)
        # A forked worker has a copy of every descriptor of the run's process: it closes this
        # process's ends of its own pipes and of the other workers', so that the end of a pipe
        # comes when either side is gone.
        others = (
            [end for worker in self._workers for end in (worker.tasks, worker.results)]
            + [tasks_out, results_in]
            if self._context.get_start_method() == "fork"
            else []
        )
        try:
            process = self._context.Process(
                target=_serve,
                args=(target, tasks_in, results_out, others, platforms),
                name=f"tweetx-worker-{len(self._workers) + 1}",
                daemon=True,  # stopped with the run's process, whatever happens
            )
            process.start()
        except BaseException:
            for end in (tasks_out, results_in):
                end.close()
            raise
        finally:
            tasks_in.close()  # the worker's ends: held by it alone from now on
            results_out.close()
        self._workers.append(_Worker(process, tasks_out, results_in))

    def submit(self, articles: list[Article]) -> Ticket:
        """Send a chunk of articles to the next worker."""
        worker = self._workers[next(self._turn)]
        message = pickle.dumps(articles, pickle.HIGHEST_PROTOCOL)
        try:
            worker.tasks.send_bytes(message)
        except OSError:  # the worker's end is closed: it died
            raise _died() from None
        worker.sent += 1
        return worker, worker.sent

    def result(self, ticket: Ticket):
        """What the worker made of the chunk: its rows and counts (:func:`_annotate_chunk`)."""
        worker, number = ticket
        assert worker.received < number, "a chunk's lines are read once"
        while worker.received < number:  # first the replies to chunks given up, if any
            ok, value = self._reply(worker)
            worker.received += 1
        if not ok:
            _raise(worker, value)
        return value

    def _reply(self, worker: _Worker) -> tuple[bool, Any]:
        """The worker's next reply: (True, a value) or (False, (an exception, its traceback))."""
        sentinels = [other.process.sentinel for other in self._workers]
        ready = multiprocessing.connection.wait([worker.results, *sentinels])
        if worker.results not in ready:  # another worker died: stop now, not chunks later
            raise _died()
        try:
            message = worker.results.recv_bytes()
        except (EOFError, OSError):  # the end of its pipe, whole or halfway through a message
            raise _died() from None
        return pickle.loads(message)

    def close(self, stopped: bool = False) -> None:
        """Stop the workers: idle ones leave when their pipe closes; those of a run ``stopped``
        (or with chunks not read back) are terminated."""
        for worker in self._workers:
            worker.tasks.close()
            if stopped or worker.received < worker.sent:
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join()
            worker.results.close()
            worker.process.close()
        self._workers = []


def _raise(worker: _Worker, failure: tuple[BaseException, str]) -> NoReturn:
    """Raise again an exception that a worker sent back, with where it was raised there."""
    error, where = failure
    raise error from RuntimeError(f"in worker process {worker.process.pid}:\n{where}")


#: Bytes a pipe to or from a worker holds (Linux's most for a user, where it lets): a chunk
#: (128 articles, 270 KB of the benchmark's crawl) then goes in one write, not in the default
#: 64 KB pieces, each of which waits for the reading thread to get its interpreter's lock.
PIPE_BYTES = 1 << 20


def _widen(end: multiprocessing.connection.Connection) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: the default size
        return
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux
        with contextlib.suppress(OSError):  # over the system's limits: the default size
            fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


@contextlib.contextmanager
def worker_pool(
    processes: int, target: str, platforms: Optional[Iterable[str]] = None
) -> Iterator[WorkerPool]:
    """The run's workers, started once for all its outputs (starting them per file made a
    directory of 40 small files take 21 s instead of 2), and before any output is open: a
    forked worker would hold the output's file (and its lock) until the end of the run."""
    pool = WorkerPool(processes, target, tuple(sorted(platforms)) if platforms else None)
    try:
        yield pool
    except BaseException:
        pool.close(stopped=True)
        raise
    pool.close()


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

    def __init__(self, pool: WorkerPool, processes: int, annotator: Annotator):
        self.pool, self.processes, self.annotator = pool, processes, annotator
        self._given: Optional[tuple[list, int]] = None  # the chunk being given out, and how far

    def lines(
        self, articles: Iterator[tuple[str, Article]]
    ) -> Iterator[tuple[str, Article, bytes, Optional[dict]]]:
        """(name, article, its JSONL line, its ``tweetx`` error or None) for each article."""
        in_flight: collections.deque = collections.deque()
        for chunk in _chunks(articles):
            ticket = self.pool.submit([article for _, article in chunk])
            in_flight.append((chunk, ticket))
            if len(in_flight) > 2 * self.processes:  # enough queued to keep workers busy
                yield from self._give(*in_flight.popleft())
        while in_flight:
            yield from self._give(*in_flight.popleft())

    def _give(self, chunk: list, ticket: Ticket) -> Iterator:
        rows, stats, languages = self.pool.result(ticket)
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


def _serve(target: str, tasks, results, others: list, platforms=None) -> None:
    """A worker: annotate each chunk that comes in, send back its lines; leave when the pipe
    of chunks closes, or the run's process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run's process decides when to stop
    for end in others:
        end.close()
    # A run killed outright (kill -9) cannot stop its workers: they leave when it is gone.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_leave_with, args=(parent.sentinel,), daemon=True).start()
    # Chunks are taken as soon as they come, whatever this process is doing: the run's process,
    # sending, never waits on this one's work (nor this one's lines on its sending).
    chunks: queue.SimpleQueue[Optional[bytes]] = queue.SimpleQueue()
    threading.Thread(target=_take, args=(tasks, chunks), daemon=True).start()
    try:
        annotator = Annotator(
            target=target, translate=False, **({"platforms": platforms} if platforms else {})
        )
    except BaseException as exc:
        _send(results, False, exc)
        return
    _send(results, True, None)  # ready
    while (message := chunks.get()) is not None:
        try:
            reply = _annotate_chunk(annotator, pickle.loads(message))
        except BaseException as exc:
            ok = _send(results, False, exc)
        else:
            ok = _send(results, True, reply)
        if not ok:
            return


def _take(tasks, chunks: queue.SimpleQueue) -> None:
    try:
        while True:
            chunks.put(tasks.recv_bytes())
    except (EOFError, OSError):  # the run's process closed the pipe: the run is over
        pass
    finally:  # whatever ended this thread, the worker leaves (the run's process sees it)
        chunks.put(None)


def _send(results, ok: bool, value) -> bool:
    """Send a reply (a value, or an exception with where it was raised); False: the run's
    process no longer reads."""
    if not ok:
        where = "".join(traceback.format_exception(type(value), value, value.__traceback__))
        try:
            pickle.loads(pickle.dumps(value))  # some exceptions cannot be made again from args
        except Exception:
            value = RuntimeError(f"{type(value).__name__}: {value}")
        value = (value, where)
    try:
        results.send_bytes(pickle.dumps((ok, value), pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False
    return True


def _leave_with(sentinel) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _annotate_chunk(annotator: Annotator, articles: list[Article]) -> tuple[list, Counter, Counter]:
    """Each article's line, its error and what it adds to the run's counts; the chunk's
    counts."""
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
