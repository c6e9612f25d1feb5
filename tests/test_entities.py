"""Entity masking: every entity comes back exactly, whatever the model does with placeholders."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tweetx.translation.entities import mask


@pytest.mark.parametrize(
    "sentence, head, body, entities, tail",
    [
        ("@a @b سلام دوست", "@a @b ", "سلام دوست", [], ""),
        ("سلام #کرونا دوست", "", "سلام §1 دوست", ["#کرونا"], ""),
        (
            "سلام ۱۴۰۰/۰۴/۱۶ و 12,500 و ٣٫٥",
            "",
            "سلام 1400/04/16 و 12,500 و",
            ["۱۴۰۰/۰۴/۱۶", "12,500"],
            " ٣٫٥",
        ),
        ("a ۲ b 2 c", "", "a 2 b §2 c", ["۲", "2"], ""),
        (
            "کووید-۱۹ و COVID-19 و F16 و SARS-CoV-2 نام است",
            "",
            "کووید-۱۹ و COVID-19 و F16 و SARS-CoV-2 نام است",
            [],
            "",
        ),
        ("a 👩\u200d⚕️ b 🇦🇫 c", "", "a §1 b §2 c", ["👩\u200d⚕️", "🇦🇫"], ""),
        (
            "see https://t.co/x?a=1 now pic.twitter.com/Ab1",
            "",
            "see §1 now",
            ["https://t.co/x?a=1"],
            " pic.twitter.com/Ab1",
        ),
        ("text §2 and §", "", "text §1 and §2", ["§2", "§"], ""),
        ("email a@b.com stays", "", "email a@b.com stays", [], ""),
    ],
)
def test_mask(sentence, head, body, entities, tail):
    masked = mask(sentence)
    assert (masked.head, masked.body, masked.entities, masked.tail) == (head, body, entities, tail)
    assert masked.original() == sentence


def test_restore_puts_entities_back_in_the_models_order():
    masked = mask("خبر @a و @b امروز")
    assert masked.restore("today §2 and §1 news") == "today @b and @a news"
    numbers = mask("از ۱۲ تا ۱۲.۵ و ۳۱۲ درصد")
    assert numbers.body == "از 12 تا 12.5 و 312 درصد"
    assert numbers.restore("from 12 to 12.5 and 312 percent") == "from ۱۲ to ۱۲.۵ and ۳۱۲ percent"


@pytest.mark.parametrize("output", ["news today", "§1 §1 §2", "§1 §3", "§1", "§12 §2"])
def test_restore_refuses_a_lost_or_repeated_placeholder(output):
    assert mask("خبر @a و @b امروز").restore(output) is None


@pytest.mark.parametrize("output", ["from 12.5 on", "312 people", "12 and 12", "F12 here"])
def test_a_number_must_come_back_whole_and_once(output):
    assert mask("از ۱۲ نفر").restore(output) is None


def test_nothing_to_translate_when_only_entities_and_punctuation():
    assert not mask("@a ، #b ۱۲ 🎉").needs_model
    assert mask("@a سلام").needs_model


@settings(max_examples=int(os.environ.get("TWEETX_FUZZ_EXAMPLES", "300")), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab سلام@#_۱2.,/:§👍🏽\u200c\u200d🇦🇫")
            + ["https://t.co/x", "pic.twitter.com/y", " "]
        ),
        max_size=40,
    ).map("".join)
)
def test_masking_round_trips(sentence):
    masked = mask(sentence)
    assert masked.original() == sentence
    assert masked.restore(masked.body) == sentence, masked
