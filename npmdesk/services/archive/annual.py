"""The annual report to the Asamblea Nacional (OPCAT art. 23) in the APT's structure:
presentation; mandate and legal basis; working methods; activities with the year's figures;
main findings by thematic area from the year's approved reports; recommendations and their
follow-up with compliance tables; challenges; priorities for the next year.

The figures come from services/tracking/statistics (the same as `npmdesk stats` and the
statistics view), never typed twice. Fixed texts (mandate, methods) are in
resources/annual_report.json. The parts people write are the sections of the year's report of
kind «informe anual» (services/drafting/reports.create_annual_report), drafted, reviewed and
approved like a visit report: `presentacion`, `hallazgos` (an analysis before the year's
findings), `desafios` and `prioridades` by key, any other section of the institution's template
as a chapter before the challenges. Until that report is approved the document is a draft
(BORRADOR) and prints what is written so far, or a section's guiding questions while it is
empty; approved, it ends with the closing block and the integrity page like a visit report.
Findings come only from reports approved or exported; what is written is checked for
disclosures over the whole case file before it reaches the disk, and the export is recorded
in the bitácora.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model, vocabulary
from npmdesk.domain.richtext import plain_text
from npmdesk.errors import NpmdeskError
from npmdesk.export import charts, spanish
from npmdesk.export.annual import AnnualOut, AnnualWriter, Block, ChapterOut, TableOut
from npmdesk.export.safe_file import atomic_target, sweep_leftovers
from npmdesk.i18n import N_, es_
from npmdesk.paths import resources_dir
from npmdesk.services.archive import anchor, closing, disclosure
from npmdesk.services.archive.word import (FINAL_STATES, DisclosureFound, ExportFailed,
                                           OverrideNotAllowed, labels as report_labels)
from npmdesk.services.drafting import reports, templates
from npmdesk.services.session import Session
from npmdesk.services.team.institution import institution
from npmdesk.services.tracking import statistics, stats_tables
from npmdesk.storage import audit_log, records, statistics_queries

# Tables of stats_tables by chapter (their keys); a chart goes with each that has one.
ACTIVITY_TABLES = ("summary", "visits.by_place_kind", "visits.by_province", "visits.by_kind",
                   "visits.by_announcement", "interviews.by_sex", "interviews.by_age_range",
                   "interviews.by_vulnerable_group", "interviews.allegations")
RECOMMENDATION_TABLES = ("recommendations.by_authority", "recommendations.by_priority",
                         "recommendations.by_area", "compliance.by_authority", "responses.by_authority",
                         "compliance.by_year")


# TRANSLATORS: to whom the annual report is addressed (OPCAT art. 23), in its closing block.
ADDRESSEE = N_("Asamblea Nacional")
# Written sections placed by the export (their keys in resources/report_templates/anual.json).
PRESENTATION, FINDINGS, CHALLENGES, PRIORITIES = "presentacion", "hallazgos", "desafios", "prioridades"


@dataclass(frozen=True)
class AnnualResult:
    path: Path
    sha256: str
    draft: bool


@dataclass
class Written:
    """The year's «informe anual» (None before anyone created it) and its sections."""
    report: model.Report | None
    top: list[model.Section]                       # top-level sections, in order
    children: dict[str, list[model.Section]]       # parent id -> subsections, in order

    @property
    def draft(self) -> bool:
        return self.report is None or self.report.state not in FINAL_STATES

    def by_key(self, key: str) -> model.Section | None:
        return next((s for s in self.top if s.key == key), None)


def fixed_texts() -> dict:
    return json.loads((resources_dir() / "annual_report.json").read_text(encoding="utf-8"))


def _table(table: stats_tables.Table) -> TableOut:
    png = None
    if table.counts:
        png = charts.bars([(label, (n,)) for label, n in table.counts], [table.headers[1]])
    elif table.stacks:
        png = charts.bars(list(table.stacks), list(table.series))
    return TableOut(table.title, table.headers, table.rows, png, total_last=table.total)


def _findings(session: Session, period: statistics.Period) -> list[Block]:
    """The findings of the year's approved (or exported) reports, by thematic area."""
    with session.case.lock:
        rows = statistics_queries.approved_findings(session.case.conn, period.start, period.end,
                                                    tuple(sorted(FINAL_STATES)))
    by_area: dict[str, list[Block]] = {}
    for area, title, text, place, first, last, _finding_id in rows:
        where = es_("{place}, visita realizada {when}").format(place=place or "—",
                                                             when=spanish.visit_when(first, last))
        by_area.setdefault(area, []).append(Block("finding", title, f"{text} ({where})"))
    blocks = []
    for area, label in vocabulary.THEMATIC_AREAS.items():
        if area in by_area:
            blocks.append(Block("h", es_(label)))
            blocks += by_area.pop(area)
    for area, found in by_area.items():  # an area no longer in the vocabulary keeps its code
        blocks.append(Block("h", area))
        blocks += found
    return blocks or [Block("note", es_("No hay informes aprobados de visitas de este año."))]


def written_parts(session: Session, year: int) -> Written:
    """The approved «informe anual» of `year` when there is one; else the one in drafting."""
    report = reports.annual_report_of(session, year)
    if report is None:
        return Written(None, [], {})
    with session.case.lock:
        sections = records.select(session.case.conn, model.Section, {"report_id": report.id}, "position, id")
    children: dict[str, list[model.Section]] = {}
    for section in sections:
        if section.parent_id:
            children.setdefault(section.parent_id, []).append(section)
    return Written(report, [s for s in sections if not s.parent_id], children)


def _pending(questions: list[str]) -> list[Block]:
    return ([Block("note", es_("Parte pendiente de redacción por el equipo; se aprueba como cualquier "
                               "informe. Preguntas orientadoras:"))]
            + [Block("note", "• " + q) for q in questions])


def _section_blocks(written: Written, section: model.Section) -> list[Block]:
    """A written section's text and its subsections'; its guiding questions while it is empty
    (an optional one nobody wrote is left out)."""
    blocks = [Block("rich", section.body)] if plain_text(section.body).strip() else []
    for child in written.children.get(section.id, []):
        inner = _section_blocks(written, child)
        if inner:
            blocks += [Block("h", child.title), *inner]
    if not blocks and section.required:
        blocks = _pending(section.guidance)
    return blocks


def _template_questions(session: Session, key: str) -> list[str]:
    """The shipped (or the institution's) annual template's questions for `key`, printed before
    anyone created the year's «informe anual»."""
    try:
        template = templates.get(session, templates.ANNUAL_KEY)
    except NpmdeskError:
        return []
    return next((s.questions for s, _parent, _depth in template.walk() if s.key == key), [])


def _written_chapter(session: Session, written: Written, key: str, title: str) -> ChapterOut:
    section = written.by_key(key)
    if section is None:
        return ChapterOut(title, _pending(_template_questions(session, key)))
    return ChapterOut(title, _section_blocks(written, section))


def build_content(session: Session, year: int) -> AnnualOut:
    period = statistics.Period.year(year)
    stats = statistics.compute(session, period)
    tables = {t.key: t for t in stats_tables.tables(stats, es_)}
    texts = fixed_texts()
    activities = [Block("p", es_("Entre el {start} y el {end} el MNPT realizó {visits} visita(s) a {places} "
                                 "lugar(es) de privación de libertad, de las cuales {unannounced} sin previo "
                                 "aviso, y entrevistó en privado a personas privadas de libertad en {interviews} "
                                 "entrevista(s).").format(
        start=spanish.long_date(period.start), end=spanish.long_date(period.end),
        visits=spanish.number(stats.visits), places=spanish.number(stats.places_visited),
        unannounced=spanish.number(stats.visits_by_announcement.get("no_anunciada", 0)),
        interviews=spanish.number(stats.interviews)))]
    activities += [Block("table", table=_table(tables[key])) for key in ACTIVITY_TABLES]
    follow = [Block("p", es_("En {year} el MNPT emitió {issued} recomendación(es). De las {earlier} "
                             "recomendaciones de años anteriores, al {end} constan {met} cumplida(s) "
                             "({rate}).").format(
        year=year, issued=spanish.number(stats.recommendations),
        earlier=spanish.number(stats.compliance_total.total), end=spanish.long_date(period.end),
        met=spanish.number(stats.compliance_total.counts["cumplida"]),
        rate=stats_tables.percent(stats.compliance_total.rate("cumplida"))))]
    follow += [Block("table", table=_table(tables[key])) for key in RECOMMENDATION_TABLES]
    written = written_parts(session, year)
    analysis = written.by_key(FINDINGS)
    findings = (_section_blocks(written, analysis) if analysis is not None else []) + _findings(session, period)
    others = [ChapterOut(s.title, _section_blocks(written, s)) for s in written.top
              if s.key not in (PRESENTATION, FINDINGS, CHALLENGES, PRIORITIES) and _section_blocks(written, s)]
    draft = written.draft
    return AnnualOut(
        institution=institution(session).heading, kind_label=es_("INFORME ANUAL"),
        title=es_("Informe anual {year}").format(year=year),
        subtitle=es_("Presentado a la Asamblea Nacional conforme al artículo 23 del Protocolo Facultativo "
                     "de la Convención contra la Tortura"),
        draft=draft, draft_mark=es_("BORRADOR"),
        labels={**report_labels(), "page_of": es_("Página {page} de {pages}"), "figure": es_("Gráfico {n}."),
                "empty": es_("Sin datos en el período."),
                # the annual report has no archive bundle: the bitácora is how it is checked
                "integrity_check_text": es_("Con npmdesk, en un equipo que tenga el expediente: «npmdesk "
                                            "anchor-check EXPEDIENTE este-documento.docx» compara este código "
                                            "con la bitácora.")},
        chapters=[
            _written_chapter(session, written, PRESENTATION, es_("Presentación")),
            ChapterOut(es_("Mandato y base legal"), [Block("p", t) for t in texts["mandate"]]),
            ChapterOut(es_("Métodos de trabajo"), [Block("p", t) for t in texts["methods"]]),
            ChapterOut(es_("Actividades del año"), activities),
            ChapterOut(es_("Principales hallazgos del año por área temática"), findings),
            ChapterOut(es_("Recomendaciones y su seguimiento"), follow),
            *others,
            _written_chapter(session, written, CHALLENGES, es_("Desafíos")),
            _written_chapter(session, written, PRIORITIES, es_("Prioridades para el próximo año")),
        ],
        closing=closing.closing(session, written.report, None, [es_(ADDRESSEE)], draft))


def export_annual(session: Session, year: int, path, override: bool = False) -> AnnualResult:
    """Write the annual report of `year` to `path` (.docx), whole or not at all; refuses on
    disclosures unless a director overrides (recorded in the bitácora like any export)."""
    content = build_content(session, year)
    document = AnnualWriter(content).build()
    found = disclosure.passages(document.texts(), disclosure.watchlist(session, None))
    if found and not override:
        raise DisclosureFound(count=len(found))
    if found and session.actor.role != "director":
        raise OverrideNotAllowed()
    # npmdesk's own page, after the check: its codes' digit groups can read as a phone number.
    document.integrity([anchor.document_note(session), anchor.root_note(session)])
    data = document.to_bytes()
    path = Path(path)
    try:
        sweep_leftovers(path.parent)
        with atomic_target(path) as handle:
            handle.write(data)
    except OSError as error:
        raise ExportFailed(type(error).__name__, reason=error.strerror or type(error).__name__) from None
    file_hash = sha256_hex(data)
    with session.case.transaction() as conn:
        if found:
            audit_log.append(conn, session.actor.id, session.actor.name, "autorizar_exportacion",
                             "annual_report", str(year), digest({"count": len(found), "docx_sha256": file_hash}))
        audit_log.append(conn, session.actor.id, session.actor.name, "exportar_informe_anual",
                         "annual_report", str(year), digest({"docx_sha256": file_hash, "draft": content.draft}))
    return AnnualResult(path, file_hash, content.draft)
