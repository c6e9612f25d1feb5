"""Dari or Iranian Persian on a set of texts whose variety is known by who wrote them.

A directory holds ``prs*.txt`` (texts by Afghan writers: outlets, ministries, Afghan services
of international broadcasters) and ``pes*.txt`` (Iranian outlets), one text per line. Such
sets are not shipped: they are other people's words, read in place. Each file is scored as a
whole and in halves (``dev``: the half looked at while choosing markers; ``test``: the other),
fixed by a hash of the line, so a set can be grown without moving a line between halves.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Optional

from ..langid.text import clean
from ..langid.variety import persian_variety

VARIETIES = ("prs", "pes")


def split_of(text: str) -> str:
    """``dev`` or ``test``, half each, fixed by the text itself.

    Example:
        >>> split_of("کابل") in ("dev", "test")
        True
    """
    return "dev" if int(hashlib.sha256(text.encode()).hexdigest(), 16) % 2 == 0 else "test"


def evaluate_variety(directory: Path, split: Optional[str] = None) -> dict:
    """Claims per file and, per variety, precision (claims of it that are right) and recall
    (texts of it claimed as it), over the lines of ``split`` (all for None)."""
    files: dict[str, dict] = {}
    for variety in VARIETIES:
        for path in sorted(directory.glob(f"{variety}*.txt")):
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
            texts = [t for t in lines if t and (split is None or split_of(t) == split)]
            claims = {"prs": 0, "pes": 0, "none": 0}
            for text in texts:
                claims[persian_variety(clean(text))[0] or "none"] += 1
            files[path.name] = {"variety": variety, "texts": len(texts), "claims": claims}
    if not files:
        raise FileNotFoundError(f"{directory}: no prs*.txt or pes*.txt files")
    summary = {}
    for variety in VARIETIES:
        of_it = [f for f in files.values() if f["variety"] == variety]
        claimed = sum(f["claims"][variety] for f in files.values())
        right = sum(f["claims"][variety] for f in of_it)
        texts = sum(f["texts"] for f in of_it)
        summary[variety] = {
            "claims": claimed,
            "precision": right / claimed if claimed else None,
            "recall": right / texts if texts else None,
            "texts": texts,
        }
    return {"split": split or "all", "files": files, "varieties": summary}


def print_variety(report: dict, out=None) -> None:
    out = out or sys.stdout
    print(f"split: {report['split']}", file=out)
    print("| file | variety | texts | prs claims | pes claims | none |", file=out)
    print("|---|---|---|---|---|---|", file=out)
    for name, f in report["files"].items():
        c = f["claims"]
        row = f"| {name} | {f['variety']} | {f['texts']} | {c['prs']} | {c['pes']} | {c['none']} |"
        print(row, file=out)
    for variety, s in report["varieties"].items():
        precision = "-" if s["precision"] is None else f"{s['precision']:.3f}"
        recall = "-" if s["recall"] is None else f"{s['recall']:.3f}"
        print(
            f"{variety}: precision {precision} ({s['claims']} claims), "
            f"recall {recall} of {s['texts']}",
            file=out,
        )
