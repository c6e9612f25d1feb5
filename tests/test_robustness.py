"""Random input never makes a reader, finder, identifier or the annotator raise, and every result
keeps its schema.

The default suite runs a few hundred examples per property; ``make fuzz`` runs the dedicated
10,000-example pass (TWEETX_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tweetx import Annotator
from tweetx.embeds import html as html_embeds
from tweetx.embeds import text as text_embeds
from tweetx.langid.identifier import identify
from tweetx.readers.articles import read
from tweetx.readers.jsonvalues import dumps
from tweetx.writers.pages import annotate_html

EXAMPLES = int(os.environ.get("TWEETX_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FRAGMENTS = st.sampled_from(
    [
        '<blockquote class="twitter-tweet">',
        "</blockquote>",
        '<p lang="fa">',
        "</p>",
        "<br>",
        '<a href="https://twitter.com/a/status/1">',
        "</a>",
        "&mdash;",
        "— ",
        "(@ab) ",
        "July 7, 2021",
        "pic.twitter.com/x ",
        "https://t.co/y ",
        "#تگ ",
        "\u200c",
        "د ښار ",
        "شهر ",
        "\n",
        "\n\n",
        "\x00",
        "<",
        ">",
        "&",
        '"',
        "\ud800",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        '<amp-twitter data-tweetid="12">',
        '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=34">',
        '"html": "',
        "\\u003C",
        "<div>" * 50,
        "\x1b",
        "\ufeff",
    ]
)
MIXED = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=40).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | MIXED,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["html", "text", "url", "date", "language", "tweetx"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=8,
)

TWEET_KEYS = {
    "form",
    "text",
    "id",
    "url",
    "author",
    "date",
    "media",
    "links",
    "hashtags",
    "mentions",
    "lang_hint",
    "span",
    "quoted_url",
    "date_check",
    "truncated",
    "language",
    "translation",
    "error",
}


def _check_record(record: dict) -> None:
    metadata = record["tweetx"]
    assert {"version", "target", "source", "line", "tweets", "error"} <= set(metadata)
    for tweet in metadata["tweets"]:
        assert set(tweet) == TWEET_KEYS
        assert tweet["text"] is None or isinstance(tweet["text"], str)
        assert tweet["date"] is None or len(tweet["date"]) == 10
    assert json.loads(dumps(record))["tweetx"]["tweets"] == json.loads(
        json.dumps(metadata["tweets"])
    )


@FUZZ
@given(MIXED)
def test_finders_never_raise(document):
    for tweet in html_embeds.find_tweets(document) + text_embeds.find_tweets(document):
        data = tweet.to_dict()
        assert data["text"] is None or isinstance(data["text"], str)
        assert data["date"] is None or len(data["date"]) == 10


@FUZZ
@given(st.text(max_size=200))
def test_identify_never_raises(text):
    result = identify(text)
    assert result.code == "und" or 0 < result.confidence <= 1
    assert abs(sum(result.scripts.values()) - 1) < 1e-6 or not result.scripts


_ANNOTATOR = Annotator(translate=False)


@FUZZ
@given(JSON_VALUES)
def test_annotator_takes_any_json_value(value):
    record = next(_ANNOTATOR.annotate_records([value]))
    _check_record(record)
    if isinstance(value, dict):
        assert {k: v for k, v in record.items() if k != "tweetx"} == {
            k: v for k, v in value.items() if k != "tweetx"
        }
    if isinstance(value, dict) and isinstance(value.get("html"), str):
        annotate_html(value["html"], record)  # the page writer takes it too


@FUZZ
@given(
    st.binary(max_size=300),
    st.sampled_from(["page.html", "page.txt", "crawl.jsonl", "unknown.dat"]),
)
def test_readers_take_any_bytes(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    for record in _ANNOTATOR.annotate_articles(read(str(path))):
        _check_record(record)
