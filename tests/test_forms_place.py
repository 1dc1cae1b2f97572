"""The place form: create, validate, hostile paste, delete with confirmation."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from npmdesk.domain import model
from npmdesk.services import records
from npmdesk.storage import audit_log
from npmdesk.ui.context import AppContext
from npmdesk.ui.forms import base
from npmdesk.ui.forms.place import open_place

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture
def ctx(session, qtbot):
    return AppContext(session)


def shoot(widget, name):
    SHOTS.mkdir(exist_ok=True)
    widget.resize(760, 620)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def loaded(qtbot, view):
    qtbot.waitUntil(lambda: view.controller.record is not None)
    return view


def save(qtbot, ctx, view):
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as blocker:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    return blocker.args


def test_create_place_with_keyboard(qtbot, ctx, session):
    view = loaded(qtbot, open_place(ctx, None, None))
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.name, "Centro Penitenciario La Joya")
    view.kind.setCurrentIndex(view.kind.findData("centro_penitenciario"))
    view.province.lineEdit().insert("Panamá")
    view.authority.lineEdit().insert("Dirección General del Sistema Penitenciario")
    qtbot.keyClicks(view.capacity, "2500")
    view.description.insertPlainText("Complejo de máxima seguridad.")
    assert view.controller.dirty
    entity, place_id = save(qtbot, ctx, view)
    assert entity == "place"
    stored = records.get(session, model.Place, place_id)
    assert stored.name == "Centro Penitenciario La Joya"
    assert stored.capacity == 2500
    assert stored.authority == "Dirección General del Sistema Penitenciario"
    assert view.heading.text() == "Lugar: Centro Penitenciario La Joya"
    assert view.status.text().startswith("Guardado a las")
    assert view.kind.currentText() == "Centro penitenciario"
    shoot(view, "place")
