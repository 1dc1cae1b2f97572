"""The record of each letter (oficio) sent to an authority, its sending, the letters still
waiting for a response, and what falls due in the next 15 days; dates are relative to a
fixed "today" passed in, never the real date."""

import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import InvalidRecord, MalformedImport
from npmdesk.services.archive import letters
from npmdesk.services.exchange import dump as transfer
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case
from npmdesk.services.tracking import dialogue, history
from npmdesk.storage import audit_log

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "Frase de prueba segura 2026"
MINGOB, POLICIA = "Ministerio de Gobierno", "Policía Nacional"


def approved_case(session):
    """A report approved with two recommendations for the Ministerio, one for the Policía."""
    place = records.save(session, model.Place("Cárcel de Prueba"))
    visit = records.save(session, model.Visit(place.id, "2026-09-01"))
    report = records.save(session, model.Report(visit.id, "Informe", number="MNPT-2026-050", state="aprobado"))
    recs = [records.save(session, model.Recommendation(visit.id, text, authority, deadline=deadline))
            for text, authority, deadline in (("Reparar las celdas.", MINGOB, "2026-12-10"),
                                              ("Contratar personal médico.", MINGOB, "2027-06-30"),
                                              ("Registrar cada uso de la fuerza.", POLICIA, ""))]
    return report, recs


@pytest.fixture
def case(session, tmp_path):
    report, recs = approved_case(session)
    folder = tmp_path / "oficios"
    folder.mkdir()
    written = letters.write_letters(session, report.id, folder, due_days=30, day="2026-11-01")
    return session, report, recs, written


def test_each_letter_written_is_recorded_with_its_authority_and_recommendations(case):
    session, report, recs, written = case
    stored = {x.authority: x for x in records.select(session, model.Letter)}
    assert set(stored) == {MINGOB, POLICIA}
    assert stored[MINGOB].recommendation_ids == [recs[0].id, recs[1].id]
    assert stored[POLICIA].recommendation_ids == [recs[2].id]
    for item in written:
        letter = stored[item.authority]
        assert (letter.id, letter.sha256, letter.report_id) == (item.letter_id, item.sha256, report.id)
        assert (letter.written_on, letter.response_due, letter.sent_on, letter.means) == \
            ("2026-11-01", "2026-12-01", "", "")
    with session.case.lock:
        actions = [(e.action, e.actor_id) for e in audit_log.entries(session.case.conn)]
    assert actions.count(("registrar_oficio", session.actor.id)) == 2


def test_sending_is_recorded_and_bad_input_changes_nothing(case):
    session, report, _recs, _written = case
    before = [asdict(x) for x in records.select(session, model.Letter)]
    with pytest.raises(InvalidRecord):
        dialogue.mark_sent(session, report.id, "2026-11-05", "paloma", today="2026-11-10")
    with pytest.raises(InvalidRecord) as error:
        dialogue.mark_sent(session, report.id, "2026-11-12", "correo", today="2026-11-10")
    assert "posterior a hoy" in error.value.message()
    with pytest.raises(InvalidRecord) as error:
        dialogue.mark_sent(session, report.id, "2026-10-30", "correo", today="2026-11-10")
    assert "antes de su fecha" in error.value.message()
    assert [asdict(x) for x in records.select(session, model.Letter)] == before
    sent = dialogue.mark_sent(session, report.id, "2026-11-03", "mano", today="2026-11-10")
    assert {(x.sent_on, x.means) for x in records.select(session, model.Letter)} == {("2026-11-03", "mano")}
    assert len(sent) == 2
    with pytest.raises(dialogue.NoLettersToSend):  # nothing left unsent
        dialogue.mark_sent(session, report.id, "2026-11-04", "correo", today="2026-11-10")


def test_writing_again_replaces_unsent_letters_but_keeps_sent_ones(case, tmp_path):
    session, report, _recs, _written = case
    dialogue.mark_sent(session, report.id, "2026-11-03", "correo", today="2026-11-10")
    again = letters.write_letters(session, report.id, tmp_path / "oficios", day="2026-11-08")
    third = letters.write_letters(session, report.id, tmp_path / "oficios", day="2026-11-09")
    held = records.select(session, model.Letter)
    assert len(held) == 4  # two sent on the 3rd, the two of the 9th; those of the 8th were drafts
    assert {x.id for x in held} >= {w.letter_id for w in third}
    assert not {x.id for x in held} & {w.letter_id for w in again}


def test_a_letters_record_survives_a_dump_and_import(case, tmp_path):
    session, report, _recs, _written = case
    dialogue.mark_sent(session, report.id, "2026-11-02", "electronico", today="2026-11-10")
    before = sorted((asdict(x) for x in records.select(session, model.Letter)), key=lambda d: d["id"])
    data = transfer.dump(session)
    assert sorted(data["records"]["letter"], key=lambda d: d["id"]) == before
    copy = transfer.import_dump(data, tmp_path / "copia.npmcase", PASSPHRASE)
    try:
        after = sorted((asdict(x) for x in records.select(copy, model.Letter)), key=lambda d: d["id"])
    finally:
        copy.close()
    assert after == before and len(after) == 2


def test_an_import_refuses_a_letter_naming_a_recommendation_that_does_not_exist(case, tmp_path):
    session, *_ = case
    data = transfer.dump(session)
    data["records"]["letter"][0]["recommendation_ids"] = ["00000000-0000-4000-8000-000000000000"]
    with pytest.raises(MalformedImport) as error:
        transfer.import_dump(data, tmp_path / "mala.npmcase", PASSPHRASE)
    assert "remite a un registro que no existe" in error.value.message()
    assert not (tmp_path / "mala.npmcase").exists()


def answer(session, authority, rec_ids, day):
    return history.record_response(session, model.AuthorityResponse(
        authority=authority, date=day, text="Respuesta.", recommendation_ids=rec_ids))


def test_pending_lists_exactly_the_letters_without_a_response(case):
    session, _report, recs, _written = case
    today = "2026-11-20"
    assert {s.letter.authority for s in dialogue.pending(session, today)} == {MINGOB, POLICIA}
    answer(session, POLICIA, [recs[0].id], "2026-11-05")  # another authority's recommendation
    assert {s.letter.authority for s in dialogue.pending(session, today)} == {MINGOB, POLICIA}
    answer(session, MINGOB, [recs[1].id], "2026-11-15")  # one of its two recommendations answers it
    pending = dialogue.pending(session, today)
    assert [s.letter.authority for s in pending] == [POLICIA]
    assert pending[0].days_left == 11 and pending[0].responses == []
    status = {s.letter.authority: s for s in dialogue.letters_status(session, today)}
    assert [r.date for r in status[MINGOB].responses] == ["2026-11-15"]
    assert dialogue.pending(session, "2026-12-04")[0].days_left == -3  # overdue by three days


def test_the_authoritys_name_typed_another_way_still_answers_its_letter(case):
    session, _report, recs, _written = case
    for typed in ("POLICÍA NACIONAL", "policia nacional", "  Policía   Nacional "):
        assert dialogue.authority_key(typed) == dialogue.authority_key(POLICIA)
    answer(session, "  policia   NACIONAL ", [recs[2].id], "2026-11-05")
    assert [s.letter.authority for s in dialogue.pending(session, "2026-11-20")] == [MINGOB]
    assert dialogue.authority_key("Policía Municipal") != dialogue.authority_key(POLICIA)


def test_a_response_older_than_the_letter_does_not_answer_it(session, tmp_path):
    report, recs = approved_case(session)
    answer(session, POLICIA, [recs[2].id], "2026-10-15")
    folder = tmp_path / "o"
    folder.mkdir()
    letters.write_letters(session, report.id, folder, day="2026-11-01")
    assert POLICIA in {s.letter.authority for s in dialogue.pending(session, "2026-11-10")}


def test_due_soon_holds_unanswered_letters_and_deadlines_within_fifteen_days(case):
    session, _report, recs, _written = case
    soon = dialogue.due_soon(session, "2026-11-20")  # letters due 2026-12-01, deadline 2026-12-10
    assert {s.letter.authority for s in soon.letters} == {MINGOB, POLICIA}
    assert soon.recommendations == []  # 2026-12-10 is 20 days away
    soon = dialogue.due_soon(session, "2026-11-30")
    assert [(r[0], r[4]) for r in soon.recommendations] == [(recs[0].id, 10)]
    assert dialogue.due_soon(session, "2026-11-10").letters == []  # 21 days left: not yet
    history.change_status(session, recs[0].id, "cumplida", day="2026-11-12")
    assert dialogue.due_soon(session, "2026-11-30").recommendations == []


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NPMDESK_PASSPHRASE=PASSPHRASE)
    done = subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_the_command_records_the_sending_later(session, tmp_path):
    report, _recs = approved_case(session)
    folder = tmp_path / "oficios"
    folder.mkdir()
    letters.write_letters(session, report.id, folder, day="2026-11-01")
    path = session.path
    session.close()
    bad = run("letters", path, report.id, "--sent", "2026-02-30", "--means", "correo")
    assert bad.returncode == 1 and "no es válida" in bad.stderr
    alone = run("letters", path, report.id, "--sent", "2026-11-02")
    assert alone.returncode == 1 and "--means" in alone.stderr
    done = run("letters", path, report.id, "--sent", "2026-11-02", "--means", "correo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("enviado el 2026-11-02") == 2
    reopened = open_case(path, PASSPHRASE, read_only=True)
    try:
        assert {(x.sent_on, x.means) for x in records.select(reopened, model.Letter)} == {("2026-11-02", "correo")}
    finally:
        reopened.close()


def test_a_schema1_file_migrated_records_its_letters(tmp_path, monkeypatch):
    """The letters' tables come with the schema-2 migration, so an old file opened now can
    record the letters of its recommendations."""
    from npmdesk.services import session as sessions
    from test_tracking_history import _schema1_case
    path = tmp_path / "antiguo.npmcase"
    ids, _columns = _schema1_case(path, monkeypatch)
    migrated = sessions.open_case(path, PASSPHRASE)
    try:
        report = records.save(migrated, model.Report(ids["visit"], "Informe 2024", number="MNPT-2024-003",
                                                     state="aprobado"))
        folder = tmp_path / "oficios"
        folder.mkdir()
        written = letters.write_letters(migrated, report.id, folder, day="2024-06-01")
        assert [w.authority for w in written] == ["Policía Nacional"]
        pending = dialogue.pending(migrated, "2024-07-05")
        assert [(sorted(s.letter.recommendation_ids), s.days_left) for s in pending] == [
            (sorted([ids["plain"], ids["followed"]]), -4)]  # due 2024-07-01
    finally:
        migrated.close()
