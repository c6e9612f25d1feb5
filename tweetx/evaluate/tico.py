"""TICO-19 segments (``../shared/data/tico19``, read in place, never copied) and the one split of
them that everything uses.

The split goes by segment id, so a sentence and its translations always fall on the same side:
a model trained on the English of segment 12 never meets segment 12's Pashto in its test. A
segment's side is fixed by a hash of ``SPLIT_SEED`` and its id (not by file order, which groups
segments by source document): 70% ``train`` (the models), 10% ``dev`` (calibration and every
threshold), 20% ``test`` (held out: only ``python -m tweetx.evaluate langid`` reads it).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Optional

DEFAULT_TICO = Path(__file__).resolve().parents[3] / "shared" / "data" / "tico19"
SPLIT_SEED = "tweetx-langid-2026"
SPLITS = {"train": range(0, 70), "dev": range(70, 80), "test": range(80, 100)}

# (file, column, expected code, variety) for each language sample.
TICO_SETS = {
    "fa": ("en-fa.tsv", 2, "fa", "pes"),
    "prs": ("en-prs.tsv", 2, "fa", "prs"),
    "ps": ("en-ps.tsv", 2, "ps", None),
    "ar": ("en-ar.tsv", 2, "ar", None),
    "ur": ("en-ur.tsv", 2, "ur", None),
    "en": ("en-fa.tsv", 1, "en", None),
}


def split_of(segment_id: str) -> str:
    """``train``, ``dev`` or ``test``.

    Example:
        >>> split_of("CMU_1:1") in SPLITS
        True
    """
    bucket = int(hashlib.sha256(f"{SPLIT_SEED}:{segment_id}".encode()).hexdigest(), 16) % 100
    return next(name for name, buckets in SPLITS.items() if bucket in buckets)


def load_tico(
    directory: Path, split: Optional[str] = None, limit: Optional[int] = None
) -> dict[str, list[str]]:
    """The segments of each language sample (``TICO_SETS``), of one split or all."""
    samples = {}
    for name, (filename, column, _, _) in TICO_SETS.items():
        with open(directory / filename, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        samples[name] = [
            row[column]
            for row in rows
            if len(row) > column
            and row[column].strip()
            and (split is None or split_of(row[0]) == split)
        ][:limit]
    return samples
