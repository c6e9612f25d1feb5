"""The posts evaluator on directories of real posts of known language (texts written here)."""

from __future__ import annotations

import json

import pytest

from tweetx.evaluate import main
from tweetx.evaluate.posts import evaluate_posts
from tweetx.evaluate.variety import split_of


def test_accuracy_per_file_and_length(tmp_path, write_lines):
    write_lines(
        tmp_path,
        "ps-campaign.txt",
        ["د افغانستان خلک سوله غواړي او جګړه نه غواړي", "زه نن ډېر خوشحاله یم", ""],
    )
    write_lines(tmp_path, "en-airline.txt", ["@united my flight was cancelled again today"])
    # Roman Urdu is right only as Urdu in Latin script.
    write_lines(tmp_path, "ur-Latn-comments.txt", ["Aap ko bhi eid mubarak ho bhai"])
    write_lines(tmp_path, "README.md", ["not a set of posts"])
    report = evaluate_posts(tmp_path)
    assert set(report["files"]) == {"ps-campaign", "en-airline", "ur-Latn-comments"}
    assert report["files"]["ps-campaign"]["posts"] == 2  # blank lines are not posts
    assert report["files"]["ps-campaign"]["accuracy"]["full"] == 1.0
    assert report["files"]["en-airline"]["accuracy"] == {
        "full": 1.0,
        "5 words": 1.0,
        "2 words": 1.0,
    }
    assert report["files"]["ur-Latn-comments"]["language"] == "ur-Latn"
    assert report["files"]["ur-Latn-comments"]["accuracy"]["full"] == 1.0
    assert 0 < report["confident_share"] <= 1


def test_a_wrong_label_counts_against(tmp_path, write_lines):
    write_lines(tmp_path, "fa-mislabelled.txt", ["the weather in Kabul is cold today"])
    assert evaluate_posts(tmp_path)["files"]["fa-mislabelled"]["accuracy"]["full"] == 0.0


def test_halves_split_the_posts(tmp_path, write_lines):
    posts = [f"post number {n} about the weather today" for n in range(40)]
    write_lines(tmp_path, "en-many.txt", posts)
    dev = evaluate_posts(tmp_path, "dev")["files"]["en-many"]["posts"]
    test = evaluate_posts(tmp_path, "test")["files"]["en-many"]["posts"]
    assert dev + test == 40 and dev == sum(split_of(p) == "dev" for p in posts)


def test_command_line(tmp_path, capsys, write_lines):
    write_lines(tmp_path, "ar-news.txt", ["قالت الحكومة إن الوضع في المدينة مستقر"])
    main(["posts", str(tmp_path)])
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "split: all"
    assert json.loads(printed[-1])["files"]["ar-news"]["accuracy"]["full"] == 1.0


def test_a_directory_without_posts_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["posts", str(tmp_path)])
    assert "no LANG-SOURCE.txt files" in capsys.readouterr().err
