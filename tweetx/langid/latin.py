"""Words that settle a short Latin-script post before the n-gram model is asked: English, and
Urdu written in Latin letters (Roman Urdu), which no language identifier names.

A two-word post carries too few n-grams for a character model (``Why didn't`` → Afrikaans),
but its words are often enough. Both word lists are built by ``python -m tweetx.evaluate
train`` and ship in the Latin model's file: English from TICO-19's English and wordfreq's
English words much more frequent in English than in other Latin-script languages; Roman Urdu
from :data:`ROMAN_URDU_WORDS` below, split by wordfreq into words no other Latin-script
language writes often (strong), words some do (``hai`` is Italian too: shared, half weight),
and words that are another language's function words (``de``, ``se``, ``ke``, ``ki``: none).

Roman Urdu and Roman Hindi are one grammar (Hindustani) in one alphabet: their function words
are the same, so tweetx cannot tell them apart. Both come out ``ur`` in script ``Latn``, with
evidence that says "Roman Urdu or Hindi"; words only Urdu writes (Perso-Arabic loans such as
``shukriya``, ``inshallah``) or only Hindi writes (``dhanyavad``, ``kripya``) are named when
present. Priors: tweetx reads news about Afghanistan, Pakistan and Iran, where Latin-script
Hindustani posts are Pakistani far more often than not.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .ngrams import load

# fmt: off
#: Hindustani function words and everyday words as Pakistani users spell them in Latin letters
#: (postpositions, the copula, pronouns, conjunctions, negation, light verbs; with the common
#: texting forms hy, kr, nhi, bht). From the grammar's closed classes (e.g. R. Schmidt, *Urdu:
#: An Essential Grammar*, 1999, postpositions and pronouns), spelled as typed.
ROMAN_URDU_WORDS = """
ka ki ke kay ko se say sy mein me mai main par pe pr tak
hai hain hy hn ha h tha thi the thay ho hona hota hoti hotay hue huay hua howa hui
mujhe mjhe mujhy hum hm tum tm aap ap apna apni apne apny mera meri mere mery tera teri tere
hamara hamari humara tumhara unka unki unke uska uski uske iska iski iske inhon unhon
ye yeh yah wo woh wu is iss us uss in un jo jis jin koi kuch kisi sab sub
aur or lekin magar ya kyun kyon kyu kyunke kiun agar to toh phir phr bhi b sirf bas
nahi nahin nhi ni nai na mat
kar kr karna krna karne krne karo kro karen karein kiya kia kiye kie raha rha rahi rhi rahe
rhe gaya gya gayi gai gaye gye jaye jae jana jata jati jaate diya dia dena dete deta liya lia
lena liye lye leye sakta sakti sakte chahiye chahie chaiye
bohat bohot bahut bht buht zyada zada ziada kam abhi ab jab tab kab yahan yahaan wahan kahan
kaise kese kaisa kesa kitna kitni aisa aise waisa wese
acha achha accha acha theek thek thik sahi bilkul shukriya janab jnab yaar yar bhai behen
ji jee baat bat log logon kaam kam din raat waqt wqt dil dost zindagi
kya kiya kyaa k ky kay ne nay ny hi hee ga gi ge tu tum tujhe tjhe aik ek ak hun hoon hon
han haan hanji nahi wala wali wale walay sath saath sth le lo lo lay de do dey dy mil mila
mile yaad dua ameen kal aaj aj abhi kabhi kbhi shuru khatam pehle pehli baad bad phle
karnay karte krte karta krta karti krti hota hoti houn hoga hogi hongi hoge honge rahay rhy
sakte skte skta chahta chahti pata pta lagta lgta lagti lgti lga laga dekh dekho dekha dekhna
bol bolo bola bolna sun suno suna keh kaha kehna kehte samajh samjh mujy mujhy tumhe tmhy
unko usko isko inko kisko jisko unhein unhe isay usay ussay issay iska uska inka unka kahin
yahi wohi wahi bhot kafi zara thora thoda thori zarur zaroor shayad sirf sari sare saray
""".split()
#: Loans only Urdu writers use: named in the evidence when present.
URDU_ONLY = frozenset("""
shukriya janab inshallah insha mashallah masha allah khuda zindabad mulk watan awam hukumat
""".split())
#: Words of Sanskrit origin that Hindi writers use and Urdu writers do not.
HINDI_ONLY = frozenset("dhanyavad dhanyavaad kripya bhagwan shubh prabhu".split())
# fmt: on

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ALL_URDU = frozenset(ROMAN_URDU_WORDS)
#: Hindustani postpositions that other languages' posts rarely hold alone.
_POSTPOSITIONS = frozenset("ka ki ko ne".split())
#: (code, calibration bucket, raw confidence, method, evidence)
_Decision = tuple[str, str, float, str, tuple[str, ...]]


def words_of(cleaned: str) -> list[str]:
    return _WORD.findall(cleaned.lower())


@functools.cache
def _lists() -> tuple[frozenset, frozenset, frozenset]:
    extra = load("latn")[1]
    roman = extra["roman_urdu"]
    return (
        frozenset(extra["english_words"]),
        frozenset(roman["strong"]),
        frozenset(roman["shared"]),
    )


@functools.cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    """Each listed word's languages: English's list and the other languages' own words."""
    extra = load("latn")[1]
    languages: dict[str, list[str]] = {}
    for word in extra["english_words"]:
        languages.setdefault(word, []).append("en")
    for language, words in extra["words"].items():
        for word in words:
            languages.setdefault(word, []).append(language)
    return {word: tuple(codes) for word, codes in languages.items()}


def by_roman_urdu(cleaned: str) -> Optional[_Decision]:
    """Urdu (script Latn) when its words outnumber English ones: one and a half in all (a word
    no other Latin-script language writes often counts one, a shared word half; one is enough
    in a post of one or two words), and a strong word, or three shared ones and no English.

    Example:
        >>> by_roman_urdu("Aap ko bhi eid mubarak ho")[0]
        'ur'
        >>> by_roman_urdu("I love this city") is None
        True
    """
    english, strong, shared = _lists()
    words = words_of(cleaned)
    found_strong = sorted({w for w in words if w in strong})
    found_shared = sorted({w for w in words if w in shared})
    score = len(found_strong) + 0.5 * len(found_shared)
    in_english = sum(w in english for w in words)
    if score <= in_english or score < (1 if len(words) <= 2 else 1.5):
        return None
    if not found_strong and (len(found_shared) < 3 or in_english):
        return None  # shared words only: three of them, and no English word
    named = sorted(found_strong + found_shared)
    evidence = [f"Roman Urdu or Hindi words: {' '.join(named[:8])}"]
    if URDU_ONLY & set(words):
        evidence.append(f"Urdu loans: {' '.join(sorted(URDU_ONLY & set(words)))}")
    if HINDI_ONLY & set(words):
        evidence.append(f"Hindi words: {' '.join(sorted(HINDI_ONLY & set(words)))}")
    strength = "2" if score >= 2.5 else "1"
    return "ur", f"roman-urdu:{strength}", 0.9, "words", tuple(evidence)


def has_urdu_word(text: str) -> bool:
    """Whether a Latin-script text has Hindustani words that are not English: one of the
    Roman Urdu lists', the postpositions ``ka ki ko ne``, or two of the grammar's words that
    other languages also write (``ke`` alone is Indonesian, ``se`` Spanish). This only vouches
    for a decision the n-gram model made.

    Example:
        >>> has_urdu_word("Karthikeyan in"), has_urdu_word("sub lrke ka chkkr")
        (False, True)
        >>> has_urdu_word("Ke mana kita pergi hari ini")
        False
    """
    english, strong, shared = _lists()
    words = {w for w in words_of(text) if w not in english}
    return bool(words & (strong | shared | _POSTPOSITIONS)) or len(words & _ALL_URDU) >= 2


#: Posts this short are English unless another language's words say otherwise (names:
#: "Lavrov says", "Ashley Graham"): English is the most common Latin-script language of posts.
SHORT_WORDS = 3
#: Posts up to this long go by their words when another language's outnumber English's.
FEW_WORDS = 5


#: Letters English does not write (é, ñ, ç, ü, ş…): a short post with one is not English by
#: default.
_NOT_ENGLISH = re.compile("[\u00c0-\u00ff\u0100-\u024f]")


def _looks_foreign(cleaned: str) -> bool:
    """Whether a short post has a letter English does not write or a frequent word of another
    favoured language (``de``, ``la``, ``dia``; ``c'est`` read as ``c`` and ``est``)."""
    if _NOT_ENGLISH.search(cleaned.replace("’", "'")):
        return True
    common = _foreign_common()
    return any(part in common for word in words_of(cleaned) for part in word.split("'"))


@functools.cache
def _foreign_common() -> frozenset:
    return frozenset(load("latn")[1]["foreign_common"])


def by_words(cleaned: str) -> Optional[_Decision]:
    """English or another Latin-script language by the words each lists, before n-grams.

    English when every word, or two in three (at least two), are English, or a third of them
    and three times another language's; in a post of up to ``SHORT_WORDS`` words, also when
    no other language's word or letter is there. Another language (of
    those favoured, with lists from wordfreq) when its words outnumber English's in a post of
    up to ``FEW_WORDS``.

    Example:
        >>> by_words("Lavrov says")[0], by_words("merci beaucoup")[0]
        ('en', 'fr')
    """
    words = words_of(cleaned)
    if not words:
        return None
    listed = _word_languages()
    votes: dict[str, int] = {}
    for word in words:
        for code in listed.get(word, ()):
            votes[code] = votes.get(code, 0) + 1
    english = votes.pop("en", 0)
    other, most = max(votes.items(), key=lambda item: (item[1], item[0]), default=(None, 0))
    if english == len(words) or (english >= 2 and english >= 2 * len(words) / 3 and not most):
        return ("en", "english-words", 0.95, "words", (f"English words: {' '.join(words[:8])}",))
    if (
        english >= 2
        and english >= len(words) / 3
        and english >= 3 * most
        and not has_urdu_word(cleaned)  # Roman Urdu mixes in English words: the model decides
    ):
        # Names and tags around English words (Kathleen McFarland: Putin deserves the Nobel
        # Peace Prize): English words, and three times as many as another language's.
        return ("en", "english-most", 0.9, "words", (f"English words: {' '.join(words[:8])}",))
    if (
        len(words) <= SHORT_WORDS
        and not most
        and not _looks_foreign(cleaned)
        and not has_urdu_word(cleaned)
    ):
        return (
            "en",
            "english-short",
            0.7,
            "words",
            ("a short post with no other language's words",),
        )
    if other and most > english and len(words) <= FEW_WORDS and not has_urdu_word(cleaned):
        own = [w for w in words if other in listed.get(w, ())]
        return (other, "latin-words", 0.8, "words", (f"{other} words: {' '.join(own)}",))
    return None
