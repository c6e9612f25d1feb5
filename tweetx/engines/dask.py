"""The dask engine: ``tweetx annotate --engine dask`` and a library entry point for pipelines
that hold a Dask client (``pip install 'tweetx[dask]'``).

The client plans the run as the local engine does (:func:`tweetx.engines.local.plan`), cuts the
inputs into partitions (:mod:`tweetx.engines.partitions`), checks that every worker has the same
translation packages, and sends one task per partition. Each worker holds one Annotator, built
once by :class:`AnnotatorPlugin` (its model loads once per worker process, at the first tweet
to translate); tasks take turns on it, since its engine already uses the worker's cores. A task
writes its partition's records to ``OUT.parts/`` (temporary name, then rename) and returns only
counts; the client joins the parts in input order into ``OUT``, byte for byte what the local
engine writes, and removes ``OUT.parts/``. From a pipeline that holds a client::

    from distributed import Client
    from tweetx.engines.dask import annotate

    totals = annotate(Client("tcp://host:8786"), ["/shared/crawl"], "/shared/out.jsonl")
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, cast

from distributed import Client, WorkerPlugin, as_completed, get_worker

from ..annotate import Annotator
from ..errors import PackageError, RunStopped, UsageError
from ..readers.jsonvalues import dumps_line
from ..readers.storage import size_and_time
from ..translation.translator import BATCH_TWEETS
from ..writers.files import write_text_atomic
from ..writers.partial import PartialOutput, check_finished_output, part_of
from .cluster import lost_scheduler
from .local import Job, fingerprint, output_options, plan, untranslated
from .partitions import (
    Partition,
    bytes_per_record,
    count_lines,
    count_records,
    guided,
    join_parts,
    parts_dir,
    plan_partitions,
    read_partition,
    remove_parts,
    settle,
    smallest_piece,
    work_estimate,
    write_part,
)
from .summary import Totals
from .worker_packages import check_packages, digest, installed_keys

if TYPE_CHECKING:
    from dask.bag import Bag
    from distributed import Worker

logger = logging.getLogger(__name__)


class AnnotatorPlugin(WorkerPlugin):
    """One Annotator per worker, built when the plugin is set up on it (also on a worker that
    joins or restarts later); never pickled with a task. Its engine runs as many translations
    at once as the worker has threads, unless ``inter_threads`` is given."""

    def __init__(self, options: dict) -> None:
        self.options = options
        self.annotator: Optional[Annotator] = None
        self.lock: Optional[threading.Lock] = None

    def setup(self, worker: Worker) -> None:
        _keep_big_buffers_on_the_heap()
        options = dict(self.options)
        if options.get("inter_threads") is None:
            options["inter_threads"] = getattr(getattr(worker, "state", worker), "nthreads", 1)
        self.annotator = Annotator(**options)
        self.lock = threading.Lock()


def _keep_big_buffers_on_the_heap() -> None:
    """Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_`` set, which also turns off
    glibc's sliding mmap threshold: every buffer over 128 KB the translation engine allocates is
    then mapped and unmapped again, page faults and all (translation measured 1.6× slower in a
    worker, and in a plain process given that variable). A fixed 32 MB mmap threshold (glibc's
    own ceiling for the sliding one) brings the speed back and keeps the trimming Dask wants."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
    except (OSError, AttributeError):  # not glibc
        logger.debug("mallopt unavailable: worker translation may run slower")


_M_MMAP_THRESHOLD = -3  # glibc's malloc.h


@dataclass(frozen=True)
class _Run:
    """What every task needs besides its partition (small: it is sent with each task)."""

    outputs: tuple  # each job's output path
    options: dict  # the options that shape the output (part names depend on them)
    read_options: tuple  # format, html_key, text_key, encoding
    plugin: str
    required: tuple  # package keys every worker must have
    # Tells this run's parts from an interrupted run's.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)


def annotate(
    client: Client,
    inputs: list[str],
    output: str,
    *,
    glob: Optional[str] = None,
    format: str = "auto",
    html_key: str = "html",
    text_key: str = "text",
    encoding: Optional[str] = None,
    resume: bool = False,
    ship_packages: bool = False,
    partition_bytes: Optional[int] = None,
    progress: bool = False,
    target: str = "en",
    translate: bool = True,
    window: int = 1024,
    batch_tweets: int = BATCH_TWEETS,
    **translator_options: Any,
) -> Totals:
    """Annotate files on a Dask cluster into ``output`` (a file, or a directory mirroring the
    inputs), as ``tweetx annotate`` does locally; returns the run's counts.

    Inputs and output must be paths every worker sees (a shared file system), as given here.
    ``partition_bytes`` is the size JSONL files are cut into; by default pieces shrink toward
    each file's end (:func:`~tweetx.engines.partitions.guided`, 4 KB to 64 MB), and the
    biggest pieces are started first.
    """
    if output == "-" or "-" in inputs:
        raise UsageError(
            "--engine dask reads and writes files the workers can reach: "
            "stdin and stdout cannot be used",
            "give -o FILE or -o DIR",
        )
    options = output_options(
        translate=translate,
        target=target,
        format=format,
        html_key=html_key,
        text_key=text_key,
        encoding=encoding,
        **translator_options,
    )
    totals = Totals()
    jobs: list[tuple[int, Job, dict]] = []
    partitions: list[Partition] = []
    planned = plan(list(inputs), output, glob)
    stats = {path: size_and_time(path) for job in planned for path in job.inputs}
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    batch_bytes = bytes_per_record(list(stats)) * batch_tweets if translate else 0
    sizes = partition_bytes or guided(
        workers, smallest_piece(sum(size for size, _ in stats.values()), workers, batch_bytes)
    )
    for number, job in enumerate(planned):
        assert job.output is not None  # a file: stdout was refused above
        job_fingerprint = fingerprint(job, options, stats)
        if (
            resume
            and job.output.is_file()
            and not parts_dir(job.output).exists()
            and not part_of(job.output).exists()
        ):
            check_finished_output(job.output, job_fingerprint)
            continue  # finished by the interrupted run
        if not resume:
            remove_parts(parts_dir(job.output))
        jobs.append((number, job, job_fingerprint))
        partitions += plan_partitions(number, job.inputs, job.names, format, encoding, sizes, stats)
    partitions = _settle(client, partitions)
    required = check_packages(client, target, ship_packages) if translate else ()
    annotator_options = {
        "target": target,
        "translate": translate,
        "window": window,
        "batch_tweets": batch_tweets,
        **translator_options,
    }
    plugin = register(client, **annotator_options)
    outputs = {number: str(job.output) for number, job, _ in jobs}
    run = _Run(
        tuple(outputs.get(i) for i in range(max(outputs, default=-1) + 1)),
        options,
        (format, html_key, text_key, encoding),
        plugin,
        tuple(required),
    )
    _run_tasks(client, partitions, run, totals, progress)
    for number, job, job_fingerprint in jobs:
        assert job.output is not None  # a file: stdout was refused above
        names = [p.part_name(options) for p in partitions if p.job == number]
        out = PartialOutput(job.output, False, job_fingerprint)
        try:
            join_parts(parts_dir(job.output), names, out)
            out.commit()
        finally:
            out.close()
        remove_parts(parts_dir(job.output))
        totals.written_to.append(job.output)
    return totals


def _settle(client: Client, partitions: list[Partition]) -> list[Partition]:
    """Count each byte range's lines on the workers, to number every record as a whole-file
    read would."""
    ranged = [p for p in partitions if p.start is not None]
    counts = dict(zip(ranged, client.gather(client.map(count_lines, ranged, pure=False))))
    return settle(partitions, [counts.get(p, (0, None)) for p in partitions])


def _run_tasks(
    client: Client, partitions: list[Partition], run: _Run, totals: Totals, progress: bool
) -> None:
    # Biggest pieces first, so that the run ends on small ones that the workers share out
    # evenly, whatever the order of the inputs (the parts are joined in input order anyway).
    futures = {
        client.submit(
            _annotate_partition,
            p,
            run,
            pure=False,
            priority=work_estimate(p),
            key=f"tweetx-{p.job}-{p.index}-{p.digest(run.options)}",
        ): p
        for p in partitions
    }
    started, done = time.monotonic(), 0
    try:
        for future in as_completed(futures):
            partition = futures[future]
            try:
                result = future.result()
            except Exception as exc:
                if lost_scheduler(exc):
                    raise  # not the partition's fault: said as such by the caller
                for other in futures:
                    other.cancel()
                raise RunStopped(
                    f"partition {partition.where()} failed: {type(exc).__name__}: {exc}",
                    "the finished partitions are kept: fix the cause, then run the "
                    "same command with --resume",
                    fatal=True,
                ) from exc
            done += 1
            _add(totals, result)
            if progress:
                rate = totals.stats["articles"] / max(time.monotonic() - started, 1e-9)
                sys.stderr.write(
                    f"\rtweetx: {totals.stats['articles'] + totals.resumed_records:,}"
                    f" records, {rate:,.0f}/s, {done} of {len(futures)} "
                    "partitions\033[K"
                )
                sys.stderr.flush()
    finally:
        if progress and done:
            sys.stderr.write("\r\033[K")


def _add(totals: Totals, result: dict) -> None:
    if result["resumed"]:
        totals.resumed_records += result["records"]
        return
    totals.stats.update(result["stats"])
    totals.languages.update(result["languages"])
    totals.translator.update(result["translator"])
    totals.missing_pairs.update(tuple(pair) for pair in result["missing"])


def _annotate_partition(partition: Partition, run: _Run) -> dict:
    """On a worker: annotate one partition into its part (unless a finished part is there)."""
    directory = parts_dir(Path(run.outputs[partition.job]))
    name = partition.part_name(run.options)
    counts_file = directory / f".{name}.counts.json"
    if (directory / name).exists():
        # Written by this run on a worker that died before its result arrived (the task is run
        # again): its counts were saved with it. Else by an interrupted run: kept, not counted.
        saved = json.loads(counts_file.read_text()) if counts_file.exists() else {}
        if saved.get("run_id") == run.run_id:
            return saved["result"]
        return {"resumed": True, "records": count_records(directory / name)}
    missing = set(run.required) - set(installed_keys(None))
    if missing:
        raise PackageError(
            f"worker {get_worker().address} lacks the packages "
            f"{', '.join(sorted(missing))} that the other workers have",
            "install them there, or run with --ship-packages",
        )
    plugin = cast(AnnotatorPlugin, get_worker().plugins[run.plugin])
    annotator, lock = plugin.annotator, plugin.lock
    assert annotator is not None and lock is not None  # made by setup() on this worker
    missing_pairs: set = set()

    def lines() -> Iterator[bytes]:
        articles = read_partition(partition, *run.read_options)
        for record in annotator.annotate_articles(articles):
            missing_pairs.update(pair for pair, _ in untranslated(record))
            yield dumps_line(record)

    result: dict = {}

    def save_counts(records: int) -> None:
        after = Counter(annotator.translator.stats) if annotator.translator else Counter()
        result.update(
            resumed=False,
            records=records,
            stats=dict(annotator.stats - stats),
            languages=dict(annotator.languages - languages),
            translator=dict(after - translator),
            missing=sorted(missing_pairs),
        )
        write_text_atomic(counts_file, json.dumps({"run_id": run.run_id, "result": result}))

    with lock:  # one task at a time on the worker's Annotator: its counts stay exact
        stats, languages = Counter(annotator.stats), Counter(annotator.languages)
        translator = Counter(annotator.translator.stats) if annotator.translator else Counter()
        write_part(directory, name, lines(), before_rename=save_counts)
        return result


# -- dask.bag --------------------------------------------------------------------------------
_PROCESS_ANNOTATORS: dict[str, tuple[Annotator, threading.Lock]] = {}
_PROCESS_LOCK = threading.Lock()


def register(client: Client, **options: Any) -> str:
    """Build the Annotator for ``options`` once on every worker of ``client`` (now and later);
    :func:`annotate_bag` then uses it."""
    name = _plugin_name(options)
    client.register_plugin(AnnotatorPlugin(options), name=name)
    return name


def _plugin_name(options: dict) -> str:
    """One plugin per set of Annotator options: runs with other options keep theirs."""
    return "tweetx-annotator-" + digest(options)


def annotate_bag(bag: Bag, **options: Any) -> Bag:
    """A ``dask.bag`` of records (dicts with ``html`` or ``text``) → the same records with
    ``tweetx`` attached, as :meth:`tweetx.Annotator.annotate_records` gives them. Call
    :func:`register` with the same options first to hold one Annotator per worker; without it
    (or on another scheduler) each process builds one at its first partition."""
    return bag.map_partitions(_annotate_records, options)


def _annotate_records(records: Iterable[dict], options: dict) -> list:
    name = _plugin_name(options)
    plugin: Optional[AnnotatorPlugin]
    try:
        plugin = cast(Optional[AnnotatorPlugin], get_worker().plugins.get(name))
    except ValueError:  # not on a distributed worker
        plugin = None
    if plugin is not None:
        annotator, lock = plugin.annotator, plugin.lock
        assert annotator is not None and lock is not None  # made by setup() on this worker
    else:
        with _PROCESS_LOCK:
            if name not in _PROCESS_ANNOTATORS:
                _PROCESS_ANNOTATORS[name] = (Annotator(**options), threading.Lock())
        annotator, lock = _PROCESS_ANNOTATORS[name]
    with lock:
        return list(annotator.annotate_records(records))
