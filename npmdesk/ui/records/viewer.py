"""In-app viewer of attachments: images and PDFs shown from bytes in memory.

Nothing is written to disk: images are decoded with QImage.fromData and PDF
pages are rendered by pdfium from the bytes into a bitmap whose buffer becomes
a QImage (pypdfium2's to_pil would need Pillow; we do not).
"""

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from npmdesk.i18n import _
from npmdesk.ui.records.widgets import name_widget

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
PDF_BASE_SCALE = 1.5  # PDF points to pixels at 100 %


def render_pdf_page(document, index: int, scale: float) -> QImage:
    """Page `index` of an open PdfDocument as an RGB QImage owning its pixels."""
    page = document[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return image.copy()
    finally:
        page.close()


class AttachmentViewer(QWidget):
    """Shows one attachment: an image, or a PDF page by page, with zoom."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = None
        self.image: QImage | None = None
        self.page = 0
        self.zoom = ZOOMS.index(1.0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.previous = name_widget(QPushButton(_("◀ Anterior")), _("Página anterior"))
        self.next = name_widget(QPushButton(_("Siguiente ▶")), _("Página siguiente"))
        self.page_label = QLabel()
        self.zoom_out = name_widget(QPushButton("−"), _("Alejar"))
        self.zoom_in = name_widget(QPushButton("+"), _("Acercar"))
        self.zoom_out.setToolTip(_("Alejar"))
        self.zoom_in.setToolTip(_("Acercar"))
        for widget in (self.previous, self.page_label, self.next):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        layout.addLayout(bar)
        self.canvas = name_widget(QLabel(), _("Vista del adjunto"))
        self.canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setMinimumHeight(240)
        self.scroll.setAccessibleName(_("Página del adjunto"))
        layout.addWidget(self.scroll, 1)
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        self.zoom_in.clicked.connect(lambda: self._zoom(+1))
        self.zoom_out.clicked.connect(lambda: self._zoom(-1))
        self.clear()

    def page_count(self) -> int:
        if self.document is not None:
            return len(self.document)
        return 1 if self.image is not None else 0

    def clear(self, text: str = "") -> None:
        if self.document is not None:
            self.document.close()
        self.document = None
        self.image = None
        self.canvas.clear()
        self.canvas.setText(text)
        self._update_controls()

    def show_data(self, data: bytes, mime: str) -> None:
        """Display `data`; a file that cannot be shown gets a sentence instead."""
        self.clear()
        self.page = 0
        self.zoom = ZOOMS.index(1.0)
        if mime == "application/pdf" or data[:5] == b"%PDF-":
            try:
                self.document = pdfium.PdfDocument(data)
            except pdfium.PdfiumError:
                self.clear(_("Este PDF está dañado o protegido con contraseña y no se puede mostrar."))
                return
            if len(self.document) == 0:
                self.clear(_("Este PDF no tiene páginas."))
                return
        else:
            image = QImage.fromData(data)
            if image.isNull():
                self.clear(_("npmdesk no puede mostrar este tipo de archivo. "
                             "El archivo sigue guardado y cifrado en el expediente."))
                return
            self.image = image
        self._render()

    def show_page(self, index: int) -> None:
        if 0 <= index < self.page_count():
            self.page = index
            self._render()

    def _zoom(self, step: int) -> None:
        self.zoom = min(max(self.zoom + step, 0), len(ZOOMS) - 1)
        self._render()

    def current_image(self) -> QImage | None:
        if self.document is not None:
            return render_pdf_page(self.document, self.page, PDF_BASE_SCALE * ZOOMS[self.zoom])
        if self.image is not None and ZOOMS[self.zoom] != 1.0:
            return self.image.scaledToWidth(max(1, int(self.image.width() * ZOOMS[self.zoom])),
                                            Qt.TransformationMode.SmoothTransformation)
        return self.image

    def _render(self) -> None:
        image = self.current_image()
        if image is not None:
            self.canvas.setPixmap(QPixmap.fromImage(image))
        self._update_controls()

    def _update_controls(self) -> None:
        count = self.page_count()
        is_pdf = self.document is not None
        for widget in (self.previous, self.next, self.page_label):
            widget.setVisible(is_pdf)
        self.previous.setEnabled(is_pdf and self.page > 0)
        self.next.setEnabled(is_pdf and self.page < count - 1)
        self.page_label.setText(_("Página {page} de {count}").format(page=self.page + 1, count=count)
                                if is_pdf else "")
        self.zoom_in.setEnabled(count > 0 and self.zoom < len(ZOOMS) - 1)
        self.zoom_out.setEnabled(count > 0 and self.zoom > 0)
