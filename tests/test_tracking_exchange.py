"""A recommendation's status history and the authorities' responses travel whole: in the JSON
dump (and dumps of format 1 still import) and in packages, where a forged or altered history
entry is refused and an entry by someone other than the sender is flagged."""

import copy
import dataclasses

import pytest

from npmdesk.domain import model
from npmdesk.errors import MalformedImport, PackageRefused
from npmdesk.services.exchange import dump as transfer
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import history
from package_support import close, make_office

PASSPHRASE = "Frase de prueba segura 2026"


def _tracked(session, visit_id):
    rec = records.save(session, model.Recommendation(visit_id, "Separar a adolescentes de adultos.",
                                                     "Policía Nacional", priority="urgente"))
    response = history.record_response(session, model.AuthorityResponse(
        "Policía Nacional", "2026-03-20", "Se habilitará una celda separada.", reference="Nota 77",
        recommendation_ids=[rec.id], commitments=[model.Commitment("Celda separada", "2026-06-30", rec.id)]),
        status="en_proceso", reason="Compromiso con fecha", document=b"%PDF-1.4 nota 77", filename="n77.pdf")
    return rec, response


def test_history_and_responses_survive_a_dump_and_import(session, tmp_path):
    place = records.save(session, model.Place("Subestación de Policía de Tocumen", kind="subestacion_policia"))
    visit = records.save(session, model.Visit(place.id, "2026-03-02"))
    rec, response = _tracked(session, visit.id)
    history.change_status(session, rec.id, "incumplida", day="2026-07-01", reason="Plazo vencido")
    data = transfer.dump(session)
    assert data["format_version"] == "3"
    again = transfer.import_dump(data, tmp_path / "b.npmcase", PASSPHRASE)
    try:
        assert records.get(again, model.Recommendation, rec.id) == records.get(session, model.Recommendation, rec.id)
        assert records.get(again, model.AuthorityResponse, response.id) == response
        assert records.attachment_data(again, response.attachment_id) == b"%PDF-1.4 nota 77"
        assert [h.entity_id for h in records.find(again, "plazo vencido")] == [rec.id]
    finally:
        again.close()


def _as_format_1(data: dict) -> dict:
    """What the schema-1 program wrote: a status field and follow-ups, no responses."""
    old = copy.deepcopy(data)
    old["format_version"] = "1"
    del old["records"]["response"]
    for revision in old["records"].get("revision", []):
        del revision["origin"]
    for rec in old["records"]["recommendation"]:
        for key in ("source", "source_ref", "issued_on", "repeats_id", "place_id", "place_kind",
                    "population_groups"):
            del rec[key]
        history = rec.pop("history")
        rec["follow_ups"] = [{"date": e["date"], "status": e["status"], "note": e["reason"],
                              "visit_id": e["visit_id"], "id": e["id"]} for e in history[1:]]
    return old


def test_a_format_1_dump_still_imports_with_its_follow_ups_as_history(session, tmp_path):
    place = records.save(session, model.Place("La Joya"))
    visit = records.save(session, model.Visit(place.id, "2025-03-02"))
    later = records.save(session, model.Visit(place.id, "2026-03-02"))
    plain = records.save(session, model.Recommendation(visit.id, "Sin seguimiento.", "DGSP"))
    followed = records.save(session, model.Recommendation(visit.id, "Con seguimiento.", "DGSP"))
    history.change_status(session, followed.id, "cumplida", day="2026-03-02", reason="Visto",
                          basis="visita", visit_id=later.id)
    old = _as_format_1(transfer.dump(session))
    again = transfer.import_dump(old, tmp_path / "b.npmcase", PASSPHRASE)
    try:
        got = records.get(again, model.Recommendation, followed.id)
        assert [(e.date, e.status, e.reason, e.visit_id, e.basis) for e in got.history] == [
            ("2026-03-02", "cumplida", "Visto", later.id, "migracion")]
        assert got.status == "cumplida" and got.issued_on == "2025-03-02"
        assert [e.status for e in records.get(again, model.Recommendation, plain.id).history] == ["pendiente"]
    finally:
        again.close()


def test_a_format_1_dump_with_written_sections_imports_them_as_written_in_npmdesk(session, tmp_path):
    from npmdesk.services.drafting import reports
    place = records.save(session, model.Place("La Joya"))
    visit = records.save(session, model.Visit(place.id, "2025-03-02"))
    report = reports.create_report(session, visit.id)
    section = next(s for s in records.select(session, model.Section, report_id=report.id) if not s.body)
    records.save_section_body(session, section.id, "<p>Texto escrito antes del formato 2.</p>")
    old = _as_format_1(transfer.dump(session))
    assert old["records"]["revision"] and all("origin" not in r for r in old["records"]["revision"])
    again = transfer.import_dump(old, tmp_path / "b.npmcase", PASSPHRASE)
    try:
        revisions = records.select(again, model.Revision, section_id=section.id)
        assert [(r.body, r.origin) for r in revisions] == [("<p>Texto escrito antes del formato 2.</p>", "")]
    finally:
        again.close()


@pytest.mark.parametrize("spoil, reason", [
    (lambda d: d["records"]["recommendation"][0]["history"][0].update(response_id="0" * 8 + "-0000-4000-8000-" + "0" * 12),
     "no existe"),
    (lambda d: d["records"]["recommendation"][0]["history"][0].update(actor_id=model.new_id()), "no existe"),
    (lambda d: d["records"]["recommendation"][0]["history"].append(
        dict(d["records"]["recommendation"][0]["history"][0])), "repite una entrada"),
    (lambda d: d["records"]["response"][0].update(recommendation_ids=[model.new_id()]), "no existe"),
    (lambda d: d["records"]["recommendation"][0]["history"][0].update(status="olvidada"), "no es válido"),
])
def test_a_spoiled_dump_is_refused_with_its_reason(session, tmp_path, spoil, reason):
    place = records.save(session, model.Place("La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-03-02"))
    _tracked(session, visit.id)
    data = transfer.dump(session)
    spoil(data)
    with pytest.raises(MalformedImport) as caught:
        transfer.import_dump(data, tmp_path / "b.npmcase", PASSPHRASE)
    assert reason in caught.value.message()
    assert not (tmp_path / "b.npmcase").exists()


# --- packages ---------------------------------------------------------------------------------

@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def _visit_id(office):
    return records.get(office.dora, model.Report, office.report_id).visit_id


def test_history_responses_and_letters_travel_in_packages_both_ways(office):
    o = office
    rec, response = _tracked(o.dora, _visit_id(o))
    o.deliver(o.dora, "asignacion", [o.luis])
    mine = records.get(o.luis, model.Recommendation, rec.id)
    assert mine == records.get(o.dora, model.Recommendation, rec.id)
    assert records.get(o.luis, model.AuthorityResponse, response.id) == response
    assert records.attachment_data(o.luis, response.attachment_id) == b"%PDF-1.4 nota 77"
    # Both laptops add to the history while apart: the union comes back, nothing is lost.
    history.change_status(o.luis, rec.id, "parcialmente_cumplida", day="2026-05-02", reason="Celda en obra")
    history.change_status(o.dora, rec.id, "en_proceso", day="2026-04-15", reason="Segunda nota")
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    got = records.get(o.dora, model.Recommendation, rec.id)
    assert [e.reason for e in got.history] == ["", "Compromiso con fecha", "Segunda nota", "Celda en obra"]
    assert got.status == "parcialmente_cumplida" and summary.relayed == []
    assert got.history[-1].actor_id == o.luis.actor.id


def _forging(monkeypatch, change):
    real = packages.build_payload

    def forged(*args, **kwargs):
        payload, scope = real(*args, **kwargs)
        change(payload["records"]["recommendation"][0]["history"])
        return payload, scope
    monkeypatch.setattr(packages, "build_payload", forged)


def _entry(actor: model.TeamMember, reason: str) -> dict:
    return dataclasses.asdict(model.StatusChange("2026-05-02", "cumplida", reason, actor_id=actor.id,
                                              actor_name=actor.name))


def test_an_entry_by_someone_outside_the_roster_refuses_the_package(office, monkeypatch):
    o = office
    rec, _response = _tracked(o.dora, _visit_id(o))
    o.deliver(o.dora, "asignacion", [o.luis])
    stranger = model.TeamMember("Persona ajena")
    _forging(monkeypatch, lambda h: h.append(_entry(stranger, "Cumplida, según nadie")))
    path = o.send(o.luis, "entrega", [o.dora])
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(o.dora, path)
    assert "no figura en la nómina firmada" in caught.value.message()
    assert records.get(o.dora, model.Recommendation, rec.id).status == "en_proceso"


def test_an_entry_altered_after_it_was_written_refuses_the_package(office, monkeypatch):
    o = office
    rec, _response = _tracked(o.dora, _visit_id(o))
    o.deliver(o.dora, "asignacion", [o.luis])
    _forging(monkeypatch, lambda h: h[-1].update(status="cumplida", reason="Compromiso cumplido"))
    path = o.send(o.luis, "entrega", [o.dora])
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(o.dora, path)
    assert "alterada" in caught.value.message()
    stored = records.get(o.dora, model.Recommendation, rec.id)
    assert (stored.status, stored.history[-1].reason) == ("en_proceso", "Compromiso con fecha")


def test_an_entry_in_another_members_name_is_flagged_to_the_importer(office, monkeypatch):
    o = office
    rec, _response = _tracked(o.dora, _visit_id(o))
    o.deliver(o.dora, "asignacion", [o.luis])
    _forging(monkeypatch, lambda h: h.append(_entry(o.marta.actor, "Verificado por Marta")))
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    assert len(summary.relayed) == 1 and o.marta.actor.name in summary.relayed[0]
    assert any("otra persona" in line for line in package_import.summary_lines(summary))


def test_what_a_recommendation_names_travels_with_it(office):
    """The earlier recommendation it repeats (whose findings stay behind), and a later visit at
    which it was verified, though neither belongs to the report's visit."""
    o = office
    visit = records.get(o.dora, model.Visit, _visit_id(o))
    earlier_visit = records.save(o.dora, model.Visit(visit.place_id, "2025-03-02"))
    finding = records.save(o.dora, model.Finding(earlier_visit.id, "trato", "Golpes en 2025"))
    earlier = records.save(o.dora, model.Recommendation(earlier_visit.id, "Investigar los golpes.",
                                                        "Policía Nacional", finding_ids=[finding.id]))
    repeating = history.reiterate(o.dora, earlier.id, visit.id, reason="Sin investigación abierta")
    later = records.save(o.dora, model.Visit(visit.place_id, "2026-09-01", kind="seguimiento"))
    history.verify(o.dora, repeating.id, later.id, "en_proceso", "Expediente disciplinario abierto",
                   day="2026-09-01")
    o.deliver(o.dora, "asignacion", [o.luis])
    got = records.get(o.luis, model.Recommendation, repeating.id)
    assert got.repeats_id == earlier.id and got.history[-1].visit_id == later.id
    carried = records.get(o.luis, model.Recommendation, earlier.id)
    assert carried.status == "reiterada" and carried.finding_ids == []
    # Back at the director's laptop the earlier recommendation keeps its finding.
    history.change_status(o.luis, repeating.id, "cumplida", day="2026-10-01", reason="Sanción impuesta")
    o.deliver(o.luis, "entrega", [o.dora])
    assert records.get(o.dora, model.Recommendation, earlier.id).finding_ids == [finding.id]
    assert records.get(o.dora, model.Recommendation, repeating.id).status == "cumplida"


def test_a_package_from_an_npmdesk_without_the_history_is_taken_in(office, monkeypatch):
    """A laptop not yet updated sends recommendations with a status and follow-ups: they arrive
    as the history the migration makes, equal to the one this laptop made of the same data."""
    o = office
    visit_id = _visit_id(o)
    rec = records.save(o.dora, model.Recommendation(visit_id, "Habilitar un consultorio.", "MINSA"))
    o.deliver(o.dora, "asignacion", [o.luis])
    real = packages.build_payload
    follow_up = model.new_id()

    def old_laptop(*args, **kwargs):
        payload, scope = real(*args, **kwargs)
        for row in payload["records"]["recommendation"]:
            for key in ("source", "source_ref", "issued_on", "repeats_id", "place_id", "place_kind",
                        "population_groups", "history"):
                row.pop(key)
            row["status"] = "en_proceso"
            row["follow_ups"] = [{"id": follow_up, "date": "2026-04-01", "status": "en_proceso",
                                  "note": "Obra iniciada", "visit_id": None}]
        payload["records"].pop("response")
        payload.pop("context")
        return payload, scope
    monkeypatch.setattr(packages, "build_payload", old_laptop)
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    got = records.get(o.dora, model.Recommendation, rec.id)
    assert [(e.status, e.basis) for e in got.history] == [("pendiente", "revision"), ("en_proceso", "migracion")]
    assert got.history[-1].id == follow_up and got.status == "en_proceso"
    # No author was recorded for it, so the person importing is told.
    assert summary.relayed == ["2026-04-01, En proceso, sin autor registrado: de una versión anterior de npmdesk"]
