"""Observations: comments anchored to a passage of a section, threaded, signed, resolvable.

An anchor is the quoted text, its offsets and the revision it was written on. In a later
revision the quote is searched again (nearest to the old offset); when it is gone the
observation is shown as "desanclada" but never lost.
"""

from dataclasses import dataclass

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain.model import Revision, Section, new_id, now_utc
from npmdesk.domain.text import clean
from npmdesk.errors import InvalidRecord, NotFound
from npmdesk.i18n import N_, _
from npmdesk.services.review import actions as review
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, review_store

MAX_OBSERVATION_CHARS = 20_000

ANCHOR_LABELS = {"anclada": N_("anclada"), "reubicada": N_("reubicada"), "desanclada": N_("desanclada")}


@dataclass
class Anchored:
    observation: review_store.ObservationRow
    status: str  # 'anclada' | 'reubicada' | 'desanclada'
    start: int | None
    end: int | None


def _latest_revision(conn, section_id: str) -> int:
    revisions = records.select(conn, Revision, {"section_id": section_id}, "number DESC")
    return revisions[0].number if revisions else 0


def add_observation(session: Session, section_id: str, body: str, quote: str = "", start: int = 0,
                    parent_id: str | None = None, as_member: str | None = None) -> review_store.ObservationRow:
    """Comment on a passage (`quote` found at `start` in the current text) or reply to a thread."""
    member = review.acting_member(session, as_member)
    body = clean(body).strip() if isinstance(body, str) else ""
    if not body:
        raise InvalidRecord("empty observation", reason=_("la observación está vacía"))
    if len(body) > MAX_OBSERVATION_CHARS:
        raise InvalidRecord("observation too long", reason=_("la observación supera {limit} caracteres")
                            .format(limit=MAX_OBSERVATION_CHARS))
    roster, entry, keys = review.authorise(session, member, "observar", False)
    with session.case.transaction() as conn:
        section = records.get(conn, Section, section_id)
        revision = _latest_revision(conn, section_id)
        if parent_id is not None:
            parents = {o.id: o for o in review_store.observations(conn, section_id)}
            if parent_id not in parents:
                raise NotFound("parent observation missing")
            parent = parents[parent_id]
            quote, start, end = parent.quote, parent.start, parent.end
        else:
            end = start + len(quote)
            if start < 0 or section.body[start:end] != quote:
                raise InvalidRecord("quote not at offset",
                                    reason=_("el fragmento citado no está en el texto actual de la sección"))
        observation_id = new_id()
        signature_id = review.sign_statement(conn, session, member, roster, entry, keys, "observation", section_id,
                                    "observar", sha256_hex(section.body.encode("utf-8")),
                                    observation_id=observation_id, revision=revision,
                                    anchor={"quote": quote, "start": start, "end": end},
                                    parent_id=parent_id, body_sha256=sha256_hex(body.encode("utf-8")))
        row = review_store.ObservationRow(observation_id, section_id, parent_id, member.id, revision,
                                          quote, start, end, body, False, signature_id, now_utc())
        review_store.add_observation(conn, row)
    return row


def resolve(session: Session, observation_id: str, as_member: str | None = None) -> None:
    """Mark a thread resolved (a bitácora entry names who did it)."""
    member = review.acting_member(session, as_member)
    review.authorise(session, member, "observar", False)
    with session.case.transaction() as conn:
        if review_store.resolve_observation(conn, observation_id) != 1:
            raise NotFound("observation missing")
        audit_log.append(conn, member.id, member.name, "resolver_observacion", "observation",
                         observation_id, digest({"resolved": True}))


def anchored(session: Session, section_id: str) -> list[Anchored]:
    """Every observation of a section with its anchor located in the current text."""
    with session.case.lock:
        section = records.get(session.case.conn, Section, section_id)
        current = _latest_revision(session.case.conn, section_id)
        rows = review_store.observations(session.case.conn, section_id)
    return [locate(row, section.body, current) for row in rows]


def locate(row: review_store.ObservationRow, text: str, current_revision: int) -> Anchored:
    if not row.quote:
        return Anchored(row, "anclada", None, None)
    if row.revision == current_revision and text[row.start:row.end] == row.quote:
        return Anchored(row, "anclada", row.start, row.end)
    hits, at = [], text.find(row.quote)
    while at != -1:
        hits.append(at)
        at = text.find(row.quote, at + 1)
    if not hits:
        return Anchored(row, "desanclada", None, None)
    best = min(hits, key=lambda h: abs(h - row.start))
    return Anchored(row, "reubicada" if best != row.start or row.revision != current_revision else "anclada",
                    best, best + len(row.quote))
