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
