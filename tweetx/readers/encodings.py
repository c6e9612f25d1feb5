"""Which encoding a file's bytes are in: a BOM, UTF-8, the charset an HTML page declares, or
Windows-1256 (common on Persian and Arabic sites); and whether they are text at all."""

from __future__ import annotations

import codecs
from typing import Optional


def decode(data: bytes, encoding: Optional[str] = None, html: bool = False) -> str:
    """Decode bytes: a BOM wins, then UTF-8, then (for HTML) the charset the page declares,
    then Windows-1256 (common on Persian/Arabic sites).

    Example:
        >>> decode("سلام".encode("cp1256"))
        'سلام'
        >>> decode('<meta charset="iso-8859-1">año'.encode("latin-1"), html=True)[-3:]
        'año'
    """
    if encoding:
        return data.decode(encoding, errors="replace")
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data) if html else None
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            pass  # a codec that cannot read pages (idna, punycode…): the fallback reads it
    return data.decode("cp1256", errors="replace")


def declared_charset(data: bytes) -> Optional[str]:
    """The Python codec of the charset an HTML page declares (``<meta charset>`` or
    ``http-equiv``), read by BeautifulSoup's detector; None when none is declared or known.
    Latin-1 and ASCII are read as Windows-1252, as browsers do. A declared UTF-8 is not taken:
    this is asked only of bytes that are not UTF-8 (old Persian and Arabic sites often declare
    UTF-8 and serve Windows-1256)."""
    # Imported only for a page that is not UTF-8.
    from bs4.dammit import EncodingDetector

    name = EncodingDetector.find_declared_encoding(data[:_DECLARATION_BYTES], is_html=True)
    try:
        info = codecs.lookup(name) if name else None
    except LookupError:
        return None
    # A page may declare any codec name Python knows, rot13 and zlib included: only text
    # encodings are taken.
    codec = info.name if info is not None and getattr(info, "_is_text_encoding", True) else None
    if codec is None or codec.startswith("utf"):
        return None
    return {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}.get(codec, codec)


# Browsers look for a charset declaration in the first 1024 bytes; pages with long heads put it
# later, so a little more is read.
_DECLARATION_BYTES = 8192


def jsonl_verdict(raw: bytes) -> Optional[bool]:
    """What one line says of a JSONL file's encoding: None (ASCII: nothing), False (UTF-8, or
    UTF-8 with a stray byte), True (Windows-1256). The first line with a verdict decides."""
    if raw.isascii():
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return not _damaged_utf8(raw)
    return False


def _damaged_utf8(raw: bytes) -> bool:
    """Whether bytes that fail as UTF-8 are UTF-8 with a stray byte (they hold more UTF-8
    letters than bad bytes) rather than another encoding."""
    decoded = raw.decode("utf-8", errors="replace")
    return sum(ch > "\x7f" and ch != "\ufffd" for ch in decoded) > decoded.count("\ufffd")


def looks_binary(content: str) -> bool:
    r"""True when the start of a decoded file is mostly control characters (an image, a PDF…).

    Example:
        >>> looks_binary("\x00\x01\x02abc\x03\x04\x05"), looks_binary("<p>text\x00, more text</p>" * 3)
        (True, False)
    """
    sample = content[:4096]
    controls = sum(ch < " " and ch not in "\t\n\r\f" for ch in sample)
    return controls > 0.05 * len(sample)
