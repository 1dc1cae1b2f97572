"""The main window's save state in the status bar, the Edit menu relay, and the Archivo
menu's backup and report export.

A mixin of MainController (ui/shell/main_controller.py), which provides the window, the context,
the navigator model, `current_key`, `last_saved`, `keep_backups`, `exchange_folder`, `flush`
and `_live`.
"""

import time

from PySide6.QtWidgets import QApplication, QMessageBox

from npmdesk import APP_NAME
from npmdesk.i18n import _, ngettext
from npmdesk.services.safekeeping import backups as backup_escrow
from npmdesk.ui.shell.main_navigation import OTHER
from npmdesk.ui.shell.navigator import RECORD


class WindowActions:
    """The status bar's save state, Edit relay, backup and export of the main controller."""

    def _saved(self) -> None:
        self.last_saved = time.monotonic()
        self.update_save_state()

    def update_save_state(self) -> None:
        if self.last_saved is None:
            text = _("Sin cambios en esta sesión")
        else:
            seconds = int(time.monotonic() - self.last_saved)
            if seconds < 60:
                text = _("Guardado hace {seconds} s").format(seconds=seconds)
            else:
                minutes = seconds // 60
                text = ngettext("Guardado hace {minutes} minuto", "Guardado hace {minutes} minutos",
                                minutes).format(minutes=minutes)
        self.window.save_state.setText(text)

    def _edit(self, method: str) -> None:
        widget = QApplication.focusWidget()
        if widget is not None and hasattr(widget, method):
            getattr(widget, method)()

    def backup_now(self) -> None:
        keep = self.keep_backups()
        exchange = self.exchange_folder()
        self.window.statusBar().showMessage(_("Creando copia de seguridad…"))

        def done(result):
            text = _("Copia de seguridad cifrada creada: {name}").format(name=result.path.name)
            if result.escrow is not None and not result.problem:
                text += " " + _("(también para la clave de recuperación institucional)")
            elif result.problem:
                text += " " + _("Sin copia para la clave de recuperación institucional: {reason}").format(
                    reason=result.problem)
            self.window.statusBar().showMessage(text, 12000)

        self.ctx.run(self.window, lambda s: backup_escrow.routine_backup(s, keep, exchange),
                     on_done=self._live(done))

    def current_report(self) -> str | None:
        """The report selected in the navigator (or shown in the central area), if any."""
        node = self.model.node(self.window.tree.currentIndex())
        if node is not None and node.kind == RECORD and node.entity == "report":
            return node.record_id
        key = self.current_key
        return key[2] if key and key[0] == OTHER and key[1] == "report" else None

    def shown_record(self) -> tuple[str, str] | None:
        """(entity, id) of the report selected in the navigator, or of the report or section shown
        in the central area (an annual report's, which no navigator row holds)."""
        key = self.current_key
        if key and key[0] == OTHER and key[1] in ("report", "section"):
            return key[1], key[2]
        report_id = self.current_report()
        return ("report", report_id) if report_id else None

    def export_report(self) -> None:
        report_id = self.current_report()
        if report_id is None:
            QMessageBox.information(self.window, APP_NAME, _("Elija un informe en el navegador para exportarlo."))
            return
        if self.flush():
            from npmdesk.ui.archive.export_dialog import ExportDialog
            ExportDialog.ask(self.ctx, report_id, self.window)
