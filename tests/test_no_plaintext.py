"""No byte of case content reaches the disk in plaintext, while open and after close."""

import os
from pathlib import Path

from npmdesk import paths
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.storage.casefile import SIDECARS, SQLITE_MAGIC

from robust_helpers import (byte_entropy, deleted_open_files_containing, files_containing,
                            fill_every_entity, longest_printable_run)

MARKER = "ZQXJ-marcador-7731-Ñandú"


def _needles():
    text = MARKER
    return [text.encode("utf-8"), text.encode("utf-16-le"), b"ZQXJ-marcador-7731"]


def _scan_everything(case_path: Path, home: Path) -> list[str]:
    roots = [Path(str(case_path) + s) for s in ("", *SIDECARS)]
    roots = [r for r in roots if r.exists()]
    roots += [Path(os.environ["TMPDIR"]), home, paths.log_file().parent]
    roots = [r for r in roots if r.exists()]
    return files_containing(_needles(), roots) + deleted_open_files_containing(_needles())


def test_marker_never_reaches_disk(session, case_path, isolated_user_dirs):
    fill_every_entity(session, MARKER)
    hits = records.find(session, "marcador")
    assert hits, "search found nothing: the marker did not go through the index"
    visit = records.select(session, model.Visit)[0]
    _bulk_notes(session, visit.id)
    # A small cache makes this sort and the temp table spill to temp files if temp_store
    # were FILE (verified by switching the pragma: the test then finds the marker).
    session.case.query("PRAGMA cache_size = -256")
    cursor = session.case.conn.execute("SELECT text FROM field_notes ORDER BY text DESC, title")
    assert cursor.fetchone()[0].startswith(MARKER)
    session.case.query("CREATE TEMP TABLE copia AS SELECT * FROM field_notes")
    assert _scan_everything(case_path, isolated_user_dirs) == []
    cursor.close()
    session.case.query("DROP TABLE temp.copia")

    session.close()
    assert _scan_everything(case_path, isolated_user_dirs) == []
    data = case_path.read_bytes()
    assert data[:16] != SQLITE_MAGIC
    assert longest_printable_run(data) < 40
    assert byte_entropy(data) > 7.99
    assert [s for s in SIDECARS if Path(str(case_path) + s).exists()] == []


def _bulk_notes(session, visit_id: str) -> None:
    """Thousands of rows written in one transaction, big enough to spill a file-based sort."""
    with session.case.transaction() as conn:
        for i in range(4000):
            conn.execute("INSERT INTO field_notes(id, visit_id, title, text, kind) VALUES (?, ?, ?, ?, ?)",
                         (f"bulk-{i}", visit_id, f"N{i}", f"{MARKER} {i:05d} " + "x" * 1500,
                          "observacion"))
