"""services.roster.preview/check_signer: who may sign the next roster version is decided before any
personal passphrase is needed, and the preview lists what the version would change."""

import pytest

from npmdesk.domain import model
from npmdesk.domain.roster import describe_change
from npmdesk.errors import ActionNotAllowed, IdentityLocked, NoKeys
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from fast_kdf import FAST_KDF

LUIS = "Frase personal de Luis 2026"
ROSA = "Frase personal de Rosa 2026"


def test_preview_then_sign(session):
    ana = session.actor
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    rosa = records.save(session, model.TeamMember("Rosa Médica", "medicina", "director"))
    with pytest.raises(NoKeys):
        roster.preview(session, ana)
    identity.create_keys(session, ana.id)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    identity.lock_identity(session, luis.id)
    # A locked author is refused for his role, not asked to unlock first.
    with pytest.raises(ActionNotAllowed) as refused:
        roster.preview(session, luis)
    assert "solo una directora o un director" in refused.value.message()
    with pytest.raises(ActionNotAllowed):
        roster.sign_roster(session, luis)
    version, found = roster.preview(session, ana)
    assert version == 1
    assert [describe_change(c) for c in found] == ["Entra Ana Directora, como Director/a.",
                                                   "Entra Luis Abogado, como Autor/a."]
    assert roster.chain(session) == []  # a preview signs nothing
    roster.sign_roster(session)
    # Rosa is recorded as directora but is not on version 1: she may not sign version 2.
    identity.create_keys(session, rosa.id, ROSA, kdf_params=FAST_KDF)
    with pytest.raises(ActionNotAllowed):
        roster.preview(session, rosa)
    luis.role = "revisor"
    records.save(session, luis)
    version, found = roster.preview(session, ana)
    assert version == 2
    assert [describe_change(c) for c in found] == ["Luis Abogado: rol de Autor/a a Revisor/a.",
                                                   "Entra Rosa Médica, como Director/a."]
    roster.sign_roster(session)
    # On version 2 she is a director; her keys are locked, so signing asks her to unlock.
    identity.lock_identity(session, rosa.id)
    assert roster.preview(session, rosa) == (3, [])
    with pytest.raises(IdentityLocked):
        roster.sign_roster(session, rosa)
    identity.unlock_identity(session, rosa.id, ROSA)
    assert roster.sign_roster(session, rosa).version == 3
