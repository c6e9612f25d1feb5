"""Translation with the toy package: batching, sentence splitting, missing pairs."""

from __future__ import annotations

import pytest

from tweetx.errors import PackageNotInstalledError
from tweetx.translate import Translator, split_sentences

PHRASES = ["شهر آرام است.", "طالبان از شهر فرار کردند.", "کابل پایتخت افغانستان است."]


def test_toy_package_translates_its_phrases(toy_installed):
    results = Translator("en").translate(PHRASES, "fa")
    assert [r.text for r in results] == [
        "The city is calm.", "The Taliban fled the city.", "Kabul is the capital of Afghanistan."]
    assert all(r.toy and r.package["name"] == toy_installed.name for r in results)


def test_batched_equals_one_by_one(toy_installed):
    translator = Translator("en")
    texts = [" ".join(PHRASES), PHRASES[1] + "\n" + PHRASES[0], PHRASES[2]]
    batched = [r.text for r in translator.translate(texts, "fa")]
    single = [translator.translate([text], "fa")[0].text for text in texts]
    assert batched == single
    assert batched[1] == "The Taliban fled the city.\nThe city is calm."


def test_missing_pair_names_the_package_and_the_fix():
    with pytest.raises(PackageNotInstalledError) as caught:
        Translator("en").translate(["سلام"], "ps")
    message = str(caught.value)
    assert "no Argos package for ps→en is installed" in message
    assert "tweetx models install FILE.argosmodel" in message


def test_unknown_target_pair(toy_installed):
    with pytest.raises(PackageNotInstalledError, match="fa→de"):
        Translator("de").translate(["سلام"], "fa")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two? Three!", [["One.", "Two?", "Three!"]]),
        ("اول؟ دوم.", [["اول؟", "دوم."]]),
        ("a\n\nb", [["a"], ["b"]]),
        ("   ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected
