"""Finding tweets: the official HTML embed and the scraped-text signature forms."""

from __future__ import annotations

import json

import pytest

from tweetx.embeds import html as html_embeds
from tweetx.embeds import text as text_embeds
from tweetx.embeds.dates import parse_date
from tweetx.embeds.urls import parse_status_url

ZWNJ = "\u200c"
EMBED = (
    '<p>Before.</p><blockquote class="twitter-tweet"><p lang="fa" dir="rtl">'
    'گشت\u200cزنی در شهر قلعه\u200cنو <a href="https://twitter.com/hashtag/افغانستان?src=hash">'
    '#افغانستان</a> <a href="https://twitter.com/MoIAfghanistan">@MoIAfghanistan</a><br>'
    'خط دوم <a href="https://t.co/AbCdEf">https://t.co/AbCdEf</a> '
    '<a href="https://t.co/8VdQJd4oF2">pic.twitter.com/8VdQJd4oF2</a></p>&mdash; Tariq Arian '
    '(@TariqArian3) <a href="https://twitter.com/TariqArian3/status/1412743195653169728'
    '?ref_src=twsrc%5Etfw">July 7, 2021</a></blockquote><p>After.</p>'
)


def test_official_embed_fields():
    [tweet] = html_embeds.find_tweets(EMBED)
    assert tweet.form == "blockquote"
    assert tweet.id == "1412743195653169728"
    assert tweet.url == "https://twitter.com/TariqArian3/status/1412743195653169728"
    assert (tweet.author.name, tweet.author.handle) == ("Tariq Arian", "TariqArian3")
    assert tweet.date == "2021-07-07"
    assert tweet.text == f"گشت{ZWNJ}زنی در شهر قلعه{ZWNJ}نو #افغانستان @MoIAfghanistan\nخط دوم"
    assert tweet.media == ("pic.twitter.com/8VdQJd4oF2",)
    assert tweet.links == ("https://t.co/AbCdEf",)
    assert tweet.hashtags == ("افغانستان",)
    assert tweet.mentions == ("MoIAfghanistan",)
    assert tweet.lang_hint == "fa"


@pytest.mark.parametrize("code", ["und", "zxx", "qme", "qht"])
def test_lang_codes_that_are_not_languages_give_no_hint(code):
    page = EMBED.replace('lang="fa"', f'lang="{code}"')
    assert html_embeds.find_tweets(page)[0].lang_hint is None


def test_quoted_tweet_is_not_a_second_embed():
    inner = (
        '<blockquote class="twitter-tweet"><p lang="en">inner words here</p>&mdash; B '
        '(@b) <a href="https://twitter.com/b/status/2">July 1, 2021</a></blockquote>'
    )
    page = EMBED.replace("<br>", "<br>" + inner)
    tweets = html_embeds.find_tweets(page)
    assert len(tweets) == 1
    assert tweets[0].id == "1412743195653169728"


def test_video_embed_and_x_com_links():
    page = (
        '<blockquote class="twitter-video"><p lang="ps">د کابل ښار</p>&mdash; N (@n_1) '
        '<a href="https://x.com/n_1/status/99?s=20&t=abc">Jan 3, 2022</a></blockquote>'
    )
    [tweet] = html_embeds.find_tweets(page)
    assert (tweet.form, tweet.id, tweet.date, tweet.author.handle) == (
        "blockquote-video",
        "99",
        "2022-01-03",
        "n_1",
    )


def test_text_form_of_the_seed(seed_text):
    [tweet] = text_embeds.find_tweets(seed_text)
    assert tweet.text == (
        "نیروهای امنیتی گشتزنی را در شهر قلعهنو آغاز کردند. "
        "طالبان تروریستان با دادن تلفات فرار کردند."
    )
    assert (tweet.author.name, tweet.author.handle, tweet.date) == (
        "Tariq Arian",
        "TariqArian3",
        "2021-07-07",
    )
    assert tweet.media == ("pic.twitter.com/8VdQJd4oF2",)
    start, end = tweet.span
    assert seed_text[start:end].startswith("نیروهای")
    assert seed_text[start:end].endswith("July 7, 2021")


def test_text_form_multiline_tweet_keeps_its_lines():
    text = "Intro paragraph.\n\nfirst line of tweet\nsecond line https://t.co/x1 — A B (@ab) Mar 5, 2020\n\nMore."
    [tweet] = text_embeds.find_tweets(text)
    assert tweet.text == "first line of tweet\nsecond line"
    assert tweet.links == ("https://t.co/x1",)


def test_trafilatura_form_signature_on_its_own_line():
    # A short line in the same script above would be read as the tweet's first line (docs/safety.md: limits).
    text = (
        "An intro paragraph as long as an article's paragraphs usually are, well past eighty "
        "characters.\nThe tweet's own words\n— A B (@ab) July 10, 2021\nNext paragraph."
    )
    [tweet] = text_embeds.find_tweets(text)
    assert tweet.text == "The tweet's own words"
    assert tweet.date == "2021-07-10"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The minister (@moi) said nothing on July 7, 2021.", id="handle-in-prose"),
        pytest.param("KABUL — Reuters reported on July 7, 2021 that…", id="byline"),
        pytest.param(
            "Write to desk@example.org — Desk (@) July 7, 2021", id="email-and-empty-handle"
        ),
        pytest.param("Tweets by @TariqArian3", id="timeline"),
    ],
)
def test_text_negatives(text):
    assert text_embeds.find_tweets(text) == []


@pytest.mark.parametrize(
    "href, expected",
    [
        ("https://twitter.com/a/status/123", ("123", "a")),
        ("https://mobile.twitter.com/a/statuses/123?s=20", ("123", "a")),
        ("https://x.com/i/web/status/123", ("123", None)),
        ("https://twitter.com/#!/a/status/123", ("123", "a")),
        ("https://example.com/a/status/123", None),
    ],
)
def test_status_urls(href, expected):
    link = parse_status_url(href)
    assert (link and (link.id, link.handle)) == expected if expected else link is None


def test_dates():
    assert parse_date("Sept 30, 2021") == "2021-09-30"
    assert parse_date("February 30, 2021") is None


def test_labelled_corpus_precision_and_recall():
    from tweetx.evaluate import DEFAULT_CORPUS, evaluate_embeds

    report = evaluate_embeds(DEFAULT_CORPUS)
    assert report["cases"] > 250
    assert report["precision"] >= 0.98 and report["recall"] >= 0.98, report["misses"][:5]
    assert min(report["field_accuracy"].values()) >= 0.98, report["field_accuracy"]


def test_evaluator_counts_misses(tmp_path):
    from tweetx.evaluate import evaluate_embeds

    corpus = tmp_path / "corpus.jsonl"
    wrong = {
        "case": "x/en",
        "format": "text",
        "content": "Hi all — A (@a) July 7, 2021",
        "expected": [{"id": None, "handle": "a", "date": "2021-07-07", "text": "Bye"}],
    }
    missing = {
        "case": "y/en",
        "format": "text",
        "content": "nothing here",
        "expected": [{"id": None, "handle": "b", "date": "2021-07-07"}],
    }
    corpus.write_text(json.dumps(wrong) + "\n" + json.dumps(missing) + "\n")
    report = evaluate_embeds(corpus)
    assert report["recall"] == 0.5 and report["field_accuracy"]["text"] == 0.0


def test_corpus_is_what_its_generator_writes():
    import importlib.util
    from pathlib import Path

    here = Path(__file__).parent / "fixtures" / "embeds"
    spec = importlib.util.spec_from_file_location("make_corpus", here / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = [json.loads(line) for line in (here / "corpus.jsonl").read_text().splitlines()]
    assert written == module.build()


def test_date_disagreeing_with_the_id_is_reported_not_fixed():
    page = EMBED.replace("July 7, 2021", "July 7, 2019")
    [tweet] = html_embeds.find_tweets(page)
    assert tweet.date == "2019-07-07"
    assert tweet.date_check == {
        "id_date": "2021-07-07",
        "signature_date": "2019-07-07",
        "days_apart": 731,
    }
    assert html_embeds.find_tweets(EMBED)[0].date_check is None


def test_zero_width_non_joiner_survives_to_the_output(runner):
    from tweetx.cli import cli

    result = runner.invoke(cli, ["annotate", "--no-translate", "samples/qala-e-naw.html"])
    text = json.loads(result.stdout)["tweetx"]["tweets"][0]["text"]
    assert "گشت\u200cزنی" in text and "قلعه\u200cنو" in text


def test_prose_link_is_a_mention_without_text():
    page = '<p>As <a href="https://twitter.com/a/status/123">she said</a>, yes.</p>'
    [tweet] = html_embeds.find_tweets(page)
    assert (tweet.form, tweet.id, tweet.text, tweet.author.handle) == ("link", "123", None, "a")


def test_html_output_handles_forms_without_an_element():
    from tweetx import Annotator
    from tweetx.writers.pages import annotate_html

    page = (
        '<html><body><!-- wp:embed {"url":"https://twitter.com/a/status/5"} -->'
        + EMBED
        + "</body></html>"
    )
    record = Annotator(translate=False).annotate_record({"html": page})
    assert [t["form"] for t in record["tweetx"]["tweets"]] == ["wp-comment", "blockquote"]
    out = annotate_html(page, record)
    assert 'data-tweetx-id="1412743195653169728"' in out
