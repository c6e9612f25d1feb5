"""The ``tweetx`` click group, its exit codes and its error handling: what every command module
imports (:mod:`tweetx.cli` registers the commands on it).

stdout carries data only (UTF-8 JSONL); logs, progress and the summary go to stderr.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from enum import IntEnum

import click

from .. import __version__
from ..errors import TweetxError, UsageError

logger = logging.getLogger("tweetx")


class ExitCode(IntEnum):
    """Every exit status the command uses."""

    OK = 0
    FATAL = 1
    USAGE = 2
    RECORDS_FAILED = 3
    INTERRUPTED = 130


class _StderrHandler(logging.Handler):
    """Log records to whatever sys.stderr is now (click's test runner swaps it per call)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def handle_errors(func):
    """Turn library errors into a message and an exit code; end quietly on a closed pipe."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except TweetxError as exc:
            if ctx.find_root().params.get("traceback"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(ExitCode.USAGE if isinstance(exc, UsageError) else ExitCode.FATAL)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                return closed_pipe(ctx)
            if ctx.find_root().params.get("traceback"):
                raise
            # The machine said no (disk full, read-only, not a directory): say what and where.
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(ExitCode.FATAL)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)

    return wrapper


def uses_home(func):
    """For commands that use TWEETX_HOME: stop first, in one line and with exit code 2, when
    it cannot be a directory (put under :func:`handle_errors`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..home import check_home

        check_home()
        return func(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tweetx")
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv: debug).")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an error.")
def cli(verbose: int, traceback: bool) -> None:
    """Find the tweets embedded in news articles, identify their language and translate them
    offline with Argos Translate."""
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("tweetx: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)


def closed_pipe(ctx):
    # `tweetx … | head`: the reader is gone; stop without a traceback.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    ctx.exit(ExitCode.OK)


def main() -> None:
    cli(prog_name="tweetx")
