"""Creating the year's «informe anual» from the GUI: Editar → Nuevo → «Informe anual…» (the year
asked in a dialog) and Ver → Estadísticas → «Redactar el informe anual…» open the same report
in the report view, its sections ready for the editor; the second time it is opened, not made
again."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gui_support import application, filled, settings, shot, unlock  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.ui.common import ops
from npmdesk.ui.drafting import annual_report
from npmdesk.ui.drafting.report_view import ReportView
from npmdesk.ui.tracking.statistics_view import StatisticsView


def test_the_year_dialog_returns_the_year_typed(qtbot):
    dialog = annual_report.YearDialog(2026)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.selectAll()
    qtbot.keyClicks(dialog.year, "2025")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.year.value() == 2025
    shot(dialog, "informe-anual-año")


def test_the_default_year_is_the_one_being_reported_on():
    from datetime import date
    assert annual_report.default_year(date(2027, 2, 10)) == 2026
    assert annual_report.default_year(date(2026, 12, 2)) == 2026


def _annual(case_path, passphrase):
    session = open_case(case_path, passphrase, read_only=True)
    try:
        return records.select(session, model.Report, kind="anual")
    finally:
        session.close()


def test_the_menu_and_the_statistics_open_the_years_annual_report(qtbot, application, filled, case_path,
                                                                  passphrase, monkeypatch):
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    controller, window = application.main_controller, application.window
    asked = []
    monkeypatch.setattr(annual_report.YearDialog, "ask",
                        classmethod(lambda cls, parent, year=None: asked.append(year) or 2026))
    assert window.act_new_annual in window.menu_new.actions()
    window.act_new_annual.trigger()

    def report_shown():
        assert isinstance(controller.current_view, ReportView)
        assert controller.current_view.sections.topLevelItemCount() == 4
    qtbot.waitUntil(report_shown, timeout=15000)
    view = controller.current_view
    titles = [view.sections.topLevelItem(i).text(0) for i in range(view.sections.topLevelItemCount())]
    assert titles == ["Presentación", "Análisis de los hallazgos del año", "Desafíos",
                      "Prioridades para el próximo año"]
    assert view.sections.topLevelItem(0).text(1) == "Borrador"
    assert "Informe anual 2026" in view.summary.heading.text()
    window.resize(1280, 720)
    shot(window, "informe-anual")
    first = view.report_id

    # The statistics view's button opens the same report: one annual report a year.
    controller.show_screen("statistics_view")
    qtbot.waitUntil(lambda: isinstance(controller.current_view, StatisticsView), timeout=15000)
    stats = controller.current_view
    year = stats.year.value()  # the view is gone once the report takes its place
    qtbot.mouseClick(stats.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.current_view, ReportView), timeout=15000)
    assert controller.current_view.report_id == first
    assert asked == [None, year]
    ops.wait_all()
    # The section opens in the editor with its guiding questions.
    item = controller.current_view.sections.topLevelItem(0)
    controller.current_view.sections.setCurrentItem(item)
    qtbot.keyClick(controller.current_view.sections, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: type(controller.current_view).__name__ != "ReportView", timeout=15000)
    ops.wait_all()
    shot(window, "informe-anual-presentacion")
    assert [(r.id, r.year, r.visit_id) for r in _annual(case_path, passphrase)] == [(first, 2026, None)]
