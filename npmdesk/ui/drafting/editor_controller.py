"""The behaviour of the section editor: loading, autosave, word count, warnings, checklist, history,
and sending the section for review."""

import html
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidgetItem
from shiboken6 import isValid

from npmdesk.domain import model, richtext, textdiff, workflow
from npmdesk.domain.completeness import of_section
from npmdesk.errors import DiskFull, NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.archive import disclosure
from npmdesk.services.drafting import editor, spelling_words
from npmdesk.services.records import findings
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.ui.drafting.confirm_disclosures import ConfirmDisclosures
from npmdesk.ui.drafting.finding_picker import FindingPicker
from npmdesk.ui.drafting.formatting import insert_reference
from npmdesk.ui.drafting.found import FoundWords
from npmdesk.ui.drafting.marking import Marks
from npmdesk.ui.drafting.notes import NotesController
from npmdesk.ui.drafting.reopen import ReopenGuard
from npmdesk.ui.drafting.text_edit import editor_html
from npmdesk.ui.drafting.editor_view import Question
from npmdesk.ui.records.base import on_live, short
from npmdesk.ui.common.ops import show_error

AUTOSAVE_MS = 1500
"""Typing that stops for this long is saved (the issue asks for at most 2 s)."""
WARNINGS_MS = 300
"""Typing that stops for this long makes the edited marks exact, recounts the words and rescans
for confidentiality warnings (marking.Marks; on a 38-page section, counting on every keystroke
made a keystroke cost 19 times a bare QTextEdit's, bench/README.md)."""
REVEAL_MS = 150
"""A section whose text takes longer to arrive shows its (empty, disabled) editor meanwhile."""
RevisionRole = Qt.ItemDataRole.UserRole + 1

_DIFF_STYLE = {textdiff.INSERT: "background:#d4f4dc; color:#0b5d1e; text-decoration: underline;",
               textdiff.DELETE: "background:#fbd9d9; color:#8a1111; text-decoration: line-through;"}


def diff_html(pieces: list[textdiff.Piece]) -> str:
    out = []
    for piece in pieces:
        text = html.escape(piece.text).replace("\n", "<br>")
        style = _DIFF_STYLE.get(piece.kind)
        out.append(f'<span style="{style}">{text}</span>' if style else text)
    return "".join(out)


class SectionEditorController(QObject):
    sig_saved = Signal(object)
    """Fires after the text was stored: the new revision (None when nothing had changed)."""
    sig_history = Signal(list)
    """Fires when the revision list was (re)loaded: the RevisionInfo rows, newest first."""
    sig_diffed = Signal()
    """Fires when the diff between the chosen revisions is on screen."""

    def __init__(self, ctx, view, section_id: str):
        super().__init__(view)
        self.ctx = ctx
        self.view = view
        self.section_id = section_id
        self.section = None
        self.ticked: set[str] = set()
        self.dirty = False
        self.busy = False
        self.generation = 0
        self._populating = False
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        self.warn_timer = QTimer(self)
        self.warn_timer.setSingleShot(True)
        self.warn_timer.setInterval(WARNINGS_MS)
        self.notes = NotesController(view.edit, view.toolbar, view.notes, self)
        self.marks = Marks(view, self, then=self.notes.refresh)
        self.warn_timer.timeout.connect(self.marks.start)
        self.found = FoundWords(view.edit)
        view.controller = self
        view.setEnabled(False)
        view.edit.textChanged.connect(self._changed)
        view.edit.sig_pasted.connect(self._pasted)
        view.toolbar.sig_insert_finding.connect(self.insert_finding)
        view.edit.sig_follow.connect(self.follow)
        view.edit.sig_add_word.connect(self.add_word)
        self.picker = None
        self.guard = ReopenGuard(ctx, view, section_id)
        self.guard.sig_reopened.connect(lambda section: self.show_state(section.state))
        history = view.history
        history.restore_button.clicked.connect(self.restore_selected)
        view.submit_button.clicked.connect(self.submit)
        history.old.currentIndexChanged.connect(self.show_diff)
        history.new.currentIndexChanged.connect(self.show_diff)
        history.revisions.currentRowChanged.connect(
            lambda row: history.restore_button.setEnabled(row >= 0))

    @property
    def ready(self) -> bool:
        return self.section is not None

    # Loading ---------------------------------------------------------------
    def load(self) -> None:
        # Nothing is painted until the text is in (an empty form painted first costs a long
        # section's open 5 ms), unless loading takes longer than REVEAL_MS.
        self.view.setUpdatesEnabled(False)
        QTimer.singleShot(REVEAL_MS, self.view, self._reveal)
        if not self.section_id:
            self._reveal()
            self.view.setEnabled(True)
            self.view.edit.setReadOnly(True)
            self.view.show_error(_("Las secciones se crean al preparar el informe a partir de una plantilla."))
            return
        self.ctx.run(self.view, lambda s: editor.open_section(s, self.section_id),
                     on_done=on_live(self.view, self._loaded), on_error=on_live(self.view, self._failed))

    def _loaded(self, data: editor.SectionData) -> None:
        # One paint once everything is in place (the progress bar alone repaints at once on a
        # new value: 3 ms of a long section's open, bench/README.md).
        self.view.setUpdatesEnabled(False)
        try:
            self._fill(data)
        finally:
            self._reveal()
        self.view.observations.load(self.ctx, self.section_id, then=self._observations_counted)
        self.found.apply()

    def _reveal(self) -> None:
        if isValid(self.view):
            self.view.setUpdatesEnabled(True)

    def _fill(self, data: editor.SectionData) -> None:
        self.section = data.section
        self.ticked = data.ticked
        self.view.edit.highlighter.watch = data.watch
        self.view.edit.accept_words(data.spelling_words)
        self.view.heading.setText(short(data.section.title, 120))
        self._set_text(data.section.body)
        self._build_checklist()
        self.view.setEnabled(True)
        self.refresh_history()
        self.refresh_report_completeness()
        self.show_state(data.section.state)

    def _set_text(self, clean: str) -> None:
        """Show `clean`, a body already in the stored subset."""
        self._populating = True
        try:
            self.marks.load(editor_html(clean))
        finally:
            self._populating = False
        self.dirty = False
        self.view.edit.document().setModified(False)

    # Typing and saving -----------------------------------------------------
    def add_word(self, word: str) -> None:
        """Into the case file's dictionary (so it travels with the file), then accepted here."""
        self.ctx.run(self.view, lambda s: spelling_words.add(s, word),
                     on_done=on_live(self.view, self.view.edit.accept_words), on_error=on_live(self.view, self._failed))

    def _changed(self) -> None:
        # The spelling highlighter's repaint (when the dictionary arrives) also reports a change.
        if self._populating or self.section is None or self.marks.marking \
                or not self.view.edit.document().isModified():
            return
        self.generation += 1
        self.dirty = True
        self.view.status.setText(_("Cambios sin guardar"))
        self.autosave.start()
        self.marks.typing()
        self.warn_timer.start()

    def _pasted(self, characters: int) -> None:
        self.view.show_notice(_("Se pegó el texto con el formato admitido (negrita, cursiva, "
                                "subrayado, listas, títulos y tablas); el resto del formato se quitó."))

    def _autosave(self) -> None:
        if self.busy:
            self.autosave.start()
        elif self.dirty:
            self.save()

    def save(self) -> bool:
        if self.section is None or self.busy or not self.dirty:
            return False
        self.autosave.stop()
        sent = self.generation
        body = self.view.edit.toHtml()
        self.busy = True
        self.view.status.setText(_("Guardando…"))
        self.ctx.run(self.view, lambda s: editor.save_body(s, self.section_id, body),
                     on_done=on_live(self.view, lambda rev: self._saved(rev, sent)),
                     changed=("section", self.section_id), on_error=on_live(self.view, self._save_failed))
        return True

    def flush(self) -> bool:
        """Send pending text now, then index it (operations run in order, so a later lock or close
        waits for them)."""
        if self.dirty and not self.busy:
            self.save()
        if self.section is not None:
            self.ctx.run(self.view, editor.leave_section)
        return True

    def _saved(self, revision, sent: int) -> None:
        self.busy = False
        self.dirty = self.generation != sent
        if self.dirty:
            self.autosave.start()
        self.view.status.setText(_("Cambios sin guardar") if self.dirty else _(
            "Guardado a las {time}").format(time=datetime.now().strftime("%H:%M:%S")))
        self.ctx.sig_edited.emit()
        if revision is not None:
            self.refresh_history()
            self.refresh_state()  # the state shown follows what the case file now says
        self.sig_saved.emit(revision)

    # Sending for review ----------------------------------------------------
    def refresh_state(self) -> None:
        self.ctx.run(self.view, lambda s: records.get(s, model.Section, self.section_id).state,
                     on_done=on_live(self.view, self.show_state))

    def show_state(self, state: str) -> None:
        self.view.state.setText(_("Estado: {state}").format(state=_(workflow.STATE_LABELS.get(state, state))))
        self.guard.set_state(state)  # approved or sent: read-only until reopened
        self.view.submit_button.setEnabled(workflow.SECTION_TRANSITIONS.get(state, {}).get("enviar") is not None)

    def submit(self) -> None:
        """Sign the current text and send the section for review (pending text is saved first);
        when the text could identify someone, the passages are listed and the author decides."""
        if self.section is None or not self.view.submit_button.isEnabled():
            return
        self.flush()
        self.view.submit_button.setEnabled(False)
        self.ctx.run(self.view, lambda s: disclosure.section_passages(s, self.section_id),
                     on_done=on_live(self.view, self._submit_checked),
                     on_error=on_live(self.view, self._submit_failed))

    def _submit_checked(self, passages: list) -> None:
        if passages and not ConfirmDisclosures.ask(self.view, passages):
            self.refresh_state()
            return
        self.ctx.run(self.view, lambda s: review.submit_section(s, self.section_id),
                     on_done=on_live(self.view, self._submitted), changed=("section", self.section_id),
                     on_error=on_live(self.view, self._submit_failed))

    def _observations_counted(self, open_count: int) -> None:
        """Name the open threads on the tab; a section returned with them opens on them."""
        tabs, panel = self.view.tabs, self.view.observations
        tabs.setTabText(tabs.indexOf(panel), _("&Observaciones ({count})").format(count=open_count) if open_count
                        else _("&Observaciones"))
        self.view.tabs_fit.fit()  # a longer label may no longer fit on top
        if open_count and self.section is not None and self.section.state == "con_observaciones":
            tabs.setCurrentWidget(panel)

    def _submitted(self, section) -> None:
        self.show_state(section.state)
        self.view.show_notice(_("Sección enviada a revisión y firmada: ya figura en «Secciones por revisar»."))

    def _submit_failed(self, exc) -> None:
        self.refresh_state()
        self._failed(exc)

    def _save_failed(self, exc) -> None:
        self.busy = False
        self.view.status.setText(_("Cambios sin guardar"))
        self._failed(exc)
        if isinstance(exc, DiskFull):  # the text stays here and is saved once space returns
            self.autosave.start()

    def _failed(self, exc) -> None:
        self._reveal()
        if isinstance(exc, NpmdeskError):
            self.view.show_error(exc.message())
        else:
            show_error(self.view, exc)
        if self.section is None:
            self.view.setEnabled(True)
            self.view.edit.setReadOnly(True)

    # References to findings ------------------------------------------------
    def insert_finding(self) -> None:
        """Offer the findings of the report's visit; the chosen one is cited at the cursor."""
        if self.section is None or self.view.edit.isReadOnly() or self._choosing():
            return
        self.ctx.run(self.view, lambda s: findings.choices(s, self.section_id),
                     on_done=on_live(self.view, self._choose_finding), on_error=on_live(self.view, self._failed))

    def _choosing(self) -> bool:
        return self.picker is not None and isValid(self.picker) and self.picker.isVisible()

    def _choose_finding(self, choices: list) -> None:
        if self._choosing():  # asked twice before the first list arrived
            return
        if not choices:
            self.view.show_notice(_("No hay hallazgos que citar: los de un informe de visita se registran en "
                                    "la visita (Hallazgos); el informe anual cita los de los informes "
                                    "aprobados del año."))
            return
        self.picker = FindingPicker.pick(self.view, choices, self._insert_reference)

    def _insert_reference(self, choice) -> None:
        self.picker = None
        insert_reference(self.view.edit, choice.reference)
        self.view.edit.setFocus()

    def follow(self, finding_id: str) -> None:
        """Open the finding a reference cites (Ctrl+click), or say that it is gone."""
        self.ctx.run(self.view, lambda s: findings.exists(s, finding_id),
                     on_done=on_live(self.view, lambda found: self._follow(finding_id, found)),
                     on_error=on_live(self.view, self._failed))

    def _follow(self, finding_id: str, found: bool) -> None:
        if found:
            self.ctx.sig_open.emit("finding", finding_id)
        else:
            self.view.show_notice(_("El hallazgo citado ya no existe: se eliminó después de insertar la "
                                    "referencia. El texto de la referencia sigue en la sección; bórrelo o "
                                    "cite otro hallazgo."))

    # Guidance checklist ----------------------------------------------------
    def _build_checklist(self) -> None:
        layout = self.view.guidance.checks
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.checkboxes = []
        for question in dict.fromkeys(q for q in self.section.guidance if q.strip()):
            row = Question(question)
            row.box.setChecked(question in self.ticked)
            row.box.toggled.connect(lambda checked, q=question: self._tick(q, checked))
            layout.addWidget(row)
            self.checkboxes.append(row.box)
        self._show_completeness()
        if not self.checkboxes:
            self.view.guidance.section_label.setText(_("Esta sección no tiene preguntas guía."))

    def _tick(self, question: str, checked: bool) -> None:
        self.ctx.run(self.view, lambda s: editor.set_checked(s, self.section_id, question, checked),
                     on_done=on_live(self.view, lambda _c: self._ticked(question, checked)),
                     changed=("section", self.section_id), on_error=on_live(self.view, self._failed))

    def _ticked(self, question: str, checked: bool) -> None:
        (self.ticked.add if checked else self.ticked.discard)(question)
        self._show_completeness()
        self.refresh_report_completeness()

    def _show_completeness(self) -> None:
        done = of_section(self.section.guidance, self.ticked)
        panel = self.view.guidance
        panel.section_progress.setRange(0, max(1, done.total))
        panel.section_progress.setValue(done.done if done.total else 1)
        panel.section_progress.setFormat(_("{done} de {total}").format(done=done.done, total=done.total))
        panel.section_label.setText(_("Sección: {done} de {total} preguntas guía respondidas.").format(
            done=done.done, total=done.total))

    def refresh_report_completeness(self) -> None:
        report_id = self.section.report_id
        self.ctx.run(self.view, lambda s: editor.report_completeness(s, report_id),
                     on_done=on_live(self.view, self._show_report),
                     on_error=on_live(self.view, self._failed))

    def _show_report(self, done) -> None:
        self.view.guidance.report_label.setText(
            _("Informe completo: {done} de {total} preguntas guía ({percent} %).").format(
                done=done.done, total=done.total, percent=round(done.ratio * 100)))

    # History ---------------------------------------------------------------
    def refresh_history(self) -> None:
        self.ctx.run(self.view, lambda s: editor.history(s, self.section_id),
                     on_done=on_live(self.view, self._show_history),
                     on_error=on_live(self.view, self._failed))

    def _show_history(self, rows: list) -> None:
        panel = self.view.history
        panel.revisions.clear()
        for combo in (panel.old, panel.new):
            combo.blockSignals(True)
            combo.clear()
        for info in rows:
            when = info.created_at.replace("T", " ")[:16]
            label = _("N.º {number} · {author} · {date}").format(
                number=info.number, author=info.author, date=when)
            if info.origin:
                label += " · " + info.origin
            item = QListWidgetItem(label)
            item.setData(RevisionRole, info.id)
            panel.revisions.addItem(item)
            panel.old.addItem(label, info.id)
            panel.new.addItem(label, info.id)
        panel.old.setCurrentIndex(min(1, len(rows) - 1))
        panel.new.setCurrentIndex(0 if rows else -1)
        for combo in (panel.old, panel.new):
            combo.blockSignals(False)
        panel.restore_button.setEnabled(False)
        self.sig_history.emit(rows)
        self.show_diff()

    def show_diff(self) -> None:
        panel = self.view.history
        old, new = panel.old.currentData(), panel.new.currentData()
        if not old or not new:
            panel.diff.setHtml("")
            panel.summary.setText(_("Aún no hay revisiones guardadas."))
            return
        if old == new:
            panel.diff.setHtml("")
            panel.summary.setText(_("Elija dos revisiones distintas para ver sus diferencias."))
            self.sig_diffed.emit()
            return
        self.ctx.run(self.view, lambda s: editor.diff(s, old, new), on_done=on_live(self.view, self._show_diff),
                     on_error=on_live(self.view, self._failed))

    def _show_diff(self, pieces: list) -> None:
        panel = self.view.history
        inserted, deleted = textdiff.summary(pieces)
        panel.summary.setText(_("{inserted} palabras añadidas, {deleted} quitadas.").format(
            inserted=inserted, deleted=deleted))
        panel.diff.setHtml(diff_html(pieces))
        self.sig_diffed.emit()

    def restore_selected(self) -> None:
        item = self.view.history.revisions.currentItem()
        if item is None or self.section is None:
            return
        revision_id = item.data(RevisionRole)
        self.flush()
        self.ctx.run(self.view, lambda s: editor.restore(s, self.section_id, revision_id),
                     on_done=on_live(self.view, self._restored), changed=("section", self.section_id),
                     on_error=on_live(self.view, self._failed))

    def _restored(self, revision) -> None:
        self._set_text(richtext.sanitize(revision.body))
        self.view.show_notice(_("Se restauró el texto como revisión {number}.").format(number=revision.number))
        self.view.status.setText(_("Guardado a las {time}").format(time=datetime.now().strftime("%H:%M:%S")))
        self.ctx.sig_edited.emit()
        self.refresh_history()


def open_section(ctx, record_id, parent_id=None, parent=None):
    """The view factory registered for entity 'section'."""
    from npmdesk.ui.drafting.editor_view import SectionEditorView
    view = SectionEditorView(parent)
    controller = SectionEditorController(ctx, view, record_id)
    controller.load()
    return view
