"""The exchange folder while a case file is unlocked: watched, counted in the status bar, listed.

A QFileSystemWatcher and a slow poll (network shares often send no notifications, and a
folder that was offline may come back) ask for a rescan; the scan itself
(services/exchange/folder.py) runs through the op helper and reads headers only. Files still
arriving are looked at again a moment later. «Paquetes recibidos» lists what is new for
this person; choosing one starts the usual Importar paquete… flow, whose summary must be
confirmed before anything changes. Watching stops when the main window goes (lock, close).
"""

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QVBoxLayout)
from shiboken6 import isValid

from npmdesk.errors import PackageRefused
from npmdesk.i18n import _, ngettext
from npmdesk.services.exchange import folder as exchange
from npmdesk.services.exchange.kinds import KINDS
from npmdesk.ui.common.colours import tone, tone_style
from npmdesk.ui.shell.widgets import named

log = logging.getLogger(__name__)

SETTLE_MS = 1500          # after a change, wait for the copy to settle before looking
RETRY_MS = 3000           # a file still arriving is looked at again this soon
POLL_MS = 60_000          # a look now and then, for shares that send no notifications
PathRole = Qt.ItemDataRole.UserRole + 1

REFUSED: dict[str, str] = {}
"""Package id -> the reason its import was refused, kept across locks (no case content)."""


def describe(item: exchange.Offered) -> str:
    """One line for a package in the list."""
    if item.problem:
        return _("{name}: no se puede importar ({reason})").format(name=item.path.name, reason=item.problem)
    return _("{kind} de {sender}, {date}").format(
        kind=_(KINDS[item.kind]).capitalize(), sender=item.sender,
        date=item.created_at[:16].replace("T", " "))


class ReceivedDialog(QDialog):
    """«Paquetes recibidos»: the new packages for this person; `ask` returns the path to import, or None."""

    def __init__(self, scan: exchange.Scan, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Paquetes recibidos"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Paquetes para usted en la carpeta de intercambio {folder}. Nada se importa "
                         "hasta que usted confirme el resumen de lo que cambiará.").format(folder=scan.folder))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for offered in scan.offered:
            row = QListWidgetItem(describe(offered))
            row.setData(PathRole, "" if offered.problem else str(offered.path))
            row.setToolTip(offered.path.name)
            if offered.problem:
                row.setForeground(QBrush(tone("caution")))
            self.list.addItem(row)
        if not scan.offered:
            row = QListWidgetItem(_("No hay paquetes nuevos para usted."))
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(row)
        layout.addWidget(self.list, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        if scan.missing:
            self.note.setText(_("La carpeta de intercambio no está disponible ahora (¿unidad de red "
                                "desconectada?). Se volverá a mirar en un momento."))
        elif scan.incomplete:
            self.note.setText(ngettext("Un archivo todavía se está copiando; aparecerá cuando termine.",
                                       "{count} archivos todavía se están copiando; aparecerán cuando terminen.",
                                       scan.incomplete).format(count=scan.incomplete))
        self.note.setVisible(bool(self.note.text()))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(_("Importar…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_a: self._update())
        self.list.itemActivated.connect(lambda _item: self.accept() if self.chosen() else None)
        first = next((i for i in range(self.list.count()) if self.list.item(i).data(PathRole)), None)
        if first is not None:
            self.list.setCurrentRow(first)
        self._update()
        named(self.list, _("Paquetes recibidos"))
        named(self.import_button, _("Importar"))
        self.resize(620, 360)

    def chosen(self) -> str:
        row = self.list.currentItem()
        return (row.data(PathRole) or "") if row is not None else ""

    def _update(self) -> None:
        self.import_button.setEnabled(bool(self.chosen()))

    @classmethod
    def ask(cls, scan: exchange.Scan, parent=None) -> Path | None:
        dialog = cls(scan, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen() if accepted else ""
        dialog.deleteLater()
        return Path(chosen) if chosen else None


class ExchangeWatcher(QObject):
    """Watches one folder for the unlocked case file and keeps the latest scan."""

    sig_scanned = Signal(object)
    """Fires with the new exchange.Scan after each look at the folder (refusals seen on import included)."""

    def __init__(self, ctx, window, folder: Path | None = None):
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.folder = Path(folder) if folder else None
        self.last: exchange.Scan | None = None
        self.refused = REFUSED
        self._watching = False
        self._busy = self._again = False
        self._fs = QFileSystemWatcher(self)
        self._fs.directoryChanged.connect(self._soon)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.rescan)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.rescan)

    @property
    def watching(self) -> bool:
        return self._watching

    def start(self) -> None:
        """Begin watching (on unlock) and look at once."""
        self._watching = True
        if self.folder is not None:
            self._poll.start()
            self.rescan()
        else:
            self._publish(None)

    def stop(self) -> None:
        """Stop watching (lock, close): no timer, no watched path, no scan kept."""
        self._watching = False
        self._settle.stop()
        self._poll.stop()
        if self._fs.directories():
            self._fs.removePaths(self._fs.directories())
        self.last = None

    def set_folder(self, folder: Path | None) -> None:
        self.stop()
        self.folder = Path(folder) if folder else None
        self.start()

    def _soon(self, _path: str = "") -> None:
        if self._watching:
            self._settle.start(SETTLE_MS)

    def rescan(self) -> None:
        if not self._watching or self.folder is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        folder = self.folder
        previous = self.last.stats if self.last is not None and self.last.folder == folder else None
        self.ctx.run(self.window, lambda s: exchange.scan(s, folder, previous), on_done=self._scanned,
                     on_error=self._failed)

    def _alive(self) -> bool:
        return self._watching and isValid(self.window) and self.ctx.session.case.is_open

    def _failed(self, exc) -> None:
        self._busy = False
        log.warning("exchange folder scan failed: %s", type(exc).__name__)

    def _scanned(self, scan: exchange.Scan) -> None:
        self._busy = False
        again, self._again = self._again, False
        if not self._alive():
            return
        if scan.folder != self.folder:   # the folder was changed in Preferencias meanwhile
            self.rescan()
            return
        watched = str(scan.folder) in self._fs.directories()
        if not scan.missing and not watched:
            self._fs.addPath(str(scan.folder))   # (again) after the folder came back
        elif scan.missing and watched:
            self._fs.removePath(str(scan.folder))
        if scan.incomplete:
            self._settle.start(RETRY_MS)
        if again:
            self._settle.start(SETTLE_MS)
        self._publish(scan)

    def _publish(self, scan: exchange.Scan | None) -> None:
        if scan is not None and self.refused:
            scan.offered = [replace(o, problem=self.refused[o.package_id])
                            if not o.problem and o.package_id in self.refused else o for o in scan.offered]
            scan.offered.sort(key=lambda o: (bool(o.problem), o.created_at, o.path.name))
        self.last = scan
        self.sig_scanned.emit(scan)

    def note_refusal(self, path: str, exc) -> None:
        """An import of `path` was refused: show its reason in the list from now on."""
        if not isinstance(exc, PackageRefused) or self.last is None:
            return
        for offered in self.last.offered:
            if str(offered.path) == str(path) and offered.package_id:
                self.refused[offered.package_id] = exc.fields.get("reason") or exc.message()
        self._publish(self.last)


class ExchangeController(QObject):
    """The status-bar indicator and Archivo → Paquetes recibidos…, over an ExchangeWatcher."""

    def __init__(self, ctx, window, package_import, folder: Path | None = None, ask=ReceivedDialog.ask):
        super().__init__(window)
        self.window, self.package_import, self.ask = window, package_import, ask
        self.watcher = ExchangeWatcher(ctx, window, folder)
        self.watcher.sig_scanned.connect(self.show_count)
        window.received_button.clicked.connect(self.open_list)
        window.act_received.triggered.connect(self.open_list)
        package_import.sig_refused.connect(self.watcher.note_refusal)
        package_import.sig_finished.connect(self.watcher.rescan)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()

    def set_folder(self, folder: Path | None) -> None:
        self.watcher.set_folder(folder)

    def show_count(self, scan: exchange.Scan | None) -> None:
        button = self.window.received_button
        self.window.act_received.setEnabled(scan is not None)
        if scan is None:
            button.hide()
            return
        count = len(scan.importable)
        if count:
            text = ngettext("{count} paquete recibido", "{count} paquetes recibidos", count).format(count=count)
            button.setStyleSheet("font-weight: bold;")
        elif scan.missing:
            text = _("Carpeta de intercambio no disponible")
            button.setStyleSheet(tone_style("muted"))
        elif scan.offered:
            text = ngettext("{count} paquete no se puede importar", "{count} paquetes no se pueden importar",
                            len(scan.offered)).format(count=len(scan.offered))
            button.setStyleSheet(tone_style("caution"))
        else:
            button.hide()
            return
        button.setText(text)
        named(button, text)
        button.setToolTip(_("Abrir la lista de paquetes recibidos en la carpeta de intercambio"))
        button.show()

    def open_list(self) -> None:
        scan = self.watcher.last
        if scan is None:
            return
        chosen = self.ask(scan, self.window)
        if chosen is not None:
            self.package_import.start(str(chosen))
