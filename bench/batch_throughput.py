"""Records per second and peak memory of ``tweetx annotate --no-translate`` on a big JSONL crawl.

Writes an invented crawl (default 100,000 records, into bench/.cache) with a generator, then runs
the command under ``/usr/bin/time -v`` and reads its wall time and maximum resident set size.

Records are a mix, as a news crawl is: a third HTML pages (article paragraphs; half of them embed
a tweet, in Persian, Pashto, Arabic, Urdu or English), a third scraped text (half with a tweet's
signature), a third with no tweet at all, and one line in a thousand that is not JSON.

    python bench/batch_throughput.py [--records 100000]

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
PARAGRAPH = ("The provincial council said on Tuesday that roads into the city had reopened and "
             "that markets were busy again after a week of fighting in nearby districts. ")


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
                embed = (f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="auto">{text} '
                         f'#خبر <a href="https://t.co/Ab{i}">pic.twitter.com/Ab{i}</a></p>&mdash; '
                         f'Reporter (@reporter_{i % 97}) <a href="https://twitter.com/reporter/'
                         f'status/{status}">July 7, 2021</a></blockquote>' if i % 2 else "")
                record = {"url": f"https://example.org/{i}", "html": f"<html><body><p>{body}</p>"
                          f"{embed}<p>{body}</p></body></html>"}
            elif kind == 1:
                signature = f"\n\n{text} pic.twitter.com/Ab{i} — Reporter (@r{i % 97}) July 7, 2021"
                record = {"url": f"https://example.org/{i}",
                          "text": body + (signature if i % 2 else "") + "\n\n" + body}
            else:
                record = {"url": f"https://example.org/{i}", "text": body}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    crawl = HERE / ".cache" / f"crawl-{args.records}.jsonl"
    crawl.parent.mkdir(parents=True, exist_ok=True)
    if not crawl.is_file():
        make_crawl(crawl, args.records)
    out = HERE / ".cache" / "crawl-annotated.jsonl"
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "tweetx", "annotate",
               "--no-translate", "-q", str(crawl), "-o", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
    report = result.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report).group(1)
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall.split(":"))))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    lines = sum(1 for _ in open(out, encoding="utf-8"))
    size_mb = crawl.stat().st_size / 1e6
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{args.records} records ({size_mb:.0f} MB) in {seconds:.1f} s: "
          f"{args.records / seconds:.0f} records/s, {size_mb / seconds:.1f} MB/s, "
          f"peak memory {peak_kb / 1024:.0f} MB; exit {result.returncode}, {lines} lines out")
    print(json.dumps({"records": args.records, "mb": round(size_mb), "seconds": round(seconds, 1),
                      "records_per_s": round(args.records / seconds),
                      "peak_rss_mb": round(peak_kb / 1024), "exit_code": result.returncode,
                      "output_lines": lines}))


if __name__ == "__main__":
    main()
