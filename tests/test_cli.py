"""The command line: data on stdout only, messages on stderr, exit codes."""

from __future__ import annotations

import json

import pytest

from tweetx.cli import ExitCode, cli

SAMPLES = ["samples/qala-e-naw.txt", "samples/qala-e-naw.html", "samples/crawl.jsonl"]


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]  # every line must be JSON


def test_seed_no_translate_gives_exactly_the_tweet(runner):
    result = runner.invoke(cli, ["annotate", "--no-translate", "samples/qala-e-naw.txt"])
    assert result.exit_code == ExitCode.OK, result.output
    [record] = _records(result.stdout)
    [tweet] = record["tweetx"]["tweets"]
    assert tweet["author"] == {"name": "Tariq Arian", "handle": "TariqArian3"}
    assert tweet["date"] == "2021-07-07"
    assert "قلعه" in tweet["text"]
    for part in ("Tariq", "@TariqArian3", "pic.twitter.com", "2021", "—"):
        assert part not in tweet["text"]
    assert tweet["media"] == ["pic.twitter.com/8VdQJd4oF2"]
    assert tweet["language"]["code"] == "fa" and tweet["language"]["script"] == "Arab"
    assert "1 article, 1 tweet " in result.stderr


def test_html_and_jsonl_samples_give_the_same_tweet(runner):
    result = runner.invoke(cli, ["annotate", "--no-translate", *SAMPLES])
    assert result.exit_code == ExitCode.OK, result.output
    tweets = [t for r in _records(result.stdout) for t in r["tweetx"]["tweets"]]
    assert len(tweets) == 4  # text, html, and the two tweet-bearing JSONL records
    keys = {
        (
            t["author"]["handle"],
            t["date"],
            tuple(t["media"]),
            t["language"]["code"],
            t["text"].replace("\u200c", ""),
        )
        for t in tweets
    }
    assert len(keys) == 1
    assert all(t["id"] == "1412743195653169728" for t in tweets if t["form"] == "blockquote")


def test_output_file_and_summary(runner, tmp_path):
    out = tmp_path / "o.jsonl"
    result = runner.invoke(cli, ["annotate", "samples/", "-o", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == ""
    assert len(_records(out.read_text(encoding="utf-8"))) == 5
    assert "no Argos package for fa→en is installed" in result.stderr
    assert "tweetx models install FILE.argosmodel" in result.stderr


def test_arabic_script_is_not_escaped(runner):
    result = runner.invoke(cli, ["annotate", "--no-translate", "samples/qala-e-naw.txt"])
    assert "قلعه" in result.stdout and "\\u06" not in result.stdout


def test_translation_with_the_toy_package(runner, toy_package):
    assert runner.invoke(cli, ["models", "install", str(toy_package)]).exit_code == 0
    result = runner.invoke(cli, ["annotate", "samples/qala-e-naw.html"])
    assert result.exit_code == ExitCode.OK, result.output
    translation = _records(result.stdout)[0]["tweetx"]["tweets"][0]["translation"]
    assert translation["text"].startswith("Security forces")
    assert translation["toy"] is True
    assert "TOY" in result.stderr


def test_failed_records_exit_3_and_still_come_out(runner, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(cli, ["annotate", "--no-translate", str(path)])
    assert result.exit_code == ExitCode.RECORDS_FAILED
    records = _records(result.stdout)
    assert len(records) == 2
    assert records[1]["tweetx"]["raw"] == "not json"
    assert records[1]["tweetx"]["error"]["line"] == 2 and records[1]["tweetx"]["line"] == 2


def test_missing_input_is_fatal_with_a_message(runner):
    result = runner.invoke(cli, ["annotate", "nope.txt"])
    assert result.exit_code == ExitCode.FATAL
    assert "nope.txt: no such file" in result.stderr and result.stdout == ""


def test_usage_error_exit_2(runner):
    assert runner.invoke(cli, ["annotate"]).exit_code == ExitCode.USAGE
    assert runner.invoke(cli, ["models", "install", "nonsense"]).exit_code == ExitCode.USAGE


def test_langid_texts_and_stdin(runner):
    result = runner.invoke(cli, ["langid", "د کابل په ښار کې"])
    assert json.loads(result.stdout)["code"] == "ps"
    result = runner.invoke(cli, ["langid"], input="شهر آرام است\nThe city is calm today\n")
    assert [r["code"] for r in _records(result.stdout)] == ["fa", "en"]
    assert all({"code", "script", "confidence"} <= r.keys() for r in _records(result.stdout))


def test_models_list_and_install(runner, toy_package):
    empty = runner.invoke(cli, ["models", "list"])
    assert empty.stdout == "" and "no packages installed" in empty.stderr
    installed = runner.invoke(cli, ["models", "install", str(toy_package)])
    assert "installed fa→en" in installed.stderr and "TOY" in installed.stderr
    listed = runner.invoke(cli, ["models", "list", "--json"])
    assert [(p["from"], p["to"], p["toy"]) for p in _records(listed.stdout)] == [("fa", "en", True)]


def test_corrupt_package_cli_error(runner, tmp_path):
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"garbage")
    result = runner.invoke(cli, ["models", "install", str(bad)])
    assert result.exit_code == ExitCode.FATAL
    assert "not an Argos package (not a zip archive)" in result.stderr


def test_install_pair_without_network_fails_fast(runner, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError("blocked by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = runner.invoke(cli, ["models", "install", "fa:en"])
    assert result.exit_code == ExitCode.FATAL
    assert "could not download the Argos package index" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["annotate", "--help"],
        ["langid", "--help"],
        ["models", "--help"],
        ["models", "install", "--help"],
    ],
)
def test_help(runner, command):
    result = runner.invoke(cli, command)
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_translate_hashtags_flag(runner, toy_package, tmp_path):
    assert runner.invoke(cli, ["models", "install", str(toy_package)]).exit_code == 0
    path = tmp_path / "a.txt"
    path.write_text("شهر آرام است. #شهر_آرام_است — A (@a) July 7, 2021", encoding="utf-8")
    plain = json.loads(runner.invoke(cli, ["annotate", str(path)]).stdout)
    assert plain["tweetx"]["tweets"][0]["translation"]["hashtags"] is None
    tagged = json.loads(runner.invoke(cli, ["annotate", "--translate-hashtags", str(path)]).stdout)
    translation = tagged["tweetx"]["tweets"][0]["translation"]
    assert translation["hashtags"] == {"#شهر_آرام_است": "The city is calm."}
    assert translation["text"] == plain["tweetx"]["tweets"][0]["translation"]["text"]
