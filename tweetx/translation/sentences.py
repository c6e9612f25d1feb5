"""Sentences, the normal form a text is translated in, and a text's translation assembled again
from its sentences' (:func:`assembled`).

Argos packages name a sentence splitter that tweetx cannot use offline (MiniSBD's and Stanza's
models are downloaded at translate time; upstream #512), so tweetx splits by rule, written for
tweets in Persian, Pashto, Arabic, Urdu and English: a sentence ends at ``. ! ? … ؟ ۔`` (runs of
them too), with the closing quotes or brackets and the emoji right after it, before a space, or
glued to the next word between two Arabic-script letters (``است.مردم``). It does not end after
an initial or a known abbreviation (``J.``, ``Mr.``, ``Nov. 5``), before a lowercase Latin word
(``3 p.m. tomorrow``), inside a number (``۱۴۰۰.۵``, ``2.5``) or a URL; and a run of entities at
the end (``#tag``, a link) stays with the sentence before it.
``tests/fixtures/sentences/splits.tsv`` holds the expected splits; bench/sentence_split.py
compares them with other splitters.
"""

from __future__ import annotations

import re
import unicodedata

from ..embeds.urls import encodable
from .cache import CachedTranslation
from .entities import EMOJI, Masked, mask

# Terminal punctuation, then any closing quotes and brackets right after it.
_END = re.compile(r"[.!?…؟۔]+[\"'”’“‘»)\]]*")
_EMOJI_RUN = re.compile(rf"(?:\s*(?:{EMOJI.pattern}))+")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]")
_LAST_WORD = re.compile(r"[^\s(\[«\"“'‘]+$")
#: Words that end in a period without ending the sentence (compared in lower case).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt cpl st jr sr rev hon gov sen rep pres "
    "vs approx govt dept fig vol pp ca cf al "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def split_sentences(text: str) -> list[list[str]]:
    """Lines of the text, each split into sentences (line breaks are kept in the output).

    Example:
        >>> split_sentences("One. Two?\\nDr. Who is 2.5 m tall")
        [['One.', 'Two?'], ['Dr. Who is 2.5 m tall']]
    """
    lines = []
    for line in text.splitlines():
        sentences = _split_line(line.strip())
        if sentences:
            lines.append(sentences)
    return lines


def _split_line(line: str) -> list[str]:
    cuts = []
    for match in _END.finditer(line):
        cut = match.end()
        emoji = _EMOJI_RUN.match(line, cut)
        if emoji:
            cut = emoji.end()
        if cut < len(line) and _ends_sentence(line, match, cut):
            cuts.append(cut)
    # Trailing entities only ("… #tag https://t.co/x"): they close the sentence before them.
    if cuts and not mask(line[cuts[-1] :]).needs_model:
        cuts.pop()
    sentences = (line[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(line)]))
    return [sentence for sentence in sentences if sentence]


def _ends_sentence(line: str, match: re.Match, cut: int) -> bool:
    before = line[match.start() - 1] if match.start() else ""
    after = line[cut]
    if not after.isspace():  # glued: only between two Arabic-script words
        return bool(_ARABIC_LETTER.match(before) and _ARABIC_LETTER.match(after))
    following = line[cut:].lstrip()
    if following[:1].isascii() and following[:1].islower():
        return False  # "3 p.m. tomorrow", "vs. 20": English sentences start capitalised
    if match.group(0) == ".":
        last_word = _LAST_WORD.search(line, 0, match.start())
        word = last_word.group(0) if last_word else ""
        if len(word) == 1 and word.isalpha() and word.isascii():
            return False  # an initial: "J. K. Rowling"
        if word.lower() in ABBREVIATIONS:
            return False
        if word.lower() == "no" and following[:1].isdigit():
            return False  # "No. 5"
    return True


def normalize(text: str) -> str:
    r"""The form a text is translated (and cached) in: NFC, lines stripped, blank lines dropped,
    runs of spaces collapsed, lone surrogates replaced; so texts that differ only in spacing
    share one translation.

    Example:
        >>> normalize("  one   two \n\n three ")
        'one two\nthree'
    """
    # A lone surrogate (JSON may hold "\ud800") has no UTF-8 form: the tokenizer, the cache
    # key and SQLite would all refuse the text. It becomes U+FFFD here, in what is translated
    # only; the tweet's own text keeps it.
    text = encodable(text)
    lines = (
        _SPACES.sub(" ", line).strip() for line in unicodedata.normalize("NFC", text).splitlines()
    )
    return "\n".join(line for line in lines if line)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def assembled(lines: list, best: dict, others: dict, scored: dict) -> CachedTranslation:
    """A text's translation from its sentences': the best hypotheses joined as the lines were,
    the token-weighted mean log-probability, and the other hypotheses as alternatives."""
    sentences = [m for line in lines for m in line if m.needs_model]
    tokens = sum(scored[id(m)][1] for m in sentences)
    score = sum(scored[id(m)][0] for m in sentences) / tokens if tokens else None

    def text(choice: int) -> str:
        return "\n".join(" ".join(pick(m, best, others, choice) for m in line) for line in lines)

    main = text(0)
    variants = max((len(others[id(m)]) for m in sentences), default=0)
    alternatives = tuple(
        a for a in dict.fromkeys(text(k) for k in range(1, variants + 1)) if a != main
    )
    return CachedTranslation(main, score, alternatives)


def pick(masked: Masked, best: dict, others: dict, choice: int) -> str:
    """A sentence's ``choice``-th hypothesis (0 the best), restored; the best when it has no
    such hypothesis or that one lost a placeholder."""
    if not masked.needs_model:
        return masked.original()
    candidates = others.get(id(masked), [])
    if choice and choice <= len(candidates) and candidates[choice - 1] is not None:
        return candidates[choice - 1]
    return best[id(masked)]
