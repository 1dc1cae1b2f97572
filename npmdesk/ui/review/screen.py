"""The review screen: the queue of sections awaiting review, a section's text and changes,
its observations, and the signed decisions (approve, return, approve the report).

Buttons are enabled from `services.review.allowed_actions` (the workflow table and the signed
roster); the services check again when the person acts. The layout is in review_view.py.
"""


from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHeaderView, QTextEdit, QTreeWidgetItem
from shiboken6 import isValid

from npmdesk.i18n import _, ngettext
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.review import actions as review
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.drafting.editor_controller import diff_html
from npmdesk.ui.review.models import ItemRole, QueueModel, state_label
from npmdesk.ui.review.view import ReviewView
from npmdesk.ui.shell.widgets import show_message
from npmdesk.ui.team.working import PersonalPassphrase

ANCHOR_COLOURS = {"anclada": "#fff1a8", "reubicada": "#ffd9a8"}
DISCLOSURE_COLOUR = "#ffd28a"  # the editor's mark for the same passages (ui/editor/spell.py)


class ReviewController(QObject):
    """Loads the queue and the selected item, and carries out the person's decisions."""

    sig_loaded = Signal()
    """Fires after the queue or the selected item was (re)loaded and the buttons updated."""

    def __init__(self, ctx, view: ReviewView):
        super().__init__(view)
        self.ctx = ctx
        self.view = view
        self.model = QueueModel(self)
        view.queue.setModel(self.model)
        header = view.queue.horizontalHeader()
        header.setSectionResizeMode(QueueModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(QueueModel.COL_REPORT, QHeaderView.ResizeMode.Stretch)
        self.member_id = ctx.session.actor.id
        self.detail = None
        self.report_id = None
        self.report_allowed: list[str] = []
        self.wanted: str | None = None
        view.queue.selectionModel().currentRowChanged.connect(self._selected)
        view.person.activated.connect(self._person_chosen)
        self.key_timer = QTimer(self)
        self.key_timer.setSingleShot(True)
        self.key_timer.timeout.connect(lambda: isValid(self.view) and self.show_key())
        view.approve.clicked.connect(self.approve)
        view.return_.clicked.connect(self.return_section)
        view.approve_report.clicked.connect(self.approve_report)
        view.add_note.clicked.connect(self.add_note)
        view.reply.clicked.connect(self.reply)
        view.resolve.clicked.connect(self.resolve)
        view.notes.currentItemChanged.connect(lambda *_a: self._update_buttons())
        for keys, slot in (("Ctrl+Return", self.approve), ("Ctrl+Enter", self.approve),
                           ("Ctrl+Shift+Return", self.return_section), ("Ctrl+Shift+Enter", self.return_section)):
            shortcut = QShortcut(QKeySequence(keys), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
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
        from npmdesk.domain.vocabulary import ROLES
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
        session = self.ctx.session
        if identity.seconds_left(session, member_id) is not None:
            self.set_person(member_id)
            return
        name = self.view.person.itemText(index)
        passphrase = PersonalPassphrase.ask(self.view, name)
        if passphrase is None:
            self.view.person.setCurrentIndex(self.view.person.findData(self.member_id))
            return

        def failed(exc):
            self.view.person.setCurrentIndex(self.view.person.findData(self.member_id))
            from npmdesk.ui.common.ops import error_text
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

    # -- loading ---------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        current = self.view.queue.currentIndex()
        item = current.data(ItemRole) if current.isValid() else None
        wanted = keep or (item.id if item else None)

        def loaded(items):
            self.model.set_rows(items)
            self.view.empty.setVisible(not items)
            row = self.model.row_of(wanted) if wanted else -1
            if row < 0 and items:
                row = 0
            if row >= 0:
                self.view.queue.selectRow(row)
                self._selected(self.model.index(row, 0), None)
            else:
                self._clear()
                self.sig_loaded.emit()

        self.ctx.run(self.view, review_queue.queue, on_done=self._live(loaded))

    def _selected(self, current, _previous) -> None:
        item = current.data(ItemRole) if current.isValid() else None
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
        """The queue item (section or report) the person is on, to come back to after a lock."""
        current = self.view.queue.currentIndex()
        item = current.data(ItemRole) if current.isValid() else None
        return item.id if item is not None else self.wanted

    def _clear(self) -> None:
        self.detail, self.report_id, self.report_allowed = None, None, []
        for widget in (self.view.item_title, self.view.item_state):
            widget.clear()
        self.view.text.clear()
        self.view.diff.clear()
        self.view.notes.clear()
        self._update_buttons()

    def _show_report(self, result) -> None:
        report, allowed, ready = result
        self._clear()
        self.report_id, self.report_allowed = report.id, allowed if ready else []
        self.view.item_title.setText(report.title)
        self.view.item_state.setText(_("Todas las secciones están aprobadas. Estado del informe: {state}.")
                                     .format(state=state_label(report.state)))
        self._update_buttons()
        self.sig_loaded.emit()

    def _show_detail(self, detail) -> None:
        self.detail, self.report_id, self.report_allowed = detail, None, []
        view = self.view
        view.item_title.setText(_("{title} — {report}").format(title=detail.section.title,
                                                                report=detail.report.title))
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
        view.diff.setExtraSelections(self._disclosure_marks(view.diff, detail.diff_disclosures))
        view.text.setPlainText(detail.text)
        self._show_notes(detail)
        self._update_buttons()
        self.sig_loaded.emit()

    def _show_notes(self, detail) -> None:
        view = self.view
        view.notes.clear()
        items, selections = {}, []
        for anchored in detail.notes:
            row = anchored.observation
            author = detail.names.get(row.author_id, "?")
            status = _("resuelta") if row.resolved else _(observations.ANCHOR_LABELS[anchored.status])
            item = QTreeWidgetItem([_("{author}: {text}").format(author=author, text=row.body),
                                    row.quote, status])
            item.setData(0, ItemRole, row.id)
            item.setToolTip(0, row.body)
            parent = items.get(row.parent_id)
            (parent.addChild(item) if parent is not None else view.notes.addTopLevelItem(item))
            items[row.id] = item
            if row.parent_id is None and not row.resolved and anchored.status in ANCHOR_COLOURS and row.quote:
                selections += self._highlights(detail.text, row.quote, anchored.status)
        view.notes.expandAll()
        view.text.setExtraSelections(selections + self._disclosure_marks(view.text, detail.disclosures))

    @staticmethod
    def _disclosure_marks(widget, marks: list) -> list:
        """The passages that could identify someone, marked as the author's editor marks them."""
        found = []
        for start, end, _reason in marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(widget.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(DISCLOSURE_COLOUR))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor("#b35c00"))
            selection.cursor, selection.format = cursor, fmt
            found.append(selection)
        return found

    def _highlights(self, text: str, quote: str, status: str) -> list:
        at = text.find(quote)
        if at < 0:
            return []
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.text.document())
        cursor.setPosition(at)
        cursor.setPosition(at + len(quote), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(ANCHOR_COLOURS[status]))
        selection.cursor, selection.format = cursor, fmt
        return [selection]

    def _update_buttons(self) -> None:
        detail, view = self.detail, self.view
        actions = detail.actions if detail else []
        view.approve.setEnabled("aprobar" in actions)
        view.return_.setEnabled("devolver" in actions)
        view.approve_report.setEnabled("aprobar_informe" in self.report_allowed)
        observe = bool(detail and detail.can_observe)
        note = view.notes.currentItem()
        view.add_note.setEnabled(observe)
        view.note_text.setEnabled(observe)
        view.reply.setEnabled(observe and note is not None)
        view.resolve.setEnabled(observe and note is not None and note.parent() is None
                                and note.text(2) != _("resuelta"))

    # -- decisions -------------------------------------------------------------

    def _act(self, fn, done_text: str, keep: str | None = None) -> None:
        """Run a signed decision; a personal key whose grace period ended asks for its passphrase."""
        member_id = self.member_id
        if identity.seconds_left(self.ctx.session, member_id) is None:
            passphrase = PersonalPassphrase.ask(self.view, self.view.person.currentText())
            if passphrase is None:
                return
            signed = fn

            def fn(s):
                identity.unlock_identity(s, member_id, passphrase)
                return signed(s)

        def done(_result):
            self.show_key()
            show_message(self.view.message, done_text, error=False)
            self.ctx.sig_changed.emit("section", "")
            self.reload(keep)

        def failed(exc):
            from npmdesk.ui.common.ops import error_text
            self.show_key()
            show_message(self.view.message, error_text(exc))
            self.reload(keep)

        self.ctx.run(self.view, fn, on_done=self._live(done), on_error=self._live(failed))

    def approve(self) -> None:
        if not self.view.approve.isEnabled() or self.detail is None:
            return
        section_id, member_id = self.detail.section.id, self.member_id
        self._act(lambda s: review.approve_section(s, section_id, as_member=member_id),
                  _("Sección aprobada y firmada: «{title}».").format(title=self.detail.section.title))

    def return_section(self) -> None:
        if not self.view.return_.isEnabled() or self.detail is None:
            return
        section_id, member_id = self.detail.section.id, self.member_id
        self._act(lambda s: review.return_with_observations(s, section_id, as_member=member_id),
                  _("Sección devuelta a su autoría con observaciones: «{title}».").format(
                      title=self.detail.section.title))

    def approve_report(self) -> None:
        if not self.view.approve_report.isEnabled() or self.report_id is None:
            return
        report_id, member_id = self.report_id, self.member_id
        self._act(lambda s: review.approve_report(s, report_id, as_member=member_id),
                  _("Informe aprobado y firmado."))

    def add_note(self) -> None:
        detail, view = self.detail, self.view
        if detail is None or not view.add_note.isEnabled():
            return
        body = view.note_text.toPlainText().strip()
        cursor = view.text.textCursor()
        quote = cursor.selectedText().replace("\u2029", "\n")
        start = None
        if quote:
            start = review_queue.body_offset(detail.section.body, detail.text, cursor.selectionStart(), quote)
            if start is None:
                show_message(view.message, _("Seleccione un fragmento dentro de un mismo párrafo, sin formato "
                                             "especial, para anclar la observación."))
                return
        if not body:
            show_message(view.message, _("Escriba el texto de la observación."))
            return
        section_id, member_id = detail.section.id, self.member_id
        view.note_text.clear()
        self._act(lambda s: observations.add_observation(s, section_id, body, quote=quote, start=start or 0,
                                                         as_member=member_id),
                  _("Observación añadida."), keep=section_id)

    def reply(self) -> None:
        note, view = self.view.notes.currentItem(), self.view
        body = view.note_text.toPlainText().strip()
        if self.detail is None or note is None or not view.reply.isEnabled():
            return
        if not body:
            show_message(view.message, _("Escriba el texto de la respuesta."))
            return
        while note.parent() is not None:
            note = note.parent()
        parent_id, section_id, member_id = note.data(0, ItemRole), self.detail.section.id, self.member_id
        view.note_text.clear()
        self._act(lambda s: observations.add_observation(s, section_id, body, parent_id=parent_id,
                                                         as_member=member_id),
                  _("Respuesta añadida."), keep=section_id)

    def resolve(self) -> None:
        note = self.view.notes.currentItem()
        if self.detail is None or note is None or not self.view.resolve.isEnabled():
            return
        observation_id, member_id = note.data(0, ItemRole), self.member_id
        self._act(lambda s: observations.resolve(s, observation_id, as_member=member_id),
                  _("Observación resuelta."), keep=self.detail.section.id)


def open_review(ctx, record_id=None, _parent_id=None, parent=None) -> ReviewView:
    """The review screen; `record_id` (a section or report in the queue) is selected first."""
    view = ReviewView(parent)
    view.controller = ReviewController(ctx, view)
    view.controller.wanted = record_id or None
    view.restore_point = view.controller.selected_id  # read by the main controller before a lock
    return view
