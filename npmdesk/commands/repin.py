"""`npmdesk roster repin`: replacing an institutional root whose private key is lost, without its
signature (services/team/repin.py). With --new-root, on the new root's laptop, she signs the
version that replaces it; with --from, every other laptop takes in the roster file she exported.
Either way the person types the new root's code (--code, or asked on the terminal) as the new
root reads it out, sees plainly what is replaced, and confirms (--yes, or asked on the terminal).
"""

import sys

from npmdesk.commands.common import UserError, add_command, open_session, out, personal_passphrase
from npmdesk.i18n import _


def _typed(args, prompt: str) -> str:
    if args.code:
        return args.code
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("Indique con --code el código de la nueva raíz, tal como ella se lo lee."))
    return input(prompt)


def _confirmed(args, preview) -> None:
    """Show what is replaced, plainly, then the confirmation (UserError when it is not given)."""
    from npmdesk.domain.roster import describe_change
    out(_("SUSTITUCIÓN DE LA RAÍZ INSTITUCIONAL SIN SU FIRMA (versión {version} de la nómina): {old} (código "
          "{old_code}) deja de ser la raíz sin firmarlo y pasa a serlo {name}. Hágalo solo si la clave de {old} "
          "se perdió o la robaron.").format(version=preview.version, old=preview.old_name,
                                             old_code=preview.old_code, name=preview.name))
    for change in preview.changes:
        out("  " + describe_change(change))
    if args.yes:
        return
    if sys.stdin and sys.stdin.isatty() and input(_("Escriba SUSTITUIR para confirmarlo: ")).strip() == "SUSTITUIR":
        return
    raise UserError(_("No se ha confirmado la sustitución (--yes). No se ha modificado nada."))


def cmd_roster_repin(args) -> int:
    from npmdesk.services.team import identity, members, repin
    session = open_session(args)
    try:
        if args.new_root:
            new_root = members.find_member(session, args.new_root)
            preview = repin.preview_sign(session, new_root)  # refused before any code or passphrase
            code = _typed(args, _("Código de {name} (doce grupos de cinco cifras): ").format(name=new_root.name))
            _confirmed(args, preview)
            if identity.seconds_left(session, new_root.id) is None:
                identity.unlock_identity(session, new_root.id, personal_passphrase(args, new_root.name))
            signed = repin.sign(session, new_root, code)
        else:
            preview = repin.preview_adopt(session, args.source)
            code = _typed(args, _("Código de {name} (doce grupos de cinco cifras): ").format(name=preview.name))
            _confirmed(args, preview)
            signed = repin.adopt(session, args.source, code)
    finally:
        session.close()
    out(_("Raíz institucional sustituida: {name}, código de la dirección {code}, desde la versión {version} de la "
          "nómina. Lo firmado con la raíz anterior antes de esa versión sigue valiendo; lo que se firme con su "
          "clave después, no.").format(name=signed.root_name, code=signed.root_code, version=preview.version))
    return 0


def register(rosters) -> None:
    p = add_command(rosters, "repin", cmd_roster_repin,
                    _("sustituye la raíz institucional cuya clave se perdió, sin su firma: la nueva raíz firma "
                      "la nueva versión (--new-root) y cada computadora la incorpora (--from)"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--new-root", metavar=_("PERSONA"),
                       help=_("la directora o el director que pasa a ser la raíz y firma aquí la nueva versión"))
    which.add_argument("--from", dest="source", metavar=_("ARCHIVO"),
                       help=_("la nómina que exportó la nueva raíz (npmdesk roster export)"))
    p.add_argument("--code", metavar=_("CÓDIGO"),
                   help=_("código de la nueva raíz (doce grupos de cinco cifras), que ella le lee; nunca "
                          "copiado del archivo"))
    p.add_argument("--personal-passphrase-file", metavar=_("ARCHIVO"),
                   help=_("lee la frase personal de la nueva raíz de la primera línea de ARCHIVO"))
    p.add_argument("--yes", action="store_true", help=_("confirma la sustitución sin preguntar"))
