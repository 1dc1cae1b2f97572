"""The main window's behaviour: navigation, the central view, "Nuevo …" and search.

The central area shows `view_for(entity)(ctx, record_id, parent_id, parent)` for a
record, a read-only summary when no view is registered for its kind, and a list
page for a group. Before the view changes, the current one is flushed. Going to a
given record (and back after a lock) is in ui/shell/main_navigation.py; the save state,
the Edit relay, backup and export are in ui/shell/window_actions.py.
"""

from PySide6.QtCore import QObject, QTimer, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from npmdesk import APP_NAME
from npmdesk.i18n import _
from npmdesk.services.safekeeping import restore as backup
from npmdesk.ui.shell import help
from npmdesk.ui.shell.main_navigation import NEW, OTHER, SCREEN, Navigation
from npmdesk.ui.shell.navigator import GROUP, RECORD, KeyRole, NavigatorModel, record_key
from npmdesk.ui.shell.navigator_menu import NavigatorMenu
from npmdesk.ui.records.search import SearchController
from npmdesk.ui.records.summary import GroupPage, open_summary
from npmdesk.ui.shell.tree_data import CHILD_GROUPS, GROUP_LABELS, TREE_ENTITIES, load_rows
from npmdesk.ui.exchange.folder import ExchangeController
from npmdesk.ui.exchange.import_dialog import PackageImport, PackageSend
from npmdesk.ui.common.views import view_for
from npmdesk.ui.shell.window_actions import WindowActions

CHANGED_AS = {"section": "report", "revision": "report"}


class DiscardQuestion(QMessageBox):
    """Asks whether to leave a view whose pending edits cannot be saved; True to leave, or None."""

    @classmethod
    def ask(cls, parent) -> bool | None:
        box = cls(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Cambios sin guardar"))
        box.setText(_("Los cambios de este formulario todavía no se pueden guardar; "
                      "el formulario explica por qué."))
        box.setInformativeText(_("¿Descartarlos y continuar?"))
        leave = box.addButton(_("Descartar y continuar"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(_("Seguir editando"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return True if box.clickedButton() is leave else None


class MainController(Navigation, WindowActions, QObject):
    """Connects a MainWindow to an AppContext."""

    sig_lock = Signal()
    """Fires when the person asks to lock (Ctrl+L, the status-bar button)."""
    sig_close_case = Signal()
    """Fires when the person closes the case file (back to the start screen)."""
    sig_quit = Signal()
    """Fires when the person quits the application."""
    sig_new_case = Signal()
    """Fires when the person wants to create another case file."""
    sig_open_case = Signal()
    """Fires when the person wants to open another case file."""
    sig_recover = Signal()
    """Fires when the person wants to recover a case file with the institutional code."""
    sig_settings = Signal()
    """Fires when the person opens Preferencias."""
    sig_ready = Signal()
    """Fires once the navigator shows the places (the window is usable)."""

    def __init__(self, ctx, window, keep_backups=lambda: backup.DEFAULT_KEEP, exchange_folder=lambda: None):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.keep_backups = keep_backups
        self.exchange_folder = exchange_folder
        window.controller = self
        self.model = NavigatorModel(self)
        window.tree.setModel(self.model)
        window.configure_tree()
        self.search = SearchController(ctx, window)
        self.navigator_menu = NavigatorMenu(self)
        self.current_view = None
        self._found = None  # (entity, id, words) of the search result being opened
        self.current_key: tuple | None = None
        self.last_saved: float | None = None
        self._quiet = False
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.update_save_state)
        self._clock.start()
        self._connect()
        self.update_save_state()
        self.update_new_actions()
        from npmdesk.ui.review.menu import ReviewMenu  # the Revisión menu, its screens and the dashboard
        self.review_menu = ReviewMenu(self)
        from npmdesk.ui.shell.tools_menu import ToolsMenu  # Herramientas: the integrity check
        self.tools_menu = ToolsMenu(self)
        from npmdesk.ui.team.working import WorkingAs  # "Trabajando como …" and changing person
        self.working = WorkingAs(self)
        from npmdesk.ui.importing.menu import WordImport  # Archivo → Importar documento de Word…
        self.word_import = WordImport(self)
        from npmdesk.ui.safekeeping.change_passphrase import PassphraseMenu  # Archivo → Cambiar la frase…
        self.passphrase_menu = PassphraseMenu(self)

    def _connect(self) -> None:
        w = self.window
        self.model.sig_fetch.connect(self.fetch)
        w.tree.selectionModel().currentChanged.connect(self._current_changed)
        w.tree.clicked.connect(self._reopen)
        w.tree.activated.connect(self._reopen)
        self.search.sig_open.connect(self._open_found)
        self.ctx.sig_changed.connect(self._changed)
        self.ctx.sig_edited.connect(self._saved)
        self.ctx.sig_open.connect(self.open_hit)
        w.act_lock.triggered.connect(self.sig_lock.emit)
        w.act_close_case.triggered.connect(self.sig_close_case.emit)
        w.act_quit.triggered.connect(self.sig_quit.emit)
        w.act_new_case.triggered.connect(self.sig_new_case.emit)
        w.act_open_case.triggered.connect(self.sig_open_case.emit)
        w.act_recover.triggered.connect(self.sig_recover.emit)
        w.act_settings.triggered.connect(self.sig_settings.emit)
        w.act_backup.triggered.connect(self.backup_now)
        w.act_export.triggered.connect(self.export_report)
        self.package_import = PackageImport(self.ctx, w)
        self.package_import.sig_finished.connect(lambda: self.refresh(None))
        w.act_import_package.triggered.connect(self.package_import.choose_and_start)
        self.exchange = ExchangeController(self.ctx, w, self.package_import, self.exchange_folder())
        self.package_send = PackageSend(self.ctx, w, exchange_folder=self.exchange_folder, shown=self.shown_record)
        w.act_send_review.triggered.connect(lambda: self.package_send.start("entrega"))
        w.act_return_author.triggered.connect(lambda: self.package_send.start("revision"))
        w.act_find.triggered.connect(self.search.focus)
        w.act_focus_tree.triggered.connect(lambda: w.tree.setFocus(Qt.FocusReason.ShortcutFocusReason))
        w.act_focus_content.triggered.connect(self.focus_content)
        w.act_refresh.triggered.connect(lambda: self.refresh(None))
        w.act_recommendations.triggered.connect(lambda _checked=False: self.show_recommendations())
        w.act_statistics.triggered.connect(lambda _checked=False: self.show_screen("statistics_view"))
        w.act_letters.triggered.connect(lambda _checked=False: self.show_screen("letters_view"))
        w.act_about.triggered.connect(lambda: help.show_about(w))
        w.act_manual.triggered.connect(lambda: help.show_manual(w))
        w.act_about_qt.triggered.connect(lambda: QMessageBox.aboutQt(w, _("Acerca de Qt")))
        for name in ("undo", "redo", "cut", "copy", "paste", "selectAll"):
            action = getattr(w, "act_select_all" if name == "selectAll" else f"act_{name}")
            action.triggered.connect(lambda _checked=False, n=name: self._edit(n))
        for entity, action in w.act_new.items():
            action.triggered.connect(lambda _checked=False, e=entity: self.new_for_selection(e))
        w.act_new_annual.triggered.connect(self.new_annual_report)

    # -- loading ---------------------------------------------------------------

    def start(self, restore_key: tuple | None = None) -> None:
        """Load the places; then go back to `restore_key` (an item key) if given."""
        def loaded(rows):
            self.model.set_rows("place", None, rows)
            self.window.tree.expand(self.model.top_index())
            if restore_key is not None:
                self.restore(restore_key)
            else:  # selected without opening its page: the dashboard takes the central area on sig_ready
                top = self.model.top_index()
                self._quiet = True
                self.window.tree.setCurrentIndex(top)
                self._quiet = False
                self.current_key = top.data(KeyRole)
            self.sig_ready.emit()

        self.ctx.run(self.window, lambda s: load_rows(s, "place", None), on_done=self._live(loaded))
        self.exchange.start()

    def _live(self, callback):
        """`callback`, skipped when the window was deleted meanwhile (a lock)."""
        def call(*args):
            if isValid(self.window) and self.ctx.session.case.is_open:
                callback(*args)
        return call

    def fetch(self, entity: str, parent_id) -> None:
        self.ctx.run(self.window, lambda s: load_rows(s, entity, parent_id),
                     on_done=self._live(lambda rows: self._apply([(entity, parent_id, rows)])))

    def _apply(self, groups) -> None:
        """Put loaded rows into the model without reopening the current view."""
        self._quiet = True
        try:
            for entity, parent_id, rows in groups:
                self.model.set_rows(entity, parent_id, rows)
            self._reselect()
        finally:
            self._quiet = False
        self.update_new_actions()

    def _reselect(self) -> None:
        key = self.current_key
        if key is None or key[0] not in (RECORD, GROUP):
            return
        index = self.model.index_for(key)
        if index.isValid():
            if self.window.tree.currentIndex() != index:
                self.window.tree.setCurrentIndex(index)
        elif key[0] == RECORD:
            self.window.tree.clearSelection()

    def refresh(self, entity: str | None) -> None:
        """Reload every loaded group of `entity` (all loaded groups when None), and those of the
        records that own such groups, whose rows carry the groups' counts."""
        owners = [owner for owner, children in CHILD_GROUPS.items() if entity in children]
        entities = [entity, *owners] if entity else list(GROUP_LABELS)
        wanted = [(g[1], g[2]) for e in entities for g in self.model.loaded_groups(e)]
        if not wanted:
            return
        self.ctx.run(self.window, lambda s: [(e, p, load_rows(s, e, p)) for e, p in wanted],
                     on_done=self._live(self._apply))

    def _changed(self, entity: str, record_id: str) -> None:
        self._saved()
        entity = CHANGED_AS.get(entity, entity)
        if entity and entity not in TREE_ENTITIES:
            return
        self.refresh(entity or None)
        key = self.current_key
        if key and key[0] == NEW and key[1] == entity and record_id:
            self.current_key = record_key(entity, record_id)
            self.reveal(entity, record_id, open_it=False)

    # -- showing ---------------------------------------------------------------

    def _current_changed(self, current, previous) -> None:
        if self._quiet or not current.isValid():
            return
        self.update_new_actions()
        key = current.data(KeyRole)
        if key == self.current_key:
            return
        if not self.leave():
            self._quiet = True
            self.window.tree.setCurrentIndex(previous)
            self._quiet = False
            self.update_new_actions()
            return
        self.show_index(current)

    def _reopen(self, index) -> None:
        """A click on the selected item shows it again (after a section of that report was opened)."""
        if self._quiet or not index.isValid() or index.data(KeyRole) == self.current_key:
            return
        if self.leave():
            self.show_index(index)

    def leave(self) -> bool:
        """Save the current view's pending edits; False when the person chose to stay."""
        if self.flush():
            return True
        return bool(DiscardQuestion.ask(self.window))

    def flush(self) -> bool:
        view = self.current_view
        if view is None or not isValid(view) or not hasattr(view, "flush"):
            return True
        return view.flush() is not False

    def show_index(self, index) -> None:
        node = self.model.node(index)
        if node.kind == GROUP:
            owner = node.parent
            owner_title = owner.title if owner.kind == RECORD else ""
            page = GroupPage(self.model, self.model.index_of(node), owner_title)
            page.sig_new.connect(self.new_record)
            page.sig_activated.connect(self.window.tree.setCurrentIndex)
            self._show(page, node.key)
        elif node.kind == RECORD:
            self._show(self._record_view(node.entity, node.record_id, node.parent_id), node.key)

    def _record_view(self, entity: str, record_id: str | None, parent_id):
        factory = view_for(entity)
        if factory is not None:
            return factory(self.ctx, record_id, parent_id, self.window.central)
        return open_summary(self.ctx, entity, record_id, self.window.central)

    def _open_found(self, entity: str, record_id: str) -> None:
        """A search result: open it, and have its view highlight the words found (`_show`)."""
        self._found = (entity, record_id, self.search.found_words)
        self.open_hit(entity, record_id)

    def _show(self, widget, key) -> None:
        found, self._found = self._found, None
        if found and widget is not None and key and tuple(key[1:]) == found[:2] \
                and callable(getattr(widget, "show_found", None)):
            widget.show_found(found[2])
        old = self.current_view
        if old is not None and isValid(old):
            old.hide()
            self.window.central_layout.removeWidget(old)
            old.deleteLater()
        self.current_view = widget
        self.current_key = key
        self.window.welcome.setVisible(widget is None)
        if widget is not None:
            self.window.central_layout.addWidget(widget)
            widget.show()

    def show_recommendations(self, record_id: str | None = None) -> None:
        """The recommendations of every place (View menu), in the central area."""
        self.show_screen("recommendations_overview", record_id)

    def show_screen(self, entity: str, record_id: str | None = None) -> None:
        """A screen of the View menu (the recommendations overview, the statistics), in the
        central area; `record_id` is what its `restore_point()` gave before a lock."""
        factory = view_for(entity)
        if factory is not None and self.leave():
            self._show(factory(self.ctx, record_id or None, None, self.window.central),
                       (SCREEN, entity, ""))
            self.enter()

    def enter(self) -> None:
        """Put the focus in the screen a menu or shortcut just opened, unless it took it itself
        (a record the navigator opens leaves it in the tree: the person goes on moving there)."""
        view, focus = self.current_view, QApplication.focusWidget()
        if view is not None and isValid(view) and not (focus is not None and view.isAncestorOf(focus)):
            self.focus_content()

    def focus_content(self) -> None:
        view = self.current_view
        if view is not None and isValid(view):
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            view.focusNextChild()

    # -- new records -----------------------------------------------------------

    def context_ids(self) -> dict:
        """The place and visit the selection is in, as {'place': id, 'visit': id}."""
        found = {}
        node = self.model.node(self.window.tree.currentIndex())
        while node is not None:
            if node.kind == RECORD and node.entity in ("place", "visit"):
                found.setdefault(node.entity, node.record_id)
            node = node.parent
        return found

    def update_new_actions(self) -> None:
        ids = self.context_ids()
        for entity, action in self.window.act_new.items():
            needs = None if entity == "place" else ("place" if entity == "visit" else "visit")
            action.setEnabled(needs is None or needs in ids)

    def new_annual_report(self) -> None:
        """Editar → Nuevo → Informe anual…: the year asked, its «informe anual» opened (created
        when it does not exist yet)."""
        from npmdesk.ui.drafting.annual_report import start  # loaded when used, not at start-up
        if self.leave():
            start(self.ctx, self.window)

    def new_for_selection(self, entity: str) -> None:
        ids = self.context_ids()
        owner = None if entity == "place" else ids.get("place" if entity == "visit" else "visit")
        if entity != "place" and owner is None:
            return
        self.new_record(entity, owner)

    def new_record(self, entity: str, parent_id) -> None:
        if entity == "report":  # a report comes from a template: the same dialog as the visit's button
            if self.leave():
                from npmdesk.ui.drafting.new_report import ask_new_report
                report = ask_new_report(self.ctx, parent_id, self.window)
                if report is not None:
                    self.ctx.sig_open.emit("report", report.id)
            return
        factory = view_for(entity)
        if factory is None:
            QMessageBox.information(self.window, APP_NAME, _(
                "Esta versión de npmdesk no tiene un formulario para crear este tipo de registro."))
            return
        if not self.leave():
            return
        self._show(factory(self.ctx, None, parent_id, self.window.central), (NEW, entity, parent_id))
        self.focus_content()

    # -- language and closing --------------------------------------------------

    def retranslate(self) -> None:
        """Show every text in the newly chosen language; the current view is rebuilt."""
        self.window.retranslateUi()
        self.review_menu.retranslate()
        self.tools_menu.retranslate()
        self.word_import.retranslate()
        self.passphrase_menu.retranslate()
        self.model.retranslate()
        self.update_save_state()
        self.working.retranslate()
        self.reshow()

    def reshow(self) -> None:
        """Rebuild the navigator and the current view (after its pending edits are saved)."""
        self.refresh(None)
        key = self.current_key
        if key is None or not self.flush():
            return
        index = self.model.index_for(key) if key[0] in (RECORD, GROUP) else None
        if index is not None and index.isValid():
            self.show_index(index)
        elif key[0] == NEW:
            self._show(self._record_view(key[1], None, key[2]), key)
        elif key[0] == OTHER:
            self._show(self._record_view(key[1], key[2], None), key)
        elif key[0] == SCREEN:
            self.show_screen(key[1], self.state()[2])

    def shutdown(self) -> None:
        """Drop the central view, the models and their rows (before the window is deleted)."""
        self._clock.stop()
        self.exchange.stop()
        self._show(None, None)
        self.search.clear()
        self.model.clear()
