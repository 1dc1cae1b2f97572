"""A recommendation's status history as a dated, read-only list (newest last)."""

from PySide6.QtWidgets import QListWidget, QListWidgetItem

from npmdesk.domain import model, tracking, vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.shell.tree_data import format_day


def entry_text(entry: model.StatusChange) -> str:
    """One line: date, status, where it comes from, who recorded it and why."""
    who = entry.actor_name or _("(registro anterior al historial)")
    text = _("{date} — {status} ({basis}; {who})").format(
        date=format_day(entry.date), status=_(v.REC_STATUSES.get(entry.status, entry.status)),
        basis=_(v.REC_BASES.get(entry.basis, entry.basis)), who=who)
    return text + (": " + entry.reason if entry.reason else "")


class HistoryList(QListWidget):
    """The entries of a status history, each line also its accessible text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName(_("Historial de estado"))
        self.setWordWrap(True)
        self.setMinimumHeight(90)

    def set_entries(self, entries: list[model.StatusChange]) -> None:
        self.clear()
        for entry in tracking.ordered(entries):
            item = QListWidgetItem(entry_text(entry))
            item.setToolTip(entry_text(entry))
            self.addItem(item)
        if not entries:
            self.addItem(QListWidgetItem(_("Sin cambios de estado registrados.")))
