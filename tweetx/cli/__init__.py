"""The ``tweetx`` command: a thin click layer over the library.

:mod:`tweetx.cli.group` holds the click group, the exit codes and the error handling; each
command module imports it and registers its commands: ``annotate``, ``langid`` and
``translate`` (:mod:`~tweetx.cli.texts`), ``models`` and ``cache`` (:mod:`~tweetx.cli.models`),
``report`` and ``export`` (:mod:`~tweetx.cli.results`). stdout carries data only (UTF-8 JSONL);
logs, progress and the summary go to stderr.
"""

from . import annotate, models, results, texts  # noqa: F401  (each registers its commands)
from .group import ExitCode, cli, main

__all__ = ["ExitCode", "cli", "main"]
