"""Statistics of a period (services/tracking/statistics): a year or dates chosen, then each
table of stats_tables beside its bar chart. A chart takes focus, carries its figures in its
accessible description and is read as the table next to it; «Exportar imagen…» saves it as PNG.
Laid out in a scroll area so it is usable at 1024×600."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QScrollArea,
                               QSpinBox, QTableView, QVBoxLayout, QWidget)

from npmdesk.domain.vocabulary import FIRST_YEAR, LAST_YEAR
from npmdesk.i18n import _
from npmdesk.services.tracking import statistics, stats_tables
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.tracking.chart import StackedBarChart
from npmdesk.ui.common import file_dialogs
from npmdesk.ui.common.dates import DATE_FORMAT, DateField

SERIES = "n"


class StatsTableModel(QAbstractTableModel):
    """One stats_tables.Table: its headers and rows; columns after the first are figures."""

    def __init__(self, table: stats_tables.Table, parent=None):
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.headers[section]
        return None


class ImageFile:
    """Where to save a chart as PNG."""

    @classmethod
    def ask(cls, parent, suggested: str) -> Path | None:
        return _save_as(parent, _("Exportar imagen"), suggested, _("Imágenes PNG (*.png)"), ".png")


class AnnualFile:
    """Where to write the annual report (.docx)."""

    @classmethod
    def ask(cls, parent, suggested: str) -> Path | None:
        return _save_as(parent, _("Informe anual"), suggested, _("Documentos de Word (*.docx)"), ".docx")


def _save_as(parent, title: str, suggested: str, file_filter: str, suffix: str) -> Path | None:
    path, _chosen = file_dialogs.get_save_file_name(parent, title, str(Path.home() / suggested), file_filter)
    if not path:
        return None
    return Path(path if path.lower().endswith(suffix) else path + suffix)


class TableBlock(QGroupBox):
    """A table and, when it has one count per row, its bar chart with an export button."""

    def __init__(self, table: stats_tables.Table, parent=None):
        # A chart shows the title itself (and keeps it in the exported image).
        charted = bool(table.counts or table.stacks)
        super().__init__("" if charted else table.title, parent)
        self.table = table
        layout = QHBoxLayout(self)
        self.view = QTableView()
        self.view.setModel(StatsTableModel(table, self.view))
        self.view.setAccessibleName(table.title)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        rows = max(1, len(table.rows))
        self.view.setMinimumHeight(min(10, rows) * self.view.verticalHeader().defaultSectionSize()
                                   + self.view.horizontalHeader().sizeHint().height() + 4)
        self.chart = self.export = None
        if charted:
            side = QVBoxLayout()
            self.chart = StackedBarChart(empty_text=_("Sin datos en el período."))
            self.chart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            if table.counts:
                self.chart.set_data(table.title, {label: {SERIES: n} for label, n in table.counts},
                                    [(SERIES, table.headers[1])])
            else:
                codes = [str(i) for i in range(len(table.series))]
                self.chart.set_data(table.title, {label: dict(zip(codes, counts)) for label, counts in table.stacks},
                                    list(zip(codes, table.series)))
            self.chart.setMinimumHeight(self.chart.sizeHint().height())
            self.export = QPushButton(_("Exportar imagen…"))
            self.export.setAccessibleName(_("Exportar como imagen: {title}").format(title=table.title))
            self.export.setToolTip(_("Guarda el gráfico como imagen PNG"))
            self.export.clicked.connect(self.save_image)
            side.addWidget(self.chart, 1)
            side.addWidget(self.export, 0, Qt.AlignmentFlag.AlignRight)
            layout.addLayout(side, 1)
        if table.stacks:  # eight columns: the table goes under its chart
            layout.setDirection(QVBoxLayout.Direction.TopToBottom)
        layout.addWidget(self.view, 1)

    def save_image(self) -> Path | None:
        path = ImageFile.ask(self, self.table.key.replace(".", "-") + ".png")
        if path is None:
            return None
        if not self.chart.grab().save(str(path), "PNG"):
            QMessageBox.warning(self, _("Exportar imagen"),
                                _("No se pudo guardar la imagen en «{path}».").format(path=path))
            return None
        return path


class StatisticsView(QWidget):
    """The period chooser and every table of the period's statistics."""

    def __init__(self, ctx, parent=None, year: int | None = None):
        super().__init__(parent)
        self.ctx, self.stats, self.blocks = ctx, None, []
        outer = QVBoxLayout(self)
        heading = QLabel(_("Estadísticas"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        top = QHBoxLayout()  # Informe anual… beside the heading: after the period it was too wide at 150 % text
        top.addWidget(heading)
        top.addStretch(1)
        outer.addLayout(top)
        chooser = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year or date.today().year)
        self.year.setAccessibleName(_("Año"))
        self.start, self.end = DateField(), DateField()  # dd/mm/aaaa typed or picked, as every date
        for edit, name in ((self.start, _("Desde")), (self.end, _("Hasta"))):
            edit.setAccessibleName(name)
        self.show_button = QPushButton(_("&Mostrar"))
        self.annual_button = QPushButton(_("&Informe anual…"))
        self.annual_button.setToolTip(_("Escribe en Word el informe anual del año elegido"))
        self.draft_button = QPushButton(_("&Redactar el informe anual…"))
        self.draft_button.setToolTip(_("Abre las partes que el equipo redacta del informe anual del año "
                                       "elegido: presentación, análisis de los hallazgos, desafíos y prioridades"))
        self.show_button.setToolTip(_("Calcula las cifras de las fechas elegidas"))
        for text, widget in ((_("&Año:"), self.year), (_("&Desde:"), self.start), (_("&Hasta:"), self.end)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            chooser.addWidget(caption)
            chooser.addWidget(widget)
        chooser.addWidget(self.show_button)
        chooser.addStretch(1)
        top.addWidget(self.draft_button)
        top.addWidget(self.annual_button)
        outer.addLayout(chooser)
        self.status = QLabel()
        self.status.setAccessibleName(_("Período mostrado"))
        outer.addWidget(self.status)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(_("Cifras del período"))  # it takes focus to scroll
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self._year_changed(self.year.value())
        self.year.valueChanged.connect(self._year_changed)
        self.show_button.clicked.connect(self.load)
        self.annual_button.clicked.connect(self.write_annual)
        self.draft_button.clicked.connect(self.draft_annual)
        self.load()

    def _year_changed(self, year: int) -> None:
        self.start.setDate(QDate(year, 1, 1))
        self.end.setDate(QDate(year, 12, 31))

    def period(self) -> statistics.Period:
        return statistics.Period(self.start.iso(), self.end.iso())

    def load(self, *_args) -> None:
        period = self.period()
        if not period.start or not period.end:
            self.status.setText(_("Escriba las fechas como dd/mm/aaaa."))
            return
        if period.start > period.end:
            self.status.setText(_("La fecha de inicio es posterior a la de fin."))
            return
        self.status.setText(_("Calculando…"))
        self.ctx.run(self, lambda s: statistics.compute(s, period), on_done=self._loaded)

    def _loaded(self, stats: statistics.Statistics) -> None:
        self.stats = stats
        for block in self.blocks:
            self.body_layout.removeWidget(block)
            block.deleteLater()
        self.blocks = [TableBlock(table, self.body) for table in stats_tables.tables(stats)]
        for block in self.blocks:
            self.body_layout.addWidget(block)
        self.status.setText(_("Del {start} al {end}: {visits} visita(s), {recs} recomendación(es) emitida(s).").format(
            start=self.start.date().toString(DATE_FORMAT), end=self.end.date().toString(DATE_FORMAT),
            visits=stats.visits, recs=stats.recommendations))

    def write_annual(self) -> None:
        """The annual report of the year in the chooser, to a .docx the person picks."""
        from npmdesk.services.archive import annual  # python-docx and Pillow: not on the way to the window
        year = self.year.value()
        path = AnnualFile.ask(self, _("informe-anual-{year}.docx").format(year=year))
        if path is None:
            return
        self.status.setText(_("Escribiendo el informe anual {year}…").format(year=year))
        self.ctx.run(self, lambda s: annual.export_annual(s, year, path), on_done=self._annual_written,
                     on_error=self._annual_failed)

    def draft_annual(self) -> None:
        """The «informe anual» of the year in the chooser, opened for drafting (created if needed)."""
        from npmdesk.ui.drafting.annual_report import start  # loaded when used
        start(self.ctx, self, self.year.value())

    def _annual_failed(self, error) -> None:
        self.status.setText(_("No se escribió el informe anual."))
        show_error(self, error)

    def _annual_written(self, result) -> None:
        text = _("Informe anual escrito en {path}.").format(path=result.path)
        if result.draft:
            text += " " + _("Es un borrador: sus partes redactadas aún no están aprobadas.")
        self.status.setText(text)

    def restore_point(self) -> str | None:
        return str(self.year.value())


def open_statistics(ctx, record_id=None, _parent_id=None, parent=None) -> StatisticsView:
    """The statistics of the current year, or of the year `record_id` names (after a lock)."""
    year = int(record_id) if record_id and str(record_id).isdigit() else None
    return StatisticsView(ctx, parent, year)
