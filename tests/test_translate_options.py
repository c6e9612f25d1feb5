"""What a translation says beyond its text: score and --min-score, alternatives, pivots."""

from __future__ import annotations

import json
import math

import pytest

from tweetx.cli import cli
from tweetx.errors import PackageNotInstalledError
from tweetx.translation.packages import Package
from tweetx.translation.routes import route as _route
from tweetx.translation.translator import Translator

KNOWN = ["شهر آرام است.", "طالبان از شهر فرار کردند.", "کابل پایتخت افغانستان است."]
UNKNOWN = "این جمله را مدل هرگز ندیده است و نمی‌داند"  # not among the toy's phrases


def test_score_is_the_mean_log_probability_per_token(toy_installed):
    translator = Translator("en", cache=False)
    results = translator.translate(KNOWN + [UNKNOWN], "fa")
    # Scored again independently: CTranslate2's score_batch gives each token's log-probability.
    model = translator.model(translator.package_for("fa"))
    for source, result in zip(KNOWN + [UNKNOWN], results):
        source_tokens = model.tokenizer.encode(source)
        target_tokens = model.tokenizer.encode(result.text)
        scored = model.engine.score_batch([source_tokens], [target_tokens])[0]
        assert result.score == pytest.approx(
            sum(scored.log_probs) / len(scored.log_probs), abs=0.02
        )
        assert -math.inf < result.score <= 0
    assert min(r.score for r in results[:3]) > results[3].score  # memorised beats unseen


def test_a_text_of_entities_only_has_no_score(toy_installed):
    result = Translator("en", cache=False).translate(["@someone https://t.co/AbC 🙂"], "fa")[0]
    assert result.text == "@someone https://t.co/AbC 🙂" and result.score is None
    assert result.low_confidence is False


def test_min_score_marks_and_never_drops(toy_installed):
    plain = Translator("en", cache=False).translate(KNOWN + [UNKNOWN], "fa")
    threshold = (min(r.score for r in plain[:3]) + plain[3].score) / 2
    marked = Translator("en", cache=False, min_score=threshold).translate(KNOWN + [UNKNOWN], "fa")
    assert [r.low_confidence for r in marked] == [False, False, False, True]
    assert [r.text for r in marked] == [r.text for r in plain]
    assert [r.to_dict()["low_confidence"] for r in plain] == [False] * 4


def test_scores_and_alternatives_come_back_from_the_cache(toy_installed, monkeypatch):
    first = Translator("en", alternatives=2).translate(KNOWN + [UNKNOWN], "fa")
    again = Translator("en", alternatives=2)

    def engine_called(*args):
        raise AssertionError("the engine ran for a cached text")

    monkeypatch.setattr(again, "_decode_sentences", engine_called)
    assert again.translate(KNOWN + [UNKNOWN], "fa") == first


def test_alternatives_are_other_translations(toy_installed):
    plain = Translator("en", cache=False).translate(KNOWN, "fa")
    assert all(r.alternatives is None for r in plain)
    results = Translator("en", cache=False, alternatives=3).translate(KNOWN + [UNKNOWN], "fa")
    assert all(0 < len(r.alternatives) <= 3 for r in results)
    for result in results:
        assert result.text not in result.alternatives
        assert len(set(result.alternatives)) == len(result.alternatives)
    # Entities stay verbatim in every alternative, as in the best translation.
    tweet = "@a " + KNOWN[0] + " https://t.co/AbC12"
    result = Translator("en", cache=False, alternatives=2).translate([tweet], "fa")[0]
    for text in [result.text, *result.alternatives]:
        assert text.startswith("@a ") and text.endswith(" https://t.co/AbC12")


def test_alternatives_widen_the_beam():
    assert Translator("en", cache=False, beam_size=2, alternatives=3).beam_size == 4
    assert Translator("en", cache=False, beam_size=5, alternatives=1).beam_size == 5


def test_pivot_through_english(toy_pivot):
    fa_en, en_de = toy_pivot
    translator = Translator("de", cache=False)
    assert translator.route_for("fa") == [fa_en, en_de]
    results = translator.translate(KNOWN, "fa")
    assert results[0].text == "Die Stadt ist ruhig."
    english = Translator("en", cache=False).translate(KNOWN, "fa")
    german = Translator("de", cache=False).translate([r.text for r in english], "en")
    assert [r.text for r in results] == [r.text for r in german]
    assert all(r.pivot == "en" and r.toy for r in results)
    assert [r.score for r in results] == [min(e.score, g.score) for e, g in zip(english, german)]
    package = results[0].to_dict()["package"]
    assert package["name"] == f"{fa_en.name} + {en_de.name}"
    assert [(leg["from"], leg["to"]) for leg in package["legs"]] == [("fa", "en"), ("en", "de")]
    assert translator.stats["pivoted_texts"] == 3
    direct = Translator("en", cache=False).translate(KNOWN[:1], "fa")[0]
    assert direct.pivot is None and "legs" not in direct.package


def test_no_pivot_means_no_package(toy_pivot):
    with pytest.raises(PackageNotInstalledError, match="fa→de"):
        Translator("de", pivot=False).route_for("fa")
    with pytest.raises(PackageNotInstalledError):
        Translator("fr").route_for("fa")  # no leg to French at all


def _package(source, target, name=None):
    return Package(
        path=None, from_code=source, to_code=target, version="1", name=name or f"{source}_{target}"
    )


def test_route_prefers_a_direct_package_then_english_then_any():
    direct = [_package("fa", "de"), _package("fa", "en"), _package("en", "de")]
    assert [p.name for p in _route(direct, "fa", "de", True)] == ["fa_de"]
    via = [_package("fa", "ar"), _package("ar", "de"), _package("fa", "en"), _package("en", "de")]
    assert [p.name for p in _route(via, "fa", "de", True)] == ["fa_en", "en_de"]
    other = [_package("fa", "tr"), _package("tr", "de"), _package("fa", "ar"), _package("ar", "de")]
    assert [p.name for p in _route(other, "fa", "de", True)] == ["fa_ar", "ar_de"]
    assert _route(via, "fa", "de", False) is None
    round_trip = [_package("en", "de"), _package("de", "en")]
    assert _route(round_trip, "en", "en", True) is None
    # The first package of a pair wins (tweetx's own are listed before Argos's).
    twice = [_package("fa", "de", "mine"), _package("fa", "de", "argos")]
    assert [p.name for p in _route(twice, "fa", "de", True)] == ["mine"]


def test_translate_command_pivots_and_scores(toy_pivot, runner):
    result = runner.invoke(
        cli,
        [
            "translate",
            KNOWN[0],
            UNKNOWN,
            "--from",
            "fa",
            "--to",
            "de",
            "--alternatives",
            "1",
            "--min-score",
            "-0.01",
        ],
    )
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line)["translation"] for line in result.stdout.splitlines())
    assert first["text"] == "Die Stadt ist ruhig." and first["pivot"] == "en"
    assert first["low_confidence"] is False and second["low_confidence"] is True
    assert len(first["alternatives"]) == 1
    refused = runner.invoke(
        cli, ["translate", KNOWN[0], "--from", "fa", "--to", "de", "--no-pivot"]
    )
    assert refused.exit_code != 0 and "no Argos package for fa→de" in refused.output


def test_annotate_pivots_and_resume_knows_the_options(toy_pivot, runner, tmp_path):
    record = {"text": f"{KNOWN[0]} pic.twitter.com/AbCdEf — Someone (@someone) July 7, 2021"}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["annotate", str(source), "-o", str(out), "--target", "de", "-q"])
    assert result.exit_code == 0, result.output
    tweet = json.loads(out.read_text(encoding="utf-8"))["tweetx"]["tweets"][0]
    assert tweet["translation"]["text"] == "Die Stadt ist ruhig."
    assert tweet["translation"]["pivot"] == "en" and tweet["translation"]["score"] <= 0
    result = runner.invoke(
        cli, ["annotate", str(source), "-o", str(out), "--target", "de", "--no-pivot", "-q"]
    )
    tweet = json.loads(out.read_text(encoding="utf-8"))["tweetx"]["tweets"][0]
    assert tweet["translation"] is None and tweet["error"]["type"] == "PackageNotInstalledError"


def test_the_summary_counts_pivots_and_low_scores(toy_pivot, runner, tmp_path):
    record = {"text": f"{KNOWN[0]} pic.twitter.com/AbCdEf — Someone (@someone) July 7, 2021"}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "annotate",
            str(source),
            "-o",
            str(tmp_path / "out.jsonl"),
            "--target",
            "de",
            "--min-score",
            "0",
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 through a pivot language; 1 below --min-score" in result.stderr


def test_models_list_shows_the_pairs_reached_through_a_pivot(toy_pivot, runner):
    result = runner.invoke(cli, ["models", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines[2:]] == [["fa:de", "through en"]]
    as_json = runner.invoke(cli, ["models", "list", "--json"]).stdout.splitlines()
    assert len(as_json) == 2  # the installed packages only
