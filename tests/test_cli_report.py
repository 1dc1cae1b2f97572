"""`npmdesk report new` and `npmdesk templates` end to end in a subprocess."""

import json

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from test_cli_case import PASS, one_error_line, run


def _case_with_visit(session, case_path):
    place = records.save(session, model.Place(name="Centro de Cumplimiento de Prueba", kind="centro_menores"))
    visit = records.save(session, model.Visit(place.id, "2026-02-10", kind="seguimiento"))
    session.close()
    return visit


def test_templates_listing_and_import(session, case_path, tmp_path):
    _case_with_visit(session, case_path)
    done = run("templates")
    assert done.returncode == 0
    assert "visita  Informe de visita (26 secciones)" in done.stdout
    assert "tematico  Informe temático (11 secciones)" in done.stdout
    bad = tmp_path / "mala.json"
    bad.write_text('{"format": 1, "key": "x", "key": "y"}', encoding="utf-8")
    done = run("templates", case_path, "--import", bad, passphrase=PASS)
    assert done.returncode == 1
    assert "la clave «key» aparece repetida" in one_error_line(done)
    good = tmp_path / "propia.json"
    good.write_text(json.dumps({"format": 1, "key": "propia", "name": "Plantilla propia", "report_kind": "visita",
                                "sections": [{"key": "a", "title": "Única", "order": 1, "discipline": "derecho",
                                              "questions": ["¿a?", "¿b?", "¿c?"]}]}), encoding="utf-8")
    done = run("templates", case_path, "--import", good, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Plantilla importada: propia — Plantilla propia" in done.stdout
    assert "propia  Plantilla propia (1 secciones)" in done.stdout


def test_report_new_uses_the_visit_kind_and_refuses_unknown_visits(session, case_path):
    visit = _case_with_visit(session, case_path)
    done = run("report", "new", case_path, visit.id, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Informe MNPT-2026-001 creado con 26 secciones" in done.stdout
    done = run("report", "new", case_path, visit.id, "--template", "tematico", passphrase=PASS)
    assert "Informe MNPT-2026-002 creado con 11 secciones" in done.stdout
    done = run("report", "new", case_path, "no-such-visit", passphrase=PASS)
    assert done.returncode == 1 and "No existe la visita «no-such-visit»" in one_error_line(done)
    done = run("report", "new", case_path, visit.id, "--template", "nada", passphrase=PASS)
    assert done.returncode == 1 and "no existe la plantilla «nada»" in one_error_line(done)
    reopened = open_case(case_path, PASS)
    try:
        reports = records.select(reopened, model.Report)
        assert sorted(r.kind for r in reports) == ["seguimiento", "tematico"]
    finally:
        reopened.close()
