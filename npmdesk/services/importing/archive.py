"""An archive of past reports in Word migrated into the case file: each .docx becomes a
historical report of its visit, in the state «importado» (it was never reviewed or approved in
npmdesk, so it cannot be taken for a report that was, and it has no way to be approved), and
the recommendation tables in it are offered as recommendation records, through a column
mapping the user may change.

`survey` reads the folder (every file through guard.check; a refused one is listed with its
sentence, the others go on) and proposes for each file its place and visit date, read from the
cover (the text before the first section: a known place's name, the first date), and for each
recommendation table which column is the text, the authority, the priority and the deadline.
`migrate` writes everything the user kept in one transaction.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.domain import model, richtext
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import N_, _, es_
from npmdesk.services.drafting import templates
from npmdesk.services.importing import guard, mapping, reader, report_import
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session

FIELDS = ("text", "authority", "priority", "deadline")
IGNORE = ""
_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre")
_SPANISH_DATE = re.compile(r"(\d{1,2})(?:\s*(?:y|al|a|-|–)\s*\d{1,2})?\s+de\s+(" + "|".join(_MONTHS)
                           + r"|setiembre)\s+(?:de|del)\s+(\d{4})", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_HEADER_FIELDS = (("recomendacion", "text"), ("autoridad", "authority"), ("destinatari", "authority"),
                  ("prioridad", "priority"), ("plazo", "deadline"), ("fecha limite", "deadline"))


class NothingToMigrate(NpmdeskError):
    template = N_("La carpeta «{name}» no tiene documentos de Word (.docx).")


@dataclass
class RecommendationTable:
    header: list[str]
    rows: list[list[str]]  # cells as text; a row of one cell is a group name (the export's authority rows)
    columns: list[str]  # per column: a FIELDS name or IGNORE


@dataclass
class Candidate:
    path: Path
    plan: mapping.Plan
    place_id: str | None
    date: str  # AAAA-MM-DD, or "" when the cover does not say
    tables: list[RecommendationTable] = field(default_factory=list)


@dataclass
class Survey:
    candidates: list[Candidate]
    refused: list[str]  # one sentence per file that could not be read
    places: list[tuple[str, str]] = field(default_factory=list)  # (id, name): what a place may be set to


@dataclass
class Migrated:
    reports: list[model.Report]
    recommendations: int
    skipped: list[str]  # files left out: no place or no date


def read_date(text: str) -> str:
    """The first date written in `text`, as AAAA-MM-DD; "" when none."""
    found = []
    for match in _SPANISH_DATE.finditer(text):
        month = match.group(2).lower().replace("setiembre", "septiembre")
        found.append((match.start(), f"{match.group(3)}-{_MONTHS.index(month) + 1:02d}-{int(match.group(1)):02d}"))
    for match in _ISO_DATE.finditer(text):
        found.append((match.start(), match.group(0)))
    for match in _SLASH_DATE.finditer(text):
        found.append((match.start(), f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"))
    return min(found)[1] if found else ""


def _cover(plan: mapping.Plan) -> str:
    lines = [plan.document.name]
    for part, choice in zip(plan.document.parts, plan.choices):
        if choice not in (mapping.SKIP, mapping.CONTINUE):
            break
        lines += [part.heading, richtext.plain_text(part.body)]
    return "\n".join(lines)


def _place(cover: str, places: list[model.Place]) -> str | None:
    text = f" {reader.normal_title(cover)} "
    known = [(len(reader.normal_title(p.name)), p.id) for p in places
             if reader.normal_title(p.name) and f" {reader.normal_title(p.name)} " in text]
    return max(known)[1] if known else None


def _cell(cell) -> str:
    return " ".join("".join(run.text for run in cell).split())


def _tables(plan: mapping.Plan) -> list[RecommendationTable]:
    found = []
    # An npmdesk export's recommendation table is generated, left out of the parts, kept apart.
    bodies = [part.body for part in plan.document.parts]
    bodies += [body for kind, body in plan.document.generated if kind == "recomendaciones"]
    for body in bodies:
        for item in richtext.parse(body):
            if not isinstance(item, richtext.Table) or not item.rows:
                continue
            header = [_cell(c) for c in item.rows[0]]
            columns = [next((name for key, name in _HEADER_FIELDS if key in reader.normal_title(h)), IGNORE)
                       for h in header]
            if "text" in columns:
                found.append(RecommendationTable(header, [[_cell(c) for c in row] for row in item.rows[1:]],
                                                 columns))
    return found


def survey(session: Session, folder: Path, template_key: str = "visita") -> Survey:
    """Every .docx of `folder`, read and proposed; nothing is written."""
    folder = Path(folder)
    template = templates.get(session, template_key)
    places = records.select(session, model.Place)
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".docm") and p.is_file())
    except OSError:
        paths = []
    if not paths:
        raise NothingToMigrate(name=folder.name[:80])
    result = Survey([], [], [(p.id, p.name) for p in places])
    for path in paths:
        try:
            plan = mapping.propose(report_import.read_checked(path), template)
        except guard.DocxRefused as refused:
            result.refused.append(refused.message())
            continue
        cover = _cover(plan)
        result.candidates.append(Candidate(path, plan, _place(cover, places), read_date(cover), _tables(plan)))
    return result


def _priority(value: str) -> str:
    value = reader.normal_title(value)
    return value if value in ("urgente", "alta", "media") else "media"


def recommendations_of(table: RecommendationTable, visit_id: str) -> list[model.Recommendation]:
    """The table's rows as recommendations of the visit, by its column mapping."""
    out, group = [], ""
    for row in table.rows:
        if len(row) == 1 < len(table.columns):
            group = row[0]  # a merged row naming the authority of the rows below it (as the export writes)
            continue
        values = {name: row[i] for i, name in enumerate(table.columns) if name and i < len(row)}
        if not values.get("text"):
            continue
        deadline = read_date(values.get("deadline", ""))
        out.append(model.Recommendation(
            visit_id=visit_id, text=values["text"],
            authority=values.get("authority") or group or es_("(sin indicar en el documento)"),
            priority=_priority(values.get("priority", "")), deadline=deadline))
    return out


def _visit(session: Session, place_id: str, date: str) -> model.Visit:
    for visit in records.select(session, model.Visit, place_id=place_id):
        if visit.start_date == date:
            return visit
    return records.save(session, model.Visit(place_id, date, kind="inicial"))


def migrate(session: Session, found: Survey) -> Migrated:
    """Write each candidate that has a place and a date as a historical report of its visit,
    with the recommendations of its tables as mapped; all in one transaction."""
    result = Migrated([], 0, [])
    with session.case.transaction():
        for candidate in found.candidates:
            if not candidate.place_id or not candidate.date:
                result.skipped.append(_("«{name}»: falta el lugar o la fecha de la visita").format(
                    name=candidate.path.name))
                continue
            visit = _visit(session, candidate.place_id, candidate.date)
            imported = report_import.apply(session, visit.id, candidate.plan, historical=True)
            result.reports.append(imported.report)
            for table in candidate.tables:
                for recommendation in recommendations_of(table, visit.id):
                    records.save(session, recommendation)
                    result.recommendations += 1
    return result


