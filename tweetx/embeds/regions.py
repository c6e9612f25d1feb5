"""The elements of a page where a tweet can be: the finders' index of a page.

Every form of :mod:`.html` starts from an element of a few kinds (embed blockquotes and their
wrappers, iframes, widgets, card-like classes, status links, scripts and attributes holding
embed HTML or JSON-LD, WordPress comments); it then reads inside that element and its
ancestors. One pass over the page picks those out, in document order, so that each form
filters a handful of elements instead of every paragraph, link and style of a long article.
``tests/test_tree.py`` checks that nothing a form reads is missed (the corpora, random markup).
"""

from __future__ import annotations

from .encoded import might_hold_embed
from .tree import COMMENT, document
from .wrappers import might_be_wrapper

# The attributes that make an element a publisher's widget (see html._widgets).
_WIDGET_ATTRIBUTES = ("data-tweet-id", "data-embed-type", "data-type", "data-embed-id", "data-id")


def candidates(root) -> list:
    """Every element (and WordPress comment) a form reads, in document order. A loop in
    Python: one XPath with these tests took four times as long (its translate() runs on
    every element)."""
    found = []
    # Every node is held until the end: lxml frees a node's proxy by looking up the tree for
    # another held one, so dropping each in turn costs the page's depth (100,000 nested divs:
    # 40 s against 0.1 s).
    nodes = list(document(root))
    for node in nodes:
        tag = node.tag
        if tag is COMMENT:
            if "wp:embed" in (node.text or ""):
                found.append(node)
            continue
        if not isinstance(tag, str):  # a processing instruction
            continue
        if tag in ("amp-twitter", "iframe"):
            found.append(node)
            continue
        attributes = node.attrib
        if not attributes:
            if tag == "script" and "twitter-tweet" in (node.text or ""):
                found.append(node)
            continue
        css = attributes.get("class", "")
        if (
            (tag == "blockquote" and "twitter-" in css)
            or (tag == "figure" and ("op-interactive" in css or "wp-block-embed" in css))
            or (tag == "a" and "/status" in attributes.get("href", "").lower())
            or "tweet" in css.lower()
            or "embed-twitter" in css
            or any(name in attributes for name in _WIDGET_ATTRIBUTES)
            or (
                tag == "script"
                and (
                    attributes.get("type") == "application/ld+json"
                    or "twitter-tweet" in (node.text or "")
                )
            )
            or "tweet" in tag
            or "twitter" in tag
            or _attributes_might_embed(attributes)
        ):
            found.append(node)
    return found


def _attributes_might_embed(attributes) -> bool:
    """Whether an element's attributes may hold embed code or name a tweet
    (:func:`.encoded.might_hold_embed`, :func:`.wrappers.might_be_wrapper`), tested on all its
    values and names joined: one substring search each instead of a call per attribute."""
    values = attributes.values()
    blob = "\x00".join(values)
    names = "\x00".join(attributes.keys())
    if "twitter-tweet" in blob or "/status" in blob or "weet" in names or "witter" in names:
        return True
    if ("{" in blob or "[" in blob) and ("weet" in blob or "witter" in blob):
        return any(might_be_wrapper("", value) for value in values)
    return len(blob) >= 80 and any(len(value) >= 80 and might_hold_embed(value) for value in values)
