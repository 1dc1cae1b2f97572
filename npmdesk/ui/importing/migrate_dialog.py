"""«Migrar un archivo de informes en Word»: each .docx of a folder with the place and visit date
read from its cover (the user sets or corrects them), and for the file selected, the columns of
its recommendation tables and the field each becomes. Nothing is written until «Importar»;
a refused file is listed with its sentence."""

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from npmdesk.i18n import N_, _
from npmdesk.services.importing import archive
from npmdesk.ui.importing.writing import WritingDialog
from npmdesk.ui.shell.widgets import resize_within_screen
from npmdesk.ui.records.base import on_live

COL_FILE, COL_PLACE, COL_DATE, COL_TABLES = 0, 1, 2, 3
FIELD_LABELS = {"text": N_("Texto de la recomendación"), "authority": N_("Autoridad destinataria"),
                "priority": N_("Prioridad"), "deadline": N_("Plazo"), archive.IGNORE: N_("No se importa")}


class MigrateDialog(WritingDialog):
    def __init__(self, ctx, folder, parent=None):
        super().__init__(parent)
        self.ctx, self.survey, self.result = ctx, None, None
        self.setWindowTitle(_("Migrar informes anteriores de «{name}»").format(name=folder.name))
        resize_within_screen(self, 900, 620, margin=24)
        layout = QVBoxLayout(self)
        self.status = QLabel(_("Leyendo los documentos…"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.files = QTableWidget(0, 4)
        self.files.setAccessibleName(_("Documentos a migrar"))
        self.files.setHorizontalHeaderLabels([_("Documento"), _("Lugar"), _("Fecha de la visita"),
                                              _("Recomendaciones")])
        self.files.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The chosen place whole («Centro Penitenciario de Cerro Azul»), the file names take the rest.
        self.files.horizontalHeader().setSectionResizeMode(COL_PLACE, QHeaderView.ResizeMode.Interactive)
        self.files.verticalHeader().setVisible(False)
        layout.addWidget(self.files, 2)
        layout.addWidget(QLabel(_("Columnas de las tablas de recomendaciones del documento elegido:")))
        self.columns = QTableWidget(0, 2)
        self.columns.setAccessibleName(_("Correspondencia de columnas"))
        self.columns.setHorizontalHeaderLabels([_("Columna en el documento"), _("Campo de la recomendación")])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        layout.addWidget(self.columns, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Importar"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.files.currentCellChanged.connect(lambda row, *_rest: self.show_columns(row))
        self.running = False  # the migration is being written: it cannot be cancelled any more
        self.ctx.run(self, lambda s: archive.survey(s, folder), on_done=on_live(self, self._loaded),
                     on_error=on_live(self, self._failed))

    def _failed(self, exc) -> None:
        from npmdesk.ui.common.ops import error_text
        self.status.setText(error_text(exc))

    def _loaded(self, survey: archive.Survey) -> None:
        self.survey = survey
        self.files.setRowCount(len(survey.candidates))
        for row, candidate in enumerate(survey.candidates):
            self.files.setItem(row, COL_FILE, QTableWidgetItem(candidate.path.name))
            place = QComboBox()
            place.setAccessibleName(_("Lugar de «{name}»").format(name=candidate.path.name))
            place.addItem(_("— (no se importa)"), None)
            for place_id, name in survey.places:
                place.addItem(name, place_id)
            place.setCurrentIndex(max(0, place.findData(candidate.place_id)))
            self.files.setCellWidget(row, COL_PLACE, place)
            self.files.setColumnWidth(COL_PLACE, max(self.files.columnWidth(COL_PLACE), place.sizeHint().width()))
            date = QLineEdit(candidate.date)
            date.setPlaceholderText(_("AAAA-MM-DD"))
            date.setAccessibleName(_("Fecha de la visita de «{name}»").format(name=candidate.path.name))
            self.files.setCellWidget(row, COL_DATE, date)
            offered = QCheckBox(str(sum(len(t.rows) for t in candidate.tables)))
            offered.setChecked(bool(candidate.tables))
            offered.setEnabled(bool(candidate.tables))
            offered.setAccessibleName(_("Importar las recomendaciones de «{name}»").format(name=candidate.path.name))
            self.files.setCellWidget(row, COL_TABLES, offered)
        refused = "; ".join(survey.refused)
        self.status.setText(_("Compruebe el lugar y la fecha de cada documento; los que no tengan ambos no se "
                              "importan. Se importarán como informes históricos, en estado «importado».")
                            + (" " + _("No se pueden importar: {what}").format(what=refused) if refused else ""))
        if survey.candidates:
            self.files.setCurrentCell(0, COL_FILE)
            self.ok.setEnabled(True)

    def show_columns(self, row: int) -> None:
        self.columns.setRowCount(0)
        if self.survey is None or not 0 <= row < len(self.survey.candidates):
            return
        for t, table in enumerate(self.survey.candidates[row].tables):
            for c, header in enumerate(table.header):
                line = self.columns.rowCount()
                self.columns.insertRow(line)
                self.columns.setItem(line, 0, QTableWidgetItem(_("Tabla {n}: {header}").format(n=t + 1, header=header)))
                combo = QComboBox()
                combo.setAccessibleName(_("Campo de la columna «{header}»").format(header=header))
                for name, label in FIELD_LABELS.items():
                    combo.addItem(_(label), name)
                combo.setCurrentIndex(combo.findData(table.columns[c]))
                combo.currentIndexChanged.connect(
                    lambda _i, table=table, c=c, combo=combo: table.columns.__setitem__(c, combo.currentData()))
                self.columns.setCellWidget(line, 1, combo)

    def start_import(self) -> None:
        for row, candidate in enumerate(self.survey.candidates):
            candidate.place_id = self.files.cellWidget(row, COL_PLACE).currentData()
            candidate.date = self.files.cellWidget(row, COL_DATE).text().strip()
            if not self.files.cellWidget(row, COL_TABLES).isChecked():
                candidate.tables = []
        survey = self.survey
        self.write(lambda s: archive.migrate(s, survey))
