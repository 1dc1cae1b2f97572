"""Holds a case file open for writing in its own process, as a second window would.

Usage: python tests/lock_holder.py CASE PASSPHRASE [PLACE_NAME]
Opens the case file (taking its writer lock), saves a place named PLACE_NAME if given,
prints "ready", then waits for a line on stdin (or a kill) before closing.
"""

import sys

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case


def main() -> None:
    session = open_case(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        records.save(session, model.Place(name=sys.argv[3]))
    print("ready", flush=True)
    sys.stdin.readline()
    session.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
