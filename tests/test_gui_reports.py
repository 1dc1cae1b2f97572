"""The 'Nuevo informe…' dialog and the recommendations view, driven with pytest-qt on the
real encrypted demo case file."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gui_support import application, filled, settings, shot  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.session import open_case
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.new_report import NewReportDialog
from npmdesk.ui.tracking.overview import RecommendationsView
from npmdesk.ui.common.views import load_all, view_for
from fast_kdf import FAST_KDF


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    return path


@pytest.fixture
def demo(demo_path):
    session = open_case(demo_path, DEMO_PASSPHRASE)
    yield session
    session.close()


def _current_visit(session):
    return max(records.select(session, model.Visit), key=lambda v: v.start_date)


def _top_titles(tree):
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_new_report_dialog_shows_sections_and_authors_and_creates_the_report(qtbot, demo):
    ctx = AppContext(demo)
    visit = _current_visit(demo)
    dialog = NewReportDialog(ctx, visit.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    assert dialog.template.currentText() == "Informe de seguimiento"  # the visit is a follow-up
    assert dialog.number.text() == "MNPT-2026-032"
    tree = dialog.sections
    assert _top_titles(tree)[5] == "Seguimiento de recomendaciones anteriores"
    hallazgos = tree.topLevelItem(6)
    medical = next(hallazgos.child(i) for i in range(hallazgos.childCount())
                   if hallazgos.child(i).text(0) == "Servicios médicos / atención en salud")
    assert medical.text(1) == "Medicina" and medical.text(2) == "Dra. Aurora Beatriz Pitti Samudio"
    assert "examen médico" in medical.toolTip(0)
    shot(dialog, "nuevo-informe")
    dialog.template.setCurrentIndex(dialog.template.findData("tematico"))
    assert _top_titles(tree)[2] == "Introducción y justificación del tema"
    assert dialog.title.text() == "Informe temático: Centro Penitenciario de Cerro Azul"
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Informe sobre aislamiento")  # keyClicks takes ASCII only
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    report = records.get(demo, model.Report, dialog.report.id)
    assert (report.title, report.kind, report.number) == (
        "Informe sobre aislamiento", "tematico", "MNPT-2026-032")
    assert len(records.select(demo, model.Section, report_id=report.id)) == 11


def test_cancel_creates_nothing(qtbot, demo):
    ctx = AppContext(demo)
    before = len(records.select(demo, model.Report))
    dialog = NewReportDialog(ctx, _current_visit(demo).id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
    assert len(records.select(demo, model.Report)) == before


def test_recommendations_view_filters_and_charts(qtbot, demo):
    ctx = AppContext(demo)
    view = RecommendationsView(ctx, today="2027-06-01")
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 23)  # 10 at the prison, 13 in the history
    assert view.count.text() == "23 de 23 recomendaciones"
    assert sum(sum(c.values()) for c in view.by_place.groups.values()) == 23
    assert "Dirección General del Sistema Penitenciario" in view.by_authority.groups
    shot(view, "recomendaciones")
    view.status.setCurrentIndex(view.status.findData("cumplida"))
    assert view.model.rowCount() == 3
    view.place.setCurrentIndex(view.place.findText("Centro Penitenciario de Cerro Azul"))
    assert view.model.rowCount() == 1
    assert view.model.text(0, 0) == "Reparar los servicios sanitarios del pabellón 3."
    assert view.model.text(0, 3) == "Cumplida"
    view.status.setCurrentIndex(0)
    view.place.setCurrentIndex(0)
    view.authority.setCurrentIndex(view.authority.findData("Ministerio de Salud"))
    assert 0 < view.model.rowCount() < 23
    assert all(view.model.text(r, 2) == "Ministerio de Salud" for r in range(view.model.rowCount()))
    assert list(view.by_authority.groups) == ["Ministerio de Salud"]
    view.authority.setCurrentIndex(0)
    qtbot.mouseClick(view.overdue, Qt.MouseButton.LeftButton)
    assert view.overdue.isChecked()
    overdue = view.model.rowCount()
    assert 0 < overdue < 23
    assert all(view.model.text(r, 3) != "Cumplida" for r in range(overdue))
    shot(view, "recomendaciones-vencidas")
    with qtbot.waitSignal(ctx.sig_open) as opened:
        view.table.activated.emit(view.model.index(0, 0))
    assert opened.args[0] == "recommendation"


def test_recommendations_view_is_registered():
    load_all()
    assert view_for("recommendations_overview") is not None


def test_visit_form_offers_new_report_and_opens_it(qtbot, demo):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from npmdesk.ui.records.visit import open_visit
    ctx = AppContext(demo)
    visit = _current_visit(demo)
    view = open_visit(ctx, visit.id, None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.controller.ready and view.isEnabled())
    button = view.new_report_button
    assert button.text() == "Nuevo &informe…"
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewReportDialog) or not dialog.ok.isEnabled():
            QTimer.singleShot(20, answer)
            return
        seen["number"] = dialog.number.text()
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(ctx.sig_open, timeout=15000) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened.args[0] == "report"
    report = records.get(demo, model.Report, opened.args[1])
    assert report.number == seen["number"] and report.kind == "seguimiento"


def test_view_menu_opens_the_recommendations_of_all_places(qtbot, application, filled, case_path, passphrase):
    from gui_support import unlock
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    controller = application.main_controller
    window = controller.window
    assert window.act_recommendations.text() == "&Recomendaciones de todos los lugares"
    assert window.act_recommendations in window.menu_view.actions()
    window.act_recommendations.trigger()
    view = controller.current_view
    assert isinstance(view, RecommendationsView)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.text(0, 2) == "Dirección General del Sistema Penitenciario"
