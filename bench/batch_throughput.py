"""Records per second and peak memory of ``tweetx annotate --no-translate`` on a big JSONL crawl.

Writes an invented crawl (default 100,000 records, into bench/.cache) with a generator, then runs
the command under ``/usr/bin/time -v`` and reads its wall time and maximum resident set size:
three ways, in turn, ``--rounds`` times each (the best run of each way counts): as it runs by
default (the finders read lxml's tree; one worker process per core, since the crawl is over
32 MB), in one process (``--workers 1``), and with BeautifulSoup building every page's tree
(``TWEETX_HTML_PARSER=bs4``, converted for the same finders; one process per core). The outputs
must be identical. Peak memory is the run's own process (``/usr/bin/time`` does not count its
workers).

Records are a mix, as a news crawl is: a third HTML pages (article paragraphs; half of them embed
a tweet, in Persian, Pashto, Arabic, Urdu or English), a third scraped text (half with a tweet's
signature), a third with no tweet at all, and one line in a thousand that is not JSON.

    python bench/batch_throughput.py [--records 100000] [--rounds 2]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TWEETS = [
    ("fa", "نیروهای امنیتی در شهر قلعه نو گشت زنی را آغاز کردند."),
    ("ps", "د ښار خلک نن د سولې لپاره راټول شول"),
    ("ar", "قالت الحكومة إن الوضع في المدينة مستقر الآن"),
    ("ur", "شہر میں حالات اب معمول پر آ گئے ہیں"),
    ("en", "Security forces began patrolling the city this morning"),
]
PARAGRAPH = (
    "The provincial council said on Tuesday that roads into the city had reopened and "
    "that markets were busy again after a week of fighting in nearby districts. "
)


def make_crawl(path: Path, records: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(records):
            if i % 1000 == 999:
                handle.write(f"{{truncated record {i}\n")
                continue
            lang, text = rng.choice(TWEETS)
            status = 1412743195653169728 + i
            body = PARAGRAPH * rng.randint(3, 12)
            kind = i % 3
            if kind == 0:
                embed = (
                    f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="auto">{text} '
                    f'#خبر <a href="https://t.co/Ab{i}">pic.twitter.com/Ab{i}</a></p>&mdash; '
                    f'Reporter (@reporter_{i % 97}) <a href="https://twitter.com/reporter/'
                    f'status/{status}">July 7, 2021</a></blockquote>'
                    if i % 2
                    else ""
                )
                record = {
                    "url": f"https://example.org/{i}",
                    "html": f"<html><body><p>{body}</p>{embed}<p>{body}</p></body></html>",
                }
            elif kind == 1:
                signature = f"\n\n{text} pic.twitter.com/Ab{i} — Reporter (@r{i % 97}) July 7, 2021"
                record = {
                    "url": f"https://example.org/{i}",
                    "text": body + (signature if i % 2 else "") + "\n\n" + body,
                }
            else:
                record = {"url": f"https://example.org/{i}", "text": body}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each way, in turn")
    args = parser.parse_args()
    crawl = HERE / ".cache" / f"crawl-{args.records}.jsonl"
    crawl.parent.mkdir(parents=True, exist_ok=True)
    if not crawl.is_file():
        make_crawl(crawl, args.records)
    runs: dict = {}
    for _ in range(args.rounds):  # the ways in turn, each run's best: the first run warms up
        for way in ("default", "one-process", "bs4"):
            run = timed_run(crawl, way)
            if way not in runs or run["seconds"] < runs[way]["seconds"]:
                runs[way] = run
    outputs = [run.pop("output") for run in runs.values()]
    same = all(output == outputs[0] for output in outputs)
    size_mb = crawl.stat().st_size / 1e6
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    for way, run in runs.items():
        print(
            f"{way:11s} {args.records} records ({size_mb:.0f} MB) in {run['seconds']:.1f} s: "
            f"{args.records / run['seconds']:.0f} records/s, {size_mb / run['seconds']:.1f} "
            f"MB/s, peak memory {run['peak_rss_mb']} MB; exit {run['exit_code']}, "
            f"{run['output_lines']} lines out"
        )
    print(f"outputs identical: {same}")
    print(
        json.dumps(
            {
                "records": args.records,
                "mb": round(size_mb),
                **{
                    f"{way}_{key}": value for way, run in runs.items() for key, value in run.items()
                },
                "records_per_s": round(args.records / runs["default"]["seconds"]),
                "records_per_s_one_process": round(args.records / runs["one-process"]["seconds"]),
                "ratio_vs_bs4": round(runs["bs4"]["seconds"] / runs["default"]["seconds"], 2),
                "identical_output": same,
            }
        )
    )


def timed_run(crawl: Path, way: str) -> dict:
    out = HERE / ".cache" / f"crawl-annotated-{way}.jsonl"
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "tweetx",
        "annotate",
        "--no-translate",
        "-q",
        str(crawl),
        "-o",
        str(out),
        *(["--workers", "1"] if way == "one-process" else []),
    ]
    environment = dict(os.environ)
    if way == "bs4":
        environment["TWEETX_HTML_PARSER"] = "bs4"
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=HERE.parent, env=environment
    )
    report = result.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report).group(1)
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(wall.split(":"))))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    output = out.read_bytes()
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024),
        "exit_code": result.returncode,
        "output_lines": output.count(b"\n"),
        "output": output,
    }


if __name__ == "__main__":
    main()
