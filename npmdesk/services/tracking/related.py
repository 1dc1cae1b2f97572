"""The records a package must carry with a visit's recommendations so they stand on their own
on the other laptop: the earlier recommendations they repeat, the authorities' responses to any
of them and the documents of those responses, and the visits (with their places and teams) that
any of these or their history entries name. Findings of the carried earlier recommendations are
not carried: package_import drops links to findings the other laptop does not hold.

And what a report package carries of the dialogue with the authorities: the report's letters
(oficios and drafts for factual corrections) and the documents of the drafts' replies."""

from npmdesk.domain import model
from npmdesk.storage import records


def for_package(conn, recs: list[model.Recommendation]) -> dict[str, list]:
    """{spec name: [records]} to add to a package beside `recs` (which are not repeated)."""
    held = {r.id: r for r in recs}
    queue = [r.repeats_id for r in recs if r.repeats_id]
    earlier: dict[str, model.Recommendation] = {}
    while queue:
        rec_id = queue.pop()
        if rec_id in held or rec_id in earlier or not records.exists(conn, model.Recommendation, rec_id):
            continue
        earlier[rec_id] = rec = records.get(conn, model.Recommendation, rec_id)
        queue += [rec.repeats_id] if rec.repeats_id else []
    visits = {v: records.get(conn, model.Visit, v)
              for v in sorted({r.visit_id for r in earlier.values() if r.visit_id})}
    place_ids = {v.place_id for v in visits.values()} | {r.place_id for r in (*recs, *earlier.values())
                                                         if r.place_id}
    all_ids = set(held) | set(earlier)
    response_ids = sorted({row[0] for rec_id in all_ids for row in conn.execute(
        "SELECT response_id FROM response_recommendations WHERE target_id = ?", (rec_id,))})
    responses = [records.get(conn, model.AuthorityResponse, i) for i in response_ids]
    # A response may also answer recommendations of other visits: they travel too, or its links
    # would point at nothing on the other laptop.
    for response in responses:
        for rec_id in response.recommendation_ids:
            if rec_id not in all_ids:
                all_ids.add(rec_id)
                earlier[rec_id] = rec = records.get(conn, model.Recommendation, rec_id)
                if rec.visit_id and rec.visit_id not in visits:
                    visits[rec.visit_id] = records.get(conn, model.Visit, rec.visit_id)
                    place_ids.add(visits[rec.visit_id].place_id)
                if rec.place_id:
                    place_ids.add(rec.place_id)
    for rec in (*recs, *earlier.values()):
        for entry in rec.history:
            if entry.visit_id and entry.visit_id not in visits and records.exists(conn, model.Visit, entry.visit_id):
                visits[entry.visit_id] = records.get(conn, model.Visit, entry.visit_id)
                place_ids.add(visits[entry.visit_id].place_id)
    return {
        "team_member": [records.get(conn, model.TeamMember, m)
                        for m in sorted({t.member_id for v in visits.values() for t in v.team})],
        "place": [records.get(conn, model.Place, p) for p in sorted(place_ids)],
        "visit": list(visits.values()),
        "recommendation": [earlier[i] for i in sorted(earlier)],
        "response": responses,
        "attachment": [records.get(conn, model.Attachment, r.attachment_id)
                       for r in responses if r.attachment_id],
    }


def letters_of(conn, report_id: str) -> dict[str, list]:
    """{spec name: [records]}: the report's letters and their replies' documents. Their
    recommendations are the report's visit's, which the package carries already."""
    letters = records.select(conn, model.Letter, {"report_id": report_id})
    return {"letter": letters,
            "attachment": [records.get(conn, model.Attachment, x.reply_attachment_id)
                           for x in letters if x.reply_attachment_id]}
