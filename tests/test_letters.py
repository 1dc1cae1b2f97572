"""Letters (oficios) to the authorities from an approved report, read back from the .docx:
one per authority, each with exactly its recommendations numbered as in the report."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from fast_kdf import FAST_KDF
from npmdesk.domain import model
from npmdesk.services.archive import letters, word
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


@pytest.fixture
def demo(demo_path):
    session = open_case(demo_path, DEMO_PASSPHRASE)
    yield session
    session.close()


def _report(session, number):
    return next(r for r in records.select(session, model.Report) if r.number == number)


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "oficios"
    folder.mkdir()
    return folder


def _rows(path):
    doc = Document(str(path))
    table = doc.tables[0]
    return doc, [[c.text for c in row.cells] for row in table.rows[1:]]


def test_one_letter_per_authority_holding_exactly_its_recommendations(demo, out):
    report = _report(demo, "MNPT-2026-007")  # the station's approved report
    # The numbers a reader finds in the exported report's end table (number, text), by text.
    exported = out.parent / "informe.docx"
    word.export_report(demo, report.id, exported)
    written = letters.write_letters(demo, report.id, out, due_days=30, day="2026-03-02")
    content, _ = word.build_content(demo, report.id)
    expected: dict[str, list] = {}
    for rec in content.recommendations:
        expected.setdefault(rec.authority, []).append(rec)
    assert [w.authority for w in written] == list(expected) == ["Ministerio Público", "Servicio Nacional de Migración"]
    in_report = {row.cells[1].text: int(row.cells[0].text.split()[0])
                 for table in Document(str(exported)).tables for row in table.rows[1:]
                 if row.cells[0].text.split() and row.cells[0].text.split()[0].isdigit()}
    assert set(in_report) >= {x.text for recs in expected.values() for x in recs}
    for item in written:
        doc, rows = _rows(item.path)
        assert [(int(r[0]), r[1]) for r in rows] == [(in_report[x.text], x.text) for x in expected[item.authority]]
        assert item.numbers == tuple(in_report[x.text] for x in expected[item.authority])
        text = "\n".join(p.text for p in doc.paragraphs)
        assert item.authority in text and "MNPT-2026-007" in text
        assert "a más tardar el 1 de abril de 2026" in text and item.due == "2026-04-01"
        assert "Defensoría del Pueblo" in doc.sections[0].header.paragraphs[0].text
        others = [x.text for a, recs in expected.items() if a != item.authority for x in recs]
        assert not any(other in text or other in str(rows) for other in others)
        assert doc.core_properties.author == ""
    with demo.case.lock:
        last = audit_log.entries(demo.case.conn)[-1]
    assert (last.action, last.entity_id) == ("generar_oficios", report.id)


def test_a_report_not_approved_has_no_letters(demo, out):
    under_review = _report(demo, "MNPT-2026-031")
    with pytest.raises(letters.ReportNotApproved) as error:
        letters.write_letters(demo, under_review.id, out)
    assert "aún no está aprobado" in error.value.message()
    assert list(out.iterdir()) == []


def test_a_recommendation_that_names_someone_stops_every_letter(session, out):
    place = records.save(session, model.Place("Cárcel A"))
    visit = records.save(session, model.Visit(place.id, "2026-03-01"))
    records.add_interview(session, model.Interview(visit.id, consent_interview=True,
                                                   real_identity="Josefina Almanza Quirós"))
    report = records.save(session, model.Report(visit.id, "Informe", number="MNPT-2026-001", state="aprobado"))
    records.save(session, model.Recommendation(visit.id, "Reparar las celdas.", "Ministerio de Gobierno"))
    records.save(session, model.Recommendation(visit.id, "Proteger a Josefina Almanza Quirós de represalias.",
                                               "Policía Nacional"))
    with pytest.raises(letters.LetterDisclosure):
        letters.write_letters(session, report.id, out)
    assert list(out.iterdir()) == []  # not even the first, harmless letter


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=DEMO_PASSPHRASE)
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_the_command_writes_the_letters_and_refuses_bad_input(demo_path, out):
    session = open_case(demo_path, DEMO_PASSPHRASE, read_only=True)
    try:
        report = _report(session, "MNPT-2026-019")  # the juvenile centre's approved report
    finally:
        session.close()
    done = run("letters", demo_path, report.id, "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Oficio para") == 2 and len(list(out.glob("oficio-*.docx"))) == 2
    missing = run("letters", demo_path, report.id, "-o", out / "no")
    assert missing.returncode == 1 and "No existe la carpeta" in missing.stderr
    late = run("letters", demo_path, report.id, "-o", out, "--due-days", "0")
    assert late.returncode == 1 and "entre 1 y 365 días" in late.stderr
