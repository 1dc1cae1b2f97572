"""The Help menu's windows: the user manual shown inside the application, and the about box."""

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QPixmap, QTextDocument
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser,
                               QToolButton, QVBoxLayout, QWidget)

from npmdesk import APP_NAME, __version__
from npmdesk.i18n import _
from npmdesk.paths import manual_dir, resources_dir
from npmdesk.ui.shell.widgets import heading, named

INDEX_PAGE = "index.md"
LICENCE = "GPL-3.0-or-later"


class ManualBrowser(QTextBrowser):
    """Renders the manual's markdown pages; links to other pages stay inside, web links open outside."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(True)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)

    def loadResource(self, kind: int, url: QUrl):
        """Screenshots are shrunk to the page's width so that no page scrolls sideways."""
        data = super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.ImageResource.value and data is not None:
            image = data if isinstance(data, QImage) else QImage.fromData(data)
            width = max(self.viewport().width() - 40, 320)
            if not image.isNull() and image.width() > width:
                return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return data

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            self.setSource(self.source())  # stay on the current page


class ManualWindow(QDialog):
    """A non-modal window with the manual: back, forward, contents, and the rendered page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = ManualBrowser()
        self.back_button = QToolButton()
        self.forward_button = QToolButton()
        self.home_button = QToolButton()
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.forward_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Forward))
        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.home_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.hide()
        layout.addWidget(self.missing)
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button.clicked.connect(self.home)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.resize(1000, 760)
        self.retranslateUi()
        self.home()

    def home(self) -> None:
        index = manual_dir() / INDEX_PAGE
        if not index.is_file():
            self.browser.hide()
            self.missing.setText(_("No se encontró el manual de usuario en esta instalación. "
                                   "Vuelva a instalar npmdesk o pida el manual a la oficina de "
                                   "informática."))
            self.missing.show()
            return
        self.browser.setSource(QUrl.fromLocalFile(str(index)),
                               QTextDocument.ResourceType.MarkdownResource)

    def page(self) -> str:
        """The file name of the page shown (e.g. 'index.md')."""
        return self.browser.source().fileName()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Manual de usuario — npmdesk"))
        self.back_button.setText(_("← Atrás"))
        self.forward_button.setText(_("Adelante →"))
        self.home_button.setText(_("Índice"))
        for widget, name in ((self.browser, _("Página del manual")),
                             (self.back_button, _("Atrás")), (self.forward_button, _("Adelante")),
                             (self.home_button, _("Índice del manual"))):
            named(widget, name)

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class AboutDialog(QDialog):
    """Icon, name, version, purpose and licence."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        icon = QLabel()
        icon.setPixmap(QPixmap(str(resources_dir() / "icons" / "npmdesk-256.png")).scaled(
            96, 96, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.icon = icon
        self.title = heading(scale=1.6)
        self.version = QLabel()
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.purpose = QLabel()
        self.purpose.setWordWrap(True)
        self.licence = QLabel()
        self.licence.setWordWrap(True)
        text = QVBoxLayout()
        for widget in (self.title, self.version, self.purpose, self.licence):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            text.addWidget(widget)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Acerca de npmdesk"))
        self.title.setText(APP_NAME)
        self.version.setText(_("Versión {version}").format(version=__version__))
        self.purpose.setText(_(
            "Redacción, revisión y exportación de los informes de visitas de monitoreo del "
            "Mecanismo Nacional de Prevención de la Tortura, en un expediente cifrado."))
        self.licence.setText(_("Licencia: {licence} (GNU General Public License, versión 3 o "
                               "posterior).").format(licence=LICENCE))
        named(self.icon, _("Icono de npmdesk"))


def show_manual(parent: QWidget) -> ManualWindow:
    """Open (or raise) the manual window belonging to `parent`, on its index page."""
    window = parent.findChild(ManualWindow)
    if window is None:
        window = ManualWindow(parent)
    else:
        window.home()
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def show_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
