"""Statistics and the annual report over a synthetic case file (DESIGN.md §8), each as a ratio
against the bare SQL queries it needs (the same rows fetched on the same connection, no
dataclasses, no aggregation).

    PYTHONPATH=$PWD python -m bench.synthetic --scale 1 ten.npmcase        # once, ~5 min
    PYTHONPATH=$PWD python -m bench.stats_bench ten.npmcase --year 2025

The passphrase comes from NPMDESK_PASSPHRASE (bench.synthetic's default otherwise).
Targets (issue 16): the statistics view ≤ 1 s, the annual report ≤ 10 s.
"""

import argparse
import os
import statistics as stats_lib
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import BENCH_PASSPHRASE
from npmdesk.services.archive import annual
from npmdesk.services.session import open_case
from npmdesk.services.tracking import statistics, stats_tables

# The SQL each needs, fetched bare: the statements of storage/statistics_queries (the
# statistics' rows; the annual report's findings) and, for the annual report's disclosure
# check, every interview's code, consent and identity.
def stats_sql(year: int) -> list[tuple[str, tuple]]:
    start, end = f"{year}-01-01", f"{year}-12-31"
    return [
        ("SELECT v.place_id, COALESCE(p.kind, 'otro'), COALESCE(p.province, ''), v.kind, v.announced "
         "FROM visits v LEFT JOIN places p ON p.id = v.place_id WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ?",
         (start, end)),
        ("SELECT i.kind, i.sex, i.age_range, i.vulnerable_groups, i.allegations, i.referral_needed "
         "FROM interviews i JOIN visits v ON v.id = i.visit_id WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ?",
         (start, end)),
        ("SELECT id, issued, authority, priority, area, status FROM ("
         " SELECT r.id, substr(COALESCE(NULLIF(r.issued_on, ''), v.start_date, ''), 1, 10) AS issued,"
         " r.authority, r.priority, r.area, r.status FROM recommendations r"
         " LEFT JOIN visits v ON v.id = r.visit_id WHERE r.source = 'mnpt')"
         " WHERE issued != '' AND issued <= ?", (end,)),
        ("SELECT recommendation_id, date, status FROM status_changes "
         "ORDER BY recommendation_id, date, recorded_at, id", ()),
        ("SELECT a.authority, substr(a.date, 1, 10),"
         " substr(COALESCE(NULLIF(r.issued_on, ''), v.start_date, ''), 1, 10)"
         " FROM authority_responses a JOIN response_recommendations rr ON rr.response_id = a.id"
         " JOIN recommendations r ON r.id = rr.target_id LEFT JOIN visits v ON v.id = r.visit_id"
         " WHERE substr(a.date, 1, 10) BETWEEN ? AND ?", (start, end)),
    ]


def annual_sql(year: int) -> list[tuple[str, tuple]]:
    start, end = f"{year}-01-01", f"{year}-12-31"
    return stats_sql(year) + [
        ("SELECT f.area, f.title, f.text, COALESCE(p.name, ''), substr(v.start_date, 1, 10) "
         "FROM findings f JOIN visits v ON v.id = f.visit_id LEFT JOIN places p ON p.id = v.place_id "
         "WHERE substr(v.start_date, 1, 10) BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM reports r "
         "WHERE r.visit_id = v.id AND r.state IN ('aprobado', 'exportado')) ORDER BY v.start_date, v.id, f.rowid",
         (start, end)),
        ("SELECT id, visit_id, code, consent_report, consent_identify, real_identity FROM interviews", ()),
    ]


def timed(fn, rounds: int) -> float:
    """Median seconds of `rounds` calls."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return stats_lib.median(times)


def bare(session, queries) -> None:
    with session.case.lock:
        for sql, params in queries:
            session.case.conn.execute(sql, params).fetchall()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    session = open_case(args.case, os.environ.get("NPMDESK_PASSPHRASE", BENCH_PASSPHRASE))
    period = statistics.Period.year(args.year)
    try:
        bare(session, annual_sql(args.year))  # warm the page cache for both sides alike
        sql_stats = timed(lambda: bare(session, stats_sql(args.year)), args.rounds)
        service = timed(lambda: stats_tables.tables(statistics.compute(session, period)), args.rounds)
        sql_annual = timed(lambda: bare(session, annual_sql(args.year)), args.rounds)
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "anual.docx"
            report = timed(lambda: annual.export_annual(session, args.year, target), max(1, args.rounds // 2))
            size = target.stat().st_size
        figures = statistics.compute(session, period)
    finally:
        session.close()
    print(f"case file: {args.case} ({args.case.stat().st_size / 2**20:.0f} MiB), year {args.year}: "
          f"{figures.visits} visits, {figures.interviews} interviews, {figures.recommendations} "
          f"recommendations issued, {figures.compliance_total.total} of earlier years")
    print(f"statistics (compute + tables): {service * 1000:.0f} ms; bare SQL {sql_stats * 1000:.0f} ms; "
          f"ratio {service / sql_stats:.1f}x (target ≤ 1 s)")
    print(f"annual report (.docx, {size / 1024:.0f} KiB): {report * 1000:.0f} ms; bare SQL "
          f"{sql_annual * 1000:.0f} ms; ratio {report / sql_annual:.1f}x (target ≤ 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
