"""Report templates: parsing and checking the JSON files that define a report's sections.

A template is a JSON object {"format": 1, "key", "name", "report_kind", "description",
"sections": [...]}; each section has "key", "title", "order", "discipline", "required",
"questions" (3–8 guiding questions) and optionally "questions_by_place" (questions that
replace the general ones for a type of place) and "sections" (its subsections). An optional
top-level "numbered_paragraphs" (true by default) says whether the export numbers the
report's paragraphs; a section's own "numbered_paragraphs" leaves its paragraphs (and its
subsections') out of the numbering (false) or in it (true). The data block, key "datos", is
left out unless it says true: as in the SPT's and the MNPT's reports, the numbering starts at
the first paragraph of the report's text, not at its number, place and dates.
A malformed template raises TemplateError with a Spanish sentence naming the problem.
"""

import json
from dataclasses import dataclass, field

from npmdesk.domain import vocabulary as v
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import N_, _

FORMAT = 1
MIN_QUESTIONS, MAX_QUESTIONS = 3, 8
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_SECTIONS = 200
MAX_TEXT = 500
DATA_BLOCK = "datos"  # the report's number, place and dates: not a paragraph of its text


class TemplateError(NpmdeskError):
    template = N_("La plantilla no es válida: {reason}")


@dataclass
class SectionTemplate:
    key: str
    title: str
    order: int
    discipline: str
    required: bool
    questions: list[str]
    questions_by_place: dict[str, list[str]] = field(default_factory=dict)
    sections: list["SectionTemplate"] = field(default_factory=list)
    numbered_paragraphs: bool | None = None  # None: as its parent (the data block: not numbered)

    def questions_for(self, place_kind: str) -> list[str]:
        """The guiding questions adapted to the type of place, or the general ones."""
        return list(self.questions_by_place.get(place_kind, self.questions))


@dataclass
class ReportTemplate:
    key: str
    name: str
    report_kind: str
    description: str
    sections: list[SectionTemplate]
    numbered_paragraphs: bool = True  # the export numbers the report's paragraphs (SPT style)

    def unnumbered_keys(self) -> set[str]:
        """The keys of the sections whose paragraphs the export does not number."""
        found: set[str] = set()

        def visit(items, numbered: bool) -> None:
            for item in items:
                own = item.numbered_paragraphs
                here = own if own is not None else numbered and item.key != DATA_BLOCK
                if not here:
                    found.add(item.key)
                visit(item.sections, here)
        visit(self.sections, True)
        return found

    def walk(self):
        """(section, parent or None, depth) for every section, parents first, in order."""
        def visit(items, parent, depth):
            for item in items:
                yield item, parent, depth
                yield from visit(item.sections, item, depth + 1)
        yield from visit(self.sections, None, 0)


def _fail(reason: str):
    raise TemplateError(reason=reason)


def _no_duplicates(pairs):
    seen = {}
    for name, value in pairs:
        if name in seen:
            _fail(_("la clave «{name}» aparece repetida en un mismo objeto.").format(name=str(name)[:40]))
        seen[name] = value
    return seen


def _text(obj: dict, name: str, where: str, required: bool = True) -> str:
    value = obj.get(name, "")
    if not isinstance(value, str):
        _fail(_("en {where}, «{name}» debe ser un texto.").format(where=where, name=name))
    value = " ".join(value.split())
    if required and not value:
        _fail(_("en {where} falta «{name}».").format(where=where, name=name))
    if len(value) > MAX_TEXT:
        _fail(_("en {where}, «{name}» es demasiado largo.").format(where=where, name=name))
    return value


def _questions(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(q, str) for q in value):
        _fail(_("en {where}, las preguntas orientadoras deben ser una lista de textos.").format(where=where))
    questions = [" ".join(q.split()) for q in value]
    if any(not q or len(q) > MAX_TEXT for q in questions):
        _fail(_("en {where} hay una pregunta orientadora vacía o demasiado larga.").format(where=where))
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        _fail(_("en {where} hay {count} preguntas orientadoras; deben ser entre {low} y {high}.").format(
            where=where, count=len(questions), low=MIN_QUESTIONS, high=MAX_QUESTIONS))
    return questions


def _section(obj, where: str, keys: set, count: list) -> SectionTemplate:
    if not isinstance(obj, dict):
        _fail(_("en {where}, cada sección debe ser un objeto JSON.").format(where=where))
    count[0] += 1
    if count[0] > MAX_SECTIONS:
        _fail(_("la plantilla tiene más de {count} secciones.").format(count=MAX_SECTIONS))
    title = _text(obj, "title", where)
    where = _("la sección «{title}»").format(title=title[:60])
    key = _text(obj, "key", where)
    if key in keys:
        _fail(_("la clave de sección «{key}» está repetida.").format(key=key[:40]))
    keys.add(key)
    order = obj.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        _fail(_("en {where}, «order» debe ser un número entero positivo.").format(where=where))
    discipline = _text(obj, "discipline", where)
    if discipline not in v.DISCIPLINES:
        _fail(_("en {where}, la disciplina «{value}» no existe (use una de: {known}).").format(
            where=where, value=discipline[:40], known=", ".join(v.DISCIPLINES)))
    required = obj.get("required", True)
    if not isinstance(required, bool):
        _fail(_("en {where}, «required» debe ser true o false.").format(where=where))
    questions = _questions(obj.get("questions"), where)
    by_place_raw = obj.get("questions_by_place", {})
    if not isinstance(by_place_raw, dict):
        _fail(_("en {where}, «questions_by_place» debe ser un objeto por tipo de lugar.").format(where=where))
    by_place = {}
    for kind, items in by_place_raw.items():
        if kind not in v.PLACE_KINDS:
            _fail(_("en {where}, el tipo de lugar «{value}» no existe.").format(where=where, value=str(kind)[:40]))
        by_place[kind] = _questions(items, where)
    children_raw = obj.get("sections", [])
    if not isinstance(children_raw, list):
        _fail(_("en {where}, «sections» debe ser una lista.").format(where=where))
    children = sorted((_section(c, where, keys, count) for c in children_raw), key=lambda s: s.order)
    _orders_unique(children, where)
    numbered = obj.get("numbered_paragraphs")
    if numbered is not None and not isinstance(numbered, bool):
        _fail(_("en {where}, «numbered_paragraphs» debe ser true o false.").format(where=where))
    return SectionTemplate(key, title, order, discipline, required, questions, by_place, children, numbered)


def _orders_unique(sections: list[SectionTemplate], where: str) -> None:
    orders = [s.order for s in sections]
    if len(set(orders)) != len(orders):
        _fail(_("en {where} dos secciones tienen el mismo número de orden.").format(where=where))


def parse(raw: bytes | str) -> ReportTemplate:
    """The template in `raw` (JSON text), or TemplateError naming the first problem found."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_TEMPLATE_BYTES:
            _fail(_("el archivo supera los 2 MB admitidos."))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail(_("el archivo no está en UTF-8."))
    try:
        data = json.loads(raw, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        _fail(_("no es JSON válido (línea {line}, columna {column}).").format(line=error.lineno, column=error.colno))
    except RecursionError:
        _fail(_("el archivo está anidado a demasiada profundidad."))
    if not isinstance(data, dict):
        _fail(_("el contenido debe ser un objeto JSON."))
    if data.get("format") != FORMAT:
        _fail(_("el formato debe ser {format}.").format(format=FORMAT))
    top = _("la plantilla")
    key, name = _text(data, "key", top), _text(data, "name", top)
    kind = _text(data, "report_kind", top)
    if kind not in v.REPORT_KINDS:
        _fail(_("el tipo de informe «{value}» no existe (use una de: {known}).").format(
            value=kind[:40], known=", ".join(v.REPORT_KINDS)))
    description = _text(data, "description", top, required=False)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        _fail(_("la plantilla debe tener una lista «sections» con al menos una sección."))
    keys, count = set(), [0]
    sections = sorted((_section(s, top, keys, count) for s in raw_sections), key=lambda s: s.order)
    _orders_unique(sections, top)
    numbered = data.get("numbered_paragraphs", True)
    if not isinstance(numbered, bool):
        _fail(_("«numbered_paragraphs» debe ser true o false."))
    return ReportTemplate(key, name, kind, description, sections, numbered)


def placement_warnings(template: ReportTemplate) -> list[str]:
    """What an export of this template will leave out because the template names no place for
    it: the findings (a "hallazgos" section or one per thematic area) and the recommendations
    table (a "recomendaciones" section). The export never appends chapters of its own, so the
    institution's structure is kept; the person importing is told at once."""
    keys = {section.key for section, _parent, _depth in template.walk()}
    warnings = []
    if "hallazgos" not in keys and not keys & set(v.THEMATIC_AREAS):
        warnings.append(_("La plantilla no tiene una sección «hallazgos» ni una por área temática: los "
                          "hallazgos registrados no aparecerán en el informe exportado."))
    if "recomendaciones" not in keys:
        warnings.append(_("La plantilla no tiene una sección «recomendaciones»: la tabla de "
                          "recomendaciones no aparecerá en el informe exportado."))
    return warnings
