"""The open JSON format of a whole case file: dump it, and import a dump into a new file.

A dump is PLAINTEXT: it holds interview notes and restricted real identities and
must be handled like the case file itself. The format is described for archivists
in docs/formato-json.md; the checks live in services/exchange/dump_check.py.
"""

import base64
import json
from pathlib import Path

from npmdesk import __version__
from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.errors import CaseFileExists, MalformedImport
from npmdesk.export import json_stream
from npmdesk.export.json_stream import Rows, Text
from npmdesk.export.safe_file import atomic_target, sweep_leftovers
from npmdesk.i18n import _
from npmdesk.services.drafting import spelling_words
from npmdesk.services.exchange import dump_review as transfer_review
from npmdesk.services.session import Session
from npmdesk.services.exchange.dump_check import (DATA_KEY, FORMAT, FORMAT_VERSION, META_KEYS, OPTIONAL_META_KEYS,
                                             check, fail)
from npmdesk.storage import audit_log, blobs, records, schema, search
from npmdesk.storage.casefile import CaseFile

MAX_DUMP_BYTES = 1024 * 1024 * 1024


def dump(session: Session) -> dict:
    """Every record, attachment byte, meta value, review row and bitácora entry of the case file."""
    with session.case.lock:
        return json_stream.materialize(_document(session.case))


def write_dump(session: Session, path) -> Path:
    """Write the dump as UTF-8 JSON and record the export (with the file's SHA-256) in the bitácora.

    The JSON is written record by record (rows fetched in batches), so memory does not grow
    with the case file; the bytes are those of json.dumps(dump(session), ensure_ascii=False,
    indent=1, sort_keys=True). Until it is complete it is a hidden temp file beside `path`,
    removed on any error; temps left by a killed dump are swept first.
    """
    path = Path(path)
    sweep_leftovers(path.parent)
    with session.case.lock, atomic_target(path, suffix=path.suffix) as handle:
        sha256 = json_stream.write(handle, _document(session.case))
    with session.case.transaction() as conn:
        audit_log.append(conn, session.actor.id, session.actor.name, "volcar_json", "case",
                         session.case.meta("case_id"), sha256)
    return path


def _document(case: CaseFile) -> dict:
    """The dump with its lists still to be read from the case file (json_stream.Rows)."""
    conn = case.conn
    words = spelling_words.words_of(case)
    return {**({"spelling_words": words} if words else {}),
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "generator": f"npmdesk {__version__}",
            "meta": {key: case.meta(key) for key in META_KEYS + OPTIONAL_META_KEYS if case.meta(key)},
            "records": {spec.name: Rows(_records(conn, spec)) for spec in records.SPECS},
            transfer_review.REVIEW_KEY: {table: Rows(transfer_review.rows(conn, table))
                                         for table in transfer_review.TABLES},
            "audit": Rows({c: getattr(entry, c) for c in audit_log.COLUMNS}
                          for entry in audit_log.iterate(conn))}


def _records(conn, spec: records.Spec):
    for record in records.iterate(conn, spec.cls, order="id"):
        item = records.as_dict(record)
        if spec.cls is model.Attachment:
            item[DATA_KEY] = Text(_base64(conn, record.id))
        yield item


def _base64(conn, attachment_id: str, block: int = 3 << 18):
    """base64 of an attachment's bytes in pieces of 1 MiB (a multiple of 3 bytes in, so no
    padding between); the bytes are read only when the first piece is wanted."""
    view = memoryview(blobs.get(conn, attachment_id))
    for start in range(0, len(view), block):
        yield base64.b64encode(view[start:start + block]).decode("ascii")


def _load(path_or_data):
    if isinstance(path_or_data, dict):
        return path_or_data
    path = Path(path_or_data)
    try:
        if path.stat().st_size > MAX_DUMP_BYTES:
            fail(_("el archivo es demasiado grande"))
        # Decoded as it is read: the bytes are freed before parsing (a quarter less at the peak).
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        fail(_("no es un archivo JSON válido"))
    except OSError:
        fail(_("no se puede leer el archivo"))
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        fail(_("no es un archivo JSON válido"))


def _no_constant(name):
    raise ValueError(name)


def import_dump(path_or_data, case_path, passphrase: str, also=None) -> Session:
    """A NEW case file holding everything in the dump, plus one 'importar' bitácora entry.

    All-or-nothing: any problem raises MalformedImport and leaves no file behind; a kill at any
    instant leaves no file at `case_path` or a complete one (storage/casefile.py builds it under
    a hidden name). `also(session)` writes more before the file appears (package imports); the
    errors it raises pass unchanged.
    """
    case_path = Path(case_path)
    if case_path.exists():
        raise CaseFileExists(name=case_path.name)
    checked = check(_load(path_or_data))
    owner = next(m for m in checked.records["team_member"] if m.id == checked.meta["owner_id"])

    def fill(case: CaseFile) -> None:
        try:
            _write(case, checked, owner)
        except MalformedImport:
            raise
        except Exception as exc:
            raise MalformedImport(type(exc).__name__,
                                  reason=_("sus datos no son coherentes entre sí")) from exc
        if also is not None:
            also(Session(case, owner))

    return Session(CaseFile.create(case_path, passphrase, fill=fill), owner)


def _write(case: CaseFile, checked, owner) -> None:
    with case.transaction() as conn:
        for key in ("case_id", "created_at", "owner_id", *OPTIONAL_META_KEYS):
            if key in checked.meta:
                schema.set_meta(conn, key, checked.meta[key])
        for spec in records.SPECS:
            for record in checked.records[spec.name]:
                records.save(conn, record)
                search.index(conn, spec, record)
                if spec.cls is model.Attachment:
                    blobs.put(conn, record.id, checked.blobs[record.id])
        transfer_review.insert(conn, checked.review)
        for entry in checked.audit:
            audit_log.insert(conn, entry)
        if checked.spelling_words:
            spelling_words.store(conn, checked.spelling_words)
        audit_log.append(conn, owner.id, owner.name, "importar", "case", checked.meta["case_id"],
                         digest({"entries": len(checked.audit),
                                 "head": checked.audit[-1].hash}))
