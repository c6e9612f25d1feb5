"""Records per second of the local engine and of the dask engine on 1 and 2 workers (one thread
each), on the same corpus, in one run: find-only, and with translation.

  find-only:   an invented crawl (bench/batch_throughput.py's generator, default 50,000 records:
               HTML pages, scraped text, records without tweets, a bad line per thousand);
               at 20,000 (2-3 s a run) the workers' one-off costs, such as loading the
               language models, pulled two workers down to 1.70x of one;
  translation: Persian tweet-like texts from TICO-19 as HTML embeds (default 6,000 records),
               translated by the benchmark package bench/translate_throughput.py builds
               (``--build-only``), or the tiny toy package with ``--toy`` (a quick check).
               Enough records that each worker gets several translation calls' worth: with
               3,000, two workers' last pieces were a large share of the run.

Each way runs in a Python process of its own: the local engine through ``BatchRun``, the dask
engine through ``tweetx.engines.dask.annotate`` on the ``LocalCluster(n_workers=N,
threads_per_worker=1, processes=True)`` that ``--engine dask --workers N`` starts; the cluster's
start-up (with its workers' imports) is timed apart. Engine threads are the same for all: one
translation at a time per process (``inter_threads`` 1: a worker has one thread), and the local
engine at its default of 2 is shown beside. Translation cache off. The ways take turns,
``--rounds`` times; medians.

    python bench/scale_out.py [--records 50000] [--translate-records 6000] [--rounds 2] [--toy]
                              [--only find|translate]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from batch_throughput import make_crawl  # noqa: E402
from translate_throughput import as_record, chosen_package, tweet_like  # noqa: E402


def one_way(
    way: str,
    workers: int,
    corpus: str,
    out: str,
    translate: bool,
    inter_threads: int,
    partition_kb: int = 0,
) -> dict:
    """One run, in a process of its own (so that no way's threads or memory weigh on another):
    its seconds, and for dask the cluster's start-up apart."""
    from tweetx.annotate import Annotator
    from tweetx.engines.dask import annotate, connect
    from tweetx.engines.local import BatchRun, plan

    if way == "local":
        started = time.perf_counter()
        annotator = Annotator(translate=translate, cache=False, inter_threads=inter_threads)
        BatchRun(annotator).run(plan([corpus], out))
        return {"seconds": time.perf_counter() - started}
    started = time.perf_counter()
    with connect(workers) as client:  # the cluster `--engine dask --workers N` starts
        client.run(lambda: __import__("tweetx.engines.dask"))
        ready = time.perf_counter()
        annotate(
            client,
            [corpus],
            out,
            translate=translate,
            cache=False,
            partition_bytes=partition_kb * 1024 or None,
        )
        return {"seconds": time.perf_counter() - ready, "startup": ready - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--translate-records", type=int, default=6_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--toy", action="store_true", help="the tiny test package (quick check)")
    parser.add_argument(
        "--partition-kb",
        type=int,
        default=0,
        help="a fixed piece size for the dask engine (default: its own)",
    )
    parser.add_argument(
        "--only", choices=("find", "translate"), default=None, help="measure one kind of work only"
    )
    parser.add_argument("--one", nargs=7, help=argparse.SUPPRESS)  # internal: one_way's args
    args = parser.parse_args()
    if args.one:
        way, workers, corpus, out, translate, threads, kb = args.one
        print(
            json.dumps(
                one_way(way, int(workers), corpus, out, translate == "1", int(threads), int(kb))
            )
        )
        return
    package = chosen_package(args.toy)

    from tweetx.translation.packages import install_file

    with tempfile.TemporaryDirectory(prefix="tweetx-scale-") as tmp:
        work = Path(tmp)
        os.environ["TWEETX_HOME"] = str(work / "home")  # for every process of the run
        install_file(package)
        corpora = {"find": work / "crawl.jsonl", "translate": work / "tweets.jsonl"}
        corpora = {k: v for k, v in corpora.items() if args.only in (None, k)}
        if "find" in corpora:
            make_crawl(corpora["find"], args.records)
        if "translate" in corpora:
            with open(corpora["translate"], "w", encoding="utf-8") as handle:
                for i, text in enumerate(tweet_like(args.translate_records)):
                    handle.write(json.dumps(as_record(i, text), ensure_ascii=False) + "\n")
        counts = {"find": args.records, "translate": args.translate_records}
        ways = [
            ("local", "local", 0, 1),
            ("local, 2 engine threads", "local", 0, 2),
            ("dask, 1 worker", "dask", 1, 1),
            ("dask, 2 workers", "dask", 2, 1),
        ]
        times: dict = {}
        startup: dict = {}
        for _ in range(args.rounds):
            for kind, corpus in corpora.items():
                for name, way, workers, threads in ways:
                    if kind == "find" and threads == 2:
                        continue  # no engine threads without translation
                    out = work / f"{way}-{workers}.jsonl"
                    run = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--one",
                            way,
                            str(workers),
                            str(corpus),
                            str(out),
                            "1" if kind == "translate" else "0",
                            str(threads),
                            str(args.partition_kb),
                        ],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    result = json.loads(run.stdout.splitlines()[-1])
                    times.setdefault((kind, name), []).append(result["seconds"])
                    if "startup" in result:
                        startup.setdefault(workers, []).append(result["startup"])
                same = (work / "local-0.jsonl").read_bytes()
                assert all((work / f"dask-{w}.jsonl").read_bytes() == same for w in (1, 2)), (
                    "the dask output differs from the local one"
                )
    rates = {
        f"{kind}: {way}": counts[kind] / statistics.median(values)
        for (kind, way), values in times.items()
    }
    for name, rate in rates.items():
        print(f"{name:40s} {rate:9.1f} records/s")
    ratios = {}
    for kind in corpora:
        one, two, local = (
            rates[f"{kind}: dask, 1 worker"],
            rates[f"{kind}: dask, 2 workers"],
            rates[f"{kind}: local"],
        )
        rounds = [
            a / b for a, b in zip(times[(kind, "dask, 1 worker")], times[(kind, "dask, 2 workers")])
        ]
        ratios[kind] = {
            "two_vs_one_worker": round(two / one, 2),
            "two_vs_one_worker_per_round": [round(r, 2) for r in rounds],
            "one_worker_vs_local": round(one / local, 2),
        }
        print(
            f"{kind}: 2 workers / 1 worker {two / one:.2f}× (per round: "
            f"{', '.join(f'{r:.2f}' for r in rounds)}); 1 worker / local {one / local:.2f}"
        )
    startup = {workers: statistics.median(values) for workers, values in startup.items()}
    print(f"cluster start-up: 1 worker {startup[1]:.1f} s, 2 workers {startup[2]:.1f} s")
    print(
        json.dumps(
            {
                "records": counts,
                "package": package.name,
                "rounds": args.rounds,
                "records_per_s": {name: round(rate, 1) for name, rate in rates.items()},
                "ratios": ratios,
                "cluster_startup_s": {str(k): round(v, 2) for k, v in startup.items()},
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                f"{platform.python_implementation()} {platform.python_version()}",
            }
        )
    )


if __name__ == "__main__":
    main()
