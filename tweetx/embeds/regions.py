"""The parts of a page where a tweet can be, found with lxml before BeautifulSoup sees anything.

Building a BeautifulSoup tree costs most of the time spent on a page (its Python callbacks run
for every tag of a long article), while libxml2, through lxml, parses the same page into the
same structure many times faster (0.19 ms against 4.4 ms for a 65 KB page here): bs4's ``lxml``
builder is driven by the same parser. So a page is first
parsed by lxml; every element that any form of :mod:`.html` reads (embed blockquotes and their
wrappers, iframes, widgets, card-like classes, status links, scripts and attributes holding embed
HTML or JSON-LD, WordPress comments) is kept, outermost first, and the rest (the article's
paragraphs, navigation, styles) is dropped. The kept parts, serialised in document order, make a
small page that :func:`.html.find_in_soup` reads exactly as it would read the whole one: every
form reads inside its element and its ancestors among the kept ones, and document order is kept.

Where lxml cannot vouch for the whole page (it stops building below a nesting depth, or fails),
None is returned and the page is read whole by BeautifulSoup. ``tests/test_regions.py`` checks
that both ways give the same tweets on every page of the test corpora.
"""

from __future__ import annotations

from typing import Iterator, Optional

# The attributes that make an element a publisher's widget (see html._widgets).
_WIDGET_ATTRIBUTES = ("data-tweet-id", "data-embed-type", "data-type", "data-embed-id",
                      "data-id")
_TABLE_PARTS = {"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "col", "colgroup"}


def embed_regions(html: str) -> Optional[str]:
    """The page cut down to the elements tweets can be found in, as HTML; None when lxml's
    tree cannot be trusted to hold the whole page."""
    from lxml import etree

    parser = etree.HTMLParser(huge_tree=True, recover=True)
    try:
        root = etree.fromstring(html, parser)
    except (etree.LxmlError, ValueError):
        return None
    # libxml2 stops building below 2048 levels (and says so); BeautifulSoup's builder, fed
    # events, does not: such a page is read whole by BeautifulSoup.
    if root is None or any(error.type_name == "ERR_RESOURCE_LIMIT"
                           for error in parser.error_log):
        return None
    kept, kept_set = [], set()  # lxml gives one proxy per node while it is referenced
    climbed = False
    for node in _candidates(root, etree.Comment):  # in document order
        if node.tag in _TABLE_PARTS:
            # A cell or row alone is not HTML a parser keeps: take its table.
            table = next(node.iterancestors("table"), node)
            climbed, node = climbed or table is not node, table
        if node not in kept_set and not any(a in kept_set for a in node.iterancestors()):
            kept.append(node)
            kept_set.add(node)
    if climbed:  # a table came after parts of it were kept: keep it whole, in document order
        position = {node: i for i, node in enumerate(root.iter())}
        kept = sorted((node for node in kept
                       if not any(a in kept_set for a in node.iterancestors())),
                      key=position.__getitem__)
    return "".join(_serialised(node) for node in kept)


def _candidates(root, comment) -> Iterator:
    """Every element a form reads (see :mod:`.html`), in document order. A loop in Python: one
    XPath with these tests took four times as long (its translate() runs on every element)."""
    for node in root.iter():
        tag = node.tag
        if tag is comment:
            if "wp:embed" in (node.text or ""):
                yield node
            continue
        if tag in ("amp-twitter", "iframe"):
            yield node
            continue
        attributes = node.attrib
        if not attributes:
            if tag == "script" and "twitter-tweet" in (node.text or ""):
                yield node
            continue
        css = attributes.get("class", "")
        if ((tag == "blockquote" and "twitter-" in css)
                or (tag == "figure" and ("op-interactive" in css or "wp-block-embed" in css))
                or (tag == "a" and "/status" in attributes.get("href", "").lower())
                or "tweet" in css.lower() or "embed-twitter" in css
                or any(name in attributes for name in _WIDGET_ATTRIBUTES)
                or (tag == "script" and (attributes.get("type") == "application/ld+json"
                                         or "twitter-tweet" in (node.text or "")))
                or any("twitter-tweet" in value for value in attributes.values())):
            yield node


def _serialised(node) -> str:
    """The element as HTML. An iframe's content is raw text to an HTML parser (Facebook Instant
    Articles keep an embed there), which lxml's serialiser would escape: it goes back as it was."""
    from lxml import etree

    raw = [(iframe, iframe.text) for iframe in node.iter("iframe") if iframe.text]
    for number, (iframe, _) in enumerate(raw):
        iframe.text = f"tweetx-iframe-{number}-{id(node)}"
    out = etree.tostring(node, encoding="unicode", method="html", with_tail=False)
    for number, (iframe, text) in enumerate(raw):
        out = out.replace(f"tweetx-iframe-{number}-{id(node)}", text, 1)
    return out  # the tree is dropped after this: the markers are not put back
