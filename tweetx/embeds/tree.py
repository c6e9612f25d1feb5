"""The page as an lxml tree: the one structure every HTML finder reads, whichever parser built it.

lxml (libxml2) parses a page into elements many times faster than BeautifulSoup builds its tree
from the same parser's events (about 0.01 against 0.2 ms for a page of the embed corpus here;
0.19 against 4.4 ms for a 65 KB one), so finders read lxml elements directly:

- :func:`parse` is the fast path. Where libxml2's tree building stops (it builds no deeper than
  2048 levels, and says so in its error log), the page is parsed again with lxml's own
  ``TreeBuilder`` as the parser's target: the same parser events, no depth limit.
- :func:`from_soup` converts a BeautifulSoup tree (``TWEETX_HTML_PARSER=bs4``; the HTML writer,
  which puts attributes on bs4's tags) into the same kind of tree. ``tests/test_tree.py`` checks
  that both give the same tweets on every page of the test corpora.

The rest is the small interface the finders need beyond lxml's own (``tag``, ``get``,
``iterancestors``…): an element's classes, its words, and its text and elements in document order.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple, Optional

from lxml import etree

from .urls import encodable

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, PageElement, Tag

COMMENT = etree.Comment  # the tag of a comment node (lxml gives comments a function as tag)
# Text inside these is code, not words (BeautifulSoup's get_text leaves it out too).
_NOT_WORDS = {"script", "style", "template"}
# What lxml refuses in a tree it is asked to build (libxml2's parser lets them through): C0
# controls but tab and line breaks, and the two non-characters U+FFFE and U+FFFF.
_C0_NOT_XML = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF in UTF-8
_NOT_XML = re.compile("[" + re.escape(_C0_NOT_XML.decode("ascii")) + "\ufffe\uffff]")


class Text(NamedTuple):
    """A run of text, in :func:`walk`: its words and the element it sits in."""

    value: str
    parent: etree._Element


def xml_safe(html: str) -> str:
    """The page with the control characters lxml would refuse in a tree built through its API
    made U+FFFD, so that both parsers read the same page (they are not words of any tweet)."""
    return _NOT_XML.sub("\ufffd", html) if _NOT_XML.search(html) else html


def parse(html: str | bytes):
    """The page's root element (None for a page with no elements); given bytes, the page as
    :func:`utf8` made them."""
    data = html if isinstance(html, bytes) else utf8(html)
    parser = _parser()
    root = etree.fromstring(data, parser)
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return _parse_deep(data)
    return root


def utf8(html: str) -> bytes:
    """The page as the UTF-8 libxml2 reads, made :func:`encodable` and :func:`xml_safe`.
    Checked on the bytes: a pattern's scan of the text took three times as long. Done once a
    page: the posts' address search reads these bytes too."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        data = encodable(html).encode("utf-8")
    if len(data.translate(None, _C0_NOT_XML)) != len(data) or (
        # Most pages have no character from U+F000 up: one memchr says so, where searching
        # for U+FFFE and U+FFFF took 0.12 ms on an 88 KB page (its parse: 0.25).
        b"\xef" in data and _NONCHARACTER.search(data)
    ):
        data = xml_safe(data.decode("utf-8")).encode("utf-8")
    return data


_PARSERS = threading.local()  # a parser is reused (a new one costs a fifth of a small parse),
# but never shared between threads


def _parser():
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        # The encoding is given: a page's own <meta charset> has been honoured when it was read.
        parser = _PARSERS.parser = etree.HTMLParser(huge_tree=True, recover=True, encoding="utf-8")
    return parser


def _parse_deep(data: bytes):
    """A page nested past libxml2's depth limit, built by lxml's TreeBuilder from the parser's
    events (the limit is in libxml2's own tree building: the 100,000-nested-div case)."""
    parser = etree.HTMLParser(
        target=etree.TreeBuilder(), huge_tree=True, recover=True, encoding="utf-8"
    )
    parser.feed(data)
    return parser.close()


def from_soup(soup: BeautifulSoup) -> tuple[etree._Element, dict[etree._Element, Tag]]:
    """The BeautifulSoup tree as an lxml one, and a map from each lxml element to its bs4 tag.
    Iterative: a page's depth is not bounded by Python's stack."""
    from bs4 import Comment, NavigableString, Tag

    builder = etree.TreeBuilder()
    tags: dict[etree._Element, Tag] = {}
    builder.start("tweetx-root", {})
    stack: list[tuple[Tag, Iterator[PageElement]]] = [(soup, iter(soup.contents))]
    while stack:
        tag, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            tags[builder.end(_name(tag.name) if stack else "tweetx-root")] = tag
        elif isinstance(child, Tag):
            builder.start(_name(child.name), _attributes(child.attrs))
            stack.append((child, iter(child.contents)))
        elif isinstance(child, Comment):
            builder.comment(_comment(str(child)))
        elif isinstance(child, NavigableString) and type(child).__name__ in _STRINGS:
            builder.data(_NOT_XML.sub("\ufffd", str(child)))
    return builder.close(), tags  # under a root of its own: bs4's tree may have several


# bs4's string classes that are a page's text (not its doctype, declarations or PIs).
_STRINGS = {
    "NavigableString",
    "Script",
    "Stylesheet",
    "TemplateString",
    "RubyTextString",
    "RubyParenthesisString",
    "CData",
}
_BAD_NAME = re.compile(r"[^A-Za-z0-9_.-]|^[^A-Za-z_]")


def _name(name: str) -> str:
    """A tag or attribute name lxml accepts when a tree is built through its API (libxml2's
    HTML parser lets others through: ``fb:like``, ``wp:embed``); no form reads such names."""
    return name if not _BAD_NAME.search(name) else _BAD_NAME.sub("_", name) or "_"


def _attributes(attributes: dict) -> dict:
    return {
        _name(name): _NOT_XML.sub(
            "\ufffd", " ".join(value) if isinstance(value, list) else str(value)
        )
        for name, value in attributes.items()
    }


def document(root) -> Iterator:
    """Every element and comment of the page, in document order: comments before or after the
    root element (a WordPress comment opening a fragment) are its siblings, not its children."""
    if root is None:
        return
    yield from reversed(list(root.itersiblings(preceding=True)))
    yield from root.iter()
    for sibling in root.itersiblings():
        yield from sibling.iter()


def _comment(text: str) -> str:
    """Comment text lxml's API accepts: no ``--`` inside, no ``-`` at the end (libxml2's
    parser keeps both)."""
    text = _NOT_XML.sub("\ufffd", text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text + " " if text.endswith("-") else text


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def is_element(node) -> bool:
    """A tag, not a comment or processing instruction (whose ``tag`` is a function)."""
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def words(element, separator: str = "") -> str:
    """The element's text (not its comments', scripts' or styles'), joined by ``separator``:
    BeautifulSoup's ``get_text``."""
    if next(element.iter(*_NOT_WORDS), None) is None:  # most elements: lxml's own walk, in C
        return separator.join(element.itertext())
    return separator.join(text.value for text in walk(element) if isinstance(text, Text))


def walk(element, skip=None) -> Iterator:
    """The element's descendants in document order, as BeautifulSoup's ``descendants`` gives
    them: each element (comments included) as it opens, and each run of words (a :class:`Text`;
    never a comment's, a script's or a style's) where it stands. An element for which
    ``skip(element)`` is true is given, but not what is inside it."""
    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        tag = node.tag
        if event == "start":
            if node is not element:
                yield node
                if skip is not None and skip(node):
                    walker.skip_subtree()  # its end still comes, and with it its tail
                    continue
            if node.text and tag not in _NOT_WORDS:
                yield Text(node.text, node)
            continue
        if node is element:
            return
        if event != "end":  # a comment or processing instruction: itself, then its tail
            yield node
        if node.tail:
            yield Text(node.tail, node.getparent())


def first(element, tag: str) -> Optional[etree._Element]:
    """The first descendant with this tag (BeautifulSoup's ``find``)."""
    return next(element.iterdescendants(tag), None)
