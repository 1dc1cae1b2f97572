"""The visit form with its team, and the interview form with its masked identity."""

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from formkit import audit_actions, loaded, make_place, make_visit, save, shoot
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.records import visit_team as team_module
from npmdesk.ui.records.interview import open_interview
from npmdesk.ui.records.visit import open_visit


@pytest.fixture
def ctx(session):
    return AppContext(session)


def test_visit_with_a_team_of_two_and_a_leader(qtbot, ctx, session, monkeypatch):
    place = make_place(session)
    lawyer = records.save(session, model.TeamMember(name="Luis Abogado", discipline="derecho"))
    view = loaded(qtbot, open_visit(ctx, None, place.id))
    assert view.place.text() == "Centro Penitenciario La Joya"
    assert view.start_date.calendar.locale().language().name == "Spanish"
    view.start_date.setDate(QDate(2026, 11, 2))
    view.end_date.setDate(QDate(2026, 11, 4))
    view.kind.setCurrentIndex(view.kind.findData("seguimiento"))
    qtbot.mouseClick(view.announced, Qt.MouseButton.LeftButton)
    # An existing member, then one created inline.
    view.team.candidates.setCurrentIndex(view.team.candidates.findText("Luis Abogado"))
    qtbot.mouseClick(view.team.add_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(team_module.NewMemberDialog, "ask",
                        classmethod(lambda cls, parent=None: ("María Médica", "medicina")))
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000) as created:
        qtbot.mouseClick(view.team.new_button, Qt.MouseButton.LeftButton)
    assert created.args[0] == "team_member"
    qtbot.waitUntil(lambda: len(view.team.rows) == 2)
    doctor_id = created.args[1]
    # Exactly one leader: choosing the doctor unticks the lawyer.
    leader_buttons = [leader for _discipline, leader in view.team._widgets]
    assert [b.isChecked() for b in leader_buttons] == [True, False]
    qtbot.waitUntil(lambda: leader_buttons[1].isVisible())
    qtbot.mouseClick(leader_buttons[1], Qt.MouseButton.LeftButton)
    assert [b.isChecked() for b in leader_buttons] == [False, True]
    view.team._widgets[0][0].setCurrentIndex(view.team._widgets[0][0].findData("coordinacion"))
    view.objectives.insertPlainText("Verificar condiciones de detención.")
    qtbot.keyClicks(view.population, "812")
    view.obstacles.insertPlainText("Se demoró el acceso al pabellón B.")
    shoot(view, "visit", (820, 900))
    entity, visit_id = save(qtbot, ctx, view)
    stored = records.get(session, model.Visit, visit_id)
    assert (stored.start_date, stored.end_date, stored.kind, stored.announced) == (
        "2026-11-02", "2026-11-04", "seguimiento", True)
    assert [(m.member_id, m.discipline, m.leader) for m in stored.team] == [
        (lawyer.id, "coordinacion", False), (doctor_id, "medicina", True)]
    assert records.get(session, model.TeamMember, doctor_id).name == "María Médica"
    assert stored.population == 812
    assert view.heading.text() == "Visita a Centro Penitenciario La Joya (02/11/2026)"
    # Removing a member from the team.
    remove = view.team.grid.itemAtPosition(1, 3).widget()
    qtbot.waitUntil(remove.isVisible)
    assert remove.accessibleName() == "Quitar a Luis Abogado"
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    save(qtbot, ctx, view)
    assert [m.member_id for m in records.get(session, model.Visit, visit_id).team] == [doctor_id]


def test_end_before_start_is_refused_and_nothing_saved(qtbot, ctx, session):
    place = make_place(session)
    view = loaded(qtbot, open_visit(ctx, None, place.id))
    view.start_date.setDate(QDate(2026, 11, 5))
    view.end_date.setDate(QDate(2026, 11, 1))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "No se puede guardar: la fecha de fin es anterior a la de inicio."
    assert view.end_date.date() == QDate(2026, 11, 1)
    assert records.select(session, model.Visit) == []
    shoot(view, "visit_invalid", (820, 700))


def test_interview_code_consent_and_masked_identity(qtbot, ctx, session):
    visit = make_visit(session)
    view = loaded(qtbot, open_interview(ctx, None, visit.id))
    assert view.code.text() == "E-01" and view.code.isReadOnly()
    assert view.heading.text() == "Entrevista E-01"
    view.kind.setCurrentIndex(view.kind.findData("grupal"))
    view.sex.setCurrentIndex(view.sex.findData("mujer"))
    view.age_range.setCurrentIndex(view.age_range.findData("18_29"))
    assert view.sex.currentText() == "Mujer"
    view.groups.setFocus()  # the check lists work from the keyboard
    view.groups.setCurrentRow(3)
    qtbot.keyClick(view.groups, Qt.Key.Key_Space)
    assert view.groups.checked() == ["migrantes"]
    qtbot.mouseClick(view.consent_interview, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.consent_report, Qt.MouseButton.LeftButton)
    view.allegations.set_checked("malos_tratos")
    qtbot.mouseClick(view.referral, Qt.MouseButton.LeftButton)
    view.notes.insertPlainText("Refiere golpes al ingreso.")
    identity = view.identity
    assert identity.is_masked() and identity.edit.echoMode() == QLineEdit.EchoMode.Password
    identity.edit.insert("Rosa Pérez, cédula 8-123-456")
    assert identity.edit.displayText() != "Rosa Pérez, cédula 8-123-456"
    assert "nunca sale" in identity.note.text()
    shoot(view, "interview_masked", (820, 1000))
    entity, interview_id = save(qtbot, ctx, view)
    stored = records.get(session, model.Interview, interview_id)
    assert (stored.code, stored.kind, stored.sex, stored.age_range) == ("E-01", "grupal", "mujer",
                                                                         "18_29")
    assert stored.vulnerable_groups == ["migrantes"] and stored.allegations == ["malos_tratos"]
    assert (stored.consent_interview, stored.consent_report, stored.consent_identify) == (
        True, True, False)
    assert stored.referral_needed and stored.real_identity == "Rosa Pérez, cédula 8-123-456"
    assert identity.is_masked()
    qtbot.mouseClick(identity.toggle, Qt.MouseButton.LeftButton)
    assert identity.edit.displayText() == "Rosa Pérez, cédula 8-123-456"
    assert identity.toggle.text() == "Ocultar"
    view.hide()
    assert identity.is_masked() and identity.toggle.text() == "Mostrar"
    # The next interview of the visit gets the next code.
    second = loaded(qtbot, open_interview(ctx, None, visit.id))
    assert second.code.text() == "E-02"
    assert ("crear", interview_id) in audit_actions(session, "interview")


def test_new_member_dialog(qtbot):
    dialog = team_module.NewMemberDialog()
    qtbot.addWidget(dialog)
    assert dialog.answer() is None  # a member needs a name
    qtbot.keyClicks(dialog.name, "Paula Psicologa")
    dialog.discipline.setCurrentIndex(dialog.discipline.findData("psicologia"))
    assert dialog.discipline.currentText() == "Psicología"
    assert dialog.answer() == ("Paula Psicologa", "psicologia")


def test_two_new_interviews_opened_together_get_distinct_codes(qtbot, ctx, session):
    visit = make_visit(session)
    first = loaded(qtbot, open_interview(ctx, None, visit.id))
    second = loaded(qtbot, open_interview(ctx, None, visit.id))
    assert first.code.text() == second.code.text() == "E-01"
    save(qtbot, ctx, first)
    save(qtbot, ctx, second)
    assert second.code.text() == "E-02"
    assert sorted(i.code for i in records.select(session, model.Interview)) == ["E-01", "E-02"]
