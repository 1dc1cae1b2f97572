"""`npmdesk stats CASE --year N [--json]`: the statistics of a year, as Spanish tables or as
the JSON documented in docs/estadisticas.md; `npmdesk annual-report CASE --year N -o FILE.docx`:
the annual report."""

import json
from pathlib import Path

from npmdesk.commands.common import UserError, add_command, open_session, out
from npmdesk.i18n import _

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the MNPT was created in 2017; anything outside is a typo


def checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserError(_("El año debe estar entre {first} y {last}.").format(first=FIRST_YEAR, last=LAST_YEAR))
    return year


def cmd_stats(args) -> int:
    from npmdesk.export import spanish
    from npmdesk.services.tracking import statistics, stats_tables
    period = statistics.Period.year(checked_year(args.year))
    session = open_session(args, read_only=True)
    try:
        stats = statistics.compute(session, period)
    finally:
        session.close()
    if args.json:
        out(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    out(_("Estadísticas del {start} al {end}").format(start=spanish.long_date(period.start),
                                                      end=spanish.long_date(period.end)))
    for table in stats_tables.tables(stats):
        out()
        out(stats_tables.as_text(table))
    return 0


def cmd_annual_report(args) -> int:
    from npmdesk.services.archive import annual
    year = checked_year(args.year)
    target = Path(args.output)
    if target.suffix.lower() != ".docx":
        raise UserError(_("El archivo de destino debe terminar en .docx."))
    if not target.parent.is_dir():
        raise UserError(_("No existe la carpeta «{folder}».").format(folder=target.parent))
    session = open_session(args)
    try:
        result = annual.export_annual(session, year, target, override=args.override_disclosure)
    except annual.DisclosureFound as error:
        raise UserError(_("Informe anual no escrito: {count} pasaje(s) podrían identificar a personas "
                          "entrevistadas.").format(count=error.fields["count"]))
    finally:
        session.close()
    out(_("Informe anual {year} escrito: {path}").format(year=year, path=result.path))
    if result.draft:
        out(_("Es un borrador: la presentación, los desafíos y las prioridades aún no están redactados."))
    return 0


def register(sub) -> None:
    p = add_command(sub, "stats", cmd_stats, _("estadísticas de un año: visitas, entrevistas, "
                                               "alegaciones, recomendaciones y su cumplimiento"))
    p.add_argument("--year", type=int, required=True, metavar=_("AÑO"), help=_("año del período"))
    p.add_argument("--json", action="store_true", help=_("escribe el resultado en JSON"))
    p = add_command(sub, "annual-report", cmd_annual_report,
                    _("escribe el informe anual de un año en Word (artículo 23 del Protocolo Facultativo)"))
    p.add_argument("--year", type=int, required=True, metavar=_("AÑO"), help=_("año del informe"))
    p.add_argument("-o", "--output", required=True, metavar=_("ARCHIVO.docx"), help=_("documento de destino"))
    p.add_argument("--override-disclosure", action="store_true",
                   help=_("escribe a pesar de los avisos de identificación (solo director/a; queda en la bitácora)"))
