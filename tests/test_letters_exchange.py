"""Letters to the authorities travel in report packages between two real case files, both ways:
the oficios and a draft sent for factual corrections, their sending, the draft's reply with its
document; they are found by search on the other laptop. A letter altered after it was written,
a second reply to a draft, or a letter carrying another visit's recommendations refuses the
whole package, and nothing of it is kept."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import PackageRefused
from npmdesk.services.archive import letters
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import corrections, dialogue
from npmdesk.storage import records as store
from package_support import close, make_office

POLICIA, MINGOB = "Policía Nacional", "Ministerio de Gobierno"


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def _dialogue(o, tmp_path):
    """On Dora's laptop: a draft sent to the Policía for corrections and its reply (a document),
    then, the report approved, the oficios to both authorities, the Policía's sent."""
    visit_id = records.get(o.dora, model.Report, o.report_id).visit_id
    recs = [records.save(o.dora, model.Recommendation(visit_id, text, authority))
            for text, authority in (("Separar a adolescentes de adultos.", POLICIA),
                                    ("Reparar las celdas.", MINGOB))]
    draft = model.Letter(o.report_id, POLICIA, "2026-03-10", "2026-03-25", reference="Borrador MNPT-X",
                         sha256="ab" * 32, recommendation_ids=[recs[0].id], kind="correcciones")
    with o.dora.case.transaction() as conn:  # as corrections.write_draft records it
        dialogue.store_letters(conn, o.dora, [draft])
    dialogue.send_letter(o.dora, draft.id, "2026-03-11", "electronico", today="2026-04-30")
    answer = tmp_path / "respuesta-policia.pdf"
    answer.write_bytes(b"%PDF-1.4 correcciones de la Policia")
    corrections.record_reply(o.dora, draft.id, "2026-03-20", "Corrige el aforo del pabellón juvenil.", answer,
                             today="2026-04-30")
    with o.dora.case.transaction() as conn:  # approved afterwards (the review is tested elsewhere)
        report = store.get(conn, model.Report, o.report_id)
        report.state = "aprobado"
        store.save(conn, report)
    folder = tmp_path / "oficios"
    folder.mkdir()
    written = letters.write_letters(o.dora, o.report_id, folder, day="2026-04-01")
    police = next(w for w in written if w.authority == POLICIA)
    dialogue.send_letter(o.dora, police.letter_id, "2026-04-02", "mano", today="2026-04-30")
    return draft.id, {w.authority: w.letter_id for w in written}


def test_letters_and_the_drafts_reply_travel_both_ways_and_are_found(office, tmp_path):
    o = office
    draft_id, oficios = _dialogue(o, tmp_path)
    o.deliver(o.dora, "asignacion", [o.luis])
    for letter in records.select(o.dora, model.Letter):
        assert records.get(o.luis, model.Letter, letter.id) == letter
    got = records.get(o.luis, model.Letter, draft_id)
    assert records.attachment_data(o.luis, got.reply_attachment_id) == b"%PDF-1.4 correcciones de la Policia"
    assert ("letter", draft_id) in [(h.entity, h.entity_id) for h in records.find(o.luis, "aforo juvenil")]
    assert ("letter", oficios[MINGOB]) in [(h.entity, h.entity_id) for h in records.find(o.luis, "ministerio gobierno")]
    # Luis records that the Ministerio's oficio went out; it comes back with his delivery.
    dialogue.send_letter(o.luis, oficios[MINGOB], "2026-04-03", "correo", today="2026-04-30")
    [summary] = o.deliver(o.luis, "entrega", [o.dora])
    back = records.get(o.dora, model.Letter, oficios[MINGOB])
    assert (back.sent_on, back.means) == ("2026-04-03", "correo") and summary.updated >= 1
    assert records.get(o.dora, model.Letter, draft_id).reply_text == "Corrige el aforo del pabellón juvenil."
    # Nothing new: the same letters again change nothing.
    [again] = o.deliver(o.dora, "asignacion", [o.luis])
    assert records.select(o.luis, model.Letter) == records.select(o.dora, model.Letter)
    assert again.updated == 0 or all(records.get(o.luis, model.Letter, x.id) == x
                                     for x in records.select(o.dora, model.Letter))


def _forging(monkeypatch, change):
    real = packages.build_payload

    def forged(*args, **kwargs):
        payload, scope = real(*args, **kwargs)
        change(payload["records"])
        return payload, scope
    monkeypatch.setattr(packages, "build_payload", forged)


def _letter(rows, letter_id):
    return next(x for x in rows["letter"] if x["id"] == letter_id)


@pytest.mark.parametrize("spoil, reason", [
    (lambda rows, ids: _letter(rows, ids["draft"]).update(sha256="cd" * 32), "alterado un oficio"),
    (lambda rows, ids: _letter(rows, ids["oficio"]).update(recommendation_ids=[]), "alterado un oficio"),
    (lambda rows, ids: _letter(rows, ids["oficio"]).update(written_on="2026-03-30"), "alterado un oficio"),
    (lambda rows, ids: _letter(rows, ids["draft"]).update(reply_text="No hay nada que corregir."),
     "otra respuesta a un borrador"),
])
def test_an_altered_letter_refuses_the_whole_package(office, tmp_path, monkeypatch, spoil, reason):
    o = office
    draft_id, oficios = _dialogue(o, tmp_path)
    o.deliver(o.dora, "asignacion", [o.luis])
    ids = {"draft": draft_id, "oficio": oficios[POLICIA]}
    before = records.select(o.dora, model.Letter)
    records.save(o.luis, model.Place("Lugar nuevo de Luis"))  # something the refused package also brings
    _forging(monkeypatch, lambda rows: spoil(rows, ids))
    path = o.send(o.luis, "entrega", [o.dora])
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(o.dora, path)
    assert reason in caught.value.message()
    assert records.select(o.dora, model.Letter) == before


def test_a_letter_carrying_another_visits_recommendation_is_refused(office, tmp_path, monkeypatch):
    o = office
    draft_id, _oficios = _dialogue(o, tmp_path)
    place = records.save(o.dora, model.Place("Otro centro"))
    elsewhere = records.save(o.dora, model.Visit(place.id, "2025-01-10"))
    other = records.save(o.dora, model.Recommendation(elsewhere.id, "De otra visita.", POLICIA))
    o.deliver(o.dora, "asignacion", [o.luis])

    def smuggle(rows) -> None:
        forged = dict(_letter(rows, draft_id), id=model.new_id(), recommendation_ids=[other.id])
        rows["letter"].append(forged)
        rows["place"].append(store.as_dict(place))
        rows["visit"].append(store.as_dict(records.get(o.dora, model.Visit, elsewhere.id)))
        rows["recommendation"].append(store.as_dict(records.get(o.dora, model.Recommendation, other.id)))
    _forging(monkeypatch, smuggle)
    path = o.send(o.dora, "asignacion", [o.luis])
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(o.luis, path)
    assert "no son de la visita de su informe" in caught.value.message()
    assert not store.exists(o.luis.case.conn, model.Recommendation, other.id)


def test_letters_survive_a_dump_and_a_format_2_dump_still_imports(office, tmp_path):
    from npmdesk.services.exchange import dump as transfer
    o = office
    draft_id, _oficios = _dialogue(o, tmp_path)
    data = transfer.dump(o.dora)
    assert data["format_version"] == "3"
    again = transfer.import_dump(data, tmp_path / "copia.npmcase", "Frase de prueba segura 2026")
    try:
        assert records.select(again, model.Letter) == records.select(o.dora, model.Letter)
        reply = records.get(again, model.Letter, draft_id)
        assert records.attachment_data(again, reply.reply_attachment_id) == b"%PDF-1.4 correcciones de la Policia"
        assert [h.entity_id for h in records.find(again, "aforo juvenil")] == [draft_id]
    finally:
        again.close()
    old = transfer.dump(o.dora)  # as format 2 wrote it: oficios only, without the new fields
    old["format_version"] = "2"
    old["records"]["letter"] = [x for x in old["records"]["letter"] if x["kind"] == "oficio"]
    for letter in old["records"]["letter"]:
        for key in ("kind", "reply_on", "reply_text", "reply_attachment_id"):
            del letter[key]
    older = transfer.import_dump(old, tmp_path / "antigua.npmcase", "Frase de prueba segura 2026")
    try:
        assert {x.kind for x in records.select(older, model.Letter)} == {"oficio"}
        assert len(records.select(older, model.Letter)) == 2
    finally:
        older.close()
