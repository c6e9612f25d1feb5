"""Twitter's official embed: ``<blockquote class="twitter-tweet">``, read into a Tweet.

``<p lang dir>TEXT</p>&mdash; Name (@handle) <a href=".../status/ID">Date</a>``, with quote tweets
nested inside, tails in their own ``<p>``, CMS stubs holding only a "View on X" link, and
unclosed blockquotes that swallow the rest of the article (the embed still ends at its
signature's link; an embed after that point is its own, not a quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from lxml import etree

from ..model import Author, Tweet
from .cards import element_text, language_hint
from .dates import parse_date
from .tree import Text, classes, document, is_element, walk, words
from .urls import cap, entities, parse_status_url, tidy

EMBED_CLASSES = ("twitter-tweet", "twitter-video")
_SIGNATURE = re.compile(
    r"(?:—|–|-{1,2})\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)"
)


def is_embed(element) -> bool:
    return element.tag == "blockquote" and any(name in EMBED_CLASSES for name in classes(element))


def top_blockquotes(
    root, elements: Optional[list] = None, embeds: Optional[Embeds] = None
) -> Iterator:
    """Embed blockquotes that are not inside another (a quote tweet's inner one is its own),
    or that follow the signature of every one they sit in; ``elements`` are the page's
    candidates (:mod:`.regions`), else the whole tree is read."""
    embeds = embeds or Embeds()
    for element in elements if elements is not None else document(root):
        if is_embed(element) and embeds.is_top(element):
            yield element


def after_an_embed(element, embeds: Optional[Embeds] = None) -> bool:
    """Whether ``element`` follows the signature of an embed it sits in."""
    return (embeds or Embeds()).after_an_embed(element)


class Embeds:
    """How one page's embeds sit in each other, each worked out once.

    An embed follows the signature of every embed around it exactly when it follows that of the
    nearest one, and that one does the same: a signature's link is never inside an inner embed
    (those are skipped when it is looked for), so an inner embed lies wholly before it or wholly
    after. So each question climbs to the nearest embed only; asked of every ancestor, a page
    of 400 unclosed embeds (each holding every later one) took 54 s. ``tests/test_tree.py``
    checks the rule against the definition on random markup."""

    def __init__(self) -> None:
        self._within: dict = {}  # embed -> the elements up to the end of its signature's link
        self._top: dict = {}
        self._after: dict = {}

    def is_top(self, element) -> bool:
        """Whether ``element`` follows the signature of every embed it sits in."""
        return self._resolve(
            element,
            self._top,
            lambda parent, node, outer: outer and self.after_signature(parent, node),
            True,
        )

    def after_an_embed(self, element) -> bool:
        """Whether ``element`` follows the signature of an embed it sits in."""
        return self._resolve(
            element,
            self._after,
            lambda parent, node, outer: self.after_signature(parent, node) or outer,
            False,
        )

    def _resolve(self, element, memo: dict, rule, outermost: bool) -> bool:
        # Up the chain of nearest embeds to one already known (or the outermost), then back
        # down: no recursion, however deep the chain.
        chain = [element]
        while chain[-1] not in memo:
            parent = _nearest_embed(chain[-1])
            if parent is None:
                memo[chain[-1]] = outermost
                break
            chain.append(parent)
        for node, parent in reversed(list(zip(chain, chain[1:]))):
            memo[node] = rule(parent, node, memo[parent])
        return memo[element]

    def after_signature(self, embed, inner) -> bool:
        """Whether ``inner`` (inside ``embed``) comes after the end of its signature's link."""
        if embed not in self._within:
            anchor, items = _extent(embed)
            self._within[embed] = (
                {node for node in items if is_element(node)} if anchor is not None else None
            )
        within = self._within[embed]
        return within is not None and inner not in within


def _nearest_embed(element):
    return next((parent for parent in element.iterancestors() if is_embed(parent)), None)


def _extent(element) -> tuple[Optional[etree._Element], list]:
    """The embed's own status anchor (the first after its "— Name (@handle)"), or None when
    there is no signature followed by a link; and the embed's nodes (its :func:`walk`, inner
    embeds given but not walked: a quoted tweet's signature and link are its own) up to the end
    of that link, or all of them. The walk stops there: what follows is the article's (an
    unclosed blockquote holds the rest of the page)."""
    seen_signature = False
    items: list = []
    for node in walk(element, skip=is_embed):
        items.append(node)
        if isinstance(node, Text):
            seen_signature = seen_signature or bool(_SIGNATURE.search(node.value))
        elif seen_signature and node.tag == "a" and parse_status_url(node.get("href") or ""):
            items.extend(walk(node))  # the link's own words
            return node, items
    return None, items


def tweet_from_blockquote(element) -> Tweet:
    # One walk, up to the end of the signature's link (what follows is the article's, not the
    # embed's); everything below filters it.
    signature_anchor, items = _extent(element)
    tags = [node for node in items if is_element(node)]
    nested_quotes = [tag for tag in tags if tag.tag == "blockquote"]
    in_nested = _within(nested_quotes)

    def outside_nested(node) -> bool:
        return not in_nested or _holder(node) not in in_nested

    status_anchors = [
        a
        for a in tags
        if a.tag == "a"
        and a.get("href") is not None
        and outside_nested(a)
        and parse_status_url(a.get("href"))
    ]
    own_anchor = (
        signature_anchor
        if signature_anchor is not None and outside_nested(signature_anchor)
        else (status_anchors[-1] if status_anchors else None)
    )
    holders = set()  # the elements between the embed and its own anchor
    for parent in own_anchor.iterancestors() if own_anchor is not None else ():
        if parent is element:
            break
        holders.add(parent)
    paragraphs = [
        p
        for p in tags
        if p.tag == "p"
        and outside_nested(p)
        and p not in holders
        and not _SIGNATURE.match(words(p, " ").strip())
    ]
    if signature_anchor is None and paragraphs:
        # No signature closes it (a stub, stripped markup, or a blockquote left unclosed that
        # holds the rest of the page): the words are the first paragraph, and those after it
        # only when they carry a language as the embed code's own do.
        first = paragraphs[0]
        paragraphs = [first] + [p for p in paragraphs[1:] if first.get("lang") and p.get("lang")]
    media: list[str] = []
    links: list[str] = []
    quoted: list[str] = []
    texts = [node for node in items if isinstance(node, Text) and outside_nested(node)]
    if paragraphs:
        text = "\n".join(element_text(p, media, links, quoted) for p in paragraphs)
    else:  # stubs and stripped markup: the words before the signature, if any
        in_anchor = _within([own_anchor] if own_anchor is not None else [])
        loose = "".join(node.value for node in texts if node.parent not in in_anchor)
        signature = _SIGNATURE.search(loose)
        text = tidy(loose[: signature.start()] if signature else loose)
        if not any(c.isalpha() for c in text):
            text = ""
    for quote in nested_quotes:
        for anchor in quote.iterdescendants("a"):
            link = parse_status_url(anchor.get("href") or "") if anchor.get("href") else None
            if link:
                quoted.append(link.url)
    in_paragraphs = _within(paragraphs)
    tail = " ".join(node.value for node in texts if node.parent not in in_paragraphs)
    status = parse_status_url(own_anchor.get("href")) if own_anchor is not None else None
    signature = _SIGNATURE.search(tail)
    date = (parse_date(words(own_anchor, " ")) if own_anchor is not None else None) or parse_date(
        tail
    )
    lang = (paragraphs[0].get("lang") if paragraphs else None) or element.get("data-lang")
    text, truncated = cap(text or "")
    hashtags, mentions = entities(text)
    return Tweet(
        form="blockquote-video" if "twitter-video" in classes(element) else "blockquote",
        text=text or None,
        id=status.id if status else None,
        url=status.url if status else None,
        author=Author(
            name=(signature.group("name") or None) if signature else None,
            handle=signature.group("handle") if signature else (status.handle if status else None),
        ),
        date=date,
        media=tuple(dict.fromkeys(media)),
        links=tuple(dict.fromkeys(links)),
        hashtags=hashtags,
        mentions=mentions,
        lang_hint=language_hint(lang),
        quoted_url=quoted[-1] if quoted else None,
        truncated=truncated,
    )


def _within(elements: list) -> set:
    """The elements and everything inside them: a node sits inside one of them when the
    element holding it is in this set (one walk each, not one climb per node)."""
    return {node for element in elements for node in element.iter()}


def _holder(node):
    """The element a node (an element or a run of text) sits in."""
    return node.parent if isinstance(node, Text) else node.getparent()
