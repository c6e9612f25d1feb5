"""Batch runs: output plans, every record once and in order, resume after kill -9, Ctrl-C,
progress on a terminal only, --fail-fast, --require-translation, encodings and hostile input."""

from __future__ import annotations

import contextlib
import errno
import gzip
import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from tweetx.cli import ExitCode, cli
from tweetx.engines.local import PartialOutput, plan
from tweetx.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
TWEET = (
    "نیروهای امنیتی در شهر قلعه نو گشت زنی را آغاز کردند. — Tariq Arian (@TariqArian3) July 7, 2021"
)


def _crawl(path: Path, n: int, bad_every: int = 97) -> Path:
    """An invented crawl: text and HTML records, some with no tweet, some lines not JSON."""
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            if i % bad_every == 5:
                handle.write(f"not json {i}\n")
            elif i % 3 == 0:
                page = (
                    f'<blockquote class="twitter-tweet"><p lang="fa">شهر آرام است {i}</p>'
                    f'&mdash; A (@a) <a href="https://twitter.com/a/status/{10**18 + i}">'
                    f"July 7, 2021</a></blockquote>"
                )
                handle.write(json.dumps({"url": f"u{i}", "html": page}, ensure_ascii=False) + "\n")
            elif i % 3 == 1:
                handle.write(
                    json.dumps({"url": f"u{i}", "text": f"خبر {i}.\n\n{TWEET}"}, ensure_ascii=False)
                    + "\n"
                )
            else:
                handle.write(json.dumps({"url": f"u{i}", "text": "no tweet here"}) + "\n")
    return path


def _tweetx(*args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "tweetx", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _kill_when(part: Path, process, min_bytes: int, sig=signal.SIGKILL) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if part.exists() and part.stat().st_size >= min_bytes:
            process.send_signal(sig)
            break
        time.sleep(0.005)
    process.communicate(timeout=120)


# -- planning ----------------------------------------------------------------------------------
def test_output_dir_mirrors_the_input_tree(tmp_path, runner):
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.html").write_text("<p>no tweet</p>", encoding="utf-8")
    (tree / "sub" / "b.txt").write_text(TWEET, encoding="utf-8")
    with gzip.open(tree / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"text": "one"}\n{"text": "two"}\n')
    (tree / "notes.md").write_text("ignored", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["annotate", "--no-translate", str(tree), "-o", f"{out}/"])
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["c.jsonl", "sub/a.html.jsonl", "sub/b.txt.jsonl"]
    assert len((out / "c.jsonl").read_text().splitlines()) == 2
    assert (
        json.loads((out / "sub/b.txt.jsonl").read_text())["tweetx"]["tweets"][0]["author"]["handle"]
        == "TariqArian3"
    )
    assert "3 files under" in result.stderr

    only_text = runner.invoke(cli, ["annotate", "--no-translate", "--glob", "*.txt", str(tree)])
    assert [json.loads(line)["tweetx"]["source"] for line in only_text.stdout.splitlines()] == [
        str(tree / "sub" / "b.txt")
    ]


def test_plan_refuses_two_inputs_for_one_output(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.jsonl").write_text("{}\n")
    (inputs / "a.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))
    with pytest.raises(UsageError, match="would both be written"):
        plan([str(inputs)], str(tmp_path / "out") + "/")
    with pytest.raises(UsageError, match="would destroy it"):
        plan([str(inputs / "a.jsonl")], str(inputs / "a.jsonl"))


def test_usage_errors_exit_2(runner, tmp_path):
    (tmp_path / "a.txt").write_text(TWEET, encoding="utf-8")
    assert (
        runner.invoke(cli, ["annotate", "--resume", str(tmp_path / "a.txt")]).exit_code
        == ExitCode.USAGE
    )
    assert (
        runner.invoke(
            cli, ["annotate", "--no-translate", "--require-translation", str(tmp_path / "a.txt")]
        ).exit_code
        == ExitCode.USAGE
    )


# -- every record, once, in order ----------------------------------------------------------------
def test_every_record_once_in_order_with_errors_in_place(tmp_path, runner):
    crawl = _crawl(tmp_path / "crawl.jsonl", 300)
    lines = crawl.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(cli, ["annotate", "--no-translate", str(crawl), "--window", "7"])
    assert result.exit_code == ExitCode.RECORDS_FAILED
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(lines)
    for number, (line, record) in enumerate(zip(lines, records), start=1):
        metadata = record.pop("tweetx")
        assert metadata["line"] == number and metadata["source"] == str(crawl)
        if line.startswith("not json"):
            assert metadata["raw"] == line and record == {}
            assert {"type", "message", "source", "line"} <= set(metadata["error"])
            assert metadata["error"]["line"] == number
        else:
            assert record == json.loads(line)  # the original content, untouched
            assert metadata["error"] is None
    assert "4 records failed" in result.stderr


def test_records_of_the_wrong_shape_keep_their_content(tmp_path, runner):
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '[1, 2]\n{"html": 5, "url": "u"}\n{"text": "\\ud800 x — A (@a) July 7, 2021"}\n'
        '{"html": "<p>\\udfff</p>"}\n{"text": "nul \\u0000 — A (@a) July 7, 2021"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["annotate", "--no-translate", str(path)])
    assert result.exit_code == ExitCode.RECORDS_FAILED
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["tweetx"]["raw"] == [1, 2]
    assert records[1]["url"] == "u" and records[1]["html"] == 5
    assert "'html' is a number, not a string" in records[1]["tweetx"]["error"]["message"]
    assert records[2]["text"].startswith("\ud800")  # written escaped, read back exactly
    assert records[2]["tweetx"]["tweets"][0]["text"] == "\ufffd x"
    assert records[3]["tweetx"]["error"] is None
    assert records[4]["tweetx"]["tweets"][0]["text"] == "nul \x00"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1256"])
def test_jsonl_encodings_are_detected(tmp_path, runner, encoding):
    text = "قالت الحكومة إن الوضع مستقر — A (@a) July 7, 2021"
    path = tmp_path / "x.jsonl"
    path.write_bytes(
        (
            json.dumps({"text": text}, ensure_ascii=False)
            + "\n"
            + json.dumps({"text": "two"})
            + "\n"
        ).encode(encoding)
    )
    result = runner.invoke(cli, ["annotate", "--no-translate", str(path)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == [text, "two"]


def test_forced_encoding(tmp_path, runner):
    path = tmp_path / "page.html"
    path.write_bytes("<p>الوضع مستقر</p>".encode("utf-16-le"))  # no BOM: only --encoding knows
    result = runner.invoke(
        cli, ["annotate", "--no-translate", "--encoding", "utf-16-le", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["tweetx"]["error"] is None


def test_hostile_files_never_stop_the_run(tmp_path, runner):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "cut.html").write_text(
        '<blockquote class="twitter-tweet"><p lang="fa">شهر آرام'
        ' است</p>&mdash; A (@a) <a href="https://twitter.com/a/sta',
        encoding="utf-8",
    )
    (tmp_path / "deep.html").write_text(
        "<div>" * 100_000
        + '<blockquote class="twitter-tweet"><p>deep</p></blockquote>'
        + "</div>" * 100_000,
        encoding="utf-8",
    )
    (tmp_path / "long.txt").write_text("x" * 5_000_000 + " " + TWEET, encoding="utf-8")
    lines = "".join(
        json.dumps({"text": f"record {i} {i * 7919 % 104729}"}) + "\n" for i in range(2000)
    )
    packed = gzip.compress(lines.encode())
    (tmp_path / "trunc.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    result = runner.invoke(cli, ["annotate", "--no-translate", str(tmp_path)])
    outputs = [json.loads(line)["tweetx"] for line in result.stdout.splitlines()]
    records = {Path(r["source"]).name: r for r in outputs}  # for .gz: its last record
    assert set(records) == {
        "empty.html",
        "binary.html",
        "cut.html",
        "deep.html",
        "long.txt",
        "trunc.jsonl.gz",
    }
    assert "binary file" in records["binary.html"]["error"]["message"]
    assert records["cut.html"]["tweets"][0]["text"] == "شهر آرام است"
    assert records["deep.html"]["tweets"][0]["text"] == "deep"
    assert len(records["long.txt"]["tweets"][0]["text"]) <= 25_000
    assert records["trunc.jsonl.gz"]["error"]["type"] == "InputError"
    assert "after line" in records["trunc.jsonl.gz"]["error"]["message"]
    assert 0 < len(outputs) - 5 < 2000
    assert result.exit_code == ExitCode.RECORDS_FAILED


# -- resume ------------------------------------------------------------------------------------
def test_partial_output_drops_a_torn_line(tmp_path):
    target = tmp_path / "o.jsonl"
    (tmp_path / "o.jsonl.part").write_text('{"a": 1}\n{"a": 2}\n{"a": ', encoding="utf-8")
    out = PartialOutput(target, resume=True)
    assert out.done == 2
    out.write(b'{"a": 3}\n')
    out.commit()
    assert target.read_text() == '{"a": 1}\n{"a": 2}\n{"a": 3}\n'
    assert not (tmp_path / "o.jsonl.part").exists()


def test_two_runs_cannot_write_one_output(tmp_path):
    first = PartialOutput(tmp_path / "o.jsonl")
    first.write(b'{"a": 1}\n')
    with pytest.raises(UsageError, match="another tweetx run"):
        PartialOutput(tmp_path / "o.jsonl")
    first.commit()
    assert (tmp_path / "o.jsonl").read_text() == '{"a": 1}\n'


@pytest.mark.parametrize(
    "translate, fraction",
    [
        ("--no-translate", 0.15),
        ("--no-translate", 0.7),
        ("--translate", 0.4),
        ("--no-translate --workers 2", 0.4),
    ],
)
def test_resume_after_kill_9_is_byte_identical(tmp_path, toy_installed, translate, fraction):
    # Gated, not raced: the killed run reads its records from a pipe the test keeps open, so it
    # cannot finish before the kill however fast the machine is; the whole run and the resumed
    # one read the same records from stdin (an input of stdin resumes like a file).
    crawl = _crawl(tmp_path / "crawl.jsonl", 1500)
    lines = crawl.read_bytes().splitlines(keepends=True)
    options = [*translate.split(), "--window", "16", "-q"]
    whole = tmp_path / "whole.jsonl"
    with open(crawl, "rb") as records:
        assert _tweetx("annotate", "-", "-o", whole, *options, stdin=records).wait(300) == 3
    expected = whole.read_bytes()

    out = tmp_path / "resumed.jsonl"
    part = tmp_path / "resumed.jsonl.part"
    run = _tweetx("annotate", "-", "-o", out, *options, stdin=subprocess.PIPE)
    try:
        # all but the last records: the run holds up to five chunks of 128 with --workers 2
        run.stdin.writelines(lines[: int(len(lines) * 0.95)])
        run.stdin.flush()
        deadline = time.monotonic() + 300
        while not (part.exists() and part.stat().st_size >= len(expected) * fraction):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)
        run.kill()
    finally:
        run.communicate(timeout=120)  # closes the pipe
    assert part.exists() and not out.exists()
    assert 0 < part.stat().st_size < len(expected)
    with open(crawl, "rb") as records:
        resumed = _tweetx("annotate", "-", "-o", out, "--resume", *options[:-1], stdin=records)
        _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == ExitCode.RECORDS_FAILED
    assert out.read_bytes() == expected
    assert not part.exists()
    assert b"kept from the interrupted run" in stderr


def test_resume_refuses_other_inputs_or_options(tmp_path, runner):
    crawl = _crawl(tmp_path / "crawl.jsonl", 50)
    out = tmp_path / "o.jsonl"
    part = PartialOutput(out, fingerprint={"inputs": [], "options": {"target": "de"}})
    part.write(b'{"a": 1}\n')
    part.close()  # as if the run had been killed
    result = runner.invoke(
        cli, ["annotate", "--no-translate", str(crawl), "-o", str(out), "--resume"]
    )
    assert result.exit_code == ExitCode.USAGE
    assert "other inputs or options" in result.stderr
    assert (tmp_path / "o.jsonl.part").read_text() == '{"a": 1}\n'  # untouched
    fresh = runner.invoke(cli, ["annotate", "--no-translate", str(crawl), "-o", str(out)])
    assert fresh.exit_code == ExitCode.RECORDS_FAILED
    assert (
        not (tmp_path / "o.jsonl.part.json").exists() and not (tmp_path / "o.jsonl.part").exists()
    )


def _crawl_dir(directory: Path, names: str, n: int) -> Path:
    directory.mkdir()
    for name in names:
        _crawl(directory / f"{name}.jsonl", n)
    return directory


def test_resume_of_a_directory_run(tmp_path):
    # A directory's files cannot be fed through a pipe (a resumed file must be the same file),
    # so the kill is not gated: when the run finished before it landed, the test does not fail
    # but tries again with files four times as big (a slow machine only makes it land sooner).
    for attempt, n in enumerate((400, 1600, 6400, 25600)):
        root = tmp_path / str(attempt)
        root.mkdir()
        inputs = _crawl_dir(root / "in", "abcd", n)
        whole, out = root / "whole", root / "out"
        assert _tweetx("annotate", "--no-translate", inputs, "-o", f"{whole}/", "-q").wait(300) == 3
        run = _tweetx("annotate", "--no-translate", "--window", "8", inputs, "-o", f"{out}/", "-q")
        _kill_when(out / "c.jsonl.part", run, 20 * n)
        if (out / "c.jsonl.part").exists():
            break
    assert (out / "a.jsonl").exists() and (out / "c.jsonl.part").exists()
    assert (
        _tweetx("annotate", "--no-translate", inputs, "-o", f"{out}/", "--resume", "-q").wait(300)
        == 3
    )
    for name in "abcd":
        assert (out / f"{name}.jsonl").read_bytes() == (whole / f"{name}.jsonl").read_bytes()
    assert not list(out.glob("*.part"))


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]])
def test_ctrl_c_keeps_what_is_done(tmp_path, workers):
    # Gated, not raced: the run reads a FIFO that the test feeds and does not close, so it
    # cannot finish before the signal however fast or loaded the machine is.
    crawl = _crawl(tmp_path / "crawl.jsonl", 3000)
    lines = crawl.read_bytes().splitlines(keepends=True)
    whole = tmp_path / "whole.jsonl"
    assert _tweetx("annotate", "--no-translate", crawl, "-o", whole).wait(300) == 3
    crawl.unlink()
    os.mkfifo(crawl)  # the same path, so that records name the same source
    out, part = tmp_path / "o.jsonl", tmp_path / "o.jsonl.part"
    # A shell that starts jobs in the background has them ignore SIGINT, and a child inherits
    # that: the run under test gets Ctrl-C's default handling whatever started the tests.
    run = _tweetx(
        "annotate",
        "--no-translate",
        "--window",
        "8",
        *workers,
        crawl,
        "-o",
        out,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    with _feed(crawl, run) as feed:  # never blocks on a run that died before reading
        feed.writelines(lines[:2000])
        feed.flush()
        deadline = time.monotonic() + 300
        while not (part.exists() and part.stat().st_size > 50_000):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=120)
    assert run.returncode == ExitCode.INTERRUPTED
    assert b"--resume" in stderr and b"Interrupted" in stderr
    kept = part.read_bytes()
    assert kept.endswith(b"\n") and len(kept) > 50_000  # flushed up to a whole record
    assert whole.read_bytes().startswith(kept)  # the first records, as a whole run writes them


# -- progress, stopping early -------------------------------------------------------------------
def test_progress_goes_to_a_terminal_never_to_stdout(tmp_path):
    crawl = _crawl(tmp_path / "crawl.jsonl", 3000)
    main, secondary = pty.openpty()
    run = subprocess.Popen(
        [sys.executable, "-m", "tweetx", "annotate", "--no-translate", str(crawl)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=secondary,
    )
    os.close(secondary)
    stdout, _ = run.communicate(timeout=300)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert b"\r" in shown and b"records" in shown and b"MB" in shown and b"ETA" in shown
    assert b"3,000 articles" in shown  # the summary
    assert all(json.loads(line) for line in stdout.splitlines())
    assert len(stdout.splitlines()) == 3000


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path, runner):
    crawl = _crawl(tmp_path / "crawl.jsonl", 200)
    result = runner.invoke(cli, ["annotate", "--no-translate", str(crawl)])
    assert "\r" not in result.stderr and "200 articles" in result.stderr
    quiet = runner.invoke(cli, ["annotate", "--no-translate", "-q", str(crawl)])
    assert quiet.stderr == ""


def test_fail_fast_stops_at_the_first_bad_record(tmp_path, runner):
    crawl = _crawl(tmp_path / "crawl.jsonl", 300)
    out = tmp_path / "o.jsonl"
    result = runner.invoke(
        cli,
        ["annotate", "--no-translate", "--fail-fast", "--window", "4", str(crawl), "-o", str(out)],
    )
    assert result.exit_code == ExitCode.RECORDS_FAILED
    assert f"{crawl}:6: line is not JSON" in result.stderr
    assert not out.exists()
    # The failed record is not written: after a fix, --resume starts at it.
    assert len((tmp_path / "o.jsonl.part").read_text().splitlines()) == 5


def test_require_translation_fails_at_start_when_nothing_translates(tmp_path, runner):
    path = tmp_path / "a.txt"
    path.write_text(TWEET, encoding="utf-8")
    result = runner.invoke(cli, ["annotate", "--require-translation", str(path)])
    assert result.exit_code == ExitCode.FATAL
    assert "no Argos package translates into 'en'" in result.stderr
    assert "tweetx models install" in result.stderr
    assert result.stdout == ""
    plain = runner.invoke(cli, ["annotate", str(path)])
    assert plain.exit_code == 0 and "no Argos package for fa→en" in plain.stderr


def test_require_translation_stops_at_a_missing_pair(tmp_path, runner, toy_installed):
    path = tmp_path / "crawl.jsonl"
    pashto = "د کابل په ښار کې خلک نن راټول شول — A (@a) July 7, 2021"
    path.write_text(
        json.dumps({"text": TWEET}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": pashto}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        [
            "annotate",
            "--require-translation",
            "--batch-tweets",
            "1",
            str(path),
            "-o",
            str(tmp_path / "o.jsonl"),
        ],
    )
    assert result.exit_code == ExitCode.FATAL
    assert "no Argos package for ps→en is installed" in result.stderr
    assert len((tmp_path / "o.jsonl.part").read_text(encoding="utf-8").splitlines()) == 1


def test_stdin(runner):
    result = runner.invoke(
        cli, ["annotate", "--no-translate", "-"], input=json.dumps({"text": TWEET}) + "\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["tweetx"]["tweets"][0]["author"]["handle"] == "TariqArian3"


# -- several processes --------------------------------------------------------------------------
def test_workers_write_what_one_process_writes(tmp_path):
    crawl = _crawl(tmp_path / "crawl.jsonl", 2000)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    single = _tweetx("annotate", "--no-translate", crawl, "-o", one)
    several = _tweetx("annotate", "--no-translate", "--workers", "2", crawl, "-o", two)
    _, single_summary = single.communicate(timeout=300)
    _, several_summary = several.communicate(timeout=300)
    assert single.returncode == several.returncode == ExitCode.RECORDS_FAILED
    assert one.read_bytes() == two.read_bytes()
    assert single_summary.replace(b"one.jsonl", b"two.jsonl") == several_summary  # same counts


def test_workers_serve_every_output_of_a_directory_run(tmp_path):
    inputs = _crawl_dir(tmp_path / "in", "abc", 300)
    one, two = tmp_path / "one", tmp_path / "two"
    assert _tweetx("annotate", "--no-translate", inputs, "-o", f"{one}/", "-q").wait(300) == 3
    assert (
        _tweetx("annotate", "--no-translate", "--workers", "2", inputs, "-o", f"{two}/", "-q").wait(
            300
        )
        == 3
    )
    for name in "abc":
        assert (two / f"{name}.jsonl").read_bytes() == (one / f"{name}.jsonl").read_bytes()


def test_workers_stop_at_the_first_failed_record(tmp_path):
    crawl = _crawl(tmp_path / "crawl.jsonl", 1000)
    out = tmp_path / "o.jsonl"
    alone = _tweetx("annotate", "--no-translate", "--workers", "1", "--fail-fast", crawl, "-o", out)
    _, alone_stderr = alone.communicate(timeout=300)
    os.unlink(tmp_path / "o.jsonl.part")
    run = _tweetx("annotate", "--no-translate", "--workers", "2", "--fail-fast", crawl, "-o", out)
    _, stderr = run.communicate(timeout=300)
    assert b"crawl.jsonl:6" in stderr and b"--fail-fast" in stderr
    assert len((tmp_path / "o.jsonl.part").read_bytes().splitlines()) == 5  # the records before
    assert stderr == alone_stderr  # the same counts: the rest of the chunk is not counted


def test_a_big_input_uses_one_process_per_core_when_not_translating():
    from tweetx.engines.processes import MIN_BYTES, auto_processes

    assert auto_processes(MIN_BYTES, 2) == 2
    assert auto_processes(MIN_BYTES, 64) == 4  # past that the run's own process sets the pace
    assert auto_processes(MIN_BYTES - 1, 4) == 1
    assert auto_processes(MIN_BYTES, None) == 1


@pytest.mark.parametrize("options", [["--translate"], ["--no-translate", "--html-out", "pages"]])
def test_workers_refused_where_records_cannot_go_apart(tmp_path, runner, options):
    crawl = _crawl(tmp_path / "crawl.jsonl", 10)
    result = runner.invoke(
        cli, ["annotate", *options, "--workers", "2", str(crawl), "-o", str(tmp_path / "o.jsonl")]
    )
    assert result.exit_code == ExitCode.USAGE
    assert "--workers" in result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"resource_tracker" not in cmdline:
                found.append(int(entry.name))
    return found


def test_a_script_without_a_main_guard_is_not_run_again_by_the_workers(tmp_path):
    crawl = _crawl(tmp_path / "crawl.jsonl", 600)
    out = tmp_path / "o.jsonl"
    script = tmp_path / "run.py"  # what a user's script calling the CLI looks like
    script.write_text(
        "import sys\nfrom tweetx.cli import main\n"
        f"sys.argv = ['tweetx', 'annotate', '--no-translate', '--workers', '2', "
        f"'-q', {str(crawl)!r}, '-o', {str(out)!r}]\nmain()\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == ExitCode.RECORDS_FAILED, run.stderr
    assert len(out.read_bytes().splitlines()) == 600


def _feed(fifo: Path, run) -> BinaryIO:
    """The FIFO ``run`` reads, opened for writing once the run has opened it (never blocking
    on a run that stopped before it)."""
    deadline = time.monotonic() + 300
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        else:
            os.set_blocking(fd, True)
            return open(fd, "wb")


def _write_all(feed: BinaryIO, lines: list[bytes]) -> None:
    with contextlib.suppress(BrokenPipeError):  # the run stopped reading: it has ended
        feed.writelines(lines)
        feed.flush()


def test_a_worker_killed_from_outside_stops_the_run_and_keeps_its_output(tmp_path):
    # Gated, not raced: the run reads a FIFO that the test keeps open until the run has ended,
    # so it can end only by seeing its worker's death, whenever that comes.
    crawl = _crawl(tmp_path / "crawl.jsonl", 20_000)
    lines = crawl.read_bytes().splitlines(keepends=True)
    whole = tmp_path / "whole.jsonl"
    assert (
        _tweetx("annotate", "--no-translate", "--workers", "2", crawl, "-o", whole).wait(300) == 3
    )
    crawl.unlink()
    os.mkfifo(crawl)  # the same path, so that records name the same source
    started = os.stat(crawl).st_mtime_ns
    out, part = tmp_path / "o.jsonl", tmp_path / "o.jsonl.part"
    run = _tweetx("annotate", "--no-translate", "--workers", "2", "--window", "8", crawl, "-o", out)
    feed = _feed(crawl, run)
    try:
        feed.writelines(lines[:5000])
        feed.flush()
        deadline = time.monotonic() + 300
        while not (part.exists() and part.stat().st_size > 100_000):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(_children(run.pid)[0], signal.SIGKILL)
        # The rest, for the run to go on until it meets the death; fed beside, so that a run
        # which stopped reading without stopping fails this test instead of hanging it.
        rest = threading.Thread(target=_write_all, args=(feed, lines[5000:]))
        rest.start()
        try:
            _, stderr = run.communicate(timeout=120)  # the input still open: it cannot just end
        except subprocess.TimeoutExpired:
            run.kill()
            run.communicate()
            pytest.fail("the run did not stop when its worker was killed")
        finally:
            rest.join()  # ended: all written, or the run's end of the FIFO closed
    finally:
        with contextlib.suppress(BrokenPipeError):
            feed.close()
    assert run.returncode == ExitCode.FATAL, stderr
    assert b"a worker process died" in stderr and b"--resume" in stderr
    kept = part.read_bytes()
    assert kept.endswith(b"\n") and len(kept) > 100_000  # whole records only
    assert whole.read_bytes().startswith(kept)  # the first records, as a whole run writes them

    # A FIFO's time changes as it is fed: put back the one the run started with, so that
    # --resume knows the input (fed again whole, as from a file).
    os.utime(crawl, ns=(started, started))
    resumed = _tweetx("annotate", "--no-translate", crawl, "-o", out, "--resume")
    with _feed(crawl, resumed) as feed:
        feed.writelines(lines)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == ExitCode.RECORDS_FAILED, stderr
    assert b"kept from the interrupted run" in stderr
    assert out.read_bytes() == whole.read_bytes()
    assert len(out.read_bytes().splitlines()) == 20_000
