"""The dashboard shown on opening: my sections to write, sections awaiting my review,
reports by state, recommendations past their deadline. Each entry opens its item."""


from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.common.dates import show_date
from npmdesk.ui.review.models import state_label
from npmdesk.ui.shell.widgets import heading, named, short

TargetRole = Qt.ItemDataRole.UserRole + 1
"""(kind, record id) an entry opens: kind is 'section', 'review', 'report' or 'recommendation'."""


class DashboardView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = heading(scale=1.4)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        grid = QGridLayout()
        self.headings, self.lists = {}, {}
        for n, key in enumerate(("to_write", "to_review", "reports", "overdue")):
            box = QVBoxLayout()
            self.headings[key] = heading(scale=1.1)
            self.lists[key] = QListWidget()
            self.lists[key].setWordWrap(True)
            self.lists[key].setAlternatingRowColors(True)
            box.addWidget(self.headings[key])
            box.addWidget(self.lists[key], 1)
            grid.addLayout(box, n // 2, n % 2)
        layout.addLayout(grid, 1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(_("Panel de inicio"))
        self.subtitle.setText(_("Doble clic o Intro abre el elemento. Ctrl+1 lleva al navegador."))
        names = {"to_write": _("Mis secciones por redactar"), "to_review": _("Pendiente de mi revisión"),
                 "reports": _("Informes por estado"), "overdue": _("Recomendaciones con plazo vencido")}
        for key, text in names.items():
            self.headings[key].setText(text)
            named(self.lists[key], text)


class DashboardController(QObject):
    sig_open = Signal(str, str)
    """Fires when the person opens an entry: (kind, record id) as in TargetRole."""

    def __init__(self, ctx, view: DashboardView):
        super().__init__(view)
        self.ctx, self.view = ctx, view
        for widget in view.lists.values():
            widget.itemActivated.connect(self._activated)
        member_id = ctx.session.actor.id
        self.ctx.run(view, lambda s: review_queue.dashboard(s, member_id), on_done=self._loaded)

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(TargetRole)
        if target:
            self.sig_open.emit(*target)

    def _loaded(self, board) -> None:
        if not isValid(self.view) or not self.ctx.session.case.is_open:
            return
        self.view.subtitle.setText(_("{name}: doble clic o Intro abre el elemento.").format(
            name=self.ctx.session.actor.name))
        reports = sorted(board.reports, key=lambda r: r[2])
        rows = {
            "to_write": [(_("{title} — {state} ({report})").format(title=t, state=state_label(st), report=r),
                          ("section", sid)) for sid, t, r, st in board.to_write[:SHOWN]],
            "to_review": [((_("{title} ({report})").format(title=i.title, report=i.report_title)
                            if i.kind == "section" else _("Aprobar el informe {report}").format(report=i.report_title)),
                           ("review", i.id)) for i in board.to_review[:SHOWN]],
            "reports": [(_("{state}: {report}").format(state=state_label(st), report=label), ("report", rid))
                        for rid, label, st in reports[:SHOWN]],
            "overdue": [(_("{deadline} · {place}: {text}").format(deadline=show_date(d), place=p, text=short(t, 110)),
                         ("recommendation", rid)) for rid, t, d, p in board.overdue[:SHOWN]],
        }
        totals = {"to_write": len(board.to_write), "to_review": len(board.to_review),
                  "reports": len(reports), "overdue": len(board.overdue)}
        empty = {"to_write": _("No tiene secciones por redactar."),
                 "to_review": _("Nada pendiente de su revisión."),
                 "reports": _("Todavía no hay informes."), "overdue": _("Ninguna recomendación vencida.")}
        for key, entries in rows.items():
            _fill(self.view.lists[key], entries, empty[key], totals[key])


SHOWN = 200
"""Entries a dashboard list shows; the rest are counted (the navigator, the review queue and
the recommendations view list them all). A ten-year case file has thousands."""


def _note(widget: QListWidget, text: str) -> None:
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    widget.addItem(item)


def _fill(widget: QListWidget, entries: list, empty_text: str, total: int) -> None:
    """Replace the list's items; when `total` exceeds what is shown, a last line counts the rest."""
    widget.clear()
    if not entries:
        _note(widget, empty_text)
    for text, target in entries:
        item = QListWidgetItem(text)
        item.setData(TargetRole, target)
        item.setToolTip(text)
        widget.addItem(item)
    if total > len(entries):
        _note(widget, _("… y {count} más.").format(count=total - len(entries)))


def open_dashboard(ctx, _record_id=None, _parent_id=None, parent=None) -> DashboardView:
    view = DashboardView(parent)
    view.controller = DashboardController(ctx, view)
    return view
