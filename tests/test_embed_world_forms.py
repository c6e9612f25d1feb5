"""Every embed form catalogued in real saved pages and publishers' exports (extractors' and
parsers' test suites: trafilatura, readability, postlight/parser; exported articles; the code of
embed services and consent managers), each written here afresh with invented content: the
markup's shape, never a page's words. The comment on each names the form and where it was seen.
"""

from __future__ import annotations

import base64
import html as H
from urllib.parse import quote

import pytest

from tweetx.embeds.html import find_tweets

ID = "1412743195653169728"
STATUS = f"https://twitter.com/farid_ahmadi/status/{ID}"
WORDS = "The road to Qala-e-Naw is open again"
EMBED = (
    f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{WORDS}</p>&mdash; Farid Ahmadi '
    f'(@farid_ahmadi) <a href="{STATUS}?ref_src=twsrc%5Etfw">July 7, 2021</a></blockquote>'
)


def page(markup: str) -> str:
    return (
        "<html><body><article><p>The story begins with the city's markets.</p>"
        f"{markup}<p>The story goes on.</p></article></body></html>"
    )


# (form expected, text expected or None, markup)
FOUND = {
    # the signature in a <p> of its own (WordPress's wpautop; exported WP articles)
    "signature-paragraph": (
        "blockquote",
        WORDS,
        f'<blockquote class="twitter-tweet"><p lang="en">{WORDS}</p><p>— Farid Ahmadi '
        f'(@farid_ahmadi) <a href="{STATUS}">July 7, 2021</a></p></blockquote>',
    ),
    # a skeleton blockquote holding only "Loading: …" and the link (a newsletter's rail)
    "loading-skeleton": (
        "blockquote",
        None,
        f'<blockquote class="twitter-tweet" data-dnt="true"><div class="loading"><a href="{STATUS}">'
        f"Loading: twitter.com/farid_ahmadi/status/{ID}</a></div></blockquote>",
    ),
    # a CMS's code-fragment wrapper with a random id (readability's aktualne fixture)
    "code-fragment-wrapper": (
        "blockquote",
        WORDS,
        f'<div id="twttr_9f8e7d" class="codefragment codefragment--twitter">{EMBED}</div>',
    ),
    # WordPress's raw block: the figure holds the bare status URL as text (Gutenberg exports)
    "wordpress-raw-url": (
        "wp-embed",
        None,
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        f'<div class="wp-block-embed__wrapper">\n{STATUS}\n</div></figure>',
    ),
    # a Japanese platform's empty figure, the URL in data-src (note.com's converter)
    "figure-data-src": (
        "widget",
        None,
        f'<figure name="f1" data-src="{STATUS.replace("twitter.com", "x.com")}" '
        'embedded-service="twitter"></figure>',
    ),
    # a golf magazine CMS's module, the URL in data-tweet-url (an importer script)
    "data-tweet-url": (
        "widget",
        None,
        f'<div class="tweetEmbed"><div data-module="tweet-embed" data-tweet-url="{STATUS}">'
        "</div></div>",
    ),
    # a forum's BB-code tweet: the id, and an /i/web/status/ link (XenForo's template)
    "forum-bbcode": (
        "widget",
        None,
        f'<div class="bbCode-tweet" data-xf-init="tweet" data-tweet-id="{ID}"><a href="'
        f'https://twitter.com/i/web/status/{ID}">https://twitter.com/i/web/status/{ID}</a></div>',
    ),
    # a French consent manager's canvas before consent: the id in a bare tweetid attribute
    # (tarteaucitron's service code and demo pages)
    "consent-canvas-tweetid": (
        "widget",
        None,
        f'<div class="twitterembed-canvas" tweetid="{ID}" theme="light"></div>',
    ),
    # a privacy component's custom element (Embetty, heise)
    "custom-element-status": ("widget", None, f'<embetty-tweet status="{ID}"></embetty-tweet>'),
    # the widget's shadow-DOM element left in a saved page (2016-2018 renders)
    "twitterwidget": (
        "widget",
        None,
        f'<twitterwidget class="twitter-tweet twitter-tweet-rendered" id="twitter-widget-0" '
        f'data-tweet-id="{ID}"></twitterwidget>',
    ),
    # a newsletter platform's component with its JSON in data-attrs (Substack's Twitter2ToDOM)
    "component-json-attrs": (
        "widget",
        None,
        '<div class="twitter-embed" data-component-name="Twitter2ToDOM" data-attrs="'
        + H.escape(f'{{"url": "{STATUS}", "username": "farid_ahmadi", "name": "Farid Ahmadi"}}')
        + '"></div>',
    ),
    # a lazy loader: the URL in data-url, the whole embed percent-encoded in data-content
    "percent-encoded-embed": (
        "oembed-json",
        WORDS,
        f'<div class="load-later load-later-vendor-twittercom" data-url="{STATUS}" '
        f'data-content="{quote(EMBED)}"></div>',
    ),
    # a consent manager holding the embed in base64 until the reader agrees (Borlabs Cookie)
    "base64-consent": (
        "oembed-json",
        WORDS,
        '<div class="brlbs-cmpnt-container brlbs-cmpnt-content-blocker" '
        'data-borlabs-cookie-content-blocker-id="x-alias-twitter" data-borlabs-cookie-content="'
        + base64.b64encode(EMBED.encode()).decode()
        + '"><p>Wir benötigen Ihre Zustimmung, um Inhalte von X zu laden.</p></div>',
    ),
    # the embed HTML entity-escaped in a holder's data-src (a sports site's 2016 pages)
    "escaped-in-attribute": (
        "oembed-json",
        WORDS,
        f'<blockquote class="twitter-embed-holder" data-src="{H.escape(EMBED)}"></blockquote>',
    ),
    # Medium's player through Embedly: the URL percent-encoded in src, the words in the title
    "embed-service-player": (
        "rendered",
        WORDS,
        f'<iframe title="Farid Ahmadi on Twitter: &quot;{WORDS} / Twitter&quot;" '
        'src="https://cdn.embedly.com/widgets/media.html?type=text%2Fhtml&schema=twitter&url=https'
        f'%3A//twitter.com/farid_ahmadi/status/{ID}&image=x"></iframe>',
    ),
    # a blog network's player, the id in its name (Kinja's inset iframe)
    "player-named-by-id": (
        "rendered",
        None,
        f'<aside class="embed-inset"><iframe class="twitter-iframe" id="twitter-{ID}" '
        f'src="https://kinja.com/ajax/inset/iframe?id=twitter-{ID}&autosize=1"></iframe></aside>',
    ),
    # a forum media embedder, the id as the address's fragment (s9e)
    "player-fragment-id": (
        "rendered",
        None,
        '<iframe data-s9e-mediaembed="twitter" '
        f'src="https://s9e.github.io/iframe/2/twitter.min.html#{ID}#theme=auto"></iframe>',
    ),
    # a consent placeholder whose footer keeps the original link (a WordPress privacy plugin)
    "consent-footer-link": (
        "widget",
        None,
        '<div class="embed-privacy-container is-disabled embed-twitter" '
        'data-embed-provider="twitter"><div class="embed-privacy-inner"><p>Klicken Sie hier, um '
        'den Inhalt von X anzuzeigen.</p><p class="embed-privacy-input-wrapper"><label>Inhalt '
        'immer anzeigen</label></p></div><div class="embed-privacy-footer"><span class="embed-'
        f'privacy-url"><a href="{STATUS}">„Beitrag“ direkt öffnen</a></span></div></div>',
    ),
    # a screenshot linked to the mobile status page, empty alt (a German magazine's exports)
    "screenshot-empty-alt": (
        "screenshot",
        None,
        f'<samp class="EmbedCode-container"><a href="https://mobile.twitter.com/farid_ahmadi/'
        f'status/{ID}" target="_blank"><img class="aligncenter" src="/shot.png" alt></a></samp>',
    ),
    # a screenshot whose alt carries the author and the words
    "screenshot-alt-words": (
        "screenshot",
        WORDS,
        f'<figure><a href="{STATUS}"><img src="/shot.png" alt="Tweet by Farid Ahmadi '
        f'(@farid_ahmadi): {WORDS}"></a></figure>',
    ),
}

# Markup that names Twitter but no embedded tweet (seen beside real embeds).
NOT_EMBEDS = {
    # the share button's iframe (every page with a tweet button)
    "share-button": '<iframe id="twitter-widget-0" class="twitter-share-button" title="Twitter '
    'Tweet Button" src="https://platform.twitter.com/widgets/tweet_button.html#text=Title&url='
    'https://news.example.org/a"></iframe>',
    # a portal's "Read more" box that borrows Twitter's class name
    "borrowed-class": '<div class="twitter-tweet"><a href="https://news.example.org/more">Read more'
    "</a></div>",
    # a profile timeline in a rail (a profile, not a status)
    "timeline": '<aside><a class="twitter-timeline" href="https://twitter.com/farid_ahmadi" '
    'data-widget-id="123456789">Tweets by @farid_ahmadi</a></aside>',
    # testimonials styled as tweets
    "testimonial": '<ul><li><p class="tweet">Great service "Ann" - customer</p></li></ul>',
    # an ad pixel's Twitter id
    "pixel": '<div data-twitter-id="o1abc"></div>',
    # a reply intent naming a tweet it answers
    "intent": f'<a href="https://twitter.com/intent/tweet?in_reply_to={ID}">Reply</a>',
    # a consent button for a timeline, with no tweet behind it
    "consent-button": '<p id="twitter-target"><button>Ich bin damit einverstanden, dass mir '
    "Inhalte von Twitter angezeigt werden.</button></p>",
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_catalogued_form_is_found(name):
    form, text, markup = FOUND[name]
    (tweet,) = find_tweets(page(markup))
    assert (tweet.form, tweet.id, tweet.text) == (form, ID, text)


@pytest.mark.parametrize("name", sorted(NOT_EMBEDS))
def test_markup_naming_no_embedded_tweet_is_not_one(name):
    assert find_tweets(page(NOT_EMBEDS[name])) == []


@pytest.mark.parametrize(
    "markup",
    [
        # prose naming the tweet (postlight's fixtures: "spotted by <a>Name</a> on Twitter")
        f'<p>It was spotted by <a href="{STATUS}">Farid Ahmadi</a> on Twitter this morning.</p>',
        # an image credit linking to the tweet it came from (trafilatura's Verge fixture)
        f'<figure><img src="/a.png"><figcaption>The road</figcaption><cite>Image: <a '
        f'href="{STATUS}">farid_ahmadi</a></cite></figure>',
        # a list item's attribution: "@handle / Twitter / Via <a>Twitter: @handle</a>"
        f'<div class="buzz_attribution">@farid_ahmadi / Twitter / Via <a href="{STATUS}">Twitter: '
        "@farid_ahmadi</a></div>",
    ],
)
def test_mentions_and_credits_are_links(markup):
    (tweet,) = find_tweets(page(markup))
    assert (tweet.form, tweet.id, tweet.text) == ("link", ID, None)


def test_rail_card_with_an_attribution_link():
    # a sidebar's plain tweet card: the words, then a link naming the author and the date
    markup = (
        '</article><aside class="sidebar"><div class="social-card"><p>' + WORDS + "</p>"
        f'<a href="{STATUS}">Farid Ahmadi (@farid_ahmadi) July 7, 2021</a></div></aside><article>'
    )
    (tweet,) = find_tweets(page(markup))
    assert (tweet.form, tweet.text, tweet.date) == ("card", WORDS, "2021-07-07")
    assert (tweet.author.name, tweet.author.handle) == ("Farid Ahmadi", "farid_ahmadi")
