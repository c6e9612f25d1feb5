"""Batch runs over many inputs that never lose work: output plans, resumable output, progress.

``tweetx annotate`` is this module behind click. A run is a list of :class:`Job`: one output (a
file, or stdout) and the input files that go into it. ``-o FILE`` is one job; ``-o DIR`` is one job
per input file, mirroring the input tree.

Every output file is written as ``NAME.part`` beside its destination and renamed over it only
when complete (:mod:`tweetx.writers.partial`), so a finished file is never half-written. A run
that is killed (even ``kill -9``) leaves the ``.part`` file; ``--resume`` keeps its complete lines, drops a torn
last line, skips that many input records and appends the rest, so the finished file is byte for
byte what an uninterrupted run writes (outputs are deterministic: the translation cache returns
exactly what the model did).
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..annotate import Annotator
from ..errors import (
    InputError,
    PackageNotInstalledError,
    RunStopped,
    StorageError,
    UsageError,
)
from ..home import ensure_dir
from ..model import Article
from ..readers.articles import detect_format, expand_paths, read
from ..readers.jsonvalues import dumps_line
from ..readers.storage import is_url, size_and_time
from ..writers.files import for_its_reader, write_text_atomic
from ..writers.pages import annotate_html
from ..writers.partial import PartialOutput, check_finished_output, part_of
from ..writers.paths import check_outputs, is_special, page_name, real
from .processes import InOrder, WorkerPool, auto_processes, worker_pool


@dataclass
class Job:
    """One output and the input files written into it, in order."""

    output: Optional[Path]  # None: stdout
    inputs: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # each input relative to its argument


def plan(
    paths: list[str], output: str, glob: Optional[str] = None, html_out: Optional[str] = None
) -> list[Job]:
    """The jobs of a run. ``output`` is ``-``, a file, or a directory (an existing one, or a path
    ending in ``/``) that then mirrors the input tree: ``a/b.jsonl(.gz)`` → ``DIR/a/b.jsonl``,
    ``a/c.html`` → ``DIR/a/c.html.jsonl``. Outputs (and ``html_out`` pages) that would destroy an
    input or land among the inputs are refused here, before anything is written
    (:mod:`tweetx.writers.paths`).

    Example:
        >>> [str(job.output) for job in plan(["samples"], "out/", "*.txt")]
        ['out/qala-e-naw.txt.jsonl']
    """
    for path in paths:  # fail before any output, not halfway through the run
        if path != "-" and not is_url(path) and not os.path.exists(path):
            raise InputError(f"{path}: no such file or directory", "check the path")
    if paths.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    inputs = list(expand_paths(paths, glob))
    if not inputs:
        raise InputError(
            f"no input files: {', '.join(paths)} holds no file "
            f"{'matching ' + repr(glob) if glob else 'of a known format'}",
            "check the paths, or pick the files with --glob",
        )
    files = [path for path, _ in inputs]
    local_files = [path for path in files if not is_url(path)]  # URLs cannot be overwritten
    input_dirs = [path for path in paths if path != "-" and os.path.isdir(path)]
    if output == "-" or not (output.endswith(("/", os.sep)) or os.path.isdir(output)):
        target = None if output == "-" else Path(output)
        if target is not None and target.is_symlink():  # write through the link, never over it
            target = Path(real(target))
        job = Job(target, files, [name for _, name in inputs])
        check_outputs(
            local_files, input_dirs, [target] if target and not is_special(target) else []
        )
        jobs = [job]
    else:
        jobs = []
        targets = []
        for path, name in inputs:
            base = name[:-3] if name.endswith(".gz") else name
            target = Path(output) / (base if detect_format(base) == "jsonl" else base + ".jsonl")
            targets.append(target)
            jobs.append(Job(target, [path], [name]))
        check_outputs(local_files, input_dirs, targets, [Path(output)])
    if html_out:
        pages = [Path(html_out) / page_name(name, None) for _, name in inputs]
        check_outputs(local_files, input_dirs, pages, [Path(html_out)], what="--html-out")
    return jobs


#: The translator's options that change what is written (the rest change only where and how
#: fast), with their defaults.
OUTPUT_SHAPING = {
    "beam_size": 2,
    "compute_type": "int8",
    "translate_hashtags": False,
    "pivot": True,
    "min_score": None,
    "alternatives": 0,
    "reproducible": False,
}


def output_options(
    *,
    translate: bool,
    target: str,
    format: str,
    html_key: str,
    text_key: str,
    encoding: Optional[str],
    **translator_options,
) -> dict:
    """The options that shape an output, as either engine records them for ``--resume``."""
    shaping = {key: translator_options.get(key, default) for key, default in OUTPUT_SHAPING.items()}
    return {
        "translate": translate,
        "target": target,
        "format": format,
        "html_key": html_key,
        "text_key": text_key,
        "encoding": encoding,
        **shaping,
    }


def untranslated(record: dict) -> Iterator[tuple[tuple[str, str], dict]]:
    """((source, target), error) for each tweet of an annotated record that no installed
    package could translate."""
    metadata = record["tweetx"]
    for tweet in metadata["tweets"]:
        error = tweet.get("error")
        if error and error["type"] == PackageNotInstalledError.__name__:
            yield (tweet["language"]["code"], metadata["target"]), error


def fingerprint(job: Job, options: dict, stats: Optional[dict] = None) -> dict:
    """What an output is made of: its inputs (with sizes and times) and the options that shape
    it; ``--resume`` continues only an output made of the same. ``stats`` holds inputs' sizes
    and times already asked for (a store's are a request each)."""
    files = [[path, *(_stamp(path, stats) if path != "-" else [None, None])] for path in job.inputs]
    return {"inputs": files, "options": options}


def _stamp(path: str, stats: Optional[dict] = None) -> list:
    return list((stats or {}).get(path) or size_and_time(path))


class Progress:
    """One self-rewriting line on stderr: records, bytes read of the total, rate and ETA."""

    def __init__(self, sizes: dict[str, int], enabled: bool, stream=None):
        self.sizes = sizes
        self.total = sum(sizes.values())
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.records = 0
        self._finished_bytes = 0
        self._current: Optional[str] = None
        self._position = 0
        self._started = time.monotonic()
        self._shown = 0.0

    def update(self, article: Article) -> None:
        self.records += 1
        if article.source != self._current:
            if self._current is not None:
                self._finished_bytes += self.sizes.get(self._current, 0)
            self._current, self._position = article.source, 0
        if article.end_offset is not None:
            self._position = article.end_offset
        now = time.monotonic()
        if self.enabled and now - self._shown >= 0.2:
            self._shown = now
            self.stream.write("\r" + self.line(now) + "\033[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self._started, 1e-9)
        text = f"tweetx: {self.records:,} records, {self.records / elapsed:,.0f}/s"
        done = self._finished_bytes + self._position
        if self.total and done:
            rate = done / elapsed
            eta = max(self.total - done, 0) / rate
            text += (
                f", {done / 1e6:,.1f} of {self.total / 1e6:,.1f} MB "
                f"({min(done / self.total, 1):.0%}), ETA {int(eta // 60)}:{int(eta % 60):02d}"
            )
        return text

    def close(self) -> None:
        if self.enabled and self.records:
            self.stream.write("\r\033[K")
            self.stream.flush()


@dataclass
class BatchRun:
    """Runs jobs through an :class:`~tweetx.annotate.Annotator`."""

    annotator: Annotator
    format: str = "auto"
    html_key: str = "html"
    text_key: str = "text"
    encoding: Optional[str] = None
    html_out: Optional[Path] = None
    resume: bool = False
    fail_fast: bool = False
    require_translation: bool = False
    progress: bool = False
    #: The options that shape the output (target, format, beam size…), for --resume to check.
    options: dict = field(default_factory=dict)
    #: Filled in as the run goes: pairs with no package, records found complete on --resume.
    missing_pairs: set = field(default_factory=set)
    resumed_records: int = 0
    written_to: list = field(default_factory=list)
    pages_written: set = field(default_factory=set)
    pages_without_tweets: int = 0
    #: Worker processes that find and identify (runs without translation or --html-out);
    #: None: one per core for inputs over 32 MB, as the CLI does (engines/processes.py; a
    #: script that sets it must guard its own code with ``if __name__ == "__main__":``).
    workers: Optional[int] = 1
    # The workers, while a run goes on.
    _pool: Optional[WorkerPool] = field(default=None, repr=False)

    def run(self, jobs: list[Job]) -> None:
        if self.html_out:  # fail now, not at the first page thousands of records in
            ensure_dir(self.html_out, "the --html-out directory", "choose another --html-out")
        sizes = {path: size_and_time(path)[0] for job in jobs for path in job.inputs if path != "-"}
        if self.annotator.translator is not None or self.html_out:
            self.workers = 1  # translation batches across records; pages go with records
        elif self.workers is None:
            self.workers = auto_processes(sum(size or 0 for size in sizes.values()), os.cpu_count())
        progress = Progress(sizes, self.progress)
        try:
            with (
                worker_pool(self.workers, self.annotator.target, self.annotator.platforms)
                if self.workers > 1
                else contextlib.nullcontext()
            ) as self._pool:
                for job in jobs:
                    self._run_job(job, progress)
        finally:
            progress.close()

    def _run_job(self, job: Job, progress: Progress) -> None:
        try:
            self._write_job(job, progress)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) or job.output is None:
                raise
            raise StorageError(
                f"cannot write {job.output}: {exc.strerror or exc}",
                "free some space, or choose another -o; what was written is kept for --resume",
            ) from exc

    def _write_job(self, job: Job, progress: Progress) -> None:
        if job.output is None:
            sys.stdout.flush()
            self._write(job, for_its_reader(_binary(sys.stdout), sys.stdout), 0, progress)
            sys.stdout.flush()
            return
        if is_special(job.output):  # /dev/null, a FIFO: written to, never replaced
            if self.resume:
                raise UsageError(
                    f"--resume cannot continue output to {job.output}, which is not a regular file",
                    "drop --resume",
                )
            with open(job.output, "wb") as handle:
                self._write(job, for_its_reader(handle, handle), 0, progress)
            return
        job_fingerprint = fingerprint(job, self.options)
        if self.resume and job.output.is_file() and not part_of(job.output).exists():
            check_finished_output(job.output, job_fingerprint)
            return  # finished by the interrupted run
        out = PartialOutput(job.output, self.resume, job_fingerprint)
        try:
            self.resumed_records += out.done
            self._write(job, out, out.done, progress)
            out.commit()
            self.written_to.append(job.output)
        finally:
            out.close()

    def _articles(self, job: Job) -> Iterator[tuple[str, Article]]:
        for path, name in zip(job.inputs, job.names):
            for article in read(
                path,
                self.format,
                html_key=self.html_key,
                text_key=self.text_key,
                encoding=self.encoding,
            ):
                yield name, article

    def _write(self, job: Job, out, skip: int, progress: Progress) -> None:
        articles = self._articles(job)
        for _ in itertools.islice(articles, skip):  # already written by the interrupted run
            pass
        assert self.workers is not None  # settled by run()
        if self.workers > 1:
            assert self._pool is not None  # started by run() for more than one worker
            in_order = InOrder(self._pool, self.workers, self.annotator)
            try:
                for _, article, line, error in in_order.lines(articles):
                    self._check_failed(error)  # before writing: a run stopped here resumes here
                    out.write(line)
                    progress.update(article)
            except BaseException:
                in_order.count_given()  # the summary counts what one process's would
                raise
            return
        # (name, article) whose record has not come out yet
        pending: collections.deque[tuple[str, Article]] = collections.deque()

        def remember() -> Iterator[Article]:
            for name, article in articles:
                pending.append((name, article))
                yield article

        for record in self.annotator.annotate_articles(remember()):
            name, article = pending.popleft()
            # Checked before writing: a run stopped here resumes at this record.
            self._check(record)
            if self.html_out and article.html is not None:
                self._write_html(name, article, record)
            out.write(dumps_line(record))
            progress.update(article)

    def _write_html(self, name: str, article: Article, record: dict) -> None:
        if not record["tweetx"]["tweets"]:
            self.pages_without_tweets += 1  # nothing to attach: the page is not rewritten
            return
        # _write writes pages of HTML articles only, and only with --html-out.
        assert self.html_out is not None and article.html is not None
        page = self.html_out / page_name(name, article.line)
        if page in self.pages_written:
            raise UsageError(
                f"two inputs would both be annotated into {page}",
                "rename one of them, or give them in separate runs",
            )
        self.pages_written.add(page)
        write_text_atomic(page, annotate_html(article.html, record))

    def _check(self, record: dict) -> None:
        metadata = record["tweetx"]
        for pair, error in untranslated(record):
            self.missing_pairs.add(pair)
            if self.require_translation:
                raise RunStopped(error["message"], error.get("hint") or "", fatal=True)
        self._check_failed(metadata["error"])

    def _check_failed(self, error: Optional[dict]) -> None:
        if self.fail_fast and error:
            where = f"{error.get('source')}" + (f":{error['line']}" if error.get("line") else "")
            raise RunStopped(
                f"stopped at the first failed record (--fail-fast): {where}: {error['message']}",
                at_record=True,
            )


class _TextLines:
    """A text stream without a binary one under it (a caller's StringIO as stdout), taking
    the bytes lines the run writes."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, line: bytes) -> None:
        self.stream.write(line.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def _binary(stream):
    """Where JSONL lines (bytes) go to reach a text stream such as stdout."""
    buffer = getattr(stream, "buffer", None)
    return buffer if buffer is not None else _TextLines(stream)
