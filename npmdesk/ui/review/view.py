"""The review screen's layout: who reviews, the queue across reports, the selected item's changes
and current text beside its observations, and the decision buttons.

Layout only; `review_screen.ReviewController` gives it behaviour.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QSplitter, QTableView, QTabWidget, QTextBrowser, QTextEdit,
                               QTreeWidget, QVBoxLayout, QWidget)

from npmdesk.i18n import _
from npmdesk.ui.shell.widgets import heading, message_label, named


class ReviewView(QWidget):
    """Layout only; `ReviewController` gives it behaviour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = heading(scale=1.3)
        top = QHBoxLayout()
        self.person_label = QLabel()
        self.person = QComboBox()
        top.addWidget(self.person_label)
        top.addWidget(self.person, 1)
        self.key_state = QLabel()  # whose signing key is active, and until when
        self.key_state.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.key_state)
        self.message = message_label()
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.queue = QTableView()
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.verticalHeader().hide()
        self.queue.setAlternatingRowColors(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.queue, 1)
        queue_layout.addWidget(self.empty)
        splitter.addWidget(queue_box)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.item_title = QLabel()
        self.item_title.setWordWrap(True)
        self.item_title.setTextFormat(Qt.TextFormat.PlainText)
        self.item_state = QLabel()
        self.item_state.setWordWrap(True)
        detail_layout.addWidget(self.item_title)
        detail_layout.addWidget(self.item_state)
        middle = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.diff = QTextBrowser()
        self.tabs.addTab(self.diff, "")
        self.tabs.addTab(self.text, "")
        middle.addWidget(self.tabs)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        self.notes_label = QLabel()
        self.notes = QTreeWidget()
        self.notes.setColumnCount(3)
        self.notes.setWordWrap(True)
        self.notes.setColumnWidth(0, 260)
        self.note_text = QPlainTextEdit()
        self.note_text.setMaximumHeight(80)
        self.add_note = QPushButton()
        self.reply = QPushButton()
        self.resolve = QPushButton()
        note_buttons = QHBoxLayout()
        for button in (self.add_note, self.reply, self.resolve):
            note_buttons.addWidget(button)
        for widget in (self.notes_label, self.notes, self.note_text):
            notes_layout.addWidget(widget)
        notes_layout.addLayout(note_buttons)
        middle.addWidget(notes_box)
        middle.setSizes([520, 380])
        detail_layout.addWidget(middle, 1)
        decisions = QHBoxLayout()
        self.approve = QPushButton()
        self.return_ = QPushButton()
        self.approve_report = QPushButton()
        decisions.addWidget(self.return_)
        decisions.addStretch(1)
        decisions.addWidget(self.approve_report)
        decisions.addWidget(self.approve)
        detail_layout.addLayout(decisions)
        splitter.addWidget(detail)
        splitter.setSizes([170, 480])
        layout.addWidget(splitter, 1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(_("Secciones por revisar"))
        self.person_label.setText(_("Revisa como:"))
        self.empty.setText(_("No hay secciones pendientes de revisión."))
        self.tabs.setTabText(0, _("Cambios desde su última revisión"))
        self.tabs.setTabText(1, _("Texto actual"))
        self.notes_label.setText(_("Observaciones (seleccione un fragmento del texto actual para anclar una nueva)"))
        self.notes.setHeaderLabels([_("Observación"), _("Fragmento"), _("Estado")])
        self.note_text.setPlaceholderText(_("Escriba aquí la observación o la respuesta…"))
        self.add_note.setText(_("Añadir observación"))
        self.reply.setText(_("Responder"))
        self.resolve.setText(_("Marcar como resuelta"))
        self.approve.setText(_("Aprobar la sección (Ctrl+Intro)"))
        self.return_.setText(_("Devolver con observaciones (Ctrl+Mayús+Intro)"))
        self.approve_report.setText(_("Aprobar el informe"))
        for widget, name in ((self.person, _("Persona que revisa")), (self.key_state, _("Clave de firma activa")),
                             (self.queue, _("Secciones por revisar")),
                             (self.text, _("Texto actual")), (self.diff, _("Cambios desde su última revisión")),
                             (self.notes, _("Observaciones")), (self.note_text, _("Texto de la observación")),
                             (self.approve, _("Aprobar la sección")),
                             (self.return_, _("Devolver con observaciones")),
                             (self.approve_report, _("Aprobar el informe"))):
            named(widget, name)
