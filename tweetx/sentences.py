"""Sentences and the normal form of a text before translation."""

from __future__ import annotations

import re
import unicodedata

# A sentence ends at . ! ? … or the Arabic-script ؟ and ۔ (Urdu full stop) before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟۔])\s+")


def split_sentences(text: str) -> list[list[str]]:
    """Lines of the text, each split into sentences (line breaks are kept in the output).

    Example:
        >>> split_sentences("One. Two?\\nThree")
        [['One.', 'Two?'], ['Three']]
    """
    lines = []
    for line in text.splitlines():
        sentences = [s for s in _SENTENCE_END.split(line.strip()) if s]
        if sentences:
            lines.append(sentences)
    return lines


def normalize(text: str) -> str:
    r"""The form a text is translated (and cached) in: NFC, lines stripped, blank lines dropped,
    runs of spaces collapsed; so texts that differ only in spacing share one translation.

    Example:
        >>> normalize("  one   two \n\n three ")
        'one two\nthree'
    """
    lines = (_SPACES.sub(" ", line).strip()
             for line in unicodedata.normalize("NFC", text).splitlines())
    return "\n".join(line for line in lines if line)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
