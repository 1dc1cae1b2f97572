"""Report templates: the shipped files, importing an institution's own, and malformed ones."""

import json

import pytest

from npmdesk import i18n
from npmdesk.domain import vocabulary
from npmdesk.domain.templates import TemplateError, parse
from npmdesk.services.drafting import templates
from npmdesk.storage import audit_log


def _minimal(**changes):
    section = {"key": "trato", "title": "Trato", "order": 1, "discipline": "derecho",
               "required": True, "questions": ["¿Uno?", "¿Dos?", "¿Tres?"]}
    section.update(changes)
    return {"format": 1, "key": "propia", "name": "Plantilla propia", "report_kind": "visita",
            "sections": [section]}


def _message(raw) -> str:
    with pytest.raises(TemplateError) as error:
        parse(raw)
    return error.value.message()


def test_shipped_templates_load_with_the_designed_structure():
    found = templates.builtin_templates()
    assert set(found) == {"visita", "seguimiento", "tematico", "anual"}
    # The annual report's written parts: the director's voice, the lawyers' analysis.
    anual = found["anual"]
    assert anual.report_kind == "anual" and [(s.key, s.discipline, s.required) for s in anual.sections] == [
        ("presentacion", "coordinacion", True), ("hallazgos", "derecho", False),
        ("desafios", "coordinacion", True), ("prioridades", "coordinacion", True)]
    assert "anual" not in templates.for_visits()
    visita = found["visita"]
    assert [s.title for s in visita.sections][:6] == [
        "Datos del informe", "Resumen ejecutivo", "Introducción", "Metodología",
        "Información general del lugar", "Seguimiento de recomendaciones anteriores"]
    hallazgos = next(s for s in visita.sections if s.key == "hallazgos")
    areas = [s.key for s in hallazgos.sections]
    assert areas == [a for a in vocabulary.THEMATIC_AREAS]
    groups = next(s for s in hallazgos.sections if s.key == "grupos_vulnerables")
    assert [s.key for s in groups.sections] == ["grupo_" + g for g in vocabulary.VULNERABLE_GROUPS]
    for template in found.values():
        for section, _parent, _depth in template.walk():
            assert section.discipline in vocabulary.DISCIPLINES
            for kind in vocabulary.PLACE_KINDS:
                assert 3 <= len(section.questions_for(kind)) <= 8
    seguimiento = next(s for s in found["seguimiento"].sections if s.key == "seguimiento")
    assert seguimiento.required
    assert not next(s for s in visita.sections if s.key == "seguimiento").required


def test_questions_are_adapted_to_the_type_of_place():
    visita = templates.builtin_templates()["visita"]
    trato = next(s for s, _p, _d in visita.walk() if s.key == "trato")
    police = " ".join(trato.questions_for("subestacion_policia"))
    psych = " ".join(trato.questions_for("hospital_psiquiatrico"))
    juvenile = " ".join(trato.questions_for("centro_menores"))
    migrant = " ".join(trato.questions_for("estacion_migratoria"))
    assert "aprehensión" in police and "contención mecánica" in psych
    assert "adolescentes" in juvenile and "deportación" in migrant
    assert trato.questions_for("centro_penitenciario") == trato.questions


@pytest.mark.parametrize("raw, expected", [
    ('{"format": 1, "key": ', "no es JSON válido (línea 1"),
    (json.dumps(_minimal(title="")), "falta «title»"),
    ('{"format": 1, "key": "a", "key": "b"}', "la clave «key» aparece repetida"),
    (json.dumps(_minimal(discipline="astrologia")), "la disciplina «astrologia» no existe"),
    (json.dumps(_minimal(order="primero")), "«order» debe ser un número entero positivo"),
    (json.dumps(_minimal(required="sí")), "«required» debe ser true o false"),
    (json.dumps(_minimal(questions="¿Una sola?")), "deben ser una lista de textos"),
    (json.dumps(_minimal(questions=["¿Una?", "¿Dos?"])), "hay 2 preguntas orientadoras; deben ser entre 3 y 8"),
    (json.dumps(_minimal(questions=[f"¿{n}?" for n in range(9)])), "hay 9 preguntas orientadoras"),
    (json.dumps(_minimal(questions_by_place={"submarino": ["¿a?", "¿b?", "¿c?"]})),
     "el tipo de lugar «submarino» no existe"),
    (json.dumps(_minimal(sections=[{"key": "trato", "title": "Otra", "order": 1, "discipline": "derecho",
                                    "questions": ["¿a?", "¿b?", "¿c?"]}])),
     "la clave de sección «trato» está repetida"),
    (json.dumps({**_minimal(), "report_kind": "novela"}), "el tipo de informe «novela» no existe"),
    (json.dumps({**_minimal(), "sections": []}), "al menos una sección"),
    (json.dumps([1, 2]), "el contenido debe ser un objeto JSON"),
    (json.dumps({**_minimal(), "format": 7}), "el formato debe ser 1"),
    (b"\xff\xfe\x00garbage", "no está en UTF-8"),
])
def test_malformed_templates_are_refused_naming_the_problem(raw, expected):
    message = _message(raw)
    assert message.startswith("La plantilla no es válida:")
    assert expected in message


def test_messages_name_the_section(tmp_path):
    assert "la sección «Trato»" in _message(json.dumps(_minimal(discipline="x")))


def test_import_an_institution_template_and_refuse_a_bad_one(session, tmp_path):
    good = tmp_path / "propia.json"
    good.write_text(json.dumps(_minimal(), ensure_ascii=False), encoding="utf-8")
    before = audit_log.head(session.case.conn)[0]
    template = templates.import_template(session, good)
    assert template.key == "propia"
    assert templates.get(session, "propia").sections[0].title == "Trato"
    assert "propia" not in templates.available(None)
    assert audit_log.head(session.case.conn)[0] == before + 1

    bad = tmp_path / "mala.json"
    bad.write_text(json.dumps({**_minimal(), "key": "mala", "sections": [{"title": "X"}]}), encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        templates.import_template(session, bad)
    assert "falta «key»" in error.value.message()
    assert "mala" not in templates.available(session)
    assert audit_log.head(session.case.conn)[0] == before + 1
    with pytest.raises(TemplateError) as error:
        templates.import_template(session, tmp_path / "no-existe.json")
    assert "no se puede leer el archivo «no-existe.json»" in error.value.message()


def test_template_errors_read_in_english_when_chosen():
    i18n.set_language("en")
    try:
        assert _message("{").startswith("The template is not valid")
    finally:
        i18n.set_language("es")
