"""Replacing an institutional root whose private key is lost (issue 14, build 1: a change of root
is an explicit, visible event). Dora, the root, has her laptop stolen with her key in it. Elena,
a new director set up on Luis's laptop, signs the version that replaces her; Marta's laptop takes
it in only when Marta types Elena's code. The thief, holding Dora's key and case file, can sign
nothing that counts afterwards; what Dora signed before still does."""

import json

import pytest

from npmdesk.domain import approvals, model
from npmdesk.domain.audit import first_broken
from npmdesk.domain.roster import RepinUnconfirmed, verify_chain
from npmdesk.errors import ActionNotAllowed, InvalidRoster, PackageRefused
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import verification
from npmdesk.services.team import identity, repin, roster, trust
from npmdesk.storage import audit_log, review_store

from package_support import close, make_office

ELENA_PASS = "Elena dirige desde marzo 2026"


@pytest.fixture
def office(tmp_path):
    """Dora approved «Trato» before her laptop was stolen; Luis and Marta hold that approval."""
    made = make_office(tmp_path)
    trato = made.section_ids[0]
    made.deliver(made.dora, "asignacion", [made.luis, made.marta])
    records.save_section_body(made.luis, trato, "Las personas privadas de libertad denuncian golpes.")
    review.submit_section(made.luis, trato)
    made.deliver(made.luis, "entrega", [made.dora])
    review.approve_section(made.dora, trato)
    made.deliver(made.dora, "revision", [made.luis, made.marta])
    made.old_code = trust.pinned(made.dora)
    yield made
    close(made)


def elena_on_luis(o) -> model.TeamMember:
    """Elena joins as director on Luis's laptop; Dora, whose key is lost, is marked as gone there."""
    elena = records.save(o.luis, model.TeamMember("Elena Directora", "coordinacion", "director"))
    identity.create_keys(o.luis, elena.id, ELENA_PASS)
    identity.unlock_identity(o.luis, elena.id, ELENA_PASS)
    luis = records.get(o.luis, model.TeamMember, o.luis.actor.id)
    luis.role = "autor"  # as the roster has him (his own laptop made him director, as its owner)
    records.save(o.luis, luis)
    dora = records.get(o.luis, model.TeamMember, o.dora.actor.id)
    dora.active = False
    records.save(o.luis, dora)
    return elena


def elena_code(o, elena) -> str:
    """Elena's code, as she reads it from her own screen."""
    return identity.key_code(o.luis, elena.id)


def repinned(o, tmp_path):
    elena = elena_on_luis(o)
    code = elena_code(o, elena)
    signed = repin.sign(o.luis, elena, code)
    path = roster.export_roster(o.luis, tmp_path / "nomina-elena.json")
    return elena, code, signed, path


def test_the_new_root_signs_the_replacement_only_with_her_own_code(office, tmp_path):
    o = office
    elena = elena_on_luis(o)
    preview = repin.preview_sign(o.luis, elena)
    assert (preview.version, preview.old_name, preview.old_code) == (2, "Dora Directora", o.old_code)
    assert preview.changes[0].kind == "sustitucion"
    with pytest.raises(repin.WrongNewRootCode):  # the code of another key (a swapped card, say)
        repin.sign(o.luis, elena, o.old_code)
    assert roster.current(o.luis).version == 1
    signed = repin.sign(o.luis, elena, elena_code(o, elena).replace(" ", "-"))
    assert signed.version == 2 and signed.repinned and signed.root_name == "Elena Directora"
    assert trust.pinned(o.luis) == signed.root_code
    assert [(r.version, r.code, r.replaces) for r in trust.repins(o.luis)] == [(2, signed.root_code, o.old_code)]
    assert {o.old_code, signed.root_code} <= set(trust.machine_codes())


def test_the_lost_key_must_leave_the_roster(office):
    o = office
    elena = records.save(o.luis, model.TeamMember("Elena Directora", "coordinacion", "director"))
    identity.create_keys(o.luis, elena.id, ELENA_PASS)
    with pytest.raises(ActionNotAllowed) as caught:
        repin.preview_sign(o.luis, elena)
    assert "Dora Directora sigue en la nómina con la clave que se perdió" in caught.value.message()


def test_each_laptop_confirms_it_by_typing_the_new_code_and_the_bitacora_says_so(office, tmp_path):
    o = office
    elena, code, signed, path = repinned(o, tmp_path)
    with pytest.raises(RepinUnconfirmed) as caught:  # never as an ordinary roster import
        roster.import_roster(o.marta, path)
    assert "SIN SU FIRMA" in caught.value.message() and o.old_code in caught.value.message()
    assert roster.current(o.marta).version == 1
    preview = repin.preview_adopt(o.marta, path)
    assert (preview.old_name, preview.name, preview.version) == ("Dora Directora", "Elena Directora", 2)
    with pytest.raises(repin.WrongNewRootCode):
        repin.adopt(o.marta, path, o.old_code)
    adopted = repin.adopt(o.marta, path, code)
    assert adopted.version == 2 and trust.pinned(o.marta) == signed.root_code
    with o.marta.case.lock:
        entries = audit_log.entries(o.marta.case.conn)
    last = [e for e in entries if e.action == "sustituir_raiz"]
    assert len(last) == 1 and last[0].entity_id == "2"
    assert first_broken(entries) is None
    # What Dora approved before the replacement still holds on both laptops.
    assert verification.verify_approvals(o.marta) == [] and verification.verify_approvals(o.luis) == []
    assert records.get(o.marta, model.Section, o.section_ids[0]).state == "aprobada"


def test_a_thief_with_the_old_root_key_signs_a_roster_after_the_replacement_and_it_is_refused(office, tmp_path):
    """ADVERSARY: the thief has Dora's laptop, case file and key. After the replacement he signs a
    new roster version (adding an accomplice as reviewer) and sends it by file and by package."""
    o = office
    _elena, code, _signed, path = repinned(o, tmp_path)
    repin.adopt(o.marta, path, code)
    accomplice = records.save(o.dora, model.TeamMember("Cómplice Revisor", "derecho", "revisor"))
    identity.create_keys(o.dora, accomplice.id, "Frase del cómplice 2026 larga")
    roster.sign_roster(o.dora)  # version 2, signed with the lost key
    forged = roster.export_roster(o.dora, tmp_path / "nomina-ladron.json")
    for laptop in (o.marta, o.luis):
        with pytest.raises(InvalidRoster):
            roster.import_roster(laptop, forged)
        package = packages.write(o.dora, "nomina", [laptop.actor.id], tmp_path / f"ladron-{laptop.actor.name}.npmpaq")
        with pytest.raises(PackageRefused):
            package_import.import_package(laptop, package)
        assert roster.current(laptop).root_name == "Elena Directora" and roster.current(laptop).version == 2
    # Where there is no case file (a bundle, an escrow), this computer's pin history refuses his
    # version 2 under the old code, though that code still vouches for what came before it.
    thief_chain = roster.chain(o.dora)
    with pytest.raises(InvalidRoster) as caught:
        verify_chain(thief_chain, o.old_code, trust.machine_repins())
    assert "no es la que sustituyó la raíz" in caught.value.message()
    assert verify_chain(thief_chain[:1], o.old_code, trust.machine_repins())
    # Nor does he approve anything by naming the old roster: the key left the roster in force.
    pair = identity.signing_keys(o.dora, o.dora.actor)
    trato = o.section_ids[0]
    section = records.get(o.marta, model.Section, trato)
    with o.marta.case.transaction() as conn:
        body = approvals.statement("section", trato, "aprobar", verification.section_sha256(section),
                                   o.dora.actor.id, pair.fingerprint, model.now_utc(), (0, ""), 1, revision=9)
        review_store.add_signature(conn, "section", trato, "aprobar", body, pair.fingerprint, pair.sign(body))
    assert [p.code for p in verification.verify_approvals(o.marta)] == ["revoked"]


def test_a_laptop_not_yet_confirmed_refuses_the_new_roots_packages_and_the_roster_says_why(office, tmp_path):
    o = office
    elena, _code, _signed, _path = repinned(o, tmp_path)
    package = packages.write(o.luis, "nomina", [o.marta.actor.id], tmp_path / "elena.npmpaq", as_member=elena.id)
    with pytest.raises(PackageRefused):  # Elena is in no roster Marta's laptop holds yet
        package_import.import_package(o.marta, package)
    with o.luis.case.lock:
        stored = json.loads(o.luis.case.meta(trust.REPINS_KEY))
    assert stored == [{"version": 2, "code": trust.pinned(o.luis), "replaces": o.old_code}]


def test_a_bundle_made_under_the_old_root_still_verifies_after_the_replacement(session, tmp_path):
    """The old code stays in this computer's pin history: a bundle archived before the
    replacement verifies and is confirmed, in npmdesk and in the standalone verifier."""
    from npmdesk.services.archive import bundle as archive
    from test_archive import approve_all, bad_lines, make_bundle
    from test_archive_standalone import SCRIPT, extract, isolated
    built = approve_all(session)
    old = trust.pinned(session)
    made = make_bundle(session, built, tmp_path)
    rosa = next(m for m in records.select(session, model.TeamMember) if m.name == "Rosa Revisora")
    rosa.role = "director"
    records.save(session, rosa)
    identity.create_keys(session, session.actor.id)  # Ana's key is lost: she starts again with new ones
    identity.unlock_identity(session, rosa.id, "Rosa revisa con calma 2026")
    signed = repin.sign(session, rosa, identity.key_code(session, rosa.id))
    assert signed.repinned and trust.pinned(session) != old
    verdict = archive.verify_bundle(made.bundle)
    assert verdict.valid and verdict.confirmed, bad_lines(verdict)
    done = isolated(tmp_path, SCRIPT, extract(made.bundle, tmp_path / "ext"), "--director", old)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_stranger_cannot_replace_the_root_by_appending_his_own_version(office, tmp_path):
    """ADVERSARY: anyone can sign a version naming himself the new root (it is signed by its
    new root alone); appended to the real chain it is refused as an ordinary import, in a case
    file with a pin or an older one without, and only the code the institution reads out takes it."""
    o = office
    # The stranger works on a copy of the team's chain on his own laptop (here: Luis's, with his key).
    stranger = records.save(o.luis, model.TeamMember("Extraño Director", "derecho", "director"))
    identity.create_keys(o.luis, stranger.id, "Frase del extraño 2026 larga")
    identity.unlock_identity(o.luis, stranger.id, "Frase del extraño 2026 larga")
    dora = records.get(o.luis, model.TeamMember, o.dora.actor.id)
    dora.active = False
    records.save(o.luis, dora)
    repin.sign(o.luis, stranger, identity.key_code(o.luis, stranger.id))
    forged = roster.export_roster(o.luis, tmp_path / "nomina-extrano.json")
    with pytest.raises(RepinUnconfirmed):
        roster.import_roster(o.marta, forged)
    with o.marta.case.transaction() as conn:  # an older case file, with a roster but no pin
        conn.execute("DELETE FROM meta WHERE key = ?", (trust.META_KEY,))
    with pytest.raises(RepinUnconfirmed):
        roster.import_roster(o.marta, forged)
    path = packages.write(o.dora, "nomina", [o.marta.actor.id], tmp_path / "dora.npmpaq")
    assert package_import.import_package(o.marta, path).roster_version == 1  # the real root still reaches it
    with pytest.raises(repin.WrongNewRootCode):  # the code Marta is read out is the institution's
        repin.adopt(o.marta, forged, o.old_code)
    assert roster.current(o.marta).version == 1
