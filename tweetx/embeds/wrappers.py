"""Publishers' and embed services' own wrappers around a tweet: the rule that finds them whatever
their attributes are called.

**The rule.** An element other than a link, a script, an iframe or Twitter's own markup is a
tweet's embed when its attributes say which tweet, under any name:
1. an attribute's value *is* a status URL (``data-tweet-url``, ``data-url``, ``data-src``,
   ``data-href``, ``data-oembed-url``…; twitter.com or x.com, any status path);
2. an attribute named for a tweet (its name holds ``tweet``: ``data-tweet-id``,
   ``data-tweetid``, ``tweet-id``…) holds an id, or an attribute named for Twitter
   (``data-twitter-id``) does;
3. a provider attribute says Twitter or X (``data-embed-type``, ``data-type``,
   ``data-provider``, ``data-service``…), or the element's own name is a tweet's
   (``<embetty-tweet status="ID">``, ``<twitterwidget>``), and an id attribute (``id``,
   ``data-id``, ``status``) holds the id;
4. an attribute holds a front-end component's JSON props (a value starting ``{`` or ``[``)
   where a status URL, or an id under a tweet-named key (``tweetId``, ``tweet_id``,
   ``statusId``), or ``{"type": "twitter", "id": …}`` appears, at any depth.
Its words, name, handle and date are read from its own elements as a card's are
(:func:`tweetx.embeds.cards.tweet_from_card`); a wrapper holding only the reference has
``text: null``.

**Known limits.** A page that names neither Twitter, X's domain nor a tweet anywhere is not
read at all (``data-platform="X"`` alone). An id is digits (up to 20 of them); a wrapper that names the tweet only by a
short link (``t.co``) or a shortcode is not found. An element whose attribute holds a status
URL for another reason (a share button naming the tweet it shares) is taken for an embed: share
buttons name the article, not a status, on every page seen. JSON props are read up to
``MAX_PROPS`` characters.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional
from urllib.parse import unquote

from .urls import StatusLink, parse_status_url

#: Elements that are never wrappers: links (prose mentions), and the forms read elsewhere.
NOT_WRAPPERS = frozenset(("a", "script", "iframe", "amp-twitter", "link", "meta", "style"))
#: JSON props longer than this are not parsed (a page's whole state in one attribute).
MAX_PROPS = 20_000

_ID = re.compile(r"^\s*(\d{1,20})\s*$")
_TWEET_NAME = re.compile(r"tweet|twitter", re.I)
_ID_NAME = re.compile(r"(?:^|[-_:])id$|^data-id$|^(?:data-)?status$", re.I)
_PROVIDER_NAME = re.compile(r"type|provider|service|platform|network|source|embed", re.I)
_PROVIDER = re.compile(r"^\s*(?:twitter|x|tweet|x\.com|twitter\.com)\s*$", re.I)
_JSON_TWEET_KEY = re.compile(r"^(?:tweet|status)[-_]?id$|^id[-_]?(?:tweet|status)$", re.I)


def might_be_wrapper(name: str, value: str) -> bool:
    """Cheap test of one attribute, for the page index (:mod:`.regions`): a status path in
    its value, a tweet in its name, or JSON props that name one."""
    return (
        "/status" in value
        or "tweet" in name
        or "twitter" in name
        or (value[:1] in "{[" and ("weet" in value or "witter" in value))
    )


def status_of(element) -> Optional[StatusLink]:
    """The tweet a wrapper's attributes name, by the rule above, or None.

    Example:
        >>> from lxml import html
        >>> div = html.fromstring('<div data-embed-src="https://x.com/ab/status/20"></div>')
        >>> status_of(div).id
        '20'
        >>> status_of(html.fromstring('<div data-tweetid="1412743195653169728"></div>')).id
        '1412743195653169728'
        >>> status_of(html.fromstring('<div data-type="x" data-id="1412743195653169728"></div>')).url
        'https://twitter.com/i/web/status/1412743195653169728'
    """
    if element.tag in NOT_WRAPPERS or not isinstance(element.tag, str):
        return None
    attributes = element.attrib
    # A custom element named for a tweet (<embetty-tweet status=…>) is its own provider.
    provider = bool(_TWEET_NAME.search(element.tag)) or any(
        _PROVIDER_NAME.search(name) and _PROVIDER.match(value) for name, value in attributes.items()
    )
    for name, value in attributes.items():
        if name in ("class", "style"):
            continue
        if "/status" in value:
            status = parse_status_url(value.strip()) if value.lstrip()[:1] not in "{[" else None
            if status:
                return status
        if value.lstrip()[:1] in "{[" and len(value) <= MAX_PROPS and _might_hold(value):
            status = _status_in_props(value)
            if status:
                return status
        digits = _ID.match(value)
        if digits and (_TWEET_NAME.search(name) or (provider and _ID_NAME.search(name))):
            return _status_from_digits(digits.group(1))
    return None


_IFRAME_ID = re.compile(
    r"embed/Tweet\.html\?(?:[^\"'#]*&)?id=(\d{1,20})|twitter[-_](\d{5,20})\b", re.I
)
_FRAGMENT_ID = re.compile(r"#(\d{5,20})(?:#|$)")
_IFRAME_TITLE = re.compile(
    r"^\s*(?P<name>[^\n]{1,80}?) on (?:Twitter|X)\s*:\s*[\"“](?P<text>.*?)(?:\s*/\s*(?:Twitter|X))?[\"”]\s*$",
    re.S,
)


def iframe_status(iframe) -> Optional[StatusLink]:
    """The tweet an iframe shows: Twitter's player (``embed/Tweet.html?id=ID``), an embed
    service's player holding the status URL percent-encoded in its address (Embedly's
    ``url=https%3A//twitter.com/…``), an id in the player's name (``twitter-ID``), or, when an
    attribute says Twitter, an id as the address's fragment (``…/twitter.min.html#ID``).

    Example:
        >>> from lxml import html
        >>> f = html.fromstring('<iframe src="https://cdn.embedly.com/widgets/media.html?'
        ...     'schema=twitter&url=https%3A//twitter.com/ab/status/20&image=x"></iframe>')
        >>> iframe_status(f).url
        'https://twitter.com/ab/status/20'
    """
    attributes = iframe.attrib
    for name in ("data-tweet-id", "tweetid"):
        digits = _ID.match(attributes.get(name, ""))
        if digits:
            return _status_from_digits(digits.group(1))
    source = attributes.get("src", "") or attributes.get("data-src", "")
    for value in (source, attributes.get("id", "")):
        match = _IFRAME_ID.search(value)
        if match:
            return _status_from_digits(match.group(1) or match.group(2))
    if "status" in source:
        status = parse_status_url(unquote(source))
        if status:
            return status
    if any("twitter" in value.lower() for value in attributes.values()):
        match = _FRAGMENT_ID.search(source)
        if match:
            return _status_from_digits(match.group(1))
    return None


def iframe_words(iframe) -> tuple[Optional[str], Optional[str]]:
    """(author name, text) an embed service writes in a player's title (``NAME on Twitter:
    "TEXT / Twitter"``), else (None, None)."""
    match = _IFRAME_TITLE.match(iframe.get("title") or "")
    if not match:
        return None, None
    return match.group("name").strip(), match.group("text").strip() or None


def _might_hold(value: str) -> bool:
    lowered = value.lower()
    return "/status" in lowered or "tweet" in lowered or "twitter" in lowered or "status" in lowered


def _status_in_props(value: str) -> Optional[StatusLink]:
    try:
        props = json.loads(value)
    except ValueError:
        return None
    return _search(props, depth=0)


def _search(node: Any, depth: int) -> Optional[StatusLink]:
    """The first status a JSON value names: a status URL string, an id under a tweet-named
    key, or an object whose type/provider is Twitter and that has an id."""
    if depth > 12:
        return None
    if isinstance(node, str):
        return parse_status_url(node) if "/status" in node else None
    if isinstance(node, list):
        for item in node:
            found = _search(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(node, dict):
        return None
    for key, value in node.items():
        if isinstance(value, (str, int)) and _JSON_TWEET_KEY.match(str(key)):
            digits = _ID.match(str(value))
            if digits:
                return _status_from_digits(digits.group(1))
    kind = next(
        (v for k, v in node.items() if isinstance(v, str) and _PROVIDER_NAME.search(str(k))), ""
    )
    if _PROVIDER.match(kind) and isinstance(node.get("id"), (str, int)):
        digits = _ID.match(str(node["id"]))
        if digits:
            return _status_from_digits(digits.group(1))
    for value in node.values():
        found = _search(value, depth + 1)
        if found:
            return found
    return None


def _status_from_digits(digits: str) -> Optional[StatusLink]:
    return parse_status_url(f"https://twitter.com/i/web/status/{digits}")
