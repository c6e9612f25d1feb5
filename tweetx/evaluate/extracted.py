"""Embed finding on text made by real extractors (``python -m tweetx.evaluate extracted``).

The corpus (``tests/fixtures/extracted``, made by its ``build.py``) holds invented pages, what
eight extractors made of each, and, per extractor, the tweets whose words, handle and date
survived. Recall: a tweet counts as found only when handle, date and the whole text (compared
without invisible marks, links and whitespace) are right. Precision: a tweet found is right when
it is one of the expected ones (handle and date); one that is none of them is a false tweet. The pages themselves are scored too, as source ``html``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

DEFAULT_EXTRACTED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "extracted"
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"))
_LINKS = re.compile(r"(?:https?://|pic\.(?:twitter|x)\.com/)\S+", re.IGNORECASE)


def comparable(text) -> str:
    """Text as every extractor can give it: NFC, no invisible marks, links or whitespace
    (``get_text()`` glues a tweet's lines, "…باران ووریدهخلک دې…": the break is lost for good)."""
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE)
    return "".join(_LINKS.sub(" ", text).split())


def _cases(corpus: Path):
    """(source, page, content, format, expected tweets) for every extractor's text and page."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    pages = json.loads((corpus / "pages.json").read_text(encoding="utf-8"))
    for page in pages:
        html = (corpus / "pages" / page["page"]).read_text(encoding="utf-8")
        yield "html", page["page"], html, "html", page["tweets"]
    for extractor, by_page in labels.items():
        for name, expected in by_page.items():
            path = corpus / "text" / extractor / name.replace(".html", ".txt")
            # newline="" keeps the extractor's line endings as it wrote them.
            with open(path, encoding="utf-8", newline="") as handle:
                yield extractor, name, handle.read(), "text", expected


def evaluate_extracted(corpus: Path = DEFAULT_EXTRACTED) -> dict:
    from ..embeds import find_tweets
    from ..model import Article

    # source -> [right, found, expected, false]
    counts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    # (source, kind) -> [right, expected]
    kinds: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    # field -> [right, expected] over matched tweets
    fields: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for source, page, content, fmt, expected in _cases(corpus):
        found = find_tweets(Article(record={}, source=page, **{fmt: content}))
        cell = counts[source]
        cell[1] += len(found)
        cell[2] += len(expected)
        unmatched = list(found)
        for want in expected:
            hit = next(
                (
                    t
                    for t in unmatched
                    if t.author.handle == want["handle"]
                    and t.date == want["date"]
                    and comparable(t.text) == comparable(want["text"])
                ),
                None,
            )
            for kind in ["all"] + want["kinds"]:
                kinds[(source, kind)][1] += 1
                kinds[(source, kind)][0] += hit is not None
            if hit is not None:
                unmatched.remove(hit)
            if hit is None:
                near = next((t for t in unmatched if t.author.handle == want["handle"]), None)
                misses.append(
                    {
                        "source": source,
                        "page": page,
                        "missing": want["text"][:60],
                        "handle": want["handle"],
                        "date": want["date"],
                        "found": None
                        if near is None
                        else {"text": near.text, "date": near.date, "form": near.form},
                    }
                )
                continue
            cell[0] += 1
            for name, value in (("name", hit.author.name), ("id", hit.id)):
                if name == "id" and not (want["has_id"] and want["id"] in content):
                    continue
                fields[name][1] += 1
                fields[name][0] += value == want[name]
        expected_keys = [(w["handle"], w["date"]) for w in expected]
        cell[3] += sum((t.author.handle, t.date) not in expected_keys for t in found)
        for extra in unmatched:
            misses.append(
                {
                    "source": source,
                    "page": page,
                    "unexpected": {
                        "text": (extra.text or "")[:60],
                        "handle": extra.author.handle,
                        "date": extra.date,
                        "form": extra.form,
                    },
                }
            )
    by_source = {
        source: {
            "precision": (found - false) / found if found else 1.0,
            "recall": right / expected if expected else None,
            "found": found,
            "expected": expected,
            "false": false,
        }
        for source, (right, found, expected, false) in counts.items()
    }
    by_kind: defaultdict[str, dict[str, dict]] = defaultdict(dict)
    for (source, kind), (right, expected) in sorted(kinds.items()):
        by_kind[source][kind] = {"recall": right / expected, "expected": expected}
    all_right = sum(c[0] for c in counts.values())
    all_found = sum(c[1] for c in counts.values())
    all_expected = sum(c[2] for c in counts.values())
    all_false = sum(c[3] for c in counts.values())
    return {
        "by_source": by_source,
        "by_kind": dict(by_kind),
        "precision": (all_found - all_false) / all_found if all_found else 1.0,
        "recall": all_right / all_expected if all_expected else 1.0,
        "field_accuracy": {k: r / n for k, (r, n) in fields.items() if n},
        "misses": misses,
    }


def print_extracted(report: dict, out=sys.stdout) -> None:
    kinds = sorted({kind for row in report["by_kind"].values() for kind in row} - {"all"})
    print("| source | precision | recall | tweets kept | " + " | ".join(kinds) + " |", file=out)
    print("|---" * (4 + len(kinds)) + "|", file=out)
    for source, row in report["by_source"].items():
        recall = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        cells = []
        for kind in kinds:
            cell = report["by_kind"].get(source, {}).get(kind)
            cells.append(f"{cell['recall']:.2f} ({cell['expected']})" if cell else "-")
        print(
            f"| {source} | {row['precision']:.3f} | {recall} | {row['expected']} | "
            + " | ".join(cells)
            + " |",
            file=out,
        )
    print(
        f"overall: precision {report['precision']:.3f}, recall {report['recall']:.3f}; field "
        "accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in report["field_accuracy"].items()),
        file=out,
    )
    for miss in report["misses"][:40]:
        print("  miss: " + json.dumps(miss, ensure_ascii=False)[:300], file=out)
