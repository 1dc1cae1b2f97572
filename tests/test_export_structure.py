"""The institution's structure is kept in the export (issue 15): its sections, in its order, and
nothing appended; findings and recommendations only where the template names them; empty
sections left out of approved reports and marked in drafts; no finding text printed twice."""

import json

from docx import Document

from export_fixture import build_report, empty_lines, numbered_headings
from npmdesk import cli
from npmdesk.domain import model
from npmdesk.domain.templates import parse, placement_warnings
from npmdesk.export import toc
from npmdesk.services.archive import word as export
from npmdesk.services.drafting import reports, templates
from npmdesk.services.records import edit as records

Q = ["¿Qué se observó?", "¿Qué dijeron las personas?", "¿Qué consta en los registros?"]
OWN = {"format": 1, "key": "defensoria", "name": "Informe de la Defensoría", "report_kind": "visita",
       "sections": [
           {"key": "antecedentes", "title": "Antecedentes", "order": 1, "discipline": "derecho",
            "questions": Q},
           {"key": "observaciones", "title": "Observaciones del equipo", "order": 2, "discipline": "derecho",
            "questions": Q,
            "sections": [{"key": "celdas", "title": "Celdas y dormitorios", "order": 1,
                          "discipline": "derecho", "questions": Q}]},
           {"key": "exhortos", "title": "Conclusiones y exhortos", "order": 3, "discipline": "derecho",
            "questions": Q},
           {"key": "anexo_documental", "title": "Anexo documental", "order": 4, "discipline": "derecho",
            "questions": Q}]}


def headings(path) -> list[str]:
    return numbered_headings(Document(path))


def test_a_template_without_places_is_warned_at_import(session, tmp_path, case_path, passphrase, monkeypatch,
                                                      capsys):
    template = parse(json.dumps(OWN).encode())
    warnings = placement_warnings(template)
    assert len(warnings) == 2 and "hallazgos" in warnings[0] and "recomendaciones" in warnings[1]
    assert placement_warnings(templates.builtin_templates()["visita"]) == []
    source = tmp_path / "defensoria.json"
    source.write_text(json.dumps(OWN, ensure_ascii=False), encoding="utf-8")
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    assert cli.main(["templates", str(case_path), "--import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "Plantilla importada: defensoria" in out  # accepted,
    assert out.count("Aviso: La plantilla no tiene una sección") == 2  # with the warnings


def test_an_institution_template_is_reproduced_section_for_section(session, tmp_path):
    built = build_report(session)  # findings and recommendations recorded for the visit
    source = tmp_path / "defensoria.json"
    source.write_text(json.dumps(OWN, ensure_ascii=False), encoding="utf-8")
    templates.import_template(session, source)
    report = reports.create_report(session, built.visit.id, "defensoria", number="DP-2026-001")
    for section in records.select(session, model.Section, report_id=report.id):
        records.save_section_body(session, section.id, f"<p>Texto de «{section.title}».</p>")
    target = tmp_path / "propia.docx"
    export.export_report(session, report.id, target)
    assert headings(target) == ["1. Antecedentes", "2. Observaciones del equipo", "2.1. Celdas y dormitorios",
                                "3. Conclusiones y exhortos", "4. Anexo documental"]
    text = "\n".join(p.text for p in Document(target).paragraphs)
    for appended in ("Recomendaciones", "Hallazgos", "Anexos", "Uso excesivo de la fuerza"):
        assert appended not in text
    assert not [t for t in Document(target).tables if t.rows[0].cells[0].text == "N.º"]


def test_empty_sections_are_left_out_when_approved_and_marked_in_drafts(session, tmp_path):
    specs = [("resumen", "Resumen ejecutivo", "<p>Hubo hacinamiento.</p>", None),
             ("buenas_practicas", "Buenas prácticas", "", None),
             ("marco", "Marco normativo", "<p> </p><p>&nbsp;</p>", None),
             ("hallazgos", "Hallazgos", "", None),
             ("trato", "Trato", "", "hallazgos"),
             ("personal", "Personal", "", "hallazgos"),
             ("recomendaciones", "Recomendaciones", "", None)]
    draft = build_report(session, sections=specs)
    draft_path = tmp_path / "borrador.docx"
    export.export_report(session, draft.report.id, draft_path)
    # (the visit's condiciones_materiales finding goes under Hallazgos with its area's name)
    # An empty section is one line, numbered with the chapters (so the next keeps its number)
    # but no heading: the index does not list it.
    assert headings(draft_path) == ["1. Resumen ejecutivo", "4. Hallazgos", "Condiciones materiales",
                                    "4.1. Trato", "5. Recomendaciones"]
    assert empty_lines(Document(draft_path)) == [  # Trato has its finding
        f"{title} — Sin contenido. Estado de la sección: Borrador"
        for title in ("Buenas prácticas", "Marco normativo", "Personal")]
    assert [text for _level, text in toc.headings(Document(draft_path))] == [
        "1. Resumen ejecutivo", "4. Hallazgos", "Condiciones materiales", "4.1. Trato", "5. Recomendaciones"]

    approved = build_report(session, state="aprobado", sections=specs)
    final = tmp_path / "final.docx"
    export.export_report(session, approved.report.id, final)
    assert headings(final) == ["1. Resumen ejecutivo", "2. Hallazgos", "Condiciones materiales", "2.1. Trato",
                               "3. Recomendaciones"]
    assert "Sin contenido." not in [p.text for p in Document(final).paragraphs]


def test_a_finding_the_section_already_says_is_not_printed_twice(session, tmp_path):
    built = build_report(session)
    trato = next(s for s in built.sections if s.key == "trato")
    records.save_section_body(session, trato.id, "<p>Según las entrevistas: varias personas describieron "
                                                 "golpes durante las requisas   nocturnas.</p>")
    target = tmp_path / "x.docx"
    export.export_report(session, built.report.id, target)
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert text.count("golpes durante las requisas") == 1
    assert "Uso excesivo de la fuerza en requisas." not in text
    assert "Hacinamiento. La ocupación supera el 120 % de la capacidad." in text  # the other finding stays
