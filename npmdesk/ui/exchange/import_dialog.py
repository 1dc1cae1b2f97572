"""Importar paquete…: a summary before anything changes, then each conflict side by side."""

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QPlainTextEdit, QPushButton, QVBoxLayout)

from npmdesk.i18n import _
from npmdesk.services.exchange import conflicts
from npmdesk.services.exchange import package_import
from npmdesk.ui.team.root_code import RootCodeDialog, needs_code
from npmdesk.ui.common import file_dialogs


class ImportSummary(QDialog):
    """What a package will change; `ask` returns True to apply it, or None."""

    def __init__(self, summary, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Importar paquete"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Paquete de {sender}, creado el {date}.").format(
            sender=summary.sender, date=summary.created_at[:16].replace("T", " "))))
        self.details = QLabel("\n".join(package_import.summary_lines(summary)))
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(_("Importar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(not summary.already)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, summary, parent=None) -> bool | None:
        return True if cls(summary, parent).exec() == QDialog.DialogCode.Accepted else None


class ConflictDialog(QDialog):
    """The local and the received text side by side, and a third box for a merged text.

    `ask` returns (choice, text) with choice 'local', 'entrante' or 'combinado', or None.
    """

    def __init__(self, found, parent=None):
        super().__init__(parent)
        self.choice: tuple | None = None
        self.setWindowTitle(_("Resolver conflicto: {title}").format(title=found.section.title))
        grid = QGridLayout(self)
        grid.addWidget(QLabel(_("La sección «{title}» se editó aquí y en la computadora de {name}. "
                                "Elija qué texto queda.").format(title=found.section.title,
                                                                 name=found.sender_name)), 0, 0, 1, 2)
        grid.addWidget(QLabel(_("Texto de este expediente")), 1, 0)
        grid.addWidget(QLabel(_("Texto recibido de {name}").format(name=found.sender_name)), 1, 1)
        self.local = QPlainTextEdit(found.local_body)
        self.incoming = QPlainTextEdit(found.incoming_body)
        for box in (self.local, self.incoming):
            box.setReadOnly(True)
        grid.addWidget(self.local, 2, 0)
        grid.addWidget(self.incoming, 2, 1)
        grid.addWidget(QLabel(_("Texto combinado (opcional)")), 3, 0, 1, 2)
        self.merged = QPlainTextEdit()
        grid.addWidget(self.merged, 4, 0, 1, 2)
        self.keep_local = QPushButton(_("Conservar el texto de este expediente"))
        self.take_incoming = QPushButton(_("Tomar el texto recibido"))
        self.save_merged = QPushButton(_("Guardar el texto combinado"))
        self.later = QPushButton(_("Decidir más tarde"))
        self.save_merged.setEnabled(False)
        self.merged.textChanged.connect(
            lambda: self.save_merged.setEnabled(bool(self.merged.toPlainText().strip())))
        self.keep_local.clicked.connect(lambda: self._choose("local", found.local_body))
        self.take_incoming.clicked.connect(lambda: self._choose("entrante", found.incoming_body))
        self.save_merged.clicked.connect(lambda: self._choose("combinado", self.merged.toPlainText()))
        self.later.clicked.connect(self.reject)
        for column, button in enumerate((self.keep_local, self.take_incoming)):
            grid.addWidget(button, 5, column)
        grid.addWidget(self.save_merged, 6, 0)
        grid.addWidget(self.later, 6, 1)
        self.resize(900, 560)

    def _choose(self, choice: str, text: str) -> None:
        self.choice = (choice, text)
        self.accept()

    @classmethod
    def ask(cls, found, parent=None) -> tuple | None:
        dialog = cls(found, parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


class PackageImport(QObject):
    """The whole Importar paquete… flow over an AppContext: preview, apply, resolve conflicts."""

    sig_finished = Signal()
    """Fires when the flow ends (applied, cancelled or refused)."""
    sig_refused = Signal(str, object)
    """Fires with (package path, the exception) when a package could not be imported."""

    def __init__(self, ctx, window, ask_summary=ImportSummary.ask, ask_conflict=ConflictDialog.ask,
                 ask_root=RootCodeDialog.ask):
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.ask_summary, self.ask_conflict, self.ask_root = ask_summary, ask_conflict, ask_root
        self.path = ""

    def choose_and_start(self) -> None:
        path, _filter = file_dialogs.get_open_file_name(self.window, _("Importar paquete"), "",
                                                    _("Paquetes de npmdesk (*.npmpaq);;Todos (*)"))
        if path:
            self.start(path)
        else:
            self.sig_finished.emit()

    def start(self, path, director_code: str | None = None) -> None:
        """`director_code`: the root's code the person typed (asked when the first roster needs it)."""
        self.path = str(path)

        def previewed(summary):
            if summary.already:
                self.ask_summary(summary, self.window)
                self.sig_finished.emit()
            elif self.ask_summary(summary, self.window):
                self.ctx.run(self.window, lambda s: package_import.import_package(s, path,
                                                                                  director_code=director_code),
                             on_done=self._applied, changed=("report", ""),
                             on_error=self._failed)
            else:
                self.sig_finished.emit()
        self.ctx.run(self.window, lambda s: package_import.import_package(s, path, apply=False,
                                                                          director_code=director_code),
                     on_done=previewed, on_error=self._failed)

    def _failed(self, exc) -> None:
        from npmdesk.ui.common.ops import show_error
        if needs_code(exc):  # the first roster: the person types the code the director reads out
            code = self.ask_root(exc, self.window)
            if code:
                self.start(self.path, code)
                return
        show_error(self.window, exc)
        self.sig_refused.emit(self.path, exc)
        self.sig_finished.emit()

    def _applied(self, summary) -> None:
        if summary.roster_version:  # the package carried the signed roster: who may review may change
            self.ctx.sig_changed.emit("roster", "")
        self.resolve_conflicts()

    def resolve_conflicts(self) -> None:
        def listed(pending):
            for found in pending:
                answer = self.ask_conflict(found, self.window)
                if answer is not None:
                    choice, text = answer
                    self.ctx.run(self.window, lambda s, c=found.conflict.id, ch=choice, t=text:
                                 conflicts.resolve(s, c, ch, t if ch == "combinado" else None),
                                 changed=("report", ""))
            self.ctx.run(self.window, lambda s: None, on_done=lambda _r: self.sig_finished.emit())
        self.ctx.run(self.window, conflicts.open_conflicts, on_done=listed)


SEND_KINDS = {"entrega": ("revisor", "director"), "revision": ("autor",), "asignacion": ("autor",)}


class SendDialog(QDialog):
    """Who receives a package: the roster's members, those of the kind's usual roles ticked.

    `ask` returns the chosen member ids, or None.
    """

    def __init__(self, kind: str, members: list[tuple[str, str, str]], parent=None):
        from PySide6.QtWidgets import QCheckBox
        super().__init__(parent)
        titles = {"entrega": _("Enviar a revisión"), "revision": _("Devolver al autor"),
                  "asignacion": _("Enviar asignación")}
        self.setWindowTitle(titles[kind])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Destinatarios (claves de la nómina firmada):")))
        self.boxes = {}
        for member_id, name, role in members:
            box = QCheckBox(name)
            box.setChecked(role in SEND_KINDS[kind])
            layout.addWidget(box)
            self.boxes[member_id] = box
        buttons = QDialogButtonBox(self)
        self.create_button = buttons.addButton(_("Crear paquete…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for box in self.boxes.values():
            box.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.create_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[str]:
        return [member_id for member_id, box in self.boxes.items() if box.isChecked()]

    @classmethod
    def ask(cls, kind, members, parent=None) -> list[str] | None:
        dialog = cls(kind, members, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def roster_members(session) -> list[tuple[str, str, str]]:
    """(id, name, role) of everyone on the signed roster except the person sending."""
    from npmdesk.services.team import roster
    current = roster.current(session)
    if current is None:
        return []
    return sorted(((member_id, entry["name"], entry["role"]) for member_id, entry in current.members.items()
                   if member_id != session.actor.id), key=lambda m: m[1])


class PackageSend(QObject):
    """Enviar a revisión… / Devolver al autor…: choose recipients and a file, then write it."""

    sig_finished = Signal(str)
    """Fires when the flow ends: the written path, or '' when nothing was written."""

    def __init__(self, ctx, window, ask_recipients=SendDialog.ask, ask_path=None, exchange_folder=lambda: None,
                 shown=lambda: None):
        super().__init__(window)
        self.ctx, self.window = ctx, window
        # (entity, id) of the report or section the window shows: the package carries that report
        # (a case file with several, e.g. a visit's and the annual report, needs to be told which).
        self.shown = shown
        self.ask_recipients = ask_recipients
        self.ask_path = ask_path or self._ask_path
        self.exchange_folder = exchange_folder
        self.kind = ""

    def suggested_path(self) -> str:
        """Where the save dialog starts: the exchange folder (when set and reachable), with a dated name."""
        from datetime import datetime
        from pathlib import Path
        folder = self.exchange_folder()
        name = f"{self.kind or 'paquete'}-{datetime.now():%Y%m%d-%H%M%S}.npmpaq"
        return str(Path(folder) / name) if folder and Path(folder).is_dir() else name

    def _ask_path(self, parent) -> str:
        path, _filter = file_dialogs.get_save_file_name(parent, _("Guardar paquete"), self.suggested_path(),
                                                    _("Paquetes de npmdesk (*.npmpaq);;Todos (*)"))
        return path

    def start(self, kind: str) -> None:
        from npmdesk.services.exchange import packages
        self.kind = kind

        def listed(members):
            chosen = self.ask_recipients(kind, members, self.window)
            path = self.ask_path(self.window) if chosen else ""
            if not path:
                self.sig_finished.emit("")
                return
            target = self.shown()
            self.ctx.run(self.window, lambda s: str(packages.write(s, kind, chosen, path,
                                                                   packages.report_of(s, target))),
                         on_done=self.sig_finished.emit, on_error=self._failed)
        self.ctx.run(self.window, roster_members, on_done=listed, on_error=self._failed)

    def _failed(self, exc) -> None:
        from npmdesk.ui.common.ops import show_error
        show_error(self.window, exc)
        self.sig_finished.emit("")
