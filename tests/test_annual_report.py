"""The annual report: the demo's 2026 report read back from the .docx (structure, figures,
charts, findings only from approved reports, nobody named), the disclosure check, the
bitácora entry, and `npmdesk annual-report` end to end."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from fast_kdf import FAST_KDF
from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import model
from npmdesk.services.archive import annual
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.storage import audit_log

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    return path


@pytest.fixture(scope="module")
def written(demo_path, tmp_path_factory):
    target = tmp_path_factory.mktemp("anual") / "anual-2026.docx"
    session = open_case(demo_path, DEMO_PASSPHRASE)
    try:
        result = annual.export_annual(session, 2026, target)
        with session.case.lock:
            entries = audit_log.entries(session.case.conn)
    finally:
        session.close()
    return result, Document(str(target)), target.read_bytes(), entries


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def _table(doc, first_header):
    return next([[c.text for c in row.cells] for row in t.rows] for t in doc.tables
                if t.rows[0].cells[0].text == first_header)


def test_chapters_follow_the_apt_structure(written):
    _result, doc, _data, _entries = written
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["1. Presentación", "2. Mandato y base legal", "3. Métodos de trabajo",
                        "4. Actividades del año", "5. Principales hallazgos del año por área temática",
                        "6. Recomendaciones y su seguimiento", "7. Desafíos",
                        "8. Prioridades para el próximo año"]
    text = _text(doc)
    assert "Ley 6 de 2017" in text and "artículo 23" in text and "artículo 20" in text
    assert "Informe anual 2026" in text


def test_the_figures_are_the_statistics_of_the_year(written):
    _result, doc, _data, _entries = written
    assert sorted(_table(doc, "Tipo de lugar")[1:]) == [["Centro de cumplimiento de menores", "1"],
                                                         ["Centro penitenciario", "1"],
                                                         ["Estación de recepción migratoria", "1"]]
    assert _table(doc, "Tipo de alegación")[1:] == [["Malos tratos", "4"], ["Amenazas", "3"], ["Represalias", "1"]]
    by_year = _table(doc, "Año")
    assert by_year[0] == ["Año", "Cumplida", "Parcialmente cumplida", "En proceso", "Incumplida",
                          "Pendiente", "Total", "% cumplidas"]
    assert by_year[1] == ["2024", "2", "1", "0", "3", "0", "6", "33.3\u00a0%"]
    assert by_year[-1] == ["Total", "3", "2", "1", "4", "1", "11", "27.3\u00a0%"]
    summary = dict(tuple(row) for row in _table(doc, "Indicador")[1:])
    assert summary["Visitas realizadas"] == "3" and summary["Entrevistas"] == "14"
    # One chart per table with a count per row or a compliance split (13 of the 14 tables),
    # each with its title as alt text.
    pictures = [p for p in doc.inline_shapes]
    assert len(pictures) == 13
    described = [d.get("descr") for d in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert "Alegaciones por tipo" in described


def test_findings_come_only_from_approved_reports_and_nobody_is_named(written):
    _result, doc, _data, _entries = written
    text = _text(doc)
    # The station's and the juvenile centre's 2026 reports are approved; the prison's is under review.
    assert "Hacinamiento y falta de agua en las galeras" in text
    assert "Atención en salud mental insuficiente" in text
    assert "Hacinamiento crítico en el pabellón 3" not in text
    for secret in ("Rubén Darío Castillo Mendoza", "Yaritza Elena Batista Rodríguez", "E-01", "E-02"):
        assert secret not in text


def test_parts_under_review_leave_it_a_draft_and_the_bitacora_records_it(written):
    result, doc, data, entries = written
    assert result.draft and result.sha256 == sha256_hex(data)
    assert "BORRADOR" in doc.sections[0].header.paragraphs[0].text
    # The demo's «informe anual» is under review: its text is printed, marked as a draft.
    text = _text(doc)
    assert "Este es el noveno informe anual" in text and "Preguntas orientadoras" not in text
    assert "Borrador: este informe aún no ha sido aprobado." in text
    last = entries[-1]
    assert (last.action, last.entity, last.entity_id) == ("exportar_informe_anual", "annual_report", "2026")
    assert doc.core_properties.author == ""


def test_a_finding_that_names_someone_stops_the_export(session, tmp_path):
    place = records.save(session, model.Place("Cárcel A", province="Panamá"))
    visit = records.save(session, model.Visit(place.id, "2026-03-01"))
    records.add_interview(session, model.Interview(visit.id, consent_interview=True,
                                                   real_identity="Josefina Almanza Quirós"))
    records.save(session, model.Report(visit.id, "Informe", number="MNPT-2026-001", state="aprobado"))
    # The name is split between the finding's title (one bold run) and its text (another).
    records.save(session, model.Finding(visit.id, "trato", "Relato de Josefina Almanza",
                                        "Quirós: golpes en el traslado."))
    target = tmp_path / "anual.docx"
    with pytest.raises(annual.DisclosureFound):
        annual.export_annual(session, 2026, target)
    assert not target.exists() and not list(tmp_path.glob(".~npmdesk-export-*"))
    with pytest.raises(annual.OverrideNotAllowed):
        annual.export_annual(session_as_author(session), 2026, target, override=True)
    assert not target.exists()


def session_as_author(session):
    from npmdesk.services.session import Session
    author = records.save(session, model.TeamMember("Autora", "derecho", "autor"))
    return Session(session.case, author)


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=DEMO_PASSPHRASE)
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_the_command_writes_the_report_and_refuses_bad_input(demo_path, tmp_path):
    target = tmp_path / "anual.docx"
    done = run("annual-report", demo_path, "--year", "2025", "-o", target)
    assert done.returncode == 0, done.stderr
    assert "Informe anual 2025 escrito" in done.stdout and "borrador" in done.stdout
    doc = Document(io.BytesIO(target.read_bytes()))
    assert _table(doc, "Año")[1][0] == "2024"  # in 2025 the earlier years are 2024 only
    bad = run("annual-report", demo_path, "--year", "2026", "-o", tmp_path / "anual.pdf")
    assert bad.returncode == 1 and bad.stderr.strip() == "npmdesk: El archivo de destino debe terminar en .docx."
    missing = run("annual-report", demo_path, "--year", "2026", "-o", tmp_path / "no" / "anual.docx")
    assert missing.returncode == 1 and "No existe la carpeta" in missing.stderr
