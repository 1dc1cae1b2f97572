"""«Importar documento de Word»: the visit and template of the new report, and a preview of
where each heading of the document goes, which the user can change before anything is
written. The file is checked and read off the GUI thread; a refused file shows its sentence and
the dialog cannot import."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from npmdesk.i18n import _
from npmdesk.services.importing import mapping, report_import
from npmdesk.ui.importing.writing import WritingDialog
from npmdesk.ui.shell.widgets import resize_within_screen
from npmdesk.ui.records.base import on_live

COL_HEADING, COL_TARGET = 0, 1


class ImportDialogView(WritingDialog):
    """Layout only; ImportDialog holds the behaviour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        resize_within_screen(self, 820, 560, margin=24)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.visit = QComboBox()
        self.visit.setAccessibleName(_("Visita"))
        self.template = QComboBox()
        self.template.setAccessibleName(_("Plantilla"))
        for label, widget in ((_("&Visita:"), self.visit), (_("&Plantilla:"), self.template)):
            form.addRow(label, widget)
            form.labelForField(widget).setBuddy(widget)
        layout.addLayout(form)
        self.status = QLabel(_("Leyendo el documento…"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.parts = QTableWidget(0, 2)
        self.parts.setAccessibleName(_("Correspondencia entre títulos y secciones"))
        self.parts.setHorizontalHeaderLabels([_("Título en el documento"), _("Sección del informe")])
        self.parts.horizontalHeader().setSectionResizeMode(COL_HEADING, QHeaderView.ResizeMode.Stretch)
        # The chosen section whole, its indentation too; the document's headings take the rest.
        self.parts.horizontalHeader().setSectionResizeMode(COL_TARGET, QHeaderView.ResizeMode.Interactive)
        self.parts.verticalHeader().setVisible(False)
        layout.addWidget(self.parts, 1)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        layout.addWidget(self.left_out)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Importar"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        layout.addWidget(self.buttons)


class ImportDialog(ImportDialogView):
    def __init__(self, ctx, path, visit_id: str | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.path, self.preview, self.result = ctx, path, None, None
        self.plan: mapping.Plan | None = None
        self.setWindowTitle(_("Importar «{name}»").format(name=path.name))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self.visit.currentIndexChanged.connect(self._visit_changed)
        self.template.currentIndexChanged.connect(self.show_plan)
        self.running = False  # the import is being written: it cannot be cancelled any more
        self.ctx.run(self, lambda s: report_import.preview(s, path),
                     on_done=on_live(self, lambda preview: self._loaded(preview, visit_id)),
                     on_error=on_live(self, self._failed))

    def _failed(self, exc) -> None:
        from npmdesk.ui.common.ops import error_text
        self.status.setText(error_text(exc))

    def _loaded(self, preview: report_import.Preview, visit_id: str | None) -> None:
        self.preview = preview
        if not preview.visits:
            self.status.setText(_("El expediente no tiene visitas: registre primero la visita de la que "
                                  "es este informe."))
            return
        for signal_source in (self.visit, self.template):
            signal_source.blockSignals(True)
        for key, template in preview.templates.items():
            self.template.addItem(template.name, key)
        for vid, label in preview.visits:
            self.visit.addItem(label, vid)
        self.visit.setCurrentIndex(max(0, self.visit.findData(visit_id)) if visit_id else 0)
        for signal_source in (self.visit, self.template):
            signal_source.blockSignals(False)
        self._visit_changed()
        self.ok.setEnabled(True)

    def _visit_changed(self, *_args) -> None:
        key = self.preview.default_template.get(self.visit.currentData(), "visita")
        self.template.setCurrentIndex(max(0, self.template.findData(key)))
        self.show_plan()

    def show_plan(self, *_args) -> None:
        if self.preview is None or self.template.currentData() is None:
            return
        self.plan = self.preview.plan(self.template.currentData())
        self.parts.setRowCount(len(self.plan.document.parts))
        for row, (part, choice) in enumerate(zip(self.plan.document.parts, self.plan.choices)):
            heading = QTableWidgetItem(part.heading or _("(antes del primer título)"))
            heading.setFlags(heading.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.parts.setItem(row, COL_HEADING, heading)
            combo = QComboBox()
            combo.setAccessibleName(_("Sección para «{heading}»").format(heading=heading.text()[:60]))
            combo.addItem(_("No importar"), mapping.SKIP)
            combo.addItem(_("Con la sección anterior"), mapping.CONTINUE)
            for target in self.plan.targets:
                combo.addItem("    " * target.depth + target.title, target.key)
            combo.setCurrentIndex(combo.findData(choice))
            combo.currentIndexChanged.connect(self._choice_changed)
            self.parts.setCellWidget(row, COL_TARGET, combo)
            self.parts.setColumnWidth(COL_TARGET, max(self.parts.columnWidth(COL_TARGET), combo.sizeHint().width()))
        self._choice_changed()

    def choices(self) -> list[str]:
        return [self.parts.cellWidget(row, COL_TARGET).currentData() for row in range(self.parts.rowCount())]

    def _choice_changed(self, *_args) -> None:
        self.plan.choices = self.choices()
        lines = mapping.left_out(self.plan)
        self.status.setText(_("Revise a qué sección va cada título; nada se escribe hasta «Importar»."))
        self.left_out.setText(_("No se importará: {what}").format(what="; ".join(lines)) if lines else "")

    def start_import(self) -> None:
        visit_id, plan = self.visit.currentData(), self.plan
        self.write(lambda s: report_import.apply(s, visit_id, plan))
