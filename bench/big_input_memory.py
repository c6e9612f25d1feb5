"""Resident memory over a 2 GB JSONL input: every process of a run, sampled from /proc.

Writes a generated crawl of ``--gb`` gigabytes (HTML pages, half with a Persian tweet) to a
temporary directory, then runs ``tweetx annotate --no-translate`` on it three ways: from stdin
(one process), from the file (the default: one worker process per core), and with ``--engine
dask --workers 2``; for each, the peak resident memory of every process under the run and of
them all at once, and the time. Linux only (reads /proc).

    python bench/big_input_memory.py [--gb 2]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">نیروهای امنیتی گشت‌زنی را در شهر '
    'قلعه‌نو آغاز کردند {i}</p>&mdash; A (@a) <a href="https://twitter.com/a/status/{sid}">'
    "July 7, 2021</a></blockquote>"
)
FILLER = "<p>" + "The city council met again this week to discuss the roads and markets. " * 6
FILLER += "</p>"


def write_crawl(path: Path, size: int) -> int:
    written = records = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < size:
            tweet = TWEET.format(i=records, sid=1412743195653169728 + records)
            page = FILLER + (tweet if records % 2 == 0 else "") + FILLER
            line = json.dumps({"url": f"https://n.example/{records}", "html": page}) + "\n"
            handle.write(line)
            written += len(line.encode())
            records += 1
    return records


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measured(command: list[str], stdin: Path | None) -> dict:
    """Run ``command``; peak resident MB of each process under it and of all at once."""
    started = time.monotonic()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
        run = subprocess.Popen(command, stdin=source, stderr=subprocess.PIPE)
        peaks: dict[int, float] = {}
        together = 0.0
        while run.poll() is None:
            sizes = {pid: _rss_mb(pid) for pid in _tree(run.pid)}
            for pid, size in sizes.items():
                peaks[pid] = max(peaks.get(pid, 0.0), size)
            together = max(together, sum(sizes.values()))
            time.sleep(0.2)
        stderr = run.stderr.read().decode() if run.stderr else ""
    if run.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return {
        "seconds": round(time.monotonic() - started),
        "peak_mb_each": sorted((round(v) for v in peaks.values()), reverse=True),
        "peak_mb_together": round(together),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=2.0)
    args = parser.parse_args()
    tweetx = [sys.executable, "-m", "tweetx", "annotate", "--no-translate", "-q"]
    with tempfile.TemporaryDirectory(prefix="tweetx-big-") as tmp:
        crawl = Path(tmp) / "crawl.jsonl"
        records = write_crawl(crawl, int(args.gb * 1e9))
        out = Path(tmp) / "out.jsonl"
        ways = {
            "stdin, one process": (tweetx + ["-", "-o", str(out)], crawl),
            "file, one worker per core": (tweetx + [str(crawl), "-o", str(out)], None),
            "file, --engine dask --workers 2": (
                tweetx + [str(crawl), "-o", str(out), "--engine", "dask", "--workers", "2"],
                None,
            ),
        }
        results = {}
        for name, (command, stdin) in ways.items():
            results[name] = measured(command, stdin)
            out.unlink(missing_ok=True)
            print(f"{name:34s} {results[name]}", flush=True)
    print(json.dumps({"gb": args.gb, "records": records, "ways": results}))


if __name__ == "__main__":
    main()
