"""The bitácora view's anchor buttons: "Firmar y guardar ancla…" and "Comprobar un ancla…".

Signing is `anchor.make_anchor` + `anchor.write_anchor`; checking is `anchor.load` +
`anchor.verify_given` (a signed anchor file, or the line printed in an exported .docx) —
what `npmdesk anchor` and `npmdesk anchor-check` run. Whether the
person may sign comes from `anchor.may_anchor` (the signed roster), which the service
enforces again when signing.
"""

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from npmdesk.export import spanish
from npmdesk.i18n import _
from npmdesk.services.archive import anchor
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import show_message
from npmdesk.ui.common import file_dialogs


class AnchorFile:
    """Where to save an anchor, or which anchor file to check; a path, or None when cancelled."""

    @classmethod
    def ask_save(cls, parent, suggested: Path) -> Path | None:
        path, _filter = file_dialogs.get_save_file_name(parent, _("Guardar el ancla firmada como"), str(suggested),
                                                    _("Ancla de bitácora") + " (*.json)")
        return Path(path) if path else None

    @classmethod
    def ask_open(cls, parent, folder: Path) -> Path | None:
        path, _filter = file_dialogs.get_open_file_name(
            parent, _("Comprobar un ancla"), str(folder),
            _("Ancla o documento exportado") + " (*.json *.docx);;" + _("Todos los archivos") + " (*)")
        return Path(path) if path else None


def check_sentences(given: anchor.GivenAnchor, problems: list[str]) -> tuple[str, bool]:
    """(what to tell the person, whether the file holds) for an anchor just checked."""
    if given.signed is None:
        what = _("el documento exportado ({count} entradas; un documento no lleva la firma, así que se "
                 "comprueban el número de entradas y la huella)").format(count=given.count)
    else:
        what = _("el ancla ({count} entradas, firmada el {date})").format(
            count=given.count, date=spanish.long_date(given.signed_at))
    if not problems:
        return _("El expediente conserva todas las entradas que certifica {what}.").format(what=what), True
    lines = [_("El expediente NO concuerda con {what}:").format(what=what)]
    return "\n".join(lines + ["  - " + p for p in problems]), False


class AnchorActions(QObject):
    """Gives the anchor buttons of an AuditView their behaviour."""

    sig_signed = Signal(object)
    """Fires with the saved file's Path after an anchor was signed, recorded and written."""
    sig_checked = Signal(bool)
    """Fires after an anchor file was checked: True when the case file holds everything it certifies."""

    def __init__(self, ctx, view, reload):
        super().__init__(view)
        self.ctx, self.view, self.reload = ctx, view, reload
        self.folder = Path.home()
        view.sign_anchor.clicked.connect(self.sign)
        view.check_anchor.clicked.connect(self.check)
        view.sign_anchor.setEnabled(False)  # until the roster has been read

    def allow(self, refusal: str) -> None:
        """Enable signing unless `refusal` (from anchor.may_anchor) says why not."""
        self.view.sign_anchor.setEnabled(not refusal)
        self.view.sign_anchor.setToolTip(refusal or _("Firma con su clave el número de entradas y la huella "
                                                      "actuales de la bitácora y los guarda en un archivo."))

    def _live(self, callback):
        def call(arg):
            if isValid(self.view) and self.ctx.session.case.is_open:
                callback(arg)
        return call

    def _say(self, text: str, error: bool = True) -> None:
        show_message(self.view.anchor_result, text, error=error)

    def sign(self) -> None:
        if not self.view.sign_anchor.isEnabled():
            return
        suggested = self.folder / _("ancla-bitacora-{date}.json").format(date=date.today().isoformat())
        path = AnchorFile.ask_save(self.view, suggested)
        if path is None:
            return
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        if not path.parent.is_dir():
            self._say(_("No existe la carpeta «{folder}».").format(folder=path.parent))
            return
        if not os.access(path.parent, os.W_OK):
            self._say(_("No se puede escribir en la carpeta «{folder}».").format(folder=path.parent))
            return
        self.folder = path.parent

        def work(session):
            signed = anchor.make_anchor(session)
            return signed["statement"]["count"], anchor.write_anchor(signed, path)

        def done(result):
            count, saved = result
            self._say(_("Ancla firmada ({count} entradas) guardada en {path}.").format(count=count, path=saved),
                      error=False)
            self.reload()
            self.sig_signed.emit(saved)

        self.ctx.run(self.view, work, on_done=self._live(done),
                     on_error=self._live(lambda exc: self._say(error_text(exc))))

    def check(self) -> None:
        path = AnchorFile.ask_open(self.view, self.folder)
        if path is None:
            return
        self.folder = path.parent

        def work(session):
            given = anchor.load(path)
            return given, anchor.verify_given(session, given)

        def done(result):
            text, holds = check_sentences(*result)
            self._say(text, error=not holds)
            self.reload()  # show the bitácora as it is now, next to what the anchor certified
            self.sig_checked.emit(holds)

        self.ctx.run(self.view, work, on_done=self._live(done),
                     on_error=self._live(lambda exc: self._say(error_text(exc))))
