"""The main window's layout: menus, the navigator with its search box, the central area, the status bar.

Only layout and texts live here; `main_controller.MainController` gives it behaviour.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListView, QMainWindow, QPushButton, QSplitter, QStackedWidget,
                               QToolButton, QTreeView, QVBoxLayout, QWidget)

from npmdesk.i18n import _
from npmdesk.ui.shell.tree_data import NEW_LABELS
from npmdesk.ui.shell.widgets import heading, message_label, named, resize_within_screen

NEW_ENTITIES = tuple(NEW_LABELS)


class NavigatorTree(QTreeView):
    """The navigator. Its Detalle column takes at most a quarter of the width: at a fixed 130 px,
    a 340 px navigator at 1024x600 cut a finding five levels deep to «Haci…»."""

    DETAIL_WIDTH = 130

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setIndentation(14)

    def fit_detail(self) -> None:
        if self.header().count() > 1:
            self.header().resizeSection(1, min(self.DETAIL_WIDTH, self.viewport().width() // 4))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_detail()


class MainWindow(QMainWindow):
    """Layout only; child widgets and actions are attributes the controller connects."""

    def __init__(self, case_name: str, parent=None):
        super().__init__(parent)
        self.case_name = case_name
        self.controller = None
        self.allow_close = False
        self._build_actions()
        self._build_menus()
        self._build_body()
        self._build_status()
        resize_within_screen(self, 1180, 760)  # a 1024x600 laptop: all of it shows
        self.retranslateUi()

    # -- building --------------------------------------------------------------

    def _action(self, shortcut=None, fallback: str = "") -> QAction:
        """An action with the platform's standard shortcut (or `fallback` where it has none)."""
        action = QAction(self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys = QKeySequence.keyBindings(shortcut)
            action.setShortcuts(keys or [QKeySequence(fallback)])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new_case = self._action("Ctrl+Shift+N")
        self.act_open_case = self._action(key.Open, "Ctrl+O")
        self.act_recover = self._action()
        self.act_backup = self._action("Ctrl+Shift+B")
        self.act_export = self._action("Ctrl+E")
        self.act_import_package = self._action("Ctrl+Shift+I")
        self.act_send_review = self._action()
        self.act_return_author = self._action()
        self.act_received = self._action()
        self.act_lock = self._action("Ctrl+L")
        self.act_work_as = self._action()
        self.act_close_case = self._action(key.Close, "Ctrl+W")
        self.act_quit = self._action(key.Quit, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_undo = self._action(key.Undo, "Ctrl+Z")
        self.act_redo = self._action(key.Redo, "Ctrl+Shift+Z")
        self.act_cut = self._action(key.Cut, "Ctrl+X")
        self.act_copy = self._action(key.Copy, "Ctrl+C")
        self.act_paste = self._action(key.Paste, "Ctrl+V")
        self.act_select_all = self._action(key.SelectAll, "Ctrl+A")
        self.act_find = self._action(key.Find, "Ctrl+F")
        self.act_settings = self._action("Ctrl+,")
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_new = {entity: self._action() for entity in NEW_ENTITIES}
        self.act_new["place"].setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.act_new_annual = self._action()  # the year's annual report: belongs to no place or visit
        self.act_focus_tree = self._action("Ctrl+1")
        self.act_focus_content = self._action("Ctrl+2")
        self.act_refresh = self._action(key.Refresh, "F5")
        self.act_recommendations = self._action("Ctrl+Shift+M")
        self.act_statistics = self._action("Ctrl+Shift+E")
        self.act_letters = self._action("Ctrl+Shift+O")
        self.act_manual = self._action(key.HelpContents, "F1")
        self.act_about = self._action()
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about_qt = self._action()
        self.act_about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        for action in (self.act_new_case, self.act_open_case, self.act_recover, None, self.act_export,
                       self.act_send_review, self.act_return_author, self.act_import_package,
                       self.act_received, None,
                       self.act_backup, self.act_lock, self.act_work_as, None, self.act_close_case, self.act_quit):
            self.menu_file.addSeparator() if action is None else self.menu_file.addAction(action)
        self.menu_edit = bar.addMenu("")
        for action in (self.act_undo, self.act_redo, None, self.act_cut, self.act_copy,
                       self.act_paste, self.act_select_all, None):
            self.menu_edit.addSeparator() if action is None else self.menu_edit.addAction(action)
        self.menu_new = self.menu_edit.addMenu("")
        for entity in NEW_ENTITIES:
            self.menu_new.addAction(self.act_new[entity])
        self.menu_new.addSeparator()
        self.menu_new.addAction(self.act_new_annual)
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_find)
        self.menu_edit.addAction(self.act_settings)
        self.menu_view = bar.addMenu("")
        for action in (self.act_focus_tree, self.act_focus_content, None, self.act_recommendations,
                       self.act_letters, self.act_statistics, None, self.act_refresh):
            self.menu_view.addSeparator() if action is None else self.menu_view.addAction(action)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_manual)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)
        self.menu_help.addAction(self.act_about_qt)

    def _build_body(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        left_layout.addWidget(self.search)
        self.left_stack = QStackedWidget()
        self.tree = NavigatorTree()
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAllColumnsShowFocus(True)
        self.results = QListView()
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(2)
        self.results_heading = QLabel()
        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.results_heading)
        results_layout.addWidget(self.results, 1)
        self.left_stack.addWidget(self.tree)
        self.left_stack.addWidget(results_page)
        left_layout.addWidget(self.left_stack, 1)
        self.splitter.addWidget(left)
        self.central = QWidget()
        self.central_layout = QVBoxLayout(self.central)
        self.central_layout.setContentsMargins(6, 6, 6, 6)
        self.welcome = QWidget()
        welcome_layout = QVBoxLayout(self.welcome)
        self.welcome_title = heading(scale=1.5)
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        welcome_layout.addWidget(self.welcome_title)
        welcome_layout.addWidget(self.welcome_text)
        welcome_layout.addStretch(1)
        self.central_layout.addWidget(self.welcome)
        self.splitter.addWidget(self.central)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 840])  # the navigator keeps 340 px: at 1024x600 the text gets the rest
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self._build_damage_banner())
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

    def _build_damage_banner(self) -> QWidget:
        """Hidden until the background page check finds damage (ui/shell/page_check.py)."""
        self.damage_banner = QWidget()
        row = QHBoxLayout(self.damage_banner)
        row.setContentsMargins(10, 8, 10, 8)
        self.damage_message = message_label()
        row.addWidget(self.damage_message, 1)
        self.damage_restore_button = QPushButton()
        row.addWidget(self.damage_restore_button)
        self.damage_banner.hide()
        return self.damage_banner

    def configure_tree(self) -> None:
        """Column sizing once the model is set."""
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.fit_detail()

    def _build_status(self) -> None:
        self.save_state = QLabel()
        self.lock_button = QToolButton()
        self.lock_button.setDefaultAction(self.act_lock)
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.received_button = QToolButton()
        self.received_button.setAutoRaise(True)
        self.received_button.hide()
        self.page_check_note = QLabel()
        self.page_check_note.hide()
        self.working_label = QLabel()  # "Trabajando como …": ui/team/working.py keeps it current
        self.statusBar().addPermanentWidget(self.working_label)
        self.statusBar().addPermanentWidget(self.page_check_note)
        self.statusBar().addPermanentWidget(self.received_button)
        self.statusBar().addPermanentWidget(self.save_state)
        self.statusBar().addPermanentWidget(self.lock_button)

    def closeEvent(self, event) -> None:
        """Closing the window quits through the controller (save, backup, then close)."""
        if self.allow_close:
            event.accept()
            return
        event.ignore()
        if self.controller is not None:
            self.controller.sig_quit.emit()

    # -- texts -----------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("{name} — npmdesk").format(name=self.case_name))
        self.menu_file.setTitle(_("&Archivo"))
        self.menu_edit.setTitle(_("&Editar"))
        self.menu_view.setTitle(_("&Ver"))
        self.menu_help.setTitle(_("A&yuda"))
        self.menu_new.setTitle(_("&Nuevo"))
        texts = {
            self.act_new_case: _("&Nuevo expediente…"), self.act_open_case: _("&Abrir expediente…"),
            self.act_recover: _("Recuperar con el código institucional…"),
            self.act_import_package: _("&Importar paquete…"),
            self.act_received: _("&Paquetes recibidos…"),
            self.act_send_review: _("Enviar a &revisión…"), self.act_return_author: _("&Devolver al autor…"),
            self.act_backup: _("Crear &copia de seguridad"), self.act_lock: _("&Bloquear"),
            self.act_work_as: _("Cambiar de &persona…"),
            self.act_export: _("E&xportar informe…"),
            self.act_close_case: _("C&errar expediente"), self.act_quit: _("&Salir"),
            self.act_undo: _("&Deshacer"), self.act_redo: _("&Rehacer"), self.act_cut: _("Cor&tar"),
            self.act_copy: _("&Copiar"), self.act_paste: _("&Pegar"),
            self.act_select_all: _("Seleccionar &todo"), self.act_find: _("&Buscar…"),
            self.act_settings: _("Pre&ferencias…"), self.act_focus_tree: _("Ir al &navegador"),
            self.act_focus_content: _("Ir al &contenido"), self.act_refresh: _("&Actualizar"),
            self.act_recommendations: _("&Recomendaciones de todos los lugares"),
            self.act_statistics: _("E&stadísticas"),
            # TRANSLATORS: in Editar → Nuevo, whose other entries use l, v, i, e, n, h, r, a.
            self.act_new_annual: _("Informe an&ual…"),
            self.act_letters: _("&Oficios y respuestas pendientes"),
            self.act_manual: _("&Manual de usuario"), self.act_about: _("&Acerca de npmdesk"),
            self.act_about_qt: _("Acerca de &Qt"),
        }
        for action, text in texts.items():
            action.setText(text)
        for entity, action in self.act_new.items():
            action.setText(_(NEW_LABELS[entity]))
        self.act_lock.setToolTip(_("Bloquear el expediente (Ctrl+L)"))
        self.page_check_note.setText(_("Comprobando la integridad del archivo…"))
        self.damage_restore_button.setText(_("Cerrar y &restaurar la copia más reciente…"))
        self.search.setPlaceholderText(_("Buscar en todo el expediente (Ctrl+F)"))
        self.welcome_title.setText(self.case_name)
        self.welcome_text.setText(_(
            "Elija un lugar, una visita o un registro en el navegador de la izquierda, o cree uno "
            "nuevo desde el menú Editar → Nuevo. El expediente se guarda solo; Ctrl+L lo bloquea."))
        for widget, name in ((self.search, _("Buscar en todo el expediente")),
                             (self.tree, _("Navegador del expediente")),
                             (self.results, _("Resultados de la búsqueda")),
                             (self.results_heading, _("Resumen de la búsqueda")),
                             (self.save_state, _("Estado de guardado")),
                             (self.working_label, _("Persona que trabaja")),
                             (self.page_check_note, _("Comprobación de integridad")),
                             (self.damage_message, _("Expediente dañado")),
                             (self.damage_restore_button,
                              _("Cerrar y restaurar la copia de seguridad más reciente")),
                             (self.lock_button, _("Bloquear")),
                             (self.central, _("Contenido")),
                             (self.welcome_title, _("Título")),
                             (self.welcome_text, _("Bienvenida"))):
            named(widget, name)
