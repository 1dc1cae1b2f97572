"""The form of a field note: first-hand observations kept confidential."""

import dataclasses

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.records.base import FormController, FormView
from npmdesk.ui.records.widgets import CodeCombo


class FieldNoteView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Nota de campo"), parent)
        self.title = self.add_row(_("&Título"), QLineEdit())
        self.kind = self.add_row(_("T&ipo de nota"), CodeCombo(v.NOTE_KINDS))
        self.text = self.add_row(_("Te&xto"), QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(260)


class FieldNoteController(FormController):
    entity = "field_note"
    cls = model.FieldNote

    def connect_view(self):
        self.view.title.textEdited.connect(self.touched)
        self.view.kind.currentIndexChanged.connect(self.touched)
        self.view.text.textChanged.connect(self.touched)

    def fetch_new(self, session):
        return {"record": model.FieldNote(visit_id=self.parent_id, title="")}

    def populate(self, note):
        self.view.title.setText(note.title)
        self.view.kind.set_code(note.kind)
        self.view.text.setPlainText(note.text)

    def collect(self):
        return dataclasses.replace(self.record, title=self.view.title.text().strip(),
                                   kind=self.view.kind.code(), text=self.view.text.toPlainText())

    def heading(self, note):
        return _("Nota de campo: {title}").format(title=note.title) if note.title \
            else _("Nueva nota de campo")


def open_field_note(ctx, record_id, parent_id, parent=None) -> FieldNoteView:
    view = FieldNoteView(parent)
    FieldNoteController(ctx, view, record_id, parent_id).load()
    return view
