"""Reading text, HTML and JSONL articles; bad input becomes an error record, never a crash."""

from __future__ import annotations

import gzip
import json

import pytest

from tweetx.readers.articles import detect_format, read
from tweetx.readers.encodings import decode


def test_seed_text_date(seed_text, tmp_path):
    [article] = read("samples/qala-e-naw.txt")
    assert article.date == "2021-07-08"
    assert article.text == seed_text
    assert article.record == {
        "source": "samples/qala-e-naw.txt",
        "format": "text",
        "date": "2021-07-08",
    }


def test_html_title_and_date():
    [article] = read("samples/qala-e-naw.html")
    assert article.format == "html"
    assert article.record["title"].startswith("Afghan forces regain control")
    assert article.date == "2021-07-08"


def test_jsonl_records_keep_their_fields():
    articles = list(read("samples/crawl.jsonl"))
    assert [a.format for a in articles] == ["html", "text", "text"]
    assert articles[0].record["url"] == "https://news.example.org/world/qala-e-naw"
    assert [a.line for a in articles] == [1, 2, 3]


def test_bad_jsonl_lines_become_errors(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "ok"}\nnot json\n[1, 2]\n{"html": 5}\n{"url": "u"}\n', encoding="utf-8"
    )
    articles = list(read(str(path)))
    assert articles[0].error is None
    errors = [a.error for a in articles[1:]]
    assert [e["line"] for e in errors] == [2, 3, 4, 5]
    assert errors[0]["raw"] == "not json"
    assert errors[1]["raw"] == [1, 2] and articles[2].record == {}
    assert "'html' is a number, not a string" in errors[2]["message"]
    assert "--html-key" in errors[3]["message"]


def test_configurable_keys(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"body": "words"}) + "\n", encoding="utf-8")
    [article] = read(str(path), text_key="body")
    assert article.text == "words"


def test_gzip_and_format_by_inner_extension(tmp_path):
    path = tmp_path / "crawl.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "سلام"}, ensure_ascii=False) + "\n")
    assert detect_format(str(path)) == "jsonl"
    assert [a.text for a in read(str(path))] == ["سلام"]


def test_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two", encoding="utf-8")
    (tmp_path / "1.txt").write_text("one", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert [a.text for a in read(str(tmp_path))] == ["one", "two"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_encodings(encoding):
    text = "قالت الحكومة إن الوضع مستقر"  # Windows-1256 has no Persian yeh (U+06CC)
    assert decode(text.encode(encoding)) == text


def test_unknown_format():
    from tweetx.errors import InputError

    with pytest.raises(InputError, match="unknown format"):
        list(read("samples/qala-e-naw.txt", format="pdf"))


def test_article_language_from_html_and_records():
    [page] = read("samples/qala-e-naw.html")
    assert page.language == "en"
    from tweetx.readers.articles import article_from_record

    assert article_from_record({"text": "x", "language": "fa-AF"}).language == "fa"


def test_urls_are_read_through_fsspec(runner, tmp_path):
    fsspec = pytest.importorskip("fsspec")
    from tweetx.cli import cli

    memory = fsspec.filesystem("memory")
    record = {"url": "u", "text": "Hi all — A (@a) July 7, 2021"}
    memory.pipe("/crawl/2021/a.jsonl", (json.dumps(record) + "\n").encode() * 3)
    memory.pipe("/crawl/2021/b.jsonl.gz", gzip.compress(json.dumps(record).encode()))
    memory.pipe("/crawl/notes.md", b"not an input")
    result = runner.invoke(cli, ["annotate", "--no-translate", "memory://crawl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["tweetx"]["source"] for r in records] == ["memory:///crawl/2021/a.jsonl"] * 3 + [
        "memory:///crawl/2021/b.jsonl.gz"
    ]
    assert all(r["tweetx"]["tweets"][0]["author"]["handle"] == "a" for r in records)
    out = tmp_path / "out.jsonl"  # and resumable: the fingerprint takes the store's times
    assert (
        runner.invoke(
            cli, ["annotate", "--no-translate", "memory://crawl/*/*.jsonl", "-o", str(out)]
        ).exit_code
        == 0
    )
    assert len(out.read_text().splitlines()) == 3
    memory.rm("/crawl", recursive=True)
