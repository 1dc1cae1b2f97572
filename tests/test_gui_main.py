"""The main window: navigator, central views, search, "Nuevo …", menus, preferences, quitting."""

import sys

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox, QWidget

from gui_support import (MARKER, NoteEditor, application, filled, settings, shot,  # noqa: F401
                         unlock)
from npmdesk import __version__
from npmdesk.paths import log_file
from npmdesk.services.session import open_case
from npmdesk.storage import backup
from npmdesk.storage.search import Hit
from npmdesk.ui.shell import app as app_module
from npmdesk.ui.common import ops
from npmdesk.ui.common import views
from npmdesk.ui.shell.app import START
from npmdesk.ui.shell.main_controller import DiscardQuestion
from npmdesk.ui.shell.navigator import (COL_DETAIL, COL_TITLE, IdRole, KeyRole, KindRole,
                                  NavigatorModel, group_key, record_key)
from npmdesk.ui.records.search import EntityRole, HitDelegate, SearchResultsModel, SnippetRole
from npmdesk.ui.shell.settings_dialog import Preferences, SettingsDialog
from npmdesk.ui.records.summary import SummaryView
from npmdesk.ui.shell.tree_data import load_rows


@pytest.fixture
def main(qtbot, application, filled, case_path, passphrase, monkeypatch):
    """The unlocked main window of the filled case file, showing only the shell's own views."""
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    monkeypatch.setattr(views, "_VIEWS", {})
    return application


def expand_and_wait(qtbot, controller, index):
    parent = index.parent()
    while parent.isValid():
        controller.window.tree.expand(parent)
        parent = parent.parent()
    controller.window.tree.expand(index)
    qtbot.waitUntil(lambda: controller.model.node(index).loaded and ops.running() == 0, timeout=10000)


def select(qtbot, controller, key):
    index = controller.model.index_for(key)
    assert index.isValid(), key
    controller.window.tree.setCurrentIndex(index)
    return index


def go_to_visit(qtbot, controller, ids):
    place = controller.model.index_for(record_key("place", ids["place"]))
    controller.window.tree.expand(place)
    expand_and_wait(qtbot, controller, controller.model.index_for(group_key("visit", ids["place"])))
    return controller.model.index_for(record_key("visit", ids["visit"]))


def test_navigator_lists_places_visits_and_the_records_of_a_visit(qtbot, main, filled):
    controller = main.main_controller
    model = controller.model
    top = model.top_index()
    assert top.data() == "Lugares (2)"
    titles = [model.index(r, COL_TITLE, top).data() for r in range(model.rowCount(top))]
    assert titles == [f"Centro Penitenciario de {MARKER}", "Subestación de Policía de Chilibre"]
    visit = go_to_visit(qtbot, controller, filled)
    assert visit.data() == "Visita del 4 mar 2026"
    assert visit.siblingAtColumn(COL_DETAIL).data() == "Seguimiento"
    groups = [model.index(r, 0, visit).data() for r in range(model.rowCount(visit))]
    # Each group shows its size before it is opened; an empty one has nothing to expand.
    assert groups == ["Informes (1)", "Entrevistas (1)", "Notas de campo (1)", "Hallazgos (1)",
                      "Recomendaciones (1)", "Adjuntos (0)"]
    assert not model.hasChildren(model.index(5, 0, visit))
    interviews = model.index(1, 0, visit)
    expand_and_wait(qtbot, controller, interviews)
    assert interviews.data() == "Entrevistas (1)"
    assert model.index(0, 0, interviews).data() == "E-01"
    assert "Nombre Real Secreto" not in str([model.index(0, c, interviews).data() for c in (0, 1)])


def test_choosing_a_record_without_a_form_shows_its_fields_read_only(qtbot, main, filled):
    controller = main.main_controller
    go_to_visit(qtbot, controller, filled)
    recs = controller.model.index_for(group_key("recommendation", filled["visit"]))
    expand_and_wait(qtbot, controller, recs)
    select(qtbot, controller, record_key("recommendation", filled["recommendation"]))
    view = controller.current_view
    assert isinstance(view, SummaryView)
    qtbot.waitUntil(lambda: view.form.rowCount() > 5, timeout=10000)
    rows = {view.form.itemAt(r, view.form.ItemRole.LabelRole).widget().text():
            view.form.itemAt(r, view.form.ItemRole.FieldRole).widget().text()
            for r in range(view.form.rowCount())}
    assert rows["Prioridad:"] == "Urgente"
    assert rows["Estado:"] == "Pendiente"
    assert rows["Visita:"] == "Visita del 4 mar 2026"
    assert rows["Hallazgos en que se basa:"] == "Uso excesivo de la fuerza"
    assert rows["Texto:"] == f"Investigar las denuncias de golpes en {MARKER}"
    assert view.heading.text().startswith("Recomendación: Investigar")
    shot(main.window, "ventana_principal_resumen")


def test_interview_summary_never_shows_the_real_identity(qtbot, main, filled):
    controller = main.main_controller
    go_to_visit(qtbot, controller, filled)
    expand_and_wait(qtbot, controller, controller.model.index_for(group_key("interview", filled["visit"])))
    select(qtbot, controller, record_key("interview", filled["interview"]))
    view = controller.current_view
    qtbot.waitUntil(lambda: view.form.rowCount() > 5, timeout=10000)
    texts = [w.text() for w in view.findChildren(QWidget) if hasattr(w, "text")]
    assert not any("Nombre Real Secreto" in t for t in texts)
    assert any("Relata golpes" in t for t in texts)


def test_a_group_page_lists_its_records_and_opens_one_with_the_keyboard(qtbot, main, filled):
    controller = main.main_controller
    go_to_visit(qtbot, controller, filled)
    findings = controller.model.index_for(group_key("finding", filled["visit"]))
    expand_and_wait(qtbot, controller, findings)
    select(qtbot, controller, group_key("finding", filled["visit"]))
    page = controller.current_view
    assert page.heading.text() == "Hallazgos — Visita del 4 mar 2026"
    assert page.new_button.text() == "Nuevo &hallazgo"
    root = page.listing.rootIndex()
    assert page.listing.model().index(0, 1, root).data() == "Trato · Fuente única / no triangulada"
    assert not page.listing.isColumnHidden(1) and page.listing.columnWidth(1) > 0
    page.listing.setFocus()
    page.listing.setCurrentIndex(page.listing.model().index(0, 0, page.listing.rootIndex()))
    qtbot.keyClick(page.listing, Qt.Key.Key_Return)
    assert controller.current_key == record_key("finding", filled["finding"])


def test_new_actions_follow_the_selection_and_open_the_registered_view(qtbot, main, filled):
    controller = main.main_controller
    window = main.window
    assert window.act_new["place"].isEnabled()
    assert not window.act_new["visit"].isEnabled()
    assert not window.act_new["interview"].isEnabled()
    visit = go_to_visit(qtbot, controller, filled)
    window.tree.setCurrentIndex(visit)
    assert window.act_new["visit"].isEnabled() and window.act_new["interview"].isEnabled()
    opened = []

    def factory(ctx, record_id, parent_id, parent=None):
        opened.append((record_id, parent_id))
        return QWidget(parent)

    views.register_view("interview", factory)
    window.act_new["interview"].trigger()
    assert opened == [(None, filled["visit"])]
    assert controller.current_key == ("new", "interview", filled["visit"])


def test_a_new_record_without_a_form_is_explained(qtbot, main, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    main.window.act_new["place"].trigger()
    assert shown == ["Esta versión de npmdesk no tiene un formulario para crear este tipo de registro."]


def test_search_finds_records_of_every_kind_and_opens_one(qtbot, main, filled):
    window = main.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "golpes")
    results = window.results
    qtbot.waitUntil(lambda: results.model().rowCount() >= 3 and results.isVisible(), timeout=10000)
    kinds = {results.model().index(r, 0).data(EntityRole) for r in range(results.model().rowCount())}
    assert {"interview", "finding", "recommendation"} <= kinds
    assert window.results_heading.text() == f"{results.model().rowCount()} resultados"
    shot(window, "busqueda")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert results.hasFocus()
    row = next(r for r in range(results.model().rowCount())
               if results.model().index(r, 0).data(EntityRole) == "recommendation")
    results.setCurrentIndex(results.model().index(row, 0))
    qtbot.keyClick(results, Qt.Key.Key_Return)
    key = record_key("recommendation", filled["recommendation"])
    qtbot.waitUntil(lambda: main.main_controller.current_key == key, timeout=10000)
    assert window.tree.currentIndex().data(KeyRole) == key
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.left_stack.currentIndex() == 0
    assert results.model().rowCount() == 0


def test_search_with_no_match_says_so(qtbot, main):
    window = main.window
    qtbot.keyClicks(window.search, "inexistentezzz")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.results_heading.text() == "0 resultados", timeout=10000)


def test_save_state_and_lock_button_in_the_status_bar(qtbot, main, filled):
    window = main.window
    assert window.save_state.text() == "Sin cambios en esta sesión"
    main.ctx.sig_edited.emit()
    assert window.save_state.text() == "Guardado hace 0 s"
    main.main_controller.last_saved -= 125
    main.main_controller.update_save_state()
    assert window.save_state.text() == "Guardado hace 2 minutos"
    assert window.lock_button.defaultAction() is window.act_lock
    assert window.act_lock.shortcut().toString() == "Ctrl+L"


def test_menus_have_the_usual_entries_and_every_control_is_named(qtbot, main):
    window = main.window
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Archivo", "&Editar", "&Ver", "&Revisión", "&Herramientas", "A&yuda"]
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    assert window.act_open_case.shortcut().toString() == "Ctrl+O"
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QAbstractButton, QLineEdit)) or widget in (window.tree, window.results):
            if widget.isVisibleTo(window):
                assert widget.accessibleName(), widget


def test_about_names_the_application_and_its_version(qtbot, main):
    from npmdesk.ui.shell.help import AboutDialog
    main.window.act_about.trigger()
    about = main.window.findChild(AboutDialog)
    assert about.windowTitle() == "Acerca de npmdesk"
    assert (about.title.text(), about.version.text()) == ("npmdesk", f"Versión {__version__}")
    about.reject()


def test_navigator_model_passes_the_model_tester(qtbot, qtmodeltester, filled, case_path, passphrase):
    session = open_case(case_path, passphrase)
    try:
        model = NavigatorModel()
        model.set_rows("place", None, load_rows(session, "place", None))
        model.set_rows("visit", filled["place"], load_rows(session, "visit", filled["place"]))
        for entity in ("report", "interview", "finding", "recommendation"):
            model.set_rows(entity, filled["visit"], load_rows(session, entity, filled["visit"]))
        qtmodeltester.check(model, force_py=True)
        visit = model.index_for(record_key("visit", filled["visit"]))
        assert visit.data(KindRole) == "record" and visit.data(IdRole) == filled["visit"]
        # refreshes that reorder, remove and add rows are checked live by the tester
        rows = load_rows(session, "place", None)
        model.set_rows("place", None, list(reversed(rows)))
        assert [model.index(r, 0, model.top_index()).data(IdRole) for r in range(2)] == \
            [r.record_id for r in reversed(rows)]
        model.set_rows("place", None, rows[:1])
        assert model.find(record_key("visit", filled["visit"])) is not None
        model.set_rows("place", None, [])
        assert model.find(record_key("visit", filled["visit"])) is None
        model.set_rows("place", None, rows)
        assert model.rowCount(model.top_index()) == 2
    finally:
        session.close()


def test_search_results_model_passes_the_model_tester(qtmodeltester):
    model = SearchResultsModel()
    model.set_hits([Hit("finding", "1", "Uso de la fuerza", "[golpes] en el pabellón"),
                    Hit("section", "2", "Metodología", "entrevistas [privadas]"),
                    Hit("revision", "3", "", "")])
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Hallazgo: Uso de la fuerza\n[golpes] en el pabellón"
    qtmodeltester.check(model, force_py=True)


def test_settings_dialog_shows_and_returns_the_preferences(qtbot):
    dialog = SettingsDialog(Preferences("es", 5, 10))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language.currentText() == "Español"
    dialog.lock_minutes.setValue(12)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    shot(dialog, "preferencias")
    assert dialog.answer() == Preferences("en", 12, 10)


def test_preferences_are_saved_and_the_language_changes_live(qtbot, main, monkeypatch, settings):
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(
        lambda cls, current, parent=None: Preferences("en", 7, 3)))
    try:
        main.window.act_settings.trigger()
        assert (settings.language, settings.lock_minutes, settings.backups_kept) == ("en", 7, 3)
        assert main.idle.timeout_ms() == 7 * 60_000
        assert [a.text() for a in main.window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Review", "&Tools", "&Help"]
        assert main.main_controller.model.top_index().data() == "Places (2)"
    finally:
        from npmdesk.ui.shell.language import apply_language
        apply_language("es")


def test_quitting_saves_a_backup_and_closes_the_case_file(qtbot, main, case_path, settings):
    settings.backups_kept = 2
    session = main.ctx.session
    main.window.close()
    qtbot.waitUntil(lambda: main.state == "" and not session.case.is_open, timeout=15000)
    copies = backup.backups(backup.backup_dir(case_path), case_path.stem)
    assert len(copies) == 1


def test_closing_the_case_file_goes_back_to_the_start_screen(qtbot, main, case_path):
    qtbot.keyClick(main.window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.state == START, timeout=15000)
    assert main.window.last_button.isVisible()
    assert "expediente.npmcase" in main.window.last_button.text()


def test_unexpected_errors_apologise_and_log_no_content(qtbot, monkeypatch):
    from npmdesk import logs
    logs.setup()
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    app_module.install_excepthook()
    try:
        raise RuntimeError(f"contenido {MARKER}")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and shown[0].startswith("Lo sentimos")
    assert str(log_file()) in shown[0]
    logged = log_file().read_text(encoding="utf-8")
    assert "RuntimeError" in logged and MARKER not in logged
    QApplication.processEvents()


class PlaceEditor(QWidget):
    """A view for a new place that saves on flush, as a record form does."""

    def __init__(self, ctx, record_id, parent_id, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Nombre del lugar")
        self.refuse = False

    def flush(self) -> bool:
        if self.refuse:
            return False
        from npmdesk.domain import model
        from npmdesk.services.records import edit as records
        place = model.Place(name=self.name.text())
        self.ctx.run(self, lambda s: records.save(s, place), changed=("place", ""))
        return True


def test_a_saved_new_record_appears_selected_without_reopening_its_view(qtbot, main):
    views.register_view("place", PlaceEditor)
    controller = main.main_controller
    main.window.act_new["place"].trigger()
    editor = controller.current_view
    assert isinstance(editor, PlaceEditor)
    qtbot.keyClicks(editor.name, "Centro de Cumplimiento de Tocumen")
    editor.flush()
    qtbot.waitUntil(lambda: controller.current_key[0] == "record"
                    and main.window.tree.currentIndex().data() == "Centro de Cumplimiento de Tocumen",
                    timeout=10000)
    assert controller.current_view is editor
    assert controller.model.top_index().data() == "Lugares (3)"


def test_leaving_a_view_that_cannot_save_asks_first(qtbot, main, filled, monkeypatch):
    views.register_view("place", PlaceEditor)
    controller = main.main_controller
    main.window.act_new["place"].trigger()
    editor = controller.current_view
    editor.refuse = True
    asked = []
    monkeypatch.setattr(DiscardQuestion, "ask", classmethod(lambda cls, parent: asked.append(1)))
    top = main.window.tree.currentIndex()
    other = controller.model.index_for(record_key("place", filled["other_place"]))
    main.window.tree.setCurrentIndex(other)
    assert asked == [1]
    assert controller.current_view is editor
    assert main.window.tree.currentIndex() == top
    monkeypatch.setattr(DiscardQuestion, "ask", classmethod(lambda cls, parent: True))
    main.window.tree.setCurrentIndex(other)
    assert controller.current_key == record_key("place", filled["other_place"])


def test_discard_question_answers_true_only_for_discard(qtbot):
    def press(text):
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() == text).click()

    QTimer.singleShot(0, lambda: press("Descartar y continuar"))
    assert DiscardQuestion.ask(None) is True
    QTimer.singleShot(0, lambda: press("Seguir editando"))
    assert DiscardQuestion.ask(None) is None


def test_search_results_show_the_passage_without_brackets_and_the_words_in_bold(qtbot, main, filled):
    window = main.window
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "golpes")
    results = window.results
    qtbot.waitUntil(lambda: results.model().rowCount() >= 3 and results.isVisible(), timeout=10000)
    for row in range(results.model().rowCount()):
        index = results.model().index(row, 0)
        shown = index.data(Qt.ItemDataRole.DisplayRole)
        assert "golpes" in shown.casefold() or "golpe" in shown.casefold()
        assert "[" not in shown and "]" not in shown and "\ue000" not in shown
        assert "<b>" in index.data(SnippetRole) and "[" not in index.data(SnippetRole)
        # Drawn as rich text: a row is as tall as its two lines, not one line of markup.
        assert results.visualRect(index).height() >= 2 * results.fontMetrics().height()
    assert isinstance(results.itemDelegate(), HitDelegate)
    image = results.viewport().grab().toImage()
    assert not image.isNull()


def _context_menu(qtbot, tree, index=None):
    """A right click on `index`, or the Menu key on the current item when `index` is None."""
    from PySide6.QtGui import QContextMenuEvent
    if index is None:
        event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, tree.rect().center(),
                                  tree.mapToGlobal(tree.rect().center()))
        QApplication.sendEvent(tree, event)
    else:
        point = tree.visualRect(index).center()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, tree.viewport().mapToGlobal(point))
        QApplication.sendEvent(tree.viewport(), event)


def test_navigator_context_menu_by_mouse_and_keyboard(qtbot, main, filled):
    controller, window = main.main_controller, main.window
    visit = go_to_visit(qtbot, controller, filled)
    window.tree.setCurrentIndex(controller.model.top_index())
    _context_menu(qtbot, window.tree, visit)
    menu = controller.navigator_menu.menu
    qtbot.waitUntil(menu.isVisible)
    assert window.tree.currentIndex() == visit  # the right click selected what it pointed at
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "&Abrir"
    assert {"Nueva &entrevista", "Nuevo &hallazgo", "Nuevo &informe"} <= set(texts)
    opened = []
    views.register_view("interview", lambda ctx, record_id, parent_id, parent=None:
                        opened.append((record_id, parent_id)) or QWidget(parent))
    next(a for a in menu.actions() if a.text() == "Nueva &entrevista").trigger()
    menu.close()
    assert opened == [(None, filled["visit"])]
    # From the keyboard (Menu key / Shift+F10): the current item's menu, and «Abrir» opens it.
    window.tree.setCurrentIndex(visit)
    _context_menu(qtbot, window.tree)
    menu = controller.navigator_menu.menu
    qtbot.waitUntil(menu.isVisible)
    next(a for a in menu.actions() if a.text() == "&Abrir").trigger()
    menu.close()
    assert controller.current_key == record_key("visit", filled["visit"])


def test_a_group_not_opened_yet_counts_a_record_added_to_it(qtbot, main, filled):
    """The count beside a closed group follows what is saved into it (the owner's row is read again)."""
    from npmdesk.domain import model as domain
    from npmdesk.services.records import edit as records
    controller = main.main_controller
    visit = go_to_visit(qtbot, controller, filled)
    notes = controller.model.index_for(group_key("field_note", filled["visit"]))
    assert notes.data() == "Notas de campo (1)" and not controller.model.node(notes).loaded
    note = domain.FieldNote(visit_id=filled["visit"], title="Patio", text="Sin sombra")
    main.ctx.run(main.window, lambda s: records.save(s, note), changed=("field_note", ""))
    qtbot.waitUntil(lambda: notes.data() == "Notas de campo (2)", timeout=10000)
    assert visit.isValid()
