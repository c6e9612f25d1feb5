"""Reaching a Dask cluster: a client of a running one or of a local one started for the run,
and telling a lost scheduler from a failed task."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional

import dask
from distributed import Client, LocalCluster

QUIET_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",  # watching for a blocked event loop: was 20ms
    "distributed.admin.system-monitor.interval": "2s",  # for the dashboard: was 500ms
    "distributed.worker.memory.monitor-interval": "500ms",  # memory limit checks: was 100ms
}


@contextmanager
def connect(workers: Optional[int] = None, scheduler: Optional[str] = None) -> Iterator[Client]:
    """A client of a running cluster (``scheduler``), or of a local cluster of ``workers``
    processes with one thread each (default: one per core)."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # No dashboard, so no use for the workers' sampling profiler, which costs translation ~4%
    # (two workers: 1.71× one worker with it, 1.78× without; docs/dask.md), nor for
    # monitors that wake every process 10-50 times a second: idle, each worker then used 1.1%
    # of a core and the client 2%, against 0.3% and 0.8% with these intervals.
    with (
        dask.config.set(QUIET_LOCAL_CLUSTER),
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def lost_scheduler(exc: BaseException) -> bool:
    """Whether an exception says the client lost its scheduler (killed, unreachable): the
    futures cancelled for ``scheduler-connection-lost``, or a closed or failed connection."""
    from distributed.comm.core import CommClosedError

    text = str(exc)
    return (
        isinstance(exc, CommClosedError)
        or "scheduler-connection-lost" in text
        or "lost the connection to the scheduler" in text
        or (isinstance(exc, (OSError, TimeoutError)) and "scheduler" in text.lower())
    )
