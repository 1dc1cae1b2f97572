"""The search index keeps exactly one document per record, found without scanning the index."""

from npmdesk.domain import model
from npmdesk.services.records import edit as services


def _docs(session, entity_id):
    return session.case.query("SELECT title, body FROM search_index WHERE entity_id = ?", (entity_id,))


def test_editing_a_record_replaces_its_text_in_the_index(session):
    place = services.save(session, model.Place(name="Centro Penitenciario de Chiriquí",
                                               description="Hacinamiento en el pabellón 3"))
    assert [h.entity_id for h in services.find(session, "hacinamiento")] == [place.id]
    place.description = "Celdas sin ventilación"
    services.save(session, place)
    assert services.find(session, "hacinamiento") == []
    assert [h.entity_id for h in services.find(session, "ventilacion")] == [place.id]
    assert len(_docs(session, place.id)) == 1


def test_deleting_a_record_removes_its_text_and_its_row(session):
    place = services.save(session, model.Place(name="Subestación de Policía de Colón",
                                               description="Niños detenidos con adultos"))
    services.delete(session, model.Place, place.id, place.name)
    assert services.find(session, "nino") == []
    assert _docs(session, place.id) == []
    assert session.case.query("SELECT count(*) FROM search_rows WHERE entity_id = ?",
                              (place.id,))[0][0] == 0


def test_section_edits_keep_one_document_per_section(session):
    place = services.save(session, model.Place(name="Centro de Cumplimiento de Menores"))
    visit = services.save(session, model.Visit(place_id=place.id, start_date="2026-03-02"))
    report = services.save(session, model.Report(visit_id=visit.id, title="Informe de visita"))
    section = services.save(session, model.Section(report_id=report.id, title="Trato"))
    for word in ("golpes", "amenazas", "represalias"):
        services.save_section_body(session, section.id, f"<p>Refirieron {word} durante la requisa.</p>")
    assert len(_docs(session, section.id)) == 1
    assert services.find(session, "golpes") == []
    assert [h.entity_id for h in services.find(session, "represalias")] == [section.id]


def test_a_records_row_is_found_through_the_primary_key(session):
    plan = session.case.query("EXPLAIN QUERY PLAN SELECT doc FROM search_rows "
                              "WHERE entity = ? AND entity_id = ?", ("place", "x"))
    assert any("PRIMARY KEY" in row[-1] for row in plan)


def _in_index_pages(session, word: bytes) -> bool:
    return any(word in bytes(row[0]) for row in session.case.query("SELECT block FROM search_index_data"))


def _section(session, body=""):
    place = services.save(session, model.Place(name="Centro de Cumplimiento de Menores"))
    visit = services.save(session, model.Visit(place_id=place.id, start_date="2026-03-02"))
    report = services.save(session, model.Report(visit_id=visit.id, title="Informe de visita"))
    return services.save(session, model.Section(report_id=report.id, title="Trato", body=body))


def test_short_words_match_whole_and_longer_ones_as_prefixes(session):
    joya = services.save(session, model.Place(name="Centro Penitenciario La Joya"))
    tablas = services.save(session, model.Place(name="Subestación de Las Tablas"))
    assert [h.entity_id for h in services.find(session, "la joya")] == [joya.id]
    assert [h.entity_id for h in services.find(session, "la")] == [joya.id]
    assert [h.entity_id for h in services.find(session, "las tabl")] == [tablas.id]
    assert {h.entity_id for h in services.find(session, "subest")} == {tablas.id}


def test_relevance_is_ranked_among_the_newest_matches(session, monkeypatch):
    from npmdesk.storage import search
    monkeypatch.setattr(search, "CANDIDATES", 2)
    places = [services.save(session, model.Place(name=f"Celda {n}", description="hacinamiento"))
              for n in range(4)]
    assert {h.entity_id for h in services.find(session, "hacinamiento")} == {places[2].id, places[3].id}
    assert [h.entity_id for h in services.find(session, "celda 1")] == [places[1].id]


def test_a_section_edit_leaves_the_index_sound_and_secure_delete_on(session):
    section = _section(session)
    services.save_section_body(session, section.id, "<p>Refirieron golpes en el xilófono.</p>")
    services.save_section_body(session, section.id, "<p>Refirieron amenazas.</p>")
    assert session.case.query("SELECT v FROM search_index_config WHERE k = 'secure-delete'") == [(1,)]
    session.case.conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)")
    assert services.find(session, "xilofono") == []
    assert [h.entity_id for h in services.find(session, "amenazas")] == [section.id]
    # The replaced text is still in the revisions, and its index entries wait for the next merge.
    assert _in_index_pages(session, b"xilofono")
    session.case.conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    assert not _in_index_pages(session, b"xilofono")


def test_text_kept_nowhere_else_is_purged_from_the_index_at_once(session):
    place = services.save(session, model.Place(name="Albergue", description="Testigo Xiomara"))
    place.description = "Sin testigos"
    services.save(session, place)
    assert not _in_index_pages(session, b"xiomara")
    section = _section(session, body="<p>Declaró ante el xilófono.</p>")
    services.save_section_body(session, section.id, "<p>Texto nuevo.</p>")
    assert not _in_index_pages(session, b"xilofono")
