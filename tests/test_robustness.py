"""Random input never makes a finder or the identifier raise, and results keep their schema."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tweetx.embeds import html as html_embeds
from tweetx.embeds import text as text_embeds
from tweetx.langid import identify

FRAGMENTS = st.sampled_from([
    '<blockquote class="twitter-tweet">', "</blockquote>", '<p lang="fa">', "</p>", "<br>",
    '<a href="https://twitter.com/a/status/1">', "</a>", "&mdash;", "— ", "(@ab) ",
    "July 7, 2021", "pic.twitter.com/x ", "https://t.co/y ", "#تگ ", "\u200c", "د ښار ",
    "شهر ", "\n", "\n\n", "\x00", "<", ">", "&", '"',
])
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MIXED)
def test_finders_never_raise(document):
    for tweet in html_embeds.find_tweets(document) + text_embeds.find_tweets(document):
        data = tweet.to_dict()
        assert data["text"] is None or isinstance(data["text"], str)
        assert data["date"] is None or len(data["date"]) == 10


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_identify_never_raises(text):
    result = identify(text)
    assert result.code == "und" or 0 < result.confidence <= 1
    assert abs(sum(result.scripts.values()) - 1) < 1e-6 or not result.scripts
