"""The letters to the authorities on screen: the dashboard's next 15 days (an overdue response
flagged), the pending letters view (exactly the letters without a response, usable at
1024×600), and the sending recorded from it. Dates are relative to a fixed "today"."""

from PySide6.QtCore import Qt

from gui_support import application, settings, shot  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.archive import letters
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import history
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.shell.dashboard import open_dashboard
from npmdesk.ui.tracking import letters_view
from test_dialogue import MINGOB, POLICIA, approved_case

TODAY = "2026-12-05"  # the letters of 2026-11-01 were due on 2026-12-01: four days overdue


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def with_letters(session, tmp_path):
    report, recs = approved_case(session)
    folder = tmp_path / "oficios"
    folder.mkdir()
    letters.write_letters(session, report.id, folder, due_days=30, day="2026-11-01")
    return report, recs


def test_an_overdue_response_appears_on_the_dashboard_flagged(qtbot, session, tmp_path):
    _report, recs = with_letters(session, tmp_path)
    history.record_response(session, model.AuthorityResponse(
        authority=MINGOB, date="2026-11-20", text="Plan de reparación.", recommendation_ids=[recs[0].id]))
    view = open_dashboard(AppContext(session), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    idle(qtbot)
    due = view.lists["due"]
    texts = [due.item(i).text() for i in range(due.count())]
    # The Policía has not answered: flagged overdue; the Ministerio answered, so it is not listed;
    # the deadline of 2026-12-10 falls within 15 days.
    assert texts[0].startswith("VENCIDO hace 4 días · 01/12/2026") and POLICIA in texts[0]
    assert not any(MINGOB in t and "respuesta" in t for t in texts)
    assert texts[1].startswith("vence en 5 días · 10/12/2026") and "Reparar las celdas" in texts[1]
    assert len(texts) == 2
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 600
    shot(view, "dashboard-due")
    with qtbot.waitSignal(view.controller.sig_open) as opened:
        due.setCurrentRow(0)
        qtbot.keyClick(due, Qt.Key.Key_Return)
    letter = next(x for x in records.select(session, model.Letter) if x.authority == POLICIA)
    assert opened.args == ["letter", letter.id]


def test_nothing_due_says_so(qtbot, session, tmp_path):
    with_letters(session, tmp_path)
    view = open_dashboard(AppContext(session), today="2026-11-02")  # 29 days left, deadline 38 days away
    qtbot.addWidget(view)
    idle(qtbot)
    assert [view.lists["due"].item(i).text() for i in range(view.lists["due"].count())] == [
        "Nada vence en los próximos 15 días."]


def loaded(qtbot, ctx, today=TODAY, wanted=None):
    view = letters_view.LettersView(ctx, today=today)
    view.wanted = wanted
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    idle(qtbot)
    return view


def rows(view):
    return [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())]


def test_the_pending_view_lists_exactly_the_letters_without_a_response(qtbot, session, tmp_path):
    _report, recs = with_letters(session, tmp_path)
    history.record_response(session, model.AuthorityResponse(
        authority=MINGOB, date="2026-11-20", reference="Nota 12", text="Plan de reparación.",
        recommendation_ids=[recs[1].id]))
    view = loaded(qtbot, AppContext(session))
    assert [r[2] for r in rows(view)] == [POLICIA]
    assert rows(view)[0][:2] == ["01/12/2026", "VENCIDO hace 4 días"]
    assert rows(view)[0][4:] == ["sin registrar", "ninguna"]
    assert "Sin respuesta todavía." in view.detail.text()
    assert "1 de 2 oficios; 1 espera respuesta" == view.count.text()
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 600
    shot(view, "letters-pending")
    view.only_pending.setChecked(False)
    assert sorted(r[2] for r in rows(view)) == [MINGOB, POLICIA]
    answered = next(r for r in rows(view) if r[2] == MINGOB)
    assert answered[1] == "respondido" and answered[5] == "1: 20/11/2026"
    view.table.setCurrentCell(next(i for i, r in enumerate(rows(view)) if r[2] == MINGOB), 0)
    assert "Respuesta del 20/11/2026 (Nota 12): Plan de reparación." in view.detail.text()


def test_the_sending_is_recorded_from_the_view_and_a_bad_date_is_said(qtbot, session, tmp_path, monkeypatch):
    with_letters(session, tmp_path)
    ctx = AppContext(session)
    police = next(x for x in records.select(session, model.Letter) if x.authority == POLICIA)
    view = loaded(qtbot, ctx, wanted=police.id)
    assert view.current().letter.id == police.id
    monkeypatch.setattr(letters_view.SendDialog, "ask", classmethod(lambda cls, parent, a: ("2026-12-09", "mano")))
    view.send()
    idle(qtbot)
    assert "posterior a hoy" in view.notice.text() and view.notice.isVisible()
    assert records.get(session, model.Letter, police.id).sent_on == ""
    monkeypatch.setattr(letters_view.SendDialog, "ask", classmethod(lambda cls, parent, a: ("2026-11-03", "mano")))
    view.send()
    idle(qtbot)
    qtbot.waitUntil(lambda: any(r[4] == "03/11/2026 · Entrega en mano" for r in rows(view)), timeout=5000)
    stored = records.get(session, model.Letter, police.id)
    assert (stored.sent_on, stored.means) == ("2026-11-03", "mano")
    assert view.current().letter.id == police.id  # the selection stays on the letter sent


def test_the_view_menu_and_the_dashboard_open_the_letters(qtbot, application, session, tmp_path,
                                                          case_path, passphrase):
    from gui_support import unlock
    with_letters(session, tmp_path)
    police = next(x for x in records.select(session, model.Letter) if x.authority == POLICIA)
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    controller = application.main_controller
    window = controller.window
    assert window.act_letters in window.menu_view.actions()
    assert window.act_letters.text() == "&Oficios y respuestas pendientes"
    window.act_letters.trigger()
    view = controller.current_view
    assert isinstance(view, letters_view.LettersView)
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    controller.review_menu.open_target("letter", police.id)  # what a dashboard entry does
    view = controller.current_view
    assert isinstance(view, letters_view.LettersView)
    qtbot.waitUntil(lambda: view.current() is not None and view.current().letter.id == police.id)
