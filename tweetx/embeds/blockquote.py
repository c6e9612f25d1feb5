"""Twitter's official embed: ``<blockquote class="twitter-tweet">``, read into a Tweet.

``<p lang dir>TEXT</p>&mdash; Name (@handle) <a href=".../status/ID">Date</a>``, with quote tweets
nested inside, tails in their own ``<p>``, CMS stubs holding only a "View on X" link, and
unclosed blockquotes that swallow the rest of the article (the embed still ends at its
signature's link; an embed after that point is its own, not a quote).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from ..model import Author, Tweet
from .cards import element_text, language_hint
from .dates import parse_date
from .tree import Text, classes, document, is_element, size, walk, words
from .urls import cap, entities, parse_status_url, tidy

EMBED_CLASSES = ("twitter-tweet", "twitter-video")
_SIGNATURE = re.compile(r"(?:—|–|-{1,2})\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)")


def is_embed(element) -> bool:
    return element.tag == "blockquote" and any(
        name in EMBED_CLASSES for name in classes(element))


def top_blockquotes(root, elements: Optional[list] = None) -> Iterator:
    """Embed blockquotes that are not inside another (a quote tweet's inner one is its own),
    or that follow the signature of the one they sit in; ``elements`` are the page's
    candidates (:mod:`.regions`), else the whole tree is read."""
    for element in elements if elements is not None else document(root):
        if is_embed(element) and not any(is_embed(parent) and not _after_signature(parent, element)
                                         for parent in element.iterancestors()):
            yield element


def after_an_embed(element) -> bool:
    """Whether ``element`` follows the signature of an embed it sits in."""
    return any(is_embed(parent) and _after_signature(parent, element)
               for parent in element.iterancestors())


def _after_signature(embed, inner) -> bool:
    items = list(walk(embed))
    _, end = _extent(embed, items)
    return end is not None and items.index(inner) > end


def _ancestors(node) -> Iterator:
    """The elements a node (an element or a run of text) sits in, nearest first."""
    if isinstance(node, Text):
        yield node.parent
        yield from node.parent.iterancestors()
    else:
        yield from node.iterancestors()


def _extent(element, items: list) -> tuple[Optional[object], Optional[int]]:
    """The embed's own status anchor (the first after its "— Name (@handle)"), and the index in
    ``items`` (its :func:`walk`) of the last node up to its end; (None, None) when there is no
    signature followed by a link."""
    has_inner = any(is_embed(quote) for quote in element.iterdescendants("blockquote"))
    seen_signature = False
    for index, node in enumerate(items):
        if has_inner and _in_inner_embed(node, element):
            continue  # a quoted tweet's own signature and link
        if isinstance(node, Text):
            seen_signature = seen_signature or bool(_SIGNATURE.search(node.value))
        elif seen_signature and node.tag == "a" and parse_status_url(node.get("href") or ""):
            return node, index + size(node)
    return None, None


def _in_inner_embed(node, element) -> bool:
    for parent in _ancestors(node):
        if parent is element:
            return False
        if is_embed(parent):
            return True
    return False


def tweet_from_blockquote(element) -> Tweet:
    items = list(walk(element))  # one walk; everything below filters it
    signature_anchor, end = _extent(element, items)
    if end is not None:  # what follows the signature's link is the article's, not the embed's
        items = items[:end + 1]
    tags = [node for node in items if is_element(node)]
    nested_quotes = [tag for tag in tags if tag.tag == "blockquote"]
    in_nested = _within(nested_quotes)

    def outside_nested(node) -> bool:
        return not in_nested or _holder(node) not in in_nested

    status_anchors = [a for a in tags if a.tag == "a" and a.get("href") is not None
                      and outside_nested(a) and parse_status_url(a.get("href"))]
    own_anchor = signature_anchor if signature_anchor is not None and outside_nested(
        signature_anchor) else (status_anchors[-1] if status_anchors else None)
    holders = set(own_anchor.iterancestors()) if own_anchor is not None else set()
    paragraphs = [p for p in tags if p.tag == "p" and outside_nested(p) and p not in holders
                  and not _SIGNATURE.match(words(p, " ").strip())]
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
        text = tidy(loose[:signature.start()] if signature else loose)
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
    date = (parse_date(words(own_anchor, " ")) if own_anchor is not None else None) \
        or parse_date(tail)
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
