"""Pashto's words at train time: as typed on a Persian keyboard, and Tesseract's word list."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile

from ..langid.text import normalize_letters

#: Pashto typed on a Persian keyboard, which lacks its letters: each is typed as the Persian
#: letter nearest in look or sound (زموژ for زموږ, سارنوالی for څارنوالی, پوهنحی for پوهنځی; the
#: social-dev README notes Afghan Pashto tweets "written without Pashto letters"). The folded
#: forms count ten times rarer than the words as TICO-19 spells them (``FOLDED_PENALTY``, in
#: Zipf): typing without the letters is the exception.
PASHTO_ON_PERSIAN_KEYBOARD = str.maketrans(
    {
        "ږ": "ژ",
        "ښ": "ش",
        "ګ": "گ",
        "ړ": "ر",
        "ټ": "ت",
        "ډ": "د",
        "ڼ": "ن",
        "ې": "ی",
        "ۍ": "ی",
        "ځ": "ح",
        "څ": "س",
        "ي": "ی",
    }
)
FOLDED_PENALTY = 1.0


#: Where Debian's tesseract-ocr-pus puts Tesseract's Pashto model, whose word list (built by
#: the Tesseract project from Pashto web text, Apache-2.0) holds the words of everyday Pashto
#: that TICO-19's translations and the campaign's tweets lack (ګرانه, هلکه, مزې).
TESSERACT_PASHTO = "/usr/share/tesseract-ocr/*/tessdata/pus.traineddata"


def tesseract_pashto_words() -> list[str]:
    """The words of Tesseract's Pashto model, letters made ordinary (its list carries
    direction marks), Arabic-script words only; read with Tesseract's own tools at train
    time, never shipped."""
    paths = sorted(glob.glob(TESSERACT_PASHTO))
    unpack, listing = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    if not paths or not unpack or not listing:
        raise RuntimeError(
            "training reads Tesseract's Pashto word list: apt-get install tesseract-ocr-pus"
        )
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "pus.")
        subprocess.run([unpack, "-u", paths[-1], prefix], check=True, capture_output=True)
        listed = prefix + "words"
        subprocess.run(
            [listing, prefix + "lstm-unicharset", prefix + "lstm-word-dawg", listed],
            check=True,
            capture_output=True,
        )
        with open(listed, encoding="utf-8") as handle:
            words = [normalize_letters(line.strip()) for line in handle]
    arabic = re.compile("[\u0600-\u06ff\u200c]+")
    return sorted({word for word in words if arabic.fullmatch(word)})
