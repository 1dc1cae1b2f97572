"""Institutional recovery: a case file whose passphrase is lost comes back with the recovery code."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed, PackageRefused
from npmdesk.services.team import trust
from npmdesk.services.team import identity
from npmdesk.services.safekeeping import recovery
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from fast_kdf import FAST_KDF

NEW_PASS = "Nueva frase tras la pérdida 2027"


def test_lost_passphrase_is_recovered_with_the_code(session, tmp_path):
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro Femenino"))
    visit = records.save(session, model.Visit(place.id, "2026-05-04"))
    report = records.save(session, model.Report(visit.id, "Informe del Centro Femenino"))
    recovery.set_recovery_key(session, public)
    escrow = recovery.write_escrow(session, tmp_path / "custodia.npmpaq")
    session.close()  # ... and the passphrase is forgotten

    with pytest.raises(PackageRefused) as wrong:
        recovery.restore(escrow, code[:-1] + ("A" if code[-1] != "A" else "B"), tmp_path / "x.npmcase", NEW_PASS)
    assert "código de recuperación no es correcto" in wrong.value.message()
    assert not (tmp_path / "x.npmcase").exists()

    other_code, _public = recovery.new_recovery_key()
    with pytest.raises(PackageRefused):
        recovery.restore(escrow, other_code, tmp_path / "y.npmcase", NEW_PASS)
    assert not (tmp_path / "y.npmcase").exists()

    restored = recovery.restore(escrow, code.lower(), tmp_path / "recuperado.npmcase", NEW_PASS)
    restored.close()
    reopened = sessions.open_case(tmp_path / "recuperado.npmcase", NEW_PASS)
    try:
        assert records.get(reopened, model.Report, report.id).title == "Informe del Centro Femenino"
        assert review.verify_approvals(reopened) == []
        assert roster.current(reopened).role(reopened.actor.id) == "director"
    finally:
        reopened.close()


def test_tampered_escrow_and_non_director_are_refused(session, tmp_path):
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    author = records.save(session, model.TeamMember("Luis Autor", "derecho", "autor"))
    identity.create_keys(session, author.id, "Luis escribe informes 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    session.actor, director = author, session.actor
    with pytest.raises(ActionNotAllowed):
        recovery.set_recovery_key(session, public)
    session.actor = director
    with pytest.raises(ActionNotAllowed):
        recovery.write_escrow(session, tmp_path / "sin-clave.npmpaq")
    recovery.set_recovery_key(session, public)
    data = bytearray(recovery.write_escrow(session, tmp_path / "custodia.npmpaq").read_bytes())
    data[-1] ^= 1
    (tmp_path / "alterada.npmpaq").write_bytes(bytes(data))
    with pytest.raises(PackageRefused) as caught:
        recovery.restore(tmp_path / "alterada.npmpaq", code, tmp_path / "r.npmcase", NEW_PASS)
    assert "alterado" in caught.value.message()
    assert not (tmp_path / "r.npmcase").exists()


def test_forged_escrow_from_the_public_recovery_key_is_refused(session, tmp_path):
    """ADVERSARY: the recovery key is public (it is in every case file). Someone who has it builds a
    case file of their own, with a fabricated report and a fresh «director», and seals it to that key.
    Before, the restore checked the signature with keys found inside the payload and took it."""
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    real = trust.pinned(session)
    session.close()
    forger = sessions.create_case(tmp_path / "falso.npmcase", "Frase del falsificador 2026",
                                  owner_name="Ana Directora")
    try:
        identity.create_keys(forger, forger.actor.id)
        roster.sign_roster(forger)
        place = records.save(forger, model.Place("Centro Femenino"))
        visit = records.save(forger, model.Visit(place.id, "2026-05-04"))
        records.save(forger, model.Report(visit.id, "Informe fabricado"))
        recovery.set_recovery_key(forger, public)
        forged = recovery.write_escrow(forger, tmp_path / "custodia-falsa.npmpaq")
        fake = trust.pinned(forger)
    finally:
        forger.close()
    for given in (real, None):  # the code from the recovery sheet, or the one pinned on this machine
        (trust.paths.user_config_dir() / trust.MACHINE_FILE).write_text('{"codes": ["%s"]}' % real,
                                                                         encoding="utf-8")
        with pytest.raises(PackageRefused) as caught:
            recovery.restore(forged, code, tmp_path / "r.npmcase", NEW_PASS, director_code=given)
        assert "no viene de la raíz institucional" in caught.value.message() and fake in caught.value.message()
        assert not (tmp_path / "r.npmcase").exists()
    # With no code given and none pinned on this machine, nothing can vouch for the copy.
    (trust.paths.user_config_dir() / trust.MACHINE_FILE).unlink()
    with pytest.raises(PackageRefused) as caught:
        recovery.restore(forged, code, tmp_path / "r.npmcase", NEW_PASS)
    assert "falta el código de la dirección" in caught.value.message()


def test_restored_case_keeps_the_confirmed_root(session, tmp_path):
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    real = trust.pinned(session)
    recovery.set_recovery_key(session, public)
    escrow = recovery.write_escrow(session, tmp_path / "custodia.npmpaq")
    session.close()
    (trust.paths.user_config_dir() / trust.MACHINE_FILE).unlink()  # a new laptop
    restored = recovery.restore(escrow, code, tmp_path / "nuevo.npmcase", NEW_PASS, director_code=real)
    try:
        assert trust.pinned(restored) == real and trust.machine_codes() == [real]
    finally:
        restored.close()
