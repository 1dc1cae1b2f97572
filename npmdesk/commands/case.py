"""Subcommands on a whole case file: init, list, check, backup, restore, passwd, search."""

import sys
from pathlib import Path

from npmdesk.commands.common import UserError, open_session, read_passphrase
from npmdesk.commands.common import add_command, out as _out
from npmdesk.domain import model, vocabulary
from npmdesk.i18n import _


def cmd_init(args) -> int:
    from npmdesk.services.session import create_case
    passphrase = read_passphrase(args, confirm=True)
    session = create_case(Path(args.case), passphrase, owner_name=args.name)
    session.close()
    _out(_("Expediente creado: {path}").format(path=args.case))
    return 0


def cmd_list(args) -> int:
    from npmdesk.services.records import edit as records
    session = open_session(args, read_only=True)
    try:
        places = {p.id: p for p in records.select(session, model.Place)}
        _out(_("Lugares ({count})").format(count=len(places)))
        for place in places.values():
            _out(f"  {place.id}  {place.name} — {_(vocabulary.PLACE_KINDS[place.kind])}")
        visits = records.select(session, model.Visit)
        _out(_("Visitas ({count})").format(count=len(visits)))
        for visit in visits:
            place = places.get(visit.place_id)
            _out(f"  {visit.id}  {visit.start_date}  {place.name if place else '?'} — "
                 f"{_(vocabulary.VISIT_KINDS[visit.kind])}")
        reports = records.select(session, model.Report)
        _out(_("Informes ({count})").format(count=len(reports)))
        for report in reports:
            _out(f"  {report.id}  {report.number or '—'}  {report.title} — "
                 f"{_(vocabulary.REPORT_STATES[report.state])}")
    finally:
        session.close()
    return 0


def cmd_check(args) -> int:
    from npmdesk.services.archive import anchor
    from npmdesk.services.archive.integrity import check
    session = open_session(args, read_only=True)
    try:
        result = check(session)
        current = anchor.status(session)
    finally:
        session.close()
    for line in result.lines() + current.lines():
        _out(line)
    return 0 if result.ok else 1


def cmd_backup(args) -> int:
    from npmdesk.services.safekeeping.backups import take_backup
    session = open_session(args)
    try:
        result = take_backup(session, args.keep, args.dest or None)
    finally:
        session.close()
    _out(_("Copia de seguridad cifrada creada: {path}").format(path=result.path))
    if result.escrow is not None:
        _out(_("Copia para la clave de recuperación institucional: {path}").format(path=result.escrow))
    elif result.problem:
        _out(_("No se creó la copia para la clave de recuperación institucional: {reason}").format(
            reason=result.problem))
    return 0


def cmd_restore(args) -> int:
    from npmdesk.storage import backup, file_lock
    with file_lock.held(Path(args.case)):  # never under a window that has the file open
        kept = backup.restore(Path(args.backup), Path(args.case), read_passphrase(args))
    _out(_("Expediente restaurado en {path}.").format(path=args.case))
    if kept:
        _out(_("El archivo anterior se conservó en {path}.").format(path=kept))
    return 0


def cmd_passwd(args) -> int:
    from npmdesk.services.safekeeping.passphrase import change_passphrase
    session = open_session(args)
    try:
        if args.new_passphrase_file:
            try:
                new = Path(args.new_passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
            except (OSError, UnicodeDecodeError):
                raise UserError(_("No se puede leer el archivo de la nueva frase de contraseña."))
        elif sys.stdin and sys.stdin.isatty():
            import getpass
            new = getpass.getpass(_("Nueva frase de contraseña: "))
            if getpass.getpass(_("Repita la nueva frase de contraseña: ")) != new:
                raise UserError(_("Las dos frases de contraseña no coinciden."))
        else:
            raise UserError(_("Indique la nueva frase de contraseña con --new-passphrase-file."))
        change_passphrase(session, new)
    finally:
        session.close()
    _out(_("Frase de contraseña cambiada. Las copias de seguridad anteriores siguen abriéndose con la frase antigua."))
    return 0


def cmd_search(args) -> int:
    from npmdesk.services.records import edit as records
    session = open_session(args, read_only=True)
    try:
        hits = records.find(session, args.text)
    finally:
        session.close()
    _out(_("{count} resultado(s)").format(count=len(hits)))
    for hit in hits:
        _out(f"  [{hit.entity}] {hit.entity_id}  {hit.title}  {hit.marked('[', ']')}")
    return 0


def register(sub) -> None:
    p = add_command(sub, "init", cmd_init, _("crea un expediente cifrado nuevo"))
    p.add_argument("--name", default=_("Titular del expediente"),
                   help=_("nombre de la persona titular (director/a)"))
    add_command(sub, "list", cmd_list,
                _("lista lugares, visitas e informes con sus identificadores y estados"))
    add_command(sub, "check", cmd_check,
                _("comprueba la integridad del archivo y la cadena de la bitácora"))
    p = add_command(sub, "backup", cmd_backup, _("crea una copia de seguridad cifrada"))
    p.add_argument("dest", nargs="?", metavar=_("CARPETA"), help=_("carpeta de destino"))
    p.add_argument("--keep", type=int, default=10, help=_("copias que se conservan"))
    p = add_command(sub, "restore", cmd_restore, _("restaura una copia de seguridad"), case=False)
    p.add_argument("backup", metavar=_("COPIA"))
    p.add_argument("case", metavar=_("EXPEDIENTE"))
    p = add_command(sub, "passwd", cmd_passwd, _("cambia la frase de contraseña"))
    p.add_argument("--new-passphrase-file", metavar=_("ARCHIVO"))
    p = add_command(sub, "search", cmd_search, _("busca texto en todo el expediente"))
    p.add_argument("text", metavar=_("TEXTO"))
