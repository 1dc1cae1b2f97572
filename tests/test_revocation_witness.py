"""When a statement was made, without trusting its signer's clock (issue 14, build 3): a statement
counts under the roster in force where it was made, and a colleague standing in the roster who
passes it on is the witness of that point (domain/approvals.judged_under).

Rosa reviews in roster v2 and is removed (or downgraded) in v3. Her approval made while v2 was in
force on the laptop that held it counts wherever it arrives later; one she signs after v3, naming
v2, counts nowhere: not carried by an honest colleague, not vouched for by herself."""

import pytest

from npmdesk.domain import approvals, model
from npmdesk.domain.roster import verify_chain
from npmdesk.export import bundle_checks
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import verification
from npmdesk.services.team import identity, roster
from npmdesk.storage import audit_log, review_store

from test_revocation import ROSA_PASS, change_rosa, codes, office, rosa_signs, write_and_submit  # noqa: F401


def signatures_of(session, target_id):
    with session.case.lock:
        return [(s.decision, s.signer_fingerprint) for s in review_store.signatures(session.case.conn, target_id)]


@pytest.mark.parametrize("role", [None, "autor"], ids=["removed", "downgraded"])
def test_an_approval_made_before_the_removal_counts_when_it_arrives_after(office, role):
    """Before, an approval Rosa made under v2 was refused on every laptop that got it after v3,
    though she was a reviewer when she made it."""
    o = office
    trato = write_and_submit(o)
    o.deliver(o.luis, "entrega", [o.dora])
    identity.unlock_identity(o.dora, o.rosa.id, ROSA_PASS)
    review.approve_section(o.dora, trato, as_member=o.rosa.id)
    o.deliver(o.dora, "revision", [o.luis])  # Luis holds it while v2 is in force on his laptop
    change_rosa(o, role)  # v3, delivered to Luis and Marta
    [summary] = o.deliver(o.luis, "entrega", [o.marta])  # and he passes it on to Marta afterwards
    assert summary.refused_signatures == []
    assert ["aprobar"] == [d for d, _f in signatures_of(o.marta, trato) if d == "aprobar"]
    assert records.get(o.marta, model.Section, trato).state == "aprobada"
    assert any(line.startswith("Firmas que Luis Autor ya tenía cuando regía una versión anterior")
               for line in package_import.summary_lines(summary))
    assert codes(o.marta) == [] and codes(o.luis) == []
    # The archive bundle's check judges it by the same rule, from what an export of Marta's would carry.
    with o.marta.case.lock:
        conn = o.marta.case.conn
        [row] = [r for r in review_store.signatures(conn, trato) if r.decision == "aprobar"]
        entries = {e.seq: e for e in audit_log.entries(conn)}
        seq = verification.points_in_bitacora(conn, [row], entries)[row.id]
        chain = verify_chain(review_store.rosters(conn))
        adopted = review_store.roster_adoptions(conn)
    item = {"statement": row.statement, "signature": row.signature, "bitacora_seq": seq}
    assert bundle_checks.standing(chain, entries, adopted, dict(item, vouched=summary.vouched[row.id])) == (True, 2)
    assert bundle_checks.standing(chain, entries, adopted, item) == (False, 3)


def test_an_approval_signed_after_the_removal_naming_the_old_roster_counts_nowhere(office):
    """ADVERSARY: removed in v3, Rosa signs an approval naming v2 and an old bitácora head and gets
    it onto Luis's laptop; Luis passes it on in good faith. His laptop only knows it from after
    v3, and that is what his package vouches for."""
    o = office
    trato = write_and_submit(o)
    with o.luis.case.lock:
        old_head = audit_log.head(o.luis.case.conn)  # while she still reviewed
    change_rosa(o, None)
    rosa_signs(o, o.luis, trato, roster_version=2, head=old_head)
    [summary] = o.deliver(o.luis, "entrega", [o.marta])
    assert summary.refused_signatures == ["Rosa Revisora"] and summary.vouched == {}
    assert [d for d, _f in signatures_of(o.marta, trato)] == ["enviar"]
    assert records.get(o.marta, model.Section, trato).state == "enviada"


def test_her_own_word_on_when_she_signed_is_not_taken(office, monkeypatch):
    """ADVERSARY: downgraded to author in v3, Rosa signs an approval of the report naming v2 and
    sends it in her own delivery, whose rows claim v2 was in force when she made it."""
    o = office
    salud = records.get(o.dora, model.Section, o.section_ids[1])
    salud.author_ids = [*salud.author_ids, o.rosa.id]
    records.save(o.dora, salud)
    change_rosa(o, "autor")
    o.deliver(o.dora, "asignacion", [o.marta])
    pair = identity.unlock_identity(o.dora, o.rosa.id, ROSA_PASS)
    entry = roster.chain(o.dora)[1]["body"]["members"][o.rosa.id]
    with o.dora.case.transaction() as conn:
        body = approvals.statement("report", o.report_id, "aprobar_informe", "0" * 64, o.rosa.id,
                                   entry["fingerprint"], model.now_utc(), audit_log.head(conn), 2)
        review_store.add_signature(conn, "report", o.report_id, "aprobar_informe", body, entry["fingerprint"],
                                   pair.sign(body))
    real = verification.judged_versions
    monkeypatch.setattr(packages.verification, "judged_versions",
                        lambda conn, rows, entries=None: {k: 2 for k in real(conn, rows, entries)})
    path = o.folder / "rosa-entrega.npmpaq"
    packages.write(o.dora, "entrega", [o.marta.actor.id], path, as_member=o.rosa.id)
    summary = package_import.import_package(o.marta, path)
    assert summary.refused_signatures == ["Rosa Revisora"] and summary.vouched == {}
    assert [d for d, _f in signatures_of(o.marta, o.report_id)] == []
