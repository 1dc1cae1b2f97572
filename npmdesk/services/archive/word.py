"""Exporting a report to Word: gather only report text, write it in memory, check exactly
what was written for disclosures, then put it on disk.

The export reads sections, findings, recommendations and attachments marked for
export. It never reads interview notes, field notes or real identities — interviews
are used only to look for names and codes that must not appear (services/disclosure.py,
over the whole case file), and, in the annex, as counts. While the disclosure check finds
anything the export refuses unless a person with the director role overrides it; the
override is recorded in the bitácora.
"""

from dataclasses import dataclass
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model, vocabulary
from npmdesk.domain.templates import DATA_BLOCK
from npmdesk.errors import NpmdeskError
from npmdesk.export import layout as toc_layout
from npmdesk.export import spanish, toc, writer
from npmdesk.export.content import ImageOut, RecommendationOut, ReportOut
from npmdesk.i18n import N_, es_
from npmdesk.services.archive import disclosure
from npmdesk.services.archive import anchor, closing, structure
from npmdesk.services.drafting import templates
from npmdesk.services.records import findings as finding_refs
from npmdesk.services.session import Session
from npmdesk.services.team.institution import institution
from npmdesk.storage import audit_log, records

FINAL_STATES = set(vocabulary.FINAL_REPORT_STATES)


class DisclosureFound(NpmdeskError):
    template = N_("El informe contiene {count} pasaje(s) que podrían identificar a personas entrevistadas. "
                  "Corríjalos o pida a la dirección que autorice la exportación.")


class OverrideNotAllowed(NpmdeskError):
    template = N_("Solo una persona con el rol de director/a puede autorizar la exportación con avisos de "
                  "identificación pendientes.")


class ExportFailed(NpmdeskError):
    template = N_("No se pudo escribir el documento: {reason}")


class AnnualReportExport(NpmdeskError):
    template = N_("El informe anual {year} se escribe con sus cifras del año: Ver → Estadísticas → «Informe "
                  "anual…», o «npmdesk annual-report EXPEDIENTE --year {year} -o ARCHIVO.docx».")


class ExportCancelled(NpmdeskError):
    template = N_("Exportación cancelada. No se ha escrito ningún archivo.")


@dataclass(frozen=True)
class ExportResult:
    """What the archive bundle's manifest will need: the file, its SHA-256 and what it was."""
    path: Path
    sha256: str
    draft: bool
    overridden: int  # disclosure warnings a director overrode (0 when none)
    toc_pages: bool = False  # whether the TOC carries page numbers (the layout pass ran)


def labels() -> dict[str, str]:
    """The fixed texts of an exported report, in Spanish whatever the interface language."""
    return {
        "number": es_("Número"), "place": es_("Lugar"), "dates": es_("Fechas de la visita"),
        "classification": es_("Clasificación"), "toc": es_("Índice"),
        "toc_pending": es_("Los números de página de este índice los completa Word al abrir el documento "
                           "(acepte «actualizar los campos») o al pulsar F9 sobre él."),
        "toc_hint": es_("Actualice el índice para ver su contenido (clic derecho › Actualizar campo)."),
        "page_of": es_("Página {page} de {pages}"), "no_recommendations": es_("No se formulan recomendaciones."),
        "col_number": es_("N.º"), "col_text": es_("Recomendación"), "col_authority": es_("Autoridad"),
        "col_priority": es_("Prioridad"), "col_deadline": es_("Plazo"),
        "aggregates": es_("Personas y lugares: datos agregados"), "images": es_("Imágenes"),
        # TRANSLATORS: the columns of the annex's table of aggregate figures (what is counted, how many).
        "col_item": es_("Concepto"), "col_count": es_("Cantidad"),
        "figure": es_("Imagen {n}."), "image_unreadable": es_("(imagen no legible)"),
        "where_header": es_("Encabezado y pie de página"), "where_anchor": es_("Ancla de la bitácora"),
        "empty": es_("Sin contenido."),
        # TRANSLATORS: a recommendation printed in bold after the finding it follows from.
        "rec_in_place": es_("Recomendación {n}."),
        # TRANSLATORS: under a recommendation's number in the table: the paragraph where it stands.
        "rec_paragraph": es_("párr. {n}"), "where_closing": es_("Cierre del informe"), "closing_addressees": es_("Se dirige a:"),
        "integrity_title": es_("Constancia de integridad"),
        "integrity_intro": es_("Esta página no forma parte del texto del informe ni es su firma. Permite "
                               "comprobar más adelante que el expediente del que salió este documento no ha "
                               "sido alterado."),
        "integrity_code": es_("Código de control"),
        "integrity_proves": es_("Qué prueba"),
        "integrity_proves_text": es_(
            "El expediente del MNPT lleva una bitácora: cada cambio queda anotado y encadenado al anterior. "
            "El código de control resume la bitácora tal como estaba al exportar este documento. Si después "
            "se elimina o se reescribe cualquiera de esas entradas, el código deja de coincidir con el "
            "expediente. El código no es la firma del informe ni la sustituye."),
        "integrity_check": es_("Cómo comprobarlo"),
        "integrity_check_text": es_(
            "Con npmdesk, en un equipo que tenga el expediente: «npmdesk anchor-check EXPEDIENTE "
            "este-documento.docx» compara este código con la bitácora. Un paquete de archivo del informe "
            "(el documento, su aprobación y las firmas) se comprueba sin el expediente con «npmdesk verify "
            "PAQUETE.zip»."),
        "integrity_root": es_("Raíz de las firmas"),
    }


def _load(session: Session, report_id: str):
    with session.case.lock:
        conn = session.case.conn
        report = records.get(conn, model.Report, report_id)
        if not report.visit_id:
            raise AnnualReportExport(year=report.year)
        visit = records.get(conn, model.Visit, report.visit_id)
        place = records.get(conn, model.Place, visit.place_id)
        sections = records.select(conn, model.Section, {"report_id": report_id}, "position")
        findings = records.select(conn, model.Finding, {"visit_id": visit.id})
        recs = records.select(conn, model.Recommendation, {"visit_id": visit.id})
        interviews = records.select(conn, model.Interview, {"visit_id": visit.id})
        attachments = [a for a in records.select(conn, model.Attachment, {"visit_id": visit.id})
                       if a.include_in_export]
    return report, visit, place, sections, findings, recs, interviews, attachments


def _aggregates(visit, interviews) -> list[tuple[str, str]]:
    rows = [(es_("Entrevistas individuales en privado"),
             spanish.number(sum(1 for i in interviews if i.kind != "grupal"))),
            (es_("Entrevistas grupales"), spanish.number(sum(1 for i in interviews if i.kind == "grupal")))]
    for sex, label in vocabulary.SEXES.items():
        count = sum(1 for i in interviews if i.sex == sex)
        if count:
            rows.append((es_("Entrevistas: {group}").format(group=es_(label)), spanish.number(count)))
    if visit.population is not None:
        rows.append((es_("Población el día de la visita"), spanish.number(visit.population)))
    return rows


def _numbering(session: Session, template_key: str) -> tuple[bool, frozenset[str]]:
    """The report's template's choice: whether paragraphs are numbered, and the keys of the
    sections left out; a template no longer at hand numbers all but the data block (the default)."""
    try:
        template = templates.get(session, template_key) if template_key else None
    except NpmdeskError:
        template = None
    if template is None:
        return True, frozenset({DATA_BLOCK})
    return template.numbered_paragraphs, frozenset(template.unnumbered_keys())


def build_content(session: Session, report_id: str) -> tuple[ReportOut, list[model.Interview]]:
    report, visit, place, sections, findings, recs, interviews, attachments = _load(session, report_id)
    draft = report.state not in FINAL_STATES
    content = ReportOut(
        institution=institution(session).heading, title=report.title, number=report.number,
        place=place.name, dates=spanish.date_range(visit.start_date, visit.end_date),
        classification=report.classification, draft=draft, draft_mark=es_("BORRADOR"),
        report_kind=es_(vocabulary.REPORT_KINDS.get(report.kind, report.kind)),
        labels=labels(), aggregates=_aggregates(visit, interviews))
    content.numbered_paragraphs, unnumbered = _numbering(session, report.template)
    content.sections = structure.section_tree(sections, findings, draft, unnumbered)
    content.references = finding_refs.current_references(session, [s.body for s in sections])
    priority_order = {k: i for i, k in enumerate(vocabulary.REC_PRIORITIES)}
    recs.sort(key=lambda r: (r.authority.casefold(), priority_order.get(r.priority, 9)))
    content.closing = closing.closing(session, report, place, [r.authority for r in recs], draft)
    content.recommendations = [
        RecommendationOut(r.text, r.authority, es_(vocabulary.REC_PRIORITIES.get(r.priority, r.priority)),
                          spanish.long_date(r.deadline) if r.deadline else "—", list(r.finding_ids), r.id)
        for r in recs]
    from npmdesk.services.records.edit import attachment_data
    for attachment in attachments:
        if attachment.mime.startswith("image/"):
            content.images.append(ImageOut(attachment_data(session, attachment.id), attachment.caption))
    return content, interviews


def _written(session: Session, report_id: str, progress=None, cancel=None, shape=None):
    """The report written in memory, the watchlist for its visit, and what the writer's
    paragraphs disclose; `shape(content)`, when given, marks the content first (a draft's
    purpose, services/tracking/corrections.py)."""
    content, _interviews = build_content(session, report_id)
    if shape is not None:
        shape(content)
    try:
        document = writer.compose(content, progress=progress, cancel=cancel)
    except writer.Cancelled:
        raise ExportCancelled() from None
    with session.case.lock:
        visit_id = records.get(session.case.conn, model.Report, report_id).visit_id
    watch = disclosure.watchlist(session, visit_id)
    return content, document, watch, disclosure.passages(document.texts(), watch)


def disclosure_report(session: Session, report_id: str) -> list[disclosure.Passage]:
    """Every passage of the document the export would write that could identify someone,
    with where and why: the writer's paragraphs, then the .docx itself read back."""
    content, document, watch, written = _written(session, report_id)
    data, _pages = _table_of_contents(document, content.labels, False)  # the index lists headings again
    return disclosure.document_passages(written, document.texts(), data, watch)


def _table_of_contents(document, labels: dict, layout: bool) -> tuple[bytes, bool]:
    """The composed document's bytes with its TOC result rebuilt from its own headings
    (export/toc.py) and, when `layout` and LibreOffice can lay it out, the page of each entry;
    (bytes, pages filled)."""
    if not toc.present(document.doc):
        return document.to_bytes(), False
    entries = toc.headings(document.doc)
    laid = toc_layout.toc_pages(document.to_bytes()) if layout else None
    pages = toc_layout.pages_of(laid, [heading for _level, heading in entries]) if laid is not None else None
    filled = toc.fill(document.doc, pages, labels["toc_pending"])
    return document.to_bytes(), filled


def export_report(session: Session, report_id: str, path, override: bool = False,
                  progress=None, cancel=None, anchor_note: str | None = None,
                  layout: bool = False, shape=None, also=None) -> ExportResult:
    """Write the report to `path` (.docx); refuses on disclosures unless a director overrides.

    The bitácora anchor is printed on the last page: `anchor_note` when given (the
    archive's, already in its manifest), else one taken now (signed when the exporting
    person may sign one), so that every document that leaves shows how far the file went.
    `layout`: lay the document out with LibreOffice, when installed, for the TOC's page numbers.
    `shape(content)` marks the content before it is written; `also(conn, sha256)` records, in the
    export's own transaction, what the caller made of the file (a draft sent to an authority).
    """
    content, document, watch, found = _written(session, report_id, progress, cancel, shape)
    if found and not override:
        raise DisclosureFound(count=len(found))
    if found and session.actor.role != "director":
        raise OverrideNotAllowed()
    if cancel is not None and cancel():
        raise ExportCancelled()
    if anchor_note is None:
        anchor_note = anchor.document_note(session)
    document.integrity([anchor_note, anchor.root_note(session)])
    data, toc_pages = _table_of_contents(document, content.labels, layout)
    # The file as it will leave, read back: what the writer put outside its paragraphs counts too.
    texts = document.texts()
    final = disclosure.document_passages(disclosure.passages(texts, watch), texts, data, watch)
    # The integrity page is npmdesk's own (entry count, codes, key fingerprints, the root's
    # code): their hex and digit groups can read as a phone number ("…64d5 6477 9370…").
    final = [p for p in final if p.where != content.labels.get("where_anchor")]
    if len(final) > len(found):
        if not override:
            raise DisclosureFound(count=len(final))
        if session.actor.role != "director":
            raise OverrideNotAllowed()
    if cancel is not None and cancel():
        raise ExportCancelled()
    path = Path(path)
    try:
        writer.save(data, path)
    except OSError as error:
        raise ExportFailed(type(error).__name__, reason=error.strerror or type(error).__name__) from None
    file_hash = sha256_hex(data)
    with session.case.transaction() as conn:
        if final:
            audit_log.append(conn, session.actor.id, session.actor.name, "autorizar_exportacion",
                             "report", report_id, digest({"count": len(final), "docx_sha256": file_hash}))
        audit_log.append(conn, session.actor.id, session.actor.name, "exportar", "report", report_id,
                         digest({"docx_sha256": file_hash, "draft": content.draft}))
        if also is not None:
            also(conn, file_hash)
    return ExportResult(path, file_hash, content.draft, len(final), toc_pages)
