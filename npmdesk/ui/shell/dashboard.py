"""The dashboard shown on opening: my sections to write, sections awaiting my review,
reports by state, recommendations past their deadline, and what falls due in the next 15 days
(authorities' responses to the letters sent, recommendations' deadlines), overdue ones flagged.
Each entry opens its item."""


from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.common.dates import show_date
from npmdesk.ui.review.models import state_label
from npmdesk.ui.shell.widgets import heading, named, short
from npmdesk.ui.tracking.deadlines import days_text

TargetRole = Qt.ItemDataRole.UserRole + 1
"""(kind, record id) an entry opens: kind is 'section', 'review', 'report', 'recommendation' or
'letter' (the pending letters view, that letter selected)."""

PLACES = {"to_write": (0, 0), "to_review": (0, 1), "reports": (0, 2), "due": (1, 0), "overdue": (1, 2)}
"""Where each list sits in the grid (row, column); the 15 days' list is two columns wide: at
1024×600 three lists side by side still show a line of 40 characters."""


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
        for key, (row, column) in PLACES.items():
            box = QVBoxLayout()
            self.headings[key] = heading(scale=1.1)
            self.lists[key] = QListWidget()
            self.lists[key].setWordWrap(True)
            self.lists[key].setAlternatingRowColors(True)
            box.addWidget(self.headings[key])
            box.addWidget(self.lists[key], 1)
            grid.addLayout(box, row, column, 1, 2 if key == "due" else 1)
        layout.addLayout(grid, 1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(_("Panel de inicio"))
        self.subtitle.setText(_("Doble clic o Intro abre el elemento. Ctrl+1 lleva al navegador."))
        names = {"to_write": _("Mis secciones por redactar"), "to_review": _("Pendiente de mi revisión"),
                 "reports": _("Informes por estado"), "overdue": _("Recomendaciones con plazo vencido"),
                 "due": _("Vence en los próximos 15 días")}
        for key, text in names.items():
            self.headings[key].setText(text)
            named(self.lists[key], text)


class DashboardController(QObject):
    sig_open = Signal(str, str)
    """Fires when the person opens an entry: (kind, record id) as in TargetRole."""

    def __init__(self, ctx, view: DashboardView, today: str | None = None):
        super().__init__(view)
        self.ctx, self.view = ctx, view
        for widget in view.lists.values():
            widget.itemActivated.connect(self._activated)
        member_id = ctx.session.actor.id
        self.ctx.run(view, lambda s: review_queue.dashboard(s, member_id, today), on_done=self._loaded)

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
        rows["due"] = _due_rows(board.due)[:SHOWN]
        totals = {"to_write": len(board.to_write), "to_review": len(board.to_review),
                  "reports": len(reports), "overdue": len(board.overdue),
                  "due": len(board.due.letters) + len(board.due.recommendations)}
        empty = {"to_write": _("No tiene secciones por redactar."),
                 "to_review": _("Nada pendiente de su revisión."),
                 "reports": _("Todavía no hay informes."), "overdue": _("Ninguna recomendación vencida."),
                 "due": _("Nada vence en los próximos 15 días.")}
        for key, entries in rows.items():
            _fill(self.view.lists[key], entries, empty[key], totals[key])


def _due_rows(due) -> list:
    """Letters awaiting a response and recommendations' deadlines, in one list by date."""
    entries = [(s.letter.response_due, _("{when} · {date} · respuesta de {authority} al {reference}").format(
                    when=days_text(s.days_left), date=show_date(s.letter.response_due),
                    authority=s.letter.authority, reference=s.letter.reference or _("oficio")),
                ("letter", s.letter.id)) for s in due.letters]
    entries += [(deadline, _("{when} · {date} · {place}: {text}").format(
                    when=days_text(days), date=show_date(deadline), place=place, text=short(text, 90)),
                 ("recommendation", rid)) for rid, text, deadline, place, days in due.recommendations]
    return [(text, target) for _day, text, target in sorted(entries, key=lambda e: e[0])]


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


def open_dashboard(ctx, _record_id=None, _parent_id=None, parent=None, today: str | None = None) -> DashboardView:
    """`today` (ISO) stands for the real date, so deadlines can be shown as of a fixed day."""
    view = DashboardView(parent)
    view.controller = DashboardController(ctx, view, today)
    return view
