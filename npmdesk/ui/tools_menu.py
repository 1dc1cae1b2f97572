"""The "Herramientas" menu of the main window: the integrity check of the case file.

Installed by the main controller with one call, like the Revisión menu.
"""

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.ui.integrity import IntegrityDialog


class ToolsMenu(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.menu = QMenu(window)
        window.menuBar().insertMenu(window.menu_help.menuAction(), self.menu)
        self.act_check = QAction(window)
        self.act_check.triggered.connect(self.check)
        self.menu.addAction(self.act_check)
        self.dialog: IntegrityDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Herramientas"))
        self.act_check.setText(_("&Verificar integridad del expediente…"))

    def check(self) -> None:
        """Save pending edits (so that they are checked too), then open the check, window-modal.

        Edits the form cannot save yet (it says why) stay in the form; the check reads the file.
        """
        self.controller.flush()
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = IntegrityDialog(self.controller.ctx, self.controller.window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
