"""The table model of the recommendations view: plain rows, no per-cell items (fast for 20,000)."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from npmdesk.domain import vocabulary as v
from npmdesk.i18n import _

IdRole = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#9b1c1c")


class RecommendationsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = []

    def headers(self) -> list[str]:
        return [_("Recomendación"), _("Lugar"), _("Autoridad"), _("Estado"), _("Plazo"), _("Prioridad")]

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def text(self, row: int, column: int) -> str:
        item = self.rows[row]
        rec = item.rec
        if column == 0:
            return rec.text
        if column == 1:
            return item.place_name
        if column == 2:
            return rec.authority
        if column == 3:
            return _(v.REC_STATUSES.get(item.status, item.status))
        if column == 4:
            return rec.deadline
        return _(v.REC_PRIORITIES.get(rec.priority, rec.priority))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == IdRole:
            return self.rows[row].rec.id
        if column == 4 and self.rows[row].overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Plazo vencido")
        if column == 0 and role == Qt.ItemDataRole.ToolTipRole:
            return self.rows[row].rec.text
        if column in (1, 2) and role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, column)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None
