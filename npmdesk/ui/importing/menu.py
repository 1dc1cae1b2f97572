"""Archivo → «Importar documento de Word…»: choose a .docx, review where its headings go
(import_dialog.py), then see what was imported, left out or could identify someone, and open
the new report. Installed by the main controller with one call, like the Herramientas menu."""

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from npmdesk.i18n import _, ngettext

MAX_LISTED = 8


def summary(result) -> str:
    """What the user reads once the report is written (result: report_import.Imported)."""
    lines = [_("Se creó el informe {number} con el texto de {count} secciones.").format(
        number=result.report.number, count=result.sections)]
    if result.attachments:
        lines.append(ngettext("{count} imagen quedó como adjunto de la visita, fuera de la exportación "
                              "hasta que la incluya.",
                              "{count} imágenes quedaron como adjuntos de la visita, fuera de la exportación "
                              "hasta que las incluya.", len(result.attachments)).format(count=len(result.attachments)))
    if result.left_out:
        lines.append(_("No se importó: {what}.").format(what="; ".join(result.left_out)))
    if result.passages:
        listed = [_("«{passage}» ({where}): {reason}").format(passage=p.text, where=p.where, reason=p.reason)
                  for p in result.passages[:MAX_LISTED]]
        lines.append("\n".join([ngettext("{count} pasaje podría identificar a una persona; revíselo en el editor:",
                                          "{count} pasajes podrían identificar a una persona; revíselos en el editor:",
                                          len(result.passages)).format(count=len(result.passages)), *listed]))
    return "\n\n".join(lines)


class WordImport(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.action = QAction(window)
        window.menu_file.insertAction(window.act_send_review, self.action)
        self.action.triggered.connect(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_("Importar documento de &Word…"))

    def choose_file(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(self.controller.window, _("Importar documento de Word"), "",
                                                    _("Documentos de Word (*.docx);;Todos (*)"))
        return Path(path) if path else None

    def start(self) -> None:
        path = self.choose_file()
        if path is None or not self.controller.flush():
            return
        # mammoth, python-docx and the import services load here, not with the main window.
        from npmdesk.ui.importing.import_dialog import ImportDialog
        dialog = ImportDialog(self.controller.ctx, path, self.controller.context_ids().get("visit"),
                              self.controller.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.exec()
        if dialog.result is not None:
            QMessageBox.information(self.controller.window, _("Documento importado"), summary(dialog.result))
            self.controller.ctx.sig_open.emit("report", dialog.result.report.id)
        dialog.deleteLater()
