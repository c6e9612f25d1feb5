"""What identification reads of a text: its letters made ordinary, its noise gone, and the
script of each word.

The output ``text`` of a tweet is never changed: this is only what the rules and models see.
- **Letters made ordinary.** Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF: what
  copying from PDFs and some keyboards leaves) become the letters they draw (NFKC); ۀ is ه;
  vowel marks and tatweel go; zero-width spaces and soft hyphens stand for zero-width
  non-joiners; direction marks go. Letters of another keyboard (Arabic ي and ك in Persian,
  Pashto's ګ in Dari) are read word by word, as each language writes them
  (:mod:`tweetx.langid.arabic`).
- **Noise gone.** URLs (and the bare ``http`` anonymised corpora leave), @handles, entities,
  ``RT``, escapes such as ``\\u002c``. Hashtags, mentions, links and emoji never outvote the
  words of a post: hashtags are read only when the post has no words of its own, and then as
  words (``#LetAfghanGirlsLearn`` → Let Afghan Girls Learn, ``#اقبال_لاهور`` → اقبال لاهور).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from typing import Optional

#: Fewer letters than this and tweetx abstains (``code="und"``). Two letters are a word (در,
#: in), and the models tell most of them apart; their confidence says how often.
MIN_LETTERS = 2
#: Only the first characters are read: they decide as well as all of them, at bounded cost.
MAX_CHARS = 5000

# Every branch begins with a literal character, so the engine skips to the places one of them
# stands (3x faster than with a boundary or look-behind in front); the checks that the match
# begins a word come after that character.
_NOISE = re.compile(
    r"https?://\S+|h(?<!\wh)ttps?\b[:/.\w]*|w(?<!\ww)ww\b[:/.\w]*"
    r"|(?:pic\.(?:twitter|x)\.com|t\.co)/\S+"
    r"|@(?<![\w@]@)\w{1,15}|&\w+;|\\u[0-9A-Fa-f]{4}|R(?<!\wR)T\b",
)
_TAG = re.compile(r"[#＃]([^\W_]\w*)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# At least MIN_LETTERS letters (a search that stops at the second, not a count of them all).
_ENOUGH_LETTERS = re.compile(rf"[^\W\d_](?:.*?[^\W\d_]){{{MIN_LETTERS - 1}}}", re.S)
# Arabic vowel marks and tatweel: optional in writing, and they split words for the word rules.
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def _ordinary_letters() -> dict[int, str]:
    table = {
        0x06C0: "ه",  # heh with yeh above (ۀ)
        0x200B: "\u200c",  # zero-width space, soft hyphen: typed for a non-joiner
        0x00AD: "\u200c",
    }
    for point in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[point] = ""  # direction marks
    for low, high in ((0xFB50, 0xFDCF), (0xFE70, 0xFEFF)):
        for point in range(low, high + 1):
            drawn = unicodedata.normalize("NFKC", chr(point))
            if drawn != chr(point):
                table[point] = "".join(table.get(ord(c), c) for c in drawn)
    for point in range(0xFDF0, 0xFE00):  # whole words in one sign (ﷺ): not the post's words
        table[point] = " "
    return table


_ORDINARY = _ordinary_letters()
# Most texts have none of those characters, and no vowel mark: one search is cheaper than a
# translation and a substitution.
_NOT_ORDINARY = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_ORDINARY)) + "]|" + _HARAKAT.pattern
)


def normalize_letters(text: str) -> str:
    """The text with its letters as the models know them.

    Example:
        >>> normalize_letters("ﻣﻦ ﮐﺘﺎﺏ مـــی‌خوانَم")  # presentation forms, tatweel, a vowel mark
        'من کتاب می\u200cخوانم'
    """
    if not _NOT_ORDINARY.search(text):
        return text
    return _HARAKAT.sub("", text.translate(_ORDINARY))


def clean(text: str) -> str:
    """The text identification looks at: its own words, letters made ordinary, no handles,
    URLs or entities, and only the first ``MAX_CHARS`` characters.

    Example:
        >>> clean("نیروهای امنیتی #Kabul #AfghanPeace @UN https://t.co/x")
        'نیروهای امنیتی'
        >>> clean("#LetAfghanGirlsLearn")
        'Let Afghan Girls Learn'
    """
    text = normalize_letters(_NOISE.sub(" ", (text or "")[:MAX_CHARS]))
    words = _TAG.sub(" ", text)
    if _ENOUGH_LETTERS.search(words):
        return " ".join(words.split())
    # Only tags: their words are all there is (CamelCase and underscores split them).
    tags = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m[1]).replace("_", " ") + " ", text)
    return " ".join(tags.replace("#", " ").replace("＃", " ").split())


#: Texts whose every letter is of one script, Arabic or Latin (nearly every post): anything else
#: in them is no letter (``\W``, digits, ``_``: marks, punctuation, emoji). Within these
#: ranges ``[^\W\d_]`` is exactly Unicode's letters, so a match settles the script without
#: counting letters word by word; ``²``-like numerals fall outside and take the long way.
_ONE_SCRIPT = {
    "Arab": re.compile(
        r"(?:[\W\d_]|[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff])*"
    ),
    "Latn": re.compile(r"(?:[\W\d_]|[A-Za-z\u00c0-\u024f\u1e00-\u1eff])*"),
}


def one_script(cleaned: str) -> Optional[str]:
    """``Arab`` or ``Latn`` when every letter of a text is of that script and it has enough
    of them (``MIN_LETTERS``); None when the letters must be counted word by word.

    Example:
        >>> one_script("سلام 2021 :)"), one_script("Salam سلام"), one_script("ok")
        ('Arab', None, 'Latn')
    """
    if not _ENOUGH_LETTERS.search(cleaned):
        return None
    for script, pattern in _ONE_SCRIPT.items():
        if pattern.fullmatch(cleaned):
            return script
    return None


@functools.lru_cache(maxsize=65536)
def token_scripts(token: str) -> tuple:
    """(script, letters) of each script in a token, most letters first. Cached: words repeat
    from tweet to tweet, and this is asked of every one."""
    return tuple(Counter(s for c in token if (s := letter_script(c))).most_common())


@functools.lru_cache(maxsize=4096)
def letter_script(char: str) -> Optional[str]:
    """The ISO 15924 script of a letter, None for anything else (digits, marks, emoji…).

    Cached: tweets reuse a few dozen characters, and this runs on every one of them."""
    if not unicodedata.category(char).startswith("L"):
        return None
    point = ord(char)
    for low, high, name in _SCRIPT_RANGES:
        if low <= point <= high:
            return name
    return "Zzzz"


# ISO 15924 codes by Unicode block, for the scripts tweets are written in.
# fmt: off
_SCRIPT_RANGES = (
    (0x0041, 0x024F, "Latn"), (0x1E00, 0x1EFF, "Latn"),
    (0x0370, 0x03FF, "Grek"), (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"), (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"), (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"), (0xFE70, 0xFEFF, "Arab"),
    (0x0900, 0x097F, "Deva"), (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"),
    (0x0B80, 0x0BFF, "Taml"), (0x0E00, 0x0E7F, "Thai"), (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"), (0xAC00, 0xD7AF, "Hang"), (0x3040, 0x309F, "Hira"),
    (0x30A0, 0x30FF, "Kana"), (0x4E00, 0x9FFF, "Hani"),
    (0x0700, 0x074F, "Syrc"), (0x0780, 0x07BF, "Thaa"), (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"), (0x0C00, 0x0C7F, "Telu"), (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"), (0x0D80, 0x0DFF, "Sinh"), (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"), (0x1000, 0x109F, "Mymr"), (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"), (0x3130, 0x318F, "Hang"), (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"), (0xF900, 0xFAFF, "Hani"), (0x20000, 0x323AF, "Hani"),
)
# fmt: on
