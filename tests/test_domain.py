"""Pure domain rules: text cleaning, passphrase strength, audit chain, disclosure finder."""

import dataclasses

from npmdesk.crypto import strength
from npmdesk.domain import audit, disclosure, text
from npmdesk.domain.model import AuditEntry, Interview


def test_clean_replaces_hostile_characters_visibly_and_keeps_the_rest():
    assert text.clean("a\x00b\r\nc\u202ed\ud800") == "a\ufffdb\nc\ufffdd\ufffd"
    assert text.clean("Évin 🙂 عربي\tfin") == "Évin 🙂 عربي\tfin"


def test_strength_grows_with_length_and_variety():
    assert strength.assess("corto").level == strength.WEAK
    assert strength.assess("aaaaaaaaaaaaaaaa").level == strength.WEAK
    assert strength.assess("contraseña123").level == strength.WEAK
    assert strength.assess("Tres tigres tristes comen trigo 2026!").level == strength.STRONG


def _chain(n):
    entries, previous = [], audit.GENESIS
    for seq in range(1, n + 1):
        entry = AuditEntry(seq, f"2026-01-0{seq}", "id", "Ana", "crear", "place", f"p{seq}", "", previous, "")
        entry.hash = audit.entry_hash(entry)
        entries.append(entry)
        previous = entry.hash
    return entries


def test_audit_chain_names_the_first_broken_entry():
    entries = _chain(5)
    assert audit.first_broken(entries) is None
    edited = [dataclasses.replace(e) for e in entries]
    edited[2].action = "eliminar"
    assert audit.first_broken(edited) == (3, "hash")
    assert audit.first_broken(entries[:1] + entries[2:]) == (3, "gap")
    relinked = [dataclasses.replace(e) for e in entries]
    relinked[3].prev_hash = "f" * 64
    relinked[3].hash = audit.entry_hash(relinked[3])
    assert audit.first_broken(relinked) == (4, "link")


def test_disclosure_finds_names_ids_and_codes_without_consent():
    people = [Interview(visit_id="v", code="E-01", real_identity="Juan Carlos Pérez"),
              Interview(visit_id="v", code="E-02", consent_report=True, real_identity="Ana Gil")]
    sample = "E-01 dijo que Juan (cédula 8-765-4321) fue golpeado; E-02 lo confirmó."
    found = [(sample[d.start:d.end], d.kind) for d in disclosure.find(sample, people)]
    assert found == [("E-01", disclosure.CODE_WITHOUT_CONSENT), ("Juan", disclosure.REAL_NAME),
                     ("8-765-4321", disclosure.ID_NUMBER)]
    assert disclosure.find("E-010 y E-02 y cédula", people) == []
