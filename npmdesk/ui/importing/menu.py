"""Archivo → «Importar documento de Word…»: choose a .docx, review where its headings go
(import_dialog.py), then see what was imported, left out or could identify someone, and open
the new report. Archivo → «Importar comentarios de Word…»: an authority's answer to the report
selected, its comments and tracked changes as observations (signed by the person working,
whose personal passphrase is asked when her key is locked). Archivo → «Migrar informes
anteriores de Word…»: a folder of past reports as historical reports (migrate_dialog.py).
Installed by the main controller with one call, like the Herramientas menu."""

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from npmdesk.i18n import _, ngettext
from npmdesk.ui.common import file_dialogs

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


def remarks_summary(result) -> str:
    """What the user reads once the comments are observations (result: comments.RemarksImported)."""
    text = ngettext("Se añadió {count} observación al informe; el texto de las secciones no cambió.",
                    "Se añadieron {count} observaciones al informe; el texto de las secciones no cambió.",
                    len(result.observations)).format(count=len(result.observations))
    if result.unplaced:
        text += "\n\n" + _("Sin sección del informe a la que anclarlos: {what}.").format(
            what="; ".join(result.unplaced[:MAX_LISTED]))
    return text


def migrated_summary(result) -> str:
    """What the user reads once the archive is in (result: archive.Migrated)."""
    text = _("{reports} informes históricos importados (estado «importado»), {recommendations} "
             "recomendaciones.").format(reports=len(result.reports), recommendations=result.recommendations)
    if result.skipped:
        text += "\n\n" + _("No se importó: {what}.").format(what="; ".join(result.skipped[:MAX_LISTED]))
    return text


def import_comments(ctx, parent, report_id: str, path: Path, authority: str, on_done) -> None:
    """Run the import of an answer's remarks as the person working; `on_done(result)`."""
    from npmdesk.services.importing import comments
    from npmdesk.ui.team.working import with_key
    run = with_key(parent, ctx, ctx.session.actor,  # observations are signed
                   lambda s: comments.import_remarks(s, report_id, path, authority))
    if run is not None:
        ctx.run(parent, run, on_done=on_done, changed=("section", ""))


class WordImport(QObject):
    def __init__(self, controller):
        super().__init__(controller)
        self.controller = controller
        window = controller.window
        self.action = QAction(window)
        window.menu_file.insertAction(window.act_send_review, self.action)
        self.action.triggered.connect(self.start)
        self.act_comments = QAction(window)
        window.menu_file.insertAction(window.act_send_review, self.act_comments)
        self.act_comments.triggered.connect(self.start_comments)
        self.act_migrate = QAction(window)
        window.menu_file.insertAction(window.act_send_review, self.act_migrate)
        self.act_migrate.triggered.connect(self.start_migration)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_("Importar documento de &Word…"))
        self.act_comments.setText(_("Importar co&mentarios de Word…"))
        self.act_migrate.setText(_("Migrar informes an&teriores de Word…"))

    def choose_folder(self) -> Path | None:
        path = file_dialogs.get_existing_directory(self.controller.window, _("Carpeta de informes anteriores"))
        return Path(path) if path else None

    def start_migration(self) -> None:
        folder = self.choose_folder()
        if folder is None or not self.controller.flush():
            return
        from npmdesk.ui.importing.migrate_dialog import MigrateDialog
        dialog = MigrateDialog(self.controller.ctx, folder, self.controller.window)
        dialog.exec()
        if dialog.result is not None:
            QMessageBox.information(self.controller.window, _("Informes migrados"), migrated_summary(dialog.result))
        dialog.deleteLater()

    def ask_authority(self) -> str | None:
        text, ok = QInputDialog.getText(self.controller.window, _("Importar comentarios de Word"),
                                        _("Autoridad que responde (figurará en cada observación):"))
        return text.strip() if ok else None

    def start_comments(self) -> None:
        window = self.controller.window
        report_id = self.controller.current_report()
        if report_id is None:
            QMessageBox.information(window, _("Importar comentarios de Word"),
                                    _("Elija en el navegador el informe al que responde el documento."))
            return
        path = self.choose_file()
        if path is None or not self.controller.flush():
            return
        authority = self.ask_authority()
        if authority is None:
            return

        def done(result) -> None:
            QMessageBox.information(window, _("Comentarios importados"), remarks_summary(result))
            self.controller.ctx.sig_open.emit("report", report_id)
        import_comments(self.controller.ctx, window, report_id, path, authority, done)

    def choose_file(self) -> Path | None:
        path, _filter = file_dialogs.get_open_file_name(self.controller.window, _("Importar documento de Word"), "",
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
