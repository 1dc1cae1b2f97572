"""Recommendations across all places: filters by place, authority, status and overdue, a
table, and stacked bar charts of status by place and by authority."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from npmdesk.domain import vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.tracking import external, recommendations, table as export_table
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.tracking.chart import StackedBarChart
from npmdesk.ui.tracking.overview_model import IdRole, RecommendationsModel
from npmdesk.ui.common import file_dialogs
from npmdesk.ui.shell.widgets import ChoiceBox

NAME_COLUMN_MAX = 220
"""Widest the place and authority columns start (their full names are in the tooltip)."""


class ExportTarget:
    """Where to export the recommendations (.csv or .xlsx), asked with the system's dialog."""

    @classmethod
    def ask(cls, parent) -> str | None:
        path, _filter = file_dialogs.get_save_file_name(
            parent, _("Exportar las recomendaciones"), "recomendaciones.xlsx",
            _("Libro de Excel (*.xlsx);;Valores separados por comas (*.csv)"))
        return path or None


class ImportSource:
    """A list of another body's recommendations (.csv or .json) to import."""

    @classmethod
    def ask(cls, parent) -> str | None:
        path, _filter = file_dialogs.get_open_file_name(
            parent, _("Importar recomendaciones de otros órganos"), "",
            _("Listas de recomendaciones (*.csv *.json)"))
        return path or None


def _combo(name: str) -> QComboBox:
    combo = ChoiceBox()  # «Todos los estados» whole, not «Todos los est…»
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class RecommendationsView(QWidget):
    """Loads every recommendation once, then filters on the GUI thread (no case reads)."""

    def __init__(self, ctx, parent=None, today: str | None = None):
        super().__init__(parent)
        self.ctx, self.today, self.rows, self.shown = ctx, today, [], []
        self.wanted: str | None = None  # a recommendation to select once loaded (after a lock)
        outer = QVBoxLayout(self)
        heading = QLabel(_("Recomendaciones de todos los lugares"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        # Exportar and Importar beside the heading, not after the filters: in one row they made
        # the window 1,068 px wide at 1024x600 with 150 % text.
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        outer.addLayout(top)
        # Two rows: in one, the chosen entries whole («Todas las autoridades») made the window
        # 1,111 px wide beside the navigator.
        filters = QGridLayout()
        self.place = _combo(_("Lugar"))
        self.authority = _combo(_("Autoridad destinataria"))
        self.status = _combo(_("Estado"))
        self.overdue = QCheckBox(_("Solo &vencidas"))
        self.overdue.setAccessibleName(_("Solo vencidas"))
        self.overdue.setToolTip(_("Solo las recomendaciones cuyo plazo pasó sin que se cumplieran"))
        for row, column, label, widget in ((0, 0, _("&Lugar:"), self.place),
                                           (0, 2, _("&Autoridad:"), self.authority),
                                           (1, 0, _("&Estado:"), self.status)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption, row, column)
            filters.addWidget(widget, row, column + 1)
        filters.addWidget(self.overdue, 1, 2, 1, 2, Qt.AlignmentFlag.AlignLeft)
        filters.setColumnStretch(4, 1)
        self.export_button = QPushButton(_("E&xportar…"))
        self.export_button.setAccessibleName(_("Exportar las recomendaciones a CSV o XLSX"))
        self.export_button.setToolTip(_("Guarda en un archivo las recomendaciones que muestra la tabla"))
        self.export_button.clicked.connect(self.export)
        top.addWidget(self.export_button)
        self.import_button = QPushButton(_("&Importar…"))
        self.import_button.setAccessibleName(_("Importar recomendaciones de otros órganos"))
        self.import_button.setToolTip(_("Lee una lista en CSV o XLSX del SPT, el CAT u otros órganos"))
        self.import_button.clicked.connect(self.import_list)
        top.addWidget(self.import_button)
        outer.addLayout(filters)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Resultado de la exportación"))
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        outer.addWidget(self.notice)
        self.count = QLabel()
        self.count.setAccessibleName(_("Número de recomendaciones"))
        outer.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = RecommendationsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Recomendaciones"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        # Columns are sized from the rows on screen only: by default Qt reads 1,000 rows per column
        # (8 roles each), 1.4 of the 1.7 s of the first paint over 20,000 recommendations on a loaded
        # machine (bench/gui_views.py). For a column's width Qt 6 reads the horizontal header's setting.
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.activated.connect(self._open)
        split.addWidget(self.table)
        charts = QWidget()
        charts_layout = QHBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        self.by_place = StackedBarChart()
        self.by_authority = StackedBarChart()
        charts_layout.addWidget(self.by_place)
        charts_layout.addWidget(self.by_authority)
        split.addWidget(charts)
        outer.addWidget(split, 1)
        for combo in (self.place, self.authority, self.status):
            combo.currentIndexChanged.connect(self.apply)
        self.overdue.toggled.connect(self.apply)
        self.ctx.sig_changed.connect(self._changed)
        self.load()

    def load(self) -> None:
        today = self.today
        self.ctx.run(self, lambda s: recommendations.all_rows(s, today), on_done=self._loaded)

    def export(self) -> None:
        """Every recommendation with its history and responses (not only the filtered ones:
        the file is for another system, which filters itself)."""
        path = ExportTarget.ask(self)
        if not path:
            return

        def done(written) -> None:
            self.notice.setText(_("Recomendaciones exportadas: {path}").format(path=written))
            self.notice.show()
        self.ctx.run(self, lambda s: export_table.export(s, path), on_done=done)

    def import_list(self) -> None:
        """Another body's recommendations; a refused file lists every bad row and adds nothing."""
        path = ImportSource.ask(self)
        if not path:
            return

        def done(summary) -> None:
            self.notice.setText(_("Recomendaciones importadas: {added}; ya estaban en el expediente: "
                                  "{skipped}.").format(added=len(summary.added), skipped=summary.skipped))
            self.notice.show()

        def failed(exc) -> None:
            if isinstance(exc, external.ExternalImportRefused):
                self.notice.setText("\n".join([exc.message(), *exc.problems[3:12]]))
                self.notice.show()
            else:
                show_error(self, exc)
        self.ctx.run(self, lambda s: external.import_file(s, path), on_done=done,
                     changed=("recommendation", ""), on_error=failed)

    def _changed(self, entity: str, _record_id: str) -> None:
        if entity in ("recommendation", "place", "visit", ""):
            self.load()

    def _fill(self, combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for code, label in items:
            combo.addItem(label, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _loaded(self, rows) -> None:
        self.rows = rows
        places = sorted({(r.place_id, r.place_name) for r in rows if r.place_id}, key=lambda p: p[1])
        self._fill(self.place, _("Todos los lugares"), places)
        self._fill(self.authority, _("Todas las autoridades"),
                   [(a, a) for a in sorted({r.rec.authority for r in rows})])
        self._fill(self.status, _("Todos los estados"), [(c, _(label)) for c, label in v.REC_STATUSES.items()])
        self.apply()

    def apply(self, *_args) -> None:
        self.shown = recommendations.filter_rows(
            self.rows, self.place.currentData() or "", self.authority.currentData() or "",
            self.status.currentData() or "", self.overdue.isChecked())
        self.count.setText(_("{shown} de {total} recomendaciones").format(
            shown=len(self.shown), total=len(self.rows)))
        self._fill_table()
        series = [(c, _(label)) for c, label in v.REC_STATUSES.items()]
        self.by_place.set_data(_("Estado por lugar"), recommendations.status_counts(self.shown, "place"), series)
        self.by_authority.set_data(_("Estado por autoridad"),
                                   recommendations.status_counts(self.shown, "authority"), series)

    def _fill_table(self) -> None:
        first = not self.model.rows
        self.model.set_rows(self.shown)
        if first and self.shown:
            for column in range(1, 6):  # size once, on at most a screenful of rows
                self.table.resizeColumnToContents(column)
            # Long place and authority names leave room for the text itself: at most a seventh of
            # the table each (at 1024x600, up to 220 px each left «Recomendación» 130 px).
            cap = min(NAME_COLUMN_MAX, max(90, self.table.viewport().width() // 7))
            for column in (1, 2):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), cap))
        if self.wanted:
            found = self.model.match(self.model.index(0, 0), IdRole, self.wanted, 1,
                                     Qt.MatchFlag.MatchExactly)
            if found:
                self.table.setCurrentIndex(found[0])
                self.table.scrollTo(found[0])
                self.wanted = None

    def restore_point(self) -> str | None:
        """The recommendation the person is on, to come back to after a lock."""
        current = self.table.currentIndex()
        return current.data(IdRole) if current.isValid() else self.wanted

    def _open(self, index) -> None:
        self.ctx.sig_open.emit("recommendation", index.data(IdRole))


def open_recommendations(ctx, record_id=None, _parent_id=None, parent=None) -> RecommendationsView:
    """Every recommendation; `record_id`, when given, is selected once loaded."""
    view = RecommendationsView(ctx, parent)
    view.wanted = record_id or None
    return view
