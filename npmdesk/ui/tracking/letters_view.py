"""The letters (oficios) sent to the authorities and their responses: for each letter its due
date, the days left or overdue, when and how it was sent, and the responses received so far.
By default only the letters still waiting for a response are listed. Made for 1024×600: one
table, and the selected letter's responses in a short pane below it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from npmdesk.domain import vocabulary as v
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _, ngettext
from npmdesk.services.tracking import dialogue
from npmdesk.ui.common.dates import show_date
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.records.widgets import CodeCombo, DateField, name_widget
from npmdesk.ui.shell.widgets import short
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
        self.send_button = QPushButton(_("Registrar &envío…"))
        self.send_button.setAccessibleName(_("Registrar cuándo y cómo se envió el oficio seleccionado"))
        self.send_button.setToolTip(_("La fecha y el medio del envío fijan el plazo de la respuesta"))
        self.send_button.clicked.connect(self.send)
        bar.addWidget(self.send_button)
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

    def send(self) -> None:
        status = self.current()
        if status is None:
            return
        answer = SendDialog.ask(self, status.letter.authority)
        if answer is None:
            return
        day, means = answer
        letter_id, today = status.letter.id, self.today

        def failed(exc) -> None:
            if isinstance(exc, NpmdeskError):  # a refused date or means: said beside the table
                self.notice.setText(exc.message())
                self.notice.show()
            else:
                show_error(self, exc)

        def done(_letter) -> None:
            self.notice.hide()

        self.wanted = letter_id
        self.ctx.run(self, lambda s: dialogue.send_letter(s, letter_id, day, means, today), on_done=done,
                     changed=("letter", letter_id), on_error=failed)

    def restore_point(self) -> str | None:
        """The letter the person is on, to come back to after a lock."""
        status = self.current()
        return status.letter.id if status is not None else self.wanted


def open_letters(ctx, record_id=None, _parent_id=None, parent=None) -> LettersView:
    """The letters and their responses; `record_id`, when given, is selected once loaded."""
    view = LettersView(ctx, parent)
    view.wanted = record_id or None
    return view
