"""Server-rendered tweet cards: publishers' own markup for a tweet, with no Twitter blockquote.

A card is an element whose class names say tweet (``tweet-card``, ``embedded-tweet``,
``c-tweet``…) holding separate elements for the words (a class ending in text/body/content), the
``@handle`` (an element whose whole text is one), the display name (a class naming a name, not
the handle) and the date (a class naming a date, time or creation, or a ``<time>``), often with
the status link. Read by those roles, never by one publisher's exact classes.
"""

from __future__ import annotations

import itertools
import re
from typing import Optional

from lxml import etree

from ..model import Author, Tweet
from .dates import parse_date
from .tree import Text, classes, walk, words
from .urls import MEDIA, STATUS_URL, TCO, URL, cap, entities, parse_status_url, tidy

# Codes that Twitter writes in p[lang] that are not languages: undetermined, no linguistic
# content, media-only, hashtags-only, cashtags-only, mentions-only.
NOT_LANGUAGES = {"und", "zxx", "qme", "qht", "qam", "qct", "qst"}
# ISO 639 codes Twitter still writes from before they were replaced.
_LEGACY_CODES = {"in": "id", "iw": "he", "ji": "yi"}


def language_hint(lang: Optional[str]) -> Optional[str]:
    """The language an embed's ``lang`` claims, in today's code; None when it names none.

    Example:
        >>> language_hint("IW"), language_hint("zxx"), language_hint("fa")
        ('he', None, 'fa')
    """
    code = (lang or "").strip().lower()
    if not code or code in NOT_LANGUAGES:
        return None
    primary, _, rest = code.partition("-")
    return _LEGACY_CODES.get(primary, primary) + (f"-{rest}" if rest else "")


_TWEET_CLASS = re.compile(r"tweet", re.I)
_TEXT_CLASS = re.compile(r"(?:^|[-_])(?:text|body|content)$", re.I)
_NAME_CLASS = re.compile(r"name|author", re.I)
_DATE_CLASS = re.compile(r"created|date|time", re.I)
_HANDLE_TEXT = re.compile(r"@([A-Za-z0-9_]{1,15})")
_SCHEME = re.compile(r"^https?://")


def _inside(element) -> list:
    """The elements inside ``element`` (no comments), in document order."""
    return list(element.iterdescendants(etree.Element))


def might_be_card(element) -> bool:
    """Cheap first test: a class naming a tweet, other than Twitter's own embed classes."""
    return any(_TWEET_CLASS.search(c) and not c.startswith("twitter-") for c in classes(element))


def _text_element(inside: list) -> Optional[etree._Element]:
    """Of a card's elements (:func:`_inside`), the one holding the words."""
    return next((el for el in inside if any(_TEXT_CLASS.search(c) for c in classes(el))), None)


#: A card is a few dozen elements (name, handle, words, date, links, emoji): one holding more
#: is a page's section named after tweets, not a card, and is not read as one (reading it costs
#: its size for each element inside: 4,000 nested elements took 8 s).
CARD_MAX_ELEMENTS = 300


def small(element) -> bool:
    """Whether the element holds at most ``CARD_MAX_ELEMENTS`` nodes (counted no further)."""
    return next(itertools.islice(element.iter(), CARD_MAX_ELEMENTS, None), None) is None


def is_card(element) -> bool:
    """A tweet-named element with an element for the words and one for the @handle."""
    if not might_be_card(element) or not small(element):
        return False
    inside = _inside(element)
    text_el = _text_element(inside)
    return text_el is not None and _handle_element(inside, text_el) is not None


def _handle_element(inside: list, text_el) -> Optional[etree._Element]:
    """Of a card's elements, the first outside its words whose whole text is an @handle."""
    for el in inside:
        if text_el is not None and (el is text_el or _is_inside(el, text_el)):
            continue
        if _HANDLE_TEXT.fullmatch(words(el).strip()):
            return el
    return None


def _is_inside(element, ancestor) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def tweet_from_card(card, status=None, form: str = "card") -> Tweet:
    """The tweet a card shows: words, name, handle, date and status link where the markup has them.

    Example:
        >>> from tweetx.embeds.tree import parse
        >>> page = ('<div class="tweet-card"><span class="tweet-name">A B</span><span>@ab</span>'
        ...         '<p class="tweet-text">Hello</p><time class="tweet-date">7 juillet 2021</time></div>')
        >>> t = tweet_from_card(parse(page).find(".//div"))
        >>> (t.text, t.author.name, t.author.handle, t.date)
        ('Hello', 'A B', 'ab', '2021-07-07')
    """
    if not small(card):  # a widget wrapping a whole section: its id, not its words
        status = status or first_status(card)
        return Tweet(
            form=form,
            text=None,
            id=status.id if status else None,
            url=status.url if status else None,
            author=Author(None, status.handle if status else None),
        )
    inside = _inside(card)  # walked once, read by each role below
    text_el = _text_element(inside)
    handle_el = _handle_element(inside, text_el)
    media: list[str] = []
    links: list[str] = []
    text, truncated = (
        cap(element_text(text_el, media, links, [])) if text_el is not None else ("", False)
    )
    status = status or first_status(card)
    handle: Optional[str]
    if handle_el is not None:
        handle_match = _HANDLE_TEXT.fullmatch(words(handle_el).strip())
        assert handle_match is not None  # what _handle_element chose it by
        handle = handle_match.group(1)
    else:
        handle = status.handle if status else None
    name = None
    for el in inside:
        # One element for both: "Name @handle".
        label = tidy(words(el, " "))
        found = (
            _HANDLE_TEXT.search(label)
            if handle_el is None and _NAME_CLASS.search(" ".join(classes(el)) + " user")
            else None
        )
        if found and any(_NAME_CLASS.search(c) or "user" in c for c in classes(el)):
            handle, name = found.group(1), tidy(_HANDLE_TEXT.sub(" ", label)) or None
            break
    for el in inside if name is None else ():
        if el is text_el or el is handle_el or (text_el is not None and _is_inside(el, text_el)):
            continue
        label = tidy(words(el, " "))
        if (
            any(_NAME_CLASS.search(c) for c in classes(el))
            and label
            and not _HANDLE_TEXT.search(label)
        ):
            name = label
            break
    date = None
    for el in inside:
        if el.tag == "time" or any(_DATE_CLASS.search(c) for c in classes(el)):
            date = parse_date(words(el, " ")) or _iso_attribute(el.get("datetime"))
            if date:
                break
    hashtags, mentions = entities(text)
    return Tweet(
        form=form,
        text=text or None,
        id=status.id if status else None,
        url=status.url if status else None,
        author=Author(name, handle),
        date=date,
        media=tuple(dict.fromkeys(media)),
        links=tuple(dict.fromkeys(links)),
        hashtags=hashtags,
        mentions=mentions,
        lang_hint=language_hint(text_el.get("lang")) if text_el is not None else None,
        truncated=truncated,
    )


def element_text(element, media: list, links: list, quoted: list) -> str:
    """An element's words with ``<br>`` as line breaks; media, links and quoted tweets set apart."""
    parts: list[str] = []
    for node in walk(element):
        if isinstance(node, Text):
            if node.parent.tag != "a":
                parts.append(node.value)
        elif node.tag == "br":
            parts.append("\n")
        elif node.tag == "a":
            label = words(node).strip()
            href = node.get("href", "")
            status = parse_status_url(label) or parse_status_url(href)
            if MEDIA.fullmatch(label):
                media.append(_SCHEME.sub("", label))
            elif status:
                quoted.append(status.url)
            elif TCO.match(href) or URL.match(label):
                links.append(href or label)
            else:  # #hashtag and @mention anchors are words of the tweet
                parts.append(words(node))
    return tidy("".join(parts))


def first_status(element):
    """The first status link in an element's links, else in its text."""
    for anchor in element.iterdescendants("a"):
        status = parse_status_url(anchor.get("href") or "")
        if status:
            return status
    match = STATUS_URL.search(words(element, " "))
    return parse_status_url(match.group(0)) if match else None


def _iso_attribute(value) -> Optional[str]:
    match = re.match(r"(\d{4}-\d\d-\d\d)", value or "")
    return match.group(1) if match else None
