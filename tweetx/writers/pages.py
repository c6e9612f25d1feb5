"""Annotated HTML pages: the page with its tweetx metadata inside."""

from __future__ import annotations

import json

from ..embeds.html import find_in_soup
from ..embeds.html import soup as parse_soup

METADATA_ID = "tweetx-metadata"
_ATTRIBUTE_PREFIX = "data-tweetx-"


def script_json(data) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can close or open a tag.

    Example:
        >>> script_json({"t": "</script>"})
        '{"t": "\\\\u003c/script\\\\u003e"}'
    """
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def annotate_html(html: str, record: dict) -> str:
    """The page with its tweetx metadata inside: a ``<script type="application/json"
    id="tweetx-metadata">`` block and ``data-tweetx-*`` attributes on each embed.

    Metadata from an earlier run is removed first, so annotating twice attaches once. bs4 escapes
    attribute values when it serialises the page, so tweet text cannot break out of them.
    """
    soup = parse_soup(html)
    for old in soup.find_all("script", id=METADATA_ID):
        old.decompose()
    for tag in soup.find_all(True):
        for name in [n for n in tag.attrs if n.startswith(_ATTRIBUTE_PREFIX)]:
            del tag[name]
    metadata = record["tweetx"]
    elements = [element for _, element in find_in_soup(soup)]
    for element, tweet in zip(elements, metadata["tweets"]):
        if element is None:  # found in a comment: nothing to put attributes on
            continue
        language = tweet.get("language") or {}
        translation = tweet.get("translation") or {}
        attributes = {
            "id": tweet.get("id"),
            "lang": language.get("code"),
            "script": language.get("script"),
            "translation": translation.get("text"),
            "translation-lang": translation.get("target"),
            "translation-toy": "true" if translation.get("toy") else None,
            "error": (tweet.get("error") or {}).get("message"),
        }
        for name, value in attributes.items():
            if value is not None:
                element[_ATTRIBUTE_PREFIX + name] = value
    block = soup.new_tag("script", attrs={"type": "application/json", "id": METADATA_ID})
    block.string = script_json(metadata)
    (soup.head or soup.body or soup).append(block)
    return str(soup)
