"""`npmdesk recommendations CASE --csv FILE | --xlsx FILE`: the recommendations with their
status history and the authorities' responses, for other systems (docs/exportacion-recomendaciones.md);
`--import FILE`: another body's recommendations from CSV or JSON (docs/importacion-recomendaciones.md)."""

from pathlib import Path

from npmdesk.commands.common import UserError, add_command, open_session, out
from npmdesk.i18n import _


def cmd_import(args) -> int:
    from npmdesk.services.tracking import external
    session = open_session(args)
    try:
        try:
            summary = external.import_file(session, Path(args.import_file))
        except external.ExternalImportRefused as refused:
            for problem in refused.problems:
                out(problem)
            raise UserError(_("No se importó nada de «{name}»: revise las filas indicadas.").format(
                name=Path(args.import_file).name) if refused.problems else refused.message()) from refused
    finally:
        session.close()
    out(_("Recomendaciones importadas: {added}; ya estaban en el expediente: {skipped}.").format(
        added=len(summary.added), skipped=summary.skipped))
    return 0


def cmd_recommendations(args) -> int:
    if args.import_file:
        return cmd_import(args)
    from npmdesk.services.tracking import table
    target = Path(args.csv or args.xlsx)
    wanted = ".csv" if args.csv else ".xlsx"
    if target.suffix.lower() != wanted:
        raise UserError(_("El archivo de destino debe terminar en {suffix}.").format(suffix=wanted))
    if not target.parent.is_dir():
        raise UserError(_("No existe la carpeta «{folder}».").format(folder=target.parent))
    session = open_session(args)
    try:
        table.export(session, target)
    finally:
        session.close()
    out(_("Recomendaciones exportadas: {path}").format(path=target))
    return 0


def register(sub) -> None:
    p = add_command(sub, "recommendations", cmd_recommendations,
                    _("exporta las recomendaciones, su historial de estado y las respuestas (CSV o XLSX), "
                      "o importa las de otros órganos"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--csv", metavar=_("ARCHIVO"), help=_("archivo .csv de destino"))
    where.add_argument("--xlsx", metavar=_("ARCHIVO"), help=_("libro .xlsx de destino"))
    where.add_argument("--import", dest="import_file", metavar=_("ARCHIVO"),
                       help=_("importa recomendaciones de otros órganos desde un .csv o .json"))
