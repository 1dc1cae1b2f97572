"""The recommendation form's tracking fields and its life (status changes, verification at a
visit, an authority's response with its document and action plan), driven with pytest-qt."""

import pytest
from PySide6.QtCore import QDate, Qt

from formkit import audit_actions, loaded, make_place, save, shoot
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import history
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.tracking.life_dialogs import ResponseAnswer, ResponseDialog, StatusAnswer, StatusDialog
from npmdesk.ui.tracking.recommendation_form import open_recommendation


@pytest.fixture
def ctx(session):
    return AppContext(session)


@pytest.fixture
def setting(session):
    place = make_place(session)
    first = records.save(session, model.Visit(place.id, "2025-02-03"))
    second = records.save(session, model.Visit(place.id, "2026-02-03", kind="seguimiento"))
    old = records.save(session, model.Recommendation(first.id, "Reducir el hacinamiento.", "DGSP"))
    rec = records.save(session, model.Recommendation(second.id, "Plan de descongestión.", "DGSP"))
    return first, second, old, rec


def test_the_tracking_fields_are_edited_and_stored(qtbot, ctx, session, setting):
    _first, _second, old, rec = setting
    view = loaded(qtbot, open_recommendation(ctx, rec.id, None))
    assert view.issued_on.iso() == "2026-02-03"
    view.repeats.setCurrentIndex(view.repeats.findData(old.id))
    view.place_kind.setCurrentIndex(view.place_kind.findData("centro_penitenciario"))
    view.groups.set_checked("mujeres")
    qtbot.keyClicks(view.source_ref, "MNPT-2026-004")
    save(qtbot, ctx, view)
    stored = records.get(session, model.Recommendation, rec.id)
    assert (stored.repeats_id, stored.place_kind, stored.population_groups, stored.source_ref) == (
        old.id, "centro_penitenciario", ["mujeres"], "MNPT-2026-004")
    assert [e.status for e in stored.history] == ["pendiente"]


def test_a_status_change_and_a_verification_go_into_the_history(qtbot, ctx, session, setting, monkeypatch):
    _first, second, old, _rec = setting
    view = loaded(qtbot, open_recommendation(ctx, old.id, None))
    assert view.history.count() == 1
    monkeypatch.setattr(StatusDialog, "ask", classmethod(
        lambda cls, parent, visits, verification, current: StatusAnswer(
            "en_proceso", "2025-06-01", "Licitación de un módulo nuevo", None)))
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history.count() == 2)
    asked = []

    def verification(cls, parent, visits, verifying, current):
        asked.append((visits, verifying))
        return StatusAnswer("parcialmente_cumplida", "2026-02-03", "Módulo en obra; sin traslados", second.id)
    monkeypatch.setattr(StatusDialog, "ask", classmethod(verification))
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history.count() == 3)
    assert asked[0][1] is True and second.id in [v for v, _label in asked[0][0]]
    assert "Parcialmente cumplida" in view.history.item(2).text()
    assert "Verificación en la práctica" in view.history.item(2).text()
    stored = records.get(session, model.Recommendation, old.id)
    assert (stored.status, stored.history[-1].visit_id, stored.history[-1].actor_id) == (
        "parcialmente_cumplida", second.id, session.actor.id)
    assert audit_actions(session, "recommendation").count(("cambiar_estado", old.id)) == 2


def test_a_refused_change_is_said_in_the_form_and_changes_nothing(qtbot, ctx, session, setting, monkeypatch):
    old = setting[2]
    view = loaded(qtbot, open_recommendation(ctx, old.id, None))
    monkeypatch.setattr(StatusDialog, "ask", classmethod(
        lambda cls, *args: StatusAnswer("cumplida", "2999-01-01", "", None)))
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert "posterior a hoy" in view.message.text()
    assert records.get(session, model.Recommendation, old.id).status == "pendiente"


def test_a_response_with_its_document_and_action_plan(qtbot, ctx, session, setting, monkeypatch, tmp_path):
    old = setting[2]
    letter = tmp_path / "nota-512.pdf"
    letter.write_bytes(b"%PDF-1.4 nota 512")
    view = loaded(qtbot, open_recommendation(ctx, old.id, None))
    monkeypatch.setattr(ResponseDialog, "ask", classmethod(lambda cls, parent, authority: ResponseAnswer(
        authority, "2025-04-10", "Nota 512", "oficio", "Se construirá un módulo.", "en_proceso",
        "Plan con fechas", str(letter), [("Módulo de 200 plazas", "2026-01-31")])))
    qtbot.mouseClick(view.response_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history.count() == 2)
    assert "Nota 512" in view.responses.item(0).text() and "Módulo de 200 plazas" in view.responses.item(0).text()
    [response] = history.responses_to(session, old.id)
    assert records.attachment_data(session, response.attachment_id) == b"%PDF-1.4 nota 512"
    assert [(c.text, c.due_date, c.recommendation_id) for c in response.commitments] == [
        ("Módulo de 200 plazas", "2026-01-31", old.id)]


def test_a_missing_document_is_named_and_nothing_is_recorded(qtbot, ctx, session, setting, monkeypatch, tmp_path):
    old = setting[2]
    view = loaded(qtbot, open_recommendation(ctx, old.id, None))
    monkeypatch.setattr(ResponseDialog, "ask", classmethod(lambda cls, parent, authority: ResponseAnswer(
        authority, "2025-04-10", "Nota 9", "", "", "en_proceso", "", str(tmp_path / "no-esta.pdf"))))
    qtbot.mouseClick(view.response_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert "no-esta.pdf" in view.message.text()
    assert history.responses_to(session, old.id) == []


def test_a_new_recommendation_must_be_saved_before_its_life_starts(qtbot, ctx, setting):
    view = loaded(qtbot, open_recommendation(ctx, None, setting[1].id))
    assert not view.change_button.isEnabled() and not view.response_button.isEnabled()
    assert view.history.count() == 1  # «Sin cambios de estado registrados.»


def test_the_dialogs_return_what_the_person_entered(qtbot):
    dialog = StatusDialog(None, [("v1", "Visita del 3 feb 2026")], True, "pendiente")
    qtbot.addWidget(dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("cumplida"))
    dialog.day.setDate(QDate(2026, 2, 3))
    qtbot.keyClicks(dialog.reason, "Se vio el modulo en uso")
    assert dialog.answer() == StatusAnswer("cumplida", "2026-02-03", "Se vio el modulo en uso", "v1")
    response = ResponseDialog(None, "Policía Nacional")
    qtbot.addWidget(response)
    qtbot.mouseClick(response.add_commitment, Qt.MouseButton.LeftButton)
    response.plan.item(0, 0).setText("Celda separada")
    response.plan.item(0, 1).setText("2026-06-30")
    qtbot.keyClicks(response.reference, "Nota 77")
    answer = response.answer()
    assert (answer.authority, answer.reference, answer.commitments, answer.status) == (
        "Policía Nacional", "Nota 77", [("Celda separada", "2026-06-30")], "")


def test_the_form_is_usable_at_1024_by_600(qtbot, ctx, setting):
    view = loaded(qtbot, open_recommendation(ctx, setting[2].id, None))
    view.resize(1024, 600)
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 600
    for button in (view.change_button, view.verify_button, view.response_button, view.save_button):
        view.scroll.ensureWidgetVisible(button)
        qtbot.waitUntil(lambda b=button: not b.visibleRegion().isEmpty())
    shoot(view, "recommendation-tracking", (1024, 600))



def test_the_overview_exports_every_recommendation(qtbot, ctx, session, setting, monkeypatch, tmp_path):
    import openpyxl
    from npmdesk.ui.tracking import overview
    view = overview.RecommendationsView(ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.status.setCurrentIndex(view.status.findData("cumplida"))  # filters do not limit the file
    target = tmp_path / "seguimiento.xlsx"
    monkeypatch.setattr(overview.ExportTarget, "ask", classmethod(lambda cls, parent: str(target)))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.notice.isVisible())
    assert str(target) in view.notice.text()
    rows = list(openpyxl.load_workbook(target)["Recomendaciones"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {setting[2].id, setting[3].id}


def test_another_bodys_recommendation_opens_on_its_own(qtbot, ctx, session, monkeypatch):
    from npmdesk.ui.shell.tree_data import tree_target
    rec = records.save(session, model.Recommendation(None, "Texto del SPT.", "Ministerio de Gobierno",
                                                     source="spt", source_ref="CAT/OP/PAN/1", issued_on="2018-06-01"))
    assert tree_target(session, "recommendation", rec.id) is None  # no visit: not in the tree
    view = loaded(qtbot, open_recommendation(ctx, rec.id, None))
    assert view.source.code() == "spt" and view.source_ref.text() == "CAT/OP/PAN/1"
    assert view.change_button.isEnabled() and not view.verify_button.isEnabled()
    monkeypatch.setattr(StatusDialog, "ask", classmethod(
        lambda cls, *args: StatusAnswer("en_proceso", "2024-05-01", "Proyecto de ley presentado", None)))
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.history.count() == 2)
    assert records.get(session, model.Recommendation, rec.id).status == "en_proceso"
