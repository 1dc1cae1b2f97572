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


def recommendations(conn, end: str) -> list[tuple[str, str, str, str, str, str, str]]:
    """(id, issue date, authority, priority, area, status field) of this MNPT's own
    recommendations issued on or before `end` (another body's, e.g. the SPT's, are tracked
    beside them but are not this mechanism's figures). The issue date is `issued_on`, or the
    visit's first day."""
    return conn.execute(
        "SELECT id, issued, authority, priority, area, status FROM ("
        " SELECT r.id, substr(COALESCE(NULLIF(r.issued_on, ''), v.start_date, ''), 1, 10) AS issued,"
        " r.authority, r.priority, r.area, r.status FROM recommendations r"
        " LEFT JOIN visits v ON v.id = r.visit_id WHERE r.source = 'mnpt')"
        " WHERE issued != '' AND issued <= ?", (end,)).fetchall()


def status_history(conn) -> dict[str, list[tuple[str, str]]]:
    """{recommendation id: [(date, status)] in the order they took effect}: each
    recommendation's status history (domain/tracking.ordered: date, then when written)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for rec_id, day, status in conn.execute(
            "SELECT recommendation_id, date, status FROM status_changes "
            "ORDER BY recommendation_id, date, recorded_at, id"):
        found.setdefault(rec_id, []).append((day, status))
    return found


def response_times(conn, start: str, end: str) -> list[tuple[str, str, str]]:
    """(authority, response date, issue date of the recommendation it answers) for each
    recommendation answered by a response dated in [start, end]."""
    return conn.execute(
        "SELECT a.authority, substr(a.date, 1, 10),"
        " substr(COALESCE(NULLIF(r.issued_on, ''), v.start_date, ''), 1, 10)"
        " FROM authority_responses a JOIN response_recommendations rr ON rr.response_id = a.id"
        " JOIN recommendations r ON r.id = rr.target_id LEFT JOIN visits v ON v.id = r.visit_id"
        " WHERE substr(a.date, 1, 10) BETWEEN ? AND ?", (start, end)).fetchall()


def approved_findings(conn, start: str, end: str, states: tuple[str, ...]) -> list[tuple[str, str, str, str, str, str, str]]:
    """(area, title, text, place name, visit's first and last day, finding id) of the findings of
    visits begun in [start, end] that have a report in one of `states`, by visit date."""
    marks = ", ".join("?" * len(states))
    return conn.execute(
        "SELECT f.area, f.title, f.text, COALESCE(p.name, ''), substr(v.start_date, 1, 10), "
        "substr(COALESCE(v.end_date, ''), 1, 10), f.id "
        "FROM findings f JOIN visits v ON v.id = f.visit_id LEFT JOIN places p ON p.id = v.place_id "
        "WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ? "
        f"AND EXISTS (SELECT 1 FROM reports r WHERE r.visit_id = v.id AND r.state IN ({marks})) "
        "ORDER BY v.start_date, v.id, f.rowid", (start, end, *states)).fetchall()
