"""Search finds text anywhere, ignoring accents and case, and forgets deleted text."""

from npmdesk.domain import model
from npmdesk.services.records import edit as records


def _place(session, **fields):
    return records.save(session, model.Place(**fields))


def test_search_is_accent_and_case_blind_and_prefix(session):
    place = _place(session, name="Centro de Cumplimiento de Menores Évin",
                   description="Hacinamiento en el pabellón de niños")
    for query in ("evin", "EVIN", "nino", "hacinam", "pabellon"):
        assert [h.entity_id for h in records.find(session, query)] == [place.id], query


def test_search_follows_edits_and_deletions(session):
    place = _place(session, name="Subestación Norte", description="celda sin ventilación")
    place.description = "celda renovada"
    records.save(session, place)
    assert records.find(session, "ventilacion") == []
    assert records.find(session, "renovada")[0].entity_id == place.id
    records.delete(session, model.Place, place.id)
    assert records.find(session, "renovada") == []


def test_search_syntax_in_user_text_is_harmless(session):
    _place(session, name="Albergue Esperanza")
    for query in ('"', "NEAR(", "a OR", "*", "-", "esperanza\"*)", ""):
        records.find(session, query)
    assert len(records.find(session, 'esperanza"*)')) == 1
    assert records.find(session, 'esperanza OR x') == []


def test_restricted_identity_is_not_searchable(session):
    place = _place(session, name="Centro")
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-01-10"))
    records.add_interview(session, model.Interview(visit_id=visit.id, real_identity="Zacarías Quintero"))
    assert records.find(session, "Zacarias") == []


def test_matched_words_are_marked_apart_from_brackets_in_the_text(session):
    _place(session, name="Centro", description="Registro [incompleto] de atención médica")
    hit = records.find(session, "atencion medica")[0]
    assert "Registro [incompleto] de atención médica" in hit.marked()
    assert "Registro [incompleto] de <atención> <médica>" in hit.marked("<", ">")
