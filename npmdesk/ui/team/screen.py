"""Herramientas → Equipo y nómina…: who is on the team, their keys, and the signed roster.

A table of members (role as recorded and as the signed roster says, key fingerprint, whether
they are in the roster in force) and the actions that services/team/identity.py and
services/team/roster.py provide: create keys, sign the roster, export and import cards and rosters,
add or edit a member (role included). Every failure is shown on the screen and changes nothing.
"""

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QGridLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout)
from shiboken6 import isValid

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services.team import members as team
from npmdesk.services.team import trust
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.team.working import PersonalPassphrase
from npmdesk.ui.team.root_code import RootCodeDialog, needs_code
from npmdesk.ui.team.repin import RootRepin
from npmdesk.ui.team.root_transfer import RootTransfer
from npmdesk.ui.team.dialogs import KeysDialog, MemberDialog, SignDialog, TeamFiles
from npmdesk.ui.shell.widgets import heading, message_label, named, resize_within_screen, show_message

MemberRole = Qt.ItemDataRole.UserRole + 1


@dataclass
class TeamRow:
    member: model.TeamMember
    fingerprint: str | None
    signed_role: str | None  # role in the roster in force; None when not in it
    owner: bool
    in_force: bool  # listed in the roster in force with the keys the member has now
    key_code: str = ""  # a director's code, which she reads out when she is or becomes the root


@dataclass
class TeamState:
    rows: list[TeamRow]
    version: int | None  # of the roster in force
    root_name: str = ""   # the institutional root, and its code to compare aloud
    root_code: str = ""
    replaced: str = ""    # the pin history: roots replaced without their signature, as one sentence


def load_team(session) -> TeamState:
    """The table's content (run off the GUI thread)."""
    current = roster.current(session)
    rows = []
    for member in sorted(records.select(session, model.TeamMember), key=lambda m: m.name.casefold()):
        keys = identity.public_keys(session, member.id)
        signed = current.members.get(member.id) if current else None
        in_force = signed is not None and keys is not None and signed["fingerprint"] == keys.fingerprint
        director = "director" in (member.role, signed["role"] if signed else None)
        rows.append(TeamRow(member, keys.fingerprint if keys else None, signed["role"] if signed else None,
                            identity.is_owner(session, member.id), in_force,
                            identity.key_code(session, member.id) if keys and director else ""))
    replaced = " ".join(_("Sustituida sin su firma en la versión {version} (antes, código {code}).").format(
        version=r.version, code=r.replaces) for r in trust.repins(session))
    return TeamState(rows, current.version if current else None, current.root_name if current else "",
                     current.root_code if current else "", replaced)


def sign_preview(session, member_id: str):
    """(next version, signer, changes) once the service agrees `member_id` may sign."""
    signer = records.get(session, model.TeamMember, member_id)
    return (signer, *roster.preview(session, signer))


class TeamView(QDialog):
    """Layout only; `TeamScreen` gives it behaviour."""

    COLUMNS = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = heading(scale=1.3)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)  # the root's 60-digit code, and a sentence when a root was replaced
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.model = QStandardItemModel(0, self.COLUMNS, self)
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.key_code = QLabel()
        self.key_code.setWordWrap(True)
        self.key_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = message_label()
        buttons = QGridLayout()
        self.add_button, self.edit_button, self.keys_button, self.sign_button = (
            QPushButton() for _i in range(4))
        (self.card_out, self.card_in, self.roster_out, self.roster_in, self.root_button, self.close_button,
         self.setup_button, self.repin_button) = (
            QPushButton() for _i in range(8))
        # Three a row: five made the screen 1,164 px wide at 1024x600 (1,736 with 150 % text).
        for place, button in enumerate((self.add_button, self.edit_button, self.keys_button, self.sign_button,
                                        self.setup_button, self.root_button, self.repin_button, self.card_out,
                                        self.card_in, self.roster_out, self.roster_in)):
            buttons.addWidget(button, *divmod(place, 3))
        for widget in (self.title, self.intro, self.status):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.key_code)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        resize_within_screen(self, 1120, 540, margin=24)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(_("Equipo y nómina"))
        self.title.setText(_("Equipo, claves y nómina firmada"))
        self.intro.setText(_("Para enviar, revisar, aprobar o archivar, cada persona necesita sus claves de "
                             "firma y figurar en la nómina firmada por la dirección. Los roles que cuentan "
                             "son los de la nómina firmada, no los registrados."))
        self.model.setHorizontalHeaderLabels([
            _("Nombre"), _("Disciplina"), _("Rol registrado"), _("Rol en la nómina"),
            _("Huella de la clave"), _("En la nómina vigente")])
        for button, text in ((self.add_button, _("&Nuevo integrante…")), (self.edit_button, _("&Editar…")),
                             (self.keys_button, _("&Crear claves…")), (self.sign_button, _("&Firmar nómina…")),
                             (self.card_out, _("Exportar &tarjeta…")), (self.card_in, _("Importar t&arjeta…")),
                             (self.roster_out, _("E&xportar nómina…")), (self.roster_in, _("&Importar nómina…")),
                             (self.setup_button, _("Asi&stente de configuración…")),
                             (self.root_button, _("Traspasar la &raíz…")),
                             (self.repin_button, _("Sustituir la raíz sin su fir&ma…")),
                             (self.close_button, _("Cerrar"))):
            button.setText(text)
            named(button, text.rstrip("…"))
        named(self.table, _("Integrantes del equipo"))
        named(self.message, _("Mensaje"))
        named(self.status, _("Nómina vigente"))
        named(self.key_code, _("Código de la clave"))


class TeamScreen(RootTransfer, RootRepin, TeamView):
    """The behaviour of the screen: every action runs a service off the GUI thread."""

    sig_loaded = Signal()
    """Fires each time the table has been (re)loaded."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = TeamState([], None)
        self.dialog: QDialog | None = None  # the member, keys or signing dialog now open
        self.add_button.clicked.connect(lambda: self.edit_member(None))
        self.edit_button.clicked.connect(lambda: self.edit_member(self.selected()))
        self.keys_button.clicked.connect(self.create_keys)
        self.sign_button.clicked.connect(self.sign)
        self.card_out.clicked.connect(self.export_card)
        self.card_in.clicked.connect(self.import_card)
        self.roster_out.clicked.connect(self.export_roster)
        self.roster_in.clicked.connect(self.import_roster)
        self.root_button.clicked.connect(self.transfer_root)
        self.repin_button.clicked.connect(self.repin_root)
        self.close_button.clicked.connect(self.close)
        self.setup_button.clicked.connect(self.run_setup)
        self.table.doubleClicked.connect(lambda _index: self.edit_member(self.selected()))
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, lambda: self.edit_member(self.selected()),
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.finished.connect(self._forget)
        self.reload()

    def closeEvent(self, event) -> None:
        self._forget()
        super().closeEvent(event)

    def _forget(self, *_args) -> None:
        """Drop every name of the team once the screen closes (a lock closes it too)."""
        self.state = TeamState([], None)
        self.model.removeRows(0, self.model.rowCount())
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = None

    def _live(self, callback):
        def call(*args):
            if isValid(self) and self.ctx.session.case.is_open:
                callback(*args)
        return call

    def _fail(self, exc) -> None:
        if isinstance(exc, OSError):  # a card or roster file that cannot be written
            show_message(self.message, _("No se puede escribir «{path}». Elija otra carpeta.").format(
                path=exc.filename or "?"))
            return
        show_message(self.message, error_text(exc))

    def _run(self, fn, done, changed=None) -> None:
        self.ctx.run(self, fn, on_done=self._live(done), on_error=self._live(self._fail), changed=changed)

    def _done(self, text: str, keep: model.TeamMember | None = None) -> None:
        self.reload(keep=keep or self.selected())
        show_message(self.message, text, error=False)

    # -- the table -------------------------------------------------------------

    def reload(self, keep: model.TeamMember | None = None) -> None:
        """Read the table again, keeping `keep` (by default the selected member) selected."""
        keep = keep or self.selected()
        self._run(load_team, lambda state: self._show(state, keep.id if keep else None))

    def _show(self, state: TeamState, keep_id: str | None) -> None:
        self.state = state
        self.model.removeRows(0, self.model.rowCount())
        for row in state.rows:
            m = row.member
            name = m.name + (" " + _("(titular)") if row.owner else "") + ("" if m.active else " " + _("(inactivo)"))
            cells = [name, _(v.DISCIPLINES.get(m.discipline, m.discipline)), _(v.ROLES.get(m.role, m.role)),
                     _(v.ROLES.get(row.signed_role, row.signed_role)) if row.signed_role else "—",
                     row.fingerprint or _("sin claves"), self._in_force(row)]
            items = [QStandardItem(text) for text in cells]
            items[0].setData(m.id, MemberRole)
            if row.fingerprint:
                items[4].setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.model.appendRow(items)
        self.status.setText(_("Nómina firmada vigente: versión {version}. Raíz institucional: {name}, código de "
                              "la dirección {code}.").format(version=state.version, name=state.root_name,
                                                             code=state.root_code)
                            + (" " + state.replaced if state.replaced else "")
                            if state.version else _("Todavía no hay una nómina firmada: nadie puede enviar, "
                                                    "revisar ni aprobar."))
        self.table.resizeColumnsToContents()
        ids = [r.member.id for r in state.rows]
        self.table.selectRow(ids.index(keep_id) if keep_id in ids else 0)
        self._update_buttons()
        self.sig_loaded.emit()

    @staticmethod
    def _in_force(row: TeamRow) -> str:
        if row.in_force:
            return _("Sí")
        if row.signed_role:
            return _("No: claves nuevas sin firmar")
        return _("No")

    def selected(self) -> model.TeamMember | None:
        row = self.selected_row()
        return row.member if row else None

    def selected_row(self) -> TeamRow | None:
        index = self.table.currentIndex()
        return self.state.rows[index.row()] if index.isValid() and index.row() < len(self.state.rows) else None

    def select_member(self, member_id: str) -> None:
        ids = [r.member.id for r in self.state.rows]
        self.table.selectRow(ids.index(member_id))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.key_code.setText(_("Código de la clave de {name} (el que lee en voz alta si es o pasa a ser la raíz): "
                                "{code}").format(name=row.member.name, code=row.key_code)
                              if row and row.key_code else "")
        for button in (self.edit_button, self.keys_button, self.sign_button, self.card_out, self.root_button,
                       self.repin_button):
            button.setEnabled(row is not None)

    def _need(self) -> TeamRow | None:
        row = self.selected_row()
        if row is None:
            show_message(self.message, _("Seleccione primero a una persona en la tabla."))
        return row

    def _open(self, dialog: QDialog, on_ok) -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.ok.clicked.connect(on_ok)
        dialog.open()

    # -- members and keys ------------------------------------------------------

    def edit_member(self, member: model.TeamMember | None) -> None:
        dialog = MemberDialog(member, self)

        def save():
            changed = dialog.member()

            def saved(stored):
                dialog.accept()
                self._done(_("Datos de {name} guardados.").format(name=stored.name), keep=stored)
            self.ctx.run(self, lambda s: team.save_member(s, changed), on_done=self._live(saved),
                         on_error=self._live(lambda exc: show_message(dialog.message, error_text(exc))),
                         changed=("team_member", changed.id))
        self._open(dialog, save)

    def create_keys(self) -> None:
        row = self._need()
        if row is None:
            return
        member = row.member
        dialog = KeysDialog(member.name, row.owner, row.fingerprint, self)

        def create():
            passphrase = dialog.chosen()
            if passphrase is False:
                return

            def created(public):
                dialog.accept()
                self._done(_("Claves de {name} creadas (huella {fingerprint}). Firme la nómina para que "
                             "cuenten.").format(name=member.name, fingerprint=public.fingerprint))
            dialog.ok.setEnabled(False)

            def failed(exc):
                dialog.ok.setEnabled(True)
                show_message(dialog.message, error_text(exc))
            self.ctx.run(self, lambda s: identity.create_keys(s, member.id, passphrase),
                         on_done=self._live(created), on_error=self._live(failed),
                         changed=("team_member", member.id))
        self._open(dialog, create)

    def run_setup(self) -> None:
        """The set-up assistant again (ui/team/setup_wizard.py); the table shows what it added."""
        from npmdesk.ui.team.setup_wizard import open_setup
        self.setup_wizard = open_setup(self.ctx, self)
        self.setup_wizard.finished.connect(self._live(lambda _result: self.reload()))

    # -- the roster ------------------------------------------------------------

    def sign(self) -> None:
        row = self._need()
        if row is None:
            return
        show_message(self.message, "")
        self._run(lambda s: sign_preview(s, row.member.id), self._confirm)

    def _confirm(self, preview) -> None:
        signer, version, found = preview
        dialog = SignDialog(version, signer.name, found, self)

        def go():
            dialog.accept()
            session = self.ctx.session
            if identity.seconds_left(session, signer.id) is None:
                passphrase = PersonalPassphrase.ask(self, signer.name)
                if passphrase is None:
                    return
                self._run(lambda s: identity.unlock_identity(s, signer.id, passphrase),
                          lambda _pair: self._sign(signer))
                return
            self._sign(signer)
        self._open(dialog, go)

    def _sign(self, signer: model.TeamMember) -> None:
        self._run(lambda s: roster.sign_roster(s, signer),
                  lambda signed: self._done(_("Nómina firmada: versión {version}, {count} personas.")
                                            .format(version=signed.version, count=len(signed.members))),
                  changed=("roster", ""))

    # -- files -----------------------------------------------------------------

    def export_card(self) -> None:
        row = self._need()
        if row is None:
            return
        if row.fingerprint is None:
            show_message(self.message, _("«{name}» todavía no tiene claves de firma. Genérelas antes de "
                                         "firmar.").format(name=row.member.name))
            return
        suggested = self.ctx.session.path.parent / _("tarjeta-{name}.json").format(
            name="-".join(row.member.name.lower().split()))
        path = TeamFiles.ask_save(self, _("Guardar la tarjeta pública como"), suggested)
        if path is not None:
            self._run(lambda s: identity.export_card(s, row.member.id, path),
                      lambda written: self._done(_("Tarjeta pública de {name} guardada en {path}.")
                                                 .format(name=row.member.name, path=written)))

    def import_card(self) -> None:
        path = TeamFiles.ask_open(self, _("Importar una tarjeta pública"))
        if path is not None:
            self._run(lambda s: identity.import_card(s, path),
                      lambda member: self._done(_("Tarjeta pública de {name} importada. Firme de nuevo la "
                                                  "nómina para incluirla.").format(name=member.name)),
                      changed=("team_member", ""))

    def export_roster(self) -> None:
        if self.state.version is None:
            show_message(self.message, _("Este expediente todavía no tiene una nómina firmada."))
            return
        suggested = self.ctx.session.path.parent / _("nomina-version-{version}.json").format(
            version=self.state.version)
        path = TeamFiles.ask_save(self, _("Guardar la nómina firmada como"), suggested)
        if path is not None:
            self._run(lambda s: roster.export_roster(s, path),
                      lambda written: self._done(_("Nómina firmada (versión {version}) guardada en {path}.")
                                                 .format(version=self.state.version, path=written)))

    def import_roster(self, path=None, director_code: str | None = None) -> None:
        """The first roster of the case file needs the director's code, typed (RootCodeDialog)."""
        path = path or TeamFiles.ask_open(self, _("Importar una nómina firmada"))
        if path is None:
            return

        def failed(exc):
            if self.offers_repin(exc):  # a lost root replaced: confirmed here, never just imported
                self.adopt_repin(path)
                return
            code = RootCodeDialog.ask(exc, self) if needs_code(exc) else None
            if code:
                self.import_roster(path, code)
            else:
                self._fail(exc)
        self.ctx.run(self, lambda s: roster.import_roster(s, path, director_code),
                     on_done=self._live(lambda signed: self._done(
                         _("Nómina importada: versión {version}, {count} personas.").format(
                             version=signed.version, count=len(signed.members)))),
                     on_error=self._live(failed), changed=("roster", ""))


def open_team(ctx, parent) -> TeamScreen:
    screen = TeamScreen(ctx, parent)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.open()
    return screen
