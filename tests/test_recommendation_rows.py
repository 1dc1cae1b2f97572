"""The recommendations view's rows come from one query (storage/recommendation_rows.py): each
row says what the records say — the current status is the history entry that took effect last,
as domain/tracking orders it (a later date; on the same date, the one written later), even when
the entries were stored in another order, as a package's merge stores them."""

from npmdesk.domain import model, tracking
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import recommendations


def _change(rec_id, n, day, status, recorded_at, entry_id):
    return model.StatusChange(date=day, status=status, reason=f"motivo {n}", basis="revision",
                              actor_id="", actor_name="", recorded_at=recorded_at, id=entry_id)


def test_each_row_agrees_with_the_record_and_its_history(session):
    place = records.save(session, model.Place("Centro de Cumplimiento de Tocumen", authority="IEI"))
    visit = records.save(session, model.Visit(place.id, "2025-03-04"))
    other = records.save(session, model.Place("Estación de Lajas Blancas"))
    plain = records.save(session, model.Recommendation(visit.id, "Sin historial.", "IEI", deadline="2026-01-31"))
    later_written = model.Recommendation(visit.id, "Dos cambios el mismo día.", "IEI", priority="urgente")
    later_written.history = [  # stored out of order: the second was written later the same day
        _change(later_written.id, 2, "2026-02-01", "cumplida", "2026-02-01T15:00:00Z",
                "00000000-0000-4000-8000-000000000001"),
        _change(later_written.id, 1, "2026-02-01", "en_proceso", "2026-02-01T09:00:00Z",
                "00000000-0000-4000-8000-000000000002"),
        _change(later_written.id, 0, "2025-03-04", "pendiente", "2025-03-04T09:00:00Z",
                "00000000-0000-4000-8000-000000000003")]
    later_written = records.save(session, later_written)
    external = records.save(session, model.Recommendation(None, "Del SPT.", "SNM", source="spt",
                                                          source_ref="CAT/OP/PAN/1", place_id=other.id))
    rows = {r.rec.id: r for r in recommendations.all_rows(session, today="2026-06-01")}
    assert set(rows) == {plain.id, later_written.id, external.id}
    for rec in records.select(session, model.Recommendation):
        row = rows[rec.id]
        assert row.status == tracking.current_status(rec)
        assert (row.rec.text, row.rec.authority, row.rec.deadline, row.rec.priority, row.rec.source) == (
            rec.text, rec.authority, rec.deadline, rec.priority, rec.source)
    assert rows[later_written.id].status == "cumplida"
    assert (rows[plain.id].place_name, rows[plain.id].visit_date, rows[plain.id].overdue) == (
        place.name, "2025-03-04", True)
    assert (rows[external.id].place_id, rows[external.id].visit_date) == (other.id, "")
