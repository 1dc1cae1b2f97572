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
    """'del 3 al 5 de noviembre de 2026' style, or one date when the visit lasted one day."""
    if not end or end == start:
        return long_date(start)
    try:
        a, b = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    except (TypeError, ValueError):
        return f"{start} – {end}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def number(value) -> str:
    return format_decimal(value, locale=LOCALE)
