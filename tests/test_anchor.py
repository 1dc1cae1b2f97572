"""Bitácora anchors and `check` on real encrypted case files: edits, deletions, truncation."""

import pytest

from npmdesk.domain import model
from npmdesk.services.archive import anchor
from npmdesk.services.archive import integrity as checks
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.storage import audit_log


@pytest.fixture
def signed(session):
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    for n in range(3):
        records.save(session, model.Place(f"Subestación de policía {n}"))
    return session


def test_anchor_holds_then_detects_truncation_and_rewrite(signed, tmp_path):
    path = anchor.write_anchor(anchor.make_anchor(signed), tmp_path / "ancla.json")
    loaded = anchor.read_anchor(path)
    assert anchor.verify_anchor(signed, loaded) == []
    records.save(signed, model.Place("Centro de cumplimiento de menores"))
    assert anchor.verify_anchor(signed, loaded) == []  # growth is fine
    anchored = loaded["statement"]["count"]
    with signed.case.transaction() as conn:
        conn.execute("DELETE FROM audit WHERE seq >= ?", (anchored,))
    # The chain itself still looks intact: only the anchor shows the cut.
    assert checks.check(signed).audit_break is None
    problems = anchor.verify_anchor(signed, loaded)
    assert any("se han eliminado entradas" in p for p in problems)


def test_anchor_detects_a_rebuilt_chain(signed):
    taken = anchor.make_anchor(signed)
    seq = taken["statement"]["count"]
    with signed.case.transaction() as conn:
        entries = audit_log.entries(conn)
        conn.execute("DELETE FROM audit")
        for entry in entries[:seq - 1]:
            audit_log.insert(conn, entry)
        audit_log.append(conn, "x", "Otra persona", "crear", "place", "x", "0" * 64)
        while audit_log.head(conn)[0] < len(entries):
            audit_log.append(conn, "x", "Otra persona", "crear", "place", "x", "0" * 64)
    assert checks.check(signed).audit_break is None
    assert any(f"entrada {seq}" in p for p in anchor.verify_anchor(signed, taken))


def test_forged_anchor_and_malformed_file(signed, tmp_path):
    taken = anchor.make_anchor(signed)
    taken["statement"]["count"] = 1
    assert any("firma del ancla no es válida" in p for p in anchor.verify_anchor(signed, taken))
    bad = tmp_path / "ancla.json"
    bad.write_text("{no es json", encoding="utf-8")
    from npmdesk.errors import MalformedImport
    with pytest.raises(MalformedImport) as caught:
        anchor.read_anchor(bad)
    assert "no es un ancla de bitácora" in caught.value.message()


def test_check_reports_edited_and_deleted_entries_and_signatures(signed):
    result = checks.check(signed)
    assert result.ok and result.signatures == 1
    assert any("Firmas: 1 firmas verificadas" in line for line in result.lines())
    with signed.case.transaction() as conn:
        conn.execute("UPDATE audit SET actor_name = 'Otra' WHERE seq = 2")
    result = checks.check(signed)
    assert not result.ok and result.audit_break == (2, "hash")
    assert any("su contenido fue modificado" in line for line in result.lines())
    with signed.case.transaction() as conn:
        conn.execute("DELETE FROM audit WHERE seq = 2")
    assert checks.check(signed).audit_break == (3, "gap")


def test_check_lists_signature_problems(signed):
    with signed.case.transaction() as conn:
        conn.execute("UPDATE rosters SET body = replace(body, 'Ana Directora', 'Otra Directora')")
    result = checks.check(signed)
    assert not result.ok
    assert any("nómina del equipo no es válida" in line for line in result.lines())


def test_rewritten_early_entries_are_found_by_the_anchor(signed):
    """ADVERSARY: someone with the passphrase rewrites entries 1..N−1 (who did what), leaving the
    stored hashes as they were. Before, anchor-check compared only the hash at the anchored entry
    and said the file kept every entry."""
    taken = anchor.make_anchor(signed)
    anchored = taken["statement"]["count"]
    with signed.case.transaction() as conn:
        conn.execute("UPDATE audit SET actor_name = 'Otra persona' WHERE seq = 2")
    assert anchored > 3
    problems = anchor.verify_anchor(signed, taken)
    assert problems == ["La entrada 2 de la bitácora no es la que certifica el ancla: la bitácora fue reescrita."]
    printed = anchor.GivenAnchor(anchored, taken["statement"]["hash"], None)
    assert anchor.verify_given(signed, printed) == problems  # the line printed in a document, too
