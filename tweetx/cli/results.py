"""Commands over a run's results (annotated JSONL): ``tweetx report`` and ``tweetx export``.
Registered on the ``tweetx`` group when :mod:`tweetx.cli` is imported."""

from __future__ import annotations

import click

from ..errors import UsageError
from .group import ExitCode, cli, handle_errors


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "ids"]),
    default="csv",
    show_default=True,
    help="csv: one row per tweet; parquet: the same, typed "
    "(needs pyarrow); ids: one status id per line, for rehydration tools.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="The file to write (- is stdout; parquet needs a file).",
)
@click.option(
    "--dedupe",
    is_flag=True,
    help="One row per tweet (by id, else by its text) with the number of articles "
    "that embed it and their first and last dates, most embedded first.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="Start the CSV with a UTF-8 byte order mark, which some spreadsheet "
    "programs need to read UTF-8.",
)
@handle_errors
def export(inputs, fmt, output, dedupe, bom):
    """Tables of the tweets in annotated JSONL files (what `tweetx annotate` wrote)."""
    from ..writers.export import (
        COLUMNS,
        DEDUPE_COLUMNS,
        tweet_rows,
        write_csv,
        write_ids,
        write_parquet,
    )
    from ..writers.export import dedupe as dedupe_rows
    from ..writers.files import atomic_path, open_output

    if fmt == "parquet" and output == "-":
        raise UsageError("Parquet is written to a file, not stdout", "give -o FILE.parquet")
    unreadable: list = []
    rows = tweet_rows(_records(inputs, unreadable))
    columns = COLUMNS
    if dedupe:
        rows, columns = dedupe_rows(rows), COLUMNS + DEDUPE_COLUMNS
    if fmt == "parquet":
        with atomic_path(output) as tmp:
            count = write_parquet(rows, tmp, columns)
    else:
        # newline="": the csv module ends rows with \r\n itself and keeps \n inside texts.
        with open_output(
            output, encoding="utf-8-sig" if bom else "utf-8", newline="" if fmt == "csv" else "\n"
        ) as handle:
            if bom and output == "-":
                handle.write("\ufeff")
            count = write_csv(rows, handle, columns) if fmt == "csv" else write_ids(rows, handle)
    what = "ids" if fmt == "ids" else "distinct tweets" if dedupe else "tweets"
    click.echo(f"tweetx: {count:,} {what} exported", err=True)
    _skipped(unreadable)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The HTML file to write.")
@click.option("--title", default="tweetx review", show_default=True, help="The page's title.")
@handle_errors
def report(inputs, output, title):
    """A review page of the tweets in annotated JSONL files: one self-contained HTML file
    (each tweet beside its translation, counts per language, filters), readable offline."""
    from ..writers.files import open_output
    from ..writers.report import build_report

    unreadable: list = []
    page = build_report(_records(inputs, unreadable), title=title)
    with open_output(output) as handle:
        handle.write(page)
    click.echo(f"tweetx: report written to {output}", err=True)
    _skipped(unreadable)


def _records(inputs, unreadable: list):
    """The annotated records of the inputs; where each line that is not one is, in
    ``unreadable``."""
    from ..writers.export import read_annotated

    for path, line, record in read_annotated(inputs):
        if record is None:
            unreadable.append(f"{path}:{line}")
        else:
            yield record


def _skipped(unreadable: list) -> None:
    if unreadable:
        click.echo(
            f"tweetx: {len(unreadable)} lines are not annotated records, skipped "
            f"(first: {unreadable[0]})",
            err=True,
        )
        raise SystemExit(ExitCode.RECORDS_FAILED)
