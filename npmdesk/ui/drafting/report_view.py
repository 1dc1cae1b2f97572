"""What the central area shows for a report: its details and the list of its sections, each of
which opens in the section editor (double click or Enter)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.records.summary import open_summary

SectionIdRole = Qt.ItemDataRole.UserRole + 1
"""The id of the section a row shows."""


def section_rows(session, report_id: str) -> list[tuple[int, str, str, str, str]]:
    """(depth, section id, title, state label, authors) in the report's order, parents first."""
    sections = records.select(session, model.Section, report_id=report_id)
    names = review_queue.members(session)
    children: dict = {}
    for section in sorted(sections, key=lambda s: s.position):
        children.setdefault(section.parent_id, []).append(section)
    rows = []

    def walk(parent_id, depth):
        for section in children.get(parent_id, []):
            rows.append((depth, section.id, section.title,
                         _(v.SECTION_STATES.get(section.state, section.state)),
                         ", ".join(names.get(a, "?") for a in section.author_ids)))
            walk(section.id, depth + 1)

    walk(None, 0)
    return rows


class ReportView(QWidget):
    def __init__(self, ctx, report_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.report_id = ctx, report_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = open_summary(ctx, "report", report_id, self)
        self.summary.note.hide()  # "read-only, no form": the sections below are where a report is edited
        self.label = QLabel(_("Secciones del informe: doble clic o Intro abre la sección en el editor."))
        self.label.setWordWrap(True)
        self.sections = QTreeWidget()
        self.sections.setColumnCount(3)
        self.sections.setHeaderLabels([_("Sección"), _("Estado"), _("Autoría")])
        self.sections.setColumnWidth(0, 320)
        self.sections.setColumnWidth(1, 170)
        self.sections.setAccessibleName(_("Secciones del informe"))
        layout.addWidget(self.summary, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.sections, 3)
        self.sections.itemActivated.connect(self._open)
        ctx.sig_changed.connect(self._changed)
        self.load()

    def load(self) -> None:
        report_id = self.report_id
        self.ctx.run(self, lambda s: section_rows(s, report_id), on_done=self._loaded)

    def _changed(self, entity: str, _record_id: str) -> None:
        if entity == "section" and isValid(self):
            self.load()

    def _loaded(self, rows) -> None:
        if not isValid(self):
            return
        self.sections.clear()
        parents: list[QTreeWidgetItem] = []
        for depth, section_id, title, state, authors in rows:
            item = QTreeWidgetItem([title, state, authors])
            item.setData(0, SectionIdRole, section_id)
            del parents[depth:]
            (parents[-1].addChild(item) if parents else self.sections.addTopLevelItem(item))
            parents.append(item)
        self.sections.expandAll()

    def _open(self, item: QTreeWidgetItem) -> None:
        self.ctx.sig_open.emit("section", item.data(0, SectionIdRole))


def open_report(ctx, record_id, _parent_id=None, parent=None) -> ReportView:
    """The view factory registered for entity 'report' (a new report comes from the template dialog)."""
    return ReportView(ctx, record_id, parent)
