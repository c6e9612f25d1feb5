"""Records per second of the local engine and of the dask engine on 1 and 2 workers (one thread
each), on the same corpus, in one run: find-only, and with translation.

  find-only:   an invented crawl (bench/batch_throughput.py's generator, default 20,000 records:
               HTML pages, scraped text, records without tweets, a bad line per thousand);
  translation: Persian tweet-like texts from TICO-19 as HTML embeds (default 1,500 records),
               translated by the benchmark package bench/translate_throughput.py builds
               (``--build-only``), or the tiny toy package with ``--toy`` (a quick check).

Each way runs in-process from the same Python: the local engine through ``BatchRun``, the dask
engine through ``tweetx.engines.dask.annotate`` on a ``LocalCluster(n_workers=N,
threads_per_worker=1, processes=True)``; the cluster's start-up (and its workers' imports) is
timed apart. Engine threads are the same for all: one translation at a time per process
(``inter_threads`` 1: a worker has one thread), and the local engine at its default of 2 is
shown beside. Translation cache off. The ways take turns, ``--rounds`` times; medians.

    python bench/scale_out.py [--records 20000] [--translate-records 1500] [--rounds 2] [--toy]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from batch_throughput import make_crawl  # noqa: E402
from translate_throughput import as_record, chosen_package, tweet_like  # noqa: E402

def run_local(corpus: Path, out: Path, translate: bool, inter_threads: int) -> float:
    from tweetx.annotate import Annotator
    from tweetx.engines.local import BatchRun, plan

    started = time.perf_counter()
    annotator = Annotator(translate=translate, cache=False, inter_threads=inter_threads)
    BatchRun(annotator).run(plan([str(corpus)], str(out)))
    return time.perf_counter() - started


def run_dask(client, corpus: Path, out: Path, translate: bool) -> float:
    from tweetx.engines.dask import annotate

    started = time.perf_counter()
    annotate(client, [str(corpus)], str(out), translate=translate, cache=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--translate-records", type=int, default=1_500)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--toy", action="store_true", help="the tiny test package (quick check)")
    args = parser.parse_args()
    package = chosen_package(args.toy)

    from distributed import Client, LocalCluster

    from tweetx.packages import install_file

    with tempfile.TemporaryDirectory(prefix="tweetx-scale-") as tmp:
        work = Path(tmp)
        os.environ["TWEETX_HOME"] = str(work / "home")  # the workers inherit it
        install_file(package)
        corpora = {"find": work / "crawl.jsonl", "translate": work / "tweets.jsonl"}
        make_crawl(corpora["find"], args.records)
        with open(corpora["translate"], "w", encoding="utf-8") as handle:
            for i, text in enumerate(tweet_like(args.translate_records)):
                handle.write(json.dumps(as_record(i, text), ensure_ascii=False) + "\n")
        counts = {"find": args.records, "translate": args.translate_records}
        clusters, startup = {}, {}
        for workers in (1, 2):
            started = time.perf_counter()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            clusters[workers] = (cluster, Client(cluster))
            clusters[workers][1].run(lambda: __import__("tweetx.engines.dask"))
            startup[workers] = time.perf_counter() - started
        times: dict = {}
        try:
            for _ in range(args.rounds):
                for kind, corpus in corpora.items():
                    translate = kind == "translate"
                    ways = {"local": lambda: run_local(corpus, work / "l.jsonl", translate, 1)}
                    if translate:
                        ways["local, 2 engine threads"] = \
                            lambda: run_local(corpus, work / "l2.jsonl", translate, 2)
                    for workers, (_, client) in clusters.items():
                        ways[f"dask, {workers} worker{'s' if workers > 1 else ''}"] = \
                            lambda c=client, w=workers: run_dask(c, corpus, work / f"d{w}.jsonl",
                                                                 translate)
                    for way, run in ways.items():
                        times.setdefault((kind, way), []).append(run())
                    same = (work / "l.jsonl").read_bytes()
                    assert all((work / f"d{w}.jsonl").read_bytes() == same for w in (1, 2)), \
                        "the dask output differs from the local one"
        finally:
            for cluster, client in clusters.values():
                client.close()
                cluster.close()
    rates = {f"{kind}: {way}": counts[kind] / statistics.median(values)
             for (kind, way), values in times.items()}
    for name, rate in rates.items():
        print(f"{name:40s} {rate:9.1f} records/s")
    ratios = {}
    for kind in corpora:
        one, two, local = (rates[f"{kind}: dask, 1 worker"], rates[f"{kind}: dask, 2 workers"],
                           rates[f"{kind}: local"])
        ratios[kind] = {"two_vs_one_worker": round(two / one, 2),
                        "one_worker_vs_local": round(one / local, 2)}
        print(f"{kind}: 2 workers / 1 worker {two / one:.2f}×; 1 worker / local {one / local:.2f}")
    print(f"cluster start-up: 1 worker {startup[1]:.1f} s, 2 workers {startup[2]:.1f} s")
    print(json.dumps({
        "records": counts, "package": package.name, "rounds": args.rounds,
        "records_per_s": {name: round(rate, 1) for name, rate in rates.items()},
        "ratios": ratios, "cluster_startup_s": {str(k): round(v, 2) for k, v in startup.items()},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"{platform.python_implementation()} {platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
