"""The recommendation as a tracked record: status history, responses, verification, and the
migration of schema-1 files (one overwritten status plus follow-ups) into a history."""

import pytest

from npmdesk.domain import model, tracking
from npmdesk.errors import InvalidRecord
from npmdesk.services import session as sessions
from npmdesk.services.records import edit as records
from npmdesk.services.review import verification
from npmdesk.services.tracking import history
from npmdesk.storage import schema
from fast_kdf import FAST_KDF

PASSPHRASE = "Frase de prueba segura 2026"


@pytest.fixture
def visits(session):
    place = records.save(session, model.Place("Centro de Cumplimiento de Menores de Tocumen",
                                              kind="centro_menores"))
    first = records.save(session, model.Visit(place.id, "2025-03-10"))
    second = records.save(session, model.Visit(place.id, "2026-04-02", kind="seguimiento"))
    return first, second


def test_a_new_recommendation_starts_its_history_dated_by_its_visit(session, visits):
    rec = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    assert rec.issued_on == "2025-03-10"
    [entry] = rec.history
    assert (entry.date, entry.status, entry.actor_id, entry.actor_name) == (
        "2025-03-10", "pendiente", session.actor.id, session.actor.name)


def test_status_changes_are_dated_attributed_searchable_and_in_the_bitacora(session, visits):
    rec = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    history.change_status(session, rec.id, "en_proceso", day="2025-09-01",
                          reason="Licitación de mobiliario escolar en curso")
    stored = history.verify(session, rec.id, visits[1].id, "cumplida",
                            "Se comprobaron dos aulas en uso con docentes del MEDUCA", day="2026-04-02")
    assert [(e.date, e.status, e.basis) for e in stored.history] == [
        ("2025-03-10", "pendiente", "revision"), ("2025-09-01", "en_proceso", "revision"),
        ("2026-04-02", "cumplida", "verificacion")]
    assert stored.history[-1].visit_id == visits[1].id
    again = records.get(session, model.Recommendation, rec.id)
    assert again.status == "cumplida" == tracking.current_status(again)
    actions = [row for row in session.case.query(
        "SELECT action, actor_id FROM audit WHERE entity_id = ?", (rec.id,))]
    assert actions.count(("cambiar_estado", session.actor.id)) == 2
    assert [h.entity_id for h in records.find(session, "licitacion mobiliario")] == [rec.id]


def test_a_backdated_change_does_not_become_the_current_status(session, visits):
    rec = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    history.change_status(session, rec.id, "en_proceso", day="2025-09-01")
    late = history.change_status(session, rec.id, "incumplida", day="2025-06-01",
                                 reason="registrado tarde")
    assert late.status == "en_proceso"
    assert [e.status for e in late.history] == ["pendiente", "incumplida", "en_proceso"]


@pytest.mark.parametrize("kwargs, message", [
    ({"status": "resuelta"}, "no es válido para estado"),
    ({"status": "cumplida", "day": "2999-01-01"}, "posterior a hoy"),
    ({"status": "cumplida", "day": "01/02/2026"}, "no es válida"),
    ({"status": "cumplida", "basis": "verificacion"}, "debe indicar la visita"),
    ({"status": "cumplida", "basis": "respuesta"}, "debe indicar la respuesta"),
    ({"status": "cumplida", "response_id": model.new_id(), "basis": "respuesta"}, "no existe"),
])
def test_a_bad_status_change_says_why_and_writes_nothing(session, visits, kwargs, message):
    rec = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    before = session.case.query("SELECT count(*) FROM audit")
    with pytest.raises(InvalidRecord) as caught:
        history.change_status(session, rec.id, **kwargs)
    assert message in caught.value.message()
    assert records.get(session, model.Recommendation, rec.id).history == rec.history
    assert session.case.query("SELECT count(*) FROM audit") == before


def test_saving_the_record_never_rewrites_its_history(session, visits):
    rec = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    history.change_status(session, rec.id, "en_proceso", day="2025-09-01")
    forged = records.get(session, model.Recommendation, rec.id)
    forged.history = [model.StatusChange("2025-04-01", "cumplida", actor_id=session.actor.id)]
    forged.status = "cumplida"
    forged.text = "Habilitar aulas y una biblioteca."
    records.save(session, forged)
    stored = records.get(session, model.Recommendation, rec.id)
    assert stored.text.endswith("biblioteca.") and stored.status == "en_proceso"
    assert [e.status for e in stored.history] == ["pendiente", "en_proceso"]


def test_a_response_with_its_letter_action_plan_and_status(session, visits):
    a = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    b = records.save(session, model.Recommendation(visits[0].id, "Contratar psicólogos.", "IEI"))
    letter = b"%PDF-1.4 nota del IEI"
    response = history.record_response(session, model.AuthorityResponse(
        authority="IEI", date="2025-06-15", reference="Nota IEI-DG-412-2025", means="oficio",
        text="Se adjunta el plan de acción.", recommendation_ids=[a.id, b.id],
        commitments=[model.Commitment("Dos aulas equipadas", "2025-12-15", a.id),
                     model.Commitment("Concurso para dos plazas", "2026-02-01", b.id)]),
        status="en_proceso", reason="Plan de acción recibido", document=letter, filename="nota.pdf")
    assert records.attachment_data(session, response.attachment_id) == letter
    assert session.case.query("SELECT count(*) FROM attachment_blobs WHERE attachment_id = ?",
                              (response.attachment_id,)) == [(1,)]
    assert [r.id for r in history.responses_to(session, a.id)] == [response.id]
    for rec in (a, b):
        stored = records.get(session, model.Recommendation, rec.id)
        assert stored.status == "en_proceso"
        assert (stored.history[-1].basis, stored.history[-1].response_id) == ("respuesta", response.id)
    stored = records.get(session, model.AuthorityResponse, response.id)
    assert [(c.text, c.due_date) for c in stored.commitments] == [
        ("Dos aulas equipadas", "2025-12-15"), ("Concurso para dos plazas", "2026-02-01")]
    assert [h.entity for h in records.find(session, "concurso plazas")] == ["response"]


@pytest.mark.parametrize("change, message", [
    (lambda r, ids: setattr(r, "recommendation_ids", []), "a qué recomendaciones"),
    (lambda r, ids: setattr(r, "date", "2999-05-05"), "posterior a hoy"),
    (lambda r, ids: setattr(r, "means", "paloma"), "no es válido para medio"),
    (lambda r, ids: r.commitments.append(model.Commitment("x", "2026-01-01", ids[1])), "no atiende"),
])
def test_a_bad_response_writes_nothing_not_even_its_document(session, visits, change, message):
    a = records.save(session, model.Recommendation(visits[0].id, "Habilitar aulas.", "IEI"))
    other = records.save(session, model.Recommendation(visits[0].id, "Otra.", "IEI"))
    response = model.AuthorityResponse("IEI", "2025-06-15", recommendation_ids=[a.id])
    change(response, [a.id, other.id])
    before = session.case.query("SELECT count(*) FROM attachments")
    with pytest.raises(InvalidRecord) as caught:
        history.record_response(session, response, status="en_proceso", document=b"%PDF")
    assert message in caught.value.message()
    assert session.case.query("SELECT count(*) FROM attachments") == before
    assert history.all_responses(session) == []
    assert records.get(session, model.Recommendation, a.id).status == "pendiente"


def test_reiterating_links_the_new_recommendation_to_the_earlier_one(session, visits):
    old = records.save(session, model.Recommendation(visits[0].id, "Reducir el hacinamiento.",
                                                     "IEI", priority="urgente"))
    new = history.reiterate(session, old.id, visits[1].id, reason="La población creció un 20 %")
    assert (new.repeats_id, new.visit_id, new.priority, new.issued_on) == (
        old.id, visits[1].id, "urgente", "2026-04-02")
    earlier = records.get(session, model.Recommendation, old.id)
    assert (earlier.status, earlier.history[-1].visit_id) == ("reiterada", visits[1].id)


def test_an_external_recommendation_needs_its_document(session):
    with pytest.raises(InvalidRecord) as caught:
        records.save(session, model.Recommendation(None, "Texto del SPT.", "Ministerio de Gobierno",
                                                   source="spt"))
    assert "CAT/OP/PAN/1" in caught.value.message()
    rec = records.save(session, model.Recommendation(
        None, "Texto del SPT.", "Ministerio de Gobierno", source="spt", source_ref="CAT/OP/PAN/1",
        issued_on="2018-06-01", place_kind="centro_penitenciario", population_groups=["mujeres"]))
    assert records.get(session, model.Recommendation, rec.id).history[0].date == "2018-06-01"
    with pytest.raises(InvalidRecord):
        records.save(session, model.Recommendation(None, "Sin visita.", "IEI"))


# --- schema 1 → 2 ---------------------------------------------------------------------------

def _schema1_case(path, monkeypatch):
    """A case file written by the schema-1 program: one status field and follow-up rows."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", {1: schema.V1})
        patch.setattr(schema, "CURRENT_VERSION", 1)
        session = sessions.create_case(path, PASSPHRASE, kdf_params=FAST_KDF)
    ids = {name: model.new_id() for name in ("place", "visit", "later", "plain", "followed", "f1", "f2",
                                              "finding")}
    with session.case.transaction() as conn:
        conn.execute("INSERT INTO places VALUES (?, 'La Joya', 'centro_penitenciario', '', '', '', "
                     "NULL, '', '')", (ids["place"],))
        for key, day in (("visit", "2024-05-02"), ("later", "2025-05-02")):
            conn.execute("INSERT INTO visits VALUES (?, ?, ?, '', 'inicial', 0, '', NULL, '', '', '')",
                         (ids[key], ids["place"], day))
        conn.execute("INSERT INTO findings VALUES (?, ?, 'trato', 'Golpes', '', 0)",
                     (ids["finding"], ids["visit"]))
        for key, status in (("plain", "incumplida"), ("followed", "en_proceso")):
            conn.execute("INSERT INTO recommendations VALUES (?, ?, ?, 'Policía Nacional', 'lugar', "
                         "'alta', '2024-12-31', ?, 'trato')", (ids[key], ids["visit"], f"Texto {key}", status))
        conn.execute("INSERT INTO recommendation_findings VALUES (?, 0, ?)", (ids["followed"], ids["finding"]))
        conn.execute("INSERT INTO follow_ups VALUES (?, ?, 0, '2024-09-01', 'en_proceso', 'Plan', NULL)",
                     (ids["f1"], ids["followed"]))
        conn.execute("INSERT INTO follow_ups VALUES (?, ?, 1, '2025-05-02', 'parcialmente_cumplida', "
                     "'Visto', ?)", (ids["f2"], ids["followed"], ids["later"]))
    columns = [row[1] for row in session.case.query("PRAGMA table_info(recommendations)")]
    session.close()
    return ids, columns


def test_a_schema1_file_opens_with_its_status_and_follow_ups_as_history(tmp_path, monkeypatch):
    path = tmp_path / "antiguo.npmcase"
    ids, v1_columns = _schema1_case(path, monkeypatch)
    session = sessions.open_case(path, PASSPHRASE)
    try:
        assert session.case.meta("schema_version") == str(schema.CURRENT_VERSION)
        assert list(path.parent.glob("*.copias/*")), "a backup is taken before migrating"
        plain = records.get(session, model.Recommendation, ids["plain"])
        assert [(e.date, e.status, e.basis, e.actor_id) for e in plain.history] == [
            ("2024-05-02", "incumplida", "migracion", "")]
        followed = records.get(session, model.Recommendation, ids["followed"])
        assert [(e.id, e.date, e.status, e.reason, e.visit_id) for e in followed.history] == [
            (ids["f1"], "2024-09-01", "en_proceso", "Plan", None),
            (ids["f2"], "2025-05-02", "parcialmente_cumplida", "Visto", ids["later"])]
        assert followed.status == "parcialmente_cumplida" and followed.issued_on == "2024-05-02"
        assert followed.finding_ids == [ids["finding"]] and followed.source == "mnpt"
        # What an approval covered under schema 1 is what it covers now: old approvals stand.
        content = verification.report_content(session.case.conn, model.Report(ids["visit"], "x"))
        assert set(content["recommendations"][0]) == (set(v1_columns) - {"status"}) | {"finding_ids"}
        tables = {row[0] for row in session.case.query("SELECT name FROM sqlite_master")}
        assert not {t for t in tables if t.startswith("m2_")} and "follow_ups" not in tables
        assert session.case.query("PRAGMA foreign_key_check") == []
        history.change_status(session, plain.id, "cumplida", day="2025-01-10")
    finally:
        session.close()


def test_two_laptops_migrating_the_same_file_agree_on_the_history(tmp_path, monkeypatch):
    path = tmp_path / "antiguo.npmcase"
    ids, _columns = _schema1_case(path, monkeypatch)
    copy = tmp_path / "copia.npmcase"
    copy.write_bytes(path.read_bytes())
    found = []
    for each in (path, copy):
        session = sessions.open_case(each, PASSPHRASE)
        try:
            found.append(records.get(session, model.Recommendation, ids["plain"]).history)
        finally:
            session.close()
    assert found[0] == found[1]


def test_a_migration_that_fails_half_way_leaves_the_schema1_file_whole(tmp_path, monkeypatch):
    """The rebuild of the recommendations table and the history are one transaction: a failure
    after the old rows were set aside and the tables dropped changes nothing."""
    path = tmp_path / "antiguo.npmcase"
    ids, _columns = _schema1_case(path, monkeypatch)
    calls = []

    def failing(*args):
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disco lleno a mitad de la migración")
        return real(*args)
    real = tracking.migrated_history
    with monkeypatch.context() as patch:
        patch.setattr(tracking, "migrated_history", failing)
        with pytest.raises(Exception):
            sessions.open_case(path, PASSPHRASE)
    assert len(calls) == 2
    session = sessions.open_case(path, PASSPHRASE)
    try:
        followed = records.get(session, model.Recommendation, ids["followed"])
        assert [e.id for e in followed.history] == [ids["f1"], ids["f2"]]
        assert session.case.query("PRAGMA integrity_check") == [("ok",)]
    finally:
        session.close()
