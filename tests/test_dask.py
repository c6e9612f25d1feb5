"""The dask engine on a real cluster (issue 14): LocalCluster worker processes, output byte for
byte what the local engine writes, through worker deaths, client deaths and missing packages."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from tweetx.cli import cli  # noqa: E402
from tweetx.engines import dask as engine  # noqa: E402
from tweetx.engines.partitions import plan_partitions  # noqa: E402
from tweetx.translation.packages import install_file  # noqa: E402

from .conftest import SAMPLES, TOY_PACKAGE  # noqa: E402

PERSIAN = [
    "نیروهای امنیتی در شهر قلعه نو گشت زنی را آغاز کردند",
    "طالبان امروز به مرکز ولایت بادغیس حمله کردند",
    "وضعیت شهر آرام است",
]
PASHTO = "د کابل په ښار کې نن ورځ ډېر باران ووریده"


def _tweet_html(i: int) -> str:
    text = PASHTO if i % 7 == 0 else PERSIAN[i % 3] + f" {i}"
    return (
        f'<blockquote class="twitter-tweet"><p lang="fa" dir="rtl">{text}</p>&mdash; '
        f'User {i} (@user{i}) <a href="https://twitter.com/user{i}/status/'
        f'{1412743195653169728 + i}">July 7, 2021</a></blockquote>'
    )


def make_corpus(root: Path) -> int:
    """≥ 300 records in 6 files: a JSONL big enough to cut, a .gz, HTML, text, samples."""
    root.mkdir(parents=True, exist_ok=True)
    big = []
    for i in range(260):
        if i % 5 == 0:
            big.append(
                json.dumps(
                    {
                        "url": f"https://news.example/{i}",
                        "html": f"<article><p>Story {i}</p>{_tweet_html(i)}</article>",
                    },
                    ensure_ascii=False,
                )
            )
        elif i % 5 == 1:
            big.append(
                json.dumps(
                    {
                        "url": f"u{i}",
                        "text": f"Story {i}.\n{PERSIAN[i % 3]} "
                        f"pic.twitter.com/8VdQJd4oF2 — Tariq Arian (@TariqArian3) "
                        f"July 7, 2021\nMore.",
                    },
                    ensure_ascii=False,
                )
            )
        elif i == 77:
            big.append("{not json")
        else:
            big.append(json.dumps({"url": f"u{i}", "text": f"No tweet in story {i}."}))
    (root / "a-crawl.jsonl").write_text("\n".join(big) + "\n", encoding="utf-8")
    packed = [
        json.dumps({"url": f"g{i}", "html": _tweet_html(1000 + i)}, ensure_ascii=False)
        for i in range(40)
    ]
    (root / "b-packed.jsonl.gz").write_bytes(gzip.compress(("\n".join(packed) + "\n").encode()))
    for i in range(3):
        (root / f"c-page{i}.html").write_text(
            f"<html><head><title>Page {i}</title></head><body>{_tweet_html(2000 + i)}</body>"
            "</html>",
            encoding="utf-8",
        )
    (root / "d-seed.txt").write_text(
        (SAMPLES / "qala-e-naw.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "e-samples.jsonl").write_bytes((SAMPLES / "crawl.jsonl").read_bytes())
    return 260 + 40 + 3 + 1 + len((SAMPLES / "crawl.jsonl").read_text().splitlines())


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One TWEETX_HOME with the toy package, for the cluster's workers and the tests alike."""
    home = tmp_path_factory.mktemp("dask-home")
    old = os.environ.get("TWEETX_HOME")
    os.environ["TWEETX_HOME"] = str(home)
    install_file(TOY_PACKAGE)
    yield home
    if old is not None:
        os.environ["TWEETX_HOME"] = old


@pytest.fixture(scope="module")
def cluster(home):
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster


@pytest.fixture
def client(cluster, home, monkeypatch):
    monkeypatch.setenv("TWEETX_HOME", str(home))
    with distributed.Client(cluster) as client:
        yield client


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    assert make_corpus(root) >= 300
    return root


def _local(runner, corpus, out, *options) -> bytes:
    # --reproducible: the mode whose output does not depend on the partitioning
    result = runner.invoke(
        cli, ["annotate", str(corpus), "-o", str(out), "--reproducible", *options]
    )
    assert result.exit_code == 3, result.output  # the one line that is not JSON
    return out.read_bytes()


def test_the_cluster_writes_what_the_local_engine_writes(runner, corpus, tmp_path, client, cluster):
    expected = _local(runner, corpus, tmp_path / "local.jsonl")
    records = [json.loads(line) for line in expected.splitlines()]
    assert len(records) >= 300
    assert sum(t["translation"] is not None for r in records for t in r["tweetx"]["tweets"]) > 50
    size = 8_000
    big = plan_partitions(0, [str(corpus / "a-crawl.jsonl")], ["a"], "auto", None, size)
    gz = plan_partitions(0, [str(corpus / "b-packed.jsonl.gz")], ["b"], "auto", None, 100)
    assert len(big) >= 5 and len(gz) == 1
    out = tmp_path / "dask.jsonl"
    result = runner.invoke(
        cli,
        [
            "annotate",
            str(corpus),
            "-o",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--partition-size",
            str(size / 2**20),
            "--reproducible",
        ],
    )
    assert result.exit_code == 3, result.output
    assert out.read_bytes() == expected
    assert "1 record failed" in result.stderr and "TOY" in result.stderr
    assert not (tmp_path / "dask.jsonl.parts").exists()
    # -o DIR mirrors the tree, as locally.
    result = runner.invoke(
        cli,
        [
            "annotate",
            str(corpus),
            "-o",
            str(tmp_path / "tree") + "/",
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--partition-size",
            str(size / 2**20),
            "--no-translate",
        ],
    )
    local = runner.invoke(
        cli, ["annotate", str(corpus), "-o", str(tmp_path / "ltree") + "/", "--no-translate"]
    )
    assert result.exit_code == local.exit_code == 3
    names = sorted(p.name for p in (tmp_path / "ltree").iterdir())
    assert sorted(p.name for p in (tmp_path / "tree").iterdir()) == names and len(names) == 7
    for name in names:
        assert (tmp_path / "tree" / name).read_bytes() == (tmp_path / "ltree" / name).read_bytes()


def test_a_worker_killed_mid_run_loses_nothing(runner, corpus, tmp_path, client):
    expected = _local(runner, corpus, tmp_path / "local.jsonl")
    out = tmp_path / "dask.jsonl"
    parts = tmp_path / "dask.jsonl.parts"
    pids = client.run(os.getpid)
    outcome = {}

    def run():
        outcome["totals"] = engine.annotate(
            client, [str(corpus)], str(out), partition_bytes=2_000, reproducible=True
        )

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not (parts.is_dir() and len(list(parts.glob("0*"))) >= 2) and thread.is_alive():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert thread.is_alive(), "the run ended before a worker could be killed"
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    thread.join(180)
    assert out.read_bytes() == expected  # complete, in order, no record twice
    assert outcome["totals"].stats["failed_articles"] == 1
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != set(pids.values())  # one was replaced


def test_resume_after_the_client_is_killed(runner, corpus, tmp_path):
    expected = _local(runner, corpus, tmp_path / "local.jsonl")
    out = tmp_path / "dask.jsonl"
    command = [
        sys.executable,
        "-m",
        "tweetx",
        "annotate",
        str(corpus),
        "-o",
        str(out),
        "--engine",
        "dask",
        "--workers",
        "2",
        "--partition-size",
        "0.002",
        "--reproducible",
    ]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    parts = tmp_path / "dask.jsonl.parts"
    deadline = time.monotonic() + 120
    while not (parts.is_dir() and len(list(parts.glob("0*"))) >= 3):
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the client, its scheduler and its workers
    process.wait()
    assert not out.exists()
    kept = len(list(parts.glob("0*")))
    run = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=300)
    # As locally, exit 3 only when a record that failed was written by this run, not before.
    assert run.returncode in (0, 3), run.stderr
    assert out.read_bytes() == expected
    assert "kept from the interrupted run" in run.stderr and kept >= 3
    assert not parts.exists()


def test_a_worker_without_the_package_is_named_and_shipping_fixes_it(
    runner, corpus, tmp_path, home, monkeypatch
):
    from tweetx.translation.multilingual import install_model

    home = tmp_path / "client-home"  # the module's home plus a multilingual model
    monkeypatch.setenv("TWEETX_HOME", str(home))
    install_file(TOY_PACKAGE)
    install_model(Path(__file__).parent / "fixtures" / "toy-nllb")  # shipped like a package
    expected = _local(runner, corpus, tmp_path / "local.jsonl")
    bare = tmp_path / "bare-home"
    spec = {"cls": distributed.Nanny, "options": {"nthreads": 1}}
    workers = {
        "full": {**spec, "options": {"nthreads": 1, "env": {"TWEETX_HOME": str(home)}}},
        "bare": {**spec, "options": {"nthreads": 1, "env": {"TWEETX_HOME": str(bare)}}},
    }
    scheduler = {"cls": distributed.Scheduler, "options": {"dashboard_address": None}}
    with (
        distributed.SpecCluster(workers=workers, scheduler=scheduler) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2)
        homes = client.run(lambda: os.environ.get("TWEETX_HOME"))
        bare_address = [w for w, h in homes.items() if h == str(bare)][0]
        result = runner.invoke(
            cli,
            [
                "annotate",
                str(corpus),
                "-o",
                str(tmp_path / "x.jsonl"),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
        assert result.exit_code == 1
        assert f"{bare_address} lacks fa→en" in result.stderr and "nllb toy-nllb 1" in result.stderr
        assert "--ship-packages" in result.stderr and not (tmp_path / "x.jsonl").exists()
        result = runner.invoke(
            cli,
            [
                "annotate",
                str(corpus),
                "-o",
                str(tmp_path / "x.jsonl"),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--ship-packages",
                "--partition-size",
                "0.004",
                "--reproducible",
            ],
        )
        assert result.exit_code == 3, result.output
        assert (tmp_path / "x.jsonl").read_bytes() == expected
        assert (bare / "packages").is_dir()  # installed there, with the usual checks
        assert (bare / "models" / "toy-nllb" / "model.bin").is_file()


def test_a_bag_of_records(client, tmp_path):
    import dask.bag

    from tweetx import Annotator

    records = [json.loads(line) for line in (SAMPLES / "crawl.jsonl").read_text().splitlines()]
    options = {"target": "en", "translate": True}
    engine.register(client, **options)
    bag = engine.annotate_bag(dask.bag.from_sequence(records * 4, npartitions=3), **options)
    got = bag.compute()
    assert got == list(Annotator(**options).annotate_records(records * 4))
    assert any(t["translation"] for r in got for t in r["tweetx"]["tweets"])


def test_what_the_dask_engine_refuses(runner, corpus, tmp_path):
    for options, message in [
        (["-o", "-"], "stdin and stdout cannot be used"),
        (["-o", str(tmp_path / "o.jsonl"), "--fail-fast"], "--engine local only"),
        (["-o", str(tmp_path / "o.jsonl"), "--workers", "0"], "0"),
    ]:
        result = runner.invoke(cli, ["annotate", str(corpus), "--engine", "dask", *options])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    result = runner.invoke(cli, ["annotate", str(corpus), "--scheduler", "tcp://h:8786"])
    assert result.exit_code == 2 and "go with --engine dask" in result.stderr
    result = runner.invoke(cli, ["annotate", str(corpus), "--workers", "2"])  # translating
    assert result.exit_code == 2 and "only with --no-translate" in result.stderr


def test_a_failed_partition_is_named_with_its_range(client, tmp_path):
    from tweetx.engines.partitions import Partition
    from tweetx.engines.summary import Totals
    from tweetx.errors import RunStopped

    gone = Partition(0, 0, str(tmp_path / "gone.jsonl"), "gone.jsonl", 10_000, 0, 5_000, 10_000)
    run = engine._Run(
        (str(tmp_path / "out.jsonl"),),
        {},
        ("auto", "html", "text", None),
        engine.register(client, translate=False),
        (),
    )
    with pytest.raises(
        RunStopped,
        match=r"partition .*gone.jsonl bytes 5,000–10,000 failed: "
        r"FileNotFoundError",
    ) as stopped:
        engine._run_tasks(client, [gone], run, Totals(), progress=False)
    assert "--resume" in stopped.value.hint


def test_inputs_as_urls_on_shared_storage(runner, corpus, tmp_path, cluster, home, monkeypatch):
    # fsspec's local file system stands for s3:// and the like: the workers open the URLs.
    monkeypatch.setenv("TWEETX_HOME", str(home))
    files = [
        str(corpus / name) for name in ("a-crawl.jsonl", "b-packed.jsonl.gz", "e-samples.jsonl")
    ]
    expected = runner.invoke(cli, ["annotate", *files, "--no-translate"]).stdout
    url = f"file://{corpus}/*.jsonl*"
    out = tmp_path / "urls.jsonl"
    result = runner.invoke(
        cli,
        [
            "annotate",
            url,
            "-o",
            str(out),
            "--no-translate",
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--partition-size",
            "0.01",
        ],
    )
    assert result.exit_code == 3, result.output
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    want = [json.loads(line) for line in expected.splitlines()]
    assert [r["tweetx"]["tweets"] for r in got] == [r["tweetx"]["tweets"] for r in want]
    assert [r["tweetx"]["line"] for r in got] == [r["tweetx"]["line"] for r in want]
    assert got[0]["tweetx"]["source"] == f"file://{corpus}/a-crawl.jsonl"
    result = runner.invoke(
        cli,
        [
            "annotate",
            "file:///nowhere/x.jsonl",
            "-o",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        ],
    )
    assert result.exit_code == 1 and "no such file or directory" in result.stderr


def test_require_translation_names_the_missing_pair(
    runner, corpus, tmp_path, cluster, home, monkeypatch
):
    monkeypatch.setenv("TWEETX_HOME", str(home))  # fa→en is there; the Pashto tweets have none
    result = runner.invoke(
        cli,
        [
            "annotate",
            str(corpus),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--require-translation",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "no package translates ps→en, and --require-translation is set" in result.stderr


def test_a_partition_run_again_in_the_same_run_keeps_its_counts(client, tmp_path):
    # A worker that wrote its part and died before its result arrived: the scheduler runs the
    # task again, which finds the part. Its counts (a failed record among them) must still
    # reach the summary; a part left by an interrupted run is only "resumed".
    from tweetx.engines.partitions import plan_partitions

    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text('{"text": "hello — A (@a) July 7, 2021"}\nnot json\n', encoding="utf-8")
    (partition,) = plan_partitions(0, [str(crawl)], ["crawl.jsonl"], "auto", None)
    options = ((str(tmp_path / "out.jsonl"),), {}, ("auto", "html", "text", None))
    run = engine._Run(*options, engine.register(client, translate=False), ())
    first = client.submit(engine._annotate_partition, partition, run, pure=False).result()
    assert first["stats"]["failed_articles"] == 1 and first["records"] == 2
    again = client.submit(engine._annotate_partition, partition, run, pure=False).result()
    assert again == first
    later = engine._Run(*options, run.plugin, ())  # another run finds the same part
    resumed = client.submit(engine._annotate_partition, partition, later, pure=False).result()
    assert resumed == {"resumed": True, "records": 2}


def _address(log: Path, process) -> str:
    deadline = time.monotonic() + 60
    while True:
        found = [w for w in log.read_text().split() if w.startswith("tcp://")]
        if found:
            return found[0]
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)


def test_a_scheduler_killed_mid_run_is_said_and_resume_on_a_new_cluster_completes(
    runner, corpus, tmp_path
):
    expected = _local(runner, corpus, tmp_path / "local.jsonl", "--no-translate")
    dask_cli = str(Path(sys.executable).with_name("dask"))
    out = tmp_path / "dask.jsonl"
    parts = tmp_path / "dask.jsonl.parts"
    log = tmp_path / "scheduler.log"
    with open(log, "w") as handle:
        scheduler = subprocess.Popen(
            [dask_cli, "scheduler", "--port", "0", "--no-dashboard"], stderr=handle, stdout=handle
        )
    worker = None
    try:
        address = _address(log, scheduler)
        worker = subprocess.Popen(
            [dask_cli, "worker", address, "--nthreads", "1", "--no-dashboard"],
            stderr=subprocess.DEVNULL,
        )
        command = [sys.executable, "-m", "tweetx", "annotate", str(corpus), "-o", str(out)]
        command += ["--engine", "dask", "--partition-size", "0.001", "--no-translate"]
        run = subprocess.Popen(
            command + ["--scheduler", address, "--reproducible"],
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while not (parts.is_dir() and len(list(parts.glob("0*"))) >= 2):
            assert run.poll() is None, "the run ended before its scheduler was killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        scheduler.kill()
        _, stderr = run.communicate(timeout=180)
    finally:
        for process in (scheduler, worker):
            if process is not None:
                process.kill()
                process.wait()
    assert run.returncode == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "lost the Dask scheduler" in lines[0], stderr
    assert "--resume" in lines[0] and not out.exists() and parts.is_dir()
    # a new cluster (here: a local one) finishes the run
    resumed = subprocess.run(
        command + ["--workers", "2", "--resume", "--reproducible"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 3, resumed.stderr
    assert out.read_bytes() == expected


def test_posts_of_other_platforms_travel_through_the_cluster(client):
    import dask.bag

    telegram = (
        '<p>a</p><script async src="https://telegram.org/js/telegram-widget.js?22" '
        'data-telegram-post="kabulnow/1234"></script>'
    )
    records = [{"url": "https://news.example/a", "html": telegram}]
    options = {"target": "en", "translate": False, "platforms": ["x", "telegram"]}
    engine.register(client, **options)
    got = engine.annotate_bag(dask.bag.from_sequence(records, npartitions=1), **options).compute()
    assert [p["id"] for p in got[0]["tweetx"]["posts"]] == ["kabulnow/1234"]


def test_the_platforms_option_on_the_cluster_is_the_local_one(runner, tmp_path, cluster, client):
    tweet = (
        '<blockquote class="twitter-tweet"><p lang="en">Roads open again</p>&mdash; A B (@ab) '
        '<a href="https://twitter.com/ab/status/1412743195653169728">July 7, 2021</a></blockquote>'
    )
    telegram = '<script async data-telegram-post="kabulnow/1234"></script>'
    pages = tmp_path / "pages.jsonl"
    pages.write_text(
        "".join(
            json.dumps({"url": f"https://news.example/{i}", "html": f"<p>{i}</p>{tweet}{telegram}"})
            + "\n"
            for i in range(6)
        ),
        encoding="utf-8",
    )
    for platforms, posts in (("x", 0), ("x,telegram", 1), ("all", 1)):
        outputs = []
        for engine_options in (
            ["--engine", "dask", "--scheduler", cluster.scheduler_address],
            [],
        ):
            out = tmp_path / f"{platforms}-{len(engine_options)}.jsonl"
            result = runner.invoke(
                cli,
                ["annotate", str(pages), "-o", str(out), "--no-translate"]
                + ["--platforms", platforms, *engine_options],
            )
            assert result.exit_code == 0, result.output
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], platforms
        records = [json.loads(line) for line in outputs[0].splitlines()]
        assert all(len(r["tweetx"]["tweets"]) == 1 for r in records)
        assert all(len(r["tweetx"].get("posts", [])) == posts for r in records), platforms
