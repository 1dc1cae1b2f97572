"""`npmdesk recovery new|set|escrow|restore`: the institution's recovery code and escrow copies."""

import sys
from pathlib import Path

from npmdesk.commands.common import UserError, open_session, read_passphrase
from npmdesk.commands.common import out as _out, passphrase_option
from npmdesk.i18n import _


def cmd_new(args) -> int:
    from npmdesk.services.safekeeping.recovery import new_recovery_key
    code, public = new_recovery_key()
    _out(_("Código de recuperación (imprímalo y guárdelo en la caja fuerte; no lo guarde en la computadora):"))
    _out(code)
    _out(_("Clave pública para los expedientes:"))
    _out(public)
    return 0


def cmd_set(args) -> int:
    from npmdesk.services.safekeeping.recovery import set_recovery_key
    from npmdesk.services.team import roster
    session = open_session(args)
    try:
        set_recovery_key(session, args.public)
        current = roster.current(session)
    finally:
        session.close()
    _out(_("Clave de recuperación institucional fijada."))
    if current is not None:
        _out(_("Anote en la hoja de recuperación, junto al código, el código de la dirección (se pide al "
               "recuperar): {code}").format(code=current.root_code))
    return 0


def cmd_escrow(args) -> int:
    from npmdesk.services.safekeeping.recovery import write_escrow
    target = Path(args.output)
    if target.exists() and not args.force:
        raise UserError(_("Ya existe «{path}»; use --force para reemplazarlo.").format(path=target))
    session = open_session(args)
    try:
        write_escrow(session, target)
    finally:
        session.close()
    _out(_("Copia de recuperación escrita en {path}.").format(path=target))
    return 0


def cmd_restore(args) -> int:
    from npmdesk.services.safekeeping.recovery import restore
    new_path = Path(args.new_case)
    if new_path.exists():
        raise UserError(_("Ya existe «{path}»; elija otro nombre.").format(path=new_path))
    if args.code_file:
        try:
            code = Path(args.code_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise UserError(_("No se puede leer el archivo del código de recuperación."))
    elif sys.stdin and sys.stdin.isatty():
        code = input(_("Código de recuperación: "))
    else:
        raise UserError(_("Indique el código de recuperación con --code-file."))
    restore(args.file, code, new_path, read_passphrase(args, confirm=True), args.director).close()
    _out(_("Expediente recuperado en {path}.").format(path=new_path))
    return 0


def register(sub) -> None:
    group = sub.add_parser("recovery", help=_("recuperación institucional de expedientes"),
                           description=_("recuperación institucional de expedientes"))
    inner = group.add_subparsers(dest="recovery_command", metavar=_("orden"))
    p = inner.add_parser("new", help=_("genera un código de recuperación y su clave pública"))
    p.set_defaults(handler=cmd_new)
    p = inner.add_parser("set", help=_("fija la clave pública de recuperación en un expediente"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    p.add_argument("public", metavar=_("CLAVE"), help=_("clave pública de recuperación (hexadecimal)"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_set)
    p = inner.add_parser("escrow", help=_("escribe una copia cifrada para la clave de recuperación"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"), help=_("copia de destino"))
    p.add_argument("--force", action="store_true", help=_("reemplaza el archivo si ya existe"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_escrow)
    p = inner.add_parser("restore", help=_("crea un expediente nuevo desde una copia de recuperación"))
    p.add_argument("file", metavar=_("ARCHIVO"), help=_("copia de recuperación"))
    p.add_argument("new_case", metavar=_("NUEVO"), help=_("ruta del expediente nuevo"))
    p.add_argument("--code-file", metavar=_("ARCHIVO"),
                   help=_("lee el código de recuperación de ARCHIVO"))
    p.add_argument("--director", metavar=_("CÓDIGO"),
                   help=_("código de la dirección de la hoja de recuperación (sin él vale el fijado en esta "
                          "computadora)"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_restore)
