"""The place form, and what every form shares: validation, hostile paste, deletion, flush."""

import pytest
import shiboken6
from PySide6.QtCore import Qt

from formkit import audit_actions, loaded, make_place, make_visit, save, shoot
from npmdesk.domain import model
from npmdesk.domain.text import count_replaced
from npmdesk.services.records import edit as records
from npmdesk.ui.common import views
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.records import base
from npmdesk.ui.records.views import register_forms
from npmdesk.ui.records.place import open_place


@pytest.fixture
def ctx(session):
    return AppContext(session)


def test_create_place_with_keyboard(qtbot, ctx, session):
    view = loaded(qtbot, open_place(ctx, None, None))
    assert view.heading.text() == "Nuevo lugar"
    assert not view.delete_button.isEnabled()
    view.name.setFocus()
    qtbot.keyClicks(view.name, "Centro Penitenciario La Joya")
    view.kind.setCurrentIndex(view.kind.findData("centro_menores"))
    # QTest types ASCII only; accented text arrives as a paste would.
    view.province.lineEdit().insert("Panamá")
    view.authority.lineEdit().insert("Dirección General del Sistema Penitenciario")
    qtbot.keyClicks(view.capacity, "2500")
    view.description.insertPlainText("Complejo de máxima seguridad.")
    assert view.controller.dirty
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    entity, place_id = blocker.args
    assert entity == "place"
    qtbot.waitUntil(lambda: view.status.text().startswith("Guardado a las"))
    stored = records.get(session, model.Place, place_id)
    assert (stored.name, stored.kind, stored.province, stored.capacity) == (
        "Centro Penitenciario La Joya", "centro_menores", "Panamá", 2500)
    assert stored.authority == "Dirección General del Sistema Penitenciario"
    assert view.heading.text() == "Lugar: Centro Penitenciario La Joya"
    assert view.kind.currentText() == "Centro de cumplimiento de menores"
    assert view.delete_button.isEnabled() and not view.controller.dirty
    assert ("crear", place_id) in audit_actions(session, "place")
    shoot(view, "place")


def test_every_control_has_a_spanish_accessible_name(qtbot, ctx):
    view = loaded(qtbot, open_place(ctx, None, None))
    for widget in (view.name, view.kind, view.province, view.district, view.authority,
                   view.capacity, view.address, view.description, view.save_button,
                   view.delete_button):
        assert widget.accessibleName(), widget
    assert view.authority.accessibleName() == "Autoridad responsable"
    assert view.form.labelForField(view.name).buddy() is view.name  # Alt+N reaches the name
    assert view.authority.isEditable()
    assert view.authority.findText("Servicio Nacional de Migración") >= 0
    assert [view.kind.itemText(i) for i in range(3)] == [
        "Centro penitenciario", "Centro de cumplimiento de menores", "Subestación de policía"]


def test_empty_name_is_refused_in_spanish_and_nothing_is_saved(qtbot, ctx, session):
    view = loaded(qtbot, open_place(ctx, None, None))
    qtbot.keyClicks(view.district, "San Miguelito")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.message.isVisible()
    assert view.message.text() == "No se puede guardar: falta el campo obligatorio nombre."
    assert view.district.text() == "San Miguelito"
    assert records.select(session, model.Place) == []
    shoot(view, "place_invalid")


def test_hostile_paste_is_saved_and_cleaned_visibly(qtbot, ctx, session):
    view = loaded(qtbot, open_place(ctx, None, None))
    hostile = "Ala\x00 norte \u202eazul\u202c 🚨 سجن \x07fin"
    view.name.insert(hostile)
    huge = ("Celda húmeda, sin ventilación. \u2066x\u2069 " * 30000)[:1_000_000]
    view.description.setPlainText(huge)
    assert len(view.description.toPlainText()) == 1_000_000
    entity, place_id = save(qtbot, ctx, view)
    stored = records.get(session, model.Place, place_id)
    assert "\x00" not in stored.name and "\u202e" not in stored.name
    assert stored.name == "Ala\ufffd norte \ufffdazul\ufffd 🚨 سجن \ufffdfin"
    assert len(stored.description) == 1_000_000 and "\u2066" not in stored.description
    assert view.name.text() == stored.name
    replaced = count_replaced(hostile) + count_replaced(huge)
    assert view.message.text() == f"Se sustituyeron {replaced} caracteres no admitidos por «\ufffd»."
    view.description.setPlainText("(1 MB de texto)")  # keep the screenshot readable
    shoot(view, "place_hostile_cleaned")


def test_delete_asks_first_and_is_in_the_bitacora(qtbot, ctx, session, monkeypatch):
    place = make_place(session)
    view = loaded(qtbot, open_place(ctx, place.id, None))
    asked = []
    monkeypatch.setattr(base.ConfirmDelete, "ask",
                        classmethod(lambda cls, parent, name: asked.append(name)))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Lugar: Centro Penitenciario La Joya"]
    assert records.select(session, model.Place) != []
    monkeypatch.setattr(base.ConfirmDelete, "ask", classmethod(lambda cls, parent, name: True))
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as blocker:
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["place", place.id]
    assert records.select(session, model.Place) == []
    assert ("eliminar", place.id) in audit_actions(session, "place")
    qtbot.waitUntil(lambda: "se ha eliminado" in view.message.text())
    assert not view.isEnabled()


def test_confirm_dialog_defaults_to_cancel(qtbot):
    dialog = base.ConfirmDelete(None, "Entrevista E-01")
    qtbot.addWidget(dialog)
    assert dialog.text() == "¿Eliminar «Entrevista E-01»?"
    assert "bitácora" in dialog.informativeText()
    assert dialog.defaultButton() is dialog.no_button
    dialog.show()
    qtbot.mouseClick(dialog.yes_button, Qt.MouseButton.LeftButton)
    assert dialog.clickedButton() is dialog.yes_button


def test_flush_saves_pending_edits_only_when_valid(qtbot, ctx, session):
    place = make_place(session)
    view = loaded(qtbot, open_place(ctx, place.id, None))
    assert view.flush() is True  # nothing pending
    view.name.selectAll()
    qtbot.keyClick(view.name, Qt.Key.Key_Delete)
    assert view.controller.dirty
    assert view.flush() is False
    assert records.get(session, model.Place, place.id).name == place.name
    qtbot.keyClicks(view.name, "Subestacion de Policia de Tocumen")
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000):
        assert view.flush() is True
    assert records.get(session, model.Place, place.id).name == "Subestacion de Policia de Tocumen"


def test_forms_are_registered_for_every_record_entity():
    register_forms()
    for entity in ("place", "visit", "interview", "field_note", "attachment", "finding",
                   "recommendation"):
        assert views.view_for(entity) is not None, entity


def test_flushed_view_closed_before_the_save_ends(qtbot, ctx, session):
    """Navigation may flush a view and destroy it at once; the save still lands."""
    place = make_place(session)
    view = open_place(ctx, place.id, None)  # not handed to qtbot: this test destroys it
    qtbot.waitUntil(lambda: view.controller.ready)
    qtbot.keyClicks(view.district, "Pacora")
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000):
        assert view.flush() is True
        shiboken6.delete(view)
    assert records.get(session, model.Place, place.id).district == "Pacora"


def test_a_valid_form_saves_itself_after_typing_stops(qtbot, ctx, session, monkeypatch):
    monkeypatch.setattr(base, "AUTOSAVE_MS", 150)
    view = loaded(qtbot, open_place(ctx, None, None))
    qtbot.keyClicks(view.district, "Chorrera")
    assert view.controller.autosave.isActive()
    # When the timer has fired, an unnamed place (not valid) was neither saved nor scolded.
    qtbot.waitUntil(lambda: not view.controller.autosave.isActive())
    assert records.select(session, model.Place) == [] and not view.message.isVisible()
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as blocker:
        qtbot.keyClicks(view.name, "Centro Femenino")
    assert records.get(session, model.Place, blocker.args[1]).name == "Centro Femenino"
    qtbot.waitUntil(lambda: not view.controller.dirty)


def test_a_place_with_visits_cannot_be_deleted(qtbot, ctx, session, monkeypatch):
    visit = make_visit(session)
    view = loaded(qtbot, open_place(ctx, visit.place_id, None))
    monkeypatch.setattr(base.ConfirmDelete, "ask", classmethod(lambda cls, parent, name: True))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text() == ("No se puede eliminar «Lugar: Centro Penitenciario La Joya» "
                                   "porque otros registros dependen de él.")
    assert records.get(session, model.Place, visit.place_id)
    assert ("eliminar", visit.place_id) not in audit_actions(session, "place")
    assert view.isEnabled() and view.save_button.isEnabled()


def test_a_record_deleted_elsewhere_says_so(qtbot, ctx):
    view = open_place(ctx, "00000000-0000-0000-0000-000000000000", None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text().startswith("No se encontró el registro solicitado")
    assert not view.save_button.isEnabled() and not view.delete_button.isEnabled()
