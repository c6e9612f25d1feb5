"""Twitter's official embed: ``<blockquote class="twitter-tweet">``, read into a Tweet.

``<p lang dir>TEXT</p>&mdash; Name (@handle) <a href=".../status/ID">Date</a>``, with quote tweets
nested inside, tails in their own ``<p>``, CMS stubs holding only a "View on X" link, and
unclosed blockquotes that swallow the rest of the article (the embed still ends at its
signature's link; an embed after that point is its own, not a quote).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from bs4 import Comment, NavigableString, Tag

from ..model import Author, Tweet
from .cards import element_text, language_hint
from .dates import parse_date
from .urls import cap, entities, parse_status_url, tidy

EMBED_CLASSES = ["twitter-tweet", "twitter-video"]
_SIGNATURE = re.compile(r"(?:—|–|-{1,2})\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)")


def is_embed(element) -> bool:
    return element.name == "blockquote" and any(
        name in EMBED_CLASSES for name in element.get("class") or ())


def top_blockquotes(soup, elements: Optional[list] = None) -> Iterator[Tag]:
    """Embed blockquotes that are not inside another (a quote tweet's inner one is its own),
    or that follow the signature of the one they sit in. Plain loops over the tree: bs4's
    find_all builds a matcher on every call."""
    for element in elements if elements is not None else _tags(soup):
        if is_embed(element) and not any(is_embed(parent) and not _after_signature(parent, element)
                                         for parent in element.parents):
            yield element


def after_an_embed(element: Tag) -> bool:
    """Whether ``element`` follows the signature of an embed it sits in."""
    return any(is_embed(parent) and _after_signature(parent, element) for parent in element.parents)


def _after_signature(embed: Tag, inner: Tag) -> bool:
    _, inside = _extent(embed)
    return inside is not None and id(inner) not in inside


def _tags(node) -> list[Tag]:
    return [child for child in node.descendants if isinstance(child, Tag)]


def _extent(element: Tag) -> tuple[Optional[Tag], Optional[set]]:
    """The embed's own status anchor (the first after its "— Name (@handle)"), and the ids of
    the nodes up to its end; (None, None) when there is no signature followed by a link."""
    descendants = list(element.descendants)
    has_inner = any(isinstance(node, Tag) and is_embed(node) for node in descendants)
    seen_signature = False
    for index, node in enumerate(descendants):
        if has_inner and _in_inner_embed(node, element):
            continue  # a quoted tweet's own signature and link
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            seen_signature = seen_signature or bool(_SIGNATURE.search(str(node)))
        elif seen_signature and node.name == "a" and parse_status_url(node.get("href") or ""):
            end = index + sum(1 for _ in node.descendants)
            return node, {id(n) for n in descendants[:end + 1]}
    return None, None


def _in_inner_embed(node, element: Tag) -> bool:
    for parent in node.parents:
        if parent is element:
            return False
        if is_embed(parent):
            return True
    return False


def tweet_from_blockquote(element: Tag) -> Tweet:
    tags = _tags(element)  # one walk, filtered by name below
    signature_anchor, inside = _extent(element)
    if inside is not None:  # what follows the signature's link is the article's, not the embed's
        tags = [tag for tag in tags if id(tag) in inside]
    nested = [tag for tag in tags if tag.name == "blockquote"]
    nested_ids = {id(quote) for quote in nested}

    def outside_nested(node) -> bool:
        return not nested_ids or not _under(node, nested_ids)

    status_anchors = [a for a in tags if a.name == "a" and a.has_attr("href")
                      and outside_nested(a) and parse_status_url(a["href"])]
    own_anchor = signature_anchor if signature_anchor is not None and outside_nested(
        signature_anchor) else (status_anchors[-1] if status_anchors else None)
    own_ids = {id(own_anchor)} if own_anchor is not None else set()
    paragraphs = [p for p in tags if p.name == "p" and outside_nested(p)
                  and not any(id(d) in own_ids for d in p.descendants)
                  and not _SIGNATURE.match(p.get_text(" ").strip())]
    paragraph_ids = {id(p) for p in paragraphs}
    media: list[str] = []
    links: list[str] = []
    quoted: list[str] = []
    if paragraphs:
        text = "\n".join(element_text(p, media, links, quoted) for p in paragraphs)
    else:  # stubs and stripped markup: the words before the signature, if any
        loose = "".join(str(node) for node in element.descendants
                        if isinstance(node, NavigableString) and not isinstance(node, Comment)
                        and outside_nested(node) and not _under(node, own_ids)
                        and (inside is None or id(node) in inside))
        signature = _SIGNATURE.search(loose)
        text = tidy(loose[:signature.start()] if signature else loose)
        if not any(c.isalpha() for c in text):
            text = ""
    for quote in nested:
        for anchor in quote.find_all("a", href=True):
            link = parse_status_url(anchor["href"])
            if link:
                quoted.append(link.url)
    tail = " ".join(str(node) for node in element.descendants
                    if isinstance(node, NavigableString) and outside_nested(node)
                    and not _under(node, paragraph_ids) and (inside is None or id(node) in inside))
    status = parse_status_url(own_anchor["href"]) if own_anchor else None
    signature = _SIGNATURE.search(tail)
    date = (parse_date(own_anchor.get_text(" ")) if own_anchor else None) or parse_date(tail)
    lang = (paragraphs[0].get("lang") if paragraphs else None) or element.get("data-lang")
    lang_hint = language_hint(lang)
    text, truncated = cap(text or "")
    hashtags, mentions = entities(text)
    return Tweet(
        form="blockquote-video" if "twitter-video" in element.get("class", []) else "blockquote",
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
        lang_hint=lang_hint,
        quoted_url=quoted[-1] if quoted else None,
        truncated=truncated,
    )


def _under(node, ancestor_ids: set) -> bool:
    """Whether one of ``node``'s ancestors is among ``ancestor_ids`` (Tag == compares markup,
    not identity, so two identical embeds would otherwise be confused)."""
    return any(id(parent) in ancestor_ids for parent in node.parents)
