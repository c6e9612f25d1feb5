"""JSON values in and out, strictly (RFC 8259): what a JSONL line may hold, and how a record
is written back.

``NaN`` and ``Infinity`` are not JSON: read, they are refused; a number no float holds
(``1e400``) is kept as written (:class:`JSONNumber`) and written back the same, never as
``Infinity``. Lines are compact, UTF-8 with Arabic script unescaped.

Lines are written by msgspec, six times faster than the ``json`` module on the benchmark crawl's
records (the same values, strict: integers of any size exact, non-finite floats as ``null``);
a value it cannot write as UTF-8 (a lone surrogate) goes through ``json`` with the same
separators. Lines are read by ``json``: msgspec reads faster, but it refuses ``1e400`` and lone
surrogates, which are kept here, and reads nesting deeper than the rest of the toolchain can
handle.
"""

from __future__ import annotations

import json
import math
import uuid

import msgspec


class JSONNumber:
    """A number read from JSON that no float holds (``1e400``): kept as written, so that the
    record goes out with the same digits, never as ``Infinity`` (which is not JSON)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"JSONNumber({self.text!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, JSONNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def loads(line: str):
    """One JSON value, strictly: ``NaN`` and ``Infinity`` are not JSON and are refused, and a
    number beyond a float's range (``1e400``) keeps its digits (:class:`JSONNumber`)
    instead of becoming infinite.

    Example:
        >>> loads('{"n": 1e400}')["n"]
        JSONNumber('1e400')
    """
    if line.startswith("\ufeff"):  # as json.loads() says it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", line, 0)
    return _DECODER.decode(line)


def _not_json(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _float(text: str):
    value = float(text)
    return value if math.isfinite(value) else JSONNumber(text)


# One decoder for every line: json.loads() with hooks builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_not_json, parse_float=_float)


def dumps(record: object) -> str:
    """One JSONL line: strict JSON (RFC 8259: never ``NaN`` or ``Infinity``), compact, UTF-8
    with Arabic script unescaped, no newline inside.

    Example:
        >>> dumps({"text": "سلام", "n": [1, 2.5]})
        '{"text":"سلام","n":[1,2.5]}'
    """
    try:
        return _ENCODER.encode(record).decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped by the json module below
        pass
    numbers: list[str] = []
    line = _dumps(record, False, numbers)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (JSON input may hold "\ud800") has no UTF-8 form: escape the whole
        # line instead, which keeps the value exactly as it came in.
        line = _dumps(record, True, numbers)
    for number in numbers:  # a JSONNumber goes out as it came in: its digits, unquoted
        line = line.replace(json.dumps(_PLACEHOLDER + number), number, 1)
    return line


def dumps_line(record: dict) -> bytes:
    """:func:`dumps` as the UTF-8 bytes of a JSONL line, newline included: what an output file
    takes, without decoding msgspec's bytes and encoding them again (a tenth of a crawl's
    writing)."""
    try:
        return _ENCODER.encode(record) + b"\n"
    except UnicodeEncodeError:
        return (dumps(record) + "\n").encode("utf-8")


def _raw_number(value):
    if isinstance(value, JSONNumber):  # its digits, as they came in
        return msgspec.Raw(value.text.encode("ascii"))
    raise TypeError(f"{type(value).__name__} is not JSON")


_ENCODER = msgspec.json.Encoder(enc_hook=_raw_number)
_SEPARATORS = (",", ":")  # as msgspec writes


# Stands in for a JSONNumber while the line is made; the nonce keeps it from meeting real text.
_PLACEHOLDER = f"\x00tweetx-number-{uuid.uuid4().hex}:"


def _dumps(record: object, ascii_only: bool, numbers: list) -> str:
    def number(value):
        if isinstance(value, JSONNumber):
            numbers.append(value.text)
            return _PLACEHOLDER + value.text
        raise TypeError(f"{type(value).__name__} is not JSON")

    numbers.clear()
    try:
        return json.dumps(
            record, ensure_ascii=ascii_only, allow_nan=False, default=number, separators=_SEPARATORS
        )
    except ValueError:  # a float made infinite elsewhere (a library caller's record): null
        numbers.clear()
        return json.dumps(
            _finite(record),
            ensure_ascii=ascii_only,
            allow_nan=False,
            default=number,
            separators=_SEPARATORS,
        )


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def json_type(value) -> str:
    """What a JSON value is, as JSON names it.

    Example:
        >>> json_type(None), json_type(3), json_type([1])
        ('null', 'a number', 'an array')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "an array", dict: "an object"}
    return names.get(type(value), "a value")
