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

# What statistics.compute reads: places, visits, interviews' profiles, recommendations and
# their follow-ups; the annual report adds findings and reports, and the interviews'
# identities for the disclosure check.
STATS_SQL = (
    "SELECT id, kind, province FROM places",
    "SELECT id, place_id, start_date, kind, announced FROM visits",
    "SELECT visit_id, kind, sex, age_range, vulnerable_groups, allegations, referral_needed FROM interviews",
    "SELECT id, visit_id, authority, priority, area, status FROM recommendations",
    "SELECT recommendation_id, date, status FROM follow_ups",
)
ANNUAL_SQL = STATS_SQL + (
    "SELECT id, visit_id, state FROM reports",
    "SELECT id, visit_id, area, title, text FROM findings",
    "SELECT visit_id, code, consent_report, consent_identify, real_identity FROM interviews",
)


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
        for sql in queries:
            session.case.conn.execute(sql).fetchall()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    session = open_case(args.case, os.environ.get("NPMDESK_PASSPHRASE", BENCH_PASSPHRASE))
    period = statistics.Period.year(args.year)
    try:
        bare(session, ANNUAL_SQL)  # warm the page cache for both sides alike
        sql_stats = timed(lambda: bare(session, STATS_SQL), args.rounds)
        service = timed(lambda: stats_tables.tables(statistics.compute(session, period)), args.rounds)
        sql_annual = timed(lambda: bare(session, ANNUAL_SQL), args.rounds)
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
