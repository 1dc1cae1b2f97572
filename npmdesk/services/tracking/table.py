"""The recommendations with their status history and the authorities' responses as tables for
other systems (CSV, XLSX), on fields aligned with SIMORE-style trackers: mechanism, year,
place and type of place, geographic reach, responsible institution, theme, population, type
of measure, level of compliance. The columns are documented in docs/exportacion-recomendaciones.md;
headers and labels are always Spanish (es_), whatever the interface language, so a file's
columns do not depend on who exported it.
"""

from pathlib import Path

from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import model, tracking, vocabulary as v
from npmdesk.errors import NpmdeskError
from npmdesk.export import spreadsheet as tables
from npmdesk.export.safe_file import atomic_target
from npmdesk.i18n import N_, es_
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records

RECOMMENDATION_COLUMNS = (
    N_("Identificador"), N_("Texto"), N_("Origen"), N_("Documento de origen"), N_("Fecha de emisión"),
    N_("Año"), N_("Lugar"), N_("Tipo de lugar"), N_("Provincia"), N_("Autoridad destinataria"),
    N_("Área temática"), N_("Grupos de población"), N_("Nivel"), N_("Prioridad"), N_("Plazo"),
    N_("Estado actual"), N_("Fecha del estado actual"), N_("Reitera a"), N_("Fecha de la visita"),
    N_("Cambios de estado"), N_("Historial"), N_("Respuestas"))
HISTORY_COLUMNS = (
    N_("Recomendación"), N_("Fecha"), N_("Estado"), N_("Fundamento"), N_("Motivo"),
    N_("Fecha de la visita"), N_("Respuesta"), N_("Registrado por"), N_("Registrado el"),
    N_("Identificador de la entrada"))
RESPONSE_COLUMNS = (
    N_("Identificador"), N_("Autoridad"), N_("Fecha de recepción"), N_("Referencia"), N_("Medio"),
    N_("Texto"), N_("Recomendaciones"), N_("Documento adjunto"))
PLAN_COLUMNS = (N_("Respuesta"), N_("Recomendación"), N_("Compromiso"), N_("Fecha comprometida"))


class UnknownExportFormat(NpmdeskError):
    template = N_("El archivo de destino debe terminar en .csv o .xlsx.")


def _label(vocab: dict, code: str) -> str:
    return es_(vocab[code]) if code in vocab else code


def _context(conn):
    places = {p.id: p for p in records.select(conn, model.Place)}
    visits = {x.id: x for x in records.select(conn, model.Visit)}
    numbers: dict[str, str] = {}
    for report in records.select(conn, model.Report, None, "number"):
        if report.number and report.visit_id and report.visit_id not in numbers:
            numbers[report.visit_id] = report.number
    return places, visits, numbers


def _history_text(entry: model.StatusChange) -> str:
    text = "{date} {status} ({basis}; {who})".format(
        date=entry.date, status=_label(v.REC_STATUSES, entry.status),
        basis=_label(v.REC_BASES, entry.basis), who=entry.actor_name or "—")
    return text + (": " + entry.reason if entry.reason else "")


def build(session: Session) -> list[tables.Table]:
    """[Recomendaciones, Historial, Respuestas, Plan de acción]; the first one is the CSV."""
    with session.case.lock:
        conn = session.case.conn
        places, visits, numbers = _context(conn)
        recs = records.select(conn, model.Recommendation, None, "issued_on, id")
        responses = records.select(conn, model.AuthorityResponse)
        attachments = {a.id: a for a in records.select(conn, model.Attachment)}
    by_rec: dict[str, list[model.AuthorityResponse]] = {}
    for response in responses:
        for rec_id in response.recommendation_ids:
            by_rec.setdefault(rec_id, []).append(response)
    references = {r.id: r.reference or r.date for r in responses}
    main, entries = [], []
    for rec in recs:
        visit = visits.get(rec.visit_id) if rec.visit_id else None
        place = places.get(rec.place_id or (visit.place_id if visit else ""))
        ordered = tracking.ordered(rec.history)
        last = ordered[-1] if ordered else None
        answered = sorted(by_rec.get(rec.id, []), key=lambda r: (r.date, r.id))
        main.append([
            rec.id, rec.text, _label(v.REC_SOURCES, rec.source),
            rec.source_ref or numbers.get(rec.visit_id or "", ""), rec.issued_on, rec.issued_on[:4],
            place.name if place else "", _label(v.PLACE_KINDS, rec.place_kind or (place.kind if place else "")),
            place.province if place else "", rec.authority, _label(v.THEMATIC_AREAS, rec.area),
            ", ".join(_label(v.VULNERABLE_GROUPS, g) for g in rec.population_groups),
            _label(v.REC_LEVELS, rec.level), _label(v.REC_PRIORITIES, rec.priority), rec.deadline,
            _label(v.REC_STATUSES, tracking.current_status(rec)), last.date if last else "",
            rec.repeats_id or "", visit.start_date if visit else "", str(len(ordered)),
            " | ".join(_history_text(e) for e in ordered),
            " | ".join(f"{r.date} {r.reference}: {r.text}".strip() for r in answered)])
        for e in ordered:
            seen = visits.get(e.visit_id) if e.visit_id else None
            entries.append([rec.id, e.date, _label(v.REC_STATUSES, e.status), _label(v.REC_BASES, e.basis),
                            e.reason, seen.start_date if seen else "", references.get(e.response_id or "", ""),
                            e.actor_name, e.recorded_at, e.id])
    answers, plan = [], []
    for r in responses:
        document = attachments.get(r.attachment_id) if r.attachment_id else None
        answers.append([r.id, r.authority, r.date, r.reference, _label(v.RESPONSE_MEANS, r.means), r.text,
                        ", ".join(r.recommendation_ids), document.filename if document else ""])
        plan += [[r.id, c.recommendation_id or "", c.text, c.due_date] for c in r.commitments]
    return [tables.Table(es_("Recomendaciones"), [es_(h) for h in RECOMMENDATION_COLUMNS], main),
            tables.Table(es_("Historial"), [es_(h) for h in HISTORY_COLUMNS], entries),
            tables.Table(es_("Respuestas"), [es_(h) for h in RESPONSE_COLUMNS], answers),
            tables.Table(es_("Plan de acción"), [es_(h) for h in PLAN_COLUMNS], plan)]


def export(session: Session, path) -> Path:
    """Write the recommendations to `path` (.csv: the first table; .xlsx: every table, one
    sheet each), whole or not at all, and record the export with the file's SHA-256."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".csv", ".xlsx"):
        raise UnknownExportFormat(kind)
    built = build(session)
    data = tables.csv_bytes(built[0]) if kind == ".csv" else tables.xlsx_bytes(built)
    with atomic_target(path, suffix=kind) as handle:
        handle.write(data)
    with session.case.transaction() as conn:
        audit_log.append(conn, session.actor.id, session.actor.name, "exportar_recomendaciones", "case",
                         session.case.meta("case_id"), sha256_hex(data))
    return path
