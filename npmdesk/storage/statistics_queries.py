"""The rows the statistics of a period read, one query each, only the columns they count: on a
ten-year case file loading every interview and recommendation as records took 4.8 s (measured
with bench/stats_bench.py) against 0.5 s for the rows themselves."""

import json


def visits(conn, start: str, end: str) -> list[tuple[str, str, str, str, bool]]:
    """(place id, place kind, province, visit kind, announced) of the visits begun in [start, end]."""
    return [(place, kind, province, visit_kind, bool(announced)) for place, kind, province, visit_kind, announced
            in conn.execute(
                "SELECT v.place_id, COALESCE(p.kind, 'otro'), COALESCE(p.province, ''), v.kind, v.announced "
                "FROM visits v LEFT JOIN places p ON p.id = v.place_id "
                "WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ?", (start, end))]


def interview_profiles(conn, start: str, end: str) -> list[tuple[str, str, str, list, list, bool]]:
    """(kind, sex, age range, vulnerable groups, allegations, referral needed) of the interviews
    of the visits begun in [start, end]: never a code, a note or an identity."""
    return [(kind, sex, age, json.loads(groups), json.loads(allegations), bool(referral))
            for kind, sex, age, groups, allegations, referral in conn.execute(
                "SELECT i.kind, i.sex, i.age_range, i.vulnerable_groups, i.allegations, i.referral_needed "
                "FROM interviews i JOIN visits v ON v.id = i.visit_id "
                "WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ?", (start, end))]


def recommendations(conn, end: str) -> list[tuple[str, str, str, str, str, str]]:
    """(id, issue date, authority, priority, area, status field) of the recommendations of the
    visits begun on or before `end`; the issue date is the visit's first day."""
    return conn.execute(
        "SELECT r.id, substr(v.start_date, 1, 10), r.authority, r.priority, r.area, r.status "
        "FROM recommendations r JOIN visits v ON v.id = r.visit_id "
        "WHERE substr(v.start_date, 1, 10) <= ?", (end,)).fetchall()


def status_history(conn) -> dict[str, list[tuple[str, str]]]:
    """{recommendation id: [(date, status)] oldest first}: the dated statuses of each
    recommendation (its follow-ups)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for rec_id, day, status in conn.execute(
            "SELECT recommendation_id, date, status FROM follow_ups ORDER BY recommendation_id, date, position"):
        found.setdefault(rec_id, []).append((day, status))
    return found


def approved_findings(conn, start: str, end: str, states: tuple[str, ...]) -> list[tuple[str, str, str, str, str]]:
    """(area, title, text, place name, visit date) of the findings of visits begun in [start,
    end] that have a report in one of `states`, by visit date."""
    marks = ", ".join("?" * len(states))
    return conn.execute(
        "SELECT f.area, f.title, f.text, COALESCE(p.name, ''), substr(v.start_date, 1, 10) "
        "FROM findings f JOIN visits v ON v.id = f.visit_id LEFT JOIN places p ON p.id = v.place_id "
        "WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ? "
        f"AND EXISTS (SELECT 1 FROM reports r WHERE r.visit_id = v.id AND r.state IN ({marks})) "
        "ORDER BY v.start_date, v.id, f.rowid", (start, end, *states)).fetchall()
