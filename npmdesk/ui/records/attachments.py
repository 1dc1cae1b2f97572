"""The attachments of a visit: a list, adding files, caption and export flag, and the viewer.

Files are read and stored inside an operation (off the GUI thread); they are
shown from their bytes in memory and never extracted to a temporary file.
"""

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from npmdesk.domain import model
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.records.base import ConfirmDelete, FormView, on_live, short
from npmdesk.ui.records.viewer import AttachmentViewer
from npmdesk.ui.records.widgets import name_widget
from npmdesk.ui.common.ops import show_error
from npmdesk.ui.common import file_dialogs

IdRole = Qt.ItemDataRole.UserRole + 1


class FilePicker:
    """Asks which files to attach; a list of paths or None."""

    @classmethod
    def ask(cls, parent=None) -> list[str] | None:
        paths, _filter = file_dialogs.get_open_file_names(
            parent, _("Añadir archivos"), "",
            _("Fotos, escaneos y PDF") + " (*.png *.jpg *.jpeg *.gif *.bmp *.tif *.tiff *.webp *.pdf)"
            + ";;" + _("Todos los archivos") + " (*)")
        return paths or None


def read_and_add(session, paths: list[str], visit_id: str | None) -> list[model.Attachment]:
    """Store each file in the case file (one transaction each); stops at the first failure."""
    added = []
    for path in paths:
        name = Path(path).name
        try:
            if Path(path).stat().st_size > records.MAX_ATTACHMENT_BYTES:
                raise InvalidRecord(reason=_("el archivo «{name}» supera los 200 MB admitidos.")
                                    .format(name=name))
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InvalidRecord(reason=_("no se pudo leer el archivo «{name}».").format(name=name)) \
                from exc
        added.append(records.add_attachment(session, data, name, Path(path).stem, visit_id))
    return added


def human_size(size: int) -> str:
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=f"{size / 1024:.1f}".replace(".", ","))
    return _("{n} MB").format(n=f"{size / 1024 / 1024:.1f}".replace(".", ","))


class AttachmentsView(FormView):
    """Left: the visit's attachments and 'Añadir archivos…'; right: details and the viewer."""

    def __init__(self, parent=None):
        super().__init__(_("Adjuntos de la visita"), parent)
        self.scroll.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.listing = name_widget(QListWidget(), _("Adjuntos de la visita"))
        self.add_button = name_widget(QPushButton(_("&Añadir archivos…")), _("Añadir archivos"))
        self.add_button.setToolTip(_("Fotos, escaneos o PDF que se guardan cifrados en el expediente"))
        left_layout.addWidget(self.listing, 1)
        left_layout.addWidget(self.add_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        details = QFormLayout()
        self.caption = name_widget(QLineEdit(), _("Leyenda"))
        self.include = name_widget(QCheckBox(_("&Incluir en la exportación")),
                                   _("Incluir en la exportación"))
        self.include.setToolTip(_("El adjunto va como anexo en el documento de Word exportado"))
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        details.addRow(_("&Leyenda"), self.caption)
        details.addRow("", self.include)
        details.addRow(_("Archivo"), self.info)
        right_layout.addLayout(details)
        self.viewer = AttachmentViewer()
        right_layout.addWidget(self.viewer, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([220, 560])
        self.layout().insertWidget(3, self.splitter, 1)


class AttachmentsController(QObject):
    entity = "attachment"

    sig_shown = Signal(str)
    """Fires when an attachment's contents are on screen: its id."""

    def __init__(self, ctx, view: AttachmentsView, record_id: str | None, parent_id: str | None):
        super().__init__(view)
        self.ctx, self.view = ctx, view
        self.visit_id = parent_id
        self.wanted = record_id
        self.items: dict[str, model.Attachment] = {}
        self.current: model.Attachment | None = None
        self.dirty = False
        self.ready = False
        self._populating = False
        view.controller = self
        view.listing.currentItemChanged.connect(self._selected)
        view.add_button.clicked.connect(self.add_files)
        view.caption.textEdited.connect(self.touched)
        view.include.toggled.connect(self.touched)
        view.save_button.clicked.connect(self.save)
        view.save_shortcut.activated.connect(self.save)
        view.delete_button.clicked.connect(self.delete)
        self._show_details(None)

    def load(self) -> None:
        wanted = self.wanted

        def fetch(session):
            visit_id = self.visit_id
            if wanted and not visit_id:
                visit_id = records.get(session, model.Attachment, wanted).visit_id
            if visit_id is None:
                return None, [records.get(session, model.Attachment, wanted)]
            return visit_id, records.select(session, model.Attachment, visit_id=visit_id)

        self.ctx.run(self.view, fetch, on_done=on_live(self.view, self._listed),
                     on_error=on_live(self.view, self._failed))

    def _listed(self, result) -> None:
        self.visit_id, attachments = result
        self.ready = True
        self.items = {a.id: a for a in attachments}
        listing = self.view.listing
        listing.blockSignals(True)
        listing.clear()
        for attachment in attachments:
            item = QListWidgetItem(short(attachment.caption, 60))
            item.setData(IdRole, attachment.id)
            item.setToolTip(attachment.filename)
            listing.addItem(item)
        listing.blockSignals(False)
        if self.wanted in self.items:
            self.select(self.wanted)
        elif self.current is None:
            self._show_details(None)

    def select(self, attachment_id: str) -> None:
        for row in range(self.view.listing.count()):
            if self.view.listing.item(row).data(IdRole) == attachment_id:
                self.view.listing.setCurrentRow(row)

    def touched(self, *_args) -> None:
        if not self._populating and self.current is not None:
            self.dirty = True
            self.view.status.setText(_("Cambios sin guardar"))

    def _selected(self, item, _previous) -> None:
        self.flush()
        attachment = self.items.get(item.data(IdRole)) if item is not None else None
        self._show_details(attachment)
        if attachment is None:
            return
        self.wanted = attachment.id
        attachment_id, mime = attachment.id, attachment.mime
        shown = on_live(self.view, lambda data: self._data_loaded(attachment_id, mime, data))
        self.ctx.run(self.view, lambda s: records.attachment_data(s, attachment_id), on_done=shown,
                     on_error=on_live(self.view, self._failed))

    def _data_loaded(self, attachment_id: str, mime: str, data: bytes) -> None:
        if self.current is not None and self.current.id == attachment_id:
            self.view.viewer.show_data(data, mime)
            self.sig_shown.emit(attachment_id)

    def _show_details(self, attachment) -> None:
        self.current = attachment
        view = self.view
        self._populating = True
        view.caption.setText(attachment.caption if attachment else "")
        view.include.setChecked(attachment.include_in_export if attachment else False)
        self._populating = False
        self.dirty = False
        for widget in (view.caption, view.include, view.save_button, view.delete_button):
            widget.setEnabled(attachment is not None)
        view.info.setText(_("{filename} · {mime} · {size} · SHA-256 {sha}…").format(
            filename=attachment.filename, mime=attachment.mime, size=human_size(attachment.size),
            sha=attachment.sha256[:16]) if attachment else _("Elija un adjunto de la lista."))
        view.viewer.clear()
        view.heading.setText(_("Adjunto: {caption}").format(caption=short(attachment.caption))
                             if attachment else _("Adjuntos de la visita"))

    def add_files(self) -> None:
        paths = FilePicker.ask(self.view)
        if not paths:
            return
        visit_id = self.visit_id
        self.ctx.run(self.view, lambda s: read_and_add(s, paths, visit_id),
                     on_done=on_live(self.view, self._added), changed=("attachment", ""),
                     on_error=on_live(self.view, self._failed))

    def _added(self, added) -> None:
        self.view.clear_message()
        if added:
            self.wanted = added[-1].id
        self.view.status.setText(_("Archivos añadidos: {count}").format(count=len(added)))
        self.load()

    def save(self) -> bool:
        if self.current is None:
            return False
        attachment = dataclasses.replace(self.current, caption=self.view.caption.text().strip(),
                                         include_in_export=self.view.include.isChecked())
        try:
            validate(dataclasses.replace(attachment))
        except InvalidRecord as exc:
            self.view.show_error(exc.message())
            return False
        self.dirty = False
        self.ctx.run(self.view, lambda s: records.save(s, attachment),
                     on_done=on_live(self.view, self._saved), changed=("attachment", attachment.id),
                     on_error=on_live(self.view, self._failed))
        return True

    def flush(self) -> bool:
        return self.save() if self.dirty else True

    def _saved(self, stored) -> None:
        self.items[stored.id] = stored
        if self.current is not None and self.current.id == stored.id:
            self.current = stored
            self._populating = True
            self.view.caption.setText(stored.caption)
            self._populating = False
        item = self.view.listing.currentItem()
        if item is not None and item.data(IdRole) == stored.id:
            item.setText(short(stored.caption, 60))
        self.view.clear_message()
        self.view.status.setText(_("Guardado"))
        self.ctx.sig_edited.emit()

    def delete(self) -> None:
        attachment = self.current
        if attachment is None or not ConfirmDelete.ask(self.view, attachment.caption):
            return
        self.dirty = False
        self.ctx.run(self.view, lambda s: records.delete(s, model.Attachment, attachment.id,
                                                         short(attachment.caption)),
                     on_done=on_live(self.view, lambda _r: self._deleted(attachment)),
                     changed=("attachment", attachment.id),
                     on_error=on_live(self.view, self._failed))

    def _deleted(self, attachment) -> None:
        self.items.pop(attachment.id, None)
        self.wanted = None
        self._show_details(None)
        self.view.show_notice(_("«{name}» se ha eliminado.").format(name=short(attachment.caption)))
        self.load()

    def _failed(self, exc) -> None:
        if isinstance(exc, NpmdeskError):
            self.view.show_error(exc.message())
        else:
            show_error(self.view, exc)


def open_attachments(ctx, record_id, parent_id, parent=None) -> AttachmentsView:
    view = AttachmentsView(parent)
    AttachmentsController(ctx, view, record_id, parent_id).load()
    return view
