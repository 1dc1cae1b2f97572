"""The exchange folder: which package files in it are for this person, new, and acceptable at a glance.

Only package headers are read (they travel in clear and hold no case content); nothing is
decrypted and nothing is written. A file counts once it is complete and settled: its size
is what its own header announces, and it has not changed for a couple of seconds (or since
the previous look, for shares whose clocks differ). A copier that sets the final size first
and fills it in afterwards is therefore not caught half-way; a package still being copied
or synchronised is left for a later look. Packages for someone else, recovery escrows and packages already imported
are passed over in silence. What the header already shows would be refused (damaged, from
a newer or older npmdesk, from someone not on the roster, from another case file, older
than one already imported) is
offered with its one-line reason, and so is a package whose signature does not verify with
the sender's key from the roster (checked over the whole file, still without decrypting
it). The full check happens when the person imports it.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto import package as sealing
from npmdesk.errors import PackageRefused
from npmdesk.i18n import _
from npmdesk.services.exchange import package_auth
from npmdesk.services.team import roster as rosters
from npmdesk.services.session import Session
from npmdesk.storage import package_store

PATTERN = "*.npmpaq"
SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Offered:
    path: Path
    package_id: str     # '' when the header could not be read
    kind: str
    sender: str
    created_at: str
    problem: str = ""   # why it would be refused; '' when it can be imported


@dataclass
class Scan:
    folder: Path
    missing: bool = False                            # the folder is not there (or not reachable)
    offered: list[Offered] = field(default_factory=list)
    incomplete: int = 0                              # files still arriving
    stats: dict[str, tuple] = field(default_factory=dict)  # path -> (size, mtime) at this look

    @property
    def importable(self) -> list[Offered]:
        return [item for item in self.offered if not item.problem]


_verified: dict[tuple, bool] = {}
"""Signature checks already made, by (path, size, modification time, key): a rescan re-reads nothing."""


def _signed_by(path: Path, sign_public: str) -> bool:
    """Whether the whole file verifies with the sender's key from the roster (no decryption)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns, sign_public)
        if key not in _verified:
            if len(_verified) > 1000:
                _verified.clear()
            _verified[key] = sealing.verify(sealing.parse(path.read_bytes()), sign_public)
        return _verified[key]
    except (OSError, sealing.PackageFormatError):
        return False


def _problem(session: Session, path: Path, h: dict, current) -> str:
    """The reason the header alone shows this package would be refused, or ''."""
    if h["kind"] == "expediente":
        return _("es un expediente completo; se abre como expediente nuevo "
                 "(npmdesk package import-case)")
    if h["kind"] != "nomina" or current is not None:  # a first roster is checked once opened
        entry = current.members.get(h["sender_id"]) if current else None
        if entry is None or entry["fingerprint"] != h["sender_fingerprint"]:
            return _("quien lo envía no figura en la nómina firmada de este expediente")
        if not _signed_by(path, entry["sign_public"]):
            return _("la firma no es válida; el paquete fue alterado")
        try:
            package_auth.check_case(session, h)
        except PackageRefused as exc:
            return _reason(exc)
    with session.case.lock:
        newest = package_store.newest_import(session.case.conn, h["sender_id"], h["kind"], h["scope"])
    if newest is not None and newest > h["created_at"]:
        return _("es anterior a otro paquete de la misma persona ya importado")
    return ""


def _reason(exc: PackageRefused) -> str:
    return exc.fields.get("reason") or exc.message()


def _look(session: Session, path: Path, current, settled: bool = True) -> tuple[bool, Offered | None]:
    """(complete, what to show): complete is False while the file is still arriving."""
    if not settled:
        return False, None
    try:
        header = package_auth.read_header(path)
    except PackageRefused as exc:
        return True, Offered(path, "", "", "", "", _reason(exc))
    except OSError:
        return False, None  # vanished, or locked by the program writing it: look again later
    if header is None:
        return False, None
    if not package_auth.addressed_to(header, session.actor.id):
        return True, None
    h = header
    with session.case.lock:
        if package_store.imported(session.case.conn, h["package_id"]):
            return True, None
    return True, Offered(path, h["package_id"], h["kind"], package_auth.sender_name(current, h),
                         h["created_at"], _problem(session, path, h, current))


def scan(session: Session, folder, previous: dict | None = None, settle: float = SETTLE_SECONDS) -> Scan:
    """Every package file in `folder` worth showing to the person working in `session`.

    `previous` is the `stats` of the previous look; a file unchanged since then, or untouched
    for `settle` seconds, is settled.
    """
    result = Scan(Path(folder))
    previous = previous or {}
    now = time.time()
    try:
        if not result.folder.is_dir():
            result.missing = True
            return result
        paths = sorted(p for p in result.folder.glob(PATTERN) if p.is_file())
    except OSError:  # a network share that went away while being listed
        result.missing = True
        return result
    current = rosters.current(session)
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        key = (stat.st_size, stat.st_mtime_ns)
        result.stats[str(path)] = key
        settled = previous.get(str(path)) == key or now - stat.st_mtime >= settle
        complete, item = _look(session, path, current, settled)
        if not complete:
            result.incomplete += 1
        elif item is not None:
            result.offered.append(item)
    result.offered.sort(key=lambda item: (bool(item.problem), item.created_at, item.path.name))
    return result
