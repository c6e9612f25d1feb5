"""Keep a tweet's entities out of the model: @handles, #hashtags, URLs, emoji and numbers.

A translation model rewrites whatever it is given: it transliterates handles, translates the words
of hashtags, breaks URLs into pieces and converts Persian digits. So before translation each
sentence is cut into

* a *head* and a *tail*, the runs of entities at its start and end (``@a @b … #tag https://t.co/x``
  is how most tweets look), which never go to the model; and
* a *body* in which every other entity is replaced by a numbered placeholder (``§1``, ``§2`` …).

After translation each placeholder must appear exactly once; then the entities are put back. When
a model drops, repeats or mangles a placeholder, the body is translated again in pieces, split at
its entities, so that the entities still come out exactly as they went in (at some cost to the
fluency of that sentence). Either way the result holds every entity verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .embeds.urls import HASHTAG, MEDIA, MENTION, URL

# Pictographs, dingbats and symbols, with their variation selector, skin tone and zero-width-joiner
# sequences, and flags (pairs of regional indicators). Written out because the standard library's
# re has no \p{Extended_Pictographic}, and one regex is not worth a dependency.
_PICTOGRAPH = (
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b00-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
    "[\ufe0f\U0001f3fb-\U0001f3ff\u20e3]*"
)
EMOJI = re.compile(rf"[\U0001f1e6-\U0001f1ff]{{2}}|{_PICTOGRAPH}(?:\u200d{_PICTOGRAPH})*")
# Western, Arabic-Indic and Persian digits, with thousands/decimal separators and date slashes.
# No word boundaries: a digit left right after a placeholder would be read as part of its number.
NUMBER = re.compile(r"[0-9٠-٩۰-۹]+(?:[.,٫٬/:][0-9٠-٩۰-۹]+)*%?٪?")
ENTITY = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (URL, MEDIA, MENTION, HASHTAG, EMOJI, NUMBER))
)
PLACEHOLDER = "§{}"
_PLACEHOLDER = re.compile(r"§([0-9]+)")
_ENTITY_RUN = rf"(?:(?:{ENTITY.pattern})\s*)+"
_HEAD = re.compile(rf"^\s*{_ENTITY_RUN}", re.I)
_TAIL = re.compile(rf"(?:\s*(?:{ENTITY.pattern}))+\s*$", re.I)
_LETTER = re.compile(r"[^\W\d_]")
# A § already in the text would be read back as a placeholder: it is masked as an entity too.
_MASKABLE = re.compile(rf"(?:{ENTITY.pattern})|§[0-9]*", re.I)


@dataclass
class Masked:
    """One sentence with its entities taken out.

    Example:
        >>> m = mask("@a سلام ۲ دوست #تست")
        >>> m.head, m.body, m.entities, m.tail
        ('@a ', 'سلام §1 دوست', ['۲'], ' #تست')
        >>> m.restore("hello §1 friends")
        '@a hello ۲ friends #تست'
    """

    head: str
    body: str
    tail: str
    entities: list[str] = field(default_factory=list)

    @property
    def needs_model(self) -> bool:
        """False when the body has no letters (nothing to translate: keep it verbatim)."""
        return bool(_LETTER.search(_PLACEHOLDER.sub("", self.body)))

    def restore(self, translated_body: str):
        """The sentence with the translated body and every entity back; None if the model did not
        keep each placeholder exactly once."""
        found = [int(n) for n in _PLACEHOLDER.findall(translated_body)]
        if sorted(found) != list(range(1, len(self.entities) + 1)):
            return None
        body = _PLACEHOLDER.sub(lambda m: self.entities[int(m.group(1)) - 1], translated_body)
        return self.head + body + self.tail

    def pieces(self) -> list[str]:
        """The original body split at its entities: [text, entity, text, …, text]."""
        parts = _PLACEHOLDER.split(self.body)
        for i in range(1, len(parts), 2):
            parts[i] = self.entities[int(parts[i]) - 1]
        return parts

    def original(self) -> str:
        return self.head + "".join(self.pieces()) + self.tail


def mask(sentence: str) -> Masked:
    """Cut off the leading and trailing entity runs and number the entities left inside."""
    head_match = _HEAD.match(sentence)
    head = head_match.group(0) if head_match else ""
    rest = sentence[len(head):]
    tail_match = _TAIL.search(rest)
    tail = tail_match.group(0) if tail_match else ""
    body = rest[: len(rest) - len(tail)]
    entities: list[str] = []

    def number(match: re.Match) -> str:
        entities.append(match.group(0))
        return PLACEHOLDER.format(len(entities))

    body = _MASKABLE.sub(number, body)
    return Masked(head, body, tail, entities)


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))
