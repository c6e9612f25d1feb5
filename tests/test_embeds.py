"""Finding tweets: the official HTML embed and the scraped-text signature forms."""

from __future__ import annotations

import pytest

from tweetx.embeds import html as html_embeds
from tweetx.embeds import text as text_embeds
from tweetx.embeds.urls import parse_date, parse_status_url

ZWNJ = "\u200c"
EMBED = (
    '<p>Before.</p><blockquote class="twitter-tweet"><p lang="fa" dir="rtl">'
    "گشت\u200cزنی در شهر قلعه\u200cنو <a href=\"https://twitter.com/hashtag/افغانستان?src=hash\">"
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
    inner = ('<blockquote class="twitter-tweet"><p lang="en">inner words here</p>&mdash; B '
             '(@b) <a href="https://twitter.com/b/status/2">July 1, 2021</a></blockquote>')
    page = EMBED.replace("<br>", "<br>" + inner)
    tweets = html_embeds.find_tweets(page)
    assert len(tweets) == 1
    assert tweets[0].id == "1412743195653169728"


def test_video_embed_and_x_com_links():
    page = ('<blockquote class="twitter-video"><p lang="ps">د کابل ښار</p>&mdash; N (@n_1) '
            '<a href="https://x.com/n_1/status/99?s=20&t=abc">Jan 3, 2022</a></blockquote>')
    [tweet] = html_embeds.find_tweets(page)
    assert (tweet.form, tweet.id, tweet.date, tweet.author.handle) == (
        "blockquote-video", "99", "2022-01-03", "n_1")


def test_text_form_of_the_seed(seed_text):
    [tweet] = text_embeds.find_tweets(seed_text)
    assert tweet.text == ("نیروهای امنیتی گشتزنی را در شهر قلعهنو آغاز کردند. "
                          "طالبان تروریستان با دادن تلفات فرار کردند.")
    assert (tweet.author.name, tweet.author.handle, tweet.date) == (
        "Tariq Arian", "TariqArian3", "2021-07-07")
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
    text = "Intro paragraph.\nThe tweet's own words\n— A B (@ab) July 10, 2021\nNext paragraph."
    [tweet] = text_embeds.find_tweets(text)
    assert tweet.text == "The tweet's own words"
    assert tweet.date == "2021-07-10"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The minister (@moi) said nothing on July 7, 2021.", id="handle-in-prose"),
        pytest.param("KABUL — Reuters reported on July 7, 2021 that…", id="byline"),
        pytest.param("Write to desk@example.org — Desk (@) July 7, 2021", id="email-and-empty-handle"),
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
