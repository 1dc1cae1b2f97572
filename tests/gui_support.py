"""Fixtures and helpers shared by the GUI shell tests (test_gui_*.py)."""

import gc
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from shiboken6 import isValid

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import MAIN, Application
from npmdesk.ui.shell.settings import AppSettings

MARKER = "Xoltepec"  # an invented place name, found nowhere else
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def shot(widget: QWidget, name: str) -> Path:
    """Save what `widget` shows as screenshots/NAME.png (for people to look at)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def filled(session):
    """A closed case file holding one place, one visit and a record of each kind, all with MARKER."""
    place = records.save(session, model.Place(name=f"Centro Penitenciario de {MARKER}",
                                              province="Panamá", authority="Ministerio de Gobierno",
                                              capacity=350))
    other = records.save(session, model.Place(name="Subestación de Policía de Chilibre",
                                               kind="subestacion_policia"))
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-03-04",
                                              end_date="2026-03-05", kind="seguimiento",
                                              objectives=f"Seguimiento de la visita inicial a {MARKER}"))
    interview = records.add_interview(session, model.Interview(
        visit_id=visit.id, notes=f"Relata golpes en el pabellón B de {MARKER}",
        real_identity="Nombre Real Secreto"))
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Celdas de castigo",
                                                 text=f"Sin ventilación ni luz natural en {MARKER}"))
    finding = records.save(session, model.Finding(visit_id=visit.id, area="trato",
                                                  title="Uso excesivo de la fuerza",
                                                  text=f"Varias personas detenidas en {MARKER} relatan golpes",
                                                  interview_ids=[interview.id]))
    recommendation = records.save(session, model.Recommendation(
        visit_id=visit.id, text=f"Investigar las denuncias de golpes en {MARKER}",
        authority="Dirección General del Sistema Penitenciario", priority="urgente",
        finding_ids=[finding.id]))
    report = records.save(session, model.Report(visit_id=visit.id,
                                                title="Informe de seguimiento", number="MNPT-2026-07"))
    ids = {"place": place.id, "other_place": other.id, "visit": visit.id,
           "interview": interview.id, "field_note": note.id, "finding": finding.id,
           "recommendation": recommendation.id, "report": report.id}
    session.close()
    return ids


@pytest.fixture
def settings():
    return AppSettings()


@pytest.fixture
def application(qtbot, settings):
    app = Application(settings)
    yield app
    if app.state == MAIN:
        ops.wait_all()
        session = app._drop_main()
        session.close()
    elif app.window is not None:
        app.window.close()
        app.window.deleteLater()
    app.idle.stop()
    ops.wait_all()
    app.deleteLater()
    QApplication.processEvents()


def unlock(qtbot, app, passphrase: str) -> None:
    """Type the passphrase on the unlock screen (and, where others can work in the file, keep
    the owner as the person working) and wait for the main window's places."""
    view = app.window
    view.passphrase.clear()
    qtbot.keyClicks(view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.state == MAIN or view.continue_button.isVisible(), timeout=15000)
    if app.state != MAIN:
        qtbot.keyClick(view.person, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.state == MAIN, timeout=15000)
    wait_loaded(qtbot, app)


def wait_loaded(qtbot, app) -> None:
    def places_shown():
        controller = app.main_controller
        assert controller is not None
        top = controller.model.top_index()
        assert controller.model.node(top).loaded
        assert ops.running() == 0
    qtbot.waitUntil(places_shown, timeout=15000)


def reopen(case_path, passphrase):
    return open_case(case_path, passphrase)


# -- looking for case content anywhere in the interface -----------------------------------

TEXT_GETTERS = ("text", "toPlainText", "windowTitle", "placeholderText", "toolTip",
                "accessibleName", "accessibleDescription", "currentText", "statusTip", "title",
                "whatsThis", "windowIconText", "html")


def _model_texts(item_model: QAbstractItemModel, parent=QModelIndex(), depth=0):
    if depth > 8:
        return
    for row in range(item_model.rowCount(parent)):
        for column in range(item_model.columnCount(parent)):
            index = item_model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.EditRole, Qt.ItemDataRole.AccessibleTextRole,
                         *[Qt.ItemDataRole.UserRole + n for n in range(0, 8)]):
                value = index.data(role)
                if value is not None:
                    yield str(value)
        first = item_model.index(row, 0, parent)
        yield from _model_texts(item_model, first, depth + 1)


def every_text() -> list[str]:
    """Every text held by any Qt object of the application: widgets, actions, models, clipboard."""
    app = QApplication.instance()
    objects = {id(o): o for o in QApplication.allWidgets()}
    for root in [app, *QApplication.topLevelWidgets()]:
        for child in root.findChildren(QObject):
            objects[id(child)] = child
    found = [app.clipboard().text()]
    for obj in objects.values():
        for getter in TEXT_GETTERS:
            method = getattr(obj, getter, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                if isinstance(value, str):
                    found.append(value)
        if isinstance(obj, QAbstractItemView) and obj.model() is not None:
            found.extend(_model_texts(obj.model()))
        if isinstance(obj, QAbstractItemModel):
            found.extend(_model_texts(obj))
    return found


def live_records() -> list:
    gc.collect()
    kinds = (model.Place, model.Visit, model.Interview, model.FieldNote, model.Finding,
             model.Recommendation, model.Report)
    return [o for o in gc.get_objects() if isinstance(o, kinds)]


def files_containing(folder: Path, needle: str) -> list[Path]:
    """Files under `folder` whose bytes contain `needle` (UTF-8 or UTF-16).

    Shared folders (the system temp folder) change under other processes while they are
    walked: what vanishes or cannot be read meanwhile holds nothing of ours.
    """
    patterns = [needle.encode("utf-8"), needle.encode("utf-16-le")]
    hits = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                data = path.read_bytes()
            except (FileNotFoundError, PermissionError, NotADirectoryError):
                continue
            if any(p in data for p in patterns):
                hits.append(path)
    return hits


class NoteEditor(QWidget):
    """A minimal field-note editor honouring the view contract (used where no form is installed)."""

    def __init__(self, ctx, record_id, parent_id, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.note = None
        self.dirty = False
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName("Texto de la nota")
        self.edit.textEdited.connect(lambda _t: setattr(self, "dirty", True))
        ctx.run(self, lambda s: records.get(s, model.FieldNote, record_id), on_done=self._loaded)

    def _loaded(self, note) -> None:
        if not isValid(self):
            return
        self.note = note
        self.edit.setText(note.text)

    def flush(self) -> bool:
        if not self.dirty or self.note is None:
            return True
        self.note.text = self.edit.text()
        note = self.note
        self.dirty = False
        self.ctx.run(self, lambda s: records.save(s, note), changed=("field_note", note.id),
                     on_done=lambda _r: self.ctx.sig_edited.emit())
        return True
