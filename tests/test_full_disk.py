"""A disk that fills during a run, on a small tmpfs mounted by the test (root only; skipped with
the reason otherwise): the run stops in one line naming the file, the .part ends on a whole
record, and --resume once there is room again writes what a clean run writes. A translation
cache on a full disk is switched off, said once, and the run goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TWEET = (
    "نیروهای امنیتی گشت‌زنی را در شهر قلعه‌نو آغاز کردند. pic.twitter.com/8VdQJd4oF2 — "
    "Tariq Arian (@TariqArian3) July 7, 2021"
)


@pytest.fixture
def small_disk(tmp_path):
    """mount(size) -> a directory on a tmpfs of that size; remount(size) gives it more room."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = []

    def mount(path: Path, size: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(path)
        return path

    def remount(path: Path, size: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True)

    yield mount, remount
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], check=False)


def _crawl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            record = {"url": f"u{i}", "text": f"خبر شماره {i} از هرات.\n\n{TWEET}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _annotate(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tweetx", "annotate", "-q", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def test_a_full_disk_stops_the_run_and_resume_completes_it(tmp_path, small_disk):
    mount, remount = small_disk
    crawl = _crawl(tmp_path / "crawl.jsonl", 2000)
    clean = tmp_path / "clean.jsonl"
    assert _annotate("--no-translate", crawl, "-o", clean).returncode == 0
    assert clean.stat().st_size > 1_000_000
    disk = mount(tmp_path / "disk", "256k")
    out = disk / "out.jsonl"
    run = _annotate("--no-translate", crawl, "-o", out)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "No space left" in lines[0], run.stderr
    part = disk / "out.jsonl.part"
    kept = part.read_bytes()
    assert kept and kept.endswith(b"\n") and clean.read_bytes().startswith(kept)
    remount(disk, "16m")  # room again
    resumed = _annotate("--no-translate", crawl, "-o", out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == clean.read_bytes() and not part.exists()


def test_a_cache_on_a_full_disk_is_switched_off_once_and_the_run_goes_on(
    tmp_path, small_disk, toy_installed
):
    mount, _ = small_disk
    home = Path(os.environ["TWEETX_HOME"])
    mount(home / "cache", "48k")
    crawl = _crawl(tmp_path / "crawl.jsonl", 400)
    out = tmp_path / "out.jsonl"
    run = _annotate(crawl, "-o", out, "--batch-tweets", "16", env={**os.environ})
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("switched off") == 1, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 400
    assert all(r["tweetx"]["tweets"][0]["translation"] for r in records)
