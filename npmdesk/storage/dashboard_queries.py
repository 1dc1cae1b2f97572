"""The dashboard's lists read with one query each: a ten-year case file has 45,000 sections
and 20,000 recommendations, and loading them as records took about 3 s (measured)."""


def sections_to_write(conn, member_id: str) -> list[tuple[str, str, str, str]]:
    """(id, title, report id, state) of the member's sections in borrador or con observaciones."""
    return conn.execute(
        "SELECT s.id, s.title, s.report_id, s.state FROM sections s "
        "JOIN section_authors a ON a.section_id = s.id "
        "WHERE a.target_id = ? AND s.state IN ('borrador', 'con_observaciones') "
        "ORDER BY s.position, s.id", (member_id,)).fetchall()


def overdue_recommendations(conn, today: str) -> list[tuple[str, str, str, str]]:
    """(id, text, deadline, place name) of recommendations past their deadline and not fulfilled."""
    return conn.execute(
        "SELECT r.id, r.text, r.deadline, COALESCE(p.name, '') FROM recommendations r "
        "LEFT JOIN visits v ON v.id = r.visit_id LEFT JOIN places p ON p.id = v.place_id "
        "WHERE r.deadline != '' AND r.deadline < ? AND r.status != 'cumplida' "
        "ORDER BY r.deadline, r.id", (today,)).fetchall()


def recommendations_due(conn, until: str) -> list[tuple[str, str, str, str]]:
    """(id, text, deadline, place name) of recommendations still open whose deadline falls on or
    before `until` (past ones included): not yet judged fulfilled, unfulfilled or
    reiterated (those decisions close the deadline)."""
    return conn.execute(
        "SELECT r.id, r.text, r.deadline, COALESCE(p.name, '') FROM recommendations r "
        "LEFT JOIN visits v ON v.id = r.visit_id LEFT JOIN places p ON p.id = COALESCE(r.place_id, v.place_id) "
        "WHERE r.deadline != '' AND r.deadline <= ? "
        "AND r.status IN ('pendiente', 'en_proceso', 'parcialmente_cumplida') "
        "ORDER BY r.deadline, r.id", (until,)).fetchall()
