"""The "Revisión" menu of the main window: review screen, bitácora and dashboard.

Installed by the main controller with one call, so the main window's layout stays untouched.
"""

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from npmdesk.i18n import _
from npmdesk.ui.archive.audit_view import open_audit
from npmdesk.ui.shell.dashboard import open_dashboard
from npmdesk.ui.shell.navigator import KeyRole
from npmdesk.ui.review.screen import open_review
from npmdesk.ui.tracking.views import LETTERS

KIND = "review"  # item-key kind of these screens; the main controller brings them back after a lock
SCREENS = {"review_queue": open_review, "audit_log": open_audit, "dashboard": open_dashboard}


class ReviewMenu(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.menu = QMenu(window)
        window.menuBar().insertMenu(window.menu_help.menuAction(), self.menu)
        self.act_dashboard = QAction(window)
        self.act_dashboard.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.act_queue = QAction(window)
        self.act_queue.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_audit = QAction(window)
        for action, entity in ((self.act_dashboard, "dashboard"), (self.act_queue, "review_queue"),
                               (self.act_audit, "audit_log")):
            self.menu.addAction(action)
            action.triggered.connect(lambda _checked=False, e=entity: self.show(e))
        controller.sig_ready.connect(self._ready)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Revisión"))
        self.act_dashboard.setText(_("&Panel de inicio"))
        self.act_queue.setText(_("&Secciones por revisar"))
        self.act_audit.setText(_("&Bitácora"))
        self.reshow()

    def reshow(self) -> bool:
        """Rebuild the screen of this menu shown in the central area, if any (True when one is)."""
        key = self.controller.current_key
        if key and key[0] == KIND:
            self.show(key[1], self.controller.state()[2] or None, enter=False)  # keeping the selected item
            return True
        return False

    def _ready(self) -> None:
        """On opening, the dashboard takes the central area unless a lock restored another item."""
        top = self.controller.model.top_index()
        if self.controller.current_key == (top.data(KeyRole) if top.isValid() else None):
            self.show("dashboard", enter=False)  # the focus stays in the search box

    def show(self, entity: str, record_id: str | None = None, enter: bool = True) -> None:
        """Open one of this menu's screens; `enter`: with the focus in it (asked for by the person)."""
        controller = self.controller
        if not controller.leave():
            return
        widget = SCREENS[entity](controller.ctx, record_id, None, controller.window.central)
        if entity == "dashboard":
            widget.controller.sig_open.connect(self.open_target)
        controller._show(widget, (KIND, entity, record_id or ""))
        controller._quiet = True
        controller.window.tree.setCurrentIndex(QModelIndex())
        controller._quiet = False
        if enter:
            controller.enter()

    def open_target(self, kind: str, record_id: str) -> None:
        if kind == "review":
            self.show("review_queue", record_id)
        elif kind == "letter":
            self.controller.show_screen(LETTERS, record_id)
        else:
            self.controller.open_hit(kind, record_id)
