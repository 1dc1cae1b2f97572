"""Review and approval on real encrypted case files: the full cycle, tampering, refusals."""

import json

import pytest
import sqlcipher3

from npmdesk.domain import approvals, model
from npmdesk.errors import ActionNotAllowed, IdentityLocked, WrongPersonalPassphrase
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import audit_log, review_store
from fast_kdf import FAST_KDF

ROSA_PASS = "Rosa revisa con calma 2026"
LUIS_PASS = "Luis escribe informes 2026"
MARTA_PASS = "Marta examina pacientes 2026"


@pytest.fixture
def team(session):
    """Director (owner) Ana, reviewer Rosa, authors Luis and Marta; keys and a signed roster."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    luis = records.save(session, model.TeamMember("Luis Autor", "derecho", "autor"))
    marta = records.save(session, model.TeamMember("Marta Médica", "medicina", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA_PASS, kdf_params=FAST_KDF)
    identity.create_keys(session, luis.id, LUIS_PASS, kdf_params=FAST_KDF)
    identity.create_keys(session, marta.id, MARTA_PASS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    session.identities.clear()  # start locked, as after opening the file
    return {"ana": session.actor, "rosa": rosa, "luis": luis, "marta": marta}


@pytest.fixture
def report(session, team):
    place = records.save(session, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-03-02"))
    rep = records.save(session, model.Report(visit.id, "Informe de visita a La Joya"))
    secs = [records.save(session, model.Section(rep.id, "Trato", position=1, author_ids=[team["luis"].id])),
            records.save(session, model.Section(rep.id, "Servicios médicos", position=2,
                                                author_ids=[team["marta"].id]))]
    records.save(session, model.Finding(visit.id, "trato", "Aislamiento prolongado", "Texto del hallazgo."))
    session.actor, ana = team["luis"], session.actor
    records.save_section_body(session, secs[0].id, "Las personas privadas de libertad denuncian golpes.")
    session.actor = team["marta"]
    records.save_section_body(session, secs[1].id, "No hay médico de guardia por la noche.")
    session.actor = ana
    return rep, secs


def dump(session) -> dict:
    tables = ["sections", "reports", "signatures", "observations", "audit", "rosters", "revisions"]
    with session.case.lock:
        return {t: session.case.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def messages(session):
    return [p.message() for p in review.verify_approvals(session)]


def approve_all(session, team, rep, secs):
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    identity.unlock_identity(session, team["marta"].id, MARTA_PASS)
    identity.unlock_identity(session, team["rosa"].id, ROSA_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    review.submit_section(session, secs[1].id, as_member=team["marta"].id)
    for sec in secs:
        review.approve_section(session, sec.id, as_member=team["rosa"].id)
    return review.approve_report(session, rep.id)


def test_full_cycle_verifies_offline_from_the_roster_alone(session, team, report, tmp_path):
    rep, secs = report
    luis, rosa = team["luis"], team["rosa"]
    identity.unlock_identity(session, luis.id, LUIS_PASS)
    identity.unlock_identity(session, rosa.id, ROSA_PASS)
    identity.unlock_identity(session, team["marta"].id, MARTA_PASS)

    assert review.submit_section(session, secs[0].id, as_member=luis.id).state == "enviada"
    assert records.get(session, model.Report, rep.id).state == "en_revision"
    text = records.get(session, model.Section, secs[0].id).body
    obs = observations.add_observation(session, secs[0].id, "Precise fechas y lugar.", quote="golpes",
                                       start=text.index("golpes"), as_member=rosa.id)
    observations.add_observation(session, secs[0].id, "Fechas añadidas.", parent_id=obs.id, as_member=luis.id)
    assert review.return_with_observations(session, secs[0].id, as_member=rosa.id).state == "con_observaciones"

    session.actor, ana = luis, session.actor
    records.save_section_body(session, secs[0].id,
                              "El 2 de marzo, en el pabellón B, las personas denuncian golpes y amenazas.")
    session.actor = ana
    anchors = observations.anchored(session, secs[0].id)
    assert [a.status for a in anchors] == ["reubicada", "reubicada"]
    observations.resolve(session, obs.id, as_member=rosa.id)
    review.submit_section(session, secs[0].id, as_member=luis.id)
    review.submit_section(session, secs[1].id, as_member=team["marta"].id)
    for sec in secs:
        assert review.approve_section(session, sec.id, as_member=rosa.id).state == "aprobada"
    assert review.approve_report(session, rep.id).state == "aprobado"
    assert messages(session) == []

    # Offline: only the exported roster file, the signed statements and the content.
    roster_file = roster.export_roster(session, tmp_path / "nomina.json")
    with session.case.lock:
        rows = review_store.signatures(session.case.conn)
    chain = roster.read_roster_file(roster_file)
    from npmdesk.domain.approvals import signer_of
    assert len(rows) >= 8
    for row in rows:
        code, found = signer_of(chain, row.statement, row.signature)
        assert code is None and found[1]["name"] in {"Rosa Revisora", "Luis Autor", "Marta Médica", "Ana Directora"}
    approved = {r.target_id: r.statement["content_sha256"] for r in rows if r.decision == "aprobar"}
    for sec in secs:
        assert approved[sec.id] == review.section_sha256(records.get(session, model.Section, sec.id))


def newest_approval(session, target_id):
    """The newest approval signature of a section or report, as the case file stores it."""
    rows = review_store.signatures(session.case.conn, target_id)
    return [r for r in rows if r.decision in approvals.APPROVALS][-1]


def test_edit_after_approval_through_services_voids_it_visibly(session, team, report):
    rep, secs = report
    approve_all(session, team, rep, secs)
    session.actor, ana = team["luis"], session.actor
    before = dump(session)
    with pytest.raises(records.SectionProtected) as refused:
        records.save_section_body(session, secs[0].id, "Texto nuevo escrito después de la aprobación.")
    assert "«Trato» está «Aprobada»" in refused.value.message() and "Reabrir" in refused.value.message()
    assert dump(session) == before  # one keystroke in an approved section voids nothing
    what = review.reopening(session, secs[0].id)
    assert (what.decision, what.name, what.report_too) == ("aprobar", "Rosa Revisora", True)
    review.reopen_section(session, secs[0].id)
    records.save_section_body(session, secs[0].id, "Texto nuevo escrito después de la aprobación.")
    session.actor = ana
    with session.case.lock:
        [entry] = [e for e in audit_log.entries(session.case.conn) if e.action == "reabrir_seccion"]
    assert (entry.actor_name, entry.entity_id) == ("Luis Autor", secs[0].id)
    assert records.get(session, model.Section, secs[0].id).state == "borrador"
    assert records.get(session, model.Report, rep.id).state == "en_redaccion"
    assert newest_approval(session, secs[0].id).void
    assert newest_approval(session, rep.id).void
    assert messages(session) == []  # void approvals are not claimed, so nothing is false


def test_editing_a_section_sent_for_review_brings_it_back_to_draft(session, team, report):
    rep, secs = report
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    assert records.get(session, model.Section, secs[0].id).state == "enviada"
    session.actor, ana = team["luis"], session.actor
    with pytest.raises(records.SectionProtected):
        records.save_section_body(session, secs[0].id, "Texto corregido después de enviarlo.")
    assert review.reopening(session, secs[0].id).name == "Luis Autor"
    review.reopen_section(session, secs[0].id)
    records.save_section_body(session, secs[0].id, "Texto corregido después de enviarlo.")
    session.actor = ana
    # The reviewer is not asked to approve text other than what was sent: submit again.
    assert records.get(session, model.Section, secs[0].id).state == "borrador"
    identity.unlock_identity(session, team["rosa"].id, ROSA_PASS)
    with pytest.raises(ActionNotAllowed):
        review.approve_section(session, secs[0].id, as_member=team["rosa"].id)


def test_direct_database_edit_is_detected(session, team, report, case_path, passphrase):
    rep, secs = report
    approve_all(session, team, rep, secs)
    session.close()
    from npmdesk.crypto.kdf import derive_key, normalize, sqlcipher_raw_key
    with open(case_path, "rb") as f:
        salt = f.read(16)
    # Raw sqlcipher3, as an attacker holding the case-file passphrase would do it.
    conn = sqlcipher3.connect(str(case_path))
    raw = sqlcipher_raw_key(derive_key(normalize(passphrase), salt), salt)
    conn.execute(f"PRAGMA key = \"{raw.decode()}\"")
    conn.execute("UPDATE sections SET body = 'No se observaron golpes.' WHERE id = ?", (secs[0].id,))
    conn.commit()
    conn.close()
    again = sessions.open_case(case_path, passphrase)
    try:
        found = messages(again)
        assert any("modificado después de la aprobación" in m and "Trato" in m for m in found)
        assert any("Informe de visita a La Joya" in m for m in found)
    finally:
        again.close()


def test_unknown_key_and_bad_signature_are_reported(session, team, report):
    rep, secs = report
    approve_all(session, team, rep, secs)
    from npmdesk.crypto.keys import KeyPair
    stranger = KeyPair.generate()
    with session.case.transaction() as conn:
        row = [r for r in review_store.signatures(conn) if r.decision == "aprobar"][0]
        forged = dict(row.statement, signer="dead beef dead beef dead beef dead beef")
        conn.execute("UPDATE signatures SET statement = ?, signature = ?, signer_fingerprint = ? WHERE id = ?",
                     (json.dumps(forged), stranger.sign(forged), forged["signer"], row.id))
        other = [r for r in review_store.signatures(conn) if r.decision == "aprobar"][1]
        changed = dict(other.statement, decision="aprobar", signed_at="2020-01-01T00:00:00Z")
        conn.execute("UPDATE signatures SET statement = ? WHERE id = ?", (json.dumps(changed), other.id))
    found = messages(session)
    assert any("firma de una persona no reconocida" in m for m in found)
    assert any("firma no válida" in m for m in found)


def test_author_cannot_approve_and_nothing_changes(session, team, report):
    rep, secs = report
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    before = dump(session)
    with pytest.raises(ActionNotAllowed) as caught:
        review.approve_section(session, secs[0].id, as_member=team["luis"].id)
    assert "Autor/a" in caught.value.message()
    assert dump(session) == before


def test_reviewer_who_wrote_a_section_cannot_approve_it(session, team, report):
    rep, secs = report
    rosa = team["rosa"]
    identity.unlock_identity(session, rosa.id, ROSA_PASS)
    session.actor, ana = rosa, session.actor
    records.save_section_body(session, secs[1].id, "Rosa corrige: no hay médico de guardia.")
    session.actor = ana
    identity.unlock_identity(session, team["marta"].id, MARTA_PASS)
    review.submit_section(session, secs[1].id, as_member=team["marta"].id)
    before = dump(session)
    with pytest.raises(ActionNotAllowed) as caught:
        review.approve_section(session, secs[1].id, as_member=rosa.id)
    assert "quien escribió la sección no puede aprobarla" in caught.value.message()
    assert dump(session) == before
    assert review.approve_section(session, secs[1].id).state == "aprobada"  # the director may


def test_role_escalation_in_team_members_table_does_not_help(session, team, report):
    rep, secs = report
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    identity.unlock_identity(session, team["marta"].id, MARTA_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    with session.case.transaction() as conn:
        conn.execute("UPDATE team_members SET role = 'director' WHERE id = ?", (team["marta"].id,))
    before = dump(session)
    with pytest.raises(ActionNotAllowed) as caught:
        review.approve_section(session, secs[0].id, as_member=team["marta"].id)
    assert "Autor/a" in caught.value.message()
    assert dump(session) == before
    # Nor can she sign a new roster: the current signed roster says she is an author.
    with pytest.raises(ActionNotAllowed):
        roster.sign_roster(session, signer=records.get(session, model.TeamMember, team["marta"].id))


def test_locked_identity_and_wrong_personal_passphrase(session, team, report):
    rep, secs = report
    before = dump(session)
    with pytest.raises(IdentityLocked) as caught:
        review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    assert "Luis Autor" in caught.value.message()
    with pytest.raises(WrongPersonalPassphrase) as caught:
        identity.unlock_identity(session, team["luis"].id, ROSA_PASS)
    assert "frase de contraseña personal" in caught.value.message()
    assert dump(session) == before


def test_observation_anchor_is_lost_when_the_quote_goes(session, team, report):
    rep, secs = report
    identity.unlock_identity(session, team["rosa"].id, ROSA_PASS)
    text = records.get(session, model.Section, secs[1].id).body
    obs = observations.add_observation(session, secs[1].id, "¿Desde cuándo?", quote="médico de guardia",
                                       start=text.index("médico"), as_member=team["rosa"].id)
    assert observations.anchored(session, secs[1].id)[0].status == "anclada"
    session.actor, ana = team["marta"], session.actor
    records.save_section_body(session, secs[1].id, "La enfermería cierra a las 18:00.")
    session.actor = ana
    found = observations.anchored(session, secs[1].id)
    assert [(a.observation.id, a.status, a.start) for a in found] == [(obs.id, "desanclada", None)]


def test_bad_observations_and_returns_change_nothing(session, team, report):
    rep, secs = report
    identity.unlock_identity(session, team["rosa"].id, ROSA_PASS)
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    before = dump(session)
    from npmdesk.errors import InvalidRecord
    with pytest.raises(InvalidRecord) as caught:
        observations.add_observation(session, secs[0].id, "Nota", quote="no está", start=0,
                                     as_member=team["rosa"].id)
    assert "fragmento citado no está" in caught.value.message()
    with pytest.raises(InvalidRecord):
        observations.add_observation(session, secs[0].id, "  \n\t ", as_member=team["rosa"].id)
    with pytest.raises(ActionNotAllowed) as caught:
        review.return_with_observations(session, secs[0].id, as_member=team["rosa"].id)
    assert "al menos una observación" in caught.value.message()
    with pytest.raises(ActionNotAllowed) as caught:
        review.approve_report(session, rep.id)
    assert "faltan" in caught.value.message()
    with pytest.raises(ActionNotAllowed) as caught:
        review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    assert "Enviada para revisión" in caught.value.message()
    assert dump(session) == before


def test_state_forced_to_approved_without_a_signature_is_reported(session, team, report):
    rep, secs = report
    with session.case.transaction() as conn:
        conn.execute("UPDATE sections SET state = 'aprobada' WHERE id = ?", (secs[0].id,))
    found = messages(session)
    assert found == ["«Trato»: figura como aprobado pero no tiene una aprobación firmada válida."]


def test_allowed_actions_follow_the_signed_roster(session, team, report):
    rep, secs = report
    section = records.get(session, model.Section, secs[0].id)
    assert review.allowed_actions(session, section, team["luis"].id) == ["enviar", "editar"]
    assert review.allowed_actions(session, section, team["marta"].id) == ["editar"]
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    section = review.submit_section(session, secs[0].id, as_member=team["luis"].id)
    assert review.allowed_actions(session, section, team["rosa"].id) == ["devolver", "aprobar", "editar"]
    assert review.allowed_actions(session, section, team["luis"].id) == ["editar"]
