"""The letters (oficios) sent to the authorities and their responses: for each letter its due
date, the days left or overdue, when and how it was sent, and the responses received so far.
By default only the letters still waiting for a response are listed. Made for 1024×600: one
table, and the selected letter's responses in a short pane below it.

A draft sent for factual corrections is written from here too (corrections_dialogs.DraftDialog),
listed among the letters until its reply is recorded (ReplyDialog)."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from npmdesk.domain import vocabulary as v
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _, ngettext
from npmdesk.services.tracking import corrections, dialogue
from npmdesk.ui.common.dates import show_date
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.records.widgets import CodeCombo, DateField, name_widget
from npmdesk.ui.shell.widgets import short
from npmdesk.ui.team.working import with_key
from npmdesk.ui.tracking.corrections_dialogs import DraftDialog, ReplyDialog
from npmdesk.ui.tracking.deadlines import days_text

IdRole = Qt.ItemDataRole.UserRole + 1
"""The letter's id, on the first cell of its row."""


class SendDialog(QDialog):
    """When and how a letter went out."""

    def __init__(self, parent, authority: str):
        super().__init__(parent)
        self.setWindowTitle(_("Registrar el envío del oficio"))
        form = QFormLayout(self)
        form.addRow(QLabel(authority))
        self.day = DateField()
        form.addRow(_("&Fecha de envío"), name_widget(self.day, _("Fecha de envío")))
        self.means = CodeCombo(v.LETTER_MEANS)
        form.addRow(_("&Medio"), name_widget(self.means, _("Medio de envío")))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(_("Registrar"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)

    @classmethod
    def ask(cls, parent, authority: str) -> tuple[str, str] | None:
        """(ISO date, means code), or None when cancelled."""
        dialog = cls(parent, authority)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.day.iso(), dialog.means.code()


def _sent_text(letter) -> str:
    if not letter.sent_on:
        return _("sin registrar")
    return _("{date} · {means}").format(date=show_date(letter.sent_on), means=_(v.LETTER_MEANS[letter.means]))


def _responses_text(status) -> str:
    if status.letter.kind == "correcciones":
        return _("correcciones del {date}").format(date=show_date(status.letter.reply_on)) \
            if status.letter.reply_on else _("ninguna")
    if not status.responses:
        return _("ninguna")
    return ngettext("{count}: {dates}", "{count}: {dates}", len(status.responses)).format(
        count=len(status.responses), dates=", ".join(show_date(r.date) for r in status.responses))


class LettersView(QWidget):
    def __init__(self, ctx, parent=None, today: str | None = None):
        super().__init__(parent)
        self.ctx, self.today, self.statuses, self.shown = ctx, today, [], []
        self.wanted: str | None = None  # a letter to select once loaded (dashboard, after a lock)
        outer = QVBoxLayout(self)
        heading = QLabel(_("Oficios y respuestas de las autoridades"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        bar = QHBoxLayout()
        self.only_pending = QCheckBox(_("Solo los que esperan &respuesta"))
        self.only_pending.setChecked(True)
        self.only_pending.setToolTip(_("Oculta los oficios ya respondidos"))
        self.only_pending.toggled.connect(self.apply)
        bar.addWidget(self.only_pending)
        self.count = QLabel()
        self.count.setAccessibleName(_("Número de oficios"))
        bar.addWidget(self.count)
        bar.addStretch(1)
        outer.addLayout(bar)
        bar = QHBoxLayout()  # the actions on a row of their own: beside the filter, 1,412 px at 150 % text
        bar.addStretch(1)
        self.send_button = QPushButton(_("Registrar &envío…"))
        self.send_button.setAccessibleName(_("Registrar cuándo y cómo se envió el oficio seleccionado"))
        self.send_button.setToolTip(_("La fecha y el medio del envío fijan el plazo de la respuesta"))
        self.send_button.clicked.connect(self.send)
        bar.addWidget(self.send_button)
        self.reply_button = QPushButton(_("Registrar res&puesta…"))
        self.reply_button.setAccessibleName(_("Registrar la respuesta de la autoridad al borrador seleccionado"))
        self.reply_button.setToolTip(_("La fecha, el texto y el documento con que la autoridad respondió al "
                                       "borrador; sus comentarios de Word pueden pasar a observaciones"))
        self.reply_button.clicked.connect(self.reply)
        bar.addWidget(self.reply_button)
        self.draft_button = QPushButton(_("&Borrador para correcciones…"))
        self.draft_button.setAccessibleName(_("Escribir el borrador de un informe para las correcciones fácticas "
                                              "de una autoridad"))
        self.draft_button.setToolTip(_("Un informe con todas sus secciones aprobadas, aún sin aprobar, marcado "
                                       "como borrador para que la autoridad corrija los hechos"))
        self.draft_button.clicked.connect(self.draft)
        bar.addWidget(self.draft_button)
        outer.addLayout(bar)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        outer.addWidget(self.notice)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName(_("Oficios"))
        self.table.setHorizontalHeaderLabels([_("Vence"), _("Plazo"), _("Autoridad"), _("Oficio"),
                                              _("Enviado"), _("Respuestas")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_args: self._detail())
        split.addWidget(self.table)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setAccessibleName(_("Respuestas recibidas al oficio seleccionado"))
        split.addWidget(self.detail)
        split.setSizes([400, 120])
        outer.addWidget(split, 1)
        self.ctx.sig_changed.connect(self._changed)
        self.load()

    def load(self) -> None:
        today = self.today
        self.ctx.run(self, lambda s: dialogue.letters_status(s, today), on_done=self._loaded)

    def _changed(self, entity: str, _record_id: str) -> None:
        if entity in ("letter", "response", "recommendation", ""):
            self.load()

    def _loaded(self, statuses) -> None:
        self.statuses = statuses
        self.apply()

    def apply(self, *_args) -> None:
        if self.wanted and self.only_pending.isChecked() and any(
                s.letter.id == self.wanted and s.answered for s in self.statuses):
            self.only_pending.setChecked(False)  # a letter asked for by name is shown, answered or not
            return
        keep = self.restore_point()
        self.shown = [s for s in self.statuses if not (self.only_pending.isChecked() and s.answered)]
        waiting = sum(not s.answered for s in self.statuses)
        self.count.setText(ngettext("{shown} de {total} oficios; {waiting} espera respuesta",
                                    "{shown} de {total} oficios; {waiting} esperan respuesta", waiting).format(
            shown=len(self.shown), total=len(self.statuses), waiting=waiting))
        self.table.setRowCount(len(self.shown))
        for row, status in enumerate(self.shown):
            letter = status.letter
            cells = (show_date(letter.response_due), _("respondido") if status.answered else days_text(status.days_left),
                     letter.authority, letter.reference, _sent_text(letter), _responses_text(status))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and status.days_left < 0 and not status.answered:
                    bold = QFont(item.font())
                    bold.setBold(True)
                    item.setFont(bold)
                self.table.setItem(row, column, item)
            self.table.item(row, 0).setData(IdRole, letter.id)
        self.wanted = self.wanted or keep
        self._select(self.wanted)
        self.send_button.setEnabled(bool(self.shown))
        self._detail()

    def _select(self, letter_id: str | None) -> None:
        for row, status in enumerate(self.shown):
            if status.letter.id == letter_id:
                self.table.setCurrentCell(row, 0)
                self.table.scrollToItem(self.table.item(row, 0))
                self.wanted = None
                return
        if self.shown and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)

    def current(self):
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _detail(self) -> None:
        status = self.current()
        letter = status.letter if status is not None else None
        self.reply_button.setEnabled(letter is not None and letter.kind == "correcciones" and bool(letter.sent_on)
                                     and not letter.reply_on)
        if letter is not None and letter.kind == "correcciones":
            self.detail.setText(self._draft_detail(letter))
            return
        if status is None:
            self.detail.setText(_("Ningún oficio espera respuesta.") if self.only_pending.isChecked()
                                else _("Todavía no hay oficios registrados."))
            return
        letter = status.letter
        lines = [ngettext("{reference} a {authority}: {count} recomendación; respuesta debida el {due}.",
                          "{reference} a {authority}: {count} recomendaciones; respuesta debida el {due}.",
                          len(letter.recommendation_ids)).format(
            reference=letter.reference, authority=letter.authority, count=len(letter.recommendation_ids),
            due=show_date(letter.response_due))]
        if not status.responses:
            lines.append(_("Sin respuesta todavía."))
        for response in status.responses:
            lines.append(_("Respuesta del {date} ({reference}): {text}").format(
                date=show_date(response.date), reference=response.reference or "—", text=short(response.text, 160)))
        self.detail.setText("\n".join(lines))

    def _draft_detail(self, letter) -> str:
        lines = [_("{reference}, para {authority}: correcciones debidas el {due}.").format(
            reference=letter.reference, authority=letter.authority, due=show_date(letter.response_due))]
        if not letter.sent_on:
            lines.append(_("Registre su envío cuando salga."))
        elif not letter.reply_on:
            lines.append(_("Sin respuesta todavía."))
        else:
            lines.append(_("Respuesta del {date}: {text}").format(
                date=show_date(letter.reply_on), text=short(letter.reply_text, 160) or "—"))
        return "\n".join(lines)

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _failed(self, exc) -> None:
        if isinstance(exc, NpmdeskError):  # a refused date, report or document: said beside the table
            self._say(exc.message())
        else:
            show_error(self, exc)

    def draft(self) -> None:
        """Write a draft for factual corrections: which report (only those ready), which authority."""
        today = self.today

        def chosen(reports) -> None:
            if not reports:
                self._say(_("Ningún informe está listo para enviarse como borrador: hace falta que todas sus "
                            "secciones estén aprobadas y que el informe aún no lo esté."))
                return
            answer = DraftDialog.ask(self, reports)
            if answer is None:
                return
            report_id, authority, days, path = answer

            def done(draft) -> None:
                self.wanted = draft.letter.id
                self._say(_("Borrador para {authority} escrito en {path}. Registre su envío cuando salga.").format(
                    authority=draft.letter.authority, path=draft.path))
            self.ctx.run(self, lambda s: corrections.write_draft(s, report_id, authority, Path(path), days, today),
                         on_done=done, changed=("letter", ""), on_error=self._failed)
        self.ctx.run(self, corrections.ready_reports, on_done=chosen)

    def reply(self) -> None:
        """Log the authority's reply to the selected draft; its Word comments, when asked, become
        observations signed by the person working (her personal passphrase asked when locked)."""
        status = self.current()
        if status is None or status.letter.kind != "correcciones":
            return
        answer = ReplyDialog.ask(self, status.letter.authority)
        if answer is None:
            return
        day, text, document, with_comments = answer
        letter_id, today, actor = status.letter.id, self.today, self.ctx.session.actor

        def run(s):
            return corrections.record_reply(s, letter_id, day, text, Path(document) if document else None,
                                            with_comments, today)
        if with_comments:  # the comments become observations, signed
            run = with_key(self, self.ctx, actor, run)
            if run is None:
                return

        def done(reply) -> None:
            added = len(reply.remarks.observations) if reply.remarks is not None else 0
            self._say(ngettext("Respuesta registrada; {count} comentario quedó como observación del informe.",
                               "Respuesta registrada; {count} comentarios quedaron como observaciones del informe.",
                               added).format(count=added))
        self.wanted = letter_id
        self.ctx.run(self, run, on_done=done, changed=("letter", letter_id), on_error=self._failed)

    def send(self) -> None:
        status = self.current()
        if status is None:
            return
        answer = SendDialog.ask(self, status.letter.authority)
        if answer is None:
            return
        day, means = answer
        letter_id, today = status.letter.id, self.today

        def done(_letter) -> None:
            self.notice.hide()

        self.wanted = letter_id
        self.ctx.run(self, lambda s: dialogue.send_letter(s, letter_id, day, means, today), on_done=done,
                     changed=("letter", letter_id), on_error=self._failed)

    def restore_point(self) -> str | None:
        """The letter the person is on, to come back to after a lock."""
        status = self.current()
        return status.letter.id if status is not None else self.wanted


def open_letters(ctx, record_id=None, _parent_id=None, parent=None) -> LettersView:
    """The letters and their responses; `record_id`, when given, is selected once loaded."""
    view = LettersView(ctx, parent)
    view.wanted = record_id or None
    return view
