"""The Gregorian month names signature dates are written with, from CLDR (through Babel):
``python -m tweetx.embeds.months_cldr`` writes ``months.json`` beside this file, which
:mod:`.dates` reads. Babel is needed only to rebuild it (``pip install -e '.[train]'``).

Every language Twitter's embed code offers (``data-lang``), and the languages and regional
forms publishers around Afghanistan, Iran and the Arab world write (Pashto, Dari, the Levant's
and the Maghreb's Arabic months); for each, the wide and abbreviated names in both contexts
(format and stand-alone), and the words a locale's date pattern writes around the month
(Hebrew's ב, Catalan's de). Names are stored lower-cased, without a final full stop.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

MONTHS_FILE = Path(__file__).with_name("months.json")

#: Twitter's embed languages (publish.twitter.com's ``data-lang`` list; ``msa`` is Babel's
#: ``ms``, ``no`` its ``nb``, ``zh-cn``/``zh-tw`` its ``zh_Hans``/``zh_Hant``), then the
#: languages and regional forms publishers of the region write.
TWITTER_LOCALES = (
    "en ar bn cs da de el es fa fi fil fr he hi hu id it ja ko ms nl nb pl pt ro ru sv th tr "
    "uk ur vi zh_Hans zh_Hant"
).split()
REGIONAL_LOCALES = "ca ps fa_AF ur_IN ar_SY ar_LB ar_IQ ar_JO ar_PS ar_DZ ar_MA ar_TN ar_LY".split()
LOCALES = TWITTER_LOCALES + REGIONAL_LOCALES

#: A literal a date pattern glues to the month (``d בMMMM y``): it is written with the name.
_GLUED_BEFORE = re.compile(r"'?([^\s'dMLy,.]+)'?(?=MMMM|MMM)")


def month_names(locale: str) -> dict[int, set[str]]:
    """Month number -> every name ``locale`` writes it with (Babel's CLDR data)."""
    from babel import Locale
    from babel.dates import get_date_format, get_month_names

    glued = {""}
    for length in ("long", "medium", "full"):
        pattern = get_date_format(length, locale=locale).pattern
        glued.update(_GLUED_BEFORE.findall(pattern))
    names: dict[int, set[str]] = {month: set() for month in range(1, 13)}
    parsed = Locale.parse(locale)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for month, name in get_month_names(width, context, parsed).items():
                name = name.lower().rstrip(".")
                names[month].update(prefix + name for prefix in glued)
    return names


def build() -> dict[str, list[str]]:
    """Month number (as a string) -> the names of every locale, sorted."""
    table: dict[int, set[str]] = {month: set() for month in range(1, 13)}
    for locale in LOCALES:
        for month, names in month_names(locale).items():
            table[month] |= names
    return {str(month): sorted(names) for month, names in table.items()}


def main() -> None:
    from babel import __version__

    months = build()
    data = {
        "source": f"CLDR through Babel {__version__}: python -m tweetx.embeds.months_cldr",
        "locales": LOCALES,
        "months": months,
    }
    MONTHS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {sum(len(names) for names in months.values())} month names to {MONTHS_FILE}")


if __name__ == "__main__":
    main()
