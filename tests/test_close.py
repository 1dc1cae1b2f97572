"""Closing leaves one self-contained file: no WAL or shared-memory file with content."""

from pathlib import Path

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.storage.casefile import SIDECARS


def test_close_leaves_one_self_contained_file(session, case_path, passphrase, tmp_path):
    for i in range(50):
        records.save(session, model.Place(name=f"Lugar {i}", description="d" * 2000))
    assert Path(str(case_path) + "-wal").stat().st_size > 0
    session.close()
    leftovers = [s for s in SIDECARS if Path(str(case_path) + s).exists()]
    assert leftovers == []

    alone = tmp_path / "solo" / "copia.npmcase"
    alone.parent.mkdir()
    alone.write_bytes(case_path.read_bytes())
    copy = open_case(alone, passphrase)
    try:
        assert len(records.select(copy, model.Place)) == 50
        assert copy.case.integrity_problems() == []
    finally:
        copy.close()
    assert [s for s in SIDECARS if Path(str(alone) + s).exists()] == []
