"""A folder of past reports in Word migrated as historical reports («importado») of their visits,
place and date read from the cover, recommendation tables as records; a hostile file and a file
without a place are listed, the rest imported."""

import docx
import pytest

from docx_builders import plain_docx
from npmdesk.domain import model, workflow
from npmdesk.services.archive import word
from npmdesk.services.importing import archive
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from test_cli_case import PASS, run
from test_word_import import demo  # noqa: F401


def _past(path, cover: str, rows):
    document = docx.Document()
    document.add_paragraph(cover, style="Title")
    document.add_heading("Resumen ejecutivo", 1)
    document.add_paragraph("Se constató hacinamiento.")
    document.add_heading("Recomendaciones", 1)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("N.º", "Recomendación", "Autoridad destinataria", "Plazo")):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(str(path))
    return path


@pytest.fixture
def folder(session, tmp_path):
    records.save(session, model.Place(name="Centro Penitenciario La Joya"))
    records.save(session, model.Place(name="Centro de Cumplimiento de Tocumen", kind="centro_menores"))
    folder = tmp_path / "archivo"
    folder.mkdir()
    _past(folder / "2019-joya.docx", "Informe de la visita al Centro Penitenciario La Joya, 12 y 13 de mayo de 2019",
          [("1", "Reparar los servicios sanitarios.", "Dirección General del Sistema Penitenciario", "31 de diciembre de 2019"),
           ("2", "Crear un registro de sanciones.", "Dirección General del Sistema Penitenciario", "")])
    _past(folder / "2021-tocumen.docx", "Centro de Cumplimiento de Tocumen — visita del 2021-03-04",
          [("1", "Garantizar la escolarización.", "Ministerio de Gobierno", "")])
    _past(folder / "sin-lugar.docx", "Informe de una visita, 5 de junio de 2020", [])
    (folder / "macros.docm").write_bytes(plain_docx(tmp_path / "x.docx").read_bytes())
    return folder


def test_a_folder_becomes_historical_reports_with_their_recommendations(session, folder):
    survey = archive.survey(session, folder)
    assert [c.path.name for c in survey.candidates] == ["2019-joya.docx", "2021-tocumen.docx", "sin-lugar.docx"]
    assert [c.date for c in survey.candidates] == ["2019-05-12", "2021-03-04", "2020-06-05"]
    assert survey.candidates[2].place_id is None
    assert len(survey.refused) == 1 and survey.refused[0].startswith("No se importó «macros.docm»")
    table = survey.candidates[0].tables[0]
    assert table.columns == ["", "text", "authority", "deadline"]
    result = archive.migrate(session, survey)
    assert result.skipped == ["«sin-lugar.docx»: falta el lugar o la fecha de la visita"]
    assert [r.state for r in result.reports] == ["importado", "importado"]
    assert all(workflow.next_state(r, action) is None for r in result.reports
               for action in ("enviar_informe", "aprobar_informe", "exportar"))
    visits = {v.start_date: v for v in records.select(session, model.Visit)}
    assert sorted(visits) == ["2019-05-12", "2021-03-04"]
    recs = sorted(records.select(session, model.Recommendation), key=lambda r: r.text)
    assert [(r.text, r.authority, r.deadline, r.visit_id, r.status) for r in recs] == [
        ("Crear un registro de sanciones.", "Dirección General del Sistema Penitenciario", "",
         visits["2019-05-12"].id, "pendiente"),
        ("Garantizar la escolarización.", "Ministerio de Gobierno", "", visits["2021-03-04"].id, "pendiente"),
        ("Reparar los servicios sanitarios.", "Dirección General del Sistema Penitenciario", "2019-12-31",
         visits["2019-05-12"].id, "pendiente")]
    sections = {s.key: s for s in records.select(session, model.Section, report_id=result.reports[0].id)}
    assert "hacinamiento" in sections["resumen"].body


def test_the_column_mapping_can_be_changed(session, folder):
    survey = archive.survey(session, folder)
    survey.candidates[0].tables[0].columns = ["", "text", "", ""]  # the authority column not taken
    survey.candidates[1].tables = []  # this table not offered
    archive.migrate(session, survey)
    recs = records.select(session, model.Recommendation)
    assert len(recs) == 2 and {r.authority for r in recs} == {"(sin indicar en el documento)"}
    assert {r.deadline for r in recs} == {""}


def test_the_demo_export_migrates_with_its_grouped_recommendation_table(demo, tmp_path):  # noqa: F811
    report = max((r for r in records.select(demo, model.Report) if r.visit_id), key=lambda r: r.number)
    folder = tmp_path / "archivo"
    folder.mkdir()
    word.export_report(demo, report.id, folder / "informe.docx", override=True)
    survey = archive.survey(demo, folder)
    (candidate,) = survey.candidates
    visit = records.get(demo, model.Visit, report.visit_id)
    assert candidate.place_id == visit.place_id and candidate.date == visit.start_date
    before = {(r.text, r.authority, r.deadline) for r in records.select(demo, model.Recommendation, visit_id=visit.id)}
    assert len(candidate.tables) == 2  # the follow-up table of earlier recommendations, and this one
    table = next(t for t in candidate.tables if "deadline" in t.columns)
    offered = {(r.text, r.authority, r.deadline) for r in archive.recommendations_of(table, visit.id)}
    assert offered == before  # the grouped rows and the authority column read back as written


def test_cli_report_migrate(session, case_path, folder):
    place = records.select(session, model.Place)[0]
    session.close()
    done = run("report", "migrate", case_path, folder, "--place", place.name, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Tabla de recomendaciones: N.º → no se importa, Recomendación → texto" in done.stdout
    assert "No importado: No se importó «macros.docm»" in done.stdout
    assert "3 informes históricos importados (estado «importado»), 3 recomendaciones." in done.stdout
    done = run("report", "migrate", case_path, folder / "nada", passphrase=PASS)
    assert done.returncode == 1 and "no tiene documentos de Word" in done.stderr
    reopened = open_case(case_path, PASS)
    try:
        assert len(records.select(reopened, model.Report)) == 3
    finally:
        reopened.close()
