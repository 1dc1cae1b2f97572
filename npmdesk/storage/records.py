"""One generic mapper between the domain dataclasses and their tables.

Scalar fields are columns (bools as 0/1), lists of codes are JSON text, lists of
ids are rows of a link table (foreign keys keep them honest) and lists of small
records are rows of a child table. A table spec names which is which.
"""

import dataclasses
import json
from dataclasses import dataclass, field

import sqlcipher3

from npmdesk.domain import model
from npmdesk.errors import InUse, NotFound


@dataclass(frozen=True)
class Link:
    table: str
    owner: str


@dataclass(frozen=True)
class Child:
    table: str
    owner: str
    cls: type


@dataclass(frozen=True)
class Spec:
    name: str
    cls: type
    table: str
    title: str = ""
    search: tuple[str, ...] = ()
    links: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)
    order: str = "rowid"

    def columns(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.cls)
                if f.name not in self.links and f.name not in self.children]


SPECS = [
    Spec("team_member", model.TeamMember, "team_members", "name", order="name"),
    Spec("place", model.Place, "places", "name",
         ("kind", "province", "district", "authority", "address", "description"), order="name"),
    Spec("visit", model.Visit, "visits", "start_date",
         ("objectives", "people_met", "registers_reviewed", "access_obstacles"),
         children={"team": Child("visit_team", "visit_id", model.VisitMember)},
         order="start_date DESC"),
    # The restricted real identity is never indexed: search results must not reveal it.
    Spec("interview", model.Interview, "interviews", "code", ("notes",), order="code"),
    Spec("field_note", model.FieldNote, "field_notes", "title", ("text",), order="title"),
    Spec("attachment", model.Attachment, "attachments", "caption", ("filename",), order="caption"),
    Spec("finding", model.Finding, "findings", "title", ("text", "area"),
         links={"interview_ids": Link("finding_interviews", "finding_id"),
                "note_ids": Link("finding_notes", "finding_id"),
                "attachment_ids": Link("finding_attachments", "finding_id")}),
    # The history's reasons are searched too: a person looks for "traslado" and finds the
    # recommendation whose status changed because of one.
    Spec("recommendation", model.Recommendation, "recommendations", "authority",
         ("text", "source_ref", "history"),
         links={"finding_ids": Link("recommendation_findings", "recommendation_id")},
         children={"history": Child("status_changes", "recommendation_id", model.StatusChange)}),
    Spec("response", model.AuthorityResponse, "authority_responses", "authority",
         ("text", "reference", "commitments"), order="date, id",
         links={"recommendation_ids": Link("response_recommendations", "response_id")},
         children={"commitments": Child("response_commitments", "response_id", model.Commitment)}),
    Spec("report", model.Report, "reports", "title", ("number",)),
    # Found by its reference, its authority and a draft's reply (the letters view opens it).
    Spec("letter", model.Letter, "letters", "reference", ("authority", "reply_text"), order="response_due, id",
         links={"recommendation_ids": Link("letter_recommendations", "letter_id")}),
    Spec("section", model.Section, "sections", "title", ("body",),
         links={"author_ids": Link("section_authors", "section_id")}, order="position"),
    Spec("revision", model.Revision, "revisions", order="number"),
]
BY_CLASS = {spec.cls: spec for spec in SPECS}
BY_NAME = {spec.name: spec for spec in SPECS}


def spec_of(record_or_cls) -> Spec:
    cls = record_or_cls if isinstance(record_or_cls, type) else type(record_or_cls)
    return BY_CLASS[cls]


def _to_db(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _field_types(cls) -> dict:
    return {f.name: f.type for f in dataclasses.fields(cls)}


def _from_row(cls, names, row):
    types = _field_types(cls)
    values = {}
    for name, value in zip(names, row):
        kind = types[name]
        if kind is bool:
            value = bool(value)
        elif getattr(kind, "__origin__", None) is list:
            value = json.loads(value)
        values[name] = value
    return values


def save(conn, record) -> None:
    """Insert or update `record` with its links and children."""
    spec = spec_of(record)
    cols = spec.columns()
    placeholders = ", ".join("?" for _ in cols)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "id")
    conn.execute(
        f"INSERT INTO {spec.table} ({', '.join(cols)}) VALUES ({placeholders}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        [_to_db(getattr(record, c)) for c in cols])
    for name, link in spec.links.items():
        conn.execute(f"DELETE FROM {link.table} WHERE {link.owner} = ?", (record.id,))
        for position, target in enumerate(dict.fromkeys(getattr(record, name))):
            conn.execute(f"INSERT INTO {link.table} ({link.owner}, position, target_id) "
                         "VALUES (?, ?, ?)", (record.id, position, target))
    for name, child in spec.children.items():
        conn.execute(f"DELETE FROM {child.table} WHERE {child.owner} = ?", (record.id,))
        child_cols = [f.name for f in dataclasses.fields(child.cls)]
        for position, item in enumerate(getattr(record, name)):
            conn.execute(
                f"INSERT INTO {child.table} ({child.owner}, position, {', '.join(child_cols)}) "
                f"VALUES (?, ?, {', '.join('?' for _ in child_cols)})",
                [record.id, position, *[_to_db(getattr(item, c)) for c in child_cols]])


def _attach_related(conn, spec: Spec, records: list) -> list:
    if not records or not (spec.links or spec.children):
        return records
    by_id = {r.id: r for r in records}
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for name, link in spec.links.items():
            for owner, target in conn.execute(
                    f"SELECT {link.owner}, target_id FROM {link.table} "
                    f"WHERE {link.owner} IN ({marks}) ORDER BY {link.owner}, position", chunk):
                getattr(by_id[owner], name).append(target)
        for name, child in spec.children.items():
            child_cols = [f.name for f in dataclasses.fields(child.cls)]
            for row in conn.execute(
                    f"SELECT {child.owner}, {', '.join(child_cols)} FROM {child.table} "
                    f"WHERE {child.owner} IN ({marks}) ORDER BY {child.owner}, position", chunk):
                getattr(by_id[row[0]], name).append(
                    child.cls(**_from_row(child.cls, child_cols, row[1:])))
    return records


def select(conn, cls, where: dict | None = None, order: str | None = None) -> list:
    """Records of `cls` whose columns equal the values in `where`."""
    spec = spec_of(cls)
    cols = spec.columns()
    sql = f"SELECT {', '.join(cols)} FROM {spec.table}"
    params = []
    if where:
        unknown = set(where) - set(cols)
        if unknown:
            raise ValueError(f"unknown columns {sorted(unknown)}")
        sql += " WHERE " + " AND ".join(f"{k} IS ?" for k in where)
        params = [_to_db(v) for v in where.values()]
    sql += f" ORDER BY {order or spec.order}"
    records = [cls(**_from_row(cls, cols, row)) for row in conn.execute(sql, params)]
    return _attach_related(conn, spec, records)


def count_by(conn, cls, column: str, values: list) -> dict:
    """How many records of `cls` have each of `values` in `column` (values with none are absent)."""
    spec = spec_of(cls)
    if column not in spec.columns():
        raise ValueError(f"unknown column {column}")
    found = {}
    for start in range(0, len(values), 500):  # SQLite's limit on bound parameters
        chunk = values[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT {column}, count(*) FROM {spec.table} "
                                  f"WHERE {column} IN ({marks}) GROUP BY {column}", chunk).fetchall())
    return found


def iterate(conn, cls, order: str | None = None, batch: int = 100):
    """Every record of `cls`, like `select`, but fetched `batch` rows at a time from one
    cursor, so that going through a large table does not hold all of it in memory."""
    spec = spec_of(cls)
    cols = spec.columns()
    cursor = conn.execute(f"SELECT {', '.join(cols)} FROM {spec.table} ORDER BY {order or spec.order}")
    while rows := cursor.fetchmany(batch):
        yield from _attach_related(conn, spec, [cls(**_from_row(cls, cols, row)) for row in rows])


def get(conn, cls, record_id: str):
    found = select(conn, cls, {"id": record_id})
    if not found:
        raise NotFound(f"{spec_of(cls).name} not found")
    return found[0]


def exists(conn, cls, record_id: str) -> bool:
    spec = spec_of(cls)
    return conn.execute(f"SELECT 1 FROM {spec.table} WHERE id = ?", (record_id,)).fetchone() is not None


def delete(conn, cls, record_id: str, label: str = "") -> None:
    spec = spec_of(cls)
    try:
        cursor = conn.execute(f"DELETE FROM {spec.table} WHERE id = ?", (record_id,))
    except sqlcipher3.IntegrityError as exc:
        raise InUse(str(exc), name=label) from exc
    if cursor.rowcount == 0:
        raise NotFound(f"{spec.name} not found")


def count(conn, cls) -> int:
    return conn.execute(f"SELECT count(*) FROM {spec_of(cls).table}").fetchone()[0]


def as_dict(record) -> dict:
    return dataclasses.asdict(record)


def from_dict(cls, data: dict):
    """Build a record from plain data (JSON), children included; unknown keys raise TypeError."""
    spec = spec_of(cls) if cls in BY_CLASS else None
    values = dict(data)
    if spec:
        for name, child in spec.children.items():
            if name in values:
                values[name] = [child.cls(**item) for item in values[name]]
    return cls(**values)
