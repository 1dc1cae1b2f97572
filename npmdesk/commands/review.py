"""Subcommands of the review workflow: the team and their keys, public cards, the signed roster, anchors."""

import argparse
import os
from pathlib import Path

from npmdesk.commands.common import UserError, open_session, personal_passphrase
from npmdesk.commands import repin
from npmdesk.commands.common import add_command, out as _out
from npmdesk.domain import model, vocabulary
from npmdesk.i18n import _


def _write_new(path: str, write) -> Path:
    """Write through `write(partial_path)` then move into place; nothing is left on failure."""
    target = Path(path)
    if not target.parent.is_dir():
        raise UserError(_("No existe la carpeta «{folder}».").format(folder=target.parent))
    partial = target.with_name(target.name + ".part")
    try:
        write(partial)
        os.replace(partial, target)
    except OSError:
        raise UserError(_("No se puede escribir «{path}».").format(path=target))
    finally:
        partial.unlink(missing_ok=True)
    return target


def _member(session, wanted: str) -> model.TeamMember:
    """The member named by id, id prefix or full name (services.team.find_member)."""
    from npmdesk.services.team import members as team
    return team.find_member(session, wanted)


def _readable(path: str) -> Path:
    source = Path(path)
    if not source.is_file():
        raise UserError(_("No existe el archivo «{path}».").format(path=source))
    return source


def cmd_team(args) -> int:
    from npmdesk.services.team import identity, trust
    from npmdesk.services.records import edit as records
    from npmdesk.services.team import roster
    session = open_session(args, read_only=True)
    try:
        current = roster.current(session)
        team = records.select(session, model.TeamMember)
        _out(_("Equipo ({count}); nómina firmada: versión {version}").format(
            count=len(team), version=current.version if current else "—"))
        if current is not None:
            _out(_("Raíz institucional: {name}, código de la dirección {code}").format(
                name=current.root_name, code=current.root_code))
            for replaced in trust.repins(session):
                _out("  " + _("Sustituida sin su firma en la versión {version}: antes, código {code}").format(
                    version=replaced.version, code=replaced.replaces))
        for member in team:
            keys = identity.public_keys(session, member.id)
            signed_role = current.role(member.id) if current else None
            _out(f"  {member.id}  {member.name} — {_shown('discipline', member.discipline)}, "
                 f"{_shown('role', member.role)}  {keys.fingerprint if keys else _('sin claves')}"
                 + ("" if member.active else "  " + _("(inactivo)"))
                 + ("" if signed_role else "  " + _("(no figura en la nómina firmada)")))
            if keys and "director" in (member.role, signed_role):  # what she reads out to become the root
                _out("      " + _("código de su clave: {code}").format(code=identity.key_code(session, member.id)))
    finally:
        session.close()
    return 0


def _shown(field: str, value) -> str:
    if field == "active":
        return _("sí") if value else _("no")
    if field == "role":
        return _(vocabulary.ROLES.get(value, value))
    if field == "discipline":
        return _(vocabulary.DISCIPLINES.get(value, value))
    return "«" + value + "»"


def _roster_note(session, member: model.TeamMember) -> None:
    """Say what the change means for the signed roster, which is what review rights come from."""
    from npmdesk.domain.roster import describe_change
    from npmdesk.services.team import identity
    from npmdesk.services.team import members as team
    pending = team.pending_changes(session, member.id)
    if pending:
        _out(_("Pendiente en la nómina firmada (hasta que la dirección la firme de nuevo, sigue valiendo "
               "la versión vigente):"))
        for change in pending:
            _out("  " + describe_change(change))
        _out(_("Para que el cambio cuente, la dirección debe firmar de nuevo la nómina: npmdesk roster sign."))
    elif member.active and identity.public_keys(session, member.id) is None:
        _out(_("{name} todavía no tiene claves de firma: créelas con npmdesk team-keys y después la dirección "
               "debe firmar de nuevo la nómina (npmdesk roster sign). Hasta entonces no puede enviar, revisar "
               "ni aprobar.").format(name=member.name))
    elif member.active:
        _out(_("La nómina firmada vigente ya dice lo mismo: no hace falta firmarla de nuevo."))
    if not member.active:
        _out(_("{name} queda inactivo/a: no figurará en la próxima nómina firmada; sus firmas y sus entradas "
               "en la bitácora se conservan.").format(name=member.name))


def cmd_team_add(args) -> int:
    from npmdesk.services.team import members as team
    discipline, role = team.discipline_code(args.discipline), team.role_code(args.role)
    session = open_session(args)
    try:
        member = team.add_member(session, args.name, discipline, role)
        _out(_("Integrante añadido: {name}, {discipline}, {role} (identificador {id}).").format(
            name=member.name, discipline=_shown("discipline", discipline), role=_shown("role", role),
            id=member.id))
        _roster_note(session, member)
    finally:
        session.close()
    return 0


def cmd_team_set(args) -> int:
    from npmdesk.services.team import members as team
    from npmdesk.domain.validation import label
    wanted = {"name": args.name,
              "discipline": team.discipline_code(args.discipline) if args.discipline is not None else None,
              "role": team.role_code(args.role) if args.role is not None else None,
              "active": args.active}
    if all(value is None for value in wanted.values()):
        raise UserError(_("Indique qué cambiar: --name, --discipline, --role, --active o --inactive."))
    session = open_session(args)
    try:
        member = _member(session, args.member)
        done = team.change_member(session, member.id, **wanted)
        if not done.fields:
            _out(_("Ningún cambio: {name} ya tenía esos datos.").format(name=done.member.name))
            return 0
        _out(_("Datos de {name} guardados:").format(name=done.member.name))
        for field, before, after in done.fields:
            _out("  " + _("{field}: {before} → {after}").format(
                field=_("activo/a") if field == "active" else label(field),
                before=_shown(field, before), after=_shown(field, after)))
        _roster_note(session, done.member)
    finally:
        session.close()
    return 0


def cmd_team_keys(args) -> int:
    from npmdesk.services.team import identity
    session = open_session(args)
    try:
        member = _member(session, args.member)
        existing = identity.public_keys(session, member.id)
        if existing is not None and not args.replace:
            raise UserError(_("«{name}» ya tiene claves (huella {fingerprint}). Para reemplazarlas, "
                              "repita la orden con --replace.").format(name=member.name,
                                                                      fingerprint=existing.fingerprint))
        owner = identity.is_owner(session, member.id)
        passphrase = None if owner else personal_passphrase(args, member.name, confirm=True)
        public = identity.create_keys(session, member.id, passphrase)
    finally:
        session.close()
    _out(_("Claves de {name} creadas (huella {fingerprint}). Firme la nómina para que cuenten.")
         .format(name=member.name, fingerprint=public.fingerprint))
    if not owner:
        _out(_("Nadie puede recuperar la frase de contraseña personal: si se olvida, habrá que crear "
               "claves nuevas y firmar de nuevo la nómina."))
    return 0


def cmd_roster_sign(args) -> int:
    from npmdesk.domain.roster import describe_change
    from npmdesk.services.team import identity
    from npmdesk.services.team import roster
    session = open_session(args)
    try:
        signer = _member(session, args.signer) if args.signer else session.actor
        new_root = _member(session, args.new_root) if args.new_root else None
        # refuses a non-director (or a root change by someone else) before any passphrase
        version, found = roster.preview(session, signer, new_root)
        new_root_args = argparse.Namespace(personal_passphrase_file=args.new_root_passphrase_file)
        for person, source in ((signer, args), (new_root, new_root_args)):
            if person and identity.seconds_left(session, person.id) is None:
                identity.unlock_identity(session, person.id, personal_passphrase(source, person.name))
        signed = roster.sign_roster(session, signer, new_root)
    finally:
        session.close()
    _out(_("Nómina firmada por {name}: versión {version}, {count} personas.").format(
        name=signer.name, version=signed.version, count=len(signed.members)))
    _out(_("Código de la dirección (raíz institucional, {name}): {code}").format(
        name=signed.root_name, code=signed.root_code))
    for change in found:
        _out("  " + describe_change(change))
    if not found:
        _out("  " + _("Ningún cambio: la nueva versión repite la vigente."))
    return 0


def cmd_card_export(args) -> int:
    from npmdesk.services.team import identity
    session = open_session(args)
    try:
        member = _member(session, args.member)
        identity.card(session, member.id)  # refuses a member without keys before writing
        target = _write_new(args.output, lambda p: identity.export_card(session, member.id, p))
    finally:
        session.close()
    _out(_("Tarjeta pública de {name} guardada en {path}.").format(name=member.name, path=target))
    return 0


def cmd_card_import(args) -> int:
    from npmdesk.services.team import identity
    source = _readable(args.file)
    session = open_session(args)
    try:
        member = identity.import_card(session, source)
    finally:
        session.close()
    _out(_("Tarjeta pública de {name} importada. Firme de nuevo la nómina para incluirla.")
         .format(name=member.name))
    return 0


def cmd_roster_export(args) -> int:
    from npmdesk.services.team import roster
    session = open_session(args)
    try:
        current = roster.current(session)
        if current is None:
            raise UserError(_("Este expediente todavía no tiene una nómina firmada."))
        target = _write_new(args.output, lambda p: roster.export_roster(session, p))
    finally:
        session.close()
    _out(_("Nómina firmada (versión {version}) guardada en {path}.").format(version=current.version, path=target))
    return 0


def cmd_roster_import(args) -> int:
    from npmdesk.services.team import roster
    source = _readable(args.file)
    session = open_session(args)
    try:
        current = roster.import_roster(session, source, director_code=args.director)
    finally:
        session.close()
    _out(_("Nómina importada: versión {version}, {count} personas.").format(
        version=current.version, count=len(current.members)))
    _out(_("Raíz institucional: {name}, código {code}.").format(name=current.root_name, code=current.root_code))
    return 0


def cmd_anchor(args) -> int:
    from npmdesk.services.archive import anchor
    session = open_session(args)
    try:
        signed = anchor.make_anchor(session)
        target = _write_new(args.output, lambda p: anchor.write_anchor(signed, p))
    finally:
        session.close()
    _out(_("Ancla firmada ({count} entradas) guardada en {path}.").format(
        count=signed["statement"]["count"], path=target))
    return 0


def cmd_anchor_check(args) -> int:
    from npmdesk.services.archive import anchor
    given = anchor.load(_readable(args.file))
    session = open_session(args, read_only=True)
    try:
        problems = anchor.verify_given(session, given)
    finally:
        session.close()
    if not problems:
        _out(_("El expediente conserva todas las entradas que certifica el ancla."))
        return 0
    for line in problems:
        _out(line)
    return 1


def _nested(sub, name: str, help_text: str):
    parser = sub.add_parser(name, help=help_text, description=help_text)
    return parser.add_subparsers(dest=f"{name}_command", metavar=_("orden"), required=True)


def register(sub) -> None:
    add_command(sub, "team", cmd_team, _("lista el equipo con sus roles y huellas de clave"))
    p = add_command(sub, "team-add", cmd_team_add,
                    _("añade una persona al equipo (para que cuente: sus claves y una nueva firma de la nómina)"))
    p.add_argument("--name", required=True, metavar=_("NOMBRE"), help=_("nombre completo"))
    p.add_argument("--discipline", required=True, metavar=_("DISCIPLINA"),
                   help=_("derecho, medicina, psicologia, trabajo_social o coordinacion"))
    p.add_argument("--role", default="autor", metavar=_("ROL"),
                   help=_("autor (por omisión), revisor, director o administrador"))
    p = add_command(sub, "team-set", cmd_team_set,
                    _("cambia el nombre, la disciplina, el rol o si una persona sigue activa en el equipo "
                      "(el rol cuenta cuando la dirección firma de nuevo la nómina)"))
    p.add_argument("member", metavar=_("PERSONA"),
                   help=_("nombre completo, identificador o sus primeros caracteres"))
    p.add_argument("--name", metavar=_("NOMBRE"), help=_("nombre completo nuevo"))
    p.add_argument("--discipline", metavar=_("DISCIPLINA"),
                   help=_("derecho, medicina, psicologia, trabajo_social o coordinacion"))
    p.add_argument("--role", metavar=_("ROL"), help=_("autor, revisor, director o administrador"))
    state = p.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_const", const=True,
                       help=_("vuelve a activar a la persona"))
    state.add_argument("--inactive", dest="active", action="store_const", const=False,
                       help=_("la persona deja el equipo: sale de la próxima nómina firmada y se conserva "
                              "en el historial"))
    p = add_command(sub, "team-keys", cmd_team_keys,
                    _("crea las claves de firma de una persona del equipo (la titular no necesita otra frase; "
                      "cualquier otra persona, su frase personal)"))
    p.add_argument("member", metavar=_("PERSONA"), help=_("nombre completo, identificador o sus primeros caracteres"))
    p.add_argument("--personal-passphrase-file", metavar=_("ARCHIVO"),
                   help=_("lee la frase personal de la primera línea de ARCHIVO"))
    p.add_argument("--replace", action="store_true", help=_("reemplaza las claves que ya tenga"))
    cards = _nested(sub, "card", _("exporta o importa tarjetas públicas de integrantes del equipo"))
    p = add_command(cards, "export", cmd_card_export, _("guarda la tarjeta pública de una persona"))
    p.add_argument("member", metavar=_("PERSONA"), help=_("nombre completo, identificador o sus primeros caracteres"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"))
    p = add_command(cards, "import", cmd_card_import, _("añade al equipo la persona de una tarjeta pública"))
    p.add_argument("file", metavar=_("ARCHIVO"))
    rosters = _nested(sub, "roster", _("exporta o importa la nómina firmada del equipo"))
    p = add_command(rosters, "export", cmd_roster_export, _("guarda la cadena de la nómina firmada"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"))
    p = add_command(rosters, "sign", cmd_roster_sign,
                    _("firma una nueva versión de la nómina con quienes tienen claves (solo la dirección)"))
    p.add_argument("--as", dest="signer", metavar=_("PERSONA"),
                   help=_("quien firma, si no es la persona titular del expediente"))
    p.add_argument("--personal-passphrase-file", metavar=_("ARCHIVO"),
                   help=_("lee la frase personal de quien firma de la primera línea de ARCHIVO"))
    p.add_argument("--new-root", metavar=_("PERSONA"),
                   help=_("traspasa la raíz institucional a otra directora u otro director (firma la raíz "
                          "actual y acepta la nueva; cambia el código de la dirección)"))
    p.add_argument("--new-root-passphrase-file", metavar=_("ARCHIVO"),
                   help=_("lee la frase personal de la nueva raíz de la primera línea de ARCHIVO"))
    repin.register(rosters)
    p = add_command(rosters, "import", cmd_roster_import,
                    _("incorpora una nómina firmada que continúa la de este expediente"))
    p.add_argument("file", metavar=_("ARCHIVO"))
    p.add_argument("--director", metavar=_("CÓDIGO"),
                   help=_("código de la dirección (doce grupos de cinco cifras), confirmado en persona; "
                          "obligatorio para la primera nómina del expediente"))
    p = add_command(sub, "anchor", cmd_anchor, _("firma el ancla actual de la bitácora y la guarda"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO"))
    p = add_command(sub, "anchor-check", cmd_anchor_check,
                    _("comprueba el expediente frente a un ancla guardada antes (.json) o impresa "
                      "en un documento exportado (.docx)"))
    p.add_argument("file", metavar=_("ARCHIVO"))
