"""Subcommands for the open JSON format and the demonstration file: dump, import, demo."""

import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from npmdesk import ENV_PASSPHRASE
from npmdesk.commands.common import UserError, open_session, read_passphrase, run_gui
from npmdesk.commands.common import add_command, out as _out
from npmdesk.errors import WrongPassphrase
from npmdesk.i18n import _


def _warn_plaintext(path) -> None:
    print(_("AVISO: «{path}» NO está cifrado. Contiene notas de entrevistas e identidades "
            "reservadas; guárdelo con las mismas precauciones que el expediente y bórrelo de "
            "forma segura cuando ya no lo necesite.").format(path=path), file=sys.stderr)


def _exit(signum, _frame):
    raise SystemExit(128 + signum)


@contextmanager
def exit_cleanly_on_termination():
    """While the dump streams, its unfinished plaintext is a hidden temp file beside the target.
    A shutdown or a closed terminal (SIGTERM, SIGHUP) would otherwise kill the process and leave
    it there; as SystemExit it unwinds, and the temp file is removed."""
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, _exit) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def cmd_dump(args) -> int:
    from npmdesk.services.exchange.dump import write_dump
    target = Path(args.output)
    if target.exists() and not args.force:
        raise UserError(_("Ya existe «{path}»; use --force para reemplazarlo.").format(path=target))
    session = open_session(args)
    try:
        with exit_cleanly_on_termination():
            write_dump(session, target)
    finally:
        session.close()
    _out(_("Volcado JSON escrito en {path}.").format(path=target))
    _warn_plaintext(target)
    return 0


def cmd_import(args) -> int:
    from npmdesk.services.exchange.dump import import_dump
    source = Path(args.file)
    if not source.is_file():
        raise UserError(_("No se encuentra el archivo «{path}».").format(path=source))
    session = import_dump(source, Path(args.case), read_passphrase(args, confirm=True))
    session.close()
    _out(_("Expediente creado a partir del volcado: {path}").format(path=args.case))
    return 0


def cmd_demo(args) -> int:
    from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
    from npmdesk.services.session import open_case
    path = Path(args.case)
    given = bool(args.passphrase_file or os.environ.get(ENV_PASSPHRASE))
    passphrase = read_passphrase(args) if given else DEMO_PASSPHRASE
    if path.exists():
        try:
            open_case(path, passphrase).close()
        except WrongPassphrase:
            raise UserError(_("Ya existe «{path}» y no se abre con esa frase de contraseña; "
                              "elija otro nombre.").format(path=path))
        _out(_("El expediente de demostración {path} ya existe y está listo.").format(path=path))
    else:
        create_demo(path, passphrase).close()
        _out(_("Expediente de demostración creado: {path}").format(path=path))
    if not given:
        _out(_("Frase de contraseña de la demostración: {passphrase}").format(
            passphrase=DEMO_PASSPHRASE))
    if args.open:
        return run_gui([str(path)], passphrase)
    return 0


def register(sub) -> None:
    p = add_command(sub, "dump", cmd_dump,
                    _("escribe todo el expediente en el formato JSON abierto (SIN cifrar)"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"),
                   help=_("archivo JSON de destino"))
    p.add_argument("--force", action="store_true", help=_("reemplaza el archivo si ya existe"))
    p = add_command(sub, "import", cmd_import,
                    _("crea un expediente cifrado nuevo a partir de un volcado JSON"))
    p.add_argument("file", metavar=_("ARCHIVO"), help=_("volcado JSON de npmdesk"))
    p = add_command(sub, "demo", cmd_demo,
                    _("crea un expediente de demostración con datos ficticios"), case=False)
    p.add_argument("case", nargs="?", default="demo.npmcase", metavar=_("EXPEDIENTE"),
                   help=_("ruta del expediente (por omisión demo.npmcase)"))
    p.add_argument("--open", action="store_true",
                   help=_("abre después la aplicación con el expediente ya desbloqueado"))
