"""One person per signature: a personal key is usable only for a short grace period after its own
passphrase, and switching person drops it; a colleague choosing «Revisa como: Rosa» later is asked
for Rosa's passphrase again, and without it nothing is signed."""

import time

import pytest

from gui_support import shot
from npmdesk.domain import model
from npmdesk.errors import IdentityLocked
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.ui.review import screen as review_screen
from test_review_gui import idle, screen, team  # noqa: F401  (fixtures: Ana owner, Rosa, Luis)

ROSA = "Frase personal de Rosa 2026"


def test_a_personal_key_locks_when_its_grace_period_ends(session, team):  # noqa: F811
    session.key_grace_seconds = 0.2
    identity.unlock_identity(session, team["rosa"].id, ROSA)
    assert 0 < identity.seconds_left(session, team["rosa"].id) <= 0.2
    time.sleep(0.3)
    section = team["sections"][0]
    with pytest.raises(IdentityLocked):
        review.approve_section(session, section.id, as_member=team["rosa"].id)
    assert team["rosa"].id not in session.identities
    assert records.get(session, model.Section, section.id).state == "enviada"
    assert identity.seconds_left(session, session.actor.id) == float("inf")  # the owner's file key


def test_switching_person_drops_the_other_personal_keys(session, team):  # noqa: F811
    identity.unlock_identity(session, team["rosa"].id, ROSA)
    identity.unlock_identity(session, team["luis"].id, "Frase personal de Luis 2026")
    identity.lock_others(session, team["luis"].id)
    assert identity.seconds_left(session, team["rosa"].id) is None
    with pytest.raises(IdentityLocked):
        review.approve_section(session, team["sections"][0].id, as_member=team["rosa"].id)


def test_choosing_a_reviewer_again_asks_for_her_passphrase_and_without_it_nothing_is_signed(
        qtbot, session, team, monkeypatch):  # noqa: F811
    answers, asked = [ROSA, None, None], []

    def ask(parent, name):
        asked.append(name)
        return answers.pop(0)

    monkeypatch.setattr(review_screen.PersonalPassphrase, "ask", classmethod(lambda cls, p, n: ask(p, n)))
    for member in (team["rosa"], team["luis"]):  # locked, as after opening the case file
        identity.lock_identity(session, member.id)
    view = screen(qtbot, session)
    combo, c = view.person, view.controller
    rosa, ana = combo.findData(team["rosa"].id), combo.findData(session.actor.id)
    assert "Ana" in view.key_state.text()
    combo.setCurrentIndex(rosa)
    combo.activated.emit(rosa)
    idle(qtbot)
    assert c.member_id == team["rosa"].id and "Rosa Revisora" in view.key_state.text()
    assert "hasta las" in view.key_state.text()
    shot(view, "review-key-active")
    combo.setCurrentIndex(ana)
    combo.activated.emit(ana)
    idle(qtbot)
    assert identity.seconds_left(session, team["rosa"].id) is None  # dropped on switching person
    combo.setCurrentIndex(rosa)
    combo.activated.emit(rosa)  # a colleague picks Rosa again and does not know her passphrase
    idle(qtbot)
    assert asked == ["Rosa Revisora (Revisor/a)", "Rosa Revisora (Revisor/a)"]
    assert c.member_id == session.actor.id
    with pytest.raises(IdentityLocked):
        review.approve_section(session, team["sections"][0].id, as_member=team["rosa"].id)


def test_a_decision_after_the_grace_period_asks_again(qtbot, session, team, monkeypatch):  # noqa: F811
    answers = [ROSA, None]
    monkeypatch.setattr(review_screen.PersonalPassphrase, "ask",
                        classmethod(lambda cls, p, n: answers.pop(0)))
    session.key_grace_seconds = 0.3
    identity.lock_identity(session, team["rosa"].id)
    view = screen(qtbot, session)
    rosa = view.person.findData(team["rosa"].id)
    view.person.setCurrentIndex(rosa)
    view.person.activated.emit(rosa)
    idle(qtbot)
    qtbot.waitUntil(lambda: "bloqueada" in view.key_state.text(), timeout=3000)  # the label follows it
    view.controller.approve()  # the passphrase is asked again; cancelled, nothing is signed
    idle(qtbot)
    assert answers == [] and {s.state for s in records.select(session, model.Section)} == {"enviada"}
