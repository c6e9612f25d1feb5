"""The library loop: records in, records with "tweetx" out."""

from __future__ import annotations

import copy

import pytest

import tweetx
from tweetx import Annotator


def _seed_record(seed_text):
    return {"url": "https://news.example.org/x", "text": seed_text, "tags": ["afghanistan"]}


def test_record_is_not_modified_and_fields_are_kept(seed_text):
    record = _seed_record(seed_text)
    before = copy.deepcopy(record)
    out = Annotator(translate=False).annotate_record(record)
    assert record == before
    assert {k: v for k, v in out.items() if k != "tweetx"} == before
    assert out["tweetx"]["version"] == 1
    [tweet] = out["tweetx"]["tweets"]
    assert tweet["language"]["code"] == "fa" and tweet["language"]["script"] == "Arab"
    assert tweet["translation"] is None and tweet["error"] is None


def test_annotating_twice_attaches_once(seed_text):
    ann = Annotator(translate=False)
    once = ann.annotate_record(_seed_record(seed_text))
    twice = ann.annotate_record(once)
    assert twice == once


def test_missing_model_is_a_value_not_an_exception(seed_text):
    out = Annotator(target="en").annotate_record(_seed_record(seed_text))
    [tweet] = out["tweetx"]["tweets"]
    assert tweet["translation"] is None
    assert tweet["error"]["type"] == "PackageNotInstalledError"
    assert "no Argos package for fa→en is installed" in tweet["error"]["message"]
    assert "tweetx models install" in tweet["error"]["message"]


def test_translation_attached_with_toy_label(seed_text, toy_installed):
    out = Annotator(target="en").annotate_record(_seed_record(seed_text))
    translation = out["tweetx"]["tweets"][0]["translation"]
    assert translation["target"] == "en" and translation["source"] == "fa"
    assert "Taliban" in translation["text"]
    assert translation["toy"] is True


def test_pashto_is_never_sent_through_the_persian_model(toy_installed):
    text = "د کابل په ښار کې نن ورځ باران ووریده — A (@a) July 7, 2021"
    [tweet] = Annotator().annotate_record({"text": text})["tweetx"]["tweets"]
    assert tweet["language"]["code"] == "ps"
    assert tweet["translation"] is None
    assert "ps→en" in tweet["error"]["message"]


def test_tweets_in_the_target_language_are_left_alone(toy_installed):
    text = "Security forces began patrolling the city today — A (@a) July 7, 2021"
    [tweet] = Annotator().annotate_record({"text": text})["tweetx"]["tweets"]
    assert tweet["language"]["code"] == "en"
    assert tweet["translation"] is None and tweet["error"] is None


def test_stream_batches_across_records_and_keeps_order(seed_text, toy_installed):
    records = [{"n": i, "text": seed_text if i % 2 else "no tweet"} for i in range(7)]
    ann = Annotator(batch_tweets=2)
    out = list(ann.annotate_records(iter(records)))
    assert [r["n"] for r in out] == list(range(7))
    assert [len(r["tweetx"]["tweets"]) for r in out] == [0, 1, 0, 1, 0, 1, 0]
    assert ann.stats["translated"] == 3


def test_a_window_of_articles_translates_like_one_article_at_a_time(toy_installed):
    phrases = ["شهر آرام است.", "طالبان از شهر فرار کردند.", "کابل پایتخت افغانستان است."]
    records = [
        {"n": i, "text": f"{phrases[i % 3]} {phrases[(i * 2) % 3]} #خبر{i} — A (@a) July 7, 2021"}
        for i in range(20)
    ]
    batched = Annotator(batch_tweets=64, cache=False, reproducible=True)
    alone = Annotator(batch_tweets=1, cache=False, reproducible=True)
    assert list(batched.annotate_records(records)) == list(alone.annotate_records(records))
    assert batched.translator.stats["translated_texts"] == 20


def test_batches_gather_tweets_across_articles_without_tweets(
    seed_text, toy_installed, monkeypatch
):
    records = [{"n": i, "text": seed_text if i % 5 == 0 else "no tweet"} for i in range(20)]

    def calls(**options):
        annotator = Annotator(cache=False, **options)
        sizes = []
        translate = annotator.translator.translate
        monkeypatch.setattr(
            annotator.translator,
            "translate",
            lambda texts, source: sizes.append(len(texts)) or translate(texts, source),
        )
        out = list(annotator.annotate_records(records))
        assert [r["n"] for r in out] == list(range(20))
        return sizes

    assert calls(batch_tweets=4) == [4]
    assert calls(batch_tweets=4, window=5) == [1, 1, 1, 1]  # the window bounds what is held
    assert calls(batch_tweets=2) == [2, 2]


def test_one_line_api(seed_text):
    out = tweetx.annotate_record({"text": seed_text}, translate=False)
    assert out["tweetx"]["tweets"][0]["author"]["handle"] == "TariqArian3"


def test_a_text_that_breaks_the_engine_costs_only_its_own_tweet(toy_installed, monkeypatch):
    annotator = Annotator(cache=False)
    translate = annotator.translator.translate

    def fragile(texts, source):
        if any("BOOM" in text for text in texts):
            raise RuntimeError("the engine choked")
        return translate(texts, source)

    monkeypatch.setattr(annotator.translator, "translate", fragile)
    records = [
        {"text": f"{text} pic.twitter.com/AbC — A (@a) July 7, 2021"}
        for text in ["شهر آرام است.", "شهر آرام است BOOM.", "کابل پایتخت افغانستان است."]
    ]
    tweets = [r["tweetx"]["tweets"][0] for r in annotator.annotate_records(records)]
    assert [t["translation"]["text"] if t["translation"] else None for t in tweets] == [
        "The city is calm.",
        None,
        "Kabul is the capital of Afghanistan.",
    ]
    assert tweets[1]["error"]["type"] == "RuntimeError"


@pytest.mark.parametrize("count", [1, 5, 6, 10, 13])
def test_a_stream_s_last_call_is_never_small(toy_installed, monkeypatch, count):
    annotator = Annotator(cache=False, batch_tweets=4)
    calls = []
    translate = annotator.translator.translate

    def counted(texts, source):
        calls.append(len(texts))
        return translate(texts, source)

    monkeypatch.setattr(annotator.translator, "translate", counted)
    records = [
        {"text": f"شهر آرام است. pic.twitter.com/AbC — A (@a{i}) July 7, 2021"}
        for i in range(count)
    ]
    assert len(list(annotator.annotate_records(records))) == count
    assert sum(calls) == count
    assert all(size == 4 for size in calls[:-1])
    assert calls[-1] == count if count < 6 else 2 <= calls[-1] <= 5
