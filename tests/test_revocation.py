"""Revocation and unsigned state, tried as an adversary would: a reviewer removed or downgraded in
a later roster still holding her key, an author flipping `void` in his own case file, and a
package claiming that the recipient's revisions were absorbed."""

import pytest

from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import approvals, model
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.exchange import conflicts
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services.review import verification
from npmdesk.storage import audit_log, review_store

from package_support import close, make_office
from test_review import newest_approval


def is_void(session, row) -> bool:
    """Whether an approval no longer covers its target's current content, as the case file derives it."""
    with session.case.lock:
        return row.id not in {r.id for r in verification.live_approvals(session.case.conn, {row.target_id})}

ROSA_PASS = "Rosa revisa con calma 2026"


@pytest.fixture
def office(tmp_path):
    """The three laptops of package_support, plus Rosa, a reviewer whose keys live on Dora's."""
    made = make_office(tmp_path)
    rosa = records.save(made.dora, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(made.dora, rosa.id, ROSA_PASS)
    roster.sign_roster(made.dora)  # v2: Rosa reviews
    made.deliver(made.dora, "nomina", [made.luis, made.marta])
    made.rosa = rosa
    made.deliver(made.dora, "asignacion", [made.luis, made.marta])
    yield made
    close(made)


def change_rosa(office, role: str | None) -> int:
    """Sign the next roster version with Rosa downgraded to `role`, or removed (None)."""
    rosa = records.get(office.dora, model.TeamMember, office.rosa.id)
    if role is None:
        rosa.active = False
    else:
        rosa.role = role
    records.save(office.dora, rosa)
    version = roster.sign_roster(office.dora).version
    office.deliver(office.dora, "nomina", [office.luis, office.marta])
    return version


def write_and_submit(office, text="Las personas privadas de libertad denuncian golpes."):
    trato = office.section_ids[0]
    records.save_section_body(office.luis, trato, text)
    review.submit_section(office.luis, trato)
    return trato


def rosa_signs(office, target_session, section_id: str, roster_version: int, head=None) -> str:
    """Rosa, with her own private key, signs an approval naming an old roster version and
    writes it straight into `target_session`'s case file (she or a colleague controls it)."""
    pair = identity.unlock_identity(office.dora, office.rosa.id, ROSA_PASS)
    entry = roster.chain(office.dora)[roster_version - 1]["body"]["members"][office.rosa.id]
    section = records.get(target_session, model.Section, section_id)
    with target_session.case.transaction() as conn:
        body = approvals.statement("section", section_id, "aprobar", verification.section_sha256(section),
                                   office.rosa.id, entry["fingerprint"], model.now_utc(),
                                   head or audit_log.head(conn), roster_version, revision=1)
        return review_store.add_signature(conn, "section", section_id, "aprobar", body,
                                          entry["fingerprint"], pair.sign(body))


def codes(session):
    return [(p.code, p.target_id) for p in verification.verify_approvals(session)]


@pytest.mark.parametrize("role", [None, "autor"], ids=["removed", "downgraded"])
def test_approval_by_a_revoked_reviewer_is_refused_on_import(office, role):
    o = office
    trato = write_and_submit(o)
    change_rosa(o, role)  # v3
    # Rosa signs naming v2, where she still reviews; Luis carries it in an ordinary delivery.
    rosa_signs(o, o.luis, trato, roster_version=2)
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert records.get(o.dora, model.Section, trato).state == "enviada"
    with o.dora.case.lock:
        decisions = [s.decision for s in review_store.signatures(o.dora.case.conn, trato)]
    assert decisions == ["enviar"]
    assert summary.refused_signatures == ["Rosa Revisora"]
    lines = package_import.summary_lines(summary)
    assert "Firma no aceptada: Rosa Revisora ya no tiene ese rol o esa clave en la nómina vigente." in lines
    assert codes(o.dora) == []


@pytest.mark.parametrize("role", [None, "autor"], ids=["removed", "downgraded"])
def test_approval_by_a_revoked_reviewer_is_refused_on_verification(office, role):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    change_rosa(o, role)
    rosa_signs(o, o.dora, trato, roster_version=2)
    with o.dora.case.transaction() as conn:  # and whoever holds the passphrase marks it approved
        conn.execute("UPDATE sections SET state = 'aprobada' WHERE id = ?", (trato,))
    problems = verification.verify_approvals(o.dora)
    assert [(p.code, p.target_id) for p in problems] == [("revoked", trato)]
    assert "Rosa Revisora" in problems[0].message() and "versión 2" in problems[0].message()


def test_a_revoked_approval_backdated_to_an_old_bitacora_head_is_still_revoked(office):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    with o.dora.case.lock:
        old_head = audit_log.head(o.dora.case.conn)  # while Rosa still reviewed
    change_rosa(o, None)
    rosa_signs(o, o.dora, trato, roster_version=2, head=old_head)
    with o.dora.case.transaction() as conn:
        conn.execute("UPDATE sections SET state = 'aprobada' WHERE id = ?", (trato,))
    assert codes(o.dora) == [("revoked", trato)]


def test_an_approval_made_before_the_removal_still_holds(office):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    identity.unlock_identity(o.dora, o.rosa.id, ROSA_PASS)
    review.approve_section(o.dora, trato, as_member=o.rosa.id)
    o.deliver(o.dora, "revision", [o.luis])
    change_rosa(o, None)
    assert codes(o.dora) == [] and codes(o.luis) == []
    assert records.get(o.luis, model.Section, trato).state == "aprobada"


def test_a_removed_reviewer_cannot_sign_here_at_all(office):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    change_rosa(o, None)
    identity.unlock_identity(o.dora, o.rosa.id, ROSA_PASS)
    with pytest.raises(ActionNotAllowed):
        review.approve_section(o.dora, trato, as_member=o.rosa.id)


def test_a_void_flag_sent_by_an_author_does_not_void_the_approval(office):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    review.approve_section(o.dora, trato)
    o.deliver(o.dora, "revision", [o.luis, o.marta])
    # Luis flips the flag in his own case file and sends an ordinary delivery.
    with o.luis.case.transaction() as conn:
        conn.execute("UPDATE signatures SET void = 1")
    summaries = o.deliver(o.luis, "entrega", [o.dora, o.marta])
    for laptop in (o.dora, o.marta):
        assert records.get(laptop, model.Section, trato).state == "aprobada"
        assert not newest_approval(laptop, trato).void
        assert not is_void(laptop, newest_approval(laptop, trato))
        assert codes(laptop) == []
    assert [s.voided for s in summaries] == [[], []]


def test_an_approval_falls_only_when_its_text_changes_and_the_summary_says_so(office):
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    review.approve_section(o.dora, trato)
    o.deliver(o.dora, "revision", [o.luis])
    review.reopen_section(o.luis, trato)
    records.save_section_body(o.luis, trato, "Texto cambiado después de la aprobación.")
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert summary.voided == ["«Trato» (aprobada por Dora Directora)"]
    assert "Aprobación anulada porque el texto cambió: «Trato» (aprobada por Dora Directora)" in \
        package_import.summary_lines(summary)
    assert records.get(o.dora, model.Section, trato).state == "borrador"
    assert is_void(o.dora, newest_approval(o.dora, trato))
    assert codes(o.dora) == []


def diverge(o):
    trato = o.section_ids[0]
    records.save_section_body(o.dora, trato, "Texto inicial.")
    o.deliver(o.dora, "asignacion", [o.luis])
    records.save_section_body(o.dora, trato, "Texto corregido por la dirección.")
    records.save_section_body(o.luis, trato, "Texto ampliado por el autor.")
    return trato


def revisions(session, section_id):
    return sorted((r.number, r.body) for r in records.select(session, model.Revision, section_id=section_id))


def test_an_unsigned_absorbed_list_cannot_delete_revisions(office, monkeypatch):
    o = office
    trato = diverge(o)
    kept = revisions(o.dora, trato)
    local_ids = [r.id for r in records.select(o.dora, model.Revision, section_id=trato)]
    real = packages.build_payload

    def claiming_absorption(*args, **kwargs):  # a sender's modified software
        payload, scope = real(*args, **kwargs)
        payload["absorbed"] = {trato: local_ids}
        return payload, scope

    monkeypatch.setattr(packages, "build_payload", claiming_absorption)
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert summary.conflicts == ["Trato"] and summary.absorbed == []
    assert revisions(o.dora, trato) == kept
    assert records.get(o.dora, model.Section, trato).body == "Texto corregido por la dirección."


def test_a_signed_resolution_replaces_revisions_and_the_summary_names_who(office):
    o = office
    trato = diverge(o)
    o.deliver(o.dora, "revision", [o.luis])  # Luis now has the conflict
    [pending] = conflicts.open_conflicts(o.luis)
    conflicts.resolve(o.luis, pending.conflict.id, "entrante")
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert summary.conflicts == [] and summary.absorbed == ["«Trato» (Luis Autor, 1)"]
    assert records.get(o.dora, model.Section, trato).body == "Texto corregido por la dirección."
    assert codes(o.dora) == []


def test_a_forged_resolution_signature_refuses_the_package(office, monkeypatch):
    o = office
    trato = diverge(o)
    local_ids = [r.id for r in records.select(o.dora, model.Revision, section_id=trato)]
    kept = revisions(o.dora, trato)
    real = packages.build_payload

    def forged(*args, **kwargs):
        payload, scope = real(*args, **kwargs)
        body = {"kind": "section", "target_id": trato, "decision": "absorber", "absorbed": local_ids,
                "content_sha256": sha256_hex("Texto ampliado por el autor.".encode()),
                "signer_id": o.dora.actor.id, "roster_version": 2,
                "signer": roster.current(o.luis).members[o.dora.actor.id]["fingerprint"]}
        payload["signatures"].append({"id": model.new_id(), "kind": "section", "target_id": trato,
                                      "decision": "absorber", "statement": body, "void": False,
                                      "signer_fingerprint": body["signer"], "signature": "00" * 64,
                                      "created_at": model.now_utc()})
        return payload, scope

    monkeypatch.setattr(packages, "build_payload", forged)
    path = o.send(o.luis, "entrega", [o.dora])
    with pytest.raises(package_import.PackageRefused):
        package_import.import_package(o.dora, path)
    assert revisions(o.dora, trato) == kept
