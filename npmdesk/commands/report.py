"""`npmdesk report new CASE VISIT [--template KEY]` and `npmdesk templates [CASE] [--import FILE]`."""

from pathlib import Path

from npmdesk.commands.common import UserError, open_session
from npmdesk.commands.common import add_command, out, passphrase_option
from npmdesk.i18n import _


def cmd_report_new(args) -> int:
    from npmdesk.domain import model
    from npmdesk.errors import NotFound
    from npmdesk.services.records import edit as records
    from npmdesk.services.drafting import reports
    session = open_session(args)
    try:
        try:
            records.get(session, model.Visit, args.visit)
        except NotFound:
            raise UserError(_("No existe la visita «{visit}»; véala con «npmdesk list {case}».").format(
                visit=args.visit[:40], case=args.case)) from None
        report = reports.create_report(session, args.visit, args.template or "")
        count = len(records.select(session, model.Section, report_id=report.id))
    finally:
        session.close()
    out(_("Informe {number} creado con {count} secciones: {id}").format(
        number=report.number, count=count, id=report.id))
    return 0


def cmd_templates(args) -> int:
    from npmdesk.services.drafting import templates
    session = open_session(args) if args.case else None
    try:
        if args.import_file:
            if session is None:
                raise UserError(_("Para importar una plantilla indique el expediente."))
            template = templates.import_template(session, Path(args.import_file))
            out(_("Plantilla importada: {key} — {name}").format(key=template.key, name=template.name))
            from npmdesk.domain.templates import placement_warnings
            for warning in placement_warnings(template):
                out(_("Aviso: {warning}").format(warning=warning))
        for key, template in templates.available(session).items():
            count = sum(1 for _item in template.walk())
            out(_("{key}  {name} ({count} secciones)").format(key=key, name=template.name, count=count))
    finally:
        if session is not None:
            session.close()
    return 0


def register(sub) -> None:
    report = sub.add_parser("report", help=_("informes de una visita"), description=_("informes de una visita"))
    actions = report.add_subparsers(dest="action", metavar=_("ACCIÓN"), required=True)
    new = add_command(actions, "new", cmd_report_new,
                      _("crea un informe de una visita a partir de una plantilla"))
    new.add_argument("visit", metavar=_("VISITA"), help=_("identificador de la visita (véalo con «list»)"))
    new.add_argument("--template", metavar=_("CLAVE"),
                     help=_("plantilla a usar (véalas con «templates»); por defecto, según el tipo de visita"))
    listing = sub.add_parser("templates", help=_("lista las plantillas de informe o importa una"),
                             description=_("lista las plantillas de informe o importa una"))
    listing.add_argument("case", nargs="?", metavar=_("EXPEDIENTE"),
                         help=_("expediente cuyas plantillas importadas se listan también"))
    listing.add_argument("--import", dest="import_file", metavar=_("ARCHIVO"),
                         help=_("importa al expediente una plantilla JSON de la institución"))
    passphrase_option(listing)
    listing.set_defaults(handler=cmd_templates)
