"""Keep a tweet's entities out of the model: @handles, #hashtags, URLs, emoji and numbers.

A translation model rewrites whatever it is given: it transliterates handles, translates the words
of hashtags, breaks URLs into pieces and converts Persian digits. So before translation each
sentence is cut into

* a *head* and a *tail*, the runs of entities at its start and end (``@a @b … #tag https://t.co/x``
  is how most tweets look), which never go to the model; and
* a *body* in which every other entity is replaced by a placeholder: a number goes to the model as
  itself in ASCII digits (models copy numbers far more reliably than any made-up token), anything
  else as ``§1``, ``§2`` …

After translation each placeholder must appear exactly once; then the original entities are put
back (a Persian ``۱۴۰۰`` comes out as ``۱۴۰۰``, not ``1400``). When a model drops, repeats or
mangles a placeholder, the body is translated again in pieces, split at its entities, so that
the entities still come out exactly as they went in (at some cost to the fluency of that
sentence). Either way the result holds every entity verbatim.

A number written into a name (``COVID-19``, ``کووید-۱۹``, ``F16``) is part of a word, not an
entity: it is translated with the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..embeds.urls import HASHTAG, MEDIA, MENTION, URL

# Pictographs, dingbats and symbols, with their variation selector, skin tone and zero-width-joiner
# sequences, and flags (pairs of regional indicators). Written out because the standard library's
# re has no \p{Extended_Pictographic}, and one regex is not worth a dependency.
_PICTOGRAPH = (
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b00-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
    "[\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f]*"  # tags: 🏴 England, Wales…
)
EMOJI = re.compile(
    rf"[\U0001f1e6-\U0001f1ff]{{2}}|[0-9#*]\ufe0f?\u20e3"  # flags, keycaps 1️⃣ #️⃣
    rf"|{_PICTOGRAPH}(?:\u200d{_PICTOGRAPH})*"
)
# Western, Arabic-Indic and Persian digits, with thousands/decimal separators, date slashes and a
# percent sign; not touching a letter, directly or through a hyphen (COVID-19 is a name).
_L = r"[^\W\d_]"
NUMBER = re.compile(
    rf"(?<!\w)(?<!{_L}-)(?<!\d[.,٫٬/:])[0-9٠-٩۰-۹]+(?:[.,٫٬/:][0-9٠-٩۰-۹]+)*[%٪]?"
    rf"(?!\w)(?!-{_L})(?![.,٫٬/:]\d)"
)
ENTITY = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (URL, MEDIA, MENTION, HASHTAG, EMOJI, NUMBER))
)
_ENTITY_RUN = rf"(?:(?:{ENTITY.pattern})\s*)+"
_HEAD = re.compile(rf"^\s*{_ENTITY_RUN}", re.I)
_TAIL = re.compile(rf"(?:\s*(?:{ENTITY.pattern}))+\s*$", re.I)
# A § already in the text could be read back as a placeholder: it is masked as an entity too.
_MASKABLE = re.compile(rf"(?:{ENTITY.pattern})|§[0-9]*", re.I)
_LETTER = re.compile(_L)
_WORD = re.compile(r"\w*")
_ASCII_DIGITS = set("0123456789")
_GLUE = {"", ".", ",", "٫", "٬", "/", ":"}  # between two entities: they would read back as one
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪", "01234567890123456789.,%")


@dataclass
class Masked:
    """One sentence with its entities taken out.

    Example:
        >>> m = mask("@a سلام ۲ دوست 🎉 ما #تست")
        >>> m.head, m.body, m.entities, m.tail
        ('@a ', 'سلام 2 دوست §2 ما', ['۲', '🎉'], ' #تست')
        >>> m.restore("hello 2 friends §2 us")
        '@a hello ۲ friends 🎉 us #تست'
    """

    head: str
    body: str
    tail: str
    entities: list[str] = field(default_factory=list)
    #: What stands for each entity in the body.
    placeholders: list[str] = field(default_factory=list)
    #: The original body: [text, entity, text, …, text].
    parts: list[str] = field(default_factory=list)

    @property
    def needs_model(self) -> bool:
        """False when the body has no letters (nothing to translate: keep it verbatim)."""
        return any(has_letters(text) for text in self.parts[::2])

    def restore(self, translated_body: str):
        """The sentence with the translated body and every entity back; None if the model did not
        keep each placeholder exactly once."""
        if not self.placeholders:
            return self.head + translated_body + self.tail
        pattern = re.compile(
            "|".join(
                # "12" must not match inside "12.5", "312" or "F12", nor §1 inside §12.
                (re.escape(p) + "(?![0-9])")
                if p.startswith("§")
                else rf"(?<![\w§])(?<!{_L}-)(?<!\d[.,٫٬/:]){re.escape(p)}"
                rf"(?![\w§])(?!-{_L})(?![.,٫٬/:]\d)"
                for p in sorted(self.placeholders, key=len, reverse=True)
            )
        )
        found = pattern.findall(translated_body)
        if sorted(found) != sorted(self.placeholders):
            return None
        original = dict(zip(self.placeholders, self.entities))
        body = pattern.sub(lambda m: original[m.group(0)], translated_body)
        return self.head + body + self.tail

    def original(self) -> str:
        return self.head + "".join(self.parts) + self.tail


def mask(sentence: str) -> Masked:
    """Cut off the leading and trailing entity runs and replace the entities left inside."""
    head_match = _HEAD.match(sentence)
    head = head_match.group(0) if head_match else ""
    rest = sentence[len(head) :]
    tail_match = _TAIL.search(rest)
    tail = tail_match.group(0) if tail_match else ""
    inner = rest[: len(rest) - len(tail)]
    masked = Masked(head, "", tail)
    start = 0
    while match := _MASKABLE.search(inner, start):
        end = match.end()
        if inner[end : end + 1] in _ASCII_DIGITS:  # "🎉2a": §1 then 2 would read back as §12,
            glued_word = _WORD.match(inner, end)  # so the glued word stays with the entity
            assert glued_word is not None  # \w* matches at any position
            end = glued_word.end()
        masked.parts += [inner[start : match.start()], inner[match.start() : end]]
        start = end
    masked.parts.append(inner[start:])
    masked.entities = masked.parts[1::2]
    last = len(masked.entities) - 1
    for i, entity in enumerate(masked.entities):
        placeholder = f"§{i + 1}"
        ascii_number = entity.translate(_TO_ASCII)
        # A number goes as itself unless it is glued to another entity ("🎉12", "§1.5" would
        # read back as one token) or an equal number already did.
        glued = (i > 0 and masked.parts[2 * i] in _GLUE) or (
            i < last and masked.parts[2 * i + 2] in _GLUE
        )
        if NUMBER.fullmatch(entity) and not glued and ascii_number not in masked.placeholders:
            placeholder = ascii_number
        masked.placeholders.append(placeholder)
    masked.body = "".join(
        text + placeholder
        for text, placeholder in zip(masked.parts[::2], masked.placeholders + [""])
    )
    return masked


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))
