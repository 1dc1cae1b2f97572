"""Ctrl+L on the review screen, the bitácora, the dashboard or the recommendations overview:
unlocking brings the person back to the same screen, and to the same item in it."""

import pytest
from PySide6.QtCore import Qt

from gui_support import application, settings, shot, unlock  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import UNLOCK
from npmdesk.ui.shell.language import apply_language
from npmdesk.ui.review.models import ItemRole
from fast_kdf import FAST_KDF

LUIS = "Frase personal de Luis 2026"
TITLES = ("Trato", "Salud", "Condiciones materiales")


@pytest.fixture
def queued(session, case_path):
    """A closed case file: three sections by Luis (autor) sent for review; recommendations to list."""
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-09"))
    ana, sections = session.actor, []
    for position, title in enumerate(TITLES, start=1):
        section = records.save(session, model.Section(report.id, title, position=position, author_ids=[luis.id]))
        session.actor = luis
        records.save_section_body(session, section.id, f"<p>Sobre {title.lower()}: sin ventilación.</p>")
        session.actor = ana
        review.submit_section(session, section.id, as_member=luis.id)
        sections.append(section)
    recs = [records.save(session, model.Recommendation(visit.id, f"Recomendación {n}", "Ministerio de Gobierno"))
            for n in range(3)]
    session.close()
    return {"sections": sections, "recommendations": recs}


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def lock_and_unlock(qtbot, app, passphrase):
    with qtbot.waitSignal(app.sig_state, timeout=10000):
        qtbot.keyClick(app.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert app.state == UNLOCK
    unlock(qtbot, app, passphrase)
    idle(qtbot)


@pytest.fixture
def main(qtbot, application, queued, case_path, passphrase):  # noqa: F811
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    idle(qtbot)
    return application


def test_review_screen_and_its_selected_section_come_back(qtbot, main, queued, passphrase):
    controller = main.main_controller
    qtbot.keyClick(main.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    idle(qtbot)
    view = controller.current_view
    report_row = view.queue.topLevelItem(0)
    assert controller.current_key[:2] == ("review", "review_queue") and report_row.childCount() == 3
    second = queued["sections"][1]
    rect = view.queue.visualItemRect(report_row.child(1))
    qtbot.mouseClick(view.queue.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    idle(qtbot)
    assert view.controller.detail.section.id == second.id
    del view

    lock_and_unlock(qtbot, main, passphrase)

    controller = main.main_controller
    view = controller.current_view
    assert controller.current_key[:2] == ("review", "review_queue")
    qtbot.waitUntil(lambda: view.controller.detail is not None, timeout=10000)
    assert view.queue.currentItem() is view.queue.topLevelItem(0).child(1)
    assert view.queue.currentItem().data(0, ItemRole).id == second.id
    assert view.controller.detail.section.id == second.id
    assert view.item_title.text() == "Salud"
    shot(main.window, "bloqueo-vuelve-a-revision")
    # A change of language rebuilds the screen on the same section too.
    apply_language("en")
    try:
        controller.retranslate()
        idle(qtbot)
        view = controller.current_view
        qtbot.waitUntil(lambda: view.controller.detail is not None, timeout=10000)
        assert view.title.text() == "Review" and view.queue.currentItem() is view.queue.topLevelItem(0).child(1)
    finally:
        apply_language("es")


def test_bitacora_dashboard_and_recommendations_come_back(qtbot, main, queued, passphrase):
    menu = main.main_controller.review_menu
    menu.act_audit.trigger()
    idle(qtbot)
    lock_and_unlock(qtbot, main, passphrase)
    assert main.main_controller.current_key[:2] == ("review", "audit_log")
    assert main.main_controller.current_view.controller.model.rowCount() > 10

    main.main_controller.review_menu.act_dashboard.trigger()
    idle(qtbot)
    lock_and_unlock(qtbot, main, passphrase)
    assert main.main_controller.current_key[:2] == ("review", "dashboard")

    window = main.window
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    idle(qtbot)
    view = main.main_controller.current_view
    assert view.model.rowCount() == 3
    view.table.setCurrentIndex(view.model.index(2, 0))
    chosen = view.restore_point()
    del view
    lock_and_unlock(qtbot, main, passphrase)
    controller = main.main_controller
    assert controller.current_key[:2] == ("view", "recommendations_overview")
    view = controller.current_view
    assert view.model.rowCount() == 3 and view.restore_point() == chosen
    assert view.table.currentIndex().row() == 2
