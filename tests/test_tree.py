"""Both parsers give the finders the same page: lxml's tree (the fast path) and BeautifulSoup's,
converted, find exactly the same tweets on every HTML page of the test corpora and on random
markup; and the finders' index of a page keeps every element a form reads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tweetx.embeds import tree
from tweetx.embeds.html import find_in_soup, find_in_tree, find_tweets, soup
from tweetx.embeds.regions import candidates

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


def _by_bs4(page: str) -> list:
    return [tweet for tweet, _ in find_in_soup(soup(tree.xml_safe(page)))]


@pytest.mark.parametrize("name, page", PAGES, ids=[name for name, _ in PAGES])
def test_both_parsers_find_the_same_tweets(name, page):
    found = find_tweets(page)
    assert found == _by_bs4(page)
    if "twitter-tweet" in page:
        assert found, "a corpus page with an embed: the comparison must not be of nothing"


def test_the_bs4_parser_can_be_chosen(monkeypatch):
    page = (FIXTURES / "extracted" / "pages").glob("*.html").__next__().read_text("utf-8")
    calls = []
    real = tree.from_soup
    monkeypatch.setattr(tree, "from_soup", lambda s: calls.append(1) or real(s))
    monkeypatch.setenv("TWEETX_HTML_PARSER", "bs4")
    assert find_tweets(page) == _by_bs4(page) and calls


def test_a_long_article_is_indexed_by_its_embed_only():
    embed = (
        '<blockquote class="twitter-tweet"><p lang="fa">شهر آرام است</p>&mdash; A '
        '(@a) <a href="https://twitter.com/a/status/1412743195653169728">July 7, 2021</a>'
        "</blockquote>"
    )
    page = (
        "<html><body>"
        + "<p>Paragraph of the story, on <a href='/t'>twitter</a>.</p>" * 500
        + embed
        + "<p>The end.</p></body></html>"
    )
    assert [node.tag for node in candidates(tree.parse(page))] == ["blockquote", "a"]
    assert [t.text for t in find_tweets(page)] == ["شهر آرام است"]


def test_a_page_too_deep_for_libxml2s_tree_is_read_whole():
    depth = 100_000
    page = (
        "<html><body>" + "<div>" * depth + '<blockquote class="twitter-tweet"><p>deep</p>'
        '&mdash; A (@a) <a href="https://twitter.com/a/status/20">March 21, 2006</a>'
        "</blockquote>" + "</div>" * depth + "</body></html>"
    )
    assert [t.text for t in find_tweets(page)] == ["deep"]


def test_a_page_with_an_xml_declaration_is_read():
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><body><blockquote class="twitter-tweet">'
        '<p>declared</p>&mdash; A (@a) <a href="https://twitter.com/a/status/20">March 21, '
        "2006</a></blockquote></body></html>"
    )
    assert [t.text for t in find_tweets(page)] == ["declared"] == [t.text for t in _by_bs4(page)]


@pytest.mark.parametrize("page", ["", "   ", "<!-- -->", "twitter", "<p>twitter</p>"])
def test_pages_with_nothing_in_them(page):
    assert find_tweets(page) == [] == _by_bs4(page)
    assert find_in_tree(tree.parse(page)) == []


_PARTS = st.sampled_from(
    [
        '<blockquote class="twitter-tweet">',
        "</blockquote>",
        '<p lang="fa">',
        "</p>",
        "<br>",
        '<a href="https://twitter.com/a/status/1412743195653169728">',
        "</a>",
        "&mdash; ",
        "A B (@ab) ",
        "July 7, 2021",
        "pic.twitter.com/x ",
        "شهر آرام است ",
        "<div>",
        "</div>",
        '<figure class="wp-block-embed-twitter">',
        "</figure>",
        '<!-- wp:embed {"url": "https://twitter.com/a/status/20"} -->',
        '<div class="tweet-card"><span class="tweet-text">',
        '</span><span class="handle">@cd</span></div>',
        '<div data-tweet-id="42">',
        "<table><tr><td>",
        "</td></tr></table>",
        '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=34">',
        "</iframe>",
        "<script>",
        "</script>",
        '<amp-twitter data-tweetid="12">',
        "</amp-twitter>",
        "<ul>",
        "<li>",
        "</ul>",
        "<span>",
        "</span>",
        "<",
        ">",
        "&",
        "\n",
        # What a tree built through lxml's API refuses, and bs4 and libxml2 let through.
        '<fb:post data-tweet-id="56" wp:embed="1" 9x="2">',
        "</fb:post>",
        "<!-- a -- b --->",
        "\x0c",
        "\x00",
        "\x1b",
        "\ufffe",
        "<template>",
        "</template>",
        "<![CDATA[x]]>",
        "<?php echo 1 ?>",
        "<style>",
        "</style>",
        '<p lang="ج">',
        '<x-é y-é="1">',
    ]
)
_FILLER = "<p>Filler paragraph with a <a href='/x'>link</a> and <em>words</em>.</p>" * 20


@settings(max_examples=int(os.environ.get("TWEETX_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(_PARTS, max_size=40).map("".join))
def test_both_parsers_agree_on_random_markup(fragment):
    page = f"<html><body>{_FILLER}{fragment}{_FILLER}</body></html>"
    assert find_tweets(page) == _by_bs4(page)


def _definition(root) -> tuple[list, list]:
    """Top embeds and embeds following some embed's signature, by the definition: every embed
    around an element asked about, its whole walk read, its signature's link looked for outside
    the embeds inside it. Slow (each pair walks again); the finder's rule must agree."""
    from tweetx.embeds.blockquote import _SIGNATURE, is_embed
    from tweetx.embeds.urls import parse_status_url

    def inside_inner(node, embed) -> bool:
        parent = node.parent if isinstance(node, tree.Text) else node.getparent()
        while parent is not None and parent is not embed:
            if is_embed(parent):
                return True
            parent = parent.getparent()
        return False

    def before_end(embed):
        items, seen = list(tree.walk(embed)), False
        for index, node in enumerate(items):
            if inside_inner(node, embed):
                continue
            if isinstance(node, tree.Text):
                seen = seen or bool(_SIGNATURE.search(node.value))
            elif seen and node.tag == "a" and parse_status_url(node.get("href") or ""):
                end = index + len(list(tree.walk(node)))
                return {n for n in items[: end + 1] if not isinstance(n, tree.Text)}
        return None

    def after(embed, inner) -> bool:
        within = before_end(embed)
        return within is not None and inner not in within

    embeds = [el for el in tree.document(root) if tree.is_element(el) and is_embed(el)]
    top = [el for el in embeds if all(after(a, el) for a in el.iterancestors() if is_embed(a))]
    following = [
        el for el in embeds if any(after(a, el) for a in el.iterancestors() if is_embed(a))
    ]
    return top, following


@settings(max_examples=int(os.environ.get("TWEETX_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(_PARTS, max_size=40).map("".join))
def test_how_embeds_sit_in_each_other_follows_the_definition(fragment):
    from tweetx.embeds.blockquote import Embeds, is_embed, top_blockquotes

    root = tree.parse(f"<html><body>{fragment}</body></html>")
    top, following = _definition(root)
    embeds = Embeds()
    assert list(top_blockquotes(root, None, embeds)) == top
    assert [
        el
        for el in tree.document(root)
        if tree.is_element(el) and is_embed(el) and embeds.after_an_embed(el)
    ] == following


def test_unclosed_embeds_are_all_read():
    # Each unclosed embed holds every later one; asked of every pair, 400 took 54 s (3,000
    # take a tenth of a second now).
    page = "<html><body>" + "".join(
        f'<blockquote class="twitter-tweet"><p>tweet {i}</p>&mdash; A (@a) <a href="https://'
        f'twitter.com/a/status/{1412743195653169728 + i}">July 7, 2021</a>'
        for i in range(3000)
    )
    assert [t.text for t in find_tweets(page)] == [f"tweet {i}" for i in range(3000)]


_DEEP = 3000


@pytest.mark.parametrize(
    "page, expected",
    [
        # 3,000 levels of each form a finder reads inside: each element read once, not once per
        # element around it (4,000 nested cards took 17 s).
        (
            '<div class="tweet-card"><p class="tweet-text">hi</p><span>@ab</span>' * _DEEP,
            [("card", "hi", "ab")],
        ),
        ('<div class="tweet">x' * _DEEP, []),
        ('<div data-tweet-id="1">' * _DEEP, [("widget", None, None)]),
        (
            '<figure class="wp-block-embed-twitter">' * _DEEP + "https://twitter.com/a/status/1",
            [("wp-embed", None, "a")],
        ),
        ('<amp-twitter data-tweetid="1">' * _DEEP, [("amp", None, None)]),
        (
            '<div class="twitter-tweet-rendered"><iframe data-tweet-id="5"></iframe>' * _DEEP,
            [("rendered", None, None)],
        ),
        ('<blockquote class="twitter-tweet"><p>x</p>' * _DEEP, [("blockquote", "x", None)]),
        # A card holding thousands of elements is a section named after tweets, not a card.
        (
            '<div class="tweet-card"><p class="tweet-text">hi</p>'
            + "<span>" * _DEEP
            + "x"
            + "</span>" * _DEEP
            + "<span>@ab</span></div>",
            [],
        ),
    ],
    ids=[
        "cards",
        "tweet-classes",
        "widgets",
        "wp-figures",
        "amp",
        "rendered",
        "unsigned-embeds",
        "huge-card",
    ],
)
def test_deeply_nested_forms(page, expected):
    found = find_tweets(f"<html><body>{page}</body></html>")
    assert [(t.form, t.text, t.author.handle) for t in found] == expected
