"""What stands in for an embed when the embed itself is not in the page: a consent placeholder
keeping only the status link, or a screenshot of the tweet linked to it.

**The rule: running prose is what tells a link from an embed.** A status link is a prose
``link`` when words of the text around it share its block (``She wrote <a>this</a>.``, ``Read:
<a>…</a>``): a sentence mentions the tweet. Otherwise it stands alone in its block, and then:
- ``screenshot``: an image goes with it (inside the link, or beside it in the same figure or
  small container): the tweet's text is the image's ``alt`` when that carries words, less an
  attribution naming the author (``Tweet by Name (@handle):``), else null;
- ``placeholder``: the block, or one of the few elements around it, is marked as an embed's
  slot (a class, id or data attribute naming an embed, consent, a placeholder, privacy,
  external content, a content blocker, social media, Twitter or a tweet), or the link's words
  are its own address (a bare status URL on its own line, as a CMS leaves an embed it did not
  render): ``text: null``;
- ``card``: the slot's status link is an attribution naming the author (``Name (@handle)
  July 7, 2021``) and the slot's other blocks hold words: a rail's or publisher's plain card,
  its text those words;
- else it stays a ``link`` (a list of sources, a bare link in a table).
In extractors' text, html2text's Markdown of a linked screenshot, ``[![ALT](IMG)](STATUS)``, is a
``text-screenshot`` (:func:`text_screenshots`).

**Known limits.** A placeholder that keeps no status link at all (only "load content") names no
tweet and is not reported; a screenshot with an empty or generic ``alt`` ("image") gives
``text: null``. The words of an alt are the publisher's transcription, not the tweet's exact
text.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Author, Tweet
from .tree import Text, walk
from .urls import cap, entities, parse_status_url, tidy

#: Elements that make a block of text: a link's block is the nearest of them around it.
BLOCKS = frozenset(
    "p li dd dt td th h1 h2 h3 h4 h5 h6 div figure figcaption section aside article "
    "blockquote header footer main nav body".split()
)
#: Elements whose words are a page's controls or code, not its prose.
NOT_PROSE = frozenset("button label select option script style noscript svg template".split())
#: How many elements up from a link's block an embed slot's mark is looked for.
SLOT_REACH = 3

_SLOT_MARK = re.compile(
    r"embed|consent|placeholder|privacy|external|blocker|cookie|opt-?in|social|twitter|tweet",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# "Tweet by Name (@handle):", "Screenshot of a tweet from @handle -", "@handle:" at the start.
ATTRIBUTION = re.compile(
    r"^\s*(?:(?:a\s+)?(?:screenshot|image|picture|photo)\s+of\s+(?:a\s+)?)?"
    r"(?:tweet|post)?\s*(?:by|from)?\s*[^:@]{0,60}?\(?@[A-Za-z0-9_]{1,15}\)?\s*[:\-–—]\s*",
    re.I,
)


def block_of(anchor):
    """The nearest block element around a link."""
    return next((node for node in anchor.iterancestors() if node.tag in BLOCKS), None)


def in_prose(anchor, block) -> bool:
    """Whether words of the text share the link's block (its own text and its inline
    elements', not the blocks inside it, nor buttons' and scripts' words)."""
    if block is None:
        return False
    # Most links in prose have words right beside them, in the block's own text or the text
    # after one of its elements: no need to walk the block.
    if _WORD.search(anchor.tail or ""):
        return True
    if anchor.getparent() is block and (
        _WORD.search(block.text or "")
        or any(_WORD.search(child.tail) for child in block if child.tail)
    ):
        return True

    def skip(element) -> bool:
        return element is anchor or element.tag in BLOCKS or element.tag in NOT_PROSE

    for node in walk(block, skip=skip):
        if isinstance(node, Text) and _WORD.search(node.value):
            return True
    return False


def screenshot(anchor, block) -> Optional[tuple[Optional[str]]]:
    """``(text,)`` when an image goes with a standalone status link (inside it, or beside it
    in a figure or a small container): the words of its ``alt`` (None when it has none, or
    too few to be a tweet's); None when there is no image."""
    images = list(anchor.iterdescendants("img"))
    if not images and block is not None and _is_small(block):
        images = list(block.iterdescendants("img"))
    if not images:
        return None
    for image in images:
        alt = " ".join((image.get("alt") or "").split())
        if len(_WORD.findall(alt)) >= 3:
            return (ATTRIBUTION.sub("", alt, count=1).strip() or None,)
    return (None,)


def attribution_name(anchor, handle: Optional[str]) -> Optional[str]:
    """The author's name an attribution link writes before the handle (``Name (@handle)``)."""
    label = " ".join("".join(anchor.itertext()).split())
    match = re.match(r"^[—–-]?\s*([^@()]{1,80}?)\s*\(?@" + re.escape(handle or "") + r"\b", label)
    return match.group(1).strip() if match and handle else None


def attributed_words(anchor, block, handle: Optional[str]) -> Optional[str]:
    """A rail's or a publisher's plain tweet card: the words in the blocks of a small slot
    whose status link is its attribution (the link names the author's ``@handle`` or a date:
    ``Farid Ahmadi (@farid_ahmadi) July 7, 2021``). None otherwise (a consent notice's link
    says "view the tweet", not who wrote it)."""
    from .dates import parse_date

    label = " ".join("".join(anchor.itertext()).split())
    named = bool(handle) and f"@{handle}".lower() in label.lower()
    if block is None or not _is_small(block) or not (named or parse_date(label)):
        return None
    paragraphs = [
        " ".join("".join(child.itertext()).split())
        for child in block.iterdescendants(*BLOCKS)
        if anchor not in set(child.iterdescendants()) and child is not anchor
    ]
    words = "\n".join(p for p in paragraphs if _WORD.search(p))
    return words or None


def is_slot(anchor, block) -> bool:
    """Whether a standalone status link sits in an embed's slot, or is a bare status URL."""
    label = " ".join("".join(anchor.itertext()).split())
    if label.startswith(("http://", "https://")) and "/status" in label:
        return True
    node = block
    for _ in range(SLOT_REACH + 1):
        if node is None or not isinstance(node.tag, str):
            return False
        for name, value in node.attrib.items():
            if name in ("class", "id") or name.startswith("data-"):
                if _SLOT_MARK.search(value) or (
                    name.startswith("data-") and _SLOT_MARK.search(name)
                ):
                    return True
        node = node.getparent()
    return False


def _is_small(block) -> bool:
    """A figure, or a container of a few elements: a screenshot's own, not a section's."""
    return block.tag == "figure" or sum(1 for _ in block.iterdescendants()) <= 12


# A Markdown image linked to a status (html2text's "[![ALT](IMG)](STATUS)"): a screenshot of the
# tweet, its words in the alt text; html2text quotes what sits in a blockquote with "> ".
_QUOTED = re.compile(r"^[ \t]*>[ \t]?", re.M)
_LINKED_IMAGE = re.compile(
    r"\[!\[(?P<alt>(?:[^\]\\]|\\.){10,2000})\]\([^)\s]*\)\]\((?P<url>[^)\s]+)\)", re.S
)


def text_screenshots(text: str, found: list[Tweet]) -> list[Tweet]:
    """Tweets kept only as a screenshot linked to them: the words of its alt text, less the
    attribution naming the author, with the link's id; no date."""
    taken = {t.id for t in found if t.id}
    shots = []
    for match in _LINKED_IMAGE.finditer(text):
        status = parse_status_url(match.group("url"))
        if status is None or status.id in taken:
            continue
        alt = " ".join(_QUOTED.sub("", re.sub(r"\\(.)", r"\1", match.group("alt"))).split())
        words, truncated = cap(tidy(ATTRIBUTION.sub("", alt, count=1)))
        if not words:
            continue
        hashtags, mentions = entities(words)
        shots.append(
            Tweet(
                form="text-screenshot",
                text=words,
                id=status.id,
                url=status.url,
                author=Author(None, status.handle),
                hashtags=hashtags,
                mentions=mentions,
                span=(match.start(), match.end()),
                truncated=truncated,
            )
        )
        taken.add(status.id)
    return shots
