"""Stable layout: a section returned with observations opens on them with the passages
highlighted, the author answers and resolves there; every side tab stays in sight; the editor's
side divider does not move while typing and is remembered; a recommendation with a long title
does not shrink the main window's navigator."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor_support import drain, open_editor
from formkit import make_visit
from gui_support import application, settings, unlock  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import observations
from npmdesk.services.team import identity, roster
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.common.marks import ANCHOR_COLOURS
from npmdesk.ui.shell.settings import AppSettings
from fast_kdf import FAST_KDF

ROSA = "Frase personal de Rosa 2026"
LONG = ("Garantizar que toda persona privada de libertad en el Centro Penitenciario de Cerro Azul reciba "
        "atención médica oportuna, con registro de lesiones al ingreso y acceso a especialistas")


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def returned(session):
    """A section by the owner, returned by Rosa with one observation on «alegaciones»."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita", number="MNPT-2026-020"))
    section = records.save(session, model.Section(report_id=report.id, title="Trato", position=1,
                                                  author_ids=[session.actor.id]))
    records.save_section_body(session, section.id, "<p>No se recibieron <b>alegaciones</b> de malos tratos.</p>")
    review.submit_section(session, section.id)
    body = records.get(session, model.Section, section.id).body
    identity.unlock_identity(session, rosa.id, ROSA)
    observations.add_observation(session, section.id, "Indique cuántas personas fueron entrevistadas.",
                                 quote="alegaciones", start=body.index("alegaciones"), as_member=rosa.id)
    review.return_with_observations(session, section.id, as_member=rosa.id)
    identity.lock_identity(session, rosa.id)
    return section


def test_a_returned_section_opens_on_its_observations_highlighted_and_resolved_there(qtbot, session, returned):
    view = open_editor(qtbot, AppContext(session), returned.id,
                       lambda v: v.observations.tree.topLevelItemCount() == 1)
    view.resize(760, 600)  # narrow: the side tabs must all stay in sight, none behind scroll arrows
    QApplication.processEvents()
    panel = view.observations
    assert view.tabs.currentWidget() is panel and view.tabs.tabText(view.tabs.indexOf(panel)) == "&Observaciones (1)"
    assert not view.tabs.usesScrollButtons()
    bar = view.tabs.tabBar()
    assert view.tabs.tabPosition() == view.tabs.TabPosition.West  # too narrow for the labels on top
    assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count()))
    view.resize(1800, 700)
    QApplication.processEvents()
    assert view.tabs.tabPosition() == view.tabs.TabPosition.North
    assert all(bar.rect().contains(bar.tabRect(i)) for i in range(bar.count()))
    marks = [s for s in view.edit.extraSelections()
             if s.format.background().color().name() == ANCHOR_COLOURS["anclada"]]
    assert [s.cursor.selectedText() for s in marks] == ["alegaciones"]
    # Typing before the passage: the highlight moves with the text.
    cursor = view.edit.textCursor()
    cursor.setPosition(0)
    view.edit.setTextCursor(cursor)
    qtbot.keyClicks(view.edit, "Hoy ")
    assert [s.cursor.selectedText() for s in view.edit.extraSelections()
            if s.format.background().color().name() == ANCHOR_COLOURS["anclada"]] == ["alegaciones"]
    # Resolving from the editor, as the author.
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    assert panel.resolve.isEnabled()
    qtbot.mouseClick(panel.resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ops.running() == 0 and panel.message.text() == "Observación resuelta.")
    [row] = [a.observation for a in observations.anchored(session, returned.id)]
    assert row.resolved
    qtbot.waitUntil(lambda: view.tabs.tabText(view.tabs.indexOf(panel)) == "&Observaciones")
    assert view.edit.extraSelections() == [] and not panel.resolve.isEnabled()


def test_the_side_divider_stays_while_typing_and_is_remembered(qtbot, session, returned):
    view = open_editor(qtbot, AppContext(session), returned.id,
                       lambda v: v.observations.tree.topLevelItemCount() == 1)
    before = view.splitter.sizes()
    qtbot.keyClicks(view.edit, "Se midieron treinta y cinco grados en el pabellon tres " * 3)
    view.words.setText("1.234.567 palabras en una línea de estado muy larga que no debe empujar nada")
    view.status.setText("Guardando los cambios de la sección en el expediente cifrado…")
    QApplication.processEvents()
    assert view.splitter.sizes() == before
    handle = view.splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + type(start)(120, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + type(start)(120, 0))
    dragged = view.splitter.sizes()
    assert dragged != before
    qtbot.waitUntil(lambda: AppSettings().geometry("panes/editor") is not None, timeout=3000)
    view.controller.flush()
    drain()
    view.close()
    again = open_editor(qtbot, AppContext(session), returned.id)
    assert abs(again.splitter.sizes()[0] - dragged[0]) <= 2


def test_a_long_recommendation_title_does_not_shrink_the_navigator(qtbot, application, session,  # noqa: F811
                                                                   case_path, passphrase):
    visit = make_visit(session)
    recommendation = records.save(session, model.Recommendation(visit.id, LONG, "Ministerio de Gobierno"))
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)
    window = application.window
    window.resize(1024, 600)
    QApplication.processEvents()
    before = window.splitter.sizes()[0]
    application.main_controller.reveal("recommendation", recommendation.id)
    qtbot.waitUntil(lambda: ops.running() == 0 and application.main_controller.current_key is not None
                    and application.main_controller.current_key[-1] == recommendation.id, timeout=15000)
    QApplication.processEvents()
    view = application.main_controller.current_view
    assert window.splitter.sizes()[0] == before
    assert view.heading.toolTip().startswith("Recomendación: Garantizar")  # the label itself ends in «…»


def test_a_drop_down_list_shows_its_chosen_entry_whole_up_to_a_limit(qtbot):
    """ChoiceBox: «Todas las autoridades» is never cut by a crowded row; an entry longer than
    SHOWN_CHARS does not widen the window without end: its start shows, the tooltip says it whole."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
    from npmdesk.ui.shell.widgets import ChoiceBox
    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    combo = ChoiceBox()
    combo.addItems(["Todas las autoridades", "Ministerio de Gobierno, Dirección General del Sistema Penitenciario "
                    "y de Resocialización de la República"])
    layout.addWidget(QLabel("Una etiqueta larga que quiere todo el espacio de la fila " * 3))
    layout.addWidget(combo)
    row.resize(400, 40)
    row.show()
    qtbot.waitExposed(row)
    short = combo.fontMetrics().horizontalAdvance("Todas las autoridades")
    assert combo.width() > short and combo.toolTip() == ""
    combo.setCurrentIndex(1)
    long_text = combo.currentText()
    assert combo.toolTip() == long_text
    assert combo.minimumSizeHint().width() < combo.fontMetrics().horizontalAdvance(long_text)
