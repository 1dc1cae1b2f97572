"""The annual report's written parts as a report of kind «informe anual»: created for a year
(service, command line), drafted, sent, approved and printed by `annual-report` (BORRADOR before
the approval, official after it with the closing block and the integrity page), carried by
packages and the JSON dump, found by search, and a schema-2 case file migrated to schema 3."""

import io

import pytest
from docx import Document

from fast_kdf import FAST_KDF
from npmdesk.domain import model
from npmdesk.errors import InvalidRecord
from npmdesk.services.archive import annual, word
from npmdesk.services.drafting import reports
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import identity, roster

ROSA_PASS = "Rosa revisa con calma 2026"
LUIS_PASS = "Luis escribe informes 2026"
WRITTEN = {"presentacion": "<p>En 2026 el MNPT visitó por primera vez una estación migratoria.</p>",
           "hallazgos": "<p>El hacinamiento se repite en <b>todos</b> los centros visitados.</p>",
           "desafios": "<ul><li>El presupuesto del MNPT no creció.</li><li>Faltan vehículos.</li></ul>",
           "prioridades": "<p>En 2027 se priorizarán los centros de cumplimiento de menores.</p>"}


@pytest.fixture
def team(session):
    """Director Ana (the owner, coordinación), reviewer Rosa, author Luis (derecho); keys and roster."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    luis = records.save(session, model.TeamMember("Luis Autor", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA_PASS, kdf_params=FAST_KDF)
    identity.create_keys(session, luis.id, LUIS_PASS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    identity.unlock_identity(session, rosa.id, ROSA_PASS)
    identity.unlock_identity(session, luis.id, LUIS_PASS)
    return {"ana": session.actor, "rosa": rosa, "luis": luis}


def _sections(session, report) -> dict[str, model.Section]:
    return {s.key: s for s in records.select(session, model.Section, report_id=report.id)}


def _draft(session, report) -> None:
    """Each part written by its assigned author, as they would in the editor."""
    from npmdesk.services.session import Session
    members = {m.id: m for m in records.select(session, model.TeamMember)}
    for key, section in _sections(session, report).items():
        records.save_section_body(Session(session.case, members[section.author_ids[0]]), section.id, WRITTEN[key])


def _approve(session, team, report) -> None:
    for section in _sections(session, report).values():
        review.submit_section(session, section.id, as_member=section.author_ids[0])
        review.approve_section(session, section.id, as_member=team["rosa"].id)
    review.approve_report(session, report.id)


def _read(path) -> tuple[str, Document]:
    doc = Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts), doc


def test_the_whole_cycle_from_creation_to_the_official_document(session, team, tmp_path):
    report = reports.create_annual_report(session, 2026)
    assert (report.visit_id, report.year, report.kind, report.number) == (None, 2026, "anual", "MNPT-IA-2026")
    sections = _sections(session, report)
    assert list(sections) == ["presentacion", "hallazgos", "desafios", "prioridades"]
    assert sections["presentacion"].author_ids == [team["ana"].id]  # coordinación: the director
    assert sections["hallazgos"].author_ids == [team["luis"].id]    # derecho: not the reviewer
    assert "¿Qué balance general hace la dirección del año?" in sections["presentacion"].guidance
    with pytest.raises(InvalidRecord) as twice:
        reports.create_annual_report(session, 2026)
    assert "ya existe el informe anual 2026" in twice.value.message()

    before = tmp_path / "antes.docx"
    annual.export_annual(session, 2026, before)
    text, _doc = _read(before)
    assert "BORRADOR" in text and "¿Qué obstáculos de acceso o de cooperación encontró el MNPT?" in text

    _draft(session, report)
    drafted = tmp_path / "redactado.docx"
    assert annual.export_annual(session, 2026, drafted).draft
    text, doc = _read(drafted)
    assert "BORRADOR" in text and "visitó por primera vez una estación migratoria" in text
    assert "Preguntas orientadoras" not in text
    assert "Borrador: este informe aún no ha sido aprobado." in text

    _approve(session, team, report)
    assert records.get(session, model.Report, report.id).state == "aprobado"
    assert review.verify_approvals(session) == []
    official = tmp_path / "oficial.docx"
    result = annual.export_annual(session, 2026, official)
    assert not result.draft
    text, doc = _read(official)
    assert "BORRADOR" not in text
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert chapters[0] == "1. Presentación" and chapters[-1] == "8. Prioridades para el próximo año"
    body = [p.text for p in doc.paragraphs]
    # Each written part in its chapter, the analysis before the year's findings.
    assert body.index("El hacinamiento se repite en todos los centros visitados.") \
        > body.index("5. Principales hallazgos del año por área temática")
    assert body.index("El presupuesto del MNPT no creció.") > body.index("7. Desafíos")
    assert any(p.text == "El presupuesto del MNPT no creció." and p.style.name == "List Bullet"
               for p in doc.paragraphs)
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "todos" in bold
    # The closing block (the Asamblea, the approval signed) and the integrity page.
    assert "Asamblea Nacional" in body and any(t.startswith("Aprobado por Ana") for t in body)
    assert "Constancia de integridad" in body and any("código de control" in t for t in body)
    # The bitácora holds the report's life like a visit report's; search finds its text.
    from npmdesk.storage import audit_log
    with session.case.lock:
        entries = audit_log.entries(session.case.conn)
    about = {e.action for e in entries if e.entity_id == report.id}
    assert {"informe_en_revision", "firma_aprobar_informe"} <= about, about
    assert entries[-1].action == "exportar_informe_anual"
    hits = records.find(session, "estacion migratoria")  # accent-blind, as every search
    assert ("section", sections["presentacion"].id) in {(h.entity, h.entity_id) for h in hits}


def test_an_annual_report_is_refused_where_a_visit_is_meant_and_the_other_way(session):
    place = records.save(session, model.Place("Cárcel A"))
    visit = records.save(session, model.Visit(place.id, "2026-03-01"))
    with pytest.raises(InvalidRecord):
        reports.create_report(session, visit.id, "anual")
    with pytest.raises(InvalidRecord):
        reports.create_annual_report(session, 2026, "visita")
    with pytest.raises(InvalidRecord):
        records.save(session, model.Report(None, "Sin visita"))
    with pytest.raises(InvalidRecord):
        records.save(session, model.Report(visit.id, "Anual de una visita", kind="anual", year=2026))
    with pytest.raises(InvalidRecord):
        records.save(session, model.Report(None, "Año imposible", kind="anual", year=1900))
    report = reports.create_annual_report(session, 2026)
    with pytest.raises(word.AnnualReportExport) as caught:
        word.export_report(session, report.id, session.case.path.parent / "x.docx")
    assert "npmdesk annual-report" in caught.value.message()
    assert [h.entity_id for h in records.find(session, "anual 2026") if h.entity == "report"] == [report.id]


def test_a_written_part_that_names_someone_stops_the_export(session, tmp_path):
    place = records.save(session, model.Place("Cárcel A"))
    visit = records.save(session, model.Visit(place.id, "2026-03-01"))
    records.add_interview(session, model.Interview(visit.id, consent_interview=True,
                                                   real_identity="Josefina Almanza Quirós"))
    report = reports.create_annual_report(session, 2026)
    section = _sections(session, report)["presentacion"]
    records.save_section_body(session, section.id, "<p>Josefina Almanza relató golpes.</p>")
    target = tmp_path / "anual.docx"
    with pytest.raises(annual.DisclosureFound):
        annual.export_annual(session, 2026, target)
    assert not target.exists()
    from npmdesk.services.archive import disclosure
    found = disclosure.section_passages(session, section.id)  # what the editor and the review show
    assert [p.where for p in found] == ["Presentación"] and "Josefina" in found[0].text


def test_the_annual_report_cites_the_findings_of_the_years_approved_reports(session):
    from npmdesk.services.records import findings
    place = records.save(session, model.Place("Cárcel A"))
    for day, state, title in (("2026-03-01", "aprobado", "Celdas sin luz"), ("2026-05-01", "en_revision", "Borrador"),
                              ("2025-03-01", "aprobado", "Del año anterior")):
        visit = records.save(session, model.Visit(place.id, day))
        records.save(session, model.Report(visit.id, "Informe", number=f"MNPT-{day}", state=state))
        records.save(session, model.Finding(visit.id, "condiciones_materiales", title, "Texto."))
    report = reports.create_annual_report(session, 2026)
    analysis = _sections(session, report)["hallazgos"]
    assert [c.title for c in findings.choices(session, analysis.id)] == ["Celdas sin luz"]


# --- schema 2 → 3 ---------------------------------------------------------------------------

def _schema2_case(path, monkeypatch):
    """A case file written by the schema-2 program, with a report whose sections, revisions,
    observations and letter hang on it, approved and signed."""
    from npmdesk.services import session as sessions
    from npmdesk.storage import schema
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", {1: schema.V1, 2: schema.MIGRATIONS[2]})
        patch.setattr(schema, "CURRENT_VERSION", 2)
        session = sessions.create_case(path, "Frase de prueba segura 2026", kdf_params=FAST_KDF)
    ids = {name: model.new_id() for name in ("place", "visit", "report", "parent", "child", "rev", "obs",
                                              "letter", "rec")}
    with session.case.transaction() as conn:
        conn.execute("INSERT INTO places VALUES (?, 'La Joya', 'centro_penitenciario', '', '', '', NULL, '', '')",
                     (ids["place"],))
        conn.execute("INSERT INTO visits VALUES (?, ?, '2025-05-02', '', 'inicial', 0, '', NULL, '', '', '')",
                     (ids["visit"], ids["place"]))
        conn.execute("INSERT INTO reports VALUES (?, ?, 'Informe de La Joya', 'visita', 'visita', 'MNPT-2025-001', "
                     "'aprobado', 'CONFIDENCIAL')", (ids["report"], ids["visit"]))
        for key, parent in (("parent", None), ("child", ids["parent"])):
            conn.execute("INSERT INTO sections VALUES (?, ?, ?, 1, ?, ?, 'derecho', '[]', '<p>Texto</p>', "
                         "'aprobada', 1)", (ids[key], ids["report"], key, parent, key))
        conn.execute("INSERT INTO revisions (id, section_id, number, body, body_sha256, author_id, created_at) "
                     "VALUES (?, ?, 1, '<p>Texto</p>', '', ?, '2025-05-03')", (ids["rev"], ids["child"], session.actor.id))
        conn.execute("INSERT INTO observations VALUES (?, ?, NULL, ?, 1, 'Texto', 0, 5, 'Precise.', 1, NULL, "
                     "'2025-05-04')", (ids["obs"], ids["child"], session.actor.id))
        conn.execute("INSERT INTO recommendations (id, visit_id, text, authority, level, priority, deadline, status, "
                     "area) VALUES (?, ?, 'Reparar', 'DGSP', 'lugar', 'alta', '', 'pendiente', 'trato')",
                     (ids["rec"], ids["visit"]))
        conn.execute("INSERT INTO letters VALUES (?, ?, 'DGSP', '2025-06-01', '2025-07-01', '', '', '', '')",
                     (ids["letter"], ids["report"]))
        conn.execute("INSERT INTO letter_recommendations VALUES (?, 0, ?)", (ids["letter"], ids["rec"]))
    columns = [row[1] for row in session.case.query("PRAGMA table_info(reports)")]
    session.close()
    return ids, columns


def test_a_schema2_file_keeps_every_report_child_and_takes_annual_reports(tmp_path, monkeypatch):
    from npmdesk.services import session as sessions
    from npmdesk.services.review import verification
    from npmdesk.storage import schema
    path = tmp_path / "antiguo.npmcase"
    ids, v2_columns = _schema2_case(path, monkeypatch)
    session = sessions.open_case(path, "Frase de prueba segura 2026")
    try:
        assert session.case.meta("schema_version") == str(schema.CURRENT_VERSION)
        assert list(path.parent.glob("*.copias/*")), "a backup is taken before migrating"
        report = records.get(session, model.Report, ids["report"])
        assert (report.visit_id, report.state, report.year) == (ids["visit"], "aprobado", None)
        counts = {t: session.case.query(f"SELECT count(*) FROM {t}")[0][0]
                  for t in ("sections", "revisions", "observations", "letters", "letter_recommendations")}
        assert counts == {"sections": 2, "revisions": 1, "observations": 1, "letters": 1,
                          "letter_recommendations": 1}
        # What an approval covered under schema 2 is what it covers now: old approvals stand.
        with session.case.lock:
            covered = verification.report_content(session.case.conn, report)
        assert set(covered["report"]) == set(v2_columns) - {"state"}
        assert [r["id"] for r in covered["recommendations"]] == [ids["rec"]]
        assert session.case.query("PRAGMA foreign_key_check") == []
        assert session.case.query("PRAGMA foreign_keys") == [(1,)]
        assert not [t for (t,) in session.case.query("SELECT name FROM sqlite_master") if t.startswith("m3_")]
        import sqlcipher3
        with pytest.raises(sqlcipher3.IntegrityError):  # the sections' foreign key holds on the new table
            with session.case.transaction() as conn:
                conn.execute("INSERT INTO sections VALUES (?, ?, 'x', 1, NULL, 'x', 'derecho', '[]', '', "
                             "'borrador', 1)", (model.new_id(), model.new_id()))
        annual_report = reports.create_annual_report(session, 2026)
        assert records.get(session, model.Report, annual_report.id).visit_id is None
        with session.case.transaction() as conn:  # deleting a report still takes its sections along
            conn.execute("DELETE FROM reports WHERE id = ?", (annual_report.id,))
        assert not records.select(session, model.Section, report_id=annual_report.id)
    finally:
        session.close()


# --- packages and the JSON dump ---------------------------------------------------------------

def test_the_annual_report_travels_by_packages_like_a_visit_report(tmp_path):
    from package_support import close, make_office
    o = make_office(tmp_path)
    try:
        dora, luis = o.dora, o.luis
        report = reports.create_annual_report(dora, 2026)
        sections = _sections(dora, report)
        for section in sections.values():  # Luis writes them all; Dora reviews
            section.author_ids = [luis.actor.id]
            records.save(dora, section)
        o.send(dora, "asignacion", [luis], report.id)
        from npmdesk.services.exchange import package_import
        package_import.import_package(luis, o.folder / f"{o.sent:02d}-asignacion.npmpaq")
        mine = records.get(luis, model.Report, report.id)
        assert (mine.visit_id, mine.year, mine.kind) == (None, 2026, "anual")
        for key, section in sections.items():
            records.save_section_body(luis, section.id, WRITTEN[key])
            review.submit_section(luis, section.id)
        o.send(luis, "entrega", [dora], report.id)
        package_import.import_package(dora, o.folder / f"{o.sent:02d}-entrega.npmpaq")
        assert records.get(dora, model.Report, report.id).state == "en_revision"
        for section in sections.values():
            assert records.get(dora, model.Section, section.id).body == WRITTEN[section.key]
            review.approve_section(dora, section.id)
        review.approve_report(dora, report.id)
        o.send(dora, "revision", [luis], report.id)
        package_import.import_package(luis, o.folder / f"{o.sent:02d}-revision.npmpaq")
        assert records.get(luis, model.Report, report.id).state == "aprobado"
        assert review.verify_approvals(luis) == []
        official = tmp_path / "luis.docx"
        assert not annual.export_annual(luis, 2026, official).draft  # Luis's laptop prints it official
        text, _doc = _read(official)
        assert "BORRADOR" not in text and "Faltan vehículos." in text
    finally:
        close(o)


def test_the_dump_carries_the_year_and_reads_a_format2_dump(session, tmp_path):
    import json
    from npmdesk.services.exchange import dump, dump_check
    place = records.save(session, model.Place("Cárcel A"))
    visit = records.save(session, model.Visit(place.id, "2026-03-01"))
    visit_report = records.save(session, model.Report(visit.id, "Informe de la visita", number="MNPT-2026-001"))
    before = tmp_path / "antes.json"
    dump.write_dump(session, before)
    report = reports.create_annual_report(session, 2026)
    target = tmp_path / "volcado.json"
    dump.write_dump(session, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format_version"] == "3"
    rows = {r["id"]: r for r in data["records"]["report"]}
    assert (rows[report.id]["visit_id"], rows[report.id]["year"]) == (None, 2026)
    copy = dump.import_dump(target, tmp_path / "copia.npmcase", "Frase de prueba segura 2026")
    try:
        moved = records.get(copy, model.Report, report.id)
        assert (moved.visit_id, moved.year, moved.kind) == (None, 2026, "anual")
        assert len(records.select(copy, model.Section, report_id=report.id)) == 4
    finally:
        copy.close()
    # A format-2 dump (written before schema 3) has no year: its reports are visits' reports.
    older = json.loads(before.read_text(encoding="utf-8"))
    older["format_version"] = "2"
    older["records"]["report"] = [{k: v for k, v in r.items() if k != "year"} for r in older["records"]["report"]]
    checked = dump_check.check(older)
    assert [(r.id, r.year) for r in checked.records["report"]] == [(visit_report.id, None)]


def test_the_command_line_creates_it_once_and_refuses_a_year_out_of_range(session, case_path):
    import os
    import subprocess
    import sys
    from pathlib import Path
    session.close()
    root = Path(__file__).resolve().parent.parent

    def run(*args):
        env = dict(os.environ, PYTHONPATH=str(root), NPMDESK_PASSPHRASE="Frase de prueba segura 2026")
        done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=120, stdin=subprocess.DEVNULL)
        assert "Traceback" not in done.stdout + done.stderr
        return done

    made = run("report", "annual", case_path, "--year", "2026")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Informe anual 2026 (MNPT-IA-2026) creado con 4 secciones para redactar:")
    again = run("report", "annual", case_path, "--year", "2026")
    assert again.returncode == 1 and "ya existe el informe anual 2026" in again.stderr
    wrong = run("report", "annual", case_path, "--year", "1900")
    assert wrong.returncode == 1 and "El año debe estar entre 2000 y 2100." in wrong.stderr
    written = run("annual-report", case_path, "--year", "2026", "-o", case_path.parent / "anual.docx")
    assert written.returncode == 0 and "Es un borrador hasta que se aprueben" in written.stdout
