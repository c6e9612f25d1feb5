"""The language tokens of multilingual models, as tweetx names their languages: NLLB's FLORES-200
codes (``pbt_Arab``), M2M-100's ``__ps__`` and Marian's ISO 639-3 ids (``pus``, ``>>fra<<``)."""

from __future__ import annotations

import re
from typing import Optional

# fmt: off
#: FLORES-200 codes (NLLB's language tokens) of the languages tweetx identifies, and of the
#: targets people translate into most; others are listed by their token, without a route.
#: The value is tweetx's code and, for Persian, the variety.
FLORES_CODES: dict[str, tuple[str, Optional[str]]] = {
    "pes_Arab": ("fa", "pes"), "prs_Arab": ("fa", "prs"), "pbt_Arab": ("ps", None),
    "urd_Arab": ("ur", None), "arb_Arab": ("ar", None), "eng_Latn": ("en", None),
    "fra_Latn": ("fr", None), "deu_Latn": ("de", None), "spa_Latn": ("es", None),
    "por_Latn": ("pt", None), "ita_Latn": ("it", None), "nld_Latn": ("nl", None),
    "tur_Latn": ("tr", None), "rus_Cyrl": ("ru", None), "ukr_Cyrl": ("uk", None),
    "pol_Latn": ("pl", None), "zho_Hans": ("zh", None), "jpn_Jpan": ("ja", None),
    "kor_Hang": ("ko", None), "hin_Deva": ("hi", None), "ben_Beng": ("bn", None),
    "ind_Latn": ("id", None), "heb_Hebr": ("he", None), "tgk_Cyrl": ("tg", None),
    "uzn_Latn": ("uz", None), "ckb_Arab": ("ckb", None), "snd_Arab": ("sd", None),
    "uig_Arab": ("ug", None), "azj_Latn": ("az", None), "swe_Latn": ("sv", None),
}
#: ISO 639-3 codes that Marian configurations use for the same languages.
ISO_639_3 = {
    "eng": "en", "pus": "ps", "pbt": "ps", "fas": "fa", "pes": "fa", "prs": "fa", "urd": "ur",
    "ara": "ar", "arb": "ar", "fra": "fr", "deu": "de", "spa": "es", "por": "pt", "ita": "it",
    "nld": "nl", "tur": "tr", "rus": "ru", "zho": "zh", "hin": "hi", "ind": "id",
}
# fmt: on
FLORES_TOKEN = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}\Z")
M2M_TOKEN = re.compile(r"__([a-z]{2,3})__\Z")
MARIAN_TARGET = re.compile(r">>([a-z]{2,3}(?:_[A-Za-z]{4})?)<<\Z")


def language_of(family: str, token: str) -> Optional[tuple[str, Optional[str]]]:
    """(code, variety) for a language token, ("", None) for one tweetx has no code for, or
    None for a token that names no language."""
    if family == "nllb" and FLORES_TOKEN.match(token):
        return FLORES_CODES.get(token, ("", None))
    match = M2M_TOKEN.match(token) if family == "m2m100" else None
    if match:
        code = match.group(1)
        return (ISO_639_3.get(code, code), None)
    return None


def code_of(raw: str) -> str:
    """tweetx's code for a Marian language id (``pus``, ``pes``, ``fr``), or "" for one that
    tweetx does not name or that names another script (``pes_Latn``: Persian in Latin letters)."""
    language, _, script = raw.lower().partition("_")
    code = ISO_639_3.get(language, language)
    if len(code) != 2:
        return ""
    if script and script != ("arab" if code in ("fa", "ps", "ur", "ar") else "latn"):
        return ""
    return code
