"""The recommendations view's rows read with one query: building 20,000 recommendation records
with their findings and status histories took 1.1 s of the view's 1.7 s first paint (bench/
gui_views.py), and the view shows six fields and the current status."""

# `status` is the current status, the history's last entry: every write keeps it so
# (services/records/edit.keep_history, services/tracking/history, the package merge, the dump
# import), as the dashboard's queries also rely on. Looking the last entry up per row instead
# doubled the query's time.
_SQL = """
SELECT r.id, r.text, r.authority, r.deadline, r.priority, r.source,
       COALESCE(p.id, ''), COALESCE(p.name, ''), COALESCE(v.start_date, ''), r.status
FROM recommendations r
LEFT JOIN visits v ON v.id = r.visit_id
LEFT JOIN places p ON p.id = COALESCE(r.place_id, v.place_id)
ORDER BY r.rowid
"""


def overview(conn) -> list[tuple]:
    """(id, text, authority, deadline, priority, source, place id, place name, visit date,
    current status) of every recommendation, in the order they were stored."""
    return conn.execute(_SQL).fetchall()
