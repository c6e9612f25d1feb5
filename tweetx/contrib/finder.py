"""Finding and identifying in a process of its own, for the Scrapy pipeline.

Scrapy runs its event loop in the crawl's main thread. Finding the tweets of a page is Python
and lxml work that holds the GIL, in calls the loop cannot interrupt: on a 5 MB page 160-290 ms
in all, with single calls of some 40 ms (a regular expression over the page, lxml's parse). In a
worker thread that time still stalls the loop. In a process of its own it takes nothing from the
loop, and runs on another core.

The worker is ``python -m tweetx.contrib.finder``, not a ``multiprocessing`` process: its spawn
and forkserver methods import the crawl's main script again (a script that starts its crawl at
the top level, as Scrapy's own examples do, would crawl again in the worker), and fork copies the
crawl's threads in whatever state they are in. Messages are pickles, each after its length, over
the worker's stdin and stdout. Only the article goes there; the tweets and the article's error
come back, never the page.

A page the worker takes longer than ``timeout`` seconds over (a pathological page: no page of
any size seen takes a tenth of the default) stops the worker; the item goes on with the error,
and the next starts a new worker. In a thread of the crawl's process, such a page would hold the
thread for good.

    >>> import struct; struct.calcsize(_LENGTH)
    8
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
from typing import IO, Any, Optional

from ..annotate import Annotator, Prepared
from ..model import Article

_LENGTH = "!Q"  # a message's length in bytes, before it


class FinderUnavailable(RuntimeError):
    """The worker could not start, or died: the pipeline finds in a thread instead."""


class FindingTimedOut(RuntimeError):
    """The worker took longer than its timeout over a page, and was stopped."""


#: Seconds a worker may take over one page (a 5 MB page takes about 0.3 s).
DEFAULT_TIMEOUT = 60.0


class FinderProcess:
    """``prepare`` as :meth:`tweetx.Annotator.prepare` does it, in a worker process.

    One article at a time (callers use one thread). A worker that dies is started again for the
    next article; the article it held gets :class:`FinderUnavailable`.
    """

    def __init__(
        self,
        annotator_options: dict,
        timeout: float = DEFAULT_TIMEOUT,
        command: Optional[list[str]] = None,
    ) -> None:
        self._options = annotator_options
        self.timeout = timeout
        #: How the worker is started (tests start a stand-in).
        self._command = command or [sys.executable, "-m", "tweetx.contrib.finder"]
        self._process: Optional[subprocess.Popen] = None
        self._lock = threading.Lock()

    def prepare(self, article: Article) -> Prepared:
        """The article's tweets, found and identified by the worker; :class:`FindingTimedOut`
        when it took longer than ``timeout``, :class:`FinderUnavailable` when it died."""
        with self._lock:
            process = self._running()
            # A watchdog, not select(): it works on every system's pipes. Killing the worker
            # ends the read below with the end of its output.
            timed_out = threading.Event()

            def give_up() -> None:
                timed_out.set()  # before the kill: the read below ends with it
                process.kill()

            watchdog = threading.Timer(self.timeout, give_up)
            watchdog.daemon = True
            watchdog.start()
            try:
                _send(process.stdin, article)
                error, tweets, waiting = _receive(process.stdout)
            except (OSError, EOFError, pickle.PickleError) as exc:
                self._stop()
                if timed_out.is_set():
                    raise FindingTimedOut(
                        f"finding tweets in {article.source} took over {self.timeout:g} s: "
                        "the page was given up (TWEETX_FIND_TIMEOUT)"
                    ) from None
                raise FinderUnavailable(f"the finding process died ({exc})") from None
            finally:
                watchdog.cancel()
        return Prepared(article.replace(error=error) if error else article, tweets, waiting)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        # The worker imports tweetx from where this process did, installed or not.
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
        path = os.pathsep.join([package_root, *filter(None, [os.environ.get("PYTHONPATH")])])
        process = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )
        try:
            _send(process.stdin, self._options)
            ready = _receive(process.stdout)
        except (OSError, EOFError, pickle.PickleError) as exc:
            process.kill()
            process.wait()
            raise FinderUnavailable(f"the finding process did not start ({exc})") from None
        if ready != "ready":
            process.kill()
            process.wait()
            raise FinderUnavailable(f"the finding process did not start: {ready}")
        self._process = process
        return process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
        try:  # the end of its input ends it
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _send(stream: Any, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(_LENGTH, len(data)) + data)
    stream.flush()


def _receive(stream: Any) -> Any:
    head = _read_exactly(stream, struct.calcsize(_LENGTH))
    return pickle.loads(_read_exactly(stream, struct.unpack(_LENGTH, head)[0]))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the other end closed")
    return data


def main() -> None:
    """The worker: options first, then articles until its input ends."""
    # Ctrl-C in the crawl's terminal reaches this process too: the crawl decides when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library's print never reaches the pipe
    try:
        annotator = Annotator(**_receive(requests))
    except EOFError:
        return
    except Exception as exc:  # said to the pipeline, which finds in a thread instead
        _send(replies, f"{type(exc).__name__}: {exc}")
        return
    _send(replies, "ready")
    while True:
        try:
            article = _receive(requests)
        except EOFError:
            return
        prepared = annotator.prepare(article)  # an error on one page is in its article
        _send(replies, (prepared.article.error, prepared.tweets, prepared.waiting))


if __name__ == "__main__":
    main()
