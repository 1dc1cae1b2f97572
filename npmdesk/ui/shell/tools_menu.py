"""The "Herramientas" menu of the main window: the integrity check of the case file, the team
with its keys and signed roster (team_screen.py), how the signer's role is written on reports
and letters, and the institutional recovery key.

Installed by the main controller with one call, like the Revisión menu.
"""

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.ui.archive.integrity import IntegrityDialog
from npmdesk.ui.team.institution_form import InstitutionDialog
from npmdesk.ui.safekeeping.recovery_key import RecoveryKeyDialog


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
        self.act_team = QAction(window)
        self.act_team.triggered.connect(self.team)
        self.menu.addAction(self.act_team)
        self.act_institution = QAction(window)
        self.act_institution.triggered.connect(self.institution)
        self.menu.addAction(self.act_institution)
        self.act_recovery = QAction(window)
        self.act_recovery.triggered.connect(self.recovery_key)
        self.menu.addAction(self.act_recovery)
        self.dialog: IntegrityDialog | None = None
        self.team_screen = None
        self.setup_wizard = None
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Herramientas"))
        self.act_check.setText(_("&Verificar integridad del expediente…"))
        self.act_team.setText(_("&Equipo y nómina…"))
        self.act_institution.setText(_("&Datos de la institución…"))
        self.act_recovery.setText(_("&Clave de recuperación institucional…"))
        if self.team_screen is not None and isValid(self.team_screen):
            self.team_screen.retranslateUi()
            self.team_screen.reload(self.team_screen.selected())

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

    def team(self) -> None:
        """The team, their keys and the signed roster, window-modal."""
        from npmdesk.ui.team.screen import open_team
        self.controller.flush()
        if self.team_screen is not None and isValid(self.team_screen):
            self.team_screen.close()
        self.team_screen = open_team(self.controller.ctx, self.controller.window)

    def offer_setup(self) -> None:
        """The set-up assistant over a case file just created (ui/team/setup_wizard.py); once the
        team is signed in, the team screen shows it."""
        from npmdesk.ui.team.setup_wizard import open_setup
        self.setup_wizard = open_setup(self.controller.ctx, self.controller.window)

    def institution(self) -> None:
        """The institution's names, its seat and how the signer's role is written, window-modal."""
        dialog = InstitutionDialog(self.controller.ctx, self.controller.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def recovery_key(self) -> None:
        dialog = RecoveryKeyDialog(self.controller.ctx, self.controller.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
