"""SQLCipher's `cipher_memory_security` (wipe every allocation the library frees): what it costs,
as ratios against the same work without it, measured in the same run.

Run: python bench/memory_security.py   (figures and the decision: bench/README.md)
"""

import os
import secrets
import statistics
import tempfile
import time

import sqlcipher3

FOLDER = tempfile.mkdtemp(prefix="npmdesk-bench-")
BODY = "Texto de una sección del informe " * 40
ROWS = 20000


def run(wipe: bool) -> dict[str, float]:
    path = os.path.join(FOLDER, f"memoria-{int(wipe)}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    conn = sqlcipher3.connect(path, isolation_level=None)
    conn.set_key(bytearray(b"x'" + secrets.token_hex(32).encode() + b"'"))
    if wipe:
        conn.execute("PRAGMA cipher_memory_security = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE s(id INTEGER PRIMARY KEY, body TEXT)")
    times = {}
    start = time.perf_counter()
    conn.execute("BEGIN")
    for _ in range(ROWS):
        conn.execute("INSERT INTO s(body) VALUES (?)", (BODY,))
    conn.execute("COMMIT")
    times["insert 20,000 rows"] = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        conn.execute("SELECT count(*), sum(length(body)) FROM s").fetchone()
    times["5 full scans"] = time.perf_counter() - start
    start = time.perf_counter()
    for row in range(1, ROWS, 7):
        conn.execute("SELECT body FROM s WHERE id = ?", (row,)).fetchone()
    times["2,858 lookups"] = time.perf_counter() - start
    start = time.perf_counter()
    for row in range(200):
        conn.execute("UPDATE s SET body = ? WHERE id = ?", (BODY + str(row), row + 1))
    times["200 commits (an edit each)"] = time.perf_counter() - start
    conn.close()
    return times


def main() -> None:
    runs = {False: [], True: []}
    for _ in range(3):
        for wipe in (False, True):
            runs[wipe].append(run(wipe))
    for name in runs[False][0]:
        off = statistics.median(r[name] for r in runs[False])
        on = statistics.median(r[name] for r in runs[True])
        print(f"{name}: off {off:.3f} s, on {on:.3f} s, ratio {on / off:.2f}")


if __name__ == "__main__":
    main()
