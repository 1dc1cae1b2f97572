"""The export's disclosure check over exactly what leaves (issue 14, item 8): people of earlier
visits, finding references renamed after the check used to run, the header, and the .docx read
back — a name the writer puts outside its paragraphs (the document properties) is still found."""

import zipfile

import pytest

from npmdesk.domain import model
from npmdesk.services.archive import disclosure
from npmdesk.services.archive import word as export
from npmdesk.services.records import findings
from npmdesk.services.records import edit as records
from export_fixture import build_report

EARLIER_NAME = "Ezequiel Batista Rodríguez"


@pytest.fixture
def built(session):
    built = build_report(session)
    earlier = records.save(session, model.Visit(place_id=built.visit.place_id, start_date="2024-05-02"))
    records.add_interview(session, model.Interview(visit_id=earlier.id, code="E-05", real_identity=EARLIER_NAME,
                                                   consent_interview=True, consent_report=True))
    return built


def test_an_interviewee_of_an_earlier_visit_is_found(session, built, tmp_path):
    records.save_section_body(session, built.sections[1].id, "<p>Como en 2024, EZEQUIEL BATISTA fue aislado.</p>")
    items = export.disclosure_report(session, built.report.id)
    assert [(i.where, i.text) for i in items] == [("Resumen ejecutivo", "EZEQUIEL BATISTA")]
    with pytest.raises(export.DisclosureFound):
        export.export_report(session, built.report.id, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_finding_renamed_after_it_was_cited_is_checked_as_it_will_print(session, built, tmp_path):
    finding = records.save(session, model.Finding(visit_id=built.visit.id, area="personal", title="Aislamiento",
                                                  text="Se constató."))
    section = built.sections[1]
    records.save_section_body(session, section.id,
                              f"<p>Véase {findings.reference_html(session, finding.id)}.</p>")
    assert disclosure.section_passages(session, section.id) == []
    finding.title = "Aislamiento de Maricruz Ábrego"
    records.save(session, finding)
    assert [p.text for p in disclosure.section_passages(session, section.id)] == ["Maricruz Ábrego"]
    items = export.disclosure_report(session, built.report.id)
    where = sorted(i.where for i in items)
    assert where == ["Hallazgos", "Resumen ejecutivo"]  # the finding itself, and the reference to it


def test_the_header_and_the_document_properties_are_checked(session, built, tmp_path):
    report = records.get(session, model.Report, built.report.id)
    report.title = "Informe sobre Villalaz"
    report.classification = "Reservado — E-02"
    records.save(session, report)
    items = export.disclosure_report(session, built.report.id)
    texts = sorted((i.where, i.text) for i in items)
    # the title on the cover and in docProps/core.xml (read back from the file, not the writer's
    # paragraphs); the classification on the cover and in the header (a draft's footer no longer
    # repeats it beside BORRADOR: the draft mark is a watermark now, issue 15)
    assert ("Documento Word", "Villalaz") in texts
    assert [t for w, t in texts if t == "E-02"] == ["E-02"] * 2
    assert {w for w, t in texts if t == "E-02"} == {"Informe sobre Villalaz", "Encabezado y pie de página"}
    target = tmp_path / "x.docx"
    result = export.export_report(session, built.report.id, target, override=True)
    assert result.overridden == len(items)
    with zipfile.ZipFile(target) as package:
        assert b"Villalaz" in package.read("docProps/core.xml")  # what was flagged is what left


def test_a_clean_report_exports_without_a_word(session, built, tmp_path):
    assert export.disclosure_report(session, built.report.id) == []
    assert export.export_report(session, built.report.id, tmp_path / "x.docx").overridden == 0


# The name of build_report's first interviewee, written ten ways to slip past a reader (the last
# note of issue 14): run together in any case, initial and surname, digits and look-alike
# letters for letters.
WAYS = ["rigobertoquintanilla", "RIGOBERTOQUINTANILLA", "quintanillarigoberto", "rquintanilla",
        "rigoberto_quintanilla", "R1goberto Qu1ntan1lla", "R\u0456g\u03bfberto",  # Cyrillic і, Greek ο
        "Qu!ntanilla Salda\u00f1a".replace("!", "\u0456"), "quintanillasaldaña", "QU1NTAN1LLA"]


def test_a_name_written_ten_ways_is_found_in_a_body_a_footnote_and_a_table_cell(session, built, tmp_path):
    cells = "".join(f"<tr><td>Fila {n}</td><td>{way}</td></tr>" for n, way in enumerate(WAYS))
    notes = "".join(f'<sup class="fn" data-nota="Dicho por {way}.">{n}</sup>' for n, way in enumerate(WAYS, 1))
    body = "".join(f"<p>Lo relató {way} en la celda.</p>" for way in WAYS) + f"<p>Véase.{notes}</p>" \
        + f'<table border="1">{cells}</table>'
    records.save_section_body(session, built.sections[1].id, body)
    found = [p.text for p in disclosure.section_passages(session, built.sections[1].id)]
    assert found == WAYS * 3  # the paragraphs, the table's cells, then the footnotes
    items = export.disclosure_report(session, built.report.id)
    assert sorted(i.text for i in items) == sorted(WAYS * 3)
    with pytest.raises(export.DisclosureFound):
        export.export_report(session, built.report.id, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_heading_broken_across_lines_is_checked_as_the_table_of_contents_lists_it(session, built):
    """The index listed a heading "EZEQUIEL<br>BATISTA" as "EZEQUIELBATISTA" (the break
    dropped): found only as a run-together name, and "María<br>de la Cruz", listed as "Maríade la
    Cruz", not at all. It lists a break as a space now."""
    records.save_section_body(session, built.sections[1].id, "<h3>Caso de EZEQUIEL<br>BATISTA</h3><p>Texto.</p>")
    items = export.disclosure_report(session, built.report.id)
    assert sorted((i.where, " ".join(i.text.split())) for i in items) == [
        ("Documento Word", "EZEQUIEL BATISTA"), ("Resumen ejecutivo", "EZEQUIEL BATISTA")]
