"""Packages between three laptops: a whole report cycle, conflicts, and every refusal."""

import json

import pytest

from npmdesk.domain import model
from npmdesk.services.exchange import conflicts
from npmdesk.services.review import observations
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import case_package as package_transfer
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services import session as sessions

from package_support import PASSPHRASE, close, make_office


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def state(session, cls, record_id):
    return records.get(session, cls, record_id).state


def test_report_cycle_through_packages_alone(office):
    o = office
    dora, luis, marta = o.dora, o.luis, o.marta
    trato, salud = o.section_ids
    o.deliver(dora, "asignacion", [luis, marta])
    assert records.get(luis, model.Section, trato).author_ids == [luis.actor.id]
    assert records.get(marta, model.Report, o.report_id).title == "Informe de visita a La Joya"

    records.save_section_body(luis, trato, "Las personas privadas de libertad denuncian golpes.")
    review.submit_section(luis, trato)
    records.save_section_body(marta, salud, "No hay médico de guardia por la noche.")
    review.submit_section(marta, salud)
    [summary] = o.deliver(luis, "entrega", [dora])
    assert summary.forwarded == ["Trato"] and summary.signatures == 1
    o.deliver(marta, "entrega", [dora])
    assert state(dora, model.Section, trato) == "enviada"
    assert state(dora, model.Report, o.report_id) == "en_revision"

    observations.add_observation(dora, trato, "Indique fechas y lugar.", quote="golpes",
                                 start=records.get(dora, model.Section, trato).body.index("golpes"))
    review.return_with_observations(dora, trato)
    review.approve_section(dora, salud)
    o.deliver(dora, "revision", [luis, marta])
    assert state(luis, model.Section, trato) == "con_observaciones"
    assert [a.observation.body for a in observations.anchored(luis, trato)] == ["Indique fechas y lugar."]
    assert state(marta, model.Section, salud) == "aprobada"

    records.save_section_body(luis, trato, "Las personas privadas de libertad denuncian golpes "
                                           "el 2 de marzo en el módulo B.")
    review.submit_section(luis, trato)
    o.deliver(luis, "entrega", [dora])
    review.approve_section(dora, trato)
    review.approve_report(dora, o.report_id)
    o.deliver(dora, "revision", [luis, marta])

    for laptop in (dora, luis, marta):
        assert state(laptop, model.Report, o.report_id) == "aprobado", laptop.actor.name
        assert {state(laptop, model.Section, s) for s in o.section_ids} == {"aprobada"}
        assert review.verify_approvals(laptop) == [], laptop.actor.name
        assert records.get(laptop, model.Section, trato).body.endswith("en el módulo B.")
        actions = [row[0] for row in laptop.case.query("SELECT action FROM audit")]
        assert "importar_paquete" in actions and "enviar_paquete" in actions

    # Dora moves to a new laptop: the approved report still verifies there.
    path = o.send(dora, "expediente", [dora])
    moved = package_transfer.import_case(dora, path, o.folder / "nueva.npmcase", PASSPHRASE)
    try:
        assert state(moved, model.Report, o.report_id) == "aprobado"
        assert review.verify_approvals(moved) == []
    finally:
        moved.close()


def test_importing_twice_changes_nothing(office):
    o = office
    path = o.send(o.dora, "asignacion", [o.luis])
    first = package_import.import_package(o.luis, path)
    assert first.added > 0 and not first.already
    before = o.luis.case.query("SELECT COUNT(*) FROM audit")[0][0]
    again = package_import.import_package(o.luis, path)
    assert again.already and again.added == 0
    assert o.luis.case.query("SELECT COUNT(*) FROM audit")[0][0] == before


def test_preview_shows_the_summary_and_writes_nothing(office):
    o = office
    path = o.send(o.dora, "asignacion", [o.luis])
    before = o.luis.case.query("SELECT COUNT(*) FROM audit")[0][0]
    preview = package_import.import_package(o.luis, path, apply=False)
    assert preview.added > 0
    assert o.luis.case.query("SELECT COUNT(*) FROM audit")[0][0] == before
    assert not records.select(o.luis, model.Report)


def test_divergent_edits_become_a_conflict_resolved_by_a_person(office):
    o = office
    trato = o.section_ids[0]
    records.save_section_body(o.dora, trato, "Texto inicial.")
    o.deliver(o.dora, "asignacion", [o.luis])
    records.save_section_body(o.dora, trato, "Texto corregido por la dirección.")
    records.save_section_body(o.luis, trato, "Texto ampliado por el autor.")
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert summary.conflicts == ["Trato"]
    assert records.get(o.dora, model.Section, trato).body == "Texto corregido por la dirección."
    [pending] = conflicts.open_conflicts(o.dora)
    assert pending.local_body == "Texto corregido por la dirección."
    assert pending.incoming_body == "Texto ampliado por el autor."
    assert pending.sender_name == "Luis Autor"
    # the same package again does not add a second conflict
    conflicts.resolve(o.dora, pending.conflict.id, "combinado",
                      "Texto corregido por la dirección y ampliado por el autor.")
    assert conflicts.open_conflicts(o.dora) == []
    o.deliver(o.dora, "revision", [o.luis])
    assert records.get(o.luis, model.Section, trato).body == \
        "Texto corregido por la dirección y ampliado por el autor."
    assert conflicts.open_conflicts(o.luis) == []


def test_exchange_folder_lists_only_new_packages_for_me(office):
    o = office
    (o.folder / "nota.npmpaq").write_bytes(b"no es un paquete")
    for_marta = o.send(o.dora, "asignacion", [o.marta])
    for_luis = o.send(o.dora, "asignacion", [o.luis])
    assert [i.path for i in package_import.inbox(o.luis, o.folder)] == [for_luis]
    assert package_import.inbox(o.luis, o.folder)[0].sender == "Dora Directora"
    package_import.import_package(o.luis, for_luis)
    assert package_import.inbox(o.luis, o.folder) == []
    assert [i.path for i in package_import.inbox(o.marta, o.folder)] == [for_marta]


def test_every_package_writes_a_signed_anchor_the_recipient_keeps(office):
    from npmdesk.services.archive import anchor
    from npmdesk.storage import audit_log
    o = office
    with o.dora.case.lock:
        before = len(audit_log.entries(o.dora.case.conn, "WHERE action = ?", ("anclar_bitacora",)))
    [summary] = o.deliver(o.dora, "asignacion", [o.luis])
    with o.dora.case.lock:
        after = audit_log.entries(o.dora.case.conn, "WHERE action = ?", ("anclar_bitacora",))
    assert len(after) == before + 1 and after[-1].actor_name == "Dora Directora"
    kept = summary.sender_anchor
    assert kept["statement"]["signer_id"] == o.dora.actor.id
    assert anchor.verify_anchor(o.dora, kept) == []  # it certifies the sender's own bitácora
    with o.dora.case.transaction() as conn:  # ... which the recipient's copy can later hold it to
        conn.execute("UPDATE audit SET actor_name = 'Otra persona' WHERE seq = 3")
    assert anchor.verify_anchor(o.dora, kept)
    with o.luis.case.lock:  # the recipient keeps it in its own file, with the import
        stored = o.luis.case.conn.execute("SELECT summary FROM package_imports WHERE kind = 'asignacion'").fetchone()
    assert json.loads(stored[0])["sender_anchor"] == kept
