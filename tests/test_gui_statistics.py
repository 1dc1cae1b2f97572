"""The statistics view on the real encrypted demo: the period chooser, tables that hold the
service's figures, charts that take focus and read as their table, PNG export, 1024×600."""

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage

from gui_support import application, shot  # noqa: F401
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.session import open_case
from npmdesk.services.tracking import statistics
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.common.views import load_all, view_for
from npmdesk.ui.tracking import statistics_view
from npmdesk.ui.tracking.statistics_view import StatisticsView, StatsTableModel
from fast_kdf import FAST_KDF


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    return path


@pytest.fixture
def demo(demo_path):
    session = open_case(demo_path, DEMO_PASSPHRASE, read_only=True)
    yield session
    session.close()


def _block(view, key):
    return next(b for b in view.blocks if b.table.key == key)


def _cells(block):
    model = block.view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_view_shows_the_year_and_a_chosen_period(qtbot, demo):
    view = StatisticsView(AppContext(demo), year=2026)
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    qtbot.waitUntil(lambda: view.stats is not None and bool(view.blocks))
    assert view.stats.period == statistics.Period("2026-01-01", "2026-12-31")
    kinds = _block(view, "visits.by_place_kind")
    assert sorted(_cells(kinds)) == [["Centro de cumplimiento de menores", "1"],
                                     ["Centro penitenciario", "1"],
                                     ["Estación de recepción migratoria", "1"]]
    allegations = _block(view, "interviews.allegations")
    assert _cells(allegations) == [["Malos tratos", "4"], ["Amenazas", "3"], ["Represalias", "1"]]
    # The chart carries the same figures, for a screen reader, and takes focus from the keyboard.
    chart = allegations.chart
    assert chart.accessibleName() == "Alegaciones por tipo"
    assert "Malos tratos: Número 4" in chart.accessibleDescription()
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    compliance = _block(view, "compliance.by_year")
    assert _cells(compliance)[-1][0] == "Total"
    assert _cells(compliance)[0][:2] == ["2024", "2"]
    assert "2024: Cumplida 2, Parcialmente cumplida 1, Incumplida 3" in compliance.chart.accessibleDescription()
    # Usable at 1024×600: the chooser fits, the tables scroll.
    assert view.minimumSizeHint().width() <= 1024 and view.minimumSizeHint().height() <= 600
    qtbot.waitUntil(lambda: view.scroll.verticalScrollBar().maximum() > 0)
    shot(view, "estadisticas")
    # A chosen period: only the first half of 2026 (the station's reactive visit, in February).
    view.end.setDate(QDate(2026, 6, 30))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.stats.period.end == "2026-06-30")
    assert view.stats.visits == 1
    assert _cells(_block(view, "visits.by_place_kind")) == [["Estación de recepción migratoria", "1"]]
    assert "1 visita(s)" in view.status.text()


def test_a_start_after_the_end_is_refused_with_a_sentence(qtbot, demo):
    view = StatisticsView(AppContext(demo), year=2026)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.stats is not None)
    view.start.setDate(QDate(2026, 12, 1))
    view.end.setDate(QDate(2026, 1, 1))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "La fecha de inicio es posterior a la de fin."
    assert view.stats.period.end == "2026-12-31"  # the shown figures stay those of the year


def test_a_chart_is_exported_as_png(qtbot, demo, tmp_path, monkeypatch):
    view = StatisticsView(AppContext(demo), year=2026)
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    qtbot.waitUntil(lambda: bool(view.blocks))
    target = tmp_path / "alegaciones.png"
    asked = []
    monkeypatch.setattr(statistics_view.ImageFile, "ask",
                        classmethod(lambda cls, parent, suggested: asked.append(suggested) or target))
    block = _block(view, "interviews.allegations")
    qtbot.waitUntil(lambda: view.scroll.verticalScrollBar().maximum() > 0)  # laid out

    def shown() -> bool:
        view.scroll.ensureWidgetVisible(block.export)
        return not block.export.visibleRegion().isEmpty()
    qtbot.waitUntil(shown)
    qtbot.mouseClick(block.export, Qt.MouseButton.LeftButton)
    assert asked == ["interviews-allegations.png"]
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 100 and image.height() > 50
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_model(qtmodeltester, demo):
    from npmdesk.services.tracking import stats_tables
    for table in stats_tables.tables(statistics.compute(demo, statistics.Period.year(2026)))[:3]:
        qtmodeltester.check(StatsTableModel(table))


def test_the_view_is_registered_and_reopens_its_year(qtbot, demo):
    load_all()
    factory = view_for("statistics_view")
    view = factory(AppContext(demo), "2025", None, None)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.stats is not None)
    assert view.restore_point() == "2025"  # what the main window keeps across a lock
    assert view.stats.period == statistics.Period("2025-01-01", "2025-12-31")
    assert view.stats.visits == 2  # the prison's initial visit and the juvenile centre's follow-up


def test_the_annual_report_is_written_from_the_view(qtbot, demo_path, tmp_path, monkeypatch):
    from docx import Document
    session = open_case(demo_path, DEMO_PASSPHRASE)
    try:
        view = StatisticsView(AppContext(session), year=2026)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: bool(view.blocks))
        target = tmp_path / "anual.docx"
        asked = []
        monkeypatch.setattr(statistics_view.AnnualFile, "ask",
                            classmethod(lambda cls, parent, suggested: asked.append(suggested) or target))
        qtbot.mouseClick(view.annual_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.status.text().startswith("Informe anual escrito"), timeout=20000)
    finally:
        session.close()
    assert asked == ["informe-anual-2026.docx"]
    assert "Es un borrador" in view.status.text()
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Presentación" and len(headings) == 8
