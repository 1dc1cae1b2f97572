"""The section editor's layout: the text with its toolbar and its «Enviar a revisión» button, and
beside it the guidance checklist, the confidentiality warnings, the revision history and the
reviewers' observations."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QProgressBar, QPushButton, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from npmdesk.i18n import _
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.drafting.formatting import FormatBar
from npmdesk.ui.drafting.notes import NotesPanel
from npmdesk.ui.drafting.observations_tab import ObservationsPanel
from npmdesk.ui.drafting.text_edit import SectionTextEdit
from npmdesk.ui.records.widgets import name_widget
from npmdesk.ui.shell.panes import remember
from npmdesk.ui.shell.widgets import ElidedLabel, scrolled, show_message


def _label(name: str, wrap: bool = True) -> QLabel:
    # One-line labels elide: their text changes while typing (words, «Guardado…») and must
    # never widen the text's pane and move the side divider.
    label = QLabel() if wrap else ElidedLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAccessibleName(name)
    return label


class SaveStatus(ElidedLabel):
    """«Cambios sin guardar», «Guardando…», «Guardado a las …»: of a fixed size that fits each, so
    that its change on the first keystroke after a save lays out nothing around it (a layout pass
    of the whole window made that keystroke twice as slow, bench/README.md)."""

    def __init__(self):
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(_("Estado del guardado"))
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        texts = (_("Cambios sin guardar"), _("Guardando…"), _("Guardado a las {time}").format(time="00:00:00"))
        margins = self.contentsMargins()
        self.setFixedSize(max(metrics.horizontalAdvance(t) for t in texts) + metrics.averageCharWidth()
                          + margins.left() + margins.right(), metrics.height() + margins.top() + margins.bottom())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


class HistoryPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.revisions = name_widget(QListWidget(), _("Revisiones"))
        self.restore_button = name_widget(QPushButton(_("&Restaurar la revisión elegida")),
                                          _("Restaurar la revisión elegida"))
        self.old = name_widget(QComboBox(), _("Comparar desde"))
        self.new = name_widget(QComboBox(), _("Comparar hasta"))
        self.summary = _label(_("Resumen de diferencias"))
        self.diff = name_widget(QTextBrowser(), _("Diferencias"))
        self.diff.setOpenLinks(False)
        pick = QFormLayout()
        pick.addRow(_("Desde"), self.old)
        pick.addRow(_("Hasta"), self.new)
        layout.addWidget(QLabel(_("Revisiones (la más reciente primero)")))
        layout.addWidget(self.revisions, 1)
        layout.addWidget(self.restore_button)
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.diff, 2)


class _QuestionText(QLabel):
    """The wrapped text of a guiding question; clicking it ticks the question, as with a check box."""

    def __init__(self, question: str, box: QCheckBox):
        super().__init__(question)
        self.box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.box.click()
        super().mouseReleaseEvent(event)


class Question(QWidget):
    """One guiding question of the checklist: a check box and its question, wrapped to the
    panel's width (a QCheckBox's own text never wraps and would be cut off)."""

    def __init__(self, question: str, parent=None):
        super().__init__(parent)
        self.box = QCheckBox()
        self.box.setAccessibleName(question)
        self.box.setToolTip(_("Márquela cuando la sección ya responda esta pregunta"))
        self.label = _QuestionText(question, self.box)
        self.label.setAccessibleName(question)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)


class GuidancePanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.section_progress = QProgressBar()
        self.section_progress.setAccessibleName(_("Preguntas guía respondidas"))
        self.section_progress.setTextVisible(True)
        self.section_label = _label(_("Avance de la sección"))
        self.report_label = _label(_("Avance del informe"))
        self.checks = QVBoxLayout()
        self.checks.setSpacing(6)
        intro = QLabel(_("Preguntas guía: márquelas cuando la sección ya las responda."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self.checks)
        layout.addWidget(self.section_progress)
        layout.addWidget(self.section_label)
        layout.addWidget(self.report_label)
        layout.addStretch(1)


class TabsFit(QObject):
    """Side tabs on top while their full labels fit the panel's width, down its side otherwise:
    every tab stays in sight and readable, never behind scroll arrows nor cut to «…»."""

    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        self.tabs = tabs
        tabs.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        tabs, metrics = self.tabs, self.tabs.tabBar().fontMetrics()
        needed = sum(metrics.horizontalAdvance(tabs.tabText(i).replace("&", "")) + 28 for i in range(tabs.count()))
        wanted = QTabWidget.TabPosition.North if tabs.width() >= needed else QTabWidget.TabPosition.West
        if tabs.tabPosition() != wanted:
            tabs.setTabPosition(wanted)


class SectionEditorView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.controller = None
        self.heading = _label(_("Título de la sección"), wrap=False)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.message = _label(_("Mensaje"))
        self.message.hide()
        self.edit = name_widget(SectionTextEdit(), _("Texto de la sección"))
        self.toolbar = FormatBar(self.edit)
        self.words = _label(_("Número de palabras"), wrap=False)
        self.status = SaveStatus()
        self.warning_count = _label(_("Advertencias de confidencialidad"), wrap=False)
        self.warning_count.setStyleSheet(tone_style("warning", bold=True))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.edit, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.words)
        status_row.addWidget(self.warning_count, 1)
        status_row.addWidget(self.status)
        left_layout.addLayout(status_row)
        self.state = _label(_("Estado de la sección"), wrap=False)
        self.submit_button = name_widget(QPushButton(_("&Enviar a revisión")), _("Enviar la sección a revisión"))
        self.submit_button.setToolTip(_("Firma el texto actual y pasa la sección a la lista de secciones por revisar"))
        self.submit_button.setEnabled(False)
        self.reopen_button = name_widget(QPushButton(_("&Reabrir…")), _("Reabrir la sección para editarla"))
        self.reopen_button.setToolTip(_("La sección está aprobada o enviada y no se puede editar; reabrirla "
                                        "anula su aprobación o su envío"))
        self.reopen_button.hide()
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.state, 1)
        submit_row.addWidget(self.reopen_button)
        submit_row.addWidget(self.submit_button)
        left_layout.addLayout(submit_row)
        self.guidance = GuidancePanel()
        self.warnings = name_widget(QListWidget(), _("Advertencias de confidencialidad"))
        self.warnings.setWordWrap(True)
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Panel lateral"))
        self.tabs.setUsesScrollButtons(False)  # every tab in sight, «Observaciones (1)» too
        # Down the side with 150 % text the five labels need ~600 px: shortened there, not the window taller than the screen.
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs_fit = TabsFit(self.tabs)
        self.tabs.addTab(scrolled(self.guidance, _("Preguntas guía de la sección")), _("&Guía"))  # eight questions at 150 % text are taller than 600 px
        self.tabs.addTab(self.warnings, _("&Confidencialidad"))
        self.tabs.addTab(self.history, _("&Historial"))
        self.observations = ObservationsPanel()
        self.observations.text_edit = self.edit  # the observed passages are highlighted in it
        self.tabs.addTab(self.observations, _("&Observaciones"))
        self.notes = NotesPanel()  # last: the controller retitles the tabs before it by index
        self.tabs.addTab(self.notes, _("&Notas"))  # short: five tabs share the side panel
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        for pane in (left, self.tabs):
            pane.setMinimumWidth(200)  # what the panes hold never pushes the divider
        splitter.setSizes([600, 400])  # scaled to the real width: the questions need room to be read
        remember(splitter, "panes/editor")
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addWidget(self.message)
        outer.addWidget(self.toolbar)  # across the whole width, so that no button hides behind »
        outer.addWidget(splitter, 1)

    def show_error(self, text: str) -> None:
        show_message(self.message, text)

    def show_notice(self, text: str) -> None:
        show_message(self.message, text, error=False)

    def flush(self) -> bool:
        """Save pending text now; False when it could not be sent."""
        return self.controller.flush() if self.controller is not None else True

    def show_found(self, words: list[str]) -> None:
        """Highlight the words of the search hit that opened this section (main window)."""
        if self.controller is not None:
            self.controller.found.show(words, loaded=self.controller.ready)
