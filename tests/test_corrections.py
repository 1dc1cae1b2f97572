"""The draft sent to one authority for factual corrections: written only from a report whose
sections are all approved and that is not approved itself, marked on every page and on its
cover, the whole draft report inside, checked for disclosures, recorded as a letter; its sending
and the authority's reply (its document encrypted, its Word comments as observations) logged in
the bitácora under the person working. Real encrypted case files, real .docx read back."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from conftest import PASSPHRASE
from export_fixture import REAL_NAMES, build_report
from fast_kdf import FAST_KDF
from npmdesk.domain import model
from npmdesk.services import session as sessions
from npmdesk.errors import InvalidRecord
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import identity, roster
from npmdesk.services.tracking import corrections, dialogue
from npmdesk.storage import audit_log, review_store
from npmdesk.storage import records as store

ROOT = Path(__file__).resolve().parents[1]
ROSA_PASS = "Rosa revisa con calma 2026"
DGSP = "Dirección General del Sistema Penitenciario"
MARK = "BORRADOR PARA CORRECCIONES FÁCTICAS"


def sections_approved(session, *, change=None):
    """The fixture report with every section approved by Rosa, the report itself not approved.
    `change(sections)` may edit the section texts before they are submitted."""
    built = build_report(session)
    if change is not None:
        change(built.sections)
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA_PASS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    for section in built.sections:
        with session.case.transaction() as conn:
            stored = store.get(conn, model.Section, section.id)
            stored.author_ids = [session.actor.id]
            store.save(conn, stored)
        review.submit_section(session, section.id)
        review.approve_section(session, section.id, as_member=rosa.id)
    return built, rosa


def _texts(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_draft_is_marked_holds_the_whole_report_and_is_recorded(session, tmp_path):
    built, _rosa = sections_approved(session)
    target = tmp_path / "borrador.docx"
    draft = corrections.write_draft(session, built.report.id, DGSP, target, due_days=15, day="2026-11-10")
    document = docx.Document(str(target))
    text = _texts(document)
    header = document.sections[0].header._element.xml
    assert MARK in header  # the diagonal mark on every page
    assert MARK in text  # and on the cover, with who it went to and by when
    assert f"Para: {DGSP}" in text
    assert "Remitido el 10 de noviembre de 2026 solo para que se señalen errores de hecho." in text
    assert "Documento confidencial: no es el informe final ni debe difundirse." in text
    assert "Envíe sus correcciones a más tardar el 25 de noviembre de 2026." in text
    # The whole draft goes: every section, and the recommendations to other authorities too.
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in built.sections:
        if section.body:
            assert section.title in headings
    tables = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Investigar las denuncias de malos tratos." in tables and "Ministerio Público" in tables
    for name in REAL_NAMES:
        assert name not in text and name not in tables
    letter = store.get(session.case.conn, model.Letter, draft.letter.id)
    assert (letter.kind, letter.authority, letter.written_on, letter.response_due, letter.sent_on) == (
        "correcciones", DGSP, "2026-11-10", "2026-11-25", "")
    dgsp = {r.id for r in records.select(session, model.Recommendation) if r.authority == DGSP}
    assert set(letter.recommendation_ids) == dgsp and len(dgsp) == 2
    assert letter.sha256 == draft.sha256
    entries = [(e.action, e.actor_name) for e in audit_log.entries(session.case.conn)][-3:]
    assert entries == [("exportar", "Ana Directora"), ("registrar_oficio", "Ana Directora"),
                       ("generar_borrador_correcciones", "Ana Directora")]


def test_only_a_report_with_every_section_approved_and_not_yet_approved_goes(session, tmp_path):
    built = build_report(session, state="en_revision")
    with pytest.raises(corrections.SectionsNotApproved) as refused:
        corrections.write_draft(session, built.report.id, DGSP, tmp_path / "a.docx")
    assert "«Datos del informe»" in refused.value.message()
    approved = build_report(session, state="aprobado")
    with pytest.raises(corrections.ReportAlreadyFinal):
        corrections.write_draft(session, approved.report.id, DGSP, tmp_path / "b.docx")
    with pytest.raises(InvalidRecord):
        corrections.write_draft(session, approved.report.id, "   ", tmp_path / "c.docx")
    assert not list(tmp_path.glob("*.docx"))
    assert records.select(session, model.Letter) == []


def test_a_draft_that_would_name_an_interviewee_is_refused_and_nothing_is_written(session, tmp_path):
    def name_someone(sections):
        sections[1].body = f"<p>Según {REAL_NAMES[1]}, no hubo atención médica.</p>"
        records.save_section_body(session, sections[1].id, sections[1].body)
    built, _rosa = sections_approved(session, change=name_someone)
    target = tmp_path / "borrador.docx"
    with pytest.raises(corrections.CorrectionsDisclosure):
        corrections.write_draft(session, built.report.id, DGSP, target)
    assert not target.exists()
    assert records.select(session, model.Letter) == []


def _answer(path, heading: str, passage: str):
    """The draft as the authority sends it back: one Word comment on a passage of a section."""
    document = docx.Document()
    document.add_heading(heading, 1)
    paragraph = document.add_paragraph()
    commented = paragraph.add_run(passage)
    document.add_comment(commented, text="La ocupación real es de 2.400 personas.", author="Lic. Pérez (DGSP)")
    document.save(str(path))
    return path


def test_sending_and_the_reply_are_logged_and_its_comments_become_observations(session, tmp_path):
    built, _rosa = sections_approved(session)
    draft = corrections.write_draft(session, built.report.id, DGSP, tmp_path / "b.docx", day="2026-11-10")
    with pytest.raises(corrections.DraftNotSent):
        corrections.record_reply(session, draft.letter.id, "2026-11-20", "Sin observaciones.")
    dialogue.send_letter(session, draft.letter.id, "2026-11-11", "electronico", today="2026-11-30")
    status = next(s for s in dialogue.letters_status(session, "2026-11-30") if s.letter.id == draft.letter.id)
    assert not status.answered and status.days_left == -5  # the corrections were due on the 25th
    answer = _answer(tmp_path / "respuesta.docx", "Condiciones materiales", "Celdas sin luz natural")
    with pytest.raises(InvalidRecord):  # before it was sent
        corrections.record_reply(session, draft.letter.id, "2026-11-05", "x", today="2026-11-30")
    reply = corrections.record_reply(session, draft.letter.id, "2026-11-24", "Señala un dato de población.",
                                     answer, import_comments=True, today="2026-11-30")
    assert len(reply.remarks.observations) == 1 and not reply.remarks.unplaced
    section = next(s for s in built.sections if s.title == "Condiciones materiales")
    observation = review_store.observations(session.case.conn, section.id)[0]
    assert observation.quote == "Celdas sin luz natural"
    assert DGSP in observation.body and "2.400 personas" in observation.body
    stored = store.get(session.case.conn, model.Letter, draft.letter.id)
    assert (stored.reply_on, stored.reply_text) == ("2026-11-24", "Señala un dato de población.")
    assert records.attachment_data(session, stored.reply_attachment_id) == answer.read_bytes()
    assert next(s for s in dialogue.letters_status(session, "2026-11-30") if s.letter.id == stored.id).answered
    assert stored.id not in {s.letter.id for s in dialogue.pending(session, "2026-11-30")}
    actions = [(e.action, e.actor_name) for e in audit_log.entries(session.case.conn)]
    assert ("enviar_oficio", "Ana Directora") in actions
    assert actions[-1] == ("registrar_correcciones", "Ana Directora")
    with pytest.raises(corrections.ReplyAlreadyRecorded):
        corrections.record_reply(session, draft.letter.id, "2026-11-25", "otra", today="2026-11-30")
    # The section text is untouched: a correction is taken in by editing (which voids the approval).
    assert store.get(session.case.conn, model.Section, section.id).state == "aprobada"


def test_a_draft_is_not_an_oficio(session, tmp_path):
    built, _rosa = sections_approved(session)
    draft = corrections.write_draft(session, built.report.id, DGSP, tmp_path / "b.docx", day="2026-11-10")
    with pytest.raises(dialogue.NoLettersToSend):  # «letters --sent» sends oficios, never a draft
        dialogue.mark_sent(session, built.report.id, "2026-11-11", "mano")
    other = corrections.write_draft(session, built.report.id, "Ministerio Público", tmp_path / "c.docx",
                                    day="2026-11-10")
    again = corrections.write_draft(session, built.report.id, DGSP, tmp_path / "d.docx", day="2026-11-12")
    kept = {x.id for x in records.select(session, model.Letter)}
    assert kept == {other.letter.id, again.letter.id}  # the unsent draft to the DGSP was replaced
    assert corrections.authorities(session, built.report.id) == [DGSP, "Ministerio Público"]


def test_letters_and_draft_replies_are_found_by_search(session, tmp_path):
    built, _rosa = sections_approved(session)
    draft = corrections.write_draft(session, built.report.id, "Ministerio Público", tmp_path / "b.docx",
                                    day="2026-11-10")
    hits = [(h.entity, h.entity_id) for h in records.find(session, "ministerio publico")]
    assert ("letter", draft.letter.id) in hits
    dialogue.send_letter(session, draft.letter.id, "2026-11-11", "mano", today="2026-11-30")
    corrections.record_reply(session, draft.letter.id, "2026-11-20", "Rectifica la fecha del traslado.",
                             today="2026-11-30")
    assert [(h.entity, h.entity_id) for h in records.find(session, "traslado")] == [("letter", draft.letter.id)]


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=PASSPHRASE)
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_the_command_writes_sends_and_logs_the_reply(session, case_path, tmp_path):
    built, _rosa = sections_approved(session)
    report_id = built.report.id
    session.close()
    target = tmp_path / "borrador.docx"
    done = run("corrections", case_path, report_id, "--authority", DGSP, "-o", target)
    assert done.returncode == 0, done.stderr
    assert "Borrador para correcciones fácticas para" in done.stdout and target.exists()
    assert MARK in docx.Document(str(target)).sections[0].header._element.xml
    early = run("corrections", case_path, report_id, "--authority", DGSP, "--reply", "2026-11-20")
    assert early.returncode == 1 and "Registre primero cuándo y cómo se envió" in early.stderr
    both = run("corrections", case_path, report_id, "--authority", DGSP, "-o", target, "--sent", "2026-11-20")
    assert both.returncode == 1 and "Indique una sola cosa" in both.stderr
    nobody = run("corrections", case_path, report_id, "--authority", "Nadie", "--sent", "2026-11-20",
                 "--means", "mano")
    assert nobody.returncode == 1 and "No hay ningún borrador" in nobody.stderr
    today = date.today().isoformat()
    sent = run("corrections", case_path, report_id, "--authority", DGSP.upper(), "--sent", today, "--means", "mano")
    assert sent.returncode == 0, sent.stderr
    answer = _answer(tmp_path / "respuesta.docx", "Condiciones materiales", "Celdas sin luz natural")
    replied = run("corrections", case_path, report_id, "--authority", DGSP, "--reply", today,
                  "--text", "Una corrección.", "--document", answer, "--comments")
    assert replied.returncode == 0, replied.stderr
    assert "1 observación añadida al informe" in replied.stdout
    reopened = sessions.open_case(case_path, PASSPHRASE, read_only=True)
    try:
        letter = records.select(reopened, model.Letter)[0]
        assert (letter.sent_on, letter.means, letter.reply_on, letter.reply_text) == (
            today, "mano", today, "Una corrección.")
        assert records.attachment_data(reopened, letter.reply_attachment_id) == answer.read_bytes()
    finally:
        reopened.close()


def test_a_schema2_file_keeps_its_oficios_and_finds_them(tmp_path, monkeypatch):
    """Schema 2 → 4: every letter written before was an oficio, and it enters the search index."""
    from npmdesk.storage import schema
    path = tmp_path / "v2.npmcase"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", {1: schema.V1, 2: schema.MIGRATIONS[2]})
        patch.setattr(schema, "CURRENT_VERSION", 2)
        old = sessions.create_case(path, PASSPHRASE, kdf_params=FAST_KDF)
    ids = {name: model.new_id() for name in ("place", "visit", "report", "letter")}
    with old.case.transaction() as conn:
        conn.execute("INSERT INTO places VALUES (?, 'La Joya', 'centro_penitenciario', '', '', '', NULL, '', '')",
                     (ids["place"],))
        conn.execute("INSERT INTO visits VALUES (?, ?, '2026-01-10', '', 'inicial', 0, '', NULL, '', '', '')",
                     (ids["visit"], ids["place"]))
        conn.execute("INSERT INTO reports VALUES (?, ?, 'Informe', 'visita', '', 'MNPT-2026-001', 'aprobado', "
                     "'CONFIDENCIAL')", (ids["report"], ids["visit"]))
        conn.execute("INSERT INTO letters VALUES (?, ?, 'Policía Nacional', '2026-02-01', '2026-03-03', "
                     "'Oficio n.º MNPT-2026-001-O01', '2026-02-02', 'mano', '')", (ids["letter"], ids["report"]))
    old.close()
    session = sessions.open_case(path, PASSPHRASE)
    try:
        assert session.case.meta("schema_version") == str(schema.CURRENT_VERSION)
        letter = records.get(session, model.Letter, ids["letter"])
        assert (letter.kind, letter.reply_on, letter.reply_attachment_id) == ("oficio", "", None)
        assert [(h.entity, h.entity_id) for h in records.find(session, "MNPT-2026-001-O01")] == [
            ("letter", ids["letter"])]
    finally:
        session.close()
