"""Signature dates in every locale an embed or a publisher writes them, as ISO 8601.

Twitter's embed code writes the date in the embed's language (``data-lang``), and publishers
localise it further: ``July 7, 2021``, ``7 juillet 2021``, ``7. Juli 2021``, ``7 de julio de 2021``,
``7 июля 2021 г.``, ``٧ يوليو ٢٠٢١``, ``7 تموز 2021`` (Levantine months), ``۷ ژوئیه ۲۰۲۱``,
``۱۶ تیر ۱۴۰۰`` (Solar Hijri, Iranian month names), ``۱۶ سرطان ۱۴۰۰`` (Solar Hijri, Afghan month
names), ``27 ذو القعدة 1442 هـ`` (Hijri, Umm al-Qura), ``2021-07-07``; Western, Persian and
Arabic-Indic digits; day or month first.

One month table serves every spelling: its names are written folded (:func:`fold` unifies
Arabic letter variants and digits) and matched through classes of the letters that fold alike.
Calendars are converted with jdatetime (Solar Hijri) and hijridate (Umm al-Qura Hijri), imported
only when such a date is met.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple, Optional

# One character for one: digits to ASCII, Arabic letter variants to one form (Persian and Urdu
# keheh and yeh, hamza carriers, teh marbuta, Pashto letters that spell the same months).
_FOLD = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹أإآٱىیېۍئکةۀہھګ",
    "01234567890123456789اااايييييكههههگ",
)


def fold(text: str) -> str:
    """The text with digits and Arabic letter variants unified, of the same length.

    Example:
        >>> fold("۱۶ تیر ۱۴۰۰"), fold("أكتوبر")
        ('16 تير 1400', 'اكتوبر')
    """
    return text.translate(_FOLD)


GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar"
HIJRI = "hijri"

# Gregorian month names: CLDR's, for every language Twitter's embed code offers and the region's
# (months.json, written by months_cldr.py from Babel), and these, which publishers and keyboards
# write and CLDR does not: names typed without their accents, Afghan, Urdu and Pashto spellings,
# Arabic-Indic forms of Levantine and Maghreb names; "_" is a space.
_PUBLISHER_MONTHS = [
    "janv fevr janvier jänner januari jan ocak января январь كانون_الثاني جانفي جنوری جنوري",
    "fevrier fevr fevereiro subat февраль فيفري فبروری فروری فبروري",
    "marco maerz mart март آذار مارچ",
    "aprili nisan апрель ابريل إبريل افريل أفريل اپریل اپرېل",
    "mayis май ماي مئی مې",
    "июнь يونية جوان جون",
    "июль يولية جويلية ژوییه جولای جولائی",
    "aout agustos اغسطس أوت اوت اگست اګست",
    "eylul سپتمبر ستمبر",
    "okt اكتوبر اکتوبر",
    "kasim نومبر",
    "decembre aralik desember دسمبر",
]
_SOLAR_MONTHS = [  # Iranian; Afghan (Dari); Pashto
    "فروردین حمل وری",
    "اردیبهشت ثور غویی",
    "خرداد جوزا غبرگولی",
    "تیر سرطان چنگاښ",
    "مرداد امرداد اسد زمری",
    "شهریور سنبله وږی",
    "مهر میزان تله",
    "آبان عقرب لړم",
    "آذر قوس لیندۍ",
    "دی جدی مرغومی",
    "بهمن دلو سلواغه",
    "اسفند حوت کب",
]
_HIJRI_MONTHS = [
    "محرم",
    "صفر",
    "ربيع_الأول ربيع_الاول ربيع_أول ربيع_1",
    "ربيع_الآخر ربيع_الثاني ربيع_الاخر ربيع_2",
    "جمادى_الأولى جمادى_الاولى جمادي_الأولى جمادى_1",
    "جمادى_الآخرة جمادى_الثانية جمادي_الآخرة جمادى_2",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو_القعدة ذي_القعدة",
    "ذو_الحجة ذي_الحجة",
]
# Years a tweet can carry, per calendar (Twitter began in 2006 = 1385 SH = 1427 AH).
_YEARS = {GREGORIAN: (2006, 2099), SOLAR_HIJRI: (1385, 1478), HIJRI: (1427, 1521)}


def _table() -> dict:
    with open(os.path.join(os.path.dirname(__file__), "months.json"), encoding="utf-8") as handle:
        cldr = json.load(handle)["months"]
    gregorian = [
        " ".join([names, *(n.replace(" ", "_") for n in cldr[str(number)])])
        for number, names in enumerate(_PUBLISHER_MONTHS, start=1)
    ]
    months = {}
    for calendar, table in (
        (GREGORIAN, gregorian),
        (SOLAR_HIJRI, _SOLAR_MONTHS),
        (HIJRI, _HIJRI_MONTHS),
    ):
        for number, names in enumerate(table, start=1):
            for name in names.split():
                months[_key(name.replace("_", " "))] = (calendar, number)
    return months


# Arabic vowel marks and the hamza above: optional in writing, and CLDR's releases differ on them
# (Persian July was ژوئیهٔ, with a hamza above its heh, before it was ژوئیه).
_MARKS = "\u064b-\u065f\u0670"
_MARK = re.compile(f"[{_MARKS}]")


def _key(name: str) -> str:
    """How a month name is looked up: folded, lower-cased, without marks, one space apart."""
    return " ".join(_MARK.sub("", fold(name)).lower().split())


def _spellings(folded: str) -> list[str]:
    """A pattern for every way of writing a folded name, a piece per letter: the class of the
    letters that fold to it (so the text itself never has to be folded)."""
    out = []
    for char in folded:
        variants = _VARIANTS.get(char)
        piece = (
            r"\s+"
            if char == " "
            else "[" + "".join(sorted(variants)) + "]"
            if variants
            else re.escape(char)
        )
        out.append(piece)
    if folded and "\u0600" <= folded[-1] <= "\u06ff":
        out.append(f"[{_MARKS}]*")  # the marks that end a name (ژوئیهٔ); within one, rare
    return out


def _trie(names: list[list[str]]) -> str:
    """One pattern for many names, their common beginnings written once ("jan(?:uary|vier)?"):
    re tries an alternation's branches one by one, so a flat list of three hundred month names
    was most of the time spent on a date. Longer names are tried first, as in a flat list
    sorted by length."""
    root: dict = {}
    for pieces in names:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        branches = [piece + pattern(child) for piece, child in node.items() if piece]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


_VARIANTS: dict = {}
for _source, _target in _FOLD.items():
    _VARIANTS.setdefault(chr(_target), {chr(_target)}).add(chr(_source))
_MONTHS = _table()
_MONTH = _trie([_spellings(m) for m in _MONTHS])
# Only languages written left to right put the year first (ja, zh, ko, hu).
_MONTH_AFTER_YEAR = _trie(
    [_spellings(m) for m in _MONTHS if not any("\u0590" <= c <= "\u06ff" for c in m)]
)
# \d is any decimal digit, Persian and Arabic-Indic too; int() reads them all.
_D = r"(?P<{}>\d?\d)(?:er|º|°|\.)?"
_Y = r"(?P<{}>\d{{4}})"
# What may follow a year: "г." (Russian), "م" / "هـ" (Gregorian / Hijri in Arabic), "ه.ش" / "ش"
# (Solar Hijri in Persian), "AH".
_ERA = r"(?:\s*(?:г\.?|م\b|هـ|ه\s?ـ|ه\.?\s?ش\.?|ش\b|AH\b))?"
#: A signature date: day-first, month-first, year-first or ISO, in any digits and spelling.
# The month names are written once, the day before or after them (a conditional on the day):
# the names are most of the pattern, and a smaller pattern is a faster one.
DATE = re.compile(
    r"(?<!\d)(?:"  # a letter may precede: get_text() glues "…الظهيرة20 de septiembre de 2022"
    + r"(?:"
    + _D.format("day")
    + r"\s*(?:de\s+)?)?(?P<month>"
    + _MONTH
    + r")"
    + r"(?(day)\.?[,،]?\s*(?:del?\s+|ค\.ศ\.\s*)?"  # 7 de julio de 2021, del 2021 (ca), ค.ศ. (th)
    + _Y.format("year")
    + r"|\.?\s+"
    + _D.format("day2")
    + r"\s*[,،]?\s*"
    + _Y.format("year2")
    + ")"
    # Year first: 2021年7月7日 (ja, zh), 2021년 7월 7일 (ko), 2021. július 7. (hu)
    + r"|"
    + _Y.format("fy")
    + r"\s*(?:年|년|\.)?\s*(?P<fmonth>"
    + _MONTH_AFTER_YEAR
    + r")\.?\s*"
    + _D.format("fd")
    + r"\s*(?:日|일)?"
    + r"|(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?!\d)"
    + r")(?!\d)"
    + _ERA,
    re.I,
)


# Every date form has a four-digit year: finding those first spares running DATE, a long
# alternation of month names, at every position of a text.
_YEAR = re.compile(r"\d(?<!\d\d)\d{3}(?!\d)")
_BEFORE_YEAR = 48  # "27 ذو القعدة 1442": the longest day, month and separators before a year
_AFTER_YEAR = 24  # "-07-07" of ISO dates, era marks, a year-first date's ". szeptember 30."


def find_dates(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[re.Match]:
    """The :data:`DATE` matches in ``text[start:end]``, in order, without overlaps (same as
    ``DATE.finditer``, found from the years out)."""
    end = len(text) if end is None else end
    last = start
    for year in _YEAR.finditer(text, start, end):
        if year.end() <= last:
            continue
        match = DATE.search(
            text, max(last, year.start() - _BEFORE_YEAR), min(end, year.end() + _AFTER_YEAR)
        )
        if match and match.start() <= year.start() and match.end() >= year.end():
            last = match.end()
            yield match


class SignatureDate(NamedTuple):
    iso: str
    calendar: str


@functools.lru_cache(maxsize=1024)
def _month(name: str) -> tuple[str, int]:
    """(calendar, month number) of a month name as written."""
    return _MONTHS[_key(name)]


def to_iso(match: re.Match) -> Optional[SignatureDate]:
    """The Gregorian ISO date a :data:`DATE` match stands for, or None when it is no real date."""
    groups = match.group("iy", "im", "id", "month", "day", "year", "day2", "year2")
    if match.group("fy"):  # year first
        groups = (None, None, None, match.group("fmonth"), match.group("fd"), match.group("fy"))
        groups += (None, None)
    return _to_iso(groups)


@functools.lru_cache(maxsize=4096)  # a crawl's signatures share few dates
def _to_iso(groups: tuple) -> Optional[SignatureDate]:
    iso_year, iso_month, iso_day, month, day, year, day2, year2 = groups
    if iso_year:
        year, month, day, calendar = int(iso_year), int(iso_month), int(iso_day), GREGORIAN
    else:
        if day is None:  # month first
            day, year = day2, year2
        calendar, month = _month(month)
        day, year = int(day), int(year)
    low, high = _YEARS[calendar]
    if not low <= year <= high:
        return None
    try:
        if calendar == SOLAR_HIJRI:
            import jdatetime

            gregorian = jdatetime.date(year, month, day).togregorian()
        elif calendar == HIJRI:
            from hijridate import Hijri

            gregorian = Hijri(year, month, day).to_gregorian()
        else:
            gregorian = date(year, month, day)
    except (ValueError, OverflowError):  # "February 30", "31 Esfand"
        return None
    return SignatureDate(date(gregorian.year, gregorian.month, gregorian.day).isoformat(), calendar)


def parse_date(text: str) -> Optional[str]:
    """ISO 8601 date of the first signature date in ``text``, in any locale or calendar, or None.

    Example:
        >>> parse_date("July 7, 2021"), parse_date("1 de octubre de 2021"), parse_date("٧ يوليو ٢٠٢١")
        ('2021-07-07', '2021-10-01', '2021-07-07')
        >>> parse_date("۱۶ تیر ۱۴۰۰"), parse_date("27 ذو القعدة 1442 هـ"), parse_date("7 июля 2021 г.")
        ('2021-07-07', '2021-07-07', '2021-07-07')
    """
    for match in find_dates(text or ""):
        found = to_iso(match)
        if found:
            return found.iso
    return None


# Tweet ids since November 2010 are snowflakes: milliseconds since this epoch, shifted by 22.
_SNOWFLAKE_EPOCH_MS = 1288834974657
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FIRST_SNOWFLAKE = 29700859247  # ids below this predate snowflakes and encode no time


def date_from_id(tweet_id: Optional[str]) -> Optional[str]:
    """The UTC posting date a snowflake tweet id encodes, or None for older ids.

    Example:
        >>> date_from_id("1412743195653169728")
        '2021-07-07'
    """
    day = _id_day(tweet_id)
    return day.isoformat() if day else None


def _id_day(tweet_id: Optional[str]) -> Optional[date]:
    if not tweet_id or int(tweet_id) < _FIRST_SNOWFLAKE:
        return None
    return (_EPOCH + timedelta(milliseconds=(int(tweet_id) >> 22) + _SNOWFLAKE_EPOCH_MS)).date()


def date_check(tweet_id: Optional[str], signature_date: Optional[str]) -> Optional[dict]:
    """A note when the signature's date and the id's date are more than a day apart (time zones
    move a date by one at most); None when they agree or cannot be compared. Never "fixed"."""
    encoded = _id_day(tweet_id) if signature_date else None
    return dates_apart(encoded.isoformat(), signature_date) if encoded else None


def dates_apart(id_date: Optional[str], signature_date: Optional[str]) -> Optional[dict]:
    """:func:`date_check` for any post whose id encodes a date (ISO dates both)."""
    if not id_date or not signature_date:
        return None
    gap = abs((date.fromisoformat(id_date) - date.fromisoformat(signature_date)).days)
    if gap <= 1:
        return None
    return {"id_date": id_date, "signature_date": signature_date, "days_apart": gap}
