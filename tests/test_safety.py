"""Nothing lost, nobody escapes: outputs never destroy inputs, resume never resumes the wrong
thing, and misuse ends in a message, never a traceback (issue 12)."""

from __future__ import annotations

import gzip
import json
import os
import stat
import time
from pathlib import Path

import pytest

from tweetx.cli import ExitCode, cli
from tweetx.engines.local import PartialOutput

TWEET = (
    "نیروهای امنیتی در شهر قلعه نو گشت زنی را آغاز کردند. — Tariq Arian (@TariqArian3) July 7, 2021"
)
PAGE = (
    '<html><body><p>Story.</p><blockquote class="twitter-tweet"><p lang="fa">شهر آرام است</p>'
    '&mdash; A (@a) <a href="https://twitter.com/a/status/1412743195653169728">July 7, 2021'
    "</a></blockquote></body></html>"
)


def _inputs(tmp_path: Path) -> Path:
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.jsonl").write_text(
        json.dumps({"url": "u", "text": TWEET}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (tree / "page.html").write_text(PAGE, encoding="utf-8")
    (tree / "sub" / "page.html").write_text(PAGE.replace("Story", "Other"), encoding="utf-8")
    (tree / "quiet.html").write_text("<html><body><p>No tweet.</p></body></html>", encoding="utf-8")
    return tree


def _run(runner, *args):
    return runner.invoke(cli, ["annotate", "--no-translate", "-q", *map(str, args)])


# -- outputs never destroy inputs ----------------------------------------------------------------
@pytest.mark.parametrize("output", ["in/", "in", "in/sub/", "link-to-in/"], ids=str)
def test_output_directory_among_the_inputs_is_refused(tmp_path, runner, tree_hash, output):
    tree = _inputs(tmp_path)
    (tmp_path / "link-to-in").symlink_to(tree)
    before = tree_hash(tmp_path)
    result = _run(runner, tree, "-o", tmp_path / output)
    assert result.exit_code == ExitCode.USAGE, result.stderr
    assert "inside the input directory" in result.stderr
    assert tree_hash(tmp_path) == before


def test_output_file_that_is_an_input_through_a_link_is_refused(tmp_path, runner, tree_hash):
    tree = _inputs(tmp_path)
    (tmp_path / "alias.jsonl").symlink_to(tree / "a.jsonl")
    before = tree_hash(tmp_path)
    result = _run(runner, tree / "a.jsonl", "-o", tmp_path / "alias.jsonl")
    assert result.exit_code == ExitCode.USAGE and "would destroy it" in result.stderr
    assert tree_hash(tmp_path) == before


def test_html_out_mirrors_the_tree_and_never_touches_inputs(tmp_path, runner, tree_hash):
    tree = _inputs(tmp_path)
    before = tree_hash(tree)
    refused = _run(runner, tree, "-o", tmp_path / "out.jsonl", "--html-out", tree)
    assert refused.exit_code == ExitCode.USAGE and "--html-out" in refused.stderr
    result = _run(runner, tree, "-o", tmp_path / "out.jsonl", "--html-out", tmp_path / "pages")
    assert result.exit_code == 0, result.stderr
    assert tree_hash(tree) == before
    pages = sorted(
        str(p.relative_to(tmp_path / "pages")) for p in (tmp_path / "pages").rglob("*.html")
    )
    assert pages == ["page.html", "sub/page.html"]  # mirrored; the page with no tweet left out
    assert "Other" in (tmp_path / "pages" / "sub" / "page.html").read_text(encoding="utf-8")


def test_same_basename_pages_from_two_arguments_are_refused(tmp_path, runner):
    tree = _inputs(tmp_path)
    result = _run(
        runner,
        tree / "page.html",
        tree / "sub" / "page.html",
        "-o",
        tmp_path / "o.jsonl",
        "--html-out",
        tmp_path / "pages",
    )
    assert result.exit_code == ExitCode.USAGE and "would both be written" in result.stderr
    assert not (tmp_path / "pages").exists()


def test_html_pages_follow_the_umask(tmp_path, runner):
    tree = _inputs(tmp_path)
    old = os.umask(0o022)
    try:
        assert _run(runner, tree / "page.html", "--html-out", tmp_path / "pages").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "pages" / "page.html").stat().st_mode) == 0o644


def test_stdin_page_gets_an_html_name(tmp_path, runner):
    result = runner.invoke(
        cli,
        [
            "annotate",
            "--no-translate",
            "-q",
            "--format",
            "html",
            "-",
            "--html-out",
            str(tmp_path / "pages"),
        ],
        input=PAGE,
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "pages").iterdir()] == ["stdin.html"]


def test_output_through_a_symlink_writes_the_target(tmp_path, runner):
    tree = _inputs(tmp_path)
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    assert _run(runner, tree / "a.jsonl", "-o", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["url"] == "u"


def test_output_to_a_device_keeps_the_device(tmp_path, runner):
    # A device node of the test's own (the null device's numbers): were the code to replace its
    # output with a new file, it would replace this one, not the system's /dev/null.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    tree = _inputs(tmp_path)
    assert _run(runner, tree / "a.jsonl", "-o", device).exit_code == 0
    assert stat.S_ISCHR(device.stat().st_mode)


def test_output_to_a_fifo_is_streamed(tmp_path):
    import select
    import subprocess
    import sys

    tree = _inputs(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # never blocks, writer or not
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tweetx",
            "annotate",
            "--no-translate",
            "-q",
            str(tree / "a.jsonl"),
            "-o",
            str(fifo),
        ],
        stderr=subprocess.PIPE,
        env=users_environment(),
    )
    data = b""
    while True:
        finished = run.poll() is not None
        chunk = os.read(reader, 1 << 16) if select.select([reader], [], [], 0.05)[0] else b""
        data += chunk
        if finished and not chunk:
            break
        if not chunk:
            time.sleep(0.01)  # no writer yet: a FIFO reads as at its end
    os.close(reader)
    assert run.wait(60) == 0, run.stderr.read()
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(data.decode("utf-8").splitlines()[0])["url"] == "u"


def test_gz_output_is_compressed_and_resumes(tmp_path, runner):
    tree = _inputs(tmp_path)
    out = tmp_path / "o.jsonl.gz"
    assert _run(runner, tree / "a.jsonl", "-o", out).exit_code == 0
    assert json.loads(gzip.decompress(out.read_bytes()))["url"] == "u"
    # A killed gzip writer leaves a torn stream: its complete lines are kept, the rest redone.
    torn = gzip.compress(b'{"a": 1}\n{"a": 2}\n{"a": ')[:-6]
    (tmp_path / "p.jsonl.gz.part").write_bytes(torn)
    part = PartialOutput(tmp_path / "p.jsonl.gz", resume=True)
    assert part.done == 2
    part.write(b'{"a": 3}\n')
    part.commit()
    assert (
        gzip.decompress((tmp_path / "p.jsonl.gz").read_bytes()) == b'{"a": 1}\n{"a": 2}\n{"a": 3}\n'
    )


def test_the_lock_is_held_until_the_rename(tmp_path, monkeypatch):
    import fcntl

    out = tmp_path / "o.jsonl"
    first = PartialOutput(out)
    first.write(b'{"a": 1}\n')
    held = []
    real_replace = os.replace

    def replace(src, dst):
        with open(src, "ab") as other:  # what a second run does with the .part
            try:
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except OSError:
                held.append(True)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    first.commit()
    assert held == [True]  # no second run can take the file between last write and rename
    assert out.read_text() == '{"a": 1}\n'


# -- resume never resumes the wrong thing --------------------------------------------------------
def test_resume_checks_a_finished_output_against_its_inputs(tmp_path, runner):
    tree = _inputs(tmp_path)
    out = tmp_path / "o.jsonl"
    assert _run(runner, tree / "a.jsonl", "-o", out).exit_code == 0
    assert _run(runner, tree / "a.jsonl", "-o", out, "--resume").exit_code == 0  # unchanged: kept
    (tree / "a.jsonl").write_text(json.dumps({"url": "changed", "text": TWEET}) + "\n")
    before = out.read_bytes()
    result = _run(runner, tree / "a.jsonl", "-o", out, "--resume")
    assert result.exit_code == ExitCode.USAGE and "other inputs or options" in result.stderr
    assert out.read_bytes() == before


def test_resume_refuses_a_part_without_its_record(tmp_path, runner):
    tree = _inputs(tmp_path)
    out = tmp_path / "o.jsonl"
    (tmp_path / "o.jsonl.part").write_text('{"url": "stale"}\n')
    result = _run(runner, tree / "a.jsonl", "-o", out, "--resume")
    assert result.exit_code == ExitCode.USAGE and "cannot be checked" in result.stderr
    assert (tmp_path / "o.jsonl.part").read_text() == '{"url": "stale"}\n'


def test_fail_fast_says_what_will_work(tmp_path, runner):
    crawl = tmp_path / "c.jsonl"
    crawl.write_text('{"text": "fine"}\nnot json\n{"text": "fine"}\n')
    result = _run(runner, crawl, "-o", tmp_path / "o.jsonl", "--fail-fast")
    assert result.exit_code == ExitCode.RECORDS_FAILED
    assert "fix or remove that record" in result.stderr and "without --fail-fast" in result.stderr


# -- inputs are streamed and decoded honestly ----------------------------------------------------
def _strict(line: str):
    def refuse(name):
        raise ValueError(f"{name} in output")

    return json.loads(line, parse_constant=refuse)


def users_environment() -> dict:
    """The environment as a user's shell has it: this machine's and CI's set
    PYTHONUNBUFFERED, which hides any buffering a real consumer would wait on."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_langid_answers_each_stdin_line_as_it_comes():
    import select
    import subprocess
    import sys

    run = subprocess.Popen(
        [sys.executable, "-m", "tweetx", "langid"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=users_environment(),
    )
    run.stdin.write("نیروهای امنیتی گشت‌زنی را در شهر آغاز کردند\n".encode())
    run.stdin.flush()
    ready = select.select([run.stdout], [], [], 30)[0]  # stdin still open
    first = run.stdout.readline() if ready else b""
    run.stdin.close()
    assert run.wait(30) == 0
    assert json.loads(first)["code"] == "fa"


def test_stdin_without_format_is_streamed(tmp_path):
    import select
    import subprocess
    import sys

    run = subprocess.Popen(
        [sys.executable, "-m", "tweetx", "annotate", "--no-translate", "-q", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=users_environment(),
    )
    run.stdin.write(json.dumps({"url": "first", "text": TWEET}).encode() + b"\n")
    run.stdin.flush()
    # The first record comes out while stdin is still open: nothing waits for its end.
    ready = select.select([run.stdout], [], [], 30)[0]
    first = run.stdout.readline() if ready else b""
    run.stdin.write(b'{"url": "second", "text": "x"}\n')
    run.stdin.close()
    rest = run.stdout.read()
    assert run.wait(30) == 0
    assert json.loads(first)["url"] == "first"
    assert json.loads(rest)["url"] == "second"


def test_gzip_on_stdin_and_named_pipes_are_read(tmp_path, runner):
    data = (json.dumps({"url": "u", "text": TWEET}, ensure_ascii=False) + "\n").encode()
    result = runner.invoke(
        cli, ["annotate", "--no-translate", "-q", "-"], input=gzip.compress(data)
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["tweetx"]["tweets"][0]["author"]["handle"] == "TariqArian3"

    import subprocess
    import sys

    fifo = tmp_path / "records"
    os.mkfifo(fifo)
    run = subprocess.Popen(
        [sys.executable, "-m", "tweetx", "annotate", "--no-translate", "-q", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with open(fifo, "wb") as writer:
        writer.write(data)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err.decode()
    assert json.loads(out)["url"] == "u"


def test_a_stray_byte_spoils_only_its_line(tmp_path, runner):
    lines = [
        json.dumps({"n": i, "text": f"سلام {i}"}, ensure_ascii=False).encode() for i in range(4)
    ]
    lines[2] = lines[2].replace(b"2", b"2\xff", 1)
    crawl = tmp_path / "c.jsonl"
    crawl.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(cli, ["annotate", "--no-translate", "-q", str(crawl)])
    assert result.exit_code == ExitCode.RECORDS_FAILED
    records = [_strict(line) for line in result.stdout.splitlines()]
    assert [r.get("text") for r in records] == ["سلام 0", "سلام 1", None, "سلام 3"]
    error = records[2]["tweetx"]["error"]
    offset = len(lines[0]) + len(lines[1]) + 2 + lines[2].index(b"\xff")
    assert f"byte {offset} " in error["message"]
    assert "\\xff" in records[2]["tweetx"]["raw"]  # the line itself is kept


def test_a_windows_1256_file_is_still_read(tmp_path, runner):
    crawl = tmp_path / "c.jsonl"
    crawl.write_bytes(
        json.dumps({"text": "مرحبا بالعالم"}, ensure_ascii=False).encode("cp1256") + b"\n"
    )
    result = runner.invoke(cli, ["annotate", "--no-translate", "-q", str(crawl)])
    assert result.exit_code == 0 and json.loads(result.stdout)["text"] == "مرحبا بالعالم"


@pytest.mark.parametrize(
    "args",
    [["EMPTY"], ["EMPTY", "--glob", "*.html"], ["IN", "--glob", "*.pdf"]],
    ids=["empty-dir", "empty-dir-glob", "glob-matches-nothing"],
)
def test_no_input_matched_says_so(tmp_path, runner, args):
    (tmp_path / "EMPTY").mkdir()
    _inputs(tmp_path).rename(tmp_path / "IN")
    result = runner.invoke(
        cli,
        ["annotate", "--no-translate", *[str(tmp_path / a) if a.isupper() else a for a in args]],
    )
    assert result.exit_code == ExitCode.FATAL
    assert "no input files" in result.stderr and "Traceback" not in result.stderr


def test_numbers_out_of_float_range_stay_strict_json(tmp_path, runner):
    crawl = tmp_path / "c.jsonl"
    crawl.write_text(
        '{"big": 1e400, "small": -1e400, "fine": 1.5, "huge": 123456789012345678901234567890}\n'
        '{"bad": NaN}\n{"bad": Infinity}\n' + "[" * 5000 + "]" * 5000 + "\n"
    )
    result = runner.invoke(cli, ["annotate", "--no-translate", "-q", str(crawl)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        '{"big":1e400,"small":-1e400,"fine":1.5,"huge":123456789012345678901234567890'
    )
    records = [_strict(line) for line in lines]  # every line is strict JSON
    assert ["not a JSON value" in r["tweetx"]["error"]["message"] for r in records[1:3]] == [
        True
    ] * 2
    assert "nested too deeply" in records[3]["tweetx"]["error"]["message"]
    assert result.exit_code == ExitCode.RECORDS_FAILED


# -- every user error is a clear message ----------------------------------------------------------
def test_find_tweets_says_what_to_pass():
    from tweetx.embeds import find_tweets

    with pytest.raises(TypeError, match="takes an Article"):
        find_tweets("a string")


def test_messages_name_json_types_and_count_in_english(tmp_path, runner):
    crawl = tmp_path / "c.jsonl"
    crawl.write_text('null\n{"html": 3}\n[1]\n')
    result = runner.invoke(cli, ["annotate", "--no-translate", str(crawl)])
    errors = [json.loads(line)["tweetx"]["error"]["message"] for line in result.stdout.splitlines()]
    assert errors[0].startswith("record is null, not a JSON object")
    assert errors[1].startswith("field 'html' is a number, not a string")
    assert errors[2].startswith("record is an array")
    one = tmp_path / "one.jsonl"
    one.write_text('{"text": "x"}\n')
    summary = runner.invoke(cli, ["annotate", "--no-translate", str(one)]).stderr
    assert "1 article, 0 tweets" in summary and "0 records failed" in summary


def test_a_read_only_output_directory_is_a_message(tmp_path, runner, monkeypatch):
    import builtins

    tree = _inputs(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = builtins.open

    def refusing_open(
        file, *args, **kwargs
    ):  # what a read-only directory does (root ignores modes)
        if str(file).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def refusing_os_open(path, *args, **kwargs):
        if str(path).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    monkeypatch.setattr(os, "open", refusing_os_open)
    result = _run(runner, tree / "a.jsonl", "-o", locked / "o.jsonl")
    assert result.exit_code == ExitCode.FATAL
    assert "Permission denied" in result.stderr and "o.jsonl" in result.stderr
    assert "Traceback" not in result.stderr


def test_cache_clear_never_deletes_a_cache_it_cannot_open(
    tmp_path, runner, monkeypatch, tweetx_home
):
    import sqlite3

    cache = tweetx_home / "cache"
    cache.mkdir(parents=True)
    (cache / "translations.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x01" * 100)
    real_connect = sqlite3.connect

    def unopenable(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", unopenable)
    result = runner.invoke(cli, ["cache", "clear"])
    assert (
        result.exit_code == ExitCode.FATAL and "cannot clear the translation cache" in result.stderr
    )
    assert (cache / "translations.sqlite3").exists()  # kept: it was never shown to be damaged

    monkeypatch.setattr(sqlite3, "connect", real_connect)
    (cache / "translations.sqlite3").write_bytes(b"this is not a database at all" * 100)
    result = runner.invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0, result.stderr
    kept = [p.name for p in cache.iterdir()]
    assert any(".corrupt-" in name for name in kept)  # moved aside, not deleted


def test_a_home_that_is_a_file_stops_the_run_before_it_starts(tmp_path, runner):
    # Going on without packages or cache and saying only "no packages installed" hid the
    # mistake: the run stops in one line (exit 2) and leaves the file alone.
    tree = _inputs(tmp_path)
    home = tmp_path / "home-file"
    home.write_text("x")
    result = runner.invoke(
        cli, ["annotate", "-q", str(tree / "a.jsonl")], env={"TWEETX_HOME": str(home)}
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "is not a usable directory" in result.stderr
    assert home.read_text() == "x"


def test_a_link_planted_as_the_part_file_is_not_followed(tmp_path, runner, tree_hash):
    tree = _inputs(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("must survive")
    (tmp_path / "o.jsonl.part").symlink_to(victim)
    (tmp_path / "o.jsonl.part.json").symlink_to(victim)
    for resume in ([], ["--resume"]):
        result = _run(runner, tree / "a.jsonl", "-o", tmp_path / "o.jsonl", *resume)
        assert result.exit_code == ExitCode.USAGE and "symbolic link" in result.stderr
        assert victim.read_text() == "must survive"


def test_a_fifo_inside_an_input_directory_is_skipped_not_waited_for(tmp_path, runner):
    tree = _inputs(tmp_path)
    os.mkfifo(tree / "stuck.jsonl")
    result = runner.invoke(
        cli, ["annotate", "--no-translate", str(tree), "-o", str(tmp_path / "o.jsonl")]
    )
    assert result.exit_code == 0, result.stderr
    assert "skipping" in result.stderr and "stuck.jsonl" in result.stderr
