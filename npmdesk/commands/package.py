"""`npmdesk package create|show|import|import-case`: sealed packages between laptops."""

from pathlib import Path

from npmdesk.commands.common import UserError, open_session, read_passphrase
from npmdesk.commands.common import out as _out, passphrase_option
from npmdesk.i18n import _
from npmdesk.services.exchange.kinds import KINDS


def cmd_create(args) -> int:
    from npmdesk.services.exchange import packages
    target = Path(args.output)
    if target.exists() and not args.force:
        raise UserError(_("Ya existe «{path}»; use --force para reemplazarlo.").format(path=target))
    session = open_session(args)
    try:
        recipients = [packages.resolve_recipient(session, who) for who in args.to]
        packages.write(session, args.kind, recipients, target, args.report)
    finally:
        session.close()
    _out(_("Paquete escrito en {path}.").format(path=target))
    return 0


def cmd_show(args) -> int:
    from npmdesk.services.exchange import package_auth
    header = package_auth.header_of(package_auth.read(args.file))
    _out(_("Tipo: {kind}").format(kind=_(KINDS[header["kind"]])))
    # TRANSLATORS: the package names its sender only by id and key; the name comes from a roster.
    _out(_("Remitente: identificador {id} (huella {fingerprint})").format(
        id=header["sender_id"], fingerprint=header["sender_fingerprint"]))
    _out(_("Creado: {date}").format(date=header["created_at"]))
    _out(_("Destinatarios: {count}").format(count=len(header["recipients"])))
    _out(_("El nombre de quien lo envía y la firma se comprueban al importar, con la nómina del "
           "expediente de destino."))
    return 0


def cmd_import(args) -> int:
    from npmdesk.services.exchange import package_import
    if not Path(args.file).is_file():
        raise UserError(_("No se encuentra el archivo «{path}».").format(path=args.file))
    session = open_session(args)
    try:
        summary = package_import.import_package(session, args.file, apply=not args.dry_run,
                                                director_code=args.director)
    finally:
        session.close()
    for line in package_import.summary_lines(summary):
        _out(line)
    if args.dry_run:
        _out(_("Vista previa: no se ha modificado nada."))
    else:
        _out(_("Paquete importado."))
    return 0


def cmd_import_case(args) -> int:
    from npmdesk.services.exchange import case_package as package_transfer
    new_path = Path(args.new_case)
    if new_path.exists():
        raise UserError(_("Ya existe «{path}»; elija otro nombre.").format(path=new_path))
    passphrase = read_passphrase(args)
    from npmdesk.services.session import open_case
    session = open_case(Path(args.case), passphrase)
    try:
        package_transfer.import_case(session, args.file, new_path, passphrase).close()
    finally:
        session.close()
    _out(_("Expediente creado a partir del paquete: {path}").format(path=new_path))
    return 0


def cmd_inbox(args) -> int:
    from npmdesk.services.exchange import package_import
    if not Path(args.folder).is_dir():
        raise UserError(_("No se encuentra la carpeta «{path}».").format(path=args.folder))
    session = open_session(args)
    try:
        pending = package_import.inbox(session, args.folder)
    finally:
        session.close()
    if not pending:
        _out(_("No hay paquetes nuevos para usted en la carpeta."))
    for item in pending:
        _out(_("{name}: {kind} de {sender} ({date})").format(
            name=item.path.name, kind=_(KINDS[item.kind]), sender=item.sender,
            date=item.created_at[:16].replace("T", " ")))
    return 0


def register(sub) -> None:
    group = sub.add_parser("package", help=_("paquetes cifrados y firmados entre computadoras"),
                           description=_("paquetes cifrados y firmados entre computadoras"))
    inner = group.add_subparsers(dest="package_command", metavar=_("orden"))
    p = inner.add_parser("create", help=_("crea un paquete para una o más personas de la nómina"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    p.add_argument("--kind", required=True, choices=sorted(KINDS), help=_("tipo de paquete"))
    p.add_argument("--to", required=True, nargs="+", metavar=_("TARJETA"),
                   help=_("tarjeta pública, identificador o huella de cada destinatario"))
    p.add_argument("--report", metavar="ID", help=_("informe (si el expediente tiene varios)"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"), help=_("paquete de destino"))
    p.add_argument("--force", action="store_true", help=_("reemplaza el archivo si ya existe"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_create)
    p = inner.add_parser("show", help=_("muestra la cabecera de un paquete sin importarlo"))
    p.add_argument("file", metavar=_("ARCHIVO"), help=_("paquete de npmdesk"))
    p.set_defaults(handler=cmd_show)
    p = inner.add_parser("import", help=_("comprueba e importa un paquete en el expediente"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    p.add_argument("file", metavar=_("ARCHIVO"), help=_("paquete de npmdesk"))
    p.add_argument("--dry-run", action="store_true", help=_("solo muestra lo que cambiaría"))
    p.add_argument("--director", metavar=_("CÓDIGO"),
                   help=_("código de la dirección (doce grupos de cinco cifras), confirmado en persona; "
                          "obligatorio para la primera nómina del expediente"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_import)
    p = inner.add_parser("inbox", help=_("lista los paquetes nuevos para usted en una carpeta de intercambio"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("ruta del expediente cifrado"))
    p.add_argument("folder", metavar=_("CARPETA"), help=_("carpeta de intercambio"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_inbox)
    p = inner.add_parser("import-case", help=_("crea un expediente nuevo a partir de un paquete de expediente completo"))
    p.add_argument("case", metavar=_("EXPEDIENTE"), help=_("expediente con la clave de quien recibe"))
    p.add_argument("file", metavar=_("ARCHIVO"), help=_("paquete de npmdesk"))
    p.add_argument("new_case", metavar=_("NUEVO"), help=_("ruta del expediente nuevo"))
    passphrase_option(p)
    p.set_defaults(handler=cmd_import_case)
