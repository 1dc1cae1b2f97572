"""Writer process for the crash tests: commits transactions through the services forever.

Usage: python tests/crash_writer.py CASE PASSPHRASE START
Each transaction adds a visit, an interview and a finding linking it; after each commit
the counter is printed and flushed, so the parent knows what was committed.
"""

import sys

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case


def main() -> None:
    case, passphrase, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
    session = open_case(case, passphrase)
    place = records.select(session, model.Place)[0]
    print("ready", flush=True)
    n = start
    while True:
        with session.case.transaction():
            visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-01-01",
                                                      objectives=f"txn {n} " + "x" * 1500))
            interview = records.add_interview(session, model.Interview(visit_id=visit.id,
                                                                       notes=f"txn {n}"))
            records.save(session, model.Finding(visit_id=visit.id, area="trato",
                                                title=f"txn {n}", interview_ids=[interview.id]))
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main()
