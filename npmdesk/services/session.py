"""An unlocked case file together with the person working in it."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto.kdf import KdfParams
from npmdesk.domain.richtext_cache import Sanitizer
from npmdesk.domain.model import TeamMember
from npmdesk.domain.validation import validate
from npmdesk.errors import NpmdeskError
from npmdesk.storage import audit_log, backup, records, schema, search
from npmdesk.storage.casefile import CaseFile

log = logging.getLogger(__name__)

KEY_GRACE_SECONDS = 120.0
"""How long a personal key (not the owner's) stays unlocked after its passphrase was typed."""
ACTION_GRACE_SECONDS = 5.0
"""A grace period of 0 minutes still leaves the key open this long: enough for the one action
that asked for the passphrase to sign (unlocking and signing run one after the other)."""


def grace_seconds(minutes: int) -> float:
    """The grace period a preference of `minutes` gives (0: only for the action at hand)."""
    return minutes * 60.0 if minutes > 0 else ACTION_GRACE_SECONDS


@dataclass
class Session:
    case: CaseFile
    actor: TeamMember
    # Signing keys unlocked in this session, by member id (services/team/identity.py).
    identities: dict = field(default_factory=dict, repr=False, compare=False)
    # When each personal key was unlocked (monotonic seconds), and for how long it stays usable.
    unlocked_at: dict = field(default_factory=dict, repr=False, compare=False)
    key_grace_seconds: float = KEY_GRACE_SECONDS
    # Section texts read before, so an autosave or a reopening reads only what changed
    # (domain/richtext_cache.py); case text, dropped on close.
    sanitizer: Sanitizer = field(default_factory=Sanitizer, repr=False, compare=False)
    # The disclosure watchlists built (services/archive/disclosure.watchlist), by visit id, with
    # the case file's state they were built on; names of interviewees, dropped on close.
    watchlists: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> Path:
        return self.case.path

    def update_index(self) -> None:
        """Index the section texts autosaved since the last search (storage/search.py), unless
        the session cannot write: its searches then read those texts as they are."""
        with self.case.lock:
            if self.case.read_only or not search.stale(self.case.conn):
                return
            with self.case.transaction() as conn:
                search.refresh(conn)

    def close(self) -> None:
        """Also when the session locks. The search index is brought up to date first; if that
        fails the marks stay in the file and the next opening does it."""
        try:
            if self.case.is_open:
                self.update_index()
        except Exception as exc:  # noqa: BLE001 - closing must go on: the key is wiped below
            log.warning("search index not brought up to date on closing: %s", type(exc).__name__)
        self.identities.clear()
        self.unlocked_at.clear()
        self.sanitizer.clear()
        self.watchlists.clear()
        self.case.close()


def create_case(path, passphrase: str, owner_name: str = "Titular del expediente",
                owner_discipline: str = "coordinacion", *,
                kdf_params: KdfParams | None = None, then=None) -> Session:
    """A new, empty case file whose first team member (the director) is its owner.

    `then(session)` writes more (the demonstration's content) before the file appears at `path`
    (storage/casefile.py builds it under a hidden name). `kdf_params`: see CaseFile.create (the
    test suite's fixtures only)."""
    owner = TeamMember(name=owner_name, discipline=owner_discipline, role="director")
    validate(owner)

    def fill(case: CaseFile) -> None:
        with case.transaction() as conn:
            records.save(conn, owner)
            schema.set_meta(conn, "owner_id", owner.id)
            audit_log.append(conn, owner.id, owner.name, "crear_expediente", "case",
                             case.meta("case_id"), "")
        if then is not None:
            then(Session(case, owner))

    # The owner is written before the file appears: no case file without its owner.
    return Session(CaseFile.create(path, passphrase, names=[owner_name], kdf_params=kdf_params,
                                   fill=fill), owner)


def open_case(path, passphrase: str, keep_backups: int = backup.DEFAULT_KEEP,
              defer_page_check: bool = False, read_only: bool = False) -> Session:
    """Unlock a case file; a backup is taken before any schema migration.

    With `defer_page_check` a large file's page check is left for later (the GUI runs it in
    the background; see CaseFile.open and `session.case.page_check_due`). Without `read_only`
    the session holds the file's writer lock (CaseFileInUse while another session does); a
    `read_only` one reads beside the writer and refuses every change with ReadOnlySession.
    """
    case = CaseFile.open(path, passphrase,
                         before_migration=lambda c: backup.backup(c, keep=keep_backups),
                         defer_page_check=defer_page_check, read_only=read_only)
    try:
        with case.transaction() as conn:
            owner = records.get(conn, TeamMember, case.meta("owner_id"))
        session = Session(case, owner)
        try:
            session.update_index()  # texts a killed session autosaved but never indexed
        except NpmdeskError as exc:  # a full disk: the file still opens; a search says why it cannot
            log.warning("search index not brought up to date on opening: %s", type(exc).__name__)
    except BaseException:
        case.close()
        raise
    return session
