"""`npmdesk report new CASE VISIT [--template KEY]`, `npmdesk report annual CASE --year N
[--template KEY]` (the annual report's written parts), `npmdesk report import CASE VISIT FILE.docx
[--template KEY]`, `npmdesk report comments CASE REPORT FILE.docx [--authority NAME]`,
`npmdesk report migrate CASE FOLDER [--place P] [--date D]` and `npmdesk templates [CASE] [--import FILE]`."""

from pathlib import Path

from npmdesk.commands.common import UserError, open_session
from npmdesk.commands.common import add_command, out, passphrase_option
from npmdesk.i18n import _, ngettext


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


def cmd_report_annual(args) -> int:
    """The «informe anual» of a year: its written parts, drafted and approved like any report;
    `annual-report` prints them with the year's figures."""
    from npmdesk.commands.tracking import checked_year
    from npmdesk.domain import model
    from npmdesk.services.records import edit as records
    from npmdesk.services.drafting import reports
    year = checked_year(args.year)
    session = open_session(args)
    try:
        report = reports.create_annual_report(session, year, args.template or "")
        count = len(records.select(session, model.Section, report_id=report.id))
    finally:
        session.close()
    out(_("Informe anual {year} ({number}) creado con {count} secciones para redactar: {id}").format(
        year=year, number=report.number, count=count, id=report.id))
    return 0


def cmd_report_import(args) -> int:
    """A .docx as a new report of the visit, each heading matched to the template's sections by
    title (the GUI lets the user change the mapping first; here the proposal is applied)."""
    from npmdesk.domain import model
    from npmdesk.errors import NotFound
    from npmdesk.services.importing import mapping, report_import
    from npmdesk.services.records import edit as records
    session = open_session(args)
    try:
        try:
            records.get(session, model.Visit, args.visit)
        except NotFound:
            raise UserError(_("No existe la visita «{visit}»; véala con «npmdesk list {case}».").format(
                visit=args.visit[:40], case=args.case)) from None
        plan = report_import.prepare(session, args.visit, Path(args.file), args.template or "")
        titles = {t.key: t.title for t in plan.targets}
        for part, choice in zip(plan.document.parts, plan.choices):
            heading = part.heading or _("(antes del primer título)")
            target = (_("con la sección anterior") if choice == mapping.CONTINUE
                      else _("no se importa") if choice == mapping.SKIP else titles[choice])
            out(_("«{heading}» → {target}").format(heading=heading[:80], target=target))
        result = report_import.apply(session, args.visit, plan)
    finally:
        session.close()
    for line in result.left_out:
        out(_("No importado: {what}").format(what=line))
    for passage in result.passages:
        out(_("Atención, {where}: «{excerpt}» {reason}").format(
            where=passage.where, excerpt=passage.excerpt, reason=passage.reason))
    out(_("Informe {number} importado de «{name}»: {count} secciones con texto, {images} imágenes como "
          "adjuntos: {id}").format(number=result.report.number, name=Path(args.file).name, count=result.sections,
                                   images=len(result.attachments), id=result.report.id))
    return 0


def cmd_report_comments(args) -> int:
    """An authority's answer to a report: its Word comments and tracked changes as observations
    (signed by the case file's owner, who opens it here), the section text unchanged."""
    from npmdesk.domain import model
    from npmdesk.errors import NotFound
    from npmdesk.services.importing import comments
    from npmdesk.services.records import edit as records
    session = open_session(args)
    try:
        try:
            records.get(session, model.Report, args.report)
        except NotFound:
            raise UserError(_("No existe el informe «{report}»; véalo con «npmdesk list {case}».").format(
                report=args.report[:40], case=args.case)) from None
        result = comments.import_remarks(session, args.report, Path(args.file), args.authority or "")
    finally:
        session.close()
    for line in result.unplaced:
        out(_("Sin sección del informe a la que anclarlo: {what}").format(what=line))
    count = len(result.observations)
    out(ngettext("{count} observación añadida de «{name}»; el texto de las secciones no cambió.",
                 "{count} observaciones añadidas de «{name}»; el texto de las secciones no cambió.",
                 count).format(count=count, name=Path(args.file).name))
    return 0


def cmd_report_migrate(args) -> int:
    """A folder of past reports as historical reports («importado») of their visits, with the
    recommendation tables as records (the columns matched by their headings)."""
    import datetime
    from npmdesk.domain import model
    from npmdesk.services.importing import archive
    from npmdesk.services.records import edit as records
    labels = {"text": _("texto"), "authority": _("autoridad"), "priority": _("prioridad"),
              "deadline": _("plazo"), archive.IGNORE: _("no se importa")}
    session = open_session(args)
    try:
        if args.date:
            try:
                datetime.date.fromisoformat(args.date)
            except ValueError:
                raise UserError(_("La fecha «{date}» no es válida (use AAAA-MM-DD).").format(date=args.date[:20])) from None
        place = None
        if args.place:
            found = [p for p in records.select(session, model.Place) if p.id == args.place or p.name == args.place]
            if not found:
                raise UserError(_("No existe el lugar «{place}»; véalo con «npmdesk list {case}».").format(
                    place=args.place[:60], case=args.case))
            place = found[0]
        survey = archive.survey(session, Path(args.folder), args.template or "visita")
        names = {p.id: p.name for p in records.select(session, model.Place)}
        for candidate in survey.candidates:
            candidate.place_id = candidate.place_id or (place.id if place else None)
            candidate.date = candidate.date or args.date or ""
            out(_("«{name}»: lugar {place}, fecha {date}").format(
                name=candidate.path.name, place=names.get(candidate.place_id, "—"), date=candidate.date or "—"))
            for table in candidate.tables:
                out("  " + _("Tabla de recomendaciones: {columns}").format(columns=", ".join(
                    _("{header} → {field}").format(header=h, field=labels[c]) for h, c in zip(table.header, table.columns))))
        result = archive.migrate(session, survey)
    finally:
        session.close()
    for line in survey.refused + result.skipped:
        out(_("No importado: {what}").format(what=line))
    out(_("{reports} informes históricos importados (estado «importado»), {recommendations} recomendaciones.").format(
        reports=len(result.reports), recommendations=result.recommendations))
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
    yearly = add_command(actions, "annual", cmd_report_annual,
                         _("crea el informe anual de un año: las partes que el equipo redacta y aprueba"))
    yearly.add_argument("--year", type=int, required=True, metavar=_("AÑO"), help=_("año del informe"))
    yearly.add_argument("--template", metavar=_("CLAVE"),
                        help=_("plantilla a usar (véalas con «templates»); por defecto, «anual»"))
    imported = add_command(actions, "import", cmd_report_import,
                           _("crea un informe de una visita con el texto de un documento de Word (.docx)"))
    imported.add_argument("visit", metavar=_("VISITA"), help=_("identificador de la visita (véalo con «list»)"))
    imported.add_argument("file", metavar=_("ARCHIVO.docx"), help=_("el documento de Word que se importa"))
    imported.add_argument("--template", metavar=_("CLAVE"),
                          help=_("plantilla a usar (véalas con «templates»); por defecto, según el tipo de visita"))
    remarks = add_command(actions, "comments", cmd_report_comments,
                          _("añade como observaciones los comentarios y cambios propuestos de un documento de Word"))
    remarks.add_argument("report", metavar=_("INFORME"), help=_("identificador del informe (véalo con «list»)"))
    remarks.add_argument("file", metavar=_("ARCHIVO.docx"), help=_("la respuesta en Word, con comentarios"))
    remarks.add_argument("--authority", metavar=_("AUTORIDAD"),
                         help=_("autoridad que responde (figura en cada observación); por defecto, el autor "
                                "de cada comentario"))
    migrate = add_command(actions, "migrate", cmd_report_migrate,
                          _("importa una carpeta de informes anteriores en Word como informes históricos"))
    migrate.add_argument("folder", metavar=_("CARPETA"), help=_("carpeta con los documentos .docx"))
    migrate.add_argument("--place", metavar=_("LUGAR"),
                         help=_("lugar (identificador o nombre) de los informes cuya portada no lo dice"))
    migrate.add_argument("--date", metavar=_("AAAA-MM-DD"),
                         help=_("fecha de la visita de los informes cuya portada no la dice"))
    migrate.add_argument("--template", metavar=_("CLAVE"), help=_("plantilla de las secciones (por defecto, «visita»)"))
    listing = sub.add_parser("templates", help=_("lista las plantillas de informe o importa una"),
                             description=_("lista las plantillas de informe o importa una"))
    listing.add_argument("case", nargs="?", metavar=_("EXPEDIENTE"),
                         help=_("expediente cuyas plantillas importadas se listan también"))
    listing.add_argument("--import", dest="import_file", metavar=_("ARCHIVO"),
                         help=_("importa al expediente una plantilla JSON de la institución"))
    passphrase_option(listing)
    listing.set_defaults(handler=cmd_templates)
