"""Work on a shared laptop is attributed to the person working: chosen at unlock (the owner by
default, anyone else with her own personal passphrase), shown in the main window, changeable from
Archivo → Cambiar de persona; revisions, replies and the bitácora name her. The grace period of a
personal key is a preference and the key is dropped on lock and on switching person."""

import pytest
from PySide6.QtCore import Qt

from editor_support import drain, open_editor
from fast_kdf import FAST_KDF
from gui_support import application, settings, shot, wait_loaded  # noqa: F401
from npmdesk.domain import model
from npmdesk.errors import CannotWorkAs, WrongPersonalPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import observations
from npmdesk.services.session import ACTION_GRACE_SECONDS
from npmdesk.services.team import identity, roster, working
from npmdesk.storage import audit_log
from npmdesk.storage import records as store
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import MAIN, UNLOCK
from npmdesk.ui.shell.settings_dialog import Preferences, SettingsDialog
from npmdesk.ui.team import working as working_ui

ROSA = "Frase personal de Rosa 2026"
LUIS = "Frase personal de Luis 2026"


@pytest.fixture
def shared(session):
    """Ana (owner, director); Rosa (revisora) and Luis (autor) keep personal keys here; Marta is on
    the roster without a key here; a report with a draft section. The case file is closed."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    marta = records.save(session, model.TeamMember("Marta Médica", "medicina", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA, kdf_params=FAST_KDF)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro Femenino de Rehabilitación"))
    visit = records.save(session, model.Visit(place.id, "2026-06-02"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-11"))
    section = records.save(session, model.Section(report.id, "Trato", position=1))
    ids = {"ana": session.actor.id, "rosa": rosa.id, "luis": luis.id, "marta": marta.id,
           "section": section.id}
    session.close()
    return ids


def to_chooser(qtbot, app, case_path, passphrase):
    app.begin(case_path)
    view = app.window
    qtbot.keyClicks(view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.continue_button.isVisible() and view.person.isEnabled(), timeout=15000)
    return view


def choose(qtbot, view, name: str, personal: str) -> None:
    view.person.setCurrentIndex(view.person.findText(name))
    qtbot.keyClicks(view.person_passphrase, personal)
    qtbot.keyClick(view.person_passphrase, Qt.Key.Key_Return)


def test_the_chooser_offers_the_owner_first_and_only_those_who_can_prove_it(
        qtbot, application, shared, case_path, passphrase):  # noqa: F811
    view = to_chooser(qtbot, application, case_path, passphrase)
    people = [view.person.itemText(i) for i in range(view.person.count())]
    assert people == ["Ana Directora", "Luis Abogado", "Rosa Revisora"]  # not Marta: no key here
    assert view.person.currentIndex() == 0 and not view.person_passphrase.isEnabled()
    assert not view.passphrase.isVisible()
    shot(view, "unlock-who-works")
    qtbot.keyClick(view.person, Qt.Key.Key_Return)  # Enter: the owner, with nothing more to type
    qtbot.waitUntil(lambda: application.state == MAIN, timeout=15000)
    assert application.ctx.session.actor.id == shared["ana"]
    assert application.window.working_label.text() == "Trabajando como Ana Directora"


def test_unlocking_as_rosa_attributes_the_revision_and_the_bitacora_to_her(
        qtbot, application, shared, case_path, passphrase):  # noqa: F811
    view = to_chooser(qtbot, application, case_path, passphrase)
    choose(qtbot, view, "Rosa Revisora", ROSA)
    qtbot.waitUntil(lambda: application.state == MAIN, timeout=15000)
    wait_loaded(qtbot, application)
    window, session = application.window, application.ctx.session
    assert window.working_label.text() == "Trabajando como Rosa Revisora"
    assert window.working_label.isVisible()
    editor = open_editor(qtbot, application.ctx, shared["section"])
    editor.edit.setFocus()
    with qtbot.waitSignal(editor.controller.sig_saved, timeout=5000) as saved:
        qtbot.keyClicks(editor.edit, "Las celdas no tienen luz natural.")
    drain()
    assert saved.args[0].author_id == shared["rosa"]
    with session.case.lock:
        revisions = store.select(session.case.conn, model.Revision, {"section_id": shared["section"]})
        entry = audit_log.entries(session.case.conn, "WHERE action = ?", ("revisar_texto",))[-1]
    assert [r.author_id for r in revisions] == [shared["rosa"]]
    assert (entry.actor_id, entry.actor_name) == (shared["rosa"], "Rosa Revisora")
    editor.close()


def test_a_wrong_personal_passphrase_is_refused_and_nothing_is_attributed(
        qtbot, application, shared, case_path, passphrase):  # noqa: F811
    view = to_chooser(qtbot, application, case_path, passphrase)
    session = application.unlock_controller.session
    choose(qtbot, view, "Rosa Revisora", "no es la frase de Rosa")
    qtbot.waitUntil(lambda: view.person.isEnabled() and ops.running() == 0, timeout=15000)
    assert application.state == UNLOCK
    assert view.message.text() == WrongPersonalPassphrase().message()
    assert view.person_passphrase.text() == ""
    assert session.actor.id == shared["ana"] and shared["rosa"] not in session.identities
    choose(qtbot, view, "Rosa Revisora", "")  # empty: asked for, nothing tried
    assert "Escriba la frase de contraseña personal de Rosa Revisora" in view.message.text()
    with session.case.lock:
        assert audit_log.entries(session.case.conn, "WHERE actor_id = ?", (shared["rosa"],)) == []
    view.other_button.click()  # leaving closes the file opened for the chooser
    qtbot.waitUntil(lambda: application.state == "start", timeout=15000)
    assert not session.case.is_open


def test_work_as_refuses_anyone_without_a_personal_key_here_or_off_the_roster(session, shared, case_path,
                                                                              passphrase):
    from npmdesk.services.session import open_case
    opened = open_case(case_path, passphrase)
    try:
        for member_id in (shared["marta"], "someone-else"):
            with pytest.raises(CannotWorkAs):
                working.work_as(opened, member_id, ROSA)
        with pytest.raises(WrongPersonalPassphrase):
            working.work_as(opened, shared["luis"], ROSA)  # Rosa's passphrase is not Luis's
        assert opened.actor.id == shared["ana"]
        working.work_as(opened, shared["rosa"], ROSA)
        working.work_as(opened, shared["luis"], LUIS)
        assert opened.actor.id == shared["luis"]
        assert identity.seconds_left(opened, shared["rosa"]) is None  # switching person dropped hers
        working.work_as(opened, shared["ana"])  # the owner: no personal passphrase
        assert opened.actor.id == shared["ana"] and identity.seconds_left(opened, shared["luis"]) is None
    finally:
        opened.close()


def test_a_reply_is_signed_and_recorded_as_the_person_working(session, shared, case_path, passphrase):
    from npmdesk.services.session import open_case
    opened = open_case(case_path, passphrase)
    try:
        section_id = shared["section"]
        working.work_as(opened, shared["luis"], LUIS)
        records.save_section_body(opened, section_id, "<p>Las celdas no tienen ventilación.</p>")
        review.submit_section(opened, section_id)
        working.work_as(opened, shared["rosa"], ROSA)
        note = observations.add_observation(opened, section_id, "¿Cuántas celdas?", "Las celdas",
                                            len("<p>"))
        working.work_as(opened, shared["luis"], LUIS)
        reply = observations.add_observation(opened, section_id, "Doce celdas.", parent_id=note.id)
        assert (note.author_id, reply.author_id) == (shared["rosa"], shared["luis"])
        with opened.case.lock:
            names = [e.actor_name for e in audit_log.entries(opened.case.conn, "WHERE action = ?",
                                                              ("firma_observar",))]
        assert names == ["Rosa Revisora", "Luis Abogado"]
    finally:
        opened.close()


def test_each_change_of_person_is_in_the_bitacora_in_order_and_chained(session, shared, case_path, passphrase):
    """ADVERSARY: a colleague at a shared laptop switches to Rosa, acts, and switches back to
    the owner; the bitácora says who took over from whom, and when, between the acts, and the
    chain still checks (a switch whose entry were removed or edited would break it)."""
    from npmdesk.domain import audit
    from npmdesk.services.session import open_case
    opened = open_case(case_path, passphrase)
    try:
        with opened.case.lock:
            start = audit_log.head(opened.case.conn)[0]
        working.work_as(opened, shared["rosa"], ROSA)
        records.save_section_body(opened, shared["section"], "<p>Las celdas no tienen ventilación.</p>")
        working.work_as(opened, shared["rosa"], ROSA)  # already her: nothing to record
        working.work_as(opened, shared["ana"])
        records.save_section_body(opened, shared["section"], "<p>Las celdas no tienen luz.</p>")
        with pytest.raises(WrongPersonalPassphrase):
            working.work_as(opened, shared["luis"], ROSA)  # refused: no entry, nothing changes
        with opened.case.lock:
            entries = audit_log.entries(opened.case.conn, "WHERE seq > ?", (start,))
            everything = audit_log.entries(opened.case.conn)
        assert [(e.action, e.actor_name, e.entity_id) for e in entries] == [
            (working.SWITCH, "Rosa Revisora", shared["ana"]),
            ("revisar_texto", "Rosa Revisora", shared["section"]),
            (working.SWITCH, "Ana Directora", shared["rosa"]),
            ("revisar_texto", "Ana Directora", shared["section"])]
        assert entries[0].ts <= entries[1].ts <= entries[2].ts <= entries[3].ts
        assert audit.first_broken(everything) is None
        assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
        assert opened.actor.id == shared["ana"] and identity.seconds_left(opened, shared["rosa"]) is None
    finally:
        opened.close()


def test_changing_person_from_the_menu_asks_her_passphrase_and_the_owner_needs_none(
        qtbot, application, shared, case_path, passphrase, monkeypatch):  # noqa: F811
    view = to_chooser(qtbot, application, case_path, passphrase)
    qtbot.keyClick(view.person, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: application.state == MAIN, timeout=15000)
    wait_loaded(qtbot, application)
    window, session = application.window, application.ctx.session
    qtbot.waitUntil(lambda: application.main_controller.current_key[1] == "dashboard", timeout=15000)
    answers = [(shared["luis"], ROSA), (shared["luis"], LUIS), (shared["ana"], "")]
    monkeypatch.setattr(working_ui.ChangePersonDialog, "ask",
                        classmethod(lambda cls, parent, people, current: answers.pop(0)))
    errors = []
    monkeypatch.setattr(working_ui, "show_error", lambda parent, exc: errors.append(exc))
    window.act_work_as.trigger()  # someone picks Luis and does not know his passphrase
    qtbot.waitUntil(lambda: len(answers) == 2 and ops.running() == 0, timeout=15000)
    assert [type(e) for e in errors] == [WrongPersonalPassphrase]
    assert session.actor.id == shared["ana"] and window.working_label.text() == "Trabajando como Ana Directora"
    window.act_work_as.trigger()
    qtbot.waitUntil(lambda: window.working_label.text() == "Trabajando como Luis Abogado", timeout=15000)
    assert session.actor.id == shared["luis"]
    dashboard = application.main_controller.current_view  # rebuilt for the person now working
    qtbot.waitUntil(lambda: dashboard.subtitle.text().startswith("Luis Abogado:"), timeout=15000)
    window.act_work_as.trigger()
    qtbot.waitUntil(lambda: window.working_label.text() == "Trabajando como Ana Directora", timeout=15000)
    assert identity.seconds_left(session, shared["luis"]) is None  # dropped on switching person


def test_the_grace_period_is_a_preference_and_lock_drops_the_key(
        qtbot, application, shared, case_path, passphrase, settings, monkeypatch):  # noqa: F811
    assert settings.key_grace_minutes == 2
    view = to_chooser(qtbot, application, case_path, passphrase)
    choose(qtbot, view, "Rosa Revisora", ROSA)
    qtbot.waitUntil(lambda: application.state == MAIN, timeout=15000)
    wait_loaded(qtbot, application)
    session = application.ctx.session
    assert session.key_grace_seconds == 120
    assert 100 < identity.seconds_left(session, shared["rosa"]) <= 120
    shown, minutes = [], [10, 0]

    def ask(cls, chosen, parent=None):
        shown.append(chosen.key_grace_minutes)
        return Preferences(chosen.language, chosen.lock_minutes, chosen.backups_kept,
                           chosen.exchange_folder, minutes.pop(0))
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(ask))
    application.window.act_settings.trigger()  # longer: the key already open gets it at once
    assert settings.key_grace_minutes == 10 and session.key_grace_seconds == 600
    assert 500 < identity.seconds_left(session, shared["rosa"]) <= 600
    application.window.act_settings.trigger()  # 0: only for the action that asks for it
    assert shown == [2, 10] and settings.key_grace_minutes == 0
    assert session.key_grace_seconds == ACTION_GRACE_SECONDS
    left = identity.seconds_left(session, shared["rosa"])
    assert left is None or left <= ACTION_GRACE_SECONDS
    identity.unlock_identity(session, shared["rosa"], ROSA)
    assert 0 < identity.seconds_left(session, shared["rosa"]) <= ACTION_GRACE_SECONDS
    qtbot.keyClick(application.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: application.state == UNLOCK, timeout=15000)
    assert session.identities == {} and session.unlocked_at == {} and not session.case.is_open


def test_the_grace_period_spin_box_returns_minutes_from_0_to_30(qtbot):
    dialog = SettingsDialog(Preferences("es", 5, 10))
    qtbot.addWidget(dialog)
    assert dialog.key_grace.value() == 2
    assert (dialog.key_grace.minimum(), dialog.key_grace.maximum()) == (0, 30)
    dialog.key_grace.setValue(15)
    assert dialog.answer().key_grace_minutes == 15
    dialog.key_grace.setValue(0)
    assert dialog.key_grace.text() == "solo para esa acción"
