"""The section editor's autosave on a real full disk (a small tmpfs): the sentence names the
full disk, the text stays in the editor, and it is saved once space returns."""

import pytest

from editor_support import drain, open_editor
from formkit import make_visit
from small_disks import fill, small_disk  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services import session as sessions
from npmdesk.ui.common.context import AppContext


@pytest.fixture
def case_path(small_disk):
    """The `session` fixture's case file, on the small disk."""
    return small_disk / "expediente.npmcase"


def test_autosave_on_a_full_disk_says_so_keeps_the_text_and_saves_when_space_returns(
        qtbot, session, case_path, passphrase, small_disk):
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita"))
    section = records.save(session, model.Section(report_id=report.id, title="Trato", position=0))
    view = open_editor(qtbot, AppContext(session), section.id)
    try:
        session.case.checkpoint()  # an empty WAL: the next commit must grow it
        filler = fill(small_disk)
        view.edit.setFocus()
        qtbot.keyClicks(view.edit, "Texto escrito con el disco lleno.")
        qtbot.waitUntil(lambda: view.message.text().startswith("No queda espacio en el disco."),
                        timeout=10000)
        assert view.status.text() == "Cambios sin guardar"
        assert "Texto escrito con el disco lleno." in view.edit.toPlainText()
        filler.unlink()
        qtbot.waitUntil(lambda: view.status.text().startswith("Guardado a las"), timeout=10000)
    finally:
        drain()
    session.close()
    reopened = sessions.open_case(case_path, passphrase)
    try:
        body = records.get(reopened, model.Section, section.id).body
        assert "Texto escrito con el disco lleno." in body
    finally:
        reopened.close()
