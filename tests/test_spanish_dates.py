"""One rule for the dates of a visit (export/spanish.py), as the report's own text writes them."""

import pytest

from npmdesk.export import spanish


@pytest.mark.parametrize("start, end, expected", [
    ("2025-05-12", "", "12 de mayo de 2025"),
    ("2025-05-12", "2025-05-12", "12 de mayo de 2025"),
    ("2026-10-20", "2026-10-21", "20 y 21 de octubre de 2026"),
    ("2026-11-03", "2026-11-05", "del 3 al 5 de noviembre de 2026"),
    ("2026-09-30", "2026-10-01", "30 de septiembre y 1 de octubre de 2026"),
    ("2026-09-30", "2026-10-02", "del 30 de septiembre al 2 de octubre de 2026"),
    ("2025-12-31", "2026-01-01", "31 de diciembre de 2025 y 1 de enero de 2026"),
    ("2025-12-30", "2026-01-02", "del 30 de diciembre de 2025 al 2 de enero de 2026"),
    ("2026-11-05", "2026-11-03", "del 3 al 5 de noviembre de 2026"),  # swapped by mistake: still read right
    ("2026-11-03T08:00:00", "2026-11-04T17:00:00", "3 y 4 de noviembre de 2026"),
])
def test_a_visit_s_dates_read_as_running_text(start, end, expected):
    assert spanish.date_range(start, end) == expected


@pytest.mark.parametrize("start, end, expected", [
    ("2025-05-12", "", "el 12 de mayo de 2025"),
    ("2026-10-20", "2026-10-21", "los días 20 y 21 de octubre de 2026"),
    ("2026-11-03", "2026-11-05", "del 3 al 5 de noviembre de 2026"),
])
def test_in_a_sentence_the_dates_bring_their_own_article(start, end, expected):
    assert spanish.visit_when(start, end) == expected


def test_unreadable_dates_are_shown_as_they_are():
    assert spanish.date_range("pronto", "luego") == "pronto – luego"
    assert spanish.visit_when("pronto", "") == "pronto"
