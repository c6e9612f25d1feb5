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

# Month names, one line per month, in the languages embeds and publishers write; "_" is a space.
_GREGORIAN_MONTHS = [
    # en; fr; es; pt; it; de; nl/id; tr; ru (genitive and nominative); ar (Egypt/Gulf; Levant;
    # Maghreb); fa; fa (Afghan) / ur / ps
    "january jan janvier janv enero ene janeiro gennaio gen januar jänner januari ocak января январь "
    "يناير كانون_الثاني جانفي ژانویه جنوری جنوري",
    "february feb février fevrier févr fevr febrero feb fevereiro fev febbraio februar februari "
    "şubat subat февраля февраль فبراير شباط فيفري فوریه فبروری فروری فبروري",
    "march mar mars marzo março marco märz maerz maart mart марта март مارس آذار مارچ",
    "april apr avril avr abril abr aprile aprili nisan апреля апрель أبريل ابريل إبريل نيسان "
    "أفريل افريل آوریل اپریل اپرېل",
    "may mai mayo maio maggio mei mayıs mayis мая май مايو أيار ماي مه می مئی مې",
    "june jun juin junio jun junho giugno juni haziran июня июнь يونيو يونية حزيران جوان ژوئن جون",
    "july jul juillet juil julio julho luglio juli temmuz июля июль يوليو يولية تموز جويلية "
    "ژوئیه ژوییه جولای جولائی",
    "august aug août aout agosto ago augustus ağustos agustos августа август أغسطس اغسطس آب "
    "أوت اوت اگست اګست",
    "september sep sept septembre septiembre setembro settembre eylül eylul сентября сентябрь "
    "سبتمبر أيلول سپتامبر سپتمبر ستمبر",
    "october oct octobre octubre outubro ottobre oktober okt ekim октября октябрь أكتوبر اكتوبر "
    "تشرين_الأول اکتبر اکتوبر",
    "november nov novembre noviembre novembro kasım kasim ноября ноябрь نوفمبر تشرين_الثاني "
    "نوامبر نومبر",
    "december dec décembre decembre déc diciembre dic dezembro dez dicembre dezember desember "
    "aralık aralik декабря декабрь ديسمبر كانون_الأول دسامبر دسمبر",
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
    months = {}
    for calendar, table in (
        (GREGORIAN, _GREGORIAN_MONTHS),
        (SOLAR_HIJRI, _SOLAR_MONTHS),
        (HIJRI, _HIJRI_MONTHS),
    ):
        for number, names in enumerate(table, start=1):
            for name in names.split():
                months[fold(name.replace("_", " ")).lower()] = (calendar, number)
    return months


def _spellings(folded: str) -> list[str]:
    """A pattern for every way of writing a folded name, a piece per letter: the class of the
    letters that fold to it (so the text itself never has to be folded)."""
    out = []
    for char in folded:
        variants = _VARIANTS.get(char)
        out.append(
            r"\s+"
            if char == " "
            else "[" + "".join(sorted(variants)) + "]"
            if variants
            else re.escape(char)
        )
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
# \d is any decimal digit, Persian and Arabic-Indic too; int() reads them all.
_D = r"(?P<{}>\d?\d)(?:er|º|°|\.)?"
_Y = r"(?P<{}>\d{{4}})"
# What may follow a year: "г." (Russian), "م" / "هـ" (Gregorian / Hijri in Arabic), "ه.ش" / "ش"
# (Solar Hijri in Persian), "AH".
_ERA = r"(?:\s*(?:г\.?|م\b|هـ|ه\s?ـ|ه\.?\s?ش\.?|ش\b|AH\b))?"
#: A signature date: day-first, month-first or ISO, in any digits and spelling.
# The month names are written once, the day before or after them (a conditional on the day):
# the names are most of the pattern, and a smaller pattern is a faster one.
DATE = re.compile(
    r"(?<!\d)(?:"  # a letter may precede: get_text() glues "…الظهيرة20 de septiembre de 2022"
    + r"(?:"
    + _D.format("day")
    + r"\s*(?:de\s+)?)?(?P<month>"
    + _MONTH
    + r")"
    + r"(?(day)\.?[,،]?\s*(?:de\s+)?"
    + _Y.format("year")
    + r"|\.?\s+"
    + _D.format("day2")
    + r"\s*[,،]?\s*"
    + _Y.format("year2")
    + ")"
    + r"|(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?!\d)"
    + r")(?!\d)"
    + _ERA,
    re.I,
)


# Every date form has a four-digit year: finding those first spares running DATE, a long
# alternation of month names, at every position of a text.
_YEAR = re.compile(r"\d(?<!\d\d)\d{3}(?!\d)")
_BEFORE_YEAR = 48  # "27 ذو القعدة 1442": the longest day, month and separators before a year
_AFTER_YEAR = 16  # "-07-07" of ISO dates, era marks after the year


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
    return _MONTHS[" ".join(fold(name).lower().split())]


def to_iso(match: re.Match) -> Optional[SignatureDate]:
    """The Gregorian ISO date a :data:`DATE` match stands for, or None when it is no real date."""
    return _to_iso(match.group("iy", "im", "id", "month", "day", "year", "day2", "year2"))


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
    encoded = _id_day(tweet_id)
    if not encoded or not signature_date:
        return None
    gap = abs((encoded - date.fromisoformat(signature_date)).days)
    if gap <= 1:
        return None
    return {"id_date": encoded.isoformat(), "signature_date": signature_date, "days_apart": gap}
