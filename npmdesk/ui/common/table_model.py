"""A read-only table model over a list: one row per item, translated column headers.

Subclasses name their columns in HEADERS (N_-marked Spanish) and answer `data`; the list,
its reset, the counts and the headers are here once.
"""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from npmdesk.i18n import _


class RowsModel(QAbstractTableModel):
    HEADERS: tuple = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index):
        """The item of `index`'s row, or None for an invalid index."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None
