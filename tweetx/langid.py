"""Identify a tweet's script and language: ``identify(text, hint=None) -> Language``.

Order of evidence, strongest first:
1. Script, from the Unicode block of each letter (handles, URLs, hashtag marks, digits and emoji
   are ignored).
2. For Arabic script, letters that only some languages use: Pashto ټ ډ ړ ږ ښ ګ ڼ ۍ ې ځ څ, Urdu
   ٹ ڈ ڑ ں ے ھ ۓ, Sindhi, Sorani Kurdish, Uyghur; Persian پ چ ژ گ with Persian ک/ی against Arabic
   ك ي ة ى. langdetect has no Pashto profile, so Pashto can only come from here.
3. langdetect, seeded (it is random otherwise) and restricted to the languages the script allows.
4. The embed's ``lang_hint`` (``p[lang]``) as supporting evidence, never as truth.
Too few letters → ``und``: abstaining beats guessing.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections import Counter
from typing import Optional

from .model import Language

#: Fewer letters than this and tweetx abstains (``code="und"``).
MIN_LETTERS = 4

_NOISE = re.compile(
    r"https?://\S+|(?:pic\.(?:twitter|x)\.com|t\.co)/\S+|(?<![\w@])@\w{1,15}|[#＃]|&\w+;", re.I
)

# Arabic vowel marks and tatweel: optional in writing, and they split words for the word rules.
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# ISO 15924 codes by Unicode block, for the scripts tweets are written in.
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
)

# Letters used by one Arabic-script language (or a few) and not by the others we tell apart.
_MARKERS = {
    "ps": set("ټډړږښګڼۍېځڅ"),
    "ur": set("ٹڈڑںےھۓہۂ"),  # incl. heh goal ہ, which Persian and Arabic write as ه
    "sd": set("ٻڀٿٺڄڃڇڏڍڌڙڦڪڳڱڻ"),
    "ckb": set("ڵڕێۆ"),
    "ug": set("ۈۋڭۇ"),
}
_PERSIAN = set("پچژگ\u06a9\u06cc")  # پ چ ژ گ and Persian kaf/yeh
_ARABIC = set("\u0643\u064a\u0629\u0649")  # Arabic kaf, yeh, teh marbuta, alef maksura
# Extended digits ۰-۹ are written in Persian and Urdu, Arabic-Indic ٠-٩ in Arabic.
_PERSIAN_SIGNS = _PERSIAN | set("۰۱۲۳۴۵۶۷۸۹")
_ARABIC_SIGNS = _ARABIC | set("٠١٢٣٤٥٦٧٨٩")

# Frequent function words of one Arabic-script language that the others do not use as words;
# they settle short texts that carry none of the marker letters. (Not به: Arabic "with it".)
_FUNCTION_WORDS = {
    "ps": {"د", "په", "ته", "تاسو", "ستاسو", "لرئ", "لري", "هغه", "لپاره", "وویل", "دغه", "څخه",
           "کوم", "کومه", "دا", "دی", "دي", "یو", "يو", "سره", "شوي", "زه", "موږ", "مونږ",
           "راته", "کړي", "کړئ", "نو", "ولې", "چې", "کې", "زما", "ستا", "مې", "خو", "له", "دې", "بل",
           "اوس", "خپل", "دغو", "ددغو", "کولی", "کولای", "دوی", "شاوخوا", "دوه", "کوئ", "کوي",
           "هغو", "پدې", "ورته", "څه", "کله", "ځکه"},
    "ur": {"کے", "ہے", "میں", "سے", "کو", "اور", "یہ", "وہ", "نہیں", "ہیں", "تھا", "کا",
           "پر", "بھی", "آپ", "ہم", "کیا", "گا", "گی", "تھی"},  # not کی: Pashto writes کې so
    "fa": {"است", "را", "از", "که", "این", "برای", "می", "آن", "شما", "یک",
           "بود", "شد", "کرد", "هست", "چه", "آیا", "اند", "نیز", "تا", "اما", "در", "با",
           "بر", "بسیار", "همچنین", "دارد", "شود", "کنید"},
    "ar": {"في", "على", "إلى", "التي", "الذي", "هذا", "هذه", "أن", "عن", "مع", "كان", "لا", "هو",
           "هي", "قد", "كما", "بين", "لم", "أو", "ذلك"},
}

# English function words that are not words of the other major Latin-script languages: short
# English tweets otherwise come out of langdetect as Norwegian, Afrikaans or Dutch.
_ENGLISH_WORDS = {
    "the", "and", "you", "your", "have", "has", "with", "this", "that", "it", "for", "are",
    "does", "did", "got", "been", "what", "how", "they", "she", "would", "should", "could",
    "just", "about", "from", "there", "my", "i", "any", "been", "were", "some", "too", "yes",
    "which", "these", "their", "will", "them", "than", "into", "who", "where", "people", "many",
    "such", "other", "after", "before", "only", "first", "our", "its", "because", "being", "may",
    "during", "between", "should", "those", "while", "however", "through",
}

# Languages langdetect may choose from, per script. langdetect knows no Pashto.
_LANGDETECT_CHOICES = {"Arab": ("fa", "ar", "ur")}

# Vocabulary that marks a Persian text as Dari (Afghanistan) or Iranian Persian; a variety is
# claimed only with such evidence and none pointing the other way.
_DARI_WORDS = {
    "ولسوالی", "ولسوالی‌ها", "پوهنتون", "پوهنځی", "شاروالی", "ولسی", "مشرانو", "شفاخانه",
    "داکتر", "پولیس", "تشناب", "ولایت", "ولایات", "مکتب", "سرک", "بایسکل", "لیسه", "قوماندان",
    "قوماندانی", "څارنوال", "څارنوالی", "جرگه", "افغانی",
}
_IRANIAN_WORDS = {
    # ماشین, اتوبوس, مجلس and دکتر are left out: Dari writes them too (seen in TICO-19).
    "استان", "استانداری", "شهرداری", "بیمارستان", "پلیس", "دانشگاه", "خیابان", "تومان",
    "دبیرستان", "شهرستان", "فرمانداری",
}


MAX_CHARS = 5000


def identify(text: str, hint: Optional[str] = None, prior: Optional[str] = None) -> Language:
    """Identify the language and script of a short text.

    Args:
        text: the tweet's text; handles, URLs and hashtag marks are ignored.
        hint: the language the embed claims (``p[lang]``); evidence, not truth.
        prior: the article's language; a weak prior, used only where statistics decide.

    Example:
        >>> lang = identify("د افغانستان په ښار کې خلک خوشحاله دي")
        >>> (lang.code, lang.script, lang.method)
        ('ps', 'Arab', 'letters')
    """
    # The first few thousand characters decide as well as all of them, at bounded cost.
    cleaned = _HARAKAT.sub("", _NOISE.sub(" ", (text or "")[:MAX_CHARS]))
    letters = [(c, script) for c in cleaned if (script := _letter_script(c))]
    scripts = Counter(script for _, script in letters)
    total = sum(scripts.values())
    shares = {name: count / total for name, count in scripts.most_common()} if total else {}
    if total < MIN_LETTERS:
        return Language("und", next(iter(shares), "Zyyy"), 0.0, "too-short", scripts=shares,
                        evidence=(f"{total} letters",))
    script = _main_script(cleaned, shares)
    decision = _decide(script, [c for c, s in letters if s == script], cleaned, prior)
    if decision is None:
        return Language("und", script, 0.0, "langdetect", scripts=shares,
                        evidence=("no n-gram features",))
    code, bucket, raw_confidence, method, evidence = decision
    basis = f"{bucket}|{length_class(len(cleaned.split()))}"
    confidence = calibrated(basis, raw_confidence)
    return _finish(code, script, confidence, method, shares, evidence, hint, cleaned, basis)


def _decide(script: str, letters: list[str], cleaned: str, prior: Optional[str]):
    """(code, calibration bucket, raw confidence, method, evidence), or None when nothing can."""
    if script == "Arab":
        found = _by_markers(letters) or _by_function_words(cleaned)
        if found:
            return found
        persian = sum(c in _PERSIAN_SIGNS for c in cleaned)
        arabic = sum(c in _ARABIC_SIGNS for c in cleaned)
        if arabic and not persian:
            return ("ar", f"arabic-letters:{min(arabic, 2)}", 0.9, "letters",
                    (f"Arabic letters/digits: {_seen(cleaned, _ARABIC_SIGNS)}",))
        if persian and not arabic:
            # پ چ ژ گ ک ی rule out Arabic but not Urdu (or Pashto): statistics choose fa/ur.
            code, probability = _by_langdetect(cleaned, ("fa", "ur"), prior)
            if code != "und":
                return (code, f"persian-letters+langdetect:{_bin(probability)}", probability,
                        "letters+langdetect",
                        (f"Persian letters/digits: {_seen(cleaned, _PERSIAN_SIGNS)}",))
    if script == "Latn":
        words = re.findall(r"[a-z']+", cleaned.lower())
        english = [w for w in words if w in _ENGLISH_WORDS]
        if len(english) >= 2 and len(english) >= 0.25 * len(words):
            return ("en", "english-words", 0.95, "words",
                    (f"English words: {' '.join(dict.fromkeys(english))}",))
    code, probability = _by_langdetect(cleaned, _LANGDETECT_CHOICES.get(script), prior)
    if code == "und":
        return None
    evidence = (f"article language {prior} (prior)",) if prior else ()
    return code, f"langdetect-{script}:{_bin(probability)}", probability, "langdetect", evidence


def _bin(probability: float) -> str:
    return f"{min(int(probability * 10), 9) / 10:.1f}"


def _finish(code, script, confidence, method, shares, evidence, hint, cleaned, basis) -> Language:
    evidence = list(evidence)
    if hint:
        hint_code = hint.split("-")[0].lower()
        if hint_code == code:
            confidence = 1 - (1 - confidence) / 2
            evidence.append(f"page says {hint}")
        else:
            evidence.append(f"page says {hint}, text says {code}")
    variety = None
    if code == "fa":
        variety, variety_evidence = _persian_variety(cleaned)
        evidence.extend(variety_evidence)
    return Language(code, script, confidence, method, variety, shares, tuple(evidence), basis)


def _main_script(cleaned: str, shares: dict) -> str:
    """The script most words are written in (not most letters: a Pashto tweet quoting
    "SARS-CoV-2" has more Latin letters than Arabic ones). Ties go to the non-Latin script,
    since Latin acronyms and names turn up in tweets of every script."""
    words = Counter()
    for token in cleaned.split():
        seen = [s for c in token if (s := _letter_script(c))]
        if not seen:
            continue
        # Most words are in one script: count it without building a Counter per word.
        first = seen[0]
        words[first if seen.count(first) == len(seen) else Counter(seen).most_common(1)[0][0]] += 1
    if not words:
        return next(iter(shares))
    return max(words, key=lambda name: (words[name], name != "Latn", shares.get(name, 0)))


@functools.lru_cache(maxsize=4096)
def _letter_script(char: str) -> Optional[str]:
    """The ISO 15924 script of a letter, None for anything else (digits, marks, emoji…).

    Cached: tweets reuse a few dozen characters, and this runs on every one of them."""
    if not unicodedata.category(char).startswith("L"):
        return None
    point = ord(char)
    for low, high, name in _SCRIPT_RANGES:
        if low <= point <= high:
            return name
    return "Zzzz"


def _by_markers(letters: list[str]):
    """(code, confidence, evidence) when marker letters settle the language, else None."""
    counts = Counter(letters)
    hits = {code: sum(counts[c] for c in chars) for code, chars in _MARKERS.items()}
    code, best = max(hits.items(), key=lambda item: item[1])
    if not best or best <= 2 * sorted(hits.values())[-2]:
        return None
    return (code, f"marker-letters:{min(best, 3)}", 0.99 if best >= 2 else 0.9, "letters",
            (f"{code} letters: {_seen(letters, _MARKERS[code])}",))


def _by_function_words(cleaned: str):
    words = re.findall(r"[\w\u200c]+", cleaned)
    hits = {code: [w for w in words if w in vocabulary] for code, vocabulary in _FUNCTION_WORDS.items()}
    code, found = max(hits.items(), key=lambda item: len(item[1]))
    runner_up = sorted(len(v) for v in hits.values())[-2]
    margin = len(found) - runner_up
    if margin < 1:
        return None
    return (code, f"function-words:{min(margin, 3)}", 0.97 if margin >= 3 else 0.9, "words",
            (f"{code} words: {' '.join(dict.fromkeys(found))}",))


def _seen(chars, wanted: set) -> str:
    return " ".join(sorted(set(chars) & wanted))


def _persian_variety(cleaned: str):
    words = set(cleaned.split())
    dari = sorted(words & _DARI_WORDS)
    iranian = sorted(words & _IRANIAN_WORDS)
    if dari and not iranian:
        return "prs", (f"Dari words: {' '.join(dari)}",)
    if iranian and not dari:
        return "pes", (f"Iranian Persian words: {' '.join(iranian)}",)
    return None, ()


def _by_langdetect(text: str, choices: Optional[tuple], prior: Optional[str] = None):
    """langdetect's best (code, probability) among ``choices`` (None: all its languages)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory(choices).create()
    detector.append(text)
    try:
        candidates = {c.lang.split("-")[0]: c.prob for c in detector.get_probabilities()}
    except LangDetectException:
        return "und", 0.0
    if prior in candidates:
        # A weak prior: it settles near-ties among the candidates langdetect already found
        # (es 0.57 / pt 0.43 in a Portuguese article → pt), never brings in a new language.
        candidates[prior] *= PRIOR_WEIGHT
        total = sum(candidates.values())
        candidates = {code: p / total for code, p in candidates.items()}
    code = max(candidates, key=candidates.get)
    return code, candidates[code]


#: How much more the article's own language weighs among langdetect's candidates.
PRIOR_WEIGHT = 3.0


def length_class(words: int) -> str:
    """Texts are calibrated by length: 1-2, 3-5 or 6+ words."""
    return "1-2" if words <= 2 else "3-5" if words <= 5 else "6+"


def calibration_keys(basis: str) -> list[str]:
    """From the most to the least specific: ``rule:strength|length``, ``rule|length``, ``rule``.

    Example:
        >>> calibration_keys("marker-letters:2|3-5")
        ['marker-letters:2|3-5', 'marker-letters|3-5', 'marker-letters']
    """
    decision, length = basis.split("|")
    rule = decision.split(":")[0]
    return [basis, f"{rule}|{length}", rule]


def calibrated(basis: str, raw: float) -> float:
    """The accuracy measured on the dev data for this kind of decision on texts this long.

    A basis seen fewer than ``MIN_CALIBRATION_SAMPLES`` times borrows the accuracy of its rule
    on texts of that length, then of its rule; the rule's own estimate is the last resort.
    """
    table = _calibration()
    for key in calibration_keys(basis):
        entry = table.get(key)
        if entry is not None and entry["n"] >= MIN_CALIBRATION_SAMPLES:
            return entry["accuracy"]
    return raw


MIN_CALIBRATION_SAMPLES = 30
CALIBRATION_FILE = os.path.join(os.path.dirname(__file__), "calibration.json")


@functools.lru_cache(maxsize=None)
def _calibration() -> dict:
    """Written by ``python -m tweetx.evaluate calibrate``; empty (raw estimates) if absent."""
    try:
        with open(CALIBRATION_FILE, encoding="utf-8") as handle:
            return json.load(handle)["buckets"]
    except FileNotFoundError:
        return {}


@functools.lru_cache(maxsize=None)
def _langdetect_factory(choices: Optional[tuple]):
    """A seeded langdetect factory over all profiles, or only ``choices`` (loaded once each)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    names = choices or sorted(os.listdir(PROFILES_DIRECTORY))
    profiles = []
    for name in names:
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as handle:
            profiles.append(handle.read())
    factory.load_json_profile(profiles)
    factory.set_seed(0)  # langdetect samples n-grams at random: unseeded, answers change per run
    return factory

