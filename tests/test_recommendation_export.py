"""Recommendations with their history and responses to CSV and XLSX, read back (csv, openpyxl)
with the columns docs/exportacion-recomendaciones.md documents; formula injection defused."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from npmdesk.domain import model
from npmdesk.services.demo.case import create_demo
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import history, table
from fast_kdf import FAST_KDF

DOC = Path(__file__).resolve().parent.parent / "docs" / "exportacion-recomendaciones.md"
PASSPHRASE = "Frase de prueba segura 2026"


def documented() -> dict[str, list[str]]:
    """Sheet name -> the column names its table in the doc lists, in order."""
    sheets, current = {}, None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## Hoja «([^»]+)»", line)
        if heading:
            current = sheets.setdefault(heading.group(1), [])
        cell = re.match(r"\| `([^`]+)` \|", line)
        if cell and current is not None:
            current.append(cell.group(1))
    return sheets


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    session = create_demo(tmp_path_factory.mktemp("demo") / "demo.npmcase", PASSPHRASE, kdf_params=FAST_KDF)
    yield session
    session.close()


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_has_the_documented_columns_and_every_recommendation(demo, tmp_path):
    path = table.export(demo, tmp_path / "recomendaciones.csv")
    rows = read_csv(path)
    assert list(rows[0]) == documented()["Recomendaciones"]
    recs = {r.id: r for r in records.select(demo, model.Recommendation)}
    assert {row["Identificador"] for row in rows} == set(recs)
    sanitation = next(row for row in rows if row["Texto"].startswith("Reparar los servicios sanitarios"))
    assert sanitation["Estado actual"] == "Cumplida" and sanitation["Origen"] == "Informe del MNPT"
    assert sanitation["Documento de origen"] == "MNPT-2025-014" and sanitation["Año"] == "2025"
    assert sanitation["Lugar"] == "Centro Penitenciario de Cerro Azul"
    assert sanitation["Tipo de lugar"] == "Centro penitenciario" and sanitation["Provincia"] == "Panamá Oeste"
    assert sanitation["Cambios de estado"] == "3"
    assert "Verificación en la práctica" in sanitation["Historial"]
    assert "Nota n.º 1187-DGSP-DS-2025" in sanitation["Respuestas"]
    repeating = next(row for row in rows if row["Reitera a"])
    assert recs[repeating["Reitera a"]].status == "reiterada"
    actions = [row[0] for row in demo.case.query("SELECT action FROM audit")]
    assert actions[-1] == "exportar_recomendaciones"


def test_the_xlsx_has_the_four_documented_sheets(demo, tmp_path):
    path = table.export(demo, tmp_path / "recomendaciones.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(documented())
    for name, columns in documented().items():
        assert [c.value for c in book[name][1]] == columns, name
    entries = list(book["Historial"].iter_rows(min_row=2, values_only=True))
    total = sum(len(r.history) for r in records.select(demo, model.Recommendation))
    assert len(entries) == total
    plan = list(book["Plan de acción"].iter_rows(min_row=2, values_only=True))
    assert ("Sustituir inodoros y lavamanos del pabellón 3.") in [row[2] for row in plan]
    responses = list(book["Respuestas"].iter_rows(min_row=2, values_only=True))
    assert [row[7] for row in responses if row[3] == "Nota n.º 1187-DGSP-DS-2025"] == ["nota-1187-DGSP-2025.pdf"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"clic\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1+1"])
def test_formulas_are_never_run(session, tmp_path, text):
    place = records.save(session, model.Place("La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-01-05"))
    rec = records.save(session, model.Recommendation(visit.id, text, "DGSP"))
    history.change_status(session, rec.id, "en_proceso", day="2026-02-01", reason=text)
    [row] = read_csv(table.export(session, tmp_path / "r.csv"))
    assert row["Texto"] == "'" + records.get(session, model.Recommendation, rec.id).text
    sheet = openpyxl.load_workbook(table.export(session, tmp_path / "r.xlsx"))["Recomendaciones"]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == records.get(session, model.Recommendation, rec.id).text
    history_cell = openpyxl.load_workbook(tmp_path / "r.xlsx")["Historial"].cell(row=3, column=5)
    assert history_cell.data_type == "s"


def test_a_wrong_suffix_is_refused_and_writes_nothing(session, tmp_path):
    with pytest.raises(table.UnknownExportFormat) as caught:
        table.export(session, tmp_path / "r.ods")
    assert ".csv o .xlsx" in caught.value.message()
    assert not (tmp_path / "r.ods").exists()


def test_the_command_line(session, tmp_path):
    path = session.path
    session.close()
    env = {"NPMDESK_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "npmdesk", *args], capture_output=True,
                                       text=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    done = run("recommendations", str(path), "--xlsx", str(tmp_path / "r.xlsx"))
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Recomendaciones"
    wrong = run("recommendations", str(path), "--csv", str(tmp_path / "r.xlsx"))
    assert wrong.returncode == 1 and "debe terminar en .csv" in wrong.stderr
    both = run("recommendations", str(path))
    assert both.returncode == 2
