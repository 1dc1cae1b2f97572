"""Equipo y nómina → Traspasar la raíz…: the institutional root passes to another director
through the same service as `npmdesk roster sign --new-root`, with her code typed as she reads
it out in the dialog of the first pinning (issue 14). ADVERSARY: a code that is not the one of
the key the roster would name (a fresh key's, as an attacker's swapped card would carry) signs
nothing."""

import pytest
from PySide6.QtCore import Qt

from fast_kdf import FAST_KDF
from npmdesk.crypto.keys import KeyPair, safety_code
from npmdesk.domain import model
from npmdesk.domain.roster import entry_code
from npmdesk.services.records import edit as records
from npmdesk.services.team import identity, roster
from npmdesk.storage import audit_log
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.team import root_transfer
from npmdesk.ui.team.screen import TeamScreen

ROSA = "Frase personal de Rosa 2026"


@pytest.fixture
def screen(qtbot, session):
    """Ana (owner, director, root of version 1) and Rosa, a director with her own personal key."""
    rosa = records.save(session, model.TeamMember("Rosa Directora", "derecho", "director"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA, kdf_params=FAST_KDF)
    roster.sign_roster(session, remember_here=False)
    identity.lock_identity(session, rosa.id)
    view = TeamScreen(AppContext(session))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and view.state.version == 1)
    yield view, rosa
    ops.wait_all()


def state(session):
    with session.case.lock:
        return roster.chain(session), audit_log.head(session.case.conn)


def transfer(qtbot, view, monkeypatch, typed, passphrases):
    asked = []
    monkeypatch.setattr(root_transfer.RootCodeDialog, "ask",
                        classmethod(lambda cls, exc, parent, intro: asked.append(intro) or typed))
    monkeypatch.setattr(root_transfer.PersonalPassphrase, "ask",
                        lambda parent, name: passphrases.pop(0) if passphrases else None)
    view.select_member(next(r.member.id for r in view.state.rows if r.member.name == "Rosa Directora"))
    qtbot.mouseClick(view.root_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked) and ops.running() == 0, timeout=10000)
    return asked


def test_a_fresh_keys_code_signs_nothing_and_hers_passes_the_root(qtbot, screen, session, monkeypatch):
    view, rosa = screen
    before = state(session)
    fresh = KeyPair.generate()
    asked = transfer(qtbot, view, monkeypatch, safety_code(fresh.sign_public, fresh.box_public), [ROSA])
    assert "Rosa Directora" in asked[0]  # the transfer's explanation, not the first roster's
    assert "no es el de la clave de Rosa Directora" in view.message.text()
    assert state(session) == before
    code = entry_code(roster.proposed_members(session)[rosa.id])
    transfer(qtbot, view, monkeypatch, code, [])  # her passphrase not given: nothing signed
    assert state(session) == before and view.message.text() == ""
    transfer(qtbot, view, monkeypatch, code, [ROSA])
    qtbot.waitUntil(lambda: "Raíz institucional traspasada a Rosa Directora" in view.message.text())
    current = roster.current(session)
    # the pinned root (Ana's) still vouches for the chain: the transfer is signed by her and accepted by Rosa
    assert (current.version, current.root_name, current.root_code) == (2, "Rosa Directora", code)


def test_the_root_cannot_pass_the_root_to_herself(qtbot, screen, session, monkeypatch):
    view, _rosa = screen
    before = state(session)
    view.select_member(session.actor.id)  # Ana, the root, to herself: refused by the service, shown
    qtbot.mouseClick(view.root_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ops.running() == 0 and "otra directora" in view.message.text(), timeout=10000)
    assert state(session) == before
