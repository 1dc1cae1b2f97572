"""Checks a record must pass before it is stored; failures raise InvalidRecord.

Text fields are cleaned (domain.text) rather than refused: a person's pasted
text is kept, with hostile characters visibly replaced.
"""

import dataclasses
from datetime import date

from npmdesk.domain import model, vocabulary as v
from npmdesk.domain.text import MAX_FIELD_CHARS, clean
from npmdesk.errors import InvalidRecord
from npmdesk.i18n import N_, _

# field -> vocabulary; fields holding lists check every element.
CODES = {
    model.TeamMember: {"discipline": v.DISCIPLINES, "role": v.ROLES},
    model.Place: {"kind": v.PLACE_KINDS},
    model.Visit: {"kind": v.VISIT_KINDS},
    model.VisitMember: {"discipline": v.DISCIPLINES},
    model.Interview: {"kind": v.INTERVIEW_KINDS, "sex": v.SEXES, "age_range": v.AGE_RANGES,
                      "vulnerable_groups": v.VULNERABLE_GROUPS, "allegations": v.ALLEGATIONS},
    model.FieldNote: {"kind": v.NOTE_KINDS},
    model.Finding: {"area": v.THEMATIC_AREAS},
    model.Recommendation: {"level": v.REC_LEVELS, "priority": v.REC_PRIORITIES,
                           "status": v.REC_STATUSES, "source": v.REC_SOURCES,
                           "population_groups": v.VULNERABLE_GROUPS},
    model.StatusChange: {"status": v.REC_STATUSES, "basis": v.REC_BASES},
    model.Report: {"kind": v.REPORT_KINDS, "state": v.REPORT_STATES},
    model.Section: {"state": v.SECTION_STATES},
    model.Letter: {"kind": v.LETTER_KINDS},
}

REQUIRED = {
    model.TeamMember: ("name",),
    model.Place: ("name",),
    model.Visit: ("place_id", "start_date"),
    model.Interview: ("visit_id", "code"),
    model.FieldNote: ("visit_id", "title"),
    model.Attachment: ("caption", "filename", "mime", "sha256"),
    model.Finding: ("visit_id", "title"),
    model.Recommendation: ("text", "authority"),
    model.StatusChange: ("date", "status"),
    model.AuthorityResponse: ("authority", "date"),
    model.Commitment: ("text",),
    model.Letter: ("report_id", "authority", "written_on", "response_due"),
    model.Report: ("title",),
    model.Section: ("report_id", "title"),
}

DATES = {
    model.Visit: ("start_date", "end_date"),
    model.Recommendation: ("deadline", "issued_on"),
    model.StatusChange: ("date",),
    model.AuthorityResponse: ("date",),
    model.Commitment: ("due_date",),
    model.Letter: ("written_on", "response_due", "sent_on", "reply_on"),
}

FIELD_LABELS = {
    "name": N_("nombre"), "place_id": N_("lugar"), "visit_id": N_("visita"),
    "start_date": N_("fecha de inicio"), "end_date": N_("fecha de fin"), "code": N_("código"),
    "title": N_("título"), "caption": N_("leyenda"), "filename": N_("nombre de archivo"),
    "mime": N_("tipo de archivo"), "sha256": N_("huella SHA-256"), "text": N_("texto"),
    "authority": N_("autoridad destinataria"), "date": N_("fecha"), "report_id": N_("informe"),
    "deadline": N_("plazo"), "capacity": N_("capacidad"), "population": N_("población"),
    "kind": N_("tipo"), "discipline": N_("disciplina"), "role": N_("rol"), "sex": N_("sexo"),
    "age_range": N_("rango de edad"), "vulnerable_groups": N_("grupos en situación de vulnerabilidad"),
    "allegations": N_("alegaciones"), "area": N_("área temática"), "level": N_("nivel"),
    "priority": N_("prioridad"), "status": N_("estado"), "state": N_("estado"),
    "source": N_("origen"), "issued_on": N_("fecha de emisión"), "place_kind": N_("tipo de lugar"),
    "basis": N_("fundamento"), "means": N_("medio"), "due_date": N_("fecha comprometida"),
    "population_groups": N_("grupo de población"),
    "written_on": N_("fecha del oficio"), "response_due": N_("fecha límite de respuesta"),
    "sent_on": N_("fecha de envío"), "reply_on": N_("fecha de la respuesta"),
}

# Codes that may also be left blank.
BLANK_CODES = {
    model.Recommendation: {"place_kind": v.PLACE_KINDS},
    model.AuthorityResponse: {"means": v.RESPONSE_MEANS},
    model.Letter: {"means": v.LETTER_MEANS},
}


def label(field_name: str) -> str:
    return _(FIELD_LABELS.get(field_name, field_name))


def _fail(reason: str):
    raise InvalidRecord(reason=reason)


def _check_date(value: str, field_name: str) -> None:
    if not value:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        _fail(_("la fecha «{value}» del campo {field} no es válida (use AAAA-MM-DD).").format(
            value=value[:40], field=label(field_name)))


def validate(record) -> None:
    """Clean text fields in place and check codes, required fields and dates."""
    cls = type(record)
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARS:
                _fail(_("el campo {field} supera el tamaño máximo admitido.").format(field=label(f.name)))
            setattr(record, f.name, clean(value))
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item):
                    validate(item)
    for name in REQUIRED.get(cls, ()):
        if not getattr(record, name):
            _fail(_("falta el campo obligatorio {field}.").format(field=label(name)))
    for name, vocab in CODES.get(cls, {}).items():
        value = getattr(record, name)
        for code in value if isinstance(value, list) else [value]:
            if code not in vocab:
                _fail(_("el valor «{value}» no es válido para {field}.").format(
                    value=str(code)[:40], field=label(name)))
    for name, vocab in BLANK_CODES.get(cls, {}).items():
        value = getattr(record, name)
        if value and value not in vocab:
            _fail(_("el valor «{value}» no es válido para {field}.").format(
                value=str(value)[:40], field=label(name)))
    for name in DATES.get(cls, ()):
        _check_date(getattr(record, name), name)
    if cls is model.Recommendation:
        _check_recommendation(record)
    if cls is model.StatusChange:
        _check_change(record)
    if cls is model.Report:
        _check_report(record)
    if cls is model.Letter and (record.response_due < record.written_on
                                or (record.sent_on and record.sent_on < record.written_on)):
        _fail(_("un oficio no se envía ni vence antes de su fecha."))
    if cls is model.Letter:
        _check_reply(record)
    if cls is model.Visit and record.end_date and record.end_date < record.start_date:
        _fail(_("la fecha de fin es anterior a la de inicio."))
    for name in ("capacity", "population"):
        value = getattr(record, name, None)
        if value is not None and (not isinstance(value, int) or value < 0):
            _fail(_("el campo {field} debe ser un número entero no negativo.").format(field=label(name)))


def _check_recommendation(rec: model.Recommendation) -> None:
    if rec.source == "mnpt" and not rec.visit_id:
        _fail(_("una recomendación del MNPT debe indicar la visita de cuyo informe procede."))
    if rec.source != "mnpt" and not rec.source_ref and not rec.visit_id:
        _fail(_("indique el documento del que procede la recomendación externa (p. ej., CAT/OP/PAN/1)."))
    if rec.repeats_id is not None and rec.repeats_id == rec.id:
        _fail(_("una recomendación no puede reiterarse a sí misma."))


def _check_report(report: model.Report) -> None:
    """A visit's report names its visit; the annual report names its year and no visit."""
    if report.kind != v.ANNUAL_KIND:
        if not report.visit_id:
            _fail(_("falta el campo obligatorio {field}.").format(field=label("visit_id")))
        if report.year is not None:
            _fail(_("solo un informe anual indica un año."))
        return
    if report.visit_id:
        _fail(_("un informe anual es de un año, no de una visita."))
    if not isinstance(report.year, int) or isinstance(report.year, bool) \
            or not v.FIRST_YEAR <= report.year <= v.LAST_YEAR:
        _fail(_("un informe anual debe indicar su año, entre {first} y {last}.").format(
            first=v.FIRST_YEAR, last=v.LAST_YEAR))


def _check_reply(letter: model.Letter) -> None:
    """Only a draft sent for factual corrections has a reply, and only once it was sent."""
    replied = letter.reply_on or letter.reply_text or letter.reply_attachment_id
    if replied and letter.kind != "correcciones":
        _fail(_("solo un borrador enviado para correcciones fácticas registra la respuesta en el oficio; "
                "la respuesta a un oficio con recomendaciones se registra como respuesta de la autoridad."))
    if replied and (not letter.reply_on or not letter.sent_on or letter.reply_on < letter.sent_on):
        _fail(_("la respuesta a un borrador necesita su fecha, que no puede ser anterior a su envío."))


def _check_change(change: model.StatusChange) -> None:
    if change.basis in ("visita", "verificacion") and not change.visit_id:
        _fail(_("un cambio de estado por visita o verificación debe indicar la visita."))
    if change.basis == "respuesta" and not change.response_id:
        _fail(_("un cambio de estado por respuesta debe indicar la respuesta de la autoridad."))
