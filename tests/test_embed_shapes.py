"""Embed shapes publishers and extractors were seen to leave, each written here from its
description (never copied from a page): the form, and where it was met, in a comment."""

from __future__ import annotations

import pytest

from tweetx.embeds.html import find_tweets as in_html
from tweetx.embeds.text import find_tweets as in_text

STATUS = "https://twitter.com/farid_ahmadi/status/1412743195653169728"


def test_html2text_signature_dash_and_escaped_underscores():
    # html2text (readability + html2text on a page with Twitter's embed code): the em dash
    # becomes "--", and the handle's underscore is escaped in the link target
    text = (
        "Intro.\n\n> The road is open again [pic.twitter.com/Pic0Xy](https://t.co/Pic0Xy)\n>\n"
        "> -- Farid Ahmadi (@farid\\_ahmadi) [July 7,\n"
        "> 2021](https://twitter.com/farid\\_ahmadi/status/1412743195653169728?ref_src=twsrc)\n\n"
        "Next."
    )
    (tweet,) = in_text(text)
    assert tweet.author.name == "Farid Ahmadi" and tweet.author.handle == "farid_ahmadi"
    assert tweet.url == STATUS and tweet.date == "2021-07-07"


def test_old_cldr_persian_month_in_a_signature():
    # Twitter's fa embed code as older CLDR releases wrote July (a hamza above the heh)
    text = "مقدمه خبر.\n\nنیروهای امنیتی وارد شهر شدند\n— طارق (@TariqArian3) ۷ ژوئیهٔ ۲۰۲۱\n\nادامه"
    (tweet,) = in_text(text)
    assert (tweet.author.handle, tweet.date) == ("TariqArian3", "2021-07-07")


def test_card_date_written_time_first():
    # a publisher's server-rendered card, as trafilatura writes it: name, handle, words, then
    # "05:38 PM - 07 Jun 2019"
    text = (
        "Intro paragraph of the story.\n\nFarid Ahmadi @farid_ahmadi\n"
        "The security forces reopened the road to the city.\n05:38 PM - 07 Jun 2019\n\nNext."
    )
    (tweet,) = in_text(text)
    assert tweet.date == "2019-06-07" and tweet.author.handle == "farid_ahmadi"


def test_escaped_underscore_in_a_status_href():
    # a CMS that stores Markdown wrote the handle's underscore escaped into the link itself
    page = '<p>She wrote <a href="https://twitter.com/farid\\_ahmadi/status/1412743195653169728">this</a>.</p>'
    (tweet,) = in_html(page)
    assert (tweet.form, tweet.id, tweet.author.handle) == (
        "link",
        "1412743195653169728",
        "farid_ahmadi",
    )


def test_amp_id_attribute_holding_a_whole_url():
    # AMP pages whose template put the embed's URL, not its id, in data-tweetid
    page = f'<amp-twitter width="375" height="472" layout="responsive" data-tweetid="{STATUS}"></amp-twitter>'
    (tweet,) = in_html(page)
    assert (tweet.form, tweet.id, tweet.url) == ("amp", "1412743195653169728", STATUS)


def test_unclosed_blockquote_without_signature_keeps_only_its_words():
    # an embed left unclosed, its signature stripped: the parser puts the rest of the article
    # inside it, and none of that is the tweet's
    page = (
        '<p>Intro.</p><blockquote class="twitter-tweet"><p lang="en">The road is open again</p>'
        "<p>Article prose that follows the embed and goes on for a while.</p><p>More prose.</p>"
    )
    (tweet,) = in_html(page)
    assert tweet.text == "The road is open again"


@pytest.mark.parametrize(
    "markup",
    [
        # the status URL in a data attribute of another name
        f'<div class="embed embed--social" data-embed-url="{STATUS}"></div>',
        f'<div class="social-embed" data-src="{STATUS}?ref_src=twsrc"><p>Loading…</p></div>',
        f'<figure data-oembed-url="{STATUS.replace("twitter.com", "x.com")}"></figure>',
        # the id under a tweet-named attribute
        '<div class="tweet-embed" data-tweetid="1412743195653169728"></div>',
        '<div tweet-id="1412743195653169728"></div>',
        '<span data-twitter-id="1412743195653169728"></span>',
        # a provider attribute and an id
        '<div data-provider="twitter" data-embed-id="1412743195653169728"></div>',
        '<div data-platform="Twitter" data-id="1412743195653169728"></div>',
        # a front-end component's JSON props
        '<div data-component="SocialEmbed" data-props=\'{"embed": {"type": "twitter", '
        '"id": "1412743195653169728"}}\'></div>',
        '<div data-react-props=\'{"tweetId": "1412743195653169728", "theme": "light"}\'></div>',
        f'<div data-props=\'{{"items": [{{"url": "{STATUS}"}}]}}\'></div>',
    ],
)
def test_a_wrapper_names_its_tweet_whatever_its_attributes_are_called(markup):
    page = f"<p>The story begins.</p>{markup}<p>It goes on.</p>"
    (tweet,) = in_html(page)
    assert (tweet.form, tweet.id) == ("widget", "1412743195653169728")


@pytest.mark.parametrize(
    "markup",
    [
        # share buttons and follow links name the article or a profile, never a status
        '<div data-url="https://news.example.org/story" data-type="twitter">Share</div>',
        '<a class="share" href="https://twitter.com/intent/tweet?url=https://n.example/1">X</a>',
        '<div data-props=\'{"type": "twitter", "handle": "newswire"}\'></div>',
        '<div data-id="1412743195653169728" data-type="video"></div>',
    ],
)
def test_markup_that_names_no_tweet_is_not_an_embed(markup):
    assert in_html(f"<p>Story.</p>{markup}") == []


def test_consent_placeholder_keeping_only_the_status_link():
    # a German publisher's consent box standing in for the embed until the reader agrees: a
    # notice, a button, and the status link
    page = (
        "<p>Die Lage in der Stadt bleibt angespannt.</p>"
        '<div class="embed-consent" data-consent-provider="twitter">'
        "<p>An dieser Stelle finden Sie einen externen Inhalt von Twitter, der den Artikel "
        "ergänzt. Sie können ihn sich mit einem Klick anzeigen lassen.</p>"
        '<button type="button">Inhalt laden</button>'
        f'<a class="embed-consent__link" href="{STATUS}">Tweet auf Twitter ansehen</a></div>'
        "<p>Weiter im Text.</p>"
    )
    (tweet,) = in_html(page)
    assert (tweet.form, tweet.id, tweet.text) == ("placeholder", "1412743195653169728", None)


def test_screenshot_fallback_gives_the_words_of_its_alt():
    # an image of the tweet, linked to it, its alt carrying the handle and the words
    page = (
        "<p>The governor spoke.</p><figure>"
        f'<a href="{STATUS}"><img src="/shots/tweet.png" alt="Tweet by Farid Ahmadi '
        '(@farid_ahmadi): The road to Qala-e-Naw is open again"></a>'
        "<figcaption>Screenshot: X</figcaption></figure>"
    )
    (tweet,) = in_html(page)
    assert (tweet.form, tweet.id) == ("screenshot", "1412743195653169728")
    assert tweet.text == "The road to Qala-e-Naw is open again"


def test_a_bare_status_url_on_its_own_line_is_an_embed_left_unrendered():
    page = f'<p>Intro.</p><p><a href="{STATUS}">{STATUS}</a></p><p>Next.</p>'
    (tweet,) = in_html(page)
    assert tweet.form == "placeholder"


@pytest.mark.parametrize(
    "markup",
    [
        f'<p>As she <a href="{STATUS}">wrote on X</a>, the road is open.</p>',
        f'<p>Read: <a href="{STATUS}">her post</a></p>',
        # a list of sources is not a row of embeds
        f'<ul class="sources"><li><a href="{STATUS}">Farid Ahmadi on X</a></li></ul>',
        f'<table><tr><td><a href="{STATUS}">post</a></td></tr></table>',
    ],
)
def test_links_in_prose_and_lists_stay_links(markup):
    (tweet,) = in_html(f"<p>Story.</p>{markup}")
    assert (tweet.form, tweet.text) == ("link", None)


@pytest.mark.parametrize(
    "text",
    [
        # bylines written like a signature: a tweet has words or media, a byline has neither
        "By Farid Ahmadi (@farid_ahmadi)\nJuly 7, 2021\n\nThe city fell quickly.",
        "Farid Ahmadi (@farid_ahmadi) July 7, 2021 — the day the city fell, he wrote.",
        "Reporting by Farid Ahmadi\n@farid_ahmadi\nJuly 7, 2021\n\nThe city fell quickly.",
    ],
)
def test_bylines_are_not_tweets(text):
    assert in_text(text) == []


def test_card_time_with_its_am_pm_word_first():
    # legacy card dates in Korean put 오전/오후 (AM/PM) before the time
    text = (
        "Intro.\n\nFarid Ahmadi @farid_ahmadi\nThe road is open again\n"
        "오전 2:27 - 2021년 7월 7일\n\nNext."
    )
    (tweet,) = in_text(text)
    assert (tweet.text, tweet.date) == ("The road is open again", "2021-07-07")
