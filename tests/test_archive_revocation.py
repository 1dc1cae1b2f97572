"""Revocation inside the archive bundle, tried as an adversary would: an approval by a reviewer
removed in roster v2 before she signed, an insider who re-signs the manifest after dropping or
reordering bitácora entries, and a bundle forged with fresh keys."""

import json

import pytest

from export_fixture import build_report
from fast_kdf import FAST_KDF
from npmdesk.crypto.hashing import canonical_json, sha256_hex
from npmdesk.domain import model
from npmdesk.domain.roster import verify_chain
from npmdesk.export import bag, bundle
from npmdesk.services import session as sessions
from npmdesk.services.archive import bundle as archive
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.review import verification
from npmdesk.services.team import identity, roster, trust
from npmdesk.storage import records as store
from npmdesk.storage import review_store

from test_archive import ROSA_PASS, approve_all, bad_lines


@pytest.fixture
def revoked(session, tmp_path):
    """Rosa approves every section but the last under roster v1; she is then removed (v2) and,
    her key still on the laptop, signs the last one naming v1, bound into the bitácora exactly as
    the application binds its own approvals; the director approves the report as if all held."""
    built = build_report(session)
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA_PASS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    for section in built.sections:
        with session.case.transaction() as conn:
            stored = store.get(conn, model.Section, section.id)
            stored.author_ids = [session.actor.id]
            store.save(conn, stored)
        review.submit_section(session, section.id)
    for section in built.sections[:-1]:
        review.approve_section(session, section.id, as_member=rosa.id)
    rosa.active = False
    records.save(session, rosa)
    roster.sign_roster(session)  # v2: Rosa is gone
    last = built.sections[-1]
    pair = identity.unlock_identity(session, rosa.id, ROSA_PASS)
    ana_keys = identity.signing_keys(session, session.actor)
    with session.case.transaction() as conn:
        v1, v2 = verify_chain(review_store.rosters(conn))
        section = store.get(conn, model.Section, last.id)
        review.sign_statement(conn, session, rosa, v1, v1.members[rosa.id], pair, "section", last.id, "aprobar",
                              verification.section_sha256(section), revision=1)
        section.state = "aprobada"
        store.save(conn, section)
        report = store.get(conn, model.Report, built.report.id)
        review.sign_statement(conn, session, session.actor, v2, v2.members[session.actor.id], ana_keys, "report",
                              report.id, "aprobar_informe", verification.report_sha256(conn, report))
        report.state = "aprobado"
        store.save(conn, report)
    made = archive.export_archive(session, built.report.id, tmp_path / "informe.docx", tmp_path / "archivo.zip",
                                  with_pdf=False)
    return built, made


def test_approval_by_a_reviewer_removed_before_it_was_made_is_refused(revoked, session):
    built, made = revoked
    verdict = bundle.verify(made.bundle, [trust.pinned(session)])
    bad = bad_lines(verdict)
    assert bad == [f"«{built.sections[-1].title}»: firmado por Rosa Revisora con la versión 1 de la nómina, "
                   "cuando la vigente era la 2 y en ella ya no tenía ese rol o esa clave."]
    texts = [line.text for line in verdict.lines]
    # Her approvals made under v1, before the removal, still hold.
    for section in built.sections[:-1]:
        assert f"Aprobación de la sección «{section.title}» por Rosa Revisora: válida." in texts


def resign(session, source, target, change_log):
    """ADVERSARY (an insider with the exporter's key): edit the archived bitácora, recompute its hash
    in the manifest, re-sign the manifest and the bag's manifests, so only the chain can show it."""
    found = bag.read_zip(source)
    data = dict(found.payload)
    manifest = json.loads(data[bundle.MANIFEST])
    rows = change_log(json.loads(data["bitacora.json"]))
    data["bitacora.json"] = canonical_json(rows)
    body = manifest["manifiesto"]
    body["files"]["bitacora.json"] = sha256_hex(data["bitacora.json"])
    keys = identity.signing_keys(session, session.actor)
    data[bundle.MANIFEST] = json.dumps({"manifiesto": body, "firma": keys.sign(body)}).encode("utf-8")
    with open(target, "wb") as handle:
        bag.write_zip(handle, found.top, data, {})
    return target


def roster_entry(rows, version):
    return next(i for i, r in enumerate(rows) if r["action"] == "firmar_nomina" and r["entity_id"] == str(version))


def test_dropping_the_roster_change_from_the_bitacora_is_refused(revoked, session, tmp_path):
    built, made = revoked
    dropped = resign(session, made.bundle, tmp_path / "d.zip",
                     lambda rows: rows[:roster_entry(rows, 2)] + rows[roster_entry(rows, 2) + 1:])
    bad = bad_lines(bundle.verify(dropped, [trust.pinned(session)]))
    assert any(b.startswith("La bitácora archivada no es la que certifica el ancla firmada") for b in bad)
    # Without a bitácora that holds, no approval is accepted: there is no point to check it at.
    assert not any(b.startswith("Aprobación") for b in bad)
    assert sum("la bitácora ya no contiene el punto" in b for b in bad) == len(built.sections) + 1


def test_reordering_bitacora_entries_is_refused(revoked, session, tmp_path):
    _, made = revoked

    def swap(rows):
        at = roster_entry(rows, 2)
        rows[at - 1], rows[at] = rows[at], rows[at - 1]
        return rows
    bad = bad_lines(bundle.verify(resign(session, made.bundle, tmp_path / "o.zip", swap), [trust.pinned(session)]))
    assert any(b.startswith("La bitácora archivada no es la que certifica el ancla firmada") for b in bad)


def test_renumbering_the_roster_change_after_the_approval_is_refused(revoked, session, tmp_path):
    """Moving the v2 adoption after Rosa's approval and re-chaining every hash: the anchor's hash no
    longer matches."""
    from npmdesk.domain.audit import HASHED_FIELDS, entry_hash

    _, made = revoked

    def move(rows):
        at = roster_entry(rows, 2)
        moved = rows.pop(at)
        rows.append(moved)
        previous = "0" * 64
        for seq, row in enumerate(rows, start=1):
            row["seq"], row["prev_hash"] = seq, previous
            row["hash"] = entry_hash(model.AuditEntry(**{k: row[k] for k in (*HASHED_FIELDS, "hash")}))
            previous = row["hash"]
        return rows
    bad = bad_lines(bundle.verify(resign(session, made.bundle, tmp_path / "m.zip", move), [trust.pinned(session)]))
    assert any(b.startswith("La bitácora archivada no es la que certifica el ancla firmada") for b in bad)


def test_bundle_forged_with_fresh_keys_is_refused(session, tmp_path):
    """A forger's own case file with a fresh «Ana Directora»: every internal check holds, the root
    does not; given the real code, the bundle is refused."""
    approve_all(session)
    real = trust.pinned(session)
    forger = sessions.create_case(tmp_path / "falso.npmcase", "Frase del falsificador 2026",
                                  owner_name="Ana Directora")
    try:
        forged = archive.export_archive(forger, approve_all(forger).report.id, tmp_path / "falso.docx",
                                        tmp_path / "falso.zip", with_pdf=False).bundle
    finally:
        forger.close()
    verdict = bundle.verify(forged, [real], strict=True)
    assert not verdict.valid
    assert any(b.startswith("La nómina no parte de la raíz institucional del código indicado") for b in bad_lines(verdict))
