"""Tweets embedded in HTML, in every form a page carries them.

Embeds (``form``):
- ``blockquote`` / ``blockquote-video``: Twitter's embed code, ``<blockquote class="twitter-tweet">
  <p lang dir>TEXT</p>&mdash; Name (@handle) <a href=".../status/ID">Date</a></blockquote>``,
  with quote tweets nested, tails in their own ``<p>``, CMS stubs holding only a "View on X" link;
- ``amp``: ``amp-twitter[data-tweetid]``, with or without a placeholder blockquote;
- ``fb-instant``: Facebook Instant Articles, the blockquote inside an ``iframe`` as raw text;
- ``oembed-json``: oEmbed HTML stored JSON-escaped in a script or a data attribute;
- ``wp-embed`` / ``wp-comment``: WordPress's embed block holding only the status URL, and its
  ``<!-- wp:embed {"url": …} -->`` comment;
- ``rendered``: embeds the widget script already replaced by an iframe (id only);
- ``widget``: a publisher's or embed service's wrapper naming the tweet in its attributes or
  JSON props, whatever they are called (:mod:`.wrappers`), with text when it holds the words;
- ``card``: a publisher's server-rendered card (:mod:`.cards`).
The official blockquote is read in :mod:`.blockquote`.
- ``screenshot`` / ``placeholder``: a status link standing alone for an embed, with an image
  of the tweet (text from its ``alt``) or in an embed's marked slot (a consent placeholder)
  (:mod:`.fallbacks`).
Status links in running prose and JSON-LD ``ClaimReview`` items are ``link`` mentions: id and URL,
never text. A tweet found in two forms (a WordPress block and its comment) is reported once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Optional

from lxml import etree

from ..model import Author, Tweet
from . import cards, fallbacks, tree
from .blockquote import Embeds, after_an_embed, is_embed, top_blockquotes, tweet_from_blockquote
from .cards import first_status, tweet_from_card
from .dates import date_check, parse_date
from .encoded import embedded_html
from .posts import find_posts, worth_reading_for_posts
from .regions import candidates
from .urls import cap, encodable, entities, parse_status_url
from .wrappers import NOT_WRAPPERS, iframe_status, iframe_words
from .wrappers import status_of as wrapper_status

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_WP_EMBED_COMMENT = re.compile(r"^\s*wp:embed\s+(\{.*\})\s*/?\s*$", re.S)
# Every form names Twitter/X or a tweet somewhere in its markup.
# A pattern opening with a character class is scanned for it; one under re.I is tried at every
# position.
_MIGHT_EMBED = re.compile(r"[tTxX](?i:witter|\.com|weet)")


def soup(html: str) -> BeautifulSoup:
    """A BeautifulSoup tree of the page (lxml's builder): what the HTML writer edits."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(encodable(html), "lxml")


def find_tweets(html: str) -> list[Tweet]:
    """The tweets embedded in a page, in document order.

    Example:
        >>> page = ('<blockquote class="twitter-tweet"><p lang="en">Hello #world</p>&mdash; A B '
        ...         '(@ab) <a href="https://twitter.com/ab/status/20">March 21, 2006</a></blockquote>')
        >>> t = find_tweets(page)[0]; (t.text, t.author.handle, t.date, t.hashtags)
        ('Hello #world', 'ab', '2006-03-21', ('world',))
    """
    return find_all(html, ("x",))


def find_all(html: str, platforms: Iterable[str]) -> list[Tweet]:
    """The tweets (with ``x`` in ``platforms``) and the other platforms' posts of a page: one
    parse for both (:mod:`.posts`)."""
    wanted = set(platforms)
    # Most pages of a crawl need no parse at all: nothing on them names X or another platform.
    tweets_wanted = "x" in wanted and _MIGHT_EMBED.search(html)
    posts_wanted = bool(wanted - {"x"}) and worth_reading_for_posts(html, bool(tweets_wanted))
    if not tweets_wanted and not posts_wanted:
        return []
    # lxml's tree, unless TWEETX_HTML_PARSER=bs4 asks for BeautifulSoup's (converted).
    page: str | bytes = html
    if os.environ.get("TWEETX_HTML_PARSER") == "bs4":
        root = tree.from_soup(soup(tree.xml_safe(html)))[0]  # soup() makes it encodable
    else:
        page = tree.utf8(html)  # the posts' address search reads the parser's bytes too
        root = tree.parse(page)
    found = [tweet for tweet, _ in find_in_tree(root)] if tweets_wanted else []
    return found + (find_posts(root, wanted, page) if posts_wanted else [])


def find_in_soup(page_soup: BeautifulSoup) -> list[tuple[Tweet, Optional[Tag]]]:
    """Each tweet with the bs4 tag it came from (None for comments), in document order."""
    root, tags = tree.from_soup(page_soup)
    return [
        (tweet, tags.get(element) if element is not None else None)
        for tweet, element in find_in_tree(root)
    ]


def find_in_tree(root) -> list[tuple[Tweet, Optional[etree._Element]]]:
    """Each tweet with the element it came from (None for comments), in document order."""
    if root is None:
        return []
    return _Finder(root).run()


class _Finder:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        # One walk over the page gives the elements (and comments) a form starts from, in
        # document order.
        found = candidates(root)
        self.elements = [node for node in found if node.tag is not tree.COMMENT]
        self.comments = [node for node in found if node.tag is tree.COMMENT]
        self.order = {node: i for i, node in enumerate(found)}
        self.claimed: set = set()  # elements already read as (part of) an embed
        self.inside_claimed: set = set()  # elements found inside claimed ones
        self.embeds = Embeds()  # how the page's embeds sit in each other
        self.found: list[tuple[float, Tweet, Optional[etree._Element]]] = []
        self.prose_links: list = []  # (anchor, status) of links in prose, for _links

    def run(self) -> list[tuple[Tweet, Optional[etree._Element]]]:
        # Wrappers first, so that the blockquotes inside them are read once, as theirs.
        self._amp()
        self._facebook_instant()
        self._blockquotes()
        self._wordpress_blocks()
        self._rendered()
        self._widgets()
        self._cards()
        self._oembed_json()
        self._wordpress_comments()
        self._fallbacks()
        embeds = _dedupe(sorted(self.found, key=lambda item: item[0]))
        embedded_ids = {t.id for _, t, _ in embeds if t.id}
        self.found = []
        self._links(embedded_ids)
        links = _dedupe(sorted(self.found, key=lambda item: item[0]))
        merged = sorted(embeds + links, key=lambda item: item[0])
        return [(tweet, element) for _, tweet, element in merged]

    # -- bookkeeping -----------------------------------------------------------------------
    def _named(self, name: str, css_class: Optional[str] = None) -> list:
        return [
            el
            for el in self.elements
            if el.tag == name and (css_class is None or css_class in tree.classes(el))
        ]

    def _free(self, element) -> bool:
        """Not read already, nor inside something read already. Elements found inside are
        remembered: the next one down a long chain stops at its parent, not at the top."""
        if not self.claimed:
            return True
        if element in self.claimed or element in self.inside_claimed:
            return False
        for node in element.iterancestors():
            if node in self.claimed or node in self.inside_claimed:
                self.inside_claimed.add(element)
                return False
        return True

    def _add(self, tweet: Tweet, element, order: Optional[float] = None) -> None:
        if element is not None:
            self.claimed.add(element)
            order = self.order.get(element, len(self.order)) if order is None else order
        check = date_check(tweet.id, tweet.date)
        if check != tweet.date_check:
            tweet = tweet.replace(date_check=check)
        self.found.append((order if order is not None else len(self.order), tweet, element))

    # -- the forms -------------------------------------------------------------------------
    def _amp(self) -> None:
        for element in self._named("amp-twitter"):
            status = _status_from_id(element.get("data-tweetid"))
            placeholder = tree.first(element, "blockquote")
            tweet = (
                tweet_from_blockquote(placeholder)
                if placeholder is not None
                else Tweet(form="amp", text=None)
            )
            self._add(_with_status(tweet.replace(form="amp"), status), element)

    def _facebook_instant(self) -> None:
        for figure in self._named("figure", "op-interactive"):
            iframe = tree.first(figure, "iframe")
            # An HTML parser hands back an iframe's content as raw text: parse it again.
            inner = tree.parse(iframe.text) if iframe is not None and iframe.text else None
            for quote in top_blockquotes(inner) if inner is not None else []:
                self._add(tweet_from_blockquote(quote).replace(form="fb-instant"), figure)

    def _blockquotes(self) -> None:
        for element in top_blockquotes(self.root, self.elements, self.embeds):
            if self._free(element) or after_an_embed(element, self.embeds):
                self._add(tweet_from_blockquote(element), element)

    def _wordpress_blocks(self) -> None:
        for figure in self._named("figure"):
            classes = set(tree.classes(figure))
            if (
                "wp-block-embed-twitter" not in classes
                and not {"wp-block-embed", "is-provider-twitter"} <= classes
            ):
                continue
            if not self._free(figure) or any(
                is_embed(quote) for quote in figure.iterdescendants("blockquote")
            ):
                continue
            status = first_status(figure)
            if status:
                self._add(_with_status(Tweet(form="wp-embed", text=None), status), figure)

    def _rendered(self) -> None:
        for element in self.elements:
            if element.tag == "iframe":
                iframe = element
            elif element.tag == "div" and "twitter-tweet-rendered" in tree.classes(element):
                iframe = tree.first(element, "iframe")
            else:
                continue
            if not self._free(element):
                continue
            status = _status_from_id(element.get("data-tweet-id"))
            if status is None and iframe is not None:
                status = iframe_status(iframe)
            if status:
                name, text = iframe_words(iframe) if iframe is not None else (None, None)
                tweet = Tweet(form="rendered", text=text, author=Author(name, None))
                self._add(_with_status(tweet, status), element)

    def _widgets(self) -> None:
        for element in self.elements:
            if element.tag in NOT_WRAPPERS or not self._free(element):
                continue
            status = wrapper_status(element)
            if status is None and element.tag == "div" and "embed-twitter" in tree.classes(element):
                status = first_status(element)
            if status:
                self._add(tweet_from_card(element, status, form="widget"), element)

    def _cards(self) -> None:
        for element in self.elements:
            if cards.might_be_card(element) and self._free(element) and cards.is_card(element):
                self._add(tweet_from_card(element), element)

    def _oembed_json(self) -> None:
        for element in self.elements:
            if element.tag == "script" and element.get("id") == "tweetx-metadata":
                continue
            sources = [(value, False) for value in element.attrib.values()]
            if element.tag == "script" and element.text:
                sources.append((element.text, True))
            for source, in_script in sources:
                for fragment in embedded_html(source, in_script):
                    for quote in top_blockquotes(tree.parse(fragment)):
                        tweet = tweet_from_blockquote(quote).replace(form="oembed-json")
                        self._add(tweet, None, order=self.order.get(element))

    def _wordpress_comments(self) -> None:
        for comment in self.comments:
            match = _WP_EMBED_COMMENT.match(comment.text or "")
            if not match:
                continue
            try:
                attributes = json.loads(match.group(1))
            except ValueError:
                continue
            status = parse_status_url(str(attributes.get("url", "")))
            if status and (attributes.get("providerNameSlug") in (None, "twitter")):
                # Between the elements around it: its own place in the page's order.
                self._add(
                    _with_status(Tweet(form="wp-comment", text=None), status),
                    None,
                    self.order[comment],
                )

    def _fallbacks(self) -> None:
        """Status links standing alone for an embed: screenshots, placeholders and rail cards
        (:mod:`.fallbacks`); the rest are mentions, kept for :meth:`_links`."""
        embedded = {tweet.id for _, tweet, _ in self.found if tweet.id}
        for anchor in self._named("a"):
            status = parse_status_url(anchor.get("href") or "")
            # a link to a tweet the page embeds is neither a fallback nor reported
            if not status or status.id in embedded or not self._free(anchor):
                continue
            block = fallbacks.block_of(anchor)
            if fallbacks.in_prose(anchor, block):
                self.prose_links.append((anchor, status))
                continue
            shot = fallbacks.screenshot(anchor, block)
            if shot is not None:
                form, words, date = "screenshot", shot[0], None
            elif fallbacks.is_slot(anchor, block):
                words = fallbacks.attributed_words(anchor, block, status.handle)
                form = "card" if words else "placeholder"
                date = parse_date(" ".join(anchor.itertext())) if words else None
            else:  # a list of sources, a table's cell: a mention all the same
                self.prose_links.append((anchor, status))
                continue
            text, truncated = cap(words) if words else (None, False)
            hashtags, mentions = entities(text) if text else ((), ())
            name = fallbacks.attribution_name(anchor, status.handle) if form == "card" else None
            tweet = Tweet(
                form=form,
                text=text,
                author=Author(name, status.handle),
                date=date,
                hashtags=hashtags,
                mentions=mentions,
                truncated=truncated,
            )
            self._add(_with_status(tweet, status), block if form == "card" else anchor)

    def _links(self, embedded_ids: set) -> None:
        for anchor, status in self.prose_links:  # what _fallbacks left, free then
            if status.id not in embedded_ids:
                self._add(_with_status(Tweet(form="link", text=None), status), anchor)
        for script in self._named("script"):
            if script.get("type") != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            for url in _claim_review_urls(data):
                status = parse_status_url(url)
                if status and status.id not in embedded_ids:
                    tweet = _with_status(Tweet(form="link", text=None), status)
                    self._add(tweet, None, order=self.order.get(script))


def _dedupe(
    found: list[tuple[float, Tweet, Optional[etree._Element]]],
) -> list[tuple[float, Tweet, Optional[etree._Element]]]:
    """One entry per tweet id, where it first appears; the richest reading wins: one with text,
    else one with an element to annotate (a WordPress block over its comment)."""
    best: dict[str, int] = {}
    out = []
    for item in found:
        tweet = item[1]
        if tweet.id is None:
            out.append(item)
        elif tweet.id not in best:
            best[tweet.id] = len(out)
            out.append(item)
        elif _richness(item) > _richness(out[best[tweet.id]]):
            out[best[tweet.id]] = (out[best[tweet.id]][0], tweet, item[2])
    return out


def _richness(item) -> tuple:
    return (item[1].text is not None, item[2] is not None)


def _status_from_id(tweet_id: Optional[str]):
    """The status an id attribute names: digits, or a whole status URL (some AMP pages put the
    embed's URL in ``data-tweetid``)."""
    value = str(tweet_id or "").strip()
    if not value.isdigit():
        return parse_status_url(value) if "/status" in value else None
    return parse_status_url(f"https://twitter.com/i/web/status/{value}")


def _with_status(tweet: Tweet, status) -> Tweet:
    if status is None:
        return tweet
    better_url = tweet.url if (tweet.url and tweet.id == status.id) else status.url
    return tweet.replace(
        id=status.id,
        url=better_url,
        author=tweet.author if tweet.author.handle else Author(tweet.author.name, status.handle),
    )


def _claim_review_urls(data) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _claim_review_urls(item)
    elif isinstance(data, dict):
        if data.get("@type") == "ClaimReview":
            yield from _strings(data.get("itemReviewed"))
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _claim_review_urls(data[key])


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
