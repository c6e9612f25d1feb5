"""The fast path (lxml cuts out the parts of a page a form reads) finds exactly what reading the
whole page with BeautifulSoup finds, on every HTML page of the test corpora."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tweetx.embeds.html import find_in_soup, find_tweets, parse
from tweetx.embeds.regions import embed_regions

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def _pages() -> list[tuple[str, str]]:
    pages = []
    for line in (FIXTURES / "embeds" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["format"] == "html":
            pages.append((case["case"], case["content"]))
    for path in sorted((FIXTURES / "extracted" / "pages").glob("*.html")):
        pages.append((path.name, path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "samples").glob("*.html")):
        pages.append((path.name, path.read_text(encoding="utf-8")))
    return pages


PAGES = _pages()


def test_the_corpora_are_there():
    assert len(PAGES) > 150


@pytest.mark.parametrize("name, page", PAGES, ids=[name for name, _ in PAGES])
def test_both_ways_find_the_same_tweets(name, page):
    whole = [tweet for tweet, _ in find_in_soup(parse(page))]
    assert find_tweets(page) == whole


def test_a_long_article_is_cut_down_to_its_embed():
    embed = ('<blockquote class="twitter-tweet"><p lang="fa">شهر آرام است</p>&mdash; A '
             '(@a) <a href="https://twitter.com/a/status/1412743195653169728">July 7, 2021</a>'
             '</blockquote>')
    page = ("<html><body>" + "<p>Paragraph of the story, on twitter and more.</p>" * 500
            + embed + "<p>The end.</p></body></html>")
    regions = embed_regions(page)
    assert regions is not None and len(regions) < len(embed) + 50
    assert [t.text for t in find_tweets(page)] == ["شهر آرام است"]


def test_a_page_too_deep_for_lxml_is_read_whole():
    depth = 100_000
    page = ("<html><body>" + "<div>" * depth + '<blockquote class="twitter-tweet"><p>deep</p>'
            '&mdash; A (@a) <a href="https://twitter.com/a/status/20">March 21, 2006</a>'
            "</blockquote>" + "</div>" * depth + "</body></html>")
    assert embed_regions(page) is None
    assert [t.text for t in find_tweets(page)] == ["deep"]


def test_a_page_naming_twitter_without_any_form_builds_no_tree():
    assert embed_regions("<p>Follow us on Twitter: <a href='https://x.com/us'>@us</a></p>") == ""


_PARTS = st.sampled_from([
    '<blockquote class="twitter-tweet">', "</blockquote>", '<p lang="fa">', "</p>", "<br>",
    '<a href="https://twitter.com/a/status/1412743195653169728">', "</a>", "&mdash; ",
    "A B (@ab) ", "July 7, 2021", "pic.twitter.com/x ", "شهر آرام است ", "<div>", "</div>",
    '<figure class="wp-block-embed-twitter">', "</figure>", "<!-- wp:embed {\"url\": "
    "\"https://twitter.com/a/status/20\"} -->", '<div class="tweet-card"><span class="tweet-text">',
    '</span><span class="handle">@cd</span></div>', '<div data-tweet-id="42">', "<table><tr><td>",
    "</td></tr></table>", '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=34">',
    "</iframe>", "<script>", "</script>", '<amp-twitter data-tweetid="12">', "</amp-twitter>",
    "<ul>", "<li>", "</ul>", "<span>", "</span>", "<", ">", "&", "\n",
])
_FILLER = "<p>Filler paragraph with a <a href='/x'>link</a> and <em>words</em>.</p>" * 20


@settings(max_examples=int(os.environ.get("TWEETX_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(_PARTS, max_size=40).map("".join))
def test_both_ways_agree_on_random_markup(fragment):
    page = f"<html><body>{_FILLER}{fragment}{_FILLER}</body></html>"
    whole = [tweet for tweet, _ in find_in_soup(parse(page))]
    assert find_tweets(page) == whole
