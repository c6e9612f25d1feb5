"""Language identification on TICO-19 (development data in ../shared; skipped where absent)."""

from __future__ import annotations

import pytest

from tweetx.evaluate import DEFAULT_TICO, evaluate_langid

pytestmark = pytest.mark.skipif(
    not DEFAULT_TICO.is_dir(), reason=f"TICO-19 not found at {DEFAULT_TICO} (../shared/data/tico19)")


@pytest.fixture(scope="module")
def report():
    return evaluate_langid(DEFAULT_TICO, limit=400)


@pytest.mark.parametrize("language", ["fa", "prs", "ps", "ar", "ur", "en"])
def test_accuracy_targets(report, language):
    row = report["accuracy"][language]
    assert row["tweetx full"] >= 0.98
    assert row["tweetx 5 words"] >= 0.93


def test_pashto_is_found_where_langdetect_cannot(report):
    assert report["accuracy"]["ps"]["langdetect full"] == 0  # it has no Pashto profile
    assert report["accuracy"]["ps"]["tweetx full"] >= 0.98


def test_variety_claims_are_right_nine_times_in_ten(report):
    for variety in ("prs", "pes"):
        numbers = report["variety"][variety]
        assert numbers["claims"] > 0 and numbers["precision"] >= 0.9


def test_pashto_at_least_as_good_as_persian(report):
    for label in ("full", "5 words", "2 words"):
        assert report["accuracy"]["ps"][f"tweetx {label}"] >= report["accuracy"]["fa"][f"tweetx {label}"] - 0.01


def test_confidence_is_calibrated_on_held_out_segments(report):
    # The calibration table was fit on even-numbered segments; these are odd-numbered ones.
    for bin_, cell in report["calibration"].items():
        if cell["n"] >= 200:
            assert abs(cell["accuracy"] - cell["mean_confidence"]) <= 0.05, bin_


def test_beats_langdetect_when_it_answers(report):
    for language, row in report["accuracy"].items():
        for label in ("full", "5 words", "2 words"):
            assert row[f"tweetx answered {label}"] >= row[f"langdetect {label}"] - 0.01, (language, label)
