"""The persistent translation cache: keys, several writing processes, stats and clear."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys

from tweetx.cli import cli
from tweetx.translation.cache import CachedTranslation as Done
from tweetx.translation.cache import TranslationCache, cache_key

SETTINGS = {"package": "p", "version": "1", "source": "fa", "target": "en", "beam_size": 2}


def _writer(path, worker, count):
    cache = TranslationCache(path)
    for i in range(count):  # one small transaction each: the worst case for lock contention
        cache.put_many(
            [(cache_key(SETTINGS, f"{worker}-{i}"), "p 1", "fa", "en", Done(f"out {i}"))]
        )
    assert not cache.disabled


_WRITER = f"""
import sys
from tweetx.translation.cache import CachedTranslation, TranslationCache, cache_key
cache = TranslationCache(sys.argv[1])
for i in range(60):
    cache.put_many([(cache_key({SETTINGS!r}, sys.argv[2] + "-" + str(i)), "p 1", "fa", "en",
                     CachedTranslation("o"))])
sys.exit(1 if cache.disabled else 0)
"""


def test_several_processes_share_one_cache(tmp_path):
    path = tmp_path / "cache.sqlite3"
    workers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(w)]) for w in range(4)
    ]
    assert [worker.wait(120) for worker in workers] == [0, 0, 0, 0]
    cache = TranslationCache(path)
    keys = [cache_key(SETTINGS, f"{w}-{i}") for w in range(4) for i in range(60)]
    assert len(cache.get_many(keys)) == 240
    assert cache.stats()["entries"] == 240


def test_a_key_changes_with_every_setting_and_the_text():
    base = cache_key(SETTINGS, "سلام")
    assert cache_key(dict(reversed(list(SETTINGS.items()))), "سلام") == base
    assert cache_key({**SETTINGS, "version": "2"}, "سلام") != base
    assert cache_key({**SETTINGS, "beam_size": 4}, "سلام") != base
    assert cache_key(SETTINGS, "سلام!") != base


def test_first_write_wins(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    cache.put_many([("k", "p 1", "fa", "en", Done("first", -0.25, ("premier", "erste")))])
    cache.put_many([("k", "p 1", "fa", "en", Done("second", -0.5))])
    assert cache.get_many(["k", "absent"]) == {"k": Done("first", -0.25, ("premier", "erste"))}


def test_a_cache_made_before_scores_is_upgraded_in_place(tmp_path):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as old:  # the first schema, with one entry
        old.execute(
            "CREATE TABLE translations (key TEXT PRIMARY KEY, package TEXT NOT NULL, "
            "source TEXT NOT NULL, target TEXT NOT NULL, translation TEXT NOT NULL, "
            "created REAL NOT NULL)"
        )
        old.execute("INSERT INTO translations VALUES ('old', 'p 1', 'fa', 'en', 'kept', 0)")
    cache = TranslationCache(path)
    cache.put_many([("new", "p 1", "fa", "en", Done("scored", -1.5, ("other",)))])
    assert cache.get_many(["old", "new"]) == {
        "old": Done("kept"),
        "new": Done("scored", -1.5, ("other",)),
    }
    assert not cache.disabled


def test_cache_after_fork_reopens(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    cache.put_many([("k", "p 1", "fa", "en", Done("v"))])
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_writer, args=(cache.path, "child", 3))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    assert cache.stats()["entries"] == 4


def test_cli_stats_and_clear(runner, toy_installed, tmp_path, seed_text):
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    assert (
        runner.invoke(cli, ["annotate", str(article), "-o", str(tmp_path / "o.jsonl")]).exit_code
        == 0
    )
    stats = json.loads(runner.invoke(cli, ["cache", "stats", "--json"]).stdout)
    assert stats["entries"] == 1 and stats["by_package"][0]["source"] == "fa"
    assert stats["bytes"] > 0
    assert "1 translations" in runner.invoke(cli, ["cache", "stats"]).stdout
    rerun = runner.invoke(cli, ["annotate", str(article), "-o", str(tmp_path / "p.jsonl")])
    assert "1 from the cache, 0 translated" in rerun.stderr
    assert (tmp_path / "o.jsonl").read_bytes() == (tmp_path / "p.jsonl").read_bytes()
    assert "deleted 1 cached" in runner.invoke(cli, ["cache", "clear"]).stdout
    assert json.loads(runner.invoke(cli, ["cache", "stats", "--json"]).stdout)["entries"] == 0


def test_no_cache_writes_nothing(runner, toy_installed, tmp_path, seed_text, tweetx_home):
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    result = runner.invoke(cli, ["annotate", "--no-cache", str(article), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.stderr
    assert not (tweetx_home / "cache").exists()


def test_a_hand_edited_alternatives_column_reads_as_none(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    cache.put_many(
        [
            ("a", "p 1", "fa", "en", Done("x", -0.5, ("y",))),
            ("b", "p 1", "fa", "en", Done("z", -0.5, ("w",))),
        ]
    )
    with sqlite3.connect(cache.path) as edit:
        edit.execute("UPDATE translations SET alternatives = 'not json' WHERE key = 'a'")
        edit.execute("UPDATE translations SET alternatives = '[1, 2]' WHERE key = 'b'")
    assert cache.get_many(["a", "b"]) == {"a": Done("x", -0.5), "b": Done("z", -0.5)}
