"""Partitions (issue 14): a JSONL file cut into byte ranges reads, range by range, exactly as the
whole file reads: the same records, line numbers, encodings and errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tweetx.engines.partitions import (
    bytes_per_record,
    count_lines,
    guided,
    plan_partitions,
    read_partition,
    settle,
    smallest_piece,
    work_estimate,
    write_part,
)
from tweetx.readers.articles import read

ARABIC = "الأمن في المدينة هادئ اليوم"  # in Windows-1256 too


def _lines(kind: str) -> bytes:
    rows = [
        json.dumps({"url": f"u{i}", "text": f"plain {i} — A (@a) July 7, 2021"}) for i in range(6)
    ]
    rows += [
        json.dumps({"url": "p", "text": ARABIC}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"url": "deep", "text": "x"}),
    ]
    data = "\n".join(rows).encode("utf-8" if kind != "cp1256" else "cp1256")
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    if kind == "bad-byte":
        data = data.replace(b"plain 3", b"plain \xff3")
    return data + (b"\n" if kind != "no-final-newline" else b"")


def _whole_and_parts(path, block, encoding=None):
    whole = [(a.record, a.line, a.error) for a in read(str(path), encoding=encoding)]
    partitions = plan_partitions(0, [str(path)], [path.name], "auto", encoding, block)
    settled = settle(
        partitions, [count_lines(p) if p.start is not None else (0, None) for p in partitions]
    )
    parts = [
        (a.record, a.line, a.error)
        for p in settled
        for a in read_partition(p, "auto", "html", "text", encoding)
    ]
    return whole, parts, partitions


@pytest.mark.parametrize("kind", ["utf8", "bom", "cp1256", "bad-byte", "no-final-newline"])
@pytest.mark.parametrize("block", [1, 40, 150, 10_000])
def test_ranges_read_as_the_whole_file(tmp_path, kind, block):
    path = tmp_path / "crawl.jsonl"
    path.write_bytes(_lines(kind))
    whole, parts, partitions = _whole_and_parts(path, block)
    assert parts == whole
    assert (len(partitions) > 1) == (block < path.stat().st_size)
    if kind == "cp1256":  # decided by a line far from the range it is read in
        assert any(r.get("text") == ARABIC for r, _, _ in parts)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.one_of(st.text(max_size=30), st.just(""), st.just("{bad")), max_size=12),
    block=st.integers(1, 200),
)
def test_any_file_any_cut(tmp_path_factory, lines, block):
    path = tmp_path_factory.mktemp("p") / "any.jsonl"
    path.write_bytes(
        "\n".join(
            json.dumps({"text": t}, ensure_ascii=False) if not t.startswith("{") and t else t
            for t in lines
        ).encode("utf-8", "surrogatepass")
    )
    whole, parts, _ = _whole_and_parts(path, block)
    assert parts == whole


def test_gz_html_and_utf16_stay_whole(tmp_path):
    import gzip

    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_lines("utf8") * 50))
    (tmp_path / "b.jsonl").write_bytes(_lines("utf8").decode().encode("utf-16"))
    (tmp_path / "c.html").write_text("<p>x</p>" * 500)
    for name in ("a.jsonl.gz", "b.jsonl", "c.html"):
        [whole] = plan_partitions(0, [str(tmp_path / name)], [name], "auto", None, 10)
        assert whole.start is None


def test_a_part_appears_whole_or_not_at_all(tmp_path):
    def lines():
        yield b"one\n"
        raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        write_part(tmp_path, "00000-00000-x.jsonl", lines())
    assert list(tmp_path.iterdir()) == []  # no torn part, no temporary left
    assert write_part(tmp_path, "00000-00000-x.jsonl", iter([b"a\n", b"b\n"])) == 2
    assert (tmp_path / "00000-00000-x.jsonl").read_text() == "a\nb\n"


def test_last_pieces_are_a_small_share_of_the_run():
    # A small run of slow records (tweets to translate) still ends on pieces of a few
    # kilobytes, so no worker waits long on another; a big run's last pieces stay at 64 KB.
    assert smallest_piece(500_000, workers=2) == 7_812
    assert smallest_piece(10_000, workers=2) == 4 * 2**10
    assert smallest_piece(10**10, workers=8) == 64 * 2**10
    sizes = guided(2, smallest_piece(500_000, 2))
    assert sizes(500_000) == 125_000 and sizes(20_000) == 7_812
    # Translating, a piece holds at least one full translation call's records.
    assert smallest_piece(500_000, workers=2, batch_bytes=170_000) == 170_000
    assert smallest_piece(10**12, workers=2, batch_bytes=10**9) == 16 * 2**20


def test_record_size_is_read_from_the_first_jsonl_input(tmp_path):
    (tmp_path / "a.html").write_text("<p>" * 1000)
    (tmp_path / "b.jsonl").write_text('{"text": "abc"}\n' * 10_000)
    paths = [str(tmp_path / "a.html"), str(tmp_path / "b.jsonl")]
    assert bytes_per_record(paths) == 16
    assert bytes_per_record(paths[:1]) == 0


def test_biggest_pieces_are_started_first(tmp_path):
    big, small, packed = tmp_path / "big.jsonl", tmp_path / "small.jsonl", tmp_path / "a.jsonl.gz"
    big.write_text('{"text": "x"}\n' * 1000)
    small.write_text('{"text": "x"}\n' * 10)
    packed.write_bytes(b"\x1f\x8b" + b"\0" * 100)
    partitions = plan_partitions(
        0, [str(small), str(big), str(packed)], ["s", "b", "p"], "auto", None, partition_bytes=4000
    )
    order = sorted(partitions, key=work_estimate, reverse=True)
    assert [p.name for p in order][:4] == ["b"] * 4  # 14 KB in pieces of about 4 KB
    assert work_estimate(partitions[-1]) == 4 * partitions[-1].size  # gzip: about 4× its size
