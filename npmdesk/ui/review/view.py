"""The review screen's layout, made for reading: the list of reports and their sections at the
left, the section's text (with its formatting) taking most of the width, and the observations in
a margin at its right, beside the passages they anchor to; the decisions under the text.

Below about 900 px the list moves above the text, so the text keeps the width. Layout only;
`screen.ReviewController` gives it behaviour.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QBoxLayout, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QSplitter, QStackedWidget, QTextBrowser, QTreeWidget,
                               QVBoxLayout, QWidget)

from npmdesk.i18n import _
from npmdesk.ui.shell.widgets import ChoiceBox, ElidedLabel, heading, message_label, named

NARROW = 900  # below this width the list goes above the text instead of beside it


class Row(QObject):
    """A row of buttons that stacks them when its pane is too narrow for them side by side (a
    narrow screen, large fonts), instead of cutting their labels or widening the pane."""

    def __init__(self, box: QWidget, layout: QBoxLayout):
        super().__init__(box)
        self.box, self.layout = box, layout
        box.setMinimumWidth(1)  # the pane's width decides, not the buttons' labels side by side
        box.installEventFilter(self)

    def needed(self) -> int:
        widths = [self.layout.itemAt(i).widget().sizeHint().width() for i in range(self.layout.count())
                  if self.layout.itemAt(i).widget() is not None]
        return sum(widths) + self.layout.spacing() * max(len(widths) - 1, 0)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            wanted = (QBoxLayout.Direction.LeftToRight if self.box.width() >= self.needed()
                      else QBoxLayout.Direction.TopToBottom)
            if self.layout.direction() != wanted:
                self.layout.setDirection(wanted)
        return False


class ReviewView(QWidget):
    """Layout only; `ReviewController` gives it behaviour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = heading(scale=1.2)
        self.person_label = QLabel()
        self.person = ChoiceBox()  # the reviewer's whole name, «(Director/a)» too
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person.setMinimumContentsLength(14)
        self.person_label.setBuddy(self.person)
        self.key_state = ElidedLabel()  # whose signing key is active, and until when
        top.addWidget(self.title)
        top.addWidget(self.person_label)
        top.addWidget(self.person)
        top.addWidget(self.key_state, 1)
        self.message = message_label()
        layout.addLayout(top)
        layout.addWidget(self.message)

        self.queue = QTreeWidget()  # reports, and under each its sections in report order
        self.queue.setHeaderHidden(True)
        self.queue.setColumnCount(1)
        self.queue.setUniformRowHeights(False)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.queue.setTabKeyNavigation(False)  # Tab leaves the list for the text and the buttons
        self.queue.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.queue.setIndentation(12)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.queue, 1)
        queue_layout.addWidget(self.empty)

        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        self.item_title = heading(scale=1.1)
        self.item_state = QLabel()
        self.item_state.setWordWrap(True)
        self.item_state.setTextFormat(Qt.TextFormat.PlainText)
        self.show_changes = QPushButton()
        self.show_changes.setCheckable(True)
        state_row = QHBoxLayout()
        state_row.addWidget(self.item_state, 1)
        state_row.addWidget(self.show_changes, 0, Qt.AlignmentFlag.AlignTop)
        self.pages = QStackedWidget()
        self.text = QTextBrowser()  # the section as written: paragraphs, bullets, bold
        self.text.setOpenLinks(False)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.diff = QTextBrowser()
        self.diff.setOpenLinks(False)
        self.pages.addWidget(self.text)
        self.pages.addWidget(self.diff)
        decisions_box = QWidget()
        decisions = QBoxLayout(QBoxLayout.Direction.LeftToRight, decisions_box)
        decisions.setContentsMargins(0, 0, 0, 0)
        self.return_ = QPushButton()
        self.approve = QPushButton()
        self.approve.setDefault(False)
        decisions.addWidget(self.return_)
        decisions.addStretch(1)
        decisions.addWidget(self.approve)
        reading_layout.addWidget(self.item_title)
        reading_layout.addLayout(state_row)
        reading_layout.addWidget(self.pages, 1)
        reading_layout.addWidget(decisions_box)

        margin = QWidget()  # the observations, as a word processor shows comments
        margin_layout = QVBoxLayout(margin)
        margin_layout.setContentsMargins(0, 0, 0, 0)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes = QTreeWidget()
        self.notes.setHeaderHidden(True)
        self.notes.setColumnCount(1)
        self.notes.setWordWrap(True)
        self.notes.setUniformRowHeights(False)
        self.notes.setTabKeyNavigation(False)
        self.note_text = QPlainTextEdit()
        self.note_text.setTabChangesFocus(True)
        self.note_text.setMaximumHeight(90)
        self.add_note = QPushButton()
        self.reply = QPushButton()
        self.resolve = QPushButton()
        note_box = QWidget()
        note_buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight, note_box)
        note_buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.reply, self.resolve):
            note_buttons.addWidget(button)
        margin_layout.addWidget(self.notes_label)
        margin_layout.addWidget(self.notes, 1)
        margin_layout.addWidget(self.note_text)
        margin_layout.addWidget(self.add_note)
        margin_layout.addWidget(note_box)
        self.rows = [Row(decisions_box, decisions), Row(note_box, note_buttons)]

        self.inner = QSplitter(Qt.Orientation.Horizontal)  # text | observations
        self.inner.setObjectName("review-inner")
        self.inner.addWidget(reading)
        self.inner.addWidget(margin)
        self.inner.setStretchFactor(0, 3)
        self.inner.setStretchFactor(1, 1)
        self.inner.setChildrenCollapsible(False)
        self.outer = QSplitter(Qt.Orientation.Horizontal)  # list | the rest
        self.outer.setObjectName("review-outer")
        self.outer.addWidget(queue_box)
        self.outer.addWidget(self.inner)
        self.outer.setStretchFactor(0, 0)
        self.outer.setStretchFactor(1, 1)
        self.outer.setChildrenCollapsible(False)
        for pane in (queue_box, reading, margin):
            pane.setMinimumWidth(160)  # content never widens a pane: titles elide, text wraps
        self.default_sizes()
        layout.addWidget(self.outer, 1)
        self.retranslateUi()

    def default_sizes(self, outer: bool = True, inner: bool = True) -> None:
        """List, text and margin in the proportions a reader needs (used until the person drags)."""
        width = max(self.width(), 600)
        if outer and self.outer.orientation() == Qt.Orientation.Horizontal:
            self.outer.setSizes([int(width * 0.22), int(width * 0.78)])
        elif outer:
            self.outer.setSizes([140, max(self.height() - 140, 300)])
        if inner:
            self.inner.setSizes([int(width * 0.53), int(width * 0.25)])

    def fit(self) -> bool:
        """Put the list above the text when the screen is narrow, beside it otherwise; True if it moved."""
        wanted = Qt.Orientation.Vertical if self.width() < NARROW else Qt.Orientation.Horizontal
        if self.outer.orientation() == wanted:
            return False
        self.outer.setOrientation(wanted)
        return True

    def retranslateUi(self) -> None:
        self.title.setText(_("Revisión"))
        self.person_label.setText(_("Revisa &como:"))
        self.empty.setText(_("No hay informes en revisión."))
        self.show_changes.setText(_("Ver &cambios"))
        self.show_changes.setToolTip(_("Cambios desde su última revisión"))
        self.notes_label.setText(_("Observaciones. Para anclar una nueva, seleccione un fragmento del texto "
                                   "(Ctrl+Alt+M)."))
        self.note_text.setPlaceholderText(_("Escriba aquí la observación o la respuesta…"))
        self.add_note.setText(_("Añadir &observación"))
        self.add_note.setToolTip(_("Añadir la observación al fragmento seleccionado (Ctrl+Alt+M)"))
        self.reply.setText(_("&Responder"))
        self.reply.setToolTip(_("Añade el texto escrito como respuesta a la observación elegida"))
        self.person.setToolTip(_("Quién revisa y firma, de la nómina firmada; cambiar de persona pide su "
                                 "frase de contraseña"))
        self.note_text.setToolTip(_("Una observación nueva sobre el fragmento elegido, o la respuesta a la elegida"))
        self.resolve.setText(_("Re&suelta"))
        self.resolve.setToolTip(_("Marcar como resuelta"))
        self.approve.setText(_("&Aprobar…"))
        self.approve.setToolTip(_("Aprueba de una vez la sección, las secciones elegidas en la lista (Mayús o "
                                  "Ctrl + clic) o, con el informe elegido, todas sus secciones enviadas; y el "
                                  "informe si con ellas queda completo. Antes muestra exactamente qué se firma (Ctrl+Intro)."))
        self.return_.setText(_("&Devolver con observaciones"))
        self.return_.setToolTip(_("Devuelve la sección a su autoría; necesita al menos una observación "
                                  "abierta (Ctrl+Mayús+Intro)"))
        self.queue.setToolTip(_("Alt+Abajo y Alt+Arriba pasan a la sección siguiente o anterior"))
        for widget, name in ((self.person, _("Persona que revisa")), (self.key_state, _("Clave de firma activa")),
                             (self.queue, _("Informes en revisión y sus secciones")),
                             (self.text, _("Texto actual")), (self.diff, _("Cambios desde su última revisión")),
                             (self.notes, _("Observaciones")), (self.note_text, _("Texto de la observación")),
                             (self.show_changes, _("Ver cambios desde su última revisión")),
                             (self.add_note, _("Añadir observación")), (self.reply, _("Responder")),
                             (self.resolve, _("Marcar como resuelta")),
                             (self.approve, _("Aprobar la sección")),
                             (self.return_, _("Devolver con observaciones"))):
            named(widget, name)
