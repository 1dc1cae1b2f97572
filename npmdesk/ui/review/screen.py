"""The review screen: the reports under review with all their sections in report order, a
section's formatted text and changes, its observations in the margin, and the signed decisions.

Approving goes through one confirmation that lists exactly what is signed
(`services.review.batch`): the selected sections, or every sent section of the selected report,
and the report when nothing else is outstanding. Buttons are enabled from
`services.review.allowed_actions`; the services check again, with the reviewer's own key.
The layout is in view.py; the observation margin's behaviour in notes.py.
"""

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QTreeWidgetItem
from shiboken6 import isValid

from npmdesk.domain.vocabulary import ROLES
from npmdesk.i18n import _, ngettext
from npmdesk.services.review import actions as review
from npmdesk.services.review import batch
from npmdesk.services.review import queue as review_queue
from npmdesk.services.team import identity
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.drafting.editor_controller import diff_html
from npmdesk.ui.review import layout_memory
from npmdesk.ui.review.confirm import ConfirmApproval
from npmdesk.ui.common.marks import disclosure_marks
from npmdesk.ui.review.models import ItemRole, state_label
from npmdesk.ui.review.notes import NotesMargin
from npmdesk.ui.review.view import ReviewView
from npmdesk.ui.shell.widgets import show_message
from npmdesk.ui.team.working import PersonalPassphrase

SHORTCUTS = {  # action -> keys; WidgetWithChildrenShortcut, so only while the screen has focus
    "next": ("Alt+Down", "Ctrl+PgDown"), "previous": ("Alt+Up", "Ctrl+PgUp"),
    "approve": ("Ctrl+Return", "Ctrl+Enter"), "return": ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
    "observe": ("Ctrl+Alt+M",),
}


class ReviewController(QObject):
    """Loads the reports under review and the chosen item, and carries out the person's decisions."""

    sig_loaded = Signal()
    """Fires after the list or the chosen item was (re)loaded and the buttons updated."""

    def __init__(self, ctx, view: ReviewView):
        super().__init__(view)
        self.ctx = ctx
        self.view = view
        self.member_id = ctx.session.actor.id
        self.detail = None
        self.report_id = None
        self.report_allowed: list[str] = []
        self.wanted: str | None = None
        self.read: set[str] = set()  # sections opened on this screen: the confirmation names the others
        self.groups: list = []
        self.notes = NotesMargin(self)
        view.queue.currentItemChanged.connect(self._selected)
        view.queue.itemSelectionChanged.connect(self._update_buttons)
        view.person.activated.connect(self._person_chosen)
        view.show_changes.toggled.connect(lambda on: view.pages.setCurrentIndex(1 if on else 0))
        self.key_timer = QTimer(self)
        self.key_timer.setSingleShot(True)
        self.key_timer.timeout.connect(lambda: isValid(self.view) and self.show_key())
        view.approve.clicked.connect(self.approve)
        view.return_.clicked.connect(self.return_section)
        slots = {"next": lambda: self.step(1), "previous": lambda: self.step(-1), "approve": self._ctrl_return,
                 "return": self.return_section, "observe": self.notes.observe}
        for action, keys in SHORTCUTS.items():
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), view)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slots[action])
        layout_memory.remember(view)
        self._update_buttons()
        self.ctx.sig_changed.connect(self._changed)
        self.ctx.run(view, review_queue.roster_people, on_done=self._live(self._people))

    def _live(self, callback):
        def call(*args):
            if isValid(self.view) and self.ctx.session.case.is_open:
                callback(*args)
        return call

    # -- the person ------------------------------------------------------------

    def _changed(self, entity: str, _record_id: str) -> None:
        """A roster signed or imported elsewhere (the team screen, a package) changes who may review."""
        if entity == "roster" and isValid(self.view):
            self.ctx.run(self.view, review_queue.roster_people,
                         on_done=self._live(lambda people: self._people(people, again=True)))

    def _people(self, people, again: bool = False) -> None:
        """Fill the person combo from the signed roster, keeping the person chosen while still on it."""
        combo = self.view.person
        before = combo.currentText()
        combo.clear()
        for member_id, name, role in people:
            combo.addItem(_("{name} ({role})").format(name=name, role=_(ROLES.get(role, role))), member_id)
        index = combo.findData(self.member_id)
        if again:
            show_message(self.view.message, "")
            if index < 0:  # the person chosen left the roster: back to the owner, if still on it
                self.member_id = self.ctx.session.actor.id
                index = combo.findData(self.member_id)
                show_message(self.view.message, (
                    _("{before} ya no figura en la nómina firmada vigente: ahora revisa {name}.").format(
                        before=before, name=combo.itemText(index)) if index >= 0 else
                    _("{before} ya no figura en la nómina firmada vigente: elija quién revisa.").format(
                        before=before)) if before else "")
        combo.setCurrentIndex(index if again else max(index, 0))
        self.show_key()
        if not people:
            show_message(self.view.message, _("El equipo todavía no tiene una nómina firmada: "
                                              "nadie puede revisar ni aprobar. La dirección la firma en "
                                              "Herramientas → Equipo y nómina."))
        self.reload(None if again else self.wanted)

    def _person_chosen(self, index: int) -> None:
        member_id = self.view.person.itemData(index)
        if member_id is None or member_id == self.member_id:
            return
        if identity.seconds_left(self.ctx.session, member_id) is not None:
            self.set_person(member_id)
            return
        passphrase = PersonalPassphrase.ask(self.view, self.view.person.itemText(index))
        if passphrase is None:
            self.view.person.setCurrentIndex(self.view.person.findData(self.member_id))
            return

        def failed(exc):
            self.view.person.setCurrentIndex(self.view.person.findData(self.member_id))
            show_message(self.view.message, error_text(exc))

        self.ctx.run(self.view, lambda s: identity.unlock_identity(s, member_id, passphrase),
                     on_done=self._live(lambda _pair: self.set_person(member_id)), on_error=self._live(failed))

    def set_person(self, member_id: str) -> None:
        identity.lock_others(self.ctx.session, member_id)  # switching person drops the previous key
        self.member_id = member_id
        self.view.person.setCurrentIndex(self.view.person.findData(member_id))
        show_message(self.view.message, "")
        self.show_key()
        self.reload()

    def show_key(self) -> None:
        """Say whose key signs now; a personal key says when it locks, and the label follows it."""
        name = self.view.person.currentText()
        left = identity.seconds_left(self.ctx.session, self.member_id) if self.member_id else None
        if left is None:
            text = _("Clave de {name}: bloqueada; se pedirá su frase para firmar.").format(name=name) if name else ""
        elif left == float("inf"):
            text = _("Firma con la clave de {name}.").format(name=name)
        else:
            until = (datetime.now() + timedelta(seconds=left)).strftime("%H:%M:%S")
            text = _("Firma con la clave de {name} hasta las {time}.").format(name=name, time=until)
            self.key_timer.start(int(left * 1000) + 50)
        self.view.key_state.setText(text)

    # -- the list --------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        wanted = keep or self.selected_id()
        self.ctx.run(self.view, review_queue.outline, on_done=self._live(lambda groups: self._fill(groups, wanted)))

    def _fill(self, groups: list, wanted: str | None) -> None:
        tree = self.view.queue
        self.groups = groups
        tree.blockSignals(True)
        tree.clear()
        chosen = first_sent = None
        for group in groups:
            top = QTreeWidgetItem([_("{report}\n{state}").format(report=group.report.report_title,
                                                                 state=state_label(group.report.state))])
            top.setData(0, ItemRole, group.report)
            font = QFont(tree.font())
            font.setBold(True)
            top.setFont(0, font)
            tree.addTopLevelItem(top)
            parents = [top]
            for item in group.sections:
                depth = group.depths.get(item.id, 0)
                del parents[depth + 1:]
                line = _("{state} · {authors}").format(state=state_label(item.state), authors=item.authors or "—")
                if item.id in group.omitted:
                    line = _("{state} · opcional, vacía").format(state=state_label(item.state))
                row = QTreeWidgetItem([f"{item.title}\n{line}"])
                row.setData(0, ItemRole, item)
                row.setToolTip(0, f"{item.title}\n{line}")
                parents[-1].addChild(row)
                parents.append(row)
                if item.id == wanted:
                    chosen = row
                if first_sent is None and item.state == "enviada":
                    first_sent = row
            if group.report.id == wanted:
                chosen = top
        tree.expandAll()
        tree.blockSignals(False)
        self.view.empty.setVisible(not groups)
        target = chosen or first_sent or tree.topLevelItem(0)
        if target is None:
            self._clear()
            self.sig_loaded.emit()
            return
        tree.setCurrentItem(target)
        target.setSelected(True)
        self._selected(target, None)

    def rows(self) -> list:
        """Every row of the list, in the order shown."""
        out, stack = [], [self.view.queue.topLevelItem(i) for i in range(self.view.queue.topLevelItemCount())][::-1]
        while stack:
            row = stack.pop()
            out.append(row)
            stack += [row.child(i) for i in range(row.childCount())][::-1]
        return out

    def step(self, by: int) -> None:
        """Go to the next (by=1) or previous (by=-1) section in report order."""
        rows = [row for row in self.rows() if row.data(0, ItemRole).kind == "section"]
        current = self.view.queue.currentItem()
        if not rows:
            return
        at = rows.index(current) if current in rows else (-1 if by > 0 else len(rows))
        target = rows[max(0, min(len(rows) - 1, at + by))]
        self.view.queue.setCurrentItem(target)

    def _selected(self, current, _previous) -> None:
        item = current.data(0, ItemRole) if current is not None else None
        if item is None:
            self._clear()
            return
        member_id = self.member_id
        if item.kind == "report":
            self.ctx.run(self.view, lambda s: review_queue.report_actions(s, item.id, member_id),
                         on_done=self._live(self._show_report))
        else:
            self.ctx.run(self.view, lambda s: review_queue.detail(s, item.id, member_id),
                         on_done=self._live(self._show_detail))

    def selected_id(self) -> str | None:
        """The item (section or report) the person is on, to come back to after a lock."""
        current = self.view.queue.currentItem()
        item = current.data(0, ItemRole) if current is not None else None
        return item.id if item is not None else self.wanted

    def _clear(self) -> None:
        self.detail, self.report_id, self.report_allowed = None, None, []
        for widget in (self.view.item_title, self.view.item_state):
            widget.clear()
        self.view.text.clear()
        self.view.diff.clear()
        self.notes.clear()
        self._update_buttons()

    def _show_report(self, result) -> None:
        report, allowed, ready = result
        self._clear()
        self.report_id, self.report_allowed = report.id, allowed
        group = next((g for g in self.groups if g.report.id == report.id), None)
        sent = [i for i in group.sections if i.state == "enviada"] if group else []
        self.view.item_title.setText(report.title)
        self.view.item_state.setText(_("Estado del informe: {state}. {sent}").format(
            state=state_label(report.state), sent=ngettext(
                "{count} sección enviada para revisión; «Aprobar…» las aprueba todas tras una confirmación.",
                "{count} secciones enviadas para revisión; «Aprobar…» las aprueba todas tras una confirmación.",
                len(sent)).format(count=len(sent)) if sent else (
                _("Todas las secciones están aprobadas.") if ready else "")))
        self._update_buttons()
        self.sig_loaded.emit()

    def _show_detail(self, detail) -> None:
        self.detail, self.report_id, self.report_allowed = detail, None, []
        self.read.add(detail.section.id)
        view = self.view
        view.item_title.setText(detail.section.title)
        if detail.seen_revision == 0:
            seen = _("Primera revisión: todo el texto es nuevo para usted.")
        elif detail.seen_revision == detail.current_revision:
            seen = _("Sin cambios desde la revisión {number}, la última que usted vio.").format(
                number=detail.seen_revision)
        else:
            seen = _("Cambios de la revisión {old} a la {new}.").format(old=detail.seen_revision,
                                                                         new=detail.current_revision)
        if detail.disclosures:
            seen += " " + ngettext(
                "{count} pasaje marcado podría identificar a una persona entrevistada.",
                "{count} pasajes marcados podrían identificar a personas entrevistadas.",
                len(detail.disclosures)).format(count=len(detail.disclosures))
        view.item_state.setText(_("Estado: {state}. {seen}").format(state=state_label(detail.section.state), seen=seen))
        view.diff.setHtml(diff_html(detail.diff))
        view.diff.setExtraSelections(disclosure_marks(view.diff.document(), "".join(p.text for p in detail.diff),
                                                      detail.diff_disclosures))
        view.text.setHtml(detail.section.body or "")
        self.notes.show(detail)
        self._update_buttons()
        self.sig_loaded.emit()

    def _update_buttons(self) -> None:
        detail, view = self.detail, self.view
        actions = detail.actions if detail else []
        view.return_.setEnabled("devolver" in actions)
        may = "aprobar" in actions if detail else "aprobar_informe" in self.report_allowed  # the role's say
        view.approve.setEnabled(may and self._targets() is not None)
        self.notes.update_buttons()

    # -- decisions -------------------------------------------------------------

    def _targets(self) -> tuple[str, list[str]] | None:
        """(report id, ids of the sent sections to approve) from the selection: a report row stands
        for all its sent sections; None when the selection holds nothing to approve."""
        chosen = [row.data(0, ItemRole) for row in self.view.queue.selectedItems()]
        if not chosen and self.view.queue.currentItem() is not None:
            chosen = [self.view.queue.currentItem().data(0, ItemRole)]
        reports = {item.report_id for item in chosen}
        if len(reports) != 1:
            return None
        (report_id,) = reports
        group = next((g for g in self.groups if g.report.id == report_id), None)
        if group is None:
            return None
        whole = any(item.kind == "report" for item in chosen)
        picked = {item.id for item in chosen}
        ids = [i.id for i in group.sections if i.state == "enviada" and (whole or i.id in picked)]
        if not ids and not (whole and self.report_allowed):
            return None
        return report_id, ids

    def _with_key(self, fn):
        """`fn`, preceded by unlocking the reviewer's personal key when its grace period has ended;
        None when the person cancels the passphrase."""
        member_id = self.member_id
        if identity.seconds_left(self.ctx.session, member_id) is not None:
            return fn
        passphrase = PersonalPassphrase.ask(self.view, self.view.person.currentText())
        if passphrase is None:
            return None

        def unlocked(s):
            identity.unlock_identity(s, member_id, passphrase)
            return fn(s)
        return unlocked

    def _failed(self, exc, keep: str | None = None) -> None:
        self.show_key()
        show_message(self.view.message, error_text(exc))
        self.reload(keep)

    def act(self, fn, done_text: str, keep: str | None = None) -> None:
        """Run a signed decision; a personal key whose grace period ended asks for its passphrase."""
        fn = self._with_key(fn)
        if fn is None:
            return

        def done(_result):
            self.show_key()
            show_message(self.view.message, done_text, error=False)
            self.ctx.sig_changed.emit("section", "")
            self.reload(keep)

        self.ctx.run(self.view, fn, on_done=self._live(done), on_error=self._live(lambda e: self._failed(e, keep)))

    def _ctrl_return(self) -> None:
        """Ctrl+Intro adds the observation being typed in the margin; anywhere else it approves."""
        if self.view.note_text.hasFocus():
            self.notes.add_or_reply()
        else:
            self.approve()

    def approve(self) -> None:
        """Approve the selection after one confirmation listing what is signed and by whom."""
        targets = self._targets() if self.view.approve.isEnabled() else None
        if targets is None:
            return
        report_id, ids = targets
        member_id = self.member_id
        fn = self._with_key(lambda s: batch.plan(s, report_id, ids, member_id))
        if fn is None:
            return
        self.ctx.run(self.view, fn, on_done=self._live(self._confirm), on_error=self._live(self._failed))

    def _confirm(self, plan) -> None:
        self.show_key()
        unread = [i.title for i in plan.sections if i.section_id not in self.read]
        if not plan.sections and not plan.report_too:
            show_message(self.view.message, _("No hay nada que aprobar en lo seleccionado."))
            return
        if ConfirmApproval.ask(self.view, plan, unread) is None:
            return
        count = len(plan.sections)
        done = (ngettext("{count} sección aprobada y firmada.", "{count} secciones aprobadas y firmadas.", count)
                .format(count=count) if count else "")
        if plan.report_too:
            done = (done + " " + _("Informe aprobado y firmado.")).strip()
        self.act(lambda s: batch.approve(s, plan), done, keep=plan.report_id if plan.report_too else None)

    def return_section(self) -> None:
        if not self.view.return_.isEnabled() or self.detail is None:
            return
        section_id, member_id = self.detail.section.id, self.member_id
        self.act(lambda s: review.return_with_observations(s, section_id, as_member=member_id),
                  _("Sección devuelta a su autoría con observaciones: «{title}».").format(
                      title=self.detail.section.title), keep=section_id)


def open_review(ctx, record_id=None, _parent_id=None, parent=None) -> ReviewView:
    """The review screen; `record_id` (a section or report under review) is selected first."""
    view = ReviewView(parent)
    view.controller = ReviewController(ctx, view)
    view.controller.wanted = record_id or None
    view.restore_point = view.controller.selected_id  # read by the main controller before a lock
    return view
