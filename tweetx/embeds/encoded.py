"""Embed HTML a page keeps encoded: in a script as JSON string literals (``<`` often written
``\\u003C``), in an attribute as plain HTML (which the parser has already unescaped),
percent-encoded (a lazy loader's ``data-content="%3Cblockquote%20class%3D%22twitter-tweet…"``)
or in base64 (a consent manager's ``data-borlabs-cookie-content``, which holds the embed until
the reader agrees). Each decoded fragment that holds Twitter's embed code is read as a page.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from urllib.parse import unquote

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
#: Base64 long enough to hold an embed, and nothing but base64.
_BASE64 = re.compile(r"[A-Za-z0-9+/]{80,}={0,2}")
#: "twitter-tweet" as base64 writes it at each of the three offsets it can start at.
_BASE64_MARKS = tuple(
    base64.b64encode(prefix + b"twitter-tweet")[len(prefix) * 4 // 3 + 2 : -4].decode()
    for prefix in (b"", b"x", b"xx")
)


def might_hold_embed(value: str) -> bool:
    """Cheap test of an attribute's value for the page index: embed code in any encoding."""
    return "twitter-tweet" in value or (len(value) >= 80 and _looks_base64(value))


def embedded_html(source: str, in_script: bool) -> Iterator[str]:
    """The embed HTML fragments inside a script's text or an attribute's value."""
    if in_script:
        if "twitter-tweet" in source:
            for literal in _JSON_STRING.finditer(source):
                if "twitter-tweet" in literal.group(0):
                    try:
                        yield json.loads(literal.group(0))
                    except ValueError:
                        continue
        return
    if "twitter-tweet" in source:
        if "<blockquote" in source:
            yield source
        elif "%3Cblockquote" in source or "%3cblockquote" in source:
            yield unquote(source)
        return
    if len(source) >= 80 and _looks_base64(source):
        try:
            decoded = base64.b64decode(source.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return
        if "twitter-tweet" in decoded and "<blockquote" in decoded:
            yield decoded


def _looks_base64(value: str) -> bool:
    value = value.strip()
    return (
        _BASE64.fullmatch(value) is not None
        and len(value) % 4 == 0
        and any(mark in value for mark in _BASE64_MARKS)
    )
