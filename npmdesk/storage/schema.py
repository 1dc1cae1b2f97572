"""Schema of the case file and its forward-only migrations.

`meta.schema_version` says which schema a file has. `MIGRATIONS[n]` turns schema
n-1 into n; opening a file with an older schema takes a backup (the caller's
`before_migration`) and then runs the missing migrations in one transaction.
"""

import uuid

from npmdesk.domain import model, tracking
from npmdesk.domain.model import now_utc
from npmdesk.errors import CaseFileTooNew, DamagedCaseFile, NotACaseFile
from npmdesk.storage import records, search

APPLICATION_ID = 0x4E504D44  # "NPMD"

V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, discipline TEXT NOT NULL, role TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1);

CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, province TEXT NOT NULL,
    district TEXT NOT NULL, authority TEXT NOT NULL, capacity INTEGER, address TEXT NOT NULL,
    description TEXT NOT NULL);

CREATE TABLE visits (
    id TEXT PRIMARY KEY, place_id TEXT NOT NULL REFERENCES places(id),
    start_date TEXT NOT NULL, end_date TEXT NOT NULL, kind TEXT NOT NULL,
    announced INTEGER NOT NULL, objectives TEXT NOT NULL, population INTEGER,
    people_met TEXT NOT NULL, registers_reviewed TEXT NOT NULL, access_obstacles TEXT NOT NULL);
CREATE INDEX visits_place ON visits(place_id);

CREATE TABLE visit_team (
    visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    member_id TEXT NOT NULL REFERENCES team_members(id),
    discipline TEXT NOT NULL, leader INTEGER NOT NULL,
    PRIMARY KEY (visit_id, member_id));

CREATE TABLE interviews (
    id TEXT PRIMARY KEY, visit_id TEXT NOT NULL REFERENCES visits(id),
    code TEXT NOT NULL, kind TEXT NOT NULL, sex TEXT NOT NULL, age_range TEXT NOT NULL,
    vulnerable_groups TEXT NOT NULL, consent_interview INTEGER NOT NULL,
    consent_report INTEGER NOT NULL, consent_identify INTEGER NOT NULL, notes TEXT NOT NULL,
    allegations TEXT NOT NULL, referral_needed INTEGER NOT NULL, real_identity TEXT NOT NULL,
    UNIQUE (visit_id, code));

CREATE TABLE field_notes (
    id TEXT PRIMARY KEY, visit_id TEXT NOT NULL REFERENCES visits(id),
    title TEXT NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX field_notes_visit ON field_notes(visit_id);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY, visit_id TEXT REFERENCES visits(id),
    caption TEXT NOT NULL, filename TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL,
    sha256 TEXT NOT NULL, include_in_export INTEGER NOT NULL);
CREATE TABLE attachment_blobs (
    attachment_id TEXT PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
    data BLOB NOT NULL);

CREATE TABLE findings (
    id TEXT PRIMARY KEY, visit_id TEXT NOT NULL REFERENCES visits(id),
    area TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, triangulated INTEGER NOT NULL);
CREATE INDEX findings_visit ON findings(visit_id);
CREATE TABLE finding_interviews (
    finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, target_id));
CREATE TABLE finding_notes (
    finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES field_notes(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, target_id));
CREATE TABLE finding_attachments (
    finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, target_id));

CREATE TABLE recommendations (
    id TEXT PRIMARY KEY, visit_id TEXT NOT NULL REFERENCES visits(id),
    text TEXT NOT NULL, authority TEXT NOT NULL, level TEXT NOT NULL, priority TEXT NOT NULL,
    deadline TEXT NOT NULL, status TEXT NOT NULL, area TEXT NOT NULL);
CREATE INDEX recommendations_visit ON recommendations(visit_id);
CREATE INDEX recommendations_status ON recommendations(status, authority);
CREATE TABLE recommendation_findings (
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    PRIMARY KEY (recommendation_id, target_id));
CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL,
    visit_id TEXT REFERENCES visits(id));

CREATE TABLE reports (
    id TEXT PRIMARY KEY, visit_id TEXT NOT NULL REFERENCES visits(id),
    title TEXT NOT NULL, kind TEXT NOT NULL, template TEXT NOT NULL, number TEXT NOT NULL,
    state TEXT NOT NULL, classification TEXT NOT NULL);
CREATE INDEX reports_visit ON reports(visit_id);

CREATE TABLE sections (
    id TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    title TEXT NOT NULL, position INTEGER NOT NULL,
    parent_id TEXT REFERENCES sections(id) ON DELETE CASCADE,
    key TEXT NOT NULL, discipline TEXT NOT NULL, guidance TEXT NOT NULL, body TEXT NOT NULL,
    state TEXT NOT NULL, required INTEGER NOT NULL);
CREATE INDEX sections_report ON sections(report_id, position);
CREATE TABLE section_authors (
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES team_members(id),
    PRIMARY KEY (section_id, target_id));

CREATE TABLE revisions (
    id TEXT PRIMARY KEY, section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    number INTEGER NOT NULL, body TEXT NOT NULL, body_sha256 TEXT NOT NULL,
    author_id TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (section_id, number));

CREATE TABLE audit (
    seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL,
    action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);

CREATE VIRTUAL TABLE search_index USING fts5(
    entity UNINDEXED, entity_id UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);

-- Which search_index row holds a record's text: entity and entity_id are UNINDEXED in FTS5,
-- so finding a record's row by them would scan the whole index on every save.
CREATE TABLE search_rows (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, doc INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (entity, entity_id)) WITHOUT ROWID;

CREATE TABLE member_keys (
    member_id TEXT PRIMARY KEY REFERENCES team_members(id) ON DELETE CASCADE,
    sign_public TEXT NOT NULL, box_public TEXT NOT NULL, fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL);

CREATE TABLE member_private_keys (
    member_id TEXT PRIMARY KEY REFERENCES team_members(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('raw', 'wrapped')), material TEXT NOT NULL);

CREATE TABLE rosters (
    version INTEGER PRIMARY KEY, body TEXT NOT NULL, signer_fingerprint TEXT NOT NULL,
    signature TEXT NOT NULL, created_at TEXT NOT NULL);

CREATE TABLE signatures (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, target_id TEXT NOT NULL, decision TEXT NOT NULL,
    statement TEXT NOT NULL, signer_fingerprint TEXT NOT NULL, signature TEXT NOT NULL,
    void INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE INDEX signatures_target ON signatures(target_id);

CREATE TABLE observations (
    id TEXT PRIMARY KEY, section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES observations(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL, revision INTEGER NOT NULL, quote TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, body TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0, signature_id TEXT, created_at TEXT NOT NULL);
CREATE INDEX observations_section ON observations(section_id);

-- Packages taken in from other laptops (services/package_import.py).
CREATE TABLE package_imports (
    package_id TEXT PRIMARY KEY, kind TEXT NOT NULL, sender_id TEXT NOT NULL, scope TEXT NOT NULL,
    created_at TEXT NOT NULL, imported_at TEXT NOT NULL, summary TEXT NOT NULL);

-- Signatures that arrived in a package: their audit_head points into the sender's bitácora.
CREATE TABLE package_signatures (
    signature_id TEXT PRIMARY KEY REFERENCES signatures(id) ON DELETE CASCADE,
    package_id TEXT NOT NULL);

-- Two divergent edits of one section: the local text stays, the incoming one waits here.
CREATE TABLE section_conflicts (
    id TEXT PRIMARY KEY, section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    package_id TEXT NOT NULL, sender_id TEXT NOT NULL, incoming_body TEXT NOT NULL,
    incoming_revisions TEXT NOT NULL, local_revision INTEGER NOT NULL, created_at TEXT NOT NULL,
    resolved_at TEXT, resolution TEXT);
CREATE INDEX section_conflicts_section ON section_conflicts(section_id);

CREATE TABLE section_checks (
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    PRIMARY KEY (section_id, question));
"""

# v2: the recommendation as a tracked record (issue 16). The table is rebuilt because visit_id
# becomes optional (another body's recommendation has no visit); its old rows are set aside in
# plain tables first and the children dropped before the parent, so no ON DELETE CASCADE fires.
# The overwritten status and the follow-ups become the dated status history (_history_v2).
# A revision also says where its text came from (origin: «importado de FILE.docx», issue 19).
# The letters (oficios) sent to the authorities are recorded in `letters` (issue 16).
V2 = """
ALTER TABLE revisions ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE TABLE m2_recommendations AS SELECT * FROM recommendations;
CREATE TABLE m2_recommendation_findings AS SELECT * FROM recommendation_findings;
CREATE TABLE m2_follow_ups AS SELECT * FROM follow_ups;
DROP TABLE follow_ups;
DROP TABLE recommendation_findings;
DROP TABLE recommendations;

CREATE TABLE recommendations (
    id TEXT PRIMARY KEY, visit_id TEXT REFERENCES visits(id),
    text TEXT NOT NULL, authority TEXT NOT NULL, level TEXT NOT NULL, priority TEXT NOT NULL,
    deadline TEXT NOT NULL, status TEXT NOT NULL, area TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'mnpt', source_ref TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL DEFAULT '',
    repeats_id TEXT REFERENCES recommendations(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    place_id TEXT REFERENCES places(id), place_kind TEXT NOT NULL DEFAULT '',
    population_groups TEXT NOT NULL DEFAULT '[]');
CREATE INDEX recommendations_visit ON recommendations(visit_id);
CREATE INDEX recommendations_status ON recommendations(status, authority);
CREATE INDEX recommendations_repeats ON recommendations(repeats_id);
CREATE INDEX recommendations_place ON recommendations(place_id);
CREATE TABLE recommendation_findings (
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    PRIMARY KEY (recommendation_id, target_id));

CREATE TABLE authority_responses (
    id TEXT PRIMARY KEY, authority TEXT NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL,
    reference TEXT NOT NULL, means TEXT NOT NULL,
    attachment_id TEXT REFERENCES attachments(id));
CREATE INDEX authority_responses_date ON authority_responses(date);
CREATE TABLE response_recommendations (
    response_id TEXT NOT NULL REFERENCES authority_responses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    PRIMARY KEY (response_id, target_id));
CREATE INDEX response_recommendations_target ON response_recommendations(target_id);
CREATE TABLE response_commitments (
    response_id TEXT NOT NULL REFERENCES authority_responses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, id TEXT PRIMARY KEY, text TEXT NOT NULL, due_date TEXT NOT NULL,
    recommendation_id TEXT REFERENCES recommendations(id) ON DELETE SET NULL);

-- response_id is deferred: a dump or package brings a recommendation before the response
-- that names it, and the response's links name the recommendation.
CREATE TABLE status_changes (
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, id TEXT PRIMARY KEY, date TEXT NOT NULL, status TEXT NOT NULL,
    reason TEXT NOT NULL, basis TEXT NOT NULL, visit_id TEXT REFERENCES visits(id),
    response_id TEXT REFERENCES authority_responses(id) DEFERRABLE INITIALLY DEFERRED,
    actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX status_changes_recommendation ON status_changes(recommendation_id, position);

CREATE TABLE letters (
    id TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id),
    authority TEXT NOT NULL, written_on TEXT NOT NULL, response_due TEXT NOT NULL,
    reference TEXT NOT NULL, sent_on TEXT NOT NULL, means TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE INDEX letters_due ON letters(response_due);
CREATE INDEX letters_report ON letters(report_id);
CREATE TABLE letter_recommendations (
    letter_id TEXT NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    target_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    PRIMARY KEY (letter_id, target_id));
CREATE INDEX letter_recommendations_target ON letter_recommendations(target_id);

INSERT INTO recommendations (id, visit_id, text, authority, level, priority, deadline, status, area)
    SELECT id, visit_id, text, authority, level, priority, deadline, status, area
    FROM m2_recommendations;
INSERT INTO recommendation_findings SELECT recommendation_id, position, target_id
    FROM m2_recommendation_findings
"""


def _history_v2(conn) -> None:
    """Old status and follow-ups as history entries (domain/tracking.migrated_history)."""
    follow_ups: dict[str, list] = {}
    for rec_id, fid, day, status, note, visit_id in conn.execute(
            "SELECT recommendation_id, id, date, status, note, visit_id FROM m2_follow_ups "
            "ORDER BY recommendation_id, position"):
        follow_ups.setdefault(rec_id, []).append(
            {"id": fid, "date": day, "status": status, "note": note, "visit_id": visit_id})
    rows = conn.execute("SELECT r.id, r.status, v.start_date FROM m2_recommendations r "
                        "JOIN visits v ON v.id = r.visit_id").fetchall()
    for rec_id, status, issued in rows:
        entries = tracking.migrated_history(rec_id, status, issued, follow_ups.get(rec_id, []))
        for position, e in enumerate(entries):
            conn.execute(
                "INSERT INTO status_changes (recommendation_id, position, id, date, status, reason, "
                "basis, visit_id, response_id, actor_id, actor_name, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', '')",
                (rec_id, position, e.id, e.date, e.status, e.reason, e.basis, e.visit_id))
        conn.execute("UPDATE recommendations SET status = ?, issued_on = ? WHERE id = ?",
                     (entries[-1].status, issued, rec_id))
    for table in ("m2_follow_ups", "m2_recommendation_findings", "m2_recommendations"):
        conn.execute(f"DROP TABLE {table}")


# v3: a report may belong to no visit: the annual report (kind "anual") belongs to a `year`
# (issue 16). SQLite cannot drop NOT NULL in place, so `reports` is rebuilt the way SQLite
# documents (a new table, the rows copied, the old one dropped, the new one renamed), which is
# only safe with foreign keys off: with them on, dropping the old table would cascade into every
# section (and their revisions, observations…) and refuse because of the letters. `prepare` runs
# migrations with foreign keys off and checks them all before committing; this step refuses to
# run otherwise. The children's REFERENCES reports(id) name the table, so they hold again once
# the new one has the name.
V3 = """
CREATE TABLE m3_reports (
    id TEXT PRIMARY KEY, visit_id TEXT REFERENCES visits(id),
    title TEXT NOT NULL, kind TEXT NOT NULL, template TEXT NOT NULL, number TEXT NOT NULL,
    state TEXT NOT NULL, classification TEXT NOT NULL, year INTEGER);
INSERT INTO m3_reports (id, visit_id, title, kind, template, number, state, classification)
    SELECT id, visit_id, title, kind, template, number, state, classification FROM reports;
DROP TABLE reports;
ALTER TABLE m3_reports RENAME TO reports;
CREATE INDEX reports_visit ON reports(visit_id)
"""


def _reports_v3(conn) -> None:
    """V3; a new file (no reports yet) is made with foreign keys on, and nothing can cascade."""
    if conn.execute("PRAGMA foreign_keys").fetchone()[0] and \
            conn.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None:
        raise RuntimeError("schema 3 rebuilds reports: foreign keys must be off")
    _run_script(conn, V3)


# v4: a letter is either an oficio or a draft report sent to one authority for factual
# corrections (issue 16: `kind`), and a draft's reply is kept on it (`reply_*`, its document an
# encrypted attachment). Letters enter the search index, so the ones already written are indexed.
V4 = """
ALTER TABLE letters ADD COLUMN kind TEXT NOT NULL DEFAULT 'oficio';
ALTER TABLE letters ADD COLUMN reply_on TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN reply_text TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN reply_attachment_id TEXT REFERENCES attachments(id)
"""


def _index_letters_v4(conn) -> None:
    spec = records.spec_of(model.Letter)
    for letter in records.select(conn, model.Letter):
        search.index(conn, spec, letter)


# v5: a section's autosave leaves its text to be indexed later (storage/search.py: the search
# index is brought up to date before every search); `search_stale` names the records waiting.
V5 = """
CREATE TABLE search_stale (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)) WITHOUT ROWID
"""

MIGRATIONS: dict[int, object] = {1: V1, 2: (V2, _history_v2), 3: _reports_v3, 4: (V4, _index_letters_v4),
                                 5: V5}
CURRENT_VERSION = max(MIGRATIONS)


def set_meta(conn, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def create(conn, kdf_version: int) -> None:
    for version in sorted(MIGRATIONS):
        _run_step(conn, MIGRATIONS[version])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    set_meta(conn, "schema_version", str(CURRENT_VERSION))
    set_meta(conn, "kdf_version", str(kdf_version))
    set_meta(conn, "case_id", str(uuid.uuid4()))
    set_meta(conn, "created_at", now_utc())


def _run_step(conn, step) -> None:
    """A migration is SQL, a function over the connection, or SQL and then a function for what
    SQL cannot say (the same transaction)."""
    if callable(step):
        step(conn)
        return
    script, then = step if isinstance(step, tuple) else (step, None)
    _run_script(conn, script)
    if then is not None:
        then(conn)


def _run_script(conn, script: str) -> None:
    """Run statements one by one so they join the caller's transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def prepare(case, before_migration) -> None:
    """Check the schema version and bring the file forward if it is older."""
    rows = case.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchall()
    if not rows:
        raise NotACaseFile(name=case.path.name)
    version = int(case.meta("schema_version") or 0)
    if version > CURRENT_VERSION:
        raise CaseFileTooNew()
    if version == CURRENT_VERSION:
        return
    if before_migration is not None:
        before_migration(case)
    # Foreign keys off while tables are rebuilt (SQLite's own procedure for schema changes; the
    # pragma cannot change inside a transaction), every one checked before the commit.
    case.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with case.transaction():
            for step in range(version + 1, CURRENT_VERSION + 1):
                _run_step(case.conn, MIGRATIONS[step])
            if case.conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise DamagedCaseFile()
            set_meta(case.conn, "schema_version", str(CURRENT_VERSION))
    finally:
        case.conn.execute("PRAGMA foreign_keys = ON")
