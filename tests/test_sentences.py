"""Sentence splitting against the expected splits of tests/fixtures/sentences/splits.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tweetx.translation.sentences import split_sentences

TABLE = Path(__file__).parent / "fixtures" / "sentences" / "splits.tsv"


def read_table(path: Path = TABLE) -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, text, expected = line.split("\t")
            rows.append((lang, text, expected.split(" ‖ ")))
    return rows


@pytest.mark.parametrize(
    "lang, text, expected",
    read_table(),
    ids=[f"{row[0]}-{i}" for i, row in enumerate(read_table())],
)
def test_expected_splits(lang, text, expected):
    assert split_sentences(text) == [expected]


def test_the_table_covers_every_language_and_mark():
    rows = read_table()
    assert {lang for lang, _, _ in rows} >= {"fa", "prs", "ps", "ar", "ur", "en"}
    texts = "".join(text for _, text, _ in rows)
    for mark in ["؟", "۔", "!", "…", "«", "”", "۱۴۰۰.۵", "https://", "@"]:
        assert mark in texts


def test_lines_stay_apart_and_nothing_is_lost():
    text = "اول. دوم!\n\n  سوم؟ 🙏  \nFour."
    lines = split_sentences(text)
    assert lines == [["اول.", "دوم!"], ["سوم؟ 🙏"], ["Four."]]
    squeeze = "".join(text.split())
    assert "".join("".join(s.split()) for line in lines for s in line) == squeeze


_ALPHABET = "ab AB.!?…؟۔«»\"'”“()[]#@:/\n\t۱۴0123 شهرکابل🙏‌"


@given(st.text(alphabet=_ALPHABET, max_size=200))
@settings(max_examples=500, deadline=None)
def test_splitting_never_loses_or_invents_a_character(text):
    lines = split_sentences(text)
    assert all(sentence and sentence == sentence.strip() for line in lines for sentence in line)
    kept = "".join(s for line in lines for s in line)
    assert "".join(kept.split()) == "".join(text.split())
