"""Embed shapes publishers and extractors were seen to leave, each written here from its
description (never copied from a page): the form, and where it was met, in a comment."""

from __future__ import annotations

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
