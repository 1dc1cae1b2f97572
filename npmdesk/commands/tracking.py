"""`npmdesk stats CASE --year N [--json]`: the statistics of a year, as Spanish tables or as
the JSON documented in docs/estadisticas.md; `npmdesk annual-report CASE --year N -o FILE.docx`:
the annual report; `npmdesk letters CASE REPORT -o FOLDER`: the letters to the authorities,
recorded in the case file (with `--sent DATE --means M`, when and how they went out);
`npmdesk corrections CASE REPORT --authority A -o FILE.docx`: the draft for factual corrections
to one authority, then `--sent DATE --means M` and `--reply DATE [--text T] [--document FILE]
[--comments]`."""

import json
from datetime import date
from pathlib import Path

from npmdesk.commands.common import UserError, add_command, open_session, out
from npmdesk.domain.vocabulary import FIRST_YEAR, LAST_YEAR, LETTER_MEANS
from npmdesk.i18n import _, ngettext


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
        out(_("Es un borrador hasta que se aprueben las partes redactadas del informe anual {year} "
              "(«npmdesk report annual», o Editar → Nuevo → Informe anual… en la ventana).").format(year=year))
    return 0


def cmd_letters(args) -> int:
    from npmdesk.services.archive import letters
    from npmdesk.services.tracking import dialogue
    if not args.output and not args.sent:
        raise UserError(_("Indique -o CARPETA para escribir los oficios, o --sent FECHA para registrar su envío."))
    if bool(args.sent) != bool(args.means):
        raise UserError(_("Indique juntos la fecha de envío (--sent) y el medio (--means)."))
    sent = checked_day(args.sent) if args.sent else ""
    folder = Path(args.output) if args.output else None
    if folder is not None and not folder.is_dir():
        raise UserError(_("No existe la carpeta «{folder}».").format(folder=folder))
    if not 1 <= args.due_days <= 365:
        raise UserError(_("El plazo de respuesta debe estar entre 1 y 365 días."))
    session = open_session(args)
    try:
        written = letters.write_letters(session, args.report, folder, args.due_days) if folder else []
        marked = dialogue.mark_sent(session, args.report, sent, args.means) if sent else []
    finally:
        session.close()
    for item in written:
        out(_("Oficio para {authority} (recomendaciones {numbers}; respuesta antes del {due}): {path}").format(
            authority=item.authority, numbers=", ".join(map(str, item.numbers)), due=item.due, path=item.path))
    for letter in marked:
        out(_("Oficio para {authority} enviado el {date} ({means}).").format(
            authority=letter.authority, date=letter.sent_on, means=_(LETTER_MEANS[letter.means])))
    return 0


def cmd_corrections(args) -> int:
    """The draft for factual corrections to one authority: written (-o), sent (--sent, --means),
    its reply logged (--reply DATE, --text, --document, --comments)."""
    from npmdesk.services.tracking import corrections, dialogue
    chosen = [bool(args.output), bool(args.sent), bool(args.reply)]
    if sum(chosen) != 1:
        raise UserError(_("Indique una sola cosa: -o ARCHIVO.docx para escribir el borrador, --sent FECHA "
                          "para registrar su envío o --reply FECHA para registrar la respuesta."))
    if bool(args.sent) != bool(args.means):
        raise UserError(_("Indique juntos la fecha de envío (--sent) y el medio (--means)."))
    if (args.text or args.document or args.comments) and not args.reply:
        raise UserError(_("--text, --document y --comments acompañan a --reply."))
    if args.comments and not args.document:
        raise UserError(_("--comments importa los comentarios del documento: indique --document ARCHIVO.docx."))
    target = Path(args.output) if args.output else None
    if target is not None and (target.suffix.lower() != ".docx" or not target.parent.is_dir()):
        raise UserError(_("El archivo de destino debe terminar en .docx, en una carpeta que exista."))
    document = Path(args.document) if args.document else None
    if document is not None and not document.is_file():
        raise UserError(_("No existe el archivo «{name}».").format(name=document))
    sent = checked_day(args.sent) if args.sent else ""
    reply = checked_day(args.reply) if args.reply else ""
    session = open_session(args)
    try:
        if target is not None:
            draft = corrections.write_draft(session, args.report, args.authority, target, args.due_days)
            out(_("Borrador para correcciones fácticas para {authority} (correcciones antes del {due}): "
                  "{path}").format(authority=draft.letter.authority, due=draft.letter.response_due, path=draft.path))
            return 0
        letter = corrections.latest_draft(session, args.report, args.authority)
        if sent:
            dialogue.send_letter(session, letter.id, sent, args.means)
            out(_("Borrador para {authority} enviado el {date} ({means}).").format(
                authority=letter.authority, date=sent, means=_(LETTER_MEANS[args.means])))
            return 0
        result = corrections.record_reply(session, letter.id, reply, args.text or "", document, args.comments)
    finally:
        session.close()
    out(_("Respuesta de {authority} del {date} registrada.").format(authority=letter.authority, date=reply))
    if result.remarks is not None:
        out(ngettext("{count} observación añadida al informe; el texto de las secciones no cambió.",
                     "{count} observaciones añadidas al informe; el texto de las secciones no cambió.",
                     len(result.remarks.observations)).format(count=len(result.remarks.observations)))
        for line in result.remarks.unplaced:
            out(_("Sin sección del informe a la que anclarlo: {what}").format(what=line))
    return 0


def checked_day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UserError(_("La fecha «{date}» no es válida (use AAAA-MM-DD).").format(date=text[:40])) from None


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
    p = add_command(sub, "letters", cmd_letters,
                    _("escribe en Word un oficio por autoridad con sus recomendaciones de un informe aprobado"))
    p.add_argument("report", metavar=_("INFORME"), help=_("identificador del informe"))
    p.add_argument("-o", "--output", metavar=_("CARPETA"), help=_("carpeta de destino de los oficios"))
    p.add_argument("--sent", metavar=_("FECHA"),
                   help=_("registra que los oficios aún no enviados del informe salieron ese día (AAAA-MM-DD)"))
    p.add_argument("--means", choices=sorted(LETTER_MEANS), help=_("medio de envío"))
    p.add_argument("--due-days", type=int, default=30, metavar=_("DÍAS"),
                   help=_("días para responder (30 si no se indica)"))
    p = add_command(sub, "corrections", cmd_corrections,
                    _("borrador del informe para correcciones fácticas de una autoridad: escribirlo, registrar "
                      "su envío y su respuesta"))
    p.add_argument("report", metavar=_("INFORME"), help=_("identificador del informe"))
    p.add_argument("--authority", required=True, metavar=_("AUTORIDAD"), help=_("autoridad destinataria"))
    p.add_argument("-o", "--output", metavar=_("ARCHIVO.docx"), help=_("escribe el borrador en este documento"))
    p.add_argument("--due-days", type=int, default=15, metavar=_("DÍAS"),
                   help=_("días para enviar las correcciones (15 si no se indica)"))
    p.add_argument("--sent", metavar=_("FECHA"), help=_("registra que el borrador salió ese día (AAAA-MM-DD)"))
    p.add_argument("--means", choices=sorted(LETTER_MEANS), help=_("medio de envío"))
    p.add_argument("--reply", metavar=_("FECHA"), help=_("registra la respuesta de la autoridad de ese día"))
    p.add_argument("--text", metavar=_("TEXTO"), help=_("texto o resumen de la respuesta"))
    p.add_argument("--document", metavar=_("ARCHIVO"), help=_("documento de la respuesta (se guarda cifrado)"))
    p.add_argument("--comments", action="store_true",
                   help=_("importa los comentarios de Word del documento como observaciones del informe"))
