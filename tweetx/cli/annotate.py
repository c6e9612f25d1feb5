"""``tweetx annotate``: find, identify and translate the tweets of articles, here or on a Dask
cluster."""

from __future__ import annotations

import codecs
import logging
import sys
from pathlib import Path
from typing import Optional

import click

from ..embeds.posts import PLATFORMS
from ..errors import ClusterError, RunStopped, UsageError
from ..readers.articles import FORMATS
from ..translation.translator import BATCH_TWEETS
from .group import ExitCode, cli, handle_errors, uses_home
from .options import translator_options


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="JSONL file (written atomically), a directory (existing, or ending in /) "
    "that mirrors the input tree, or - for stdout.",
)
@click.option(
    "--glob",
    default=None,
    help="Files to take from directories, e.g. '*.html' (default: every file of a "
    "known format: .html .htm .txt .jsonl .ndjson, each also .gz).",
)
@click.option(
    "--translate/--no-translate",
    default=True,
    show_default=True,
    help="Translate the tweets (--no-translate: find and identify only).",
)
@click.option("--target", default="en", show_default=True, help="Language to translate into.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Input format; auto goes by file extension, then by content.",
)
@click.option("--html-key", default="html", show_default=True, help="JSONL field holding HTML.")
@click.option(
    "--text-key", default="text", show_default=True, help="JSONL field holding scraped text."
)
@click.option(
    "--encoding",
    default=None,
    help="Force an input encoding (default: per file, BOM, else UTF-8, else Windows-1256).",
)
@click.option(
    "--html-out",
    type=click.Path(file_okay=False),
    default=None,
    help="Also write each HTML page, with the metadata inside it, into this directory.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted run from its .part output (same inputs and options).",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first record that fails.")
@click.option(
    "--require-translation",
    is_flag=True,
    help="Stop with exit code 1 when a tweet's language has no installed package.",
)
@click.option(
    "--batch-tweets",
    type=click.IntRange(1),
    default=BATCH_TWEETS,
    show_default=True,
    help="Tweets gathered (across articles) for one translation call.",
)
@click.option(
    "--window",
    type=click.IntRange(1),
    default=1024,
    show_default=True,
    help="Most articles held while tweets gather.",
)
@click.option(
    "--platforms",
    default="all",
    show_default=True,
    callback=lambda ctx, param, value: parse_platforms(value),
    help="Whose embedded posts to find: all, or a comma-separated list of "
    f"{', '.join(PLATFORMS)} (x: tweets). Other platforms' posts go under tweetx.posts.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary on stderr.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run here, or on a Dask cluster (pip install 'tweetx[dask]'; docs/dask.md).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="--engine dask: a local cluster of N worker processes (default: one per "
    "core). Local --no-translate runs: N processes find and identify (default: "
    "one per core for inputs over 32 MB; not with --html-out).",
)
@click.option(
    "--scheduler",
    default=None,
    help="--engine dask: a running cluster's scheduler, e.g. tcp://HOST:8786.",
)
@click.option(
    "--ship-packages",
    is_flag=True,
    help="--engine dask: install this machine's packages on the workers.",
)
@click.option(
    "--partition-size",
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="--engine dask: cut JSONL files into pieces of this many MB (default: pieces "
    "that shrink toward the end of each file, 0.0625 to 64 MB).",
)
@translator_options
@handle_errors
@uses_home
def annotate(
    paths,
    output,
    glob,
    translate,
    target,
    fmt,
    html_key,
    text_key,
    encoding,
    html_out,
    resume,
    fail_fast,
    require_translation,
    batch_tweets,
    window,
    quiet,
    engine,
    workers,
    scheduler,
    ship_packages,
    partition_size,
    platforms,
    translator_options,
):
    """Annotate articles (HTML, text or JSONL files, directories, or - for stdin).

    One JSON object per article goes to the output, in input order, with the results under
    "tweetx". A record that fails keeps its content and carries tweetx.error.

    Exit codes: 0 all good; 1 fatal (or a missing package with --require-translation);
    2 usage; 3 finished, but some records failed; 130 interrupted (what is done is kept:
    continue with --resume).
    """
    from ..annotate import Annotator
    from ..engines.local import BatchRun, output_options, part_of, plan
    from ..engines.summary import Totals

    if resume and output == "-":
        raise UsageError("--resume needs -o FILE or -o DIR: stdout cannot be resumed")
    if encoding is not None:
        try:  # a text encoding that reads any bytes (not rot13, base64, idna…)
            if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
                raise LookupError(encoding)
            b"a\xff".decode(encoding, "replace")
        except (LookupError, UnicodeError):
            raise UsageError(
                f"{encoding!r} is not an encoding files can be read in",
                "use a Python codec name such as utf-8, cp1256 or utf-16",
            ) from None
    if platforms is not None:  # not given: every platform, and the options stay as they were
        translator_options = {**translator_options, "platforms": platforms}
    if require_translation and not translate:
        raise UsageError("--require-translation and --no-translate contradict each other")
    if engine == "dask":
        return _annotate_on_dask(
            paths,
            output,
            glob,
            html_out,
            fail_fast,
            require_translation,
            quiet,
            workers,
            scheduler,
            ship_packages,
            partition_size,
            format=fmt,
            html_key=html_key,
            text_key=text_key,
            encoding=encoding,
            resume=resume,
            target=target,
            translate=translate,
            window=window,
            batch_tweets=batch_tweets,
            **translator_options,
        )
    if scheduler or ship_packages:
        raise UsageError("--scheduler and --ship-packages go with --engine dask")
    if workers and (translate or html_out):
        raise UsageError(
            "--workers runs the local engine's finding in several processes only "
            "with --no-translate and without --html-out",
            "translation uses CTranslate2's threads (--inter-threads), or run "
            "with --engine dask --workers N",
        )
    jobs = plan(list(paths), output, glob, html_out)
    if require_translation:
        from ..translation.packages import installed_packages

        # Fail now, not at the first tweet thousands of records in, when nothing can translate.
        if not any(package.to_code == target for package in installed_packages()):
            raise RunStopped(
                f"no Argos package translates into {target!r}, and --require-translation is set",
                "install one with: tweetx models install FILE.argosmodel",
                fatal=True,
            )
    annotator = Annotator(
        target=target,
        translate=translate,
        window=window,
        batch_tweets=batch_tweets,
        **translator_options,
    )
    run = BatchRun(
        annotator,
        workers=workers,
        format=fmt,
        html_key=html_key,
        text_key=text_key,
        encoding=encoding,
        html_out=Path(html_out) if html_out else None,
        resume=resume,
        fail_fast=fail_fast,
        require_translation=require_translation,
        progress=not quiet and sys.stderr.isatty(),
        options=output_options(
            translate=translate,
            target=target,
            format=fmt,
            html_key=html_key,
            text_key=text_key,
            encoding=encoding,
            **translator_options,
        ),
    )
    try:
        run.run(jobs)
    except (KeyboardInterrupt, RunStopped) as exc:
        if not quiet:
            _summary(Totals.of_local(annotator, run))
        partial = [part_of(j.output).name for j in jobs if j.output and part_of(j.output).exists()]
        if partial:
            # --fail-fast stopped at a bad record: resuming alone would stop at it again.
            how = (
                "fix or remove that record, then run the same command with --resume; or run "
                "without --fail-fast, which writes it with its error and goes on"
                if isinstance(exc, RunStopped) and exc.at_record
                else "run the same command with --resume to continue"
            )
            click.echo(
                f"tweetx: partial output kept in {', '.join(partial[:3])}"
                f"{' …' if len(partial) > 3 else ''}; {how}",
                err=True,
            )
        if isinstance(exc, KeyboardInterrupt):
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(ExitCode.FATAL if exc.fatal else ExitCode.RECORDS_FAILED)
    if not quiet:
        _summary(Totals.of_local(annotator, run))
    if annotator.stats["failed_articles"]:
        sys.exit(ExitCode.RECORDS_FAILED)


def _annotate_on_dask(
    paths,
    output,
    glob,
    html_out,
    fail_fast,
    require_translation,
    quiet,
    workers,
    scheduler,
    ship_packages,
    partition_size,
    **options,
) -> None:
    if html_out or fail_fast:
        raise UsageError(
            "--html-out and --fail-fast work with --engine local only",
            "drop them, or run with --engine local",
        )
    try:
        from ..engines import dask as engine
        from ..engines.cluster import connect, lost_scheduler
    except ImportError as exc:
        raise UsageError(
            f"--engine dask needs Dask ({exc})", "install it: pip install 'tweetx[dask]'"
        ) from None
    size = max(1, int(partition_size * 2**20)) if partition_size else None
    if not click.get_current_context().find_root().params.get("verbose"):
        # Its lines on a lost connection say in tracebacks what ClusterError says in one.
        for name in ("distributed", "distributed.client", "distributed.batched"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        with connect(workers, scheduler) as client:
            totals = engine.annotate(
                client,
                list(paths),
                output,
                glob=glob,
                partition_bytes=size,
                ship_packages=ship_packages,
                progress=not quiet and sys.stderr.isatty(),
                **options,
            )
    except KeyboardInterrupt:
        click.echo(
            "tweetx: the finished partitions are kept in NAME.parts/ beside each output; "
            "run the same command with --resume to continue",
            err=True,
        )
        raise
    except Exception as exc:
        if not lost_scheduler(exc):
            raise
        raise ClusterError(
            f"lost the Dask scheduler {scheduler or '(local cluster)'} during the run",
            "start a scheduler and workers again, then run the same command with --resume: "
            "the finished partitions are kept in NAME.parts/ beside each output",
        ) from None
    if not quiet:
        _summary(totals)
    if require_translation and totals.missing_pairs:
        source, target = sorted(totals.missing_pairs)[0]
        raise RunStopped(
            f"no package translates {source}→{target}, and --require-translation is set",
            "install it on the workers, or pass --ship-packages",
            fatal=True,
        )
    if totals.stats["failed_articles"]:
        sys.exit(ExitCode.RECORDS_FAILED)


def _summary(totals) -> None:
    from ..engines.summary import summary_lines

    for line in summary_lines(totals):
        click.echo(line, err=True)


def parse_platforms(value: str) -> Optional[list[str]]:
    """``--platforms``: None for all, else the sorted list (a usage error names a wrong one)."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names or names == ["all"]:
        return None
    unknown = sorted(set(names) - set(PLATFORMS))
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a platform: "
            f"use all, or some of {', '.join(PLATFORMS)}"
        )
    return sorted(set(names))
