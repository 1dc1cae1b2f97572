"""The records of a case file (DESIGN.md §2) as plain dataclasses.

Ids are UUID strings so work can move between laptops. Dates are ISO strings
('2026-11-28'), timestamps ISO UTC strings. Lists of ids are links to other
records and are kept consistent by the storage layer.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone


def new_id() -> str:
    return str(uuid.uuid4())


_clock: ContextVar = ContextVar("npmdesk_clock", default=None)


def now_utc() -> str:
    """Now in UTC, or the time the clock of `recorded_clock` gives (the demo's history)."""
    clock = _clock.get()
    when = clock() if clock is not None else datetime.now(timezone.utc)
    return when.isoformat(timespec="microseconds")


@contextmanager
def recorded_clock(clock):
    """Within the block (this thread only), timestamps come from `clock()` (an aware datetime).

    For the demonstration case file, whose history is meant to read as months of work; it
    proves nothing either way: whoever runs code can write any time into a file they hold.
    """
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)


@dataclass
class TeamMember:
    name: str
    discipline: str = "derecho"
    role: str = "autor"
    active: bool = True
    id: str = field(default_factory=new_id)


@dataclass
class Place:
    name: str
    kind: str = "centro_penitenciario"
    province: str = ""
    district: str = ""
    authority: str = ""
    capacity: int | None = None
    address: str = ""
    description: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class VisitMember:
    member_id: str
    discipline: str = "derecho"
    leader: bool = False


@dataclass
class Visit:
    place_id: str
    start_date: str
    end_date: str = ""
    kind: str = "inicial"
    announced: bool = False
    team: list[VisitMember] = field(default_factory=list)
    objectives: str = ""
    population: int | None = None
    people_met: str = ""
    registers_reviewed: str = ""
    access_obstacles: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Interview:
    visit_id: str
    code: str = ""
    kind: str = "individual"
    sex: str = "no_consta"
    age_range: str = "no_consta"
    vulnerable_groups: list[str] = field(default_factory=list)
    consent_interview: bool = False
    consent_report: bool = False
    consent_identify: bool = False
    notes: str = ""
    allegations: list[str] = field(default_factory=list)
    referral_needed: bool = False
    real_identity: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class FieldNote:
    visit_id: str
    title: str
    text: str = ""
    kind: str = "observacion"
    id: str = field(default_factory=new_id)


@dataclass
class Attachment:
    caption: str
    filename: str
    mime: str
    size: int = 0
    sha256: str = ""
    visit_id: str | None = None
    include_in_export: bool = False
    id: str = field(default_factory=new_id)


@dataclass
class Finding:
    visit_id: str
    area: str
    title: str
    text: str = ""
    triangulated: bool = False
    interview_ids: list[str] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)
    attachment_ids: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass
class StatusChange:
    """One dated entry of a recommendation's status history (never edited, only appended).

    `date` is when the status took effect; `recorded_at` when it was written, by `actor_id`
    (empty only for entries migrated from files older than the history). `basis` says where it
    comes from (vocabulary.REC_BASES): a follow-up visit (`visit_id`), an authority's response
    (`response_id`), a verification in practice at a visit, a review of the desk.
    """
    date: str
    status: str
    reason: str = ""
    basis: str = "revision"
    visit_id: str | None = None
    response_id: str | None = None
    actor_id: str = ""
    actor_name: str = ""
    recorded_at: str = field(default_factory=now_utc)
    id: str = field(default_factory=new_id)


@dataclass
class Recommendation:
    """A recommendation tracked for its whole life (DESIGN.md §2).

    `visit_id` is the visit whose report issued it (None for another body's recommendation,
    `source` then says which: vocabulary.REC_SOURCES, `source_ref` the document, e.g.
    "CAT/OP/PAN/1, párr. 45"). `status` is the last `history` entry's status, kept in step by
    the services (services/tracking/history.py) so queries can filter on it; never set it alone.
    """
    visit_id: str | None
    text: str
    authority: str
    level: str = "lugar"
    priority: str = "media"
    deadline: str = ""
    status: str = "pendiente"
    area: str = ""
    source: str = "mnpt"
    source_ref: str = ""
    issued_on: str = ""
    repeats_id: str | None = None
    place_id: str | None = None
    place_kind: str = ""
    population_groups: list[str] = field(default_factory=list)
    finding_ids: list[str] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass
class Commitment:
    """One dated commitment of an authority's action plan, optionally for one recommendation."""
    text: str
    due_date: str = ""
    recommendation_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class AuthorityResponse:
    """An authority's response to one or more recommendations: its letter (`reference`, the
    received document as an encrypted `attachment_id`), its text and its action plan."""
    authority: str
    date: str
    text: str = ""
    reference: str = ""
    means: str = ""
    attachment_id: str | None = None
    recommendation_ids: list[str] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass
class Letter:
    """What went to an authority from one report, as a Word file (its SHA-256): an oficio with
    its recommendations (`kind` "oficio"), or the draft report sent for factual corrections
    ("correcciones", the recommendations addressed to it as the draft had them); when it was
    written, when and how it was sent (empty until someone records it), the date by which a
    response (or the corrections) is due, and, for a draft, the authority's reply."""
    report_id: str
    authority: str
    written_on: str
    response_due: str
    reference: str = ""
    sent_on: str = ""
    means: str = ""
    sha256: str = ""
    recommendation_ids: list[str] = field(default_factory=list)
    kind: str = "oficio"
    reply_on: str = ""
    reply_text: str = ""
    reply_attachment_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Report:
    """A report of a visit (`visit_id`), or the annual report of a `year` (kind "anual", no visit)."""
    visit_id: str | None
    title: str
    kind: str = "visita"
    template: str = ""
    number: str = ""
    state: str = "en_redaccion"
    classification: str = "CONFIDENCIAL"
    year: int | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Section:
    report_id: str
    title: str
    position: int = 0
    parent_id: str | None = None
    key: str = ""
    discipline: str = ""
    guidance: list[str] = field(default_factory=list)
    author_ids: list[str] = field(default_factory=list)
    body: str = ""
    state: str = "borrador"
    required: bool = True
    id: str = field(default_factory=new_id)


@dataclass
class Revision:
    section_id: str
    number: int
    body: str
    body_sha256: str
    author_id: str
    created_at: str = field(default_factory=now_utc)
    origin: str = ""  # where the text came from when not typed here ("importado de X.docx")
    id: str = field(default_factory=new_id)


@dataclass
class AuditEntry:
    seq: int
    ts: str
    actor_id: str
    actor_name: str
    action: str
    entity: str
    entity_id: str
    payload_sha256: str
    prev_hash: str
    hash: str
