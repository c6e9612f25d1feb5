"""What a run did, from either engine, and the summary lines ``tweetx annotate`` prints."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


@dataclass
class Totals:
    """A run's counts: the Annotator's (``stats``, ``languages``), its translator's, and what
    the engine wrote."""

    stats: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    translator: Counter = field(default_factory=Counter)
    resumed_records: int = 0
    written_to: list = field(default_factory=list)
    missing_pairs: set = field(default_factory=set)
    html_out: Optional[Path] = None
    pages_written: int = 0
    pages_without_tweets: int = 0

    @classmethod
    def of_local(cls, annotator, run) -> Totals:
        return cls(
            annotator.stats,
            annotator.languages,
            annotator.translator.stats if annotator.translator else Counter(),
            run.resumed_records,
            run.written_to,
            run.missing_pairs,
            run.html_out,
            len(run.pages_written),
            run.pages_without_tweets,
        )


def count(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def summary_lines(totals: Totals) -> list[str]:
    stats = totals.stats
    languages = ", ".join(f"{code} {n}" for code, n in totals.languages.most_common()) or "-"
    resumed = (
        f" (after {totals.resumed_records} kept from the interrupted run)"
        if totals.resumed_records
        else ""
    )
    lines = [
        f"tweetx: {count(stats['articles'], 'article')}{resumed}, "
        f"{count(stats['tweets'], 'tweet')} ({languages}), {stats['translated']:,} "
        f"translated, {count(stats['failed_articles'], 'record')} failed, "
        f"{count(stats['tweet_errors'], 'tweet error')}"
    ]
    counts = totals.translator
    if counts["texts"]:
        devices = sorted(
            key[len("texts_on_") :]
            for key, n in counts.items()
            if key.startswith("texts_on_") and n
        )
        lines.append(
            f"tweetx: {counts['texts']} texts to translate: {counts['cache_hits']} from "
            f"the cache, {counts['translated_texts']} translated "
            f"({counts['sentences']} sentences)"
            + (f" on {' and '.join(devices)}" if devices else "")
            + (
                f"; {counts['pivoted_texts']} through a pivot language"
                if counts["pivoted_texts"]
                else ""
            )
            + (
                f"; {counts['low_confidence']} below --min-score"
                if counts["low_confidence"]
                else ""
            )
        )
    if stats["toy_translations"]:
        lines.append(
            f"tweetx: {stats['toy_translations']} translations come from a TOY test "
            "package: they are not real translations"
        )
    if totals.written_to:
        where = (
            totals.written_to[0]
            if len(totals.written_to) == 1
            else f"{len(totals.written_to)} files under {os.path.commonpath(totals.written_to)}"
        )
        lines.append(f"tweetx: output written to {where}")
    if totals.html_out:
        skipped = totals.pages_without_tweets
        lines.append(
            f"tweetx: {count(totals.pages_written, 'annotated page')} written to "
            f"{totals.html_out}/"
            + (f" ({count(skipped, 'page')} without tweets left out)" if skipped else "")
        )
    for source, target in sorted(totals.missing_pairs):
        lines.append(
            f"tweetx: no Argos package for {source}→{target} is installed, so those tweets were "
            f"not translated. Install one with: tweetx models install FILE.argosmodel "
            f"(a file from the Argos package index), or with a network: "
            f"tweetx models install {source}:{target}"
        )
    return lines
