"""Helpers shared by the record-form tests: a real AppContext, saving, screenshots."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.storage import audit_log

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def shoot(widget, name, size=(780, 680)):
    """Save what the person sees into screenshots/ (gitignored) for a human look."""
    SHOTS.mkdir(exist_ok=True)
    widget.resize(*size)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"{name}.png"))


def loaded(qtbot, view):
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.controller.ready and view.isEnabled())
    return view


def save(qtbot, ctx, view):
    """Click Guardar and wait for the change to be announced: (entity, id)."""
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as blocker:
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.controller.busy)
    return blocker.args


def audit_actions(session, entity):
    with session.case.lock:
        return [(e.action, e.entity_id) for e in audit_log.entries(session.case.conn)
                if e.entity == entity]


def make_place(session, name="Centro Penitenciario La Joya"):
    return records.save(session, model.Place(name=name, authority="Policía Nacional"))


def make_visit(session, place=None):
    place = place or make_place(session)
    return records.save(session, model.Visit(place_id=place.id, start_date="2026-11-02",
                                             end_date="2026-11-03"))
