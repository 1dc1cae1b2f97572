"""What every record form shares: the frame (view) and the load/save/delete behaviour (controller).

A form loads its record (or prepares a new one under its parent) through
`ctx.run`, marks itself dirty when the person edits, saves through
`services.records` and shows a refused save as the translated InvalidRecord
sentence while keeping what was typed.
"""

import copy
import dataclasses
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from shiboken6 import isValid
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from npmdesk.domain.text import count_replaced
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.records.widgets import name_widget
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.shell.widgets import ElidedLabel, show_message


AUTOSAVE_MS = 3000
"""A dirty, valid form saves itself this long after the last edit (DESIGN.md §6)."""


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class ConfirmDelete(QMessageBox):
    """Asks before a record is deleted; the answer is True or None."""

    def __init__(self, parent, name: str):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_("Eliminar"))
        self.setText(_("¿Eliminar «{name}»?").format(name=short(name)))
        self.setInformativeText(_("Esta acción no se puede deshacer. "
                                  "La eliminación quedará registrada en la bitácora."))
        self.yes_button = self.addButton(_("Eliminar"), QMessageBox.ButtonRole.DestructiveRole)
        self.no_button = self.addButton(_("Cancelar"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.no_button)
        self.setEscapeButton(self.no_button)

    @classmethod
    def ask(cls, parent, name: str) -> bool | None:
        dialog = cls(parent, name)
        dialog.exec()
        return True if dialog.clickedButton() is dialog.yes_button else None


class FormView(QWidget):
    """Heading, message line, a scrolling form and the Guardar / Eliminar buttons."""

    def __init__(self, heading: str, parent=None):
        super().__init__(parent)
        self.controller = None
        outer = QVBoxLayout(self)
        self.heading = ElidedLabel(heading)  # a long title ends in «…», never shrinks the navigator
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleName(_("Título del formulario"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(_("Mensaje"))
        self.message.hide()
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body_layout.addLayout(self.form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName(_("Campos del formulario"))  # it takes focus to scroll
        self.save_button = name_widget(QPushButton(_("&Guardar")), _("Guardar"))
        self.save_button.setToolTip(_("Guardar los cambios (Ctrl+S)"))
        self.delete_button = name_widget(QPushButton(_("&Eliminar")), _("Eliminar"))
        self.delete_button.setToolTip(_("Elimina este registro, tras una confirmación"))
        self.status = QLabel()
        self.status.setAccessibleName(_("Estado del guardado"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        outer.addWidget(self.heading)
        outer.addWidget(self.message)
        outer.addWidget(self.scroll, 1)
        outer.addLayout(buttons)
        self.save_button.setDefault(False)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        """A labelled row; the label's mnemonic (&) focuses the widget."""
        name_widget(widget, label)
        self.form.addRow(label, widget)
        return widget

    def add_section(self, title: str) -> None:
        label = QLabel(title)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label)

    def show_error(self, text: str) -> None:
        show_message(self.message, text)

    def show_notice(self, text: str) -> None:
        show_message(self.message, text, error=False)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def flush(self) -> bool:
        """Save pending edits (if any and valid); False when they could not be saved."""
        return self.controller.flush() if self.controller is not None else True


def on_live(view: QWidget, callback):
    """`callback`, skipped when `view` was closed (deleted) before the operation ended.

    A view can be flushed and then replaced by navigation while its save still runs.
    """
    def call(*args):
        if isValid(view):
            callback(*args)
    return call


def replaced_characters(record) -> int:
    """How many hostile characters cleaning will replace in `record` and its children."""
    total = 0
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            total += count_replaced(value)
        elif isinstance(value, list):
            total += sum(replaced_characters(item) for item in value if dataclasses.is_dataclass(item))
    return total


class FormController(QObject):
    """Loads, saves and deletes one record for a FormView. Subclasses fill the hooks."""

    entity = ""
    cls = None

    sig_loaded = Signal(object)
    """Fires when the record (existing or new) is shown: the record."""
    sig_saved = Signal(object)
    """Fires after a save succeeded: the record as stored."""
    sig_deleted = Signal(str)
    """Fires after the record was deleted: its id."""

    def __init__(self, ctx, view: FormView, record_id: str | None, parent_id: str | None):
        super().__init__(view)
        self.ctx = ctx
        self.view = view
        self.record_id = record_id
        self.parent_id = parent_id
        self.record = None
        self.extra: dict = {}
        self.dirty = False
        self.busy = False
        self._populating = False
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        view.controller = self
        view.save_button.clicked.connect(lambda: self.save())
        view.save_shortcut.activated.connect(lambda: self.save())
        view.delete_button.clicked.connect(self.delete)
        view.setEnabled(False)
        self.connect_view()

    # Hooks -----------------------------------------------------------------
    def connect_view(self) -> None:
        """Connect the view's signals (edits call self.touched)."""

    def fetch(self, session) -> dict:
        """Off the GUI thread: {'record': …, plus whatever populate needs}."""
        return {"record": records.get(session, self.cls, self.record_id)}

    def fetch_new(self, session) -> dict:
        raise NotImplementedError

    def populate(self, record) -> None:
        raise NotImplementedError

    def collect(self):
        """A new record built from the loaded one and the view's current values."""
        raise NotImplementedError

    def heading(self, record) -> str:
        raise NotImplementedError

    def describe(self, record) -> str:
        """How the record is named in the deletion question."""
        return self.heading(record)

    def persist(self, session, record):
        return records.save(session, record)

    # Behaviour -------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """True once the record is on screen and can be edited."""
        return self.record is not None

    def load(self) -> None:
        fetch = self.fetch if self.record_id else self.fetch_new
        self.ctx.run(self.view, fetch, on_done=on_live(self.view, self._loaded),
                     on_error=on_live(self.view, self._load_failed))

    def touched(self, *_args) -> None:
        if not self._populating and self.record is not None:
            self.dirty = True
            self.view.status.setText(_("Cambios sin guardar"))
            self.autosave.start()

    def _autosave(self) -> None:
        if self.busy:
            self.autosave.start()
        elif self.dirty and self.record is not None:
            self.save(quiet=True)

    def _loaded(self, data: dict) -> None:
        self.extra = data
        self._show(data["record"])
        self.view.setEnabled(True)
        self.view.delete_button.setEnabled(self.record_id is not None)
        self.sig_loaded.emit(self.record)

    def _load_failed(self, exc) -> None:
        self.view.setEnabled(True)
        self.view.scroll.setEnabled(False)
        self.view.save_button.setEnabled(False)
        self.view.delete_button.setEnabled(False)
        self.view.show_error(exc.message() if isinstance(exc, NpmdeskError) else _(
            "No se pudo abrir el registro."))
        if not isinstance(exc, NpmdeskError):
            show_error(self.view, exc)

    def _show(self, record) -> None:
        self.record = record
        self._populating = True
        try:
            self.populate(record)
        finally:
            self._populating = False
        self.view.heading.setText(short(self.heading(record), 120))
        self.dirty = False

    def save(self, quiet: bool = False) -> bool:
        """Validate and store the form; False when the input is refused (said unless `quiet`)."""
        if self.record is None or self.busy:
            return False
        self.autosave.stop()
        record = self.collect()
        try:
            validate(copy.deepcopy(record))
        except InvalidRecord as exc:
            if not quiet:
                self.view.show_error(exc.message())
            return False
        replaced = replaced_characters(record)
        sent = copy.deepcopy(record)
        self._set_busy(True)
        self.ctx.run(self.view, lambda s: self.persist(s, record),
                     on_done=on_live(self.view, lambda stored: self._saved(stored, sent, replaced)),
                     changed=(self.entity, record.id), on_error=on_live(self.view, self._failed))
        return True

    def flush(self) -> bool:
        if not self.dirty:
            return True
        return self.save()

    def _saved(self, stored, sent, replaced: int) -> None:
        self._set_busy(False)
        self.record_id = stored.id
        self.record = stored
        if stored != sent:  # cleaning (or a new interview code) changed it: show what was stored
            self._show(stored)
        else:
            self.view.heading.setText(short(self.heading(stored), 120))
            self.dirty = self.collect() != stored  # typing went on while it was saving
        self.view.delete_button.setEnabled(True)
        if replaced:
            self.view.show_notice(_("Se sustituyeron {count} caracteres no admitidos por «\ufffd».")
                                  .format(count=replaced))
        else:
            self.view.clear_message()
        self.view.status.setText(_("Cambios sin guardar") if self.dirty else _(
            "Guardado a las {time}").format(time=datetime.now().strftime("%H:%M:%S")))
        self.ctx.sig_edited.emit()
        self.sig_saved.emit(stored)

    def _failed(self, exc) -> None:
        self._set_busy(False)
        if isinstance(exc, NpmdeskError):
            self.view.show_error(exc.message())
        else:
            show_error(self.view, exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.view.save_button.setEnabled(not busy)

    def delete(self) -> None:
        if self.record_id is None or self.busy:
            return
        name = self.describe(self.record)
        if not ConfirmDelete.ask(self.view, name):
            return
        record_id = self.record_id
        self._set_busy(True)
        self.ctx.run(self.view, lambda s: records.delete(s, self.cls, record_id, short(name)),
                     on_done=on_live(self.view, lambda _r: self._deleted(record_id, name)),
                     changed=(self.entity, record_id), on_error=on_live(self.view, self._failed))

    def _deleted(self, record_id: str, name: str) -> None:
        self.busy = False
        self.dirty = False
        self.record = None
        self.record_id = None
        self.view.setEnabled(False)
        self.view.show_notice(_("«{name}» se ha eliminado.").format(name=short(name)))
        self.view.status.clear()
        self.sig_deleted.emit(record_id)
