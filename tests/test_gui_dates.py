"""Dates as a person types them: dd/mm/aaaa over the shown date, impossible ones said at the field,
an end before the start flagged at once, and the bitácora in Panama's time with UTC beside it."""

import pytest
from PySide6.QtCore import QDate, Qt

from formkit import loaded, make_place, save
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.archive.audit_view import open_audit
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.common.dates import DateField, show_local_time, show_utc_time
from npmdesk.ui.records.visit import open_visit
from npmdesk.ui.review.models import AuditModel


@pytest.fixture
def ctx(session):
    return AppContext(session)


def _field(qtbot, shown=QDate(2026, 12, 1)) -> DateField:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.setDate(shown)
    return field


@pytest.mark.parametrize("how", ["click", "home", "select_all"])
@pytest.mark.parametrize("typed", ["24/11/2026", "24112026"])
def test_typing_a_date_over_the_shown_one_gives_that_date(qtbot, how, typed):
    field = _field(qtbot)
    if how == "click":
        qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton, pos=field.edit.rect().center())
        field.edit.home(False)
    elif how == "home":
        field.edit.setFocus()
        qtbot.keyClick(field.edit, Qt.Key.Key_Home)
    else:
        field.edit.setFocus()
        qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(field.sig_date_changed, timeout=1000):
        qtbot.keyClicks(field.edit, typed)
    assert field.edit.text() == "24/11/2026"
    assert field.iso() == "2026-11-24"
    assert not field.message.isVisible()


def test_a_pasted_date_and_a_picked_one(qtbot):
    field = _field(qtbot)
    field.edit.selectAll()
    field.edit.insert("03/02/2027")
    assert field.iso() == "2027-02-03"
    field.calendar.clicked.emit(QDate(2027, 5, 9))
    assert field.edit.text() == "09/05/2027" and field.iso() == "2027-05-09"


def test_a_date_that_does_not_exist_is_said_at_the_field_and_not_kept(qtbot):
    field = _field(qtbot)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "31022026")
    assert field.iso() == ""
    assert field.message.isVisible()
    assert field.message.text() == "La fecha 31/02/2026 no existe en el calendario."
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "2411")
    assert field.iso() == ""
    assert field.message.text() == ("Escriba la fecha completa como dd/mm/aaaa "
                                    "(por ejemplo, 24/11/2026).")


def test_visit_typed_dates_are_saved_and_an_end_before_the_start_is_flagged(qtbot, ctx, session):
    place = make_place(session)
    view = loaded(qtbot, open_visit(ctx, None, place.id))
    view.start_date.edit.selectAll()
    qtbot.keyClicks(view.start_date.edit, "24/11/2026")
    view.end_date.edit.selectAll()
    qtbot.keyClicks(view.end_date.edit, "20/11/2026")
    assert view.end_date.message.isVisible()
    assert view.end_date.message.text() == "La fecha de fin es anterior a la de inicio (24/11/2026)."
    assert not view.start_date.message.isVisible()
    view.end_date.edit.selectAll()
    qtbot.keyClicks(view.end_date.edit, "26/11/2026")
    assert not view.end_date.message.isVisible()
    _entity, visit_id = save(qtbot, ctx, view)
    stored = records.get(session, model.Visit, visit_id)
    assert (stored.start_date, stored.end_date) == ("2026-11-24", "2026-11-26")
    assert view.heading.text() == "Visita a Centro Penitenciario La Joya (24/11/2026)"


def test_times_are_shown_in_panama_with_utc_in_the_tooltip():
    assert show_local_time("2026-11-24T03:10:00+00:00") == "23/11/2026 22:10:00"
    assert show_utc_time("2026-11-24T03:10:00+00:00") == "24/11/2026 03:10:00 (hora universal, UTC)"


def test_bitacora_shows_local_times_and_filters_by_local_day(qtbot, ctx, session):
    make_place(session)
    view = open_audit(ctx)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.controller.model.rowCount() > 0)
    entries, _status, _intact = review_queue.bitacora(session)
    model_ = view.controller.model
    row = [r for r in range(model_.rowCount())
           if model_.index(r, AuditModel.COL_SEQ).data() == entries[-1].seq][0]
    when = model_.index(row, AuditModel.COL_WHEN)
    assert when.data() == show_local_time(entries[-1].ts)
    assert when.data(Qt.ItemDataRole.ToolTipRole) == show_utc_time(entries[-1].ts)
    assert model_.headerData(AuditModel.COL_WHEN, Qt.Orientation.Horizontal) == "Fecha y hora"
    assert view.since.edit.text() == show_local_time(entries[0].ts)[:10]
    view.use_dates.setChecked(True)
    view.since.setDate(view.until.date().addDays(1))
    assert view.controller.proxy.rowCount() == 0
