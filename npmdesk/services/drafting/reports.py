"""A report from a visit, or the annual report of a year: its template's sections, default
authors and a report number."""

import html
import re
from dataclasses import dataclass

from npmdesk.domain import model, vocabulary
from npmdesk.domain.templates import ReportTemplate
from npmdesk.errors import InvalidRecord
from npmdesk.export import spanish
from npmdesk.i18n import _, es_
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import recommendations
from npmdesk.services.drafting import templates
from npmdesk.services.session import Session

NUMBER_PREFIX = "MNPT"
_NUMBER = re.compile(rf"^{NUMBER_PREFIX}-(\d{{4}})-(\d+)$")


def next_number(session: Session, year: int) -> str:
    """The next free report number of `year`: MNPT-2026-001, MNPT-2026-002, …"""
    used = [int(m.group(2)) for r in records.select(session, model.Report)
            if (m := _NUMBER.match(r.number)) and int(m.group(1)) == year]
    return f"{NUMBER_PREFIX}-{year}-{max(used, default=0) + 1:03d}"


def default_authors(session: Session, visit: model.Visit | None, discipline: str) -> list[str]:
    """Authors of a section owned by `discipline`: the visit team members of that discipline;
    else the case team's active non-reviewer members of it (e.g. the coordinator at the office);
    else the visit's leader (for the annual report, which has no visit: the person creating it)."""
    team = [m.member_id for m in visit.team if m.discipline == discipline] if visit else []
    if team:
        return team
    office = [m.id for m in records.select(session, model.TeamMember)
              if m.discipline == discipline and m.active and m.role != "revisor"]
    if office:
        return office
    if visit is None:
        return [session.actor.id]
    return [m.member_id for m in visit.team if m.leader][:1]


@dataclass
class PlannedSection:
    key: str
    title: str
    depth: int
    discipline: str
    required: bool
    questions: list[str]
    author_ids: list[str]


def plan(session: Session, visit: model.Visit, template: ReportTemplate) -> list[PlannedSection]:
    """The sections a report from `template` will have for `visit`, with questions and authors."""
    place = records.get(session, model.Place, visit.place_id)
    return [PlannedSection(s.key, s.title, depth, s.discipline, s.required, s.questions_for(place.kind),
                           default_authors(session, visit, s.discipline))
            for s, _parent, depth in template.walk()]


def default_title(session: Session, visit: model.Visit, template: ReportTemplate) -> str:
    place = records.get(session, model.Place, visit.place_id)
    return _("{kind}: {place}").format(kind=template.name, place=place.name)


def data_body(report: model.Report, visit: model.Visit, place: model.Place) -> str:
    """The 'Datos del informe' section as the case file knows it, in Spanish (the report's language)."""
    where = place.name + (", " + es_("provincia de {province}").format(province=place.province)
                          if place.province else "")
    kind = es_(vocabulary.VISIT_KINDS.get(visit.kind, visit.kind)).lower()
    announced = es_("anunciada") if visit.announced else es_("no anunciada")
    rows = ((es_("Informe n.º"), report.number), (es_("Lugar:"), where),
            (es_("Fechas:"), spanish.date_range(visit.start_date, visit.end_date)),
            (es_("Tipo de visita:"), f"{kind}, {announced}"),
            (es_("Clasificación:"), report.classification.lower()))
    return "<p>" + " ".join(f"<b>{html.escape(label)}</b> {html.escape(value)}." for label, value in rows
                            if value) + "</p>"


def create_report(session: Session, visit_id: str, template_key: str = "", title: str = "",
                  number: str = "") -> model.Report:
    """Create a report of the visit with every section of the template, in one transaction.

    'Datos del informe' is pre-filled with what the case file knows (number, place, dates, kind
    of visit, classification). A follow-up template's 'seguimiento' section is pre-filled with the earlier visits'
    recommendations and their current status (a first revision by the current user).
    """
    visit = records.get(session, model.Visit, visit_id)
    template = templates.get(session, template_key or templates.default_key(visit.kind))
    if template.report_kind == vocabulary.ANNUAL_KIND:
        raise InvalidRecord(reason=_("la plantilla «{key}» es de un informe anual, que es de un año y no de "
                                     "una visita.").format(key=template.key))
    place = records.get(session, model.Place, visit.place_id)
    with session.case.transaction():
        report = _new_report(session, model.Report(
            visit_id=visit.id, title=title or default_title(session, visit, template),
            kind=template.report_kind, template=template.key,
            number=number or next_number(session, int(visit.start_date[:4]))))
        created = _add_sections(session, report, template, visit, place.kind)
        if "datos" in created:
            records.save_section_body(session, created["datos"].id, data_body(report, visit, place))
        if template.report_kind == "seguimiento" and "seguimiento" in created:
            records.save_section_body(session, created["seguimiento"].id,
                                      recommendations.followup_body(session, visit))
    return report


def _new_report(session: Session, report: model.Report) -> model.Report:
    if any(r.number == report.number for r in records.select(session, model.Report)):
        raise InvalidRecord(reason=_("ya existe un informe con el número {number}.").format(number=report.number))
    return records.save(session, report)


def _add_sections(session: Session, report: model.Report, template: ReportTemplate,
                  visit: model.Visit | None, place_kind: str) -> dict[str, model.Section]:
    """Every section of `template` under `report`, with its guiding questions and authors."""
    created: dict[str, model.Section] = {}
    for spec, parent, _depth in template.walk():
        created[spec.key] = records.save(session, model.Section(
            report_id=report.id, title=spec.title, position=spec.order,
            parent_id=created[parent.key].id if parent else None, key=spec.key,
            discipline=spec.discipline, guidance=spec.questions_for(place_kind),
            author_ids=default_authors(session, visit, spec.discipline), required=spec.required))
    return created


def annual_number(year: int) -> str:
    """The annual report's number: one a year, apart from the visits' numbering (MNPT-IA-2026)."""
    return f"{NUMBER_PREFIX}-IA-{year}"


def annual_reports(session: Session, year: int) -> list[model.Report]:
    """The «informe anual» reports of `year` (one, unless two laptops each created one)."""
    return records.select(session, model.Report, kind=vocabulary.ANNUAL_KIND, year=year)


def create_annual_report(session: Session, year: int, template_key: str = "") -> model.Report:
    """The annual report of `year` with every section of the annual template, in one
    transaction: the parts people write (presentation, challenges, priorities…), drafted,
    reviewed and approved like any report. One a year: a second is refused."""
    template = templates.get(session, template_key or templates.ANNUAL_KEY)
    if template.report_kind != vocabulary.ANNUAL_KIND:
        raise InvalidRecord(reason=_("la plantilla «{key}» no es de un informe anual.").format(key=template.key))
    with session.case.transaction():
        if annual_reports(session, year):
            raise InvalidRecord(reason=_("ya existe el informe anual {year}; ábralo para seguir "
                                         "redactándolo.").format(year=year))
        report = _new_report(session, model.Report(
            visit_id=None, title=es_("Informe anual {year}").format(year=year), kind=vocabulary.ANNUAL_KIND,
            template=template.key, number=annual_number(year), classification=es_("PÚBLICO"), year=year))
        _add_sections(session, report, template, None, "")
    return report


def annual_report_of(session: Session, year: int) -> model.Report | None:
    """The «informe anual» of `year`: the approved one if any, else the one in drafting (two
    laptops that each created one are told apart by number and id, the same on both)."""
    found = sorted(annual_reports(session, year),
                   key=lambda r: (r.state not in vocabulary.FINAL_REPORT_STATES, r.number, r.id))
    return found[0] if found else None


def open_annual_report(session: Session, year: int) -> tuple[model.Report, bool]:
    """(the «informe anual» of `year`, whether it was created now)."""
    report = annual_report_of(session, year)
    if report is not None:
        return report, False
    return create_annual_report(session, year), True
