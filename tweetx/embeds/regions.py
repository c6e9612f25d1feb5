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
        # All values, and all names, joined: one substring search each for what any of them
        # may hold (a call or a generator per attribute was a tenth of a page's time).
        values = attributes.values()
        blob = values[0] if len(values) == 1 else "\x00".join(values)
        names = "\x00".join(attributes.keys())
        if (
            "/status" in blob
            or "twitter-tweet" in blob
            or "weet" in blob.lower()  # classes naming a tweet, JSON props of one
            or "embed-twitter" in blob
            or (tag == "blockquote" and "twitter-" in blob)
            or "weet" in names
            or "witter" in names
            or "data-id" in names
            or "data-type" in names
            or "data-embed" in names
            or (tag == "figure" and ("op-interactive" in blob or "wp-block-embed" in blob))
            or (
                tag == "script"
                and (
                    attributes.get("type") == "application/ld+json"
                    or "twitter-tweet" in (node.text or "")
                )
            )
            or "tweet" in tag
            or "twitter" in tag
            or _encoded(blob, values)
        ):
            found.append(node)
    return found


def _encoded(blob: str, values) -> bool:
    """Whether an attribute holds Twitter JSON props or base64 embed code
    (:func:`.wrappers.might_be_wrapper`, :func:`.encoded.might_hold_embed`)."""
    if "witter" in blob and ("{" in blob or "[" in blob):
        return any(might_be_wrapper("", value) for value in values)
    # base64 has no ":" or space: URLs and styles are out at once
    return len(blob) >= 80 and any(
        len(value) >= 80 and ":" not in value and might_hold_embed(value) for value in values
    )
