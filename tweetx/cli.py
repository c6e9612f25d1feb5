"""The ``tweetx`` command: a thin click layer over the library.

stdout carries data only (UTF-8 JSONL); logs, progress and the summary go to stderr.
"""

from __future__ import annotations

import codecs
import functools
import json
import logging
import os
import sys
from enum import IntEnum
from pathlib import Path

import click

from . import __version__
from .errors import RunStopped, TweetxError, UsageError
from .cli_options import translator_options
from .readers import FORMATS
from .translate import BATCH_TWEETS

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


def _handle_errors(func):
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
                return _closed_pipe(ctx)
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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="JSONL file (written atomically), a directory (existing, or ending in /) "
                   "that mirrors the input tree, or - for stdout.")
@click.option("--glob", default=None,
              help="Files to take from directories, e.g. '*.html' (default: every file of a "
                   "known format: .html .htm .txt .jsonl .ndjson, each also .gz).")
@click.option("--translate/--no-translate", default=True, show_default=True,
              help="Translate the tweets (--no-translate: find and identify only).")
@click.option("--target", default="en", show_default=True, help="Language to translate into.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Input format; auto goes by file extension, then by content.")
@click.option("--html-key", default="html", show_default=True, help="JSONL field holding HTML.")
@click.option("--text-key", default="text", show_default=True,
              help="JSONL field holding scraped text.")
@click.option("--encoding", default=None,
              help="Force an input encoding (default: per file, BOM, else UTF-8, else "
                   "Windows-1256).")
@click.option("--html-out", type=click.Path(file_okay=False), default=None,
              help="Also write each HTML page, with the metadata inside it, into this directory.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run from its .part output (same inputs and options).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first record that fails.")
@click.option("--require-translation", is_flag=True,
              help="Stop with exit code 1 when a tweet's language has no installed package.")
@click.option("--batch-tweets", type=click.IntRange(1), default=BATCH_TWEETS, show_default=True,
              help="Tweets gathered (across articles) for one translation call.")
@click.option("--window", type=click.IntRange(1), default=1024, show_default=True,
              help="Most articles held while tweets gather.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Run here, or on a Dask cluster (pip install "
                                      "'tweetx[dask]'; README: Scale out).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="--engine dask: a local cluster of N worker processes (default: one per "
                   "core). Local --no-translate runs: N processes find and identify (default: "
                   "one per core for inputs over 32 MB; not with --html-out).")
@click.option("--scheduler", default=None,
              help="--engine dask: a running cluster's scheduler, e.g. tcp://HOST:8786.")
@click.option("--ship-packages", is_flag=True,
              help="--engine dask: install this machine's packages on the workers.")
@click.option("--partition-size", type=click.FloatRange(0, min_open=True), default=None,
              help="--engine dask: cut JSONL files into pieces of this many MB (default: pieces "
                   "that shrink toward the end of each file, 0.0625 to 64 MB).")
@translator_options
@_handle_errors
def annotate(paths, output, glob, translate, target, fmt, html_key, text_key, encoding, html_out,
             resume, fail_fast, require_translation, batch_tweets, window, quiet, engine,
             workers, scheduler, ship_packages, partition_size, translator_options):
    """Annotate articles (HTML, text or JSONL files, directories, or - for stdin).

    One JSON object per article goes to the output, in input order, with the results under
    "tweetx". A record that fails keeps its content and carries tweetx.error.

    Exit codes: 0 all good; 1 fatal (or a missing package with --require-translation);
    2 usage; 3 finished, but some records failed; 130 interrupted (what is done is kept:
    continue with --resume).
    """
    from .annotate import Annotator
    from .engines.local import BatchRun, output_options, part_of, plan
    from .engines.summary import Totals

    if resume and output == "-":
        raise UsageError("--resume needs -o FILE or -o DIR: stdout cannot be resumed")
    if encoding is not None:
        try:  # a text encoding that reads any bytes (not rot13, base64, idna…)
            if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
                raise LookupError(encoding)
            b"a\xff".decode(encoding, "replace")
        except (LookupError, UnicodeError):
            raise UsageError(f"{encoding!r} is not an encoding files can be read in",
                             "use a Python codec name such as utf-8, cp1256 or utf-16") from None
    if require_translation and not translate:
        raise UsageError("--require-translation and --no-translate contradict each other")
    if engine == "dask":
        return _annotate_on_dask(
            paths, output, glob, html_out, fail_fast, require_translation, quiet, workers,
            scheduler, ship_packages, partition_size, format=fmt, html_key=html_key,
            text_key=text_key, encoding=encoding, resume=resume, target=target,
            translate=translate, window=window, batch_tweets=batch_tweets, **translator_options)
    if scheduler or ship_packages:
        raise UsageError("--scheduler and --ship-packages go with --engine dask")
    if workers and (translate or html_out):
        raise UsageError("--workers runs the local engine's finding in several processes only "
                         "with --no-translate and without --html-out",
                         "translation uses CTranslate2's threads (--inter-threads), or run "
                         "with --engine dask --workers N")
    jobs = plan(list(paths), output, glob, html_out)
    if require_translation:
        from .packages import installed_packages

        # Fail now, not at the first tweet thousands of records in, when nothing can translate.
        if not any(package.to_code == target for package in installed_packages()):
            raise RunStopped(f"no Argos package translates into {target!r}, and "
                             "--require-translation is set",
                             "install one with: tweetx models install FILE.argosmodel",
                             fatal=True)
    annotator = Annotator(target=target, translate=translate, window=window,
                          batch_tweets=batch_tweets,
                          **translator_options)
    run = BatchRun(annotator, workers=workers, format=fmt, html_key=html_key, text_key=text_key,
                   encoding=encoding, html_out=Path(html_out) if html_out else None,
                   resume=resume, fail_fast=fail_fast, require_translation=require_translation,
                   progress=not quiet and sys.stderr.isatty(),
                   options=output_options(translate=translate, target=target, format=fmt,
                                          html_key=html_key, text_key=text_key,
                                          encoding=encoding, **translator_options))
    try:
        run.run(jobs)
    except (KeyboardInterrupt, RunStopped) as exc:
        if not quiet:
            _summary(Totals.of_local(annotator, run))
        partial = [part_of(j.output).name for j in jobs if j.output and part_of(j.output).exists()]
        if partial:
            # --fail-fast stopped at a bad record: resuming alone would stop at it again.
            how = ("fix or remove that record, then run the same command with --resume; or run "
                   "without --fail-fast, which writes it with its error and goes on"
                   if isinstance(exc, RunStopped) and exc.at_record else
                   "run the same command with --resume to continue")
            click.echo(f"tweetx: partial output kept in {', '.join(partial[:3])}"
                       f"{' …' if len(partial) > 3 else ''}; {how}", err=True)
        if isinstance(exc, KeyboardInterrupt):
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(ExitCode.FATAL if exc.fatal else ExitCode.RECORDS_FAILED)
    if not quiet:
        _summary(Totals.of_local(annotator, run))
    if annotator.stats["failed_articles"]:
        sys.exit(ExitCode.RECORDS_FAILED)


def _annotate_on_dask(paths, output, glob, html_out, fail_fast, require_translation, quiet,
                      workers, scheduler, ship_packages, partition_size, **options) -> None:
    if html_out or fail_fast:
        raise UsageError("--html-out and --fail-fast work with --engine local only",
                         "drop them, or run with --engine local")
    try:
        from .engines import dask as engine
    except ImportError as exc:
        raise UsageError(f"--engine dask needs Dask ({exc})",
                         "install it: pip install 'tweetx[dask]'") from None
    size = max(1, int(partition_size * 2**20)) if partition_size else None
    try:
        with engine.connect(workers, scheduler) as client:
            totals = engine.annotate(client, list(paths), output, glob=glob,
                                     partition_bytes=size, ship_packages=ship_packages,
                                     progress=not quiet and sys.stderr.isatty(), **options)
    except KeyboardInterrupt:
        click.echo("tweetx: the finished partitions are kept in NAME.parts/ beside each output; "
                   "run the same command with --resume to continue", err=True)
        raise
    if not quiet:
        _summary(totals)
    if require_translation and totals.missing_pairs:
        source, target = sorted(totals.missing_pairs)[0]
        raise RunStopped(f"no package translates {source}→{target}, and --require-translation "
                         "is set", "install it on the workers, or pass --ship-packages",
                         fatal=True)
    if totals.stats["failed_articles"]:
        sys.exit(ExitCode.RECORDS_FAILED)


def _summary(totals) -> None:
    from .engines.summary import summary_lines

    for line in summary_lines(totals):
        click.echo(line, err=True)


@cli.group()
def cache():
    """Inspect or empty the translation cache (TWEETX_HOME/cache)."""


@cache.command("stats")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@_handle_errors
def cache_stats(as_json):
    """How many translations are cached, per package and pair, and the size on disk."""
    from .cache import TranslationCache

    stats = TranslationCache().stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False))
        return
    click.echo(f"{stats['path']}: {stats['entries']} translations, {stats['bytes'] / 1e6:.1f} MB")
    for row in stats["by_package"]:
        click.echo(f"  {row['package']}  {row['source']}→{row['target']}  {row['entries']}")


@cache.command("clear")
@_handle_errors
def cache_clear():
    """Delete every cached translation."""
    from .cache import TranslationCache

    translations = TranslationCache()
    click.echo(f"deleted {translations.clear()} cached translations from {translations.path}")


@cli.group()
def models():
    """List and install Argos Translate packages."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per package.")
@click.option("--available", is_flag=True, help="List the Argos index instead (needs a network).")
@_handle_errors
def models_list(as_json, available):
    """List the installed translation pairs."""
    from .home import argos_packages_dir, packages_dir
    from .packages import available_packages, installed_packages

    if available:
        for entry in available_packages():
            click.echo(json.dumps(entry) if as_json else
                       f"{entry['from']}:{entry['to']}\t{entry['version']}")
        return
    packages = installed_packages()
    for package in packages:
        if as_json:
            click.echo(json.dumps(package.to_dict(), ensure_ascii=False))
        else:
            note = "\tTOY (tests only, not a translation model)" if package.toy else ""
            click.echo(f"{package.from_code}:{package.to_code}\t{package.version}\t"
                       f"{package.origin}\t{package.path}{note}")
    if not as_json:
        from .translate import pivot_routes

        for first, second in pivot_routes(packages):
            click.echo(f"{first.from_code}:{second.to_code}\tthrough {first.to_code}\t"
                       f"({first.name} + {second.name})")
    if not packages:
        click.echo(
            f"tweetx: no packages installed (looked in {packages_dir()} and "
            f"{argos_packages_dir()}); install one with: tweetx models install FILE.argosmodel",
            err=True,
        )


@models.command("install")
@click.argument("spec")
@_handle_errors
def models_install(spec):
    """Install a package from FILE.argosmodel, or download the pair FROM:TO (e.g. fa:en)
    from the Argos package index (needs a network)."""
    from .packages import install_file, install_from_index

    if os.path.exists(spec) or spec.endswith(".argosmodel"):
        package = install_file(spec)
    elif spec.count(":") == 1 and all(part.isalpha() for part in spec.split(":")):
        source, target = spec.split(":")
        click.echo(f"tweetx: downloading {source}→{target} from the Argos package index…",
                   err=True)
        package = install_from_index(source, target)
    else:
        raise click.UsageError(f"{spec!r} is neither a .argosmodel file nor a pair like fa:en")
    toy = " (TOY model for tests: its output is not a translation)" if package.toy else ""
    click.echo(f"tweetx: installed {package.from_code}→{package.to_code} "
               f"{package.version} in {package.path}{toy}", err=True)


def _closed_pipe(ctx):
    # `tweetx … | head`: the reader is gone; stop without a traceback.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    ctx.exit(ExitCode.OK)


from . import cli_results, cli_text  # noqa: E402,F401  (register their commands on the group)


def main() -> None:
    cli(prog_name="tweetx")


if __name__ == "__main__":
    main()
