"""The table model of the recommendations view: plain rows, no per-cell items (fast for 20,000)."""

from PySide6.QtCore import Qt

from npmdesk.domain import vocabulary as v
from npmdesk.i18n import N_, _
from npmdesk.ui.common.colours import tone
from npmdesk.ui.common.dates import show_date
from npmdesk.ui.common.table_model import RowsModel

IdRole = Qt.ItemDataRole.UserRole + 1


class RecommendationsModel(RowsModel):
    HEADERS = (N_("Recomendación"), N_("Lugar"), N_("Autoridad"), N_("Estado"), N_("Plazo"), N_("Prioridad"))

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
            return show_date(rec.deadline)
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
                return tone("error")
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Plazo vencido")
        if column == 0 and role == Qt.ItemDataRole.ToolTipRole:
            return self.rows[row].rec.text
        if column in (1, 2) and role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, column)
        return None
