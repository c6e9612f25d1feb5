"""tweetx export: CSV, Parquet and id lists read back and compared with the annotated JSONL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tweetx.cli import ExitCode, cli
from tweetx.writers.export import COLUMNS, DEDUPE_COLUMNS

CALM = "شهر آرام است."  # phrases the toy package translates
FLED = "طالبان از شهر فرار کردند."
PASHTO = "د کابل په ښار کې نن ورځ باران ووریده"
URDU = "آج لاہور میں بہت گرمی ہے اور لوگ پریشان ہیں"


def _blockquote(status: int, text: str, lang: str = "fa") -> str:
    return (
        f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="rtl">{text}</p>&mdash; '
        f'Tariq Arian (@TariqArian3) <a href="https://twitter.com/TariqArian3/status/'
        f'{status}">July 7, 2021</a></blockquote>'
    )


def _signature(text: str) -> str:
    return (
        f"Officials spoke.\n\n{text} pic.twitter.com/8VdQJd4oF2 — Tariq Arian "
        "(@TariqArian3) July 7, 2021\n\nMore news."
    )


# The same tweet (id 111) in two pages and, without its id, in a scraped text; a tweet without
# an id in two scraped texts; a page with two tweets, one hostile; a record without tweets.
RECORDS = [
    {"url": "https://a.example/1", "date": "2021-07-08", "html": _blockquote(111, CALM)},
    {"url": "https://b.example/2", "date": "2021-07-10T09:00:00Z", "html": _blockquote(111, CALM)},
    {"url": "https://c.example/3", "date": "2021-07-09", "text": _signature(CALM)},
    {
        "url": "https://d.example/4",
        "date": "2021-07-09",
        "html": _blockquote(
            222, '<b>&lt;script&gt;alert(1)&lt;/script&gt;</b> =1+1, "quoted"', "en"
        )
        + _blockquote(333, PASHTO, "ps"),
    },
    {"url": "https://e.example/5", "date": "2021-08-01", "text": _signature(URDU)},
    {"url": "https://f.example/6", "text": _signature(URDU)},
    {"url": "https://g.example/7", "date": "2021-08-02", "text": "No tweets here."},
    {"url": "https://h.example/8", "date": "2021-08-03", "html": _blockquote(444, FLED)},
]


@pytest.fixture
def annotated(tmp_path, runner, toy_installed, jsonl_file):
    source = jsonl_file(RECORDS)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        cli,
        [
            "annotate",
            str(source),
            "-o",
            str(out),
            "-q",
            "--alternatives",
            "1",
            "--min-score",
            "-0.01",
        ],
    )
    assert result.exit_code == ExitCode.OK, result.output
    return out


def _tweets(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for tweet in record["tweetx"]["tweets"]:
            yield record, tweet


def _expected(record, tweet) -> dict:
    """What a row must hold, read straight from the JSONL schema."""
    language, translation = tweet["language"], tweet["translation"] or {}
    error = tweet["error"]
    return {
        "article_source": record["tweetx"]["source"],
        "article_line": record["tweetx"]["line"],
        "article_url": record["url"],
        "article_date": record.get("date"),
        "platform": "x",
        "tweet_id": tweet["id"],
        "status_url": tweet["url"],
        "author_name": tweet["author"]["name"],
        "handle": tweet["author"]["handle"],
        "date": tweet["date"],
        "form": tweet["form"],
        "text": tweet["text"],
        "title": None,
        "language": language["code"],
        "script": language["script"],
        "variety": language["variety"],
        "confidence": language["confidence"],
        "translation": translation.get("text"),
        "translation_source": translation.get("source"),
        "translation_target": translation.get("target"),
        "toy": translation.get("toy"),
        "translation_score": translation.get("score"),
        "low_confidence": translation.get("low_confidence"),
        "pivot": translation.get("pivot"),
        "alternatives": "\n".join(translation["alternatives"])
        if translation.get("alternatives")
        else None,
        "error": f"{error['type']}: {error['message']}" if error else None,
    }


def _as_csv_text(value) -> str:
    return "" if value is None else str(value)


def test_csv_has_every_field_of_every_tweet(annotated, runner):
    result = runner.invoke(cli, ["export", str(annotated)])
    assert result.exit_code == ExitCode.OK, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    expected = [_expected(r, t) for r, t in _tweets(annotated)]
    assert len(rows) == len(expected) == 8 and list(rows[0]) == list(COLUMNS)
    for row, want in zip(rows, expected):
        assert row == {k: _as_csv_text(v) for k, v in want.items()}
    by_id = {row["tweet_id"]: row for row in rows}
    assert by_id["111"]["translation"] == "The city is calm." and by_id["111"]["toy"] == "True"
    assert by_id["111"]["alternatives"] and float(by_id["111"]["translation_score"]) <= 0
    assert by_id["333"]["language"] == "ps" and by_id["333"]["text"] == PASHTO
    assert by_id["333"]["error"].startswith("PackageNotInstalledError: no Argos package for ps")
    assert by_id["222"]["text"].startswith("<script>alert(1)</script> =1+1")  # text, as is
    assert "2 tweets" not in result.stderr and "8 tweets exported" in result.stderr


def test_bom_and_rtl_text_survive_a_file(annotated, runner, tmp_path):
    target = tmp_path / "tweets.csv"
    result = runner.invoke(cli, ["export", str(annotated), "-o", str(target), "--bom"])
    assert result.exit_code == ExitCode.OK, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert URDU in [row["text"] for row in rows]


def test_dedupe_counts_the_articles_that_embed_each_tweet(annotated, runner):
    result = runner.invoke(cli, ["export", str(annotated), "--dedupe"])
    assert result.exit_code == ExitCode.OK, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == list(COLUMNS + DEDUPE_COLUMNS)
    summary = [
        (
            r["tweet_id"],
            r["text"][:12],
            r["articles"],
            r["first_article_date"],
            r["last_article_date"],
        )
        for r in rows
    ]
    assert summary == [
        # id 111 in two pages, and its text without an id in a third
        ("111", CALM[:12], "3", "2021-07-08", "2021-07-10"),
        # no id: the same text in two scraped pages, one of them without a date
        ("", URDU[:12], "2", "2021-08-01", "2021-08-01"),
        ("222", "<script>aler", "1", "2021-07-09", "2021-07-09"),
        ("333", PASHTO[:12], "1", "2021-07-09", "2021-07-09"),
        ("444", FLED[:12], "1", "2021-08-03", "2021-08-03"),
    ]


def test_ids_once_each_in_order(annotated, runner):
    result = runner.invoke(cli, ["export", str(annotated), "--format", "ids"])
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.splitlines() == ["111", "222", "333", "444"]


def test_parquet_keeps_types_and_values(annotated, runner, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs the parquet extra")
    import datetime as dt

    target = tmp_path / "tweets.parquet"
    result = runner.invoke(
        cli, ["export", str(annotated), "--format", "parquet", "-o", str(target)]
    )
    assert result.exit_code == ExitCode.OK, result.output
    table = pq.read_table(target)
    types = {field.name: str(field.type) for field in table.schema}
    assert types["date"] == types["article_date"] == "date32[day]"
    assert types["confidence"] == "double" and types["toy"] == "bool"
    assert types["translation_score"] == "double" and types["low_confidence"] == "bool"
    assert types["article_line"] == "int64" and types["text"] == "string"
    rows = table.to_pylist()
    for row, (record, tweet) in zip(rows, _tweets(annotated)):
        want = _expected(record, tweet)
        for key in ("date", "article_date"):
            want[key] = dt.date.fromisoformat(want[key][:10]) if want[key] else None
        assert row == want
    deduped = tmp_path / "deduped.parquet"
    runner.invoke(
        cli, ["export", str(annotated), "--format", "parquet", "--dedupe", "-o", str(deduped)]
    )
    first = pq.read_table(deduped).to_pylist()[0]
    assert (first["articles"], first["last_article_date"]) == (3, dt.date(2021, 7, 10))


def test_misuse_is_refused_and_bad_lines_are_counted(annotated, runner, tmp_path):
    refused = runner.invoke(cli, ["export", str(annotated), "--format", "parquet"])
    assert refused.exit_code == ExitCode.USAGE and "give -o FILE.parquet" in refused.stderr
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(
        annotated.read_text(encoding="utf-8") + "{not json\n[1, 2]\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["export", str(damaged), "--format", "ids"])
    assert result.exit_code == ExitCode.RECORDS_FAILED
    assert result.stdout.splitlines() == ["111", "222", "333", "444"]
    assert f"2 lines are not annotated records, skipped (first: {damaged}:9)" in result.stderr


def test_posts_are_rows_with_their_platform_and_ids_name_it(runner, tmp_path):
    record = {
        "url": "https://news.example/a",
        "tweetx": {
            "source": "a.html",
            "line": None,
            "tweets": [{"id": "111", "text": "x", "author": {}, "language": None}],
            "posts": [
                {"platform": "telegram", "id": "kabulnow/1234", "text": None, "author": {}},
                {"platform": "reddit", "id": "abc123", "title": "خبر", "author": {}},
                {"platform": "telegram", "id": "kabulnow/1234", "text": None, "author": {}},
            ],
        },
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["export", str(path)]).stdout)))
    assert [(r["platform"], r["tweet_id"], r["title"]) for r in rows] == [
        ("x", "111", ""),
        ("telegram", "kabulnow/1234", ""),
        ("reddit", "abc123", "خبر"),
        ("telegram", "kabulnow/1234", ""),
    ]
    deduped = runner.invoke(cli, ["export", str(path), "--dedupe"]).stdout
    # one row per post (the same one twice on a page is one post, in one article)
    assert [(r["tweet_id"], r["articles"]) for r in csv.DictReader(io.StringIO(deduped))] == [
        ("111", "1"),
        ("kabulnow/1234", "1"),
        ("abc123", "1"),
    ]
    ids = runner.invoke(cli, ["export", str(path), "--format", "ids"]).stdout.splitlines()
    assert ids == ["111", "telegram:kabulnow/1234", "reddit:abc123"]
