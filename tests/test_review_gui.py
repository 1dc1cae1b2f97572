"""The review screen, the bitácora view and the dashboard on a real encrypted case file."""

import pytest
from PySide6.QtCore import Qt

from gui_support import shot
from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.ui.common import ops
from npmdesk.ui.archive.audit_view import open_audit
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.shell.dashboard import open_dashboard
from npmdesk.ui.review.models import AuditModel
from npmdesk.ui.review.screen import open_review
from fast_kdf import FAST_KDF

LUIS = "Frase personal de Luis 2026"


@pytest.fixture
def team(session):
    """Ana (director, owner), Rosa (revisor), Luis (author) with keys; a report with two sections sent."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, "Frase personal de Rosa 2026", kdf_params=FAST_KDF)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-09"))
    ana = session.actor
    sections = []
    for position, title in enumerate(("Trato", "Salud"), start=1):
        section = records.save(session, model.Section(report.id, title, position=position, author_ids=[luis.id]))
        session.actor = luis
        records.save_section_body(session, section.id, f"<p>Las celdas de {title.lower()} no tienen ventilación.</p>")
        session.actor = ana
        review.submit_section(session, section.id, as_member=luis.id)
        sections.append(section)
    return {"rosa": rosa, "luis": luis, "report": report, "sections": sections}


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def screen(qtbot, session):
    ctx = AppContext(session)
    view = open_review(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    idle(qtbot)
    return view


def sections_shown(view) -> list[tuple[str, str]]:
    """(title, second line) of every section row of the list, in the order shown."""
    rows = []
    for i in range(view.queue.topLevelItemCount()):
        top = view.queue.topLevelItem(i)
        stack = [top.child(j) for j in range(top.childCount())][::-1]
        while stack:
            row = stack.pop()
            rows.append(tuple(row.text(0).split("\n")))
            stack += [row.child(j) for j in range(row.childCount())][::-1]
    return rows


def accept_confirmation(monkeypatch, seen: list):
    from npmdesk.ui.review.confirm import ConfirmApproval
    monkeypatch.setattr(ConfirmApproval, "ask", classmethod(lambda cls, parent, plan, unread: seen.append(plan) or True))


def test_return_then_approve_cycle_with_signatures_verified_offline(qtbot, session, team, case_path, passphrase,
                                                                     monkeypatch):
    view = screen(qtbot, session)
    c = view.controller
    assert sections_shown(view) == [("Trato", "Enviada para revisión · Luis Abogado"),
                                    ("Salud", "Enviada para revisión · Luis Abogado")]
    assert view.approve.isEnabled() and view.return_.isEnabled()
    assert "Primera revisión" in view.item_state.text()
    # Anchor an observation on a passage selected in the current (formatted) text.
    cursor = view.text.textCursor()
    at = view.text.toPlainText().index("no tienen ventilación")
    cursor.setPosition(at)
    cursor.setPosition(at + len("no tienen ventilación"), cursor.MoveMode.KeepAnchor)
    view.text.setTextCursor(cursor)
    qtbot.keyClicks(view.note_text, "Indique la temperatura medida.")
    qtbot.mouseClick(view.add_note, Qt.MouseButton.LeftButton)
    idle(qtbot)
    assert view.notes.topLevelItemCount() == 1 and "«no tienen ventilación»" in view.notes.topLevelItem(0).text(0)
    shot(view, "review-screen")
    first = c.detail.section.id
    view.queue.setFocus()
    qtbot.keyClick(view.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    idle(qtbot)
    assert records.get(session, model.Section, first).state == "con_observaciones"
    # The author revises and sends it again; the reviewer sees the word diff.
    ana = session.actor
    session.actor = team["luis"]
    records.save_section_body(session, first, "<p>Las celdas de trato no tienen ventilación; se midieron 35 °C.</p>")
    session.actor = ana
    identity.unlock_identity(session, team["luis"].id, LUIS)
    review.submit_section(session, first, as_member=team["luis"].id)
    c.reload(first)
    idle(qtbot)
    assert c.detail.section.id == first and "de la revisión 1 a la 2" in view.item_state.text()
    qtbot.mouseClick(view.show_changes, Qt.MouseButton.LeftButton)
    assert view.pages.currentWidget() is view.diff
    assert "35" in view.diff.toHtml() and "#d4f4dc" in view.diff.toHtml()
    shot(view, "review-diff")
    # Choosing the report row and Ctrl+Intro approves both sections and the report, once confirmed.
    seen = []
    accept_confirmation(monkeypatch, seen)
    view.queue.setCurrentItem(view.queue.topLevelItem(0))
    idle(qtbot)
    qtbot.keyClick(view.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot)
    assert [i.title for i in seen[0].sections] == ["Trato", "Salud"] and seen[0].report_too
    assert records.get(session, model.Report, team["report"].id).state == "aprobado"
    session.close()
    # Offline: reopen and check every signature against the roster alone.
    reopened = sessions.open_case(case_path, passphrase)
    try:
        assert review.verify_approvals(reopened) == []
        approvals = [r for r in reopened.case.conn.execute("SELECT decision FROM signatures")]
        assert ("aprobar_informe",) in approvals and ("devolver",) in approvals
    finally:
        reopened.close()


def test_an_author_cannot_approve(qtbot, session, team, monkeypatch):
    identity.unlock_identity(session, team["luis"].id, LUIS)
    view = screen(qtbot, session)
    view.controller.set_person(team["luis"].id)
    idle(qtbot)
    assert view.controller.detail is not None
    assert not view.approve.isEnabled() and not view.return_.isEnabled()
    seen = []
    accept_confirmation(monkeypatch, seen)
    view.queue.setCurrentItem(view.queue.topLevelItem(0))  # the whole report: still nothing for an author
    idle(qtbot)
    assert not view.approve.isEnabled()
    qtbot.keyClick(view.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot)
    assert seen == []
    section = team["sections"][0]
    with pytest.raises(ActionNotAllowed) as refused:
        review.approve_section(session, section.id, as_member=team["luis"].id)
    assert "no lo permite" in refused.value.message()
    assert {s.state for s in records.select(session, model.Section)} == {"enviada"}


def test_bitacora_view_filters_and_shows_the_anchor(qtbot, qtmodeltester, session, team):
    view = open_audit(AppContext(session))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    idle(qtbot)
    c = view.controller
    qtmodeltester.check(c.model)
    qtmodeltester.check(c.proxy)
    total = c.model.rowCount()
    assert total > 10 and "Ancla actual de la bitácora" in view.anchor.text()
    assert "Cadena de la bitácora íntegra." in view.anchor.text()
    view.person.setCurrentIndex(view.person.findData("Luis Abogado"))
    assert 0 < c.proxy.rowCount() < total
    assert all(c.proxy.index(r, AuditModel.COL_WHO).data() == "Luis Abogado" for r in range(c.proxy.rowCount()))
    view.person.setCurrentIndex(0)
    view.action.setCurrentIndex(view.action.findData("firmar_nomina"))
    assert c.proxy.rowCount() == 1
    view.action.setCurrentIndex(0)
    qtbot.keyClicks(view.text, "tarjeta-que-no-existe")
    assert c.proxy.rowCount() == 0
    view.text.clear()
    view.use_dates.setChecked(True)
    view.since.setDate(view.until.date().addDays(1))
    assert c.proxy.rowCount() == 0
    view.use_dates.setChecked(False)
    assert c.proxy.rowCount() == total
    shot(view, "bitacora")


def test_dashboard_lists_work_and_opens_an_entry(qtbot, session, team):
    records.save(session, model.Recommendation(
        records.select(session, model.Visit)[0].id, "Instalar ventiladores.", "Ministerio de Gobierno",
        deadline="2020-01-31"))
    view = open_dashboard(AppContext(session))
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    idle(qtbot)
    review_list = view.lists["to_review"]
    assert review_list.count() == 2 and "Trato" in review_list.item(0).text()
    assert "Instalar ventiladores" in view.lists["overdue"].item(0).text()
    assert "En revisión" in view.lists["reports"].item(0).text()
    shot(view, "dashboard")
    with qtbot.waitSignal(view.controller.sig_open) as opened:
        review_list.setCurrentRow(0)
        qtbot.keyClick(review_list, Qt.Key.Key_Return)
    assert opened.args == ["review", team["sections"][0].id]


def test_dashboard_lists_an_authors_sections_and_overdue_recommendations_with_their_place(session):
    from npmdesk.services.review import queue as review_queue
    from npmdesk.services.demo.case import create_demo
    demo = create_demo(session.path.parent / "demo.npmcase", "Frase de prueba segura 2026", kdf_params=FAST_KDF)
    try:
        itzel = next(m for m in records.select(demo, model.TeamMember) if m.name.startswith("Itzel"))
        board = review_queue.dashboard(demo, itzel.id, today="2027-12-31")
        mine = {s.id for s in records.select(demo, model.Section)
                if itzel.id in s.author_ids and s.state in ("borrador", "con_observaciones")}
        overdue = [r for r in records.select(demo, model.Recommendation)
                   if r.deadline and r.deadline < "2027-12-31" and r.status != "cumplida"]
    finally:
        demo.close()
    assert {row[0] for row in board.to_write} == mine and mine
    assert board.to_write[0][3] == "con_observaciones"  # returned sections first
    assert {row[0] for row in board.overdue} == {r.id for r in overdue} and overdue
    assert {row[3] for row in board.overdue} == {  # the prison and the demo's history
        "Centro Penitenciario de Cerro Azul", "Centro de Cumplimiento de Menores Los Guayacanes",
        "Estación de Recepción Migratoria Punta Alegre"}
    assert [row[2] for row in board.overdue] == sorted(row[2] for row in board.overdue)
