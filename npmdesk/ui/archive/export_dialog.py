"""Archivo → Exportar informe…: the Word document, the optional signed archive bundle, progress,
the disclosure check's findings (each opens its passage) and a director's override.

The disclosure check and the export run through the op helper (off the GUI thread); the
export reports progress through a queued signal and can be cancelled before anything is
written.
"""

import re
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QVBoxLayout)

from npmdesk.i18n import _
from npmdesk.services.archive import bundle as archive
from npmdesk.services.archive import word as export
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import field_row, heading, message_label, named, show_message, short
from npmdesk.ui.common import file_dialogs

SectionIdRole = Qt.ItemDataRole.UserRole + 1
"""A finding row's section id ('' when the passage is not in a section)."""


class _Progress(QObject):
    sig_progress = Signal(int, int)
    """Fires (from the worker thread, delivered queued) with (done, total) while exporting."""


def default_name(number: str, title: str) -> str:
    base = re.sub(r"[^\w\-]+", "_", number or title or _("informe")).strip("_") or _("informe")
    return base[:80]


class ExportView(QDialog):
    """Layout only: the controller part below gives it behaviour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(620)
        self.title = heading(scale=1.2)
        self.docx = QLineEdit()
        self.docx_button = QPushButton()
        self.archive_check = QCheckBox()
        self.archive = QLineEdit()
        self.archive_button = QPushButton()
        self.archive_note = QLabel()
        self.archive_note.setWordWrap(True)
        self.findings_label = QLabel()
        self.findings_label.setWordWrap(True)
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.override = QCheckBox()
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = message_label()
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.folder_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.hide()
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        form = QFormLayout()
        self.docx_label, self.archive_label = QLabel(), QLabel()
        form.addRow(self.docx_label, field_row(self.docx, self.docx_button))
        form.addRow("", self.archive_check)
        form.addRow(self.archive_label, field_row(self.archive, self.archive_button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.archive_note)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.override)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Exportar informe"))
        self.docx_label.setText(_("&Documento Word:"))
        self.docx_label.setBuddy(self.docx)
        self.archive_label.setText(_("&Paquete:"))
        self.archive_label.setBuddy(self.archive)
        self.docx_button.setText(_("Elegir…"))
        self.archive_button.setText(_("Elegir…"))
        self.archive_check.setText(_("Crear también un paquete de archivo firmado (.zip) con PDF y manifiesto"))
        # The form row squeezed it below its text (429 of 684 px at 150 % text): hold it at its text's width.
        self.archive_check.setMinimumWidth(self.archive_check.sizeHint().width())
        self.override.setText(_("Autorizo la exportación con estos avisos (dirección; queda en la bitácora)"))
        self.export_button.setText(_("&Exportar"))
        self.folder_button.setText(_("Abrir la &carpeta"))
        self.close_button.setText(_("Cerrar"))
        for widget, name in ((self.docx, _("Documento Word de destino")),
                             (self.archive, _("Paquete de archivo de destino")),
                             (self.findings, _("Avisos de identificación")),
                             (self.progress, _("Progreso de la exportación")),
                             (self.message, _("Resultado"))):
            named(widget, name)


class ExportDialog(ExportView):
    """The export dialog of one report; `ask(ctx, report_id, parent)` shows it modally."""

    sig_exported = Signal(object)
    """Fires after a successful export with the ExportResult or ArchiveResult."""

    def __init__(self, ctx, report_id: str, folder: Path | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.report_id = ctx, report_id
        self.folder = folder or Path.home()
        self.preview: archive.Preview | None = None
        self.running = False
        self.cancel_event = threading.Event()
        self.relay = _Progress(self)
        self.relay.sig_progress.connect(self._progress)
        self.export_button.setEnabled(False)
        self.archive_check.toggled.connect(self._sync)
        self.override.toggled.connect(self._sync)
        self.docx_button.clicked.connect(self._choose_docx)
        self.archive_button.clicked.connect(self._choose_archive)
        self.findings.itemActivated.connect(self._open_passage)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._close_or_cancel)
        self.folder_button.clicked.connect(self._open_folder)
        self.findings_label.setText(_("Comprobando si el texto identifica a alguna persona…"))
        self._sync()
        self.check()

    @classmethod
    def ask(cls, ctx, report_id: str, parent=None):
        dialog = cls(ctx, report_id, parent=parent)
        result = []
        dialog.sig_exported.connect(result.append)
        dialog.exec()
        return result[-1] if result else None

    # -- disclosure check ------------------------------------------------------

    def check(self) -> None:
        self.ctx.run(self, lambda s: archive.preview(s, self.report_id), on_done=self._checked,
                     on_error=self._failed)

    def _checked(self, preview: archive.Preview) -> None:
        first = self.preview is None
        self.preview = preview
        self.title.setText(preview.title)
        if first:
            name = default_name(preview.number, preview.title)
            self.docx.setText(str(self.folder / f"{name}.docx"))
            self.archive.setText(str(self.folder / f"{name}-archivo.zip"))
            self.archive_check.setChecked(not preview.may_archive)
        self.archive_note.setText(preview.may_archive)
        self.archive_note.setVisible(bool(preview.may_archive))
        self.findings.clear()
        for item in preview.findings:
            row = QListWidgetItem(_("[{where}] «{excerpt}» — {reason}").format(
                where=short(item.where, 40), excerpt=item.excerpt, reason=item.reason))
            row.setData(SectionIdRole, preview.section_ids.get(item.where, ""))
            self.findings.addItem(row)
        if preview.findings:
            self.findings_label.setText(_(
                "{count} pasaje(s) podrían identificar a personas entrevistadas. Haga doble clic en uno "
                "para abrir su sección y corregirlo; la exportación queda detenida hasta entonces.").format(
                count=len(preview.findings)))
        else:
            self.findings_label.setText(_("Ningún pasaje identifica a personas entrevistadas."))
        self.findings.setVisible(bool(preview.findings))
        self.override.setVisible(bool(preview.findings) and preview.may_override)
        self._sync()

    def _open_passage(self, item: QListWidgetItem) -> None:
        section_id = item.data(SectionIdRole)
        if section_id:
            self.ctx.sig_open.emit("section", section_id)
        else:
            self.ctx.sig_open.emit("report", self.report_id)

    # -- choosing files --------------------------------------------------------

    def _choose_docx(self) -> None:
        path, _filter = file_dialogs.get_save_file_name(self, _("Guardar el informe como"), self.docx.text(),
                                                    _("Documento Word") + " (*.docx)")
        if path:
            self.docx.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def _choose_archive(self) -> None:
        path, _filter = file_dialogs.get_save_file_name(self, _("Guardar el paquete de archivo como"),
                                                    self.archive.text(), _("Paquete de archivo") + " (*.zip)")
        if path:
            self.archive.setText(path if path.lower().endswith(".zip") else path + ".zip")

    def _sync(self) -> None:
        preview = self.preview
        blocked = preview is None or (bool(preview.findings) and not self.override.isChecked())
        can_archive = preview is not None and not preview.may_archive
        self.archive_check.setEnabled(can_archive and not self.running)
        self.archive.setEnabled(self.archive_check.isChecked() and not self.running)
        self.archive_button.setEnabled(self.archive_check.isChecked() and not self.running)
        self.export_button.setEnabled(not blocked and not self.running)
        self.close_button.setText(_("Cancelar") if self.running else _("Cerrar"))

    def _validate(self) -> tuple[Path, Path | None] | str:
        docx = Path(self.docx.text().strip()).expanduser()
        if not self.docx.text().strip() or docx.suffix.lower() != ".docx":
            return _("El documento debe terminar en .docx.")
        if not docx.parent.is_dir():
            return _("No existe la carpeta «{folder}».").format(folder=docx.parent)
        if not self.archive_check.isChecked():
            return docx, None
        bundle = Path(self.archive.text().strip()).expanduser()
        if not self.archive.text().strip() or bundle.suffix.lower() != ".zip":
            return _("El paquete de archivo debe terminar en .zip.")
        if not bundle.parent.is_dir():
            return _("No existe la carpeta «{folder}».").format(folder=bundle.parent)
        return docx, bundle

    # -- exporting -------------------------------------------------------------

    def start_export(self) -> None:
        checked = self._validate()
        if isinstance(checked, str):
            show_message(self.message, checked)
            return
        docx, bundle = checked
        override = self.override.isChecked() and self.override.isVisible()
        self.cancel_event.clear()
        emit, cancelled = self.relay.sig_progress.emit, self.cancel_event.is_set
        self.running = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.folder_button.hide()
        show_message(self.message, _("Exportando…"), error=False)
        self._sync()
        report_id = self.report_id

        def work(session):
            if bundle is None:
                return export.export_report(session, report_id, docx, override=override,
                                            progress=emit, cancel=cancelled, layout=True)
            return archive.export_archive(session, report_id, docx, bundle, override=override,
                                          progress=emit, cancel=cancelled)

        self.ctx.run(self, work, on_done=self._done, on_error=self._failed, changed=("report", report_id))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result) -> None:
        self.running = False
        self.progress.setValue(self.progress.maximum())
        path = result.export.path if isinstance(result, archive.ArchiveResult) else result.path
        self.done_folder = path.parent
        text = _("Informe exportado: {name}").format(name=path.name)
        exported = result.export if isinstance(result, archive.ArchiveResult) else result
        if not exported.toc_pages:
            text += "\n" + _("El índice lista los títulos, sin números de página: LibreOffice no está instalado o "
                              "no pudo paginarlo. Word los completa al abrir el documento (acepte «actualizar los "
                              "campos»).")
        if isinstance(result, archive.ArchiveResult):
            text += "\n" + _("Paquete de archivo firmado: {name}").format(name=result.bundle.name)
            if result.pdf_note:
                text += "\n" + _("Sin copia PDF: {reason}.").format(reason=result.pdf_note)
        text += "\n" + _("Carpeta: {folder}").format(folder=path.parent)
        show_message(self.message, text, error=False)
        self.folder_button.show()
        self._sync()
        self.sig_exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.hide()
        show_message(self.message, error_text(exc))
        self._sync()
        if isinstance(exc, export.DisclosureFound):
            self.check()

    def _close_or_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            show_message(self.message, _("Cancelando…"), error=False)
            return
        self.reject()

    def reject(self) -> None:
        if self.running:  # the export must report back first; Escape asks it to stop
            self.cancel_event.set()
            return
        super().reject()

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.done_folder)))
