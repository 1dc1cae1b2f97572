"""Approving several sections and the report after one confirmation (services/review/batch.py),
on a real encrypted case file, with the adversary's tries: an author, a locked key, text
changed between the confirmation and the signature, text written into an omitted section."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed, IdentityLocked
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import batch
from npmdesk.services.review import queue as review_queue
from npmdesk.services.team import identity, roster
from fast_kdf import FAST_KDF

ROSA, LUIS = "Frase personal de Rosa 2026", "Frase personal de Luis 2026"


@pytest.fixture
def team(session):
    """Ana (director, owner), Rosa (revisor), Luis (author); a report with three written sections
    sent for review, one optional section left empty and one required section still in borrador."""
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA, kdf_params=FAST_KDF)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-09"))
    ana, sent = session.actor, []
    identity.unlock_identity(session, luis.id, LUIS)
    for position, title in enumerate(("Trato", "Salud", "Personal"), start=1):
        section = records.save(session, model.Section(report.id, title, position=position, author_ids=[luis.id]))
        session.actor = luis
        records.save_section_body(session, section.id, f"<p>Texto de {title.lower()}.</p>")
        session.actor = ana
        review.submit_section(session, section.id, as_member=luis.id)
        sent.append(section)
    optional = records.save(session, model.Section(report.id, "Buenas prácticas", position=4,
                                                   author_ids=[luis.id], required=False))
    required = records.save(session, model.Section(report.id, "Conclusiones", position=5, author_ids=[luis.id]))
    identity.lock_identity(session, luis.id)
    return {"rosa": rosa, "luis": luis, "report": report, "sent": sent, "optional": optional,
            "required": required}


def state(session, cls, item_id):
    return records.get(session, cls, item_id).state


def test_one_confirmation_signs_the_listed_sections_and_the_report(session, team):
    records.delete(session, model.Section, team["required"].id)
    ids = [s.id for s in team["sent"]]
    shown = batch.plan(session, team["report"].id, ids)
    assert [i.title for i in shown.sections] == ["Trato", "Salud", "Personal"]
    assert all(len(i.short) == batch.SHORT and i.sha256.startswith(i.short) for i in shown.sections)
    assert shown.skipped == ["Buenas prácticas"] and shown.report_too
    assert shown.signer_name == session.actor.name
    batch.approve(session, shown)
    assert {state(session, model.Section, i) for i in ids} == {"aprobada"}
    assert state(session, model.Report, team["report"].id) == "aprobado"
    assert state(session, model.Section, team["optional"].id) == "borrador"
    assert review.verify_approvals(session) == []
    # Text written afterwards into the omitted optional section is not covered by the approval.
    records.save_section_body(session, team["optional"].id, "<p>Una buena práctica añadida después.</p>")
    problems = review.verify_approvals(session)
    assert [(p.code, p.target_id) for p in problems] == [("modified", team["report"].id)]


def test_a_required_section_still_in_borrador_keeps_the_report_back(session, team):
    shown = batch.plan(session, team["report"].id, [s.id for s in team["sent"]])
    assert not shown.report_too and shown.remaining == ["Conclusiones"]
    batch.approve(session, shown)
    assert state(session, model.Report, team["report"].id) == "en_revision"
    with pytest.raises(ActionNotAllowed):
        review.approve_report(session, team["report"].id)


def test_an_author_cannot_approve_in_a_batch(session, team):
    identity.unlock_identity(session, team["luis"].id, LUIS)
    with pytest.raises(ActionNotAllowed):
        batch.plan(session, team["report"].id, [team["sent"][0].id], as_member=team["luis"].id)
    # Nor by handing `approve` a plan made for someone else with the author's id in it.
    forged = batch.plan(session, team["report"].id, [team["sent"][0].id])
    forged.signer_id = team["luis"].id
    with pytest.raises(ActionNotAllowed):
        batch.approve(session, forged)
    assert state(session, model.Section, team["sent"][0].id) == "enviada"


def test_the_reviewers_key_must_be_unlocked_now(session, team):
    rosa = team["rosa"].id
    identity.unlock_identity(session, rosa, ROSA)
    shown = batch.plan(session, team["report"].id, [s.id for s in team["sent"]], as_member=rosa)
    session.key_grace_seconds = 0  # the grace period ran out between confirmation and signing
    with pytest.raises(IdentityLocked):
        batch.approve(session, shown)
    assert {state(session, model.Section, s.id) for s in team["sent"]} == {"enviada"}


def test_text_changed_after_the_confirmation_signs_nothing(session, team):
    shown = batch.plan(session, team["report"].id, [s.id for s in team["sent"]])
    ana, luis = session.actor, team["luis"]
    session.actor = luis
    identity.unlock_identity(session, luis.id, LUIS)
    review.reopen_section(session, team["sent"][1].id)
    records.save_section_body(session, team["sent"][1].id, "<p>Otro texto.</p>")
    review.submit_section(session, team["sent"][1].id, as_member=luis.id)
    session.actor = ana
    with pytest.raises(ActionNotAllowed):
        batch.approve(session, shown)
    assert {state(session, model.Section, s.id) for s in team["sent"]} == {"enviada"}


def test_outline_lists_every_section_in_report_order_with_state_and_author(session, team):
    [group] = review_queue.outline(session)
    assert group.report.id == team["report"].id
    assert [(i.title, i.state, i.authors) for i in group.sections] == [
        ("Trato", "enviada", "Luis Abogado"), ("Salud", "enviada", "Luis Abogado"),
        ("Personal", "enviada", "Luis Abogado"), ("Buenas prácticas", "borrador", "Luis Abogado"),
        ("Conclusiones", "borrador", "Luis Abogado")]
    assert group.omitted == {team["optional"].id}


def test_a_forged_plan_signs_nothing(session, team):
    """A plan edited after it was shown: another hash, an extra section, or the report claimed
    complete while a required section is still in borrador."""
    import dataclasses
    ids = [s.id for s in team["sent"]]
    shown = batch.plan(session, team["report"].id, ids)
    forged_hash = dataclasses.replace(shown, sections=[dataclasses.replace(shown.sections[0], sha256="0" * 64),
                                                       *shown.sections[1:]])
    forged_report = dataclasses.replace(shown, report_too=True, report_sha256="1" * 64)
    extra = dataclasses.replace(shown, sections=[*shown.sections, batch.Item(team["required"].id, "Conclusiones",
                                                                             "2" * 64)])
    for forged in (forged_hash, forged_report, extra):
        with pytest.raises(ActionNotAllowed):
            batch.approve(session, forged)
    assert {state(session, model.Section, i) for i in ids} == {"enviada"}
    assert state(session, model.Report, team["report"].id) == "en_revision"
    assert session.case.conn.execute("SELECT count(*) FROM signatures WHERE decision = 'aprobar'").fetchone()[0] == 0
