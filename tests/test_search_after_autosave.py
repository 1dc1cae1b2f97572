"""A search always finds a section's latest text, though an autosave leaves indexing it for later
(storage/search.py, search_stale): at once, after the editor leaves the section, after a kill,
in a read-only session, in a file of the schema before."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from editor_support import drain, open_editor
from npmdesk.errors import DiskFull
from npmdesk.domain import model
from npmdesk.services import session as sessions
from npmdesk.services.drafting import editor
from npmdesk.services.records import edit as records
from npmdesk.storage import schema
from npmdesk.ui.common.context import AppContext
from conftest import FAST_KDF, PASSPHRASE
from small_disks import fill, small_disk  # noqa: F401

FIRST = "<p>Celdas sin ventilación en el pabellón.</p>"
LATER = "<p>Celdas con hacinamiento en el pabellón.</p>"


def _section(session) -> model.Section:
    """A section with one revision already, so the next edits replace text the revisions keep."""
    place = records.save(session, model.Place(name="Centro de Cumplimiento de Menores"))
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-03-02"))
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita"))
    section = records.save(session, model.Section(report_id=report.id, title="Condiciones"))
    editor.save_body(session, section.id, FIRST)
    return section


def _waiting(session) -> list:
    return session.case.query("SELECT entity_id FROM search_stale")


def _indexed(session, section_id: str) -> str:
    return session.case.query("SELECT body FROM search_index WHERE entity_id = ?", (section_id,))[0][0]


def _found(session, text: str) -> list[str]:
    return [hit.entity_id for hit in records.find(session, text)]


def test_a_word_autosaved_is_found_at_once_and_the_word_deleted_no_longer(session):
    section = _section(session)
    editor.save_body(session, section.id, LATER)
    assert _waiting(session) == [(section.id,)]  # the autosave did not index it
    assert _found(session, "hacinamiento") == [section.id]
    assert _found(session, "ventilacion") == []
    assert _waiting(session) == []
    assert "hacinamiento" in _indexed(session, section.id)


def test_closing_or_locking_indexes_what_was_autosaved(session, case_path):
    section = _section(session)
    editor.save_body(session, section.id, LATER)
    session.close()  # a lock closes the session too (ui/shell/app.py)
    reopened = sessions.open_case(case_path, PASSPHRASE, read_only=True)
    try:
        assert _waiting(reopened) == []
        assert "hacinamiento" in _indexed(reopened, section.id)
    finally:
        reopened.close()


def test_a_deleted_section_left_waiting_is_not_found(session):
    section = _section(session)
    editor.save_body(session, section.id, LATER)
    records.delete(session, model.Section, section.id, section.title)
    assert _found(session, "hacinamiento") == []
    assert _waiting(session) == []


def test_a_read_only_session_finds_the_text_the_writer_autosaved(session, case_path):
    section = _section(session)
    editor.save_body(session, section.id, LATER)
    reader = sessions.open_case(case_path, PASSPHRASE, read_only=True)
    try:
        assert _found(reader, "hacinamiento pabellon") == [section.id]
        assert _found(reader, "ventilacion") == []
        assert "Celdas con <hacinamiento>" in records.find(reader, "hacinamiento")[0].marked("<", ">")
        assert _waiting(reader) == [(section.id,)]  # it wrote nothing
    finally:
        reader.close()


KILLED_WRITER = """
import sys, time
from npmdesk.services.drafting import editor
from npmdesk.services.session import open_case
session = open_case(sys.argv[1], sys.argv[2])
editor.save_body(session, sys.argv[3], sys.argv[4])
print("saved", flush=True)
time.sleep(120)
"""


def test_a_session_killed_after_an_autosave_leaves_its_text_found(session, case_path):
    section = _section(session)
    session.close()
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(case_path), PASSPHRASE, section.id, LATER],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    try:
        assert writer.stdout.readline().strip() == "saved"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    reader = sessions.open_case(case_path, PASSPHRASE, read_only=True)
    try:
        assert _waiting(reader) == [(section.id,)]
        assert _found(reader, "hacinamiento") == [section.id]
    finally:
        reader.close()
    reopened = sessions.open_case(case_path, PASSPHRASE)
    try:
        assert _waiting(reopened) == []  # opening indexed it
        assert "hacinamiento" in _indexed(reopened, section.id)
        assert _found(reopened, "ventilacion") == []
    finally:
        reopened.close()


def test_a_schema4_file_opens_and_its_autosaves_are_found(tmp_path, monkeypatch):
    path = tmp_path / "antiguo.npmcase"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", {n: step for n, step in schema.MIGRATIONS.items() if n <= 4})
        patch.setattr(schema, "CURRENT_VERSION", 4)
        old = sessions.create_case(path, PASSPHRASE, kdf_params=FAST_KDF)
        section = _section(old)
        old.close()
    session = sessions.open_case(path, PASSPHRASE)
    try:
        assert session.case.meta("schema_version") == str(schema.CURRENT_VERSION)
        editor.save_body(session, section.id, LATER)
        assert _waiting(session) == [(section.id,)]
        assert _found(session, "hacinamiento") == [section.id]
    finally:
        session.close()


def test_leaving_the_editor_indexes_what_it_autosaved(qtbot, session):
    section = _section(session)
    view = open_editor(qtbot, AppContext(session), section.id)
    view.edit.setFocus()
    qtbot.keyClicks(view.edit, " Hacinamiento")
    with qtbot.waitSignal(view.controller.sig_saved, timeout=3000):
        pass
    drain()
    assert _waiting(session) == [(section.id,)]
    assert view.flush()
    drain()
    assert _waiting(session) == []
    assert "Hacinamiento" in _indexed(session, section.id)


def test_a_dump_taken_with_an_autosave_waiting_imports_with_its_text_found(session, tmp_path):
    from npmdesk.services.exchange import dump
    section = _section(session)
    editor.save_body(session, section.id, LATER)
    target = dump.write_dump(session, tmp_path / "volcado.json")
    assert _waiting(session) == [(section.id,)]
    copy = dump.import_dump(target, tmp_path / "copia.npmcase", PASSPHRASE)
    try:
        assert _waiting(copy) == []
        assert _found(copy, "hacinamiento") == [section.id]
        assert _found(copy, "ventilacion") == []
    finally:
        copy.close()


def test_on_a_full_disk_a_file_left_waiting_still_opens_and_a_search_says_why_it_cannot(small_disk):
    path = small_disk / "expediente.npmcase"
    writer = sessions.create_case(path, PASSPHRASE, kdf_params=FAST_KDF)
    section = _section(writer)
    editor.save_body(writer, section.id, LATER)
    writer.case.close()  # as a killed session: the mark stays, nothing indexed it
    filler = fill(small_disk, leave_bytes=40 * 1024)  # room to open (its WAL index), not to index
    opened = sessions.open_case(path, PASSPHRASE, keep_backups=0)
    try:
        assert _waiting(opened) == [(section.id,)]
        with pytest.raises(DiskFull):
            records.find(opened, "hacinamiento")
        filler.unlink()  # space again: the same search finds the autosaved text
        assert _found(opened, "hacinamiento") == [section.id]
    finally:
        opened.close()
