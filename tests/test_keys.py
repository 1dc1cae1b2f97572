"""Key pairs, personal-passphrase wrapping, public cards, the signed roster chain, the workflow table."""

import json

import pytest

from npmdesk.crypto.hashing import digest

from npmdesk.crypto import keys
from npmdesk.domain import model, workflow
from npmdesk.domain.roster import chain_changes, describe_change, entry_code, verify_chain
from npmdesk.errors import ActionNotAllowed, InvalidRoster, MalformedCard, WeakPassphrase, WrongPersonalPassphrase
from npmdesk.services.team import trust
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from fast_kdf import FAST_KDF


def test_wrap_round_trip_and_wrong_passphrase():
    pair = keys.KeyPair.generate()
    wrapped = keys.wrap(pair, "Frase personal de Rosa")
    assert pair.sign_private.hex() not in json.dumps(wrapped)
    back = keys.unwrap(wrapped, "Frase personal de Rosa")
    assert back == pair
    with pytest.raises(WrongPersonalPassphrase) as caught:
        keys.unwrap(wrapped, "Frase personal de rosa")
    assert "frase de contraseña personal no es correcta" in caught.value.message()
    tampered = dict(wrapped, ciphertext=("00" if wrapped["ciphertext"][:2] != "00" else "11") + wrapped["ciphertext"][2:])
    with pytest.raises(WrongPersonalPassphrase):
        keys.unwrap(tampered, "Frase personal de Rosa")
    with pytest.raises(WrongPersonalPassphrase):
        keys.unwrap({"version": 99}, "Frase personal de Rosa")


def test_signature_and_fingerprint():
    pair = keys.KeyPair.generate()
    statement = {"decision": "aprobar", "texto": "ñandú"}
    signature = pair.sign(statement)
    assert keys.verify(pair.sign_public.hex(), statement, signature)
    assert not keys.verify(pair.sign_public.hex(), dict(statement, decision="devolver"), signature)
    assert not keys.verify("zz", statement, signature)
    assert len(pair.fingerprint.replace(" ", "")) == 32


def test_owner_key_is_stored_raw_others_wrapped(session, case_path, passphrase):
    other = records.save(session, model.TeamMember("Pedro Psicólogo", "psicologia", "autor"))
    with pytest.raises(WeakPassphrase):
        identity.create_keys(session, other.id, "corta", kdf_params=FAST_KDF)
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, other.id, "Pedro guarda su frase", kdf_params=FAST_KDF)
    with session.case.lock:
        kinds = dict(session.case.conn.execute("SELECT member_id, kind FROM member_private_keys"))
    assert kinds == {session.actor.id: "raw", other.id: "wrapped"}
    session.close()
    reopened = sessions.open_case(case_path, passphrase)
    try:
        # The owner's key is available with the case file; Pedro's needs his own passphrase.
        assert identity.signing_keys(reopened, reopened.actor)
        from npmdesk.errors import IdentityLocked
        with pytest.raises(IdentityLocked):
            identity.signing_keys(reopened, other)
        with pytest.raises(WrongPersonalPassphrase):
            identity.unlock_identity(reopened, other.id, passphrase)
        assert identity.unlock_identity(reopened, other.id, "Pedro guarda su frase")
    finally:
        reopened.close()


def test_public_card_export_import(session, tmp_path):
    other = records.save(session, model.TeamMember("Lucía Trabajadora Social", "trabajo_social", "autor"))
    identity.create_keys(session, other.id, "Lucía y su frase larga", kdf_params=FAST_KDF)
    path = identity.export_card(session, other.id, tmp_path / "tarjeta.json")
    text = path.read_text(encoding="utf-8")
    assert "Lucía" in text and "ciphertext" not in text and "private" not in text
    second = sessions.create_case(tmp_path / "otro.npmcase", "Otra frase de prueba 2026", kdf_params=FAST_KDF)
    try:
        member = identity.import_card(second, path)
        assert member.name == "Lucía Trabajadora Social"
        assert identity.public_keys(second, member.id).fingerprint == json.loads(text)["fingerprint"]
        bad = tmp_path / "mala.json"
        bad.write_text(text.replace(json.loads(text)["fingerprint"], "0000 0000"), encoding="utf-8")
        with pytest.raises(MalformedCard) as caught:
            identity.import_card(second, bad)
        assert "la huella no corresponde" in caught.value.message()
        bad.write_text("basura", encoding="utf-8")
        with pytest.raises(MalformedCard):
            identity.import_card(second, bad)
    finally:
        second.close()


@pytest.fixture
def directed(session):
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, "Rosa revisa con calma 2026", kdf_params=FAST_KDF)
    first = roster.sign_roster(session)
    return session, rosa, first


def test_roster_chain_versions_and_authority(directed, tmp_path):
    session, rosa, first = directed
    assert first.version == 1 and first.role(rosa.id) == "revisor"
    # Rosa (a reviewer) cannot sign the next version, even after promoting herself in team_members.
    rosa.role = "director"
    records.save(session, rosa)
    with pytest.raises(ActionNotAllowed):
        roster.sign_roster(session, signer=rosa)
    assert roster.current(session).role(rosa.id) == "revisor"
    second = roster.sign_roster(session)  # the director signs the promotion
    assert second.version == 2 and roster.current(session).role(rosa.id) == "director"
    path = roster.export_roster(session, tmp_path / "nomina.json")
    assert [r.version for r in roster.read_roster_file(path)] == [1, 2]
    # The root is Ana, who signed version 1; her code is pinned here and vouches for the file.
    assert trust.pinned(session) == first.root_code == roster.current(session).root_code
    assert roster.read_roster_file(path, trusted_root=first.root_code)
    with pytest.raises(InvalidRoster):
        roster.read_roster_file(path, trusted_root=entry_code(first.members[rosa.id]))


def test_roster_tampering_is_refused(directed, tmp_path):
    session, rosa, _ = directed
    chain = roster.chain(session)
    chain[0]["body"]["members"][rosa.id]["role"] = "director"
    with pytest.raises(InvalidRoster) as caught:
        verify_chain(chain)
    assert "firma de la versión 1 no es válida" in caught.value.message()
    # A self-signed second version by a non-director of version 1.
    chain = roster.chain(session)
    fake = keys.KeyPair.generate()
    body = dict(chain[0]["body"], version=2, previous="x")
    with pytest.raises(InvalidRoster):
        verify_chain(chain + [{"body": body, "signer": fake.fingerprint,
                               "signature": fake.sign(body)}])


def test_roster_import_extends_another_case_file(directed, tmp_path):
    session, rosa, _ = directed
    path = roster.export_roster(session, tmp_path / "nomina.json")
    laptop = sessions.create_case(tmp_path / "portatil.npmcase", "Portátil de Rosa 2026", kdf_params=FAST_KDF)
    try:
        imported = roster.import_roster(laptop, path, director_code=trust.pinned(session))
        assert imported.role(rosa.id) == "revisor"
        assert roster.current(laptop).version == 1
        assert records.get(laptop, model.TeamMember, rosa.id).name == "Rosa Revisora"
        bad = tmp_path / "mala.json"
        bad.write_text(path.read_text(encoding="utf-8").replace("revisor", "director"), encoding="utf-8")
        with pytest.raises(InvalidRoster):
            roster.import_roster(laptop, bad)
    finally:
        laptop.close()


def test_workflow_table():
    section = model.Section("r", "Trato")
    assert workflow.allowed_actions(section, "autor", True) == ["enviar", "editar"]
    section.state = "enviada"
    assert workflow.allowed_actions(section, "autor", True) == ["editar"]
    assert workflow.allowed_actions(section, "revisor", True) == ["editar"]
    assert workflow.allowed_actions(section, "revisor", False) == ["devolver", "aprobar", "editar"]
    assert workflow.allowed_actions(section, None, False) == []
    section.state = "aprobada"
    assert workflow.next_state(section, "editar") == "borrador"
    report = model.Report("v", "Informe")
    assert workflow.allowed_actions(report, "autor", False) == ["enviar_informe"]
    report.state = "en_revision"
    assert "aprobar_informe" not in workflow.allowed_actions(report, "autor", False)
    assert "aprobar_informe" in workflow.allowed_actions(report, "revisor", False)
    report.state = "aprobado"
    assert workflow.next_state(report, "exportar") == "exportado"
    for table in workflow.TRANSITIONS.values():
        for actions in table.values():
            assert set(actions) <= set(workflow.WHO) and set(actions) <= set(workflow.ACTION_LABELS)


def test_code_is_twelve_groups_of_five_digits_over_both_keys():
    pair, other = keys.KeyPair.generate(), keys.KeyPair.generate()
    code = keys.safety_code(pair.sign_public, pair.box_public)
    assert [len(g) for g in code.split(" ")] == [5] * 12 and code.replace(" ", "").isdigit()
    assert keys.safety_code(pair.sign_public, other.box_public) != code
    assert trust.formatted("-".join(code.split(" "))) == code
    assert trust.formatted(code[:-1]) == ""


def test_card_with_a_swapped_encryption_key_is_refused(session, tmp_path):
    """ADVERSARY: someone on the way (USB, e-mail) puts their own X25519 key in a colleague's card,
    keeping the fingerprint the director compares. Before, the fingerprint covered only the
    signing key and the card was taken; every package to her would have opened for the attacker."""
    other = records.save(session, model.TeamMember("Lucía Trabajadora Social", "trabajo_social", "autor"))
    identity.create_keys(session, other.id, "Lucía y su frase larga")
    path = identity.export_card(session, other.id, tmp_path / "tarjeta.json")
    card = json.loads(path.read_text(encoding="utf-8"))
    card["box_public"] = keys.KeyPair.generate().box_public.hex()
    path.write_text(json.dumps(card), encoding="utf-8")
    second = sessions.create_case(tmp_path / "otro.npmcase", "Otra frase de prueba 2026")
    try:
        with pytest.raises(MalformedCard) as caught:
            identity.import_card(second, path)
        assert "la huella no corresponde" in caught.value.message()
        assert identity.public_keys(second, other.id) is None
    finally:
        second.close()


def test_roster_with_a_swapped_encryption_key_is_refused(directed):
    """ADVERSARY: the same swap inside a signed roster (re-signed by nobody) or with the fingerprint
    left as it was: the chain no longer verifies."""
    session, rosa, _ = directed
    chain = roster.chain(session)
    chain[0]["body"]["members"][rosa.id]["box_public"] = keys.KeyPair.generate().box_public.hex()
    with pytest.raises(InvalidRoster) as caught:
        verify_chain(chain)
    assert "claves que no corresponden a su huella" in caught.value.message()


def test_key_change_is_shown_in_the_roster_preview(directed):
    session, rosa, _ = directed
    identity.create_keys(session, rosa.id, "Rosa tiene claves nuevas 2026")
    version, found = roster.preview(session, session.actor)
    lines = [describe_change(c) for c in found]
    assert version == 2 and any(line.startswith("Rosa Revisora: claves nuevas") for line in lines)


def test_first_roster_from_a_stranger_needs_the_confirmed_code(directed, tmp_path):
    """ADVERSARY: a stranger makes her own roster naming herself director and sends it first.
    Before, a laptop without a roster took it and she became director there."""
    session, rosa, first = directed
    stranger = sessions.create_case(tmp_path / "extrana.npmcase", "Frase de la extraña 2026",
                                    owner_name="Ana Directora")
    laptop = sessions.create_case(tmp_path / "portatil.npmcase", "Portátil de Rosa 2026")
    try:
        identity.create_keys(stranger, stranger.actor.id)
        roster.sign_roster(stranger)
        forged = roster.export_roster(stranger, tmp_path / "nomina-falsa.json")
        with pytest.raises(trust.RootUnconfirmed) as caught:
            roster.import_roster(laptop, forged)
        assert trust.pinned(stranger) in caught.value.message()  # the code to compare, from the file
        with pytest.raises(trust.WrongRoot):
            roster.import_roster(laptop, forged, director_code=first.root_code)
        assert roster.current(laptop) is None and not trust.pinned(laptop)
        real = roster.export_roster(session, tmp_path / "nomina.json")
        roster.import_roster(laptop, real, director_code=first.root_code.replace(" ", "-"))
        assert trust.pinned(laptop) == first.root_code
        # Once pinned, a roster from another root is refused even if it is typed along.
        with pytest.raises(InvalidRoster):
            roster.import_roster(laptop, forged, director_code=trust.pinned(stranger))
    finally:
        stranger.close()
        laptop.close()


def test_change_of_root_is_signed_by_both_and_shown(directed, tmp_path):
    session, rosa, first = directed
    rosa.role = "director"
    records.save(session, rosa)
    roster.sign_roster(session)
    identity.unlock_identity(session, rosa.id, "Rosa revisa con calma 2026")
    with pytest.raises(ActionNotAllowed):  # only the root passes the root on
        roster.preview(session, rosa, new_root=session.actor)
    version, found = roster.preview(session, session.actor, new_root=rosa)
    assert found[0].kind == "raiz" and "CAMBIO DE RAÍZ" in describe_change(found[0])
    third = roster.sign_roster(session, new_root=rosa)
    assert third.root_code == entry_code(third.members[rosa.id]) != first.root_code
    verified = verify_chain(roster.chain(session), first.root_code)
    assert verify_chain(roster.chain(session), third.root_code)  # the new root vouches for the history
    assert [c.kind for c in chain_changes(verified, 2)][:1] == ["raiz"]
    # A root change signed by the old root alone (no acceptance by the new one) does not verify.
    chain = roster.chain(session)[:2]
    ana = session.identities[session.actor.id]
    body = dict(chain[1]["body"], version=3, previous=digest(chain[1]["body"]),
                root={"fingerprint": ana.fingerprint, "acceptance": ""})
    body["root"]["fingerprint"] = third.members[rosa.id]["fingerprint"]
    with pytest.raises(InvalidRoster) as caught:
        verify_chain(chain + [{"body": body, "signer": ana.fingerprint, "signature": ana.sign(body)}])
    assert "sin la firma de la raíz nueva" in caught.value.message()
