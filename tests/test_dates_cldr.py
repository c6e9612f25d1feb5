"""Signature dates in every locale Twitter's embed code offers, checked against CLDR itself
(Babel), not against spellings listed by hand: each month of each locale, as the locale's long
and medium date patterns write it and as each of its month names (wide and abbreviated, format
and stand-alone) reads in a day-month-year date."""

from __future__ import annotations

from datetime import date

import pytest

from tweetx.embeds import months_cldr
from tweetx.embeds.dates import parse_date

babel_dates = pytest.importorskip("babel.dates")


@pytest.mark.parametrize("locale", months_cldr.LOCALES)
def test_every_month_as_the_locale_writes_its_dates(locale):
    for month in range(1, 13):
        day = date(2021, month, 7 if month != 2 else 28)
        for length in ("long", "medium"):
            written = babel_dates.format_date(day, length, locale=locale)
            if not any(c.isalpha() for c in written.replace("\u200f", "")):
                continue
            assert parse_date(written) == day.isoformat(), (length, written)


@pytest.mark.parametrize("locale", months_cldr.LOCALES)
def test_every_month_name_of_the_locale(locale):
    from babel import Locale

    parsed = Locale.parse(locale)
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for month, name in babel_dates.get_month_names(width, context, parsed).items():
                written = f"7 {name} 2021"
                assert parse_date(written) == date(2021, month, 7).isoformat(), written


def test_older_cldr_and_keyboard_spellings_fold_to_the_same_month():
    # CLDR's Persian July had a hamza above its heh (ژوئیهٔ) before it was ژوئیه; Arabic yeh and
    # kaf, Persian or Arabic-Indic digits, a mark ending the name change nothing
    for written in ("۷ ژوئیهٔ ۲۰۲۱", "7 ژوئيه 2021", "٧ يوليوً ٢٠٢١", "۷ اکتبر ۲۰۲۱"):
        assert parse_date(written) is not None, written
    assert parse_date("۷ ژوئیهٔ ۲۰۲۱") == "2021-07-07"


def test_the_shipped_table_is_what_babel_gives():
    import json

    shipped = json.loads(months_cldr.MONTHS_FILE.read_text("utf-8"))
    assert shipped["locales"] == months_cldr.LOCALES
    assert shipped["months"] == months_cldr.build()
