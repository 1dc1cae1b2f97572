"""Dates and numbers the way Panama writes them (babel, locale es_PA): 1,310 people, not the
Spanish 1.310; "31 de diciembre de 2025"."""

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "es_PA"


def long_date(iso: str) -> str:
    """'2026-11-28' → '28 de noviembre de 2026'; an unreadable value is returned as it is."""
    try:
        return format_date(date.fromisoformat(iso[:10]), format="long", locale=LOCALE)
    except (TypeError, ValueError):
        return iso


def date_range(start: str, end: str) -> str:
    """The dates of a visit as Panama's reports write them in running text, so the cover, the
    data block, the letters and the text the team writes agree: «12 de mayo de 2025», «20 y 21
    de octubre de 2026» (two days), «del 3 al 5 de noviembre de 2026», «del 30 de septiembre al
    2 de octubre de 2026», «del 30 de diciembre de 2025 al 2 de enero de 2026». Unreadable
    values are returned as they are. (The words are Spanish whatever the interface's language:
    these are the report's.)"""
    if not end or end[:10] == start[:10]:
        return long_date(start)
    try:
        a, b = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    except (TypeError, ValueError):
        return f"{start} – {end}"
    if b < a:
        a, b = b, a
    same_year = a.year == b.year
    first = (str(a.day) if (a.month, a.year) == (b.month, b.year) else
             _day_month(a) if same_year else long_date(a.isoformat()))
    if (b - a).days == 1:
        return f"{first} y {long_date(b.isoformat())}"
    return f"del {first} al {long_date(b.isoformat())}"


def visit_when(start: str, end: str) -> str:
    """`date_range` as an adverbial phrase, for a sentence or a heading («Visita realizada …»):
    «el 12 de mayo de 2025», «los días 20 y 21 de octubre de 2026», «del 3 al 5 de noviembre
    de 2026»."""
    dates = date_range(start, end)
    if dates.startswith("del ") or dates == start or " – " in dates:
        return dates
    return ("el " if not end or end[:10] == start[:10] else "los días ") + dates


def _day_month(day: date) -> str:
    return format_date(day, format="d 'de' MMMM", locale=LOCALE)


def number(value) -> str:
    return format_decimal(value, locale=LOCALE)
