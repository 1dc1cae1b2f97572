"""What the navigator shows, read from the case file (run inside an operation, off the GUI thread).

Lugares → each place → Visitas → each visit → Informes, Entrevistas, Notas de campo,
Hallazgos, Recomendaciones, Adjuntos → each record. A group is named by the entity
of its children and the id of the record that owns it (None for Lugares).
"""

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import N_, _, current_language
from npmdesk.services.records import edit as records
from npmdesk.services.records.browse import record_class
from npmdesk.ui.shell.widgets import short

GROUP_LABELS = {
    "place": N_("Lugares"), "visit": N_("Visitas"), "report": N_("Informes"),
    "interview": N_("Entrevistas"), "field_note": N_("Notas de campo"),
    "finding": N_("Hallazgos"), "recommendation": N_("Recomendaciones"),
    "attachment": N_("Adjuntos"),
}
ENTITY_LABELS = {
    "place": N_("Lugar"), "visit": N_("Visita"), "report": N_("Informe"),
    "interview": N_("Entrevista"), "field_note": N_("Nota de campo"), "finding": N_("Hallazgo"),
    "recommendation": N_("Recomendación"), "attachment": N_("Adjunto"),
    "section": N_("Sección"), "team_member": N_("Integrante del equipo"),
    "response": N_("Respuesta de autoridad"), "letter": N_("Oficio"),
}
# TRANSLATORS: the "Nuevo …" actions, one per kind of record.
NEW_LABELS = {
    "place": N_("Nuevo &lugar"), "visit": N_("Nueva &visita"), "report": N_("Nuevo &informe"),
    "interview": N_("Nueva &entrevista"), "field_note": N_("Nueva &nota de campo"),
    "finding": N_("Nuevo &hallazgo"), "recommendation": N_("Nueva &recomendación"),
    "attachment": N_("Nuevo &adjunto"),
}
PARENT_FIELD = {"place": None, "visit": "place_id", "report": "visit_id",
                "interview": "visit_id", "field_note": "visit_id", "finding": "visit_id",
                "recommendation": "visit_id", "attachment": "visit_id"}
CHILD_GROUPS = {"place": ("visit",),
                "visit": ("report", "interview", "field_note", "finding", "recommendation",
                          "attachment")}
TREE_ENTITIES = tuple(PARENT_FIELD)


@dataclass(frozen=True)
class Row:
    record_id: str
    title: str
    detail: str
    counts: tuple = ()
    """(child entity, how many) for each group under the record, so a group shows its count
    before it is opened (and after an unlock, when only the way back is loaded again)."""


def format_day(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "—"
    return format_date(day, "d MMM y", locale="es_PA" if current_language() == "es" else "en_US")


def describe(entity: str, record) -> Row:
    """The title and detail the navigator shows for `record`, in the current language."""
    if entity == "place":
        return Row(record.id, record.name, _(v.PLACE_KINDS.get(record.kind, record.kind)))
    if entity == "visit":
        title = _("Visita del {date}").format(date=format_day(record.start_date))
        return Row(record.id, title, _(v.VISIT_KINDS.get(record.kind, record.kind)))
    if entity == "report":
        title = f"{record.number} · {record.title}" if record.number else record.title
        return Row(record.id, short(title, 90), _(v.REPORT_STATES.get(record.state, record.state)))
    if entity == "interview":
        return Row(record.id, record.code, _(v.INTERVIEW_KINDS.get(record.kind, record.kind)))
    if entity == "field_note":
        return Row(record.id, short(record.title, 90), _(v.NOTE_KINDS.get(record.kind, record.kind)))
    if entity == "finding":
        return Row(record.id, short(record.title, 90),
                   _(v.THEMATIC_AREAS.get(record.area, record.area)))
    if entity == "recommendation":
        detail = "{priority} · {status}".format(
            priority=_(v.REC_PRIORITIES.get(record.priority, record.priority)),
            status=_(v.REC_STATUSES.get(record.status, record.status)))
        return Row(record.id, short(record.text, 70), detail)
    if entity == "attachment":
        return Row(record.id, short(record.caption, 90), short(record.filename, 40))
    raise KeyError(entity)


def load_rows(session, entity: str, parent_id: str | None) -> list[Row]:
    """The rows of one group, in the storage order of their records."""
    cls = record_class(entity)
    field = PARENT_FIELD[entity]
    found = records.select(session, cls, **({field: parent_id} if field else {}))
    rows = [describe(entity, record) for record in found]
    if entity == "finding":  # the evidence flags show beside the area
        from npmdesk.services.records.findings import flag_labels, flags_by_finding
        flags = flags_by_finding(session, parent_id)
        rows = [Row(r.record_id, r.title, " · ".join([r.detail, *flag_labels(flags.get(r.record_id, []))]))
                for r in rows]
    children = CHILD_GROUPS.get(entity, ())
    if children and rows:
        ids = [r.record_id for r in rows]
        counted = {child: records.count_by(session, record_class(child), PARENT_FIELD[child], ids)
                   for child in children}
        rows = [Row(r.record_id, r.title, r.detail,
                    tuple((child, counted[child].get(r.record_id, 0)) for child in children))
                for r in rows]
    return rows


def tree_target(session, entity: str, record_id: str) -> tuple[str, str] | None:
    """The navigator item that shows (entity, record_id): a section shows as its report."""
    if entity == "recommendation" and not records.get(session, model.Recommendation, record_id).visit_id:
        return None  # another body's recommendation belongs to no visit: it opens on its own
    if entity in TREE_ENTITIES:
        return entity, record_id
    if entity == "section":
        return "report", records.get(session, model.Section, record_id).report_id
    return None


def ancestry(session, entity: str, record_id: str) -> list[tuple[str, str]]:
    """(entity, id) from the place down to the record itself; [] when it has no place in the tree."""
    if entity == "place":
        return [("place", record_id)]
    record = records.get(session, record_class(entity), record_id)
    if entity == "visit":
        return [("place", record.place_id), ("visit", record_id)]
    visit_id = getattr(record, "visit_id", None)
    if not visit_id:
        return []
    return ancestry(session, "visit", visit_id) + [(entity, record_id)]


def reveal_data(session, entity: str, record_id: str):
    """Everything needed to show one record in the tree: its path and the rows of each group on it.

    Returns (path, [(group entity, parent id, rows), …] from the top down).
    """
    path = ancestry(session, entity, record_id)
    groups = [("place", None, load_rows(session, "place", None))]
    for (owner_entity, owner_id), (child_entity, _child_id) in zip(path, path[1:]):
        groups.append((child_entity, owner_id, load_rows(session, child_entity, owner_id)))
    return path, groups
