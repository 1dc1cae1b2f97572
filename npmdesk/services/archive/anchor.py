"""Bitácora anchors: the chain head (count + hash) signed by a person, kept outside the file.

The hash chain alone shows an edited or deleted entry but not a cut-off tail or a
rolled-back copy. An anchor taken earlier (printed, e-mailed, kept in an archive bundle)
shows both: the file must still hold at least as many entries, chaining from the first one
to the anchored position, where the hash must be the anchored one (domain/audit.anchor_break,
shared with the archive bundle's check).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from npmdesk.domain.approvals import ANCHOR_PROBLEMS, check_anchor
from npmdesk.domain.audit import anchor_break, short_code
from npmdesk.domain.model import now_utc
from npmdesk.domain.roster import verify_chain
from npmdesk.errors import MalformedImport, NpmdeskError
from npmdesk.export import spanish
from npmdesk.export.safe_file import write_atomic
from npmdesk.i18n import N_, _, es_
from npmdesk.services.team import trust
from npmdesk.services.review import actions as review
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, review_store

ANCHOR_FORMAT = "npmdesk-ancla/1"



class AnchorNotWritten(NpmdeskError):
    template = N_("No se pudo guardar el ancla: {reason}")


def may_anchor(session: Session) -> str:
    """Why the acting person may not sign an anchor ("" when they may), as make_anchor decides."""
    try:
        review.authorise(session, session.actor, "anclar", False)
    except NpmdeskError as refused:
        return refused.message()
    return ""


def make_anchor(session: Session, as_member: str | None = None) -> dict:
    """The current chain head, signed by the acting person; also recorded in the bitácora."""
    member = review.acting_member(session, as_member)
    current, entry, keys = review.authorise(session, member, "anclar", False)
    with session.case.transaction() as conn:
        count, head_hash = audit_log.head(conn)
        body = {"format": ANCHOR_FORMAT, "case_id": session.case.meta("case_id"), "count": count,
                "hash": head_hash, "signer": entry["fingerprint"], "signer_id": member.id,
                "signed_at": now_utc(), "roster_version": current.version}
        audit_log.append(conn, member.id, member.name, "anclar_bitacora", "audit", str(count), head_hash)
    return {"statement": body, "signature": keys.sign(body)}


def write_anchor(anchor: dict, path) -> Path:
    """Write the anchor file whole or not at all (a temporary file beside it, then replace)."""
    try:
        return write_atomic(path, json.dumps(anchor, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as error:
        raise AnchorNotWritten(type(error).__name__, reason=error.strerror or type(error).__name__) from None


def printed_code(head_hash: str) -> str:
    """The bitácora head as a document prints it: its short code joined by non-breaking
    hyphens (U+2011: '3f2a‑91c0‑77b4‑e1d2‑0a5f‑88c1', never cut at a line's end), a shape no
    fingerprint or root code has, so the document's line is found again
    (export/readback.printed_anchor)."""
    return short_code(head_hash).replace(" ", "\u2011")


def anchor_note(statement: dict, signer_name: str) -> str:
    """The line a document prints for a signed anchor (on its integrity page)."""
    return es_("Bitácora del expediente: {count} entradas al exportar; código de control {code}. Ancla firmada "
               "por {name} (huella {fingerprint}) el {date}.").format(
        count=spanish.number(statement["count"]), code=printed_code(statement["hash"]), name=signer_name,
        fingerprint=statement["signer"], date=spanish.long_date(statement["signed_at"][:10]))


def document_note(session: Session) -> str:
    """The anchor line for a document leaving the file now: signed (and recorded in the
    bitácora) when the exporting person may sign one, else the bare count and hash."""
    if not may_anchor(session):
        taken = make_anchor(session)
        return anchor_note(taken["statement"], session.actor.name)
    with session.case.lock:
        count, head_hash = audit_log.head(session.case.conn)
    return es_("Bitácora del expediente: {count} entradas al exportar; código de control {code}. Sin firma: "
               "quien exportó no tiene una clave de firma en la nómina del equipo.").format(
        count=spanish.number(count), code=printed_code(head_hash))


def root_note(session: Session) -> str:
    """The line a document prints for the institutional root of its signatures ("" without a roster)."""
    with session.case.lock:
        stored = review_store.rosters(session.case.conn)
    if not stored:
        return ""
    newest = verify_chain(stored, trust.pinned(session) or None)[-1]
    return es_("Código de la dirección (raíz institucional de las firmas): {code}, de {name}. Compárelo con "
               "el de la hoja de recuperación o con la dirección antes de fiarse de las firmas.").format(
        code=newest.root_code, name=newest.root_name)


def read_anchor(path) -> dict:
    try:
        anchor = json.loads(Path(path).read_text(encoding="utf-8"))
        body = anchor["statement"]
        if body.get("format") != ANCHOR_FORMAT or not isinstance(anchor["signature"], str):
            raise ValueError("format")
        int(body["count"]), str(body["hash"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MalformedImport("bad anchor", reason=_("no es un ancla de bitácora")) from exc
    return anchor


def verify_anchor(session: Session, anchor: dict) -> list[str]:
    """Sentences describing every way the case file departs from the anchor; empty when it holds."""
    body = anchor["statement"]
    with session.case.lock:
        chain = verify_chain(review_store.rosters(session.case.conn), trust.pinned(session) or None)
    code, _found = check_anchor(chain, anchor, session.case.meta("case_id"))
    problems = [_(ANCHOR_PROBLEMS[code])] if code else []
    return problems + head_problems(session, int(body["count"]), str(body["hash"]))


def head_problems(session: Session, anchored: int, anchored_hash: str) -> list[str]:
    """How the bitácora departs from a (count, hash) taken earlier: cut off or rewritten; empty when it holds."""
    with session.case.lock:
        conn = session.case.conn
        count, _head = audit_log.head(conn)
        broken = anchor_break(audit_log.iterate(conn), count, anchored, anchored_hash)
    if broken is None:
        return []
    if broken[0] == "truncated":
        return [_(ANCHOR_PROBLEMS["truncated"]).format(count=count, anchored=anchored)]
    return [_(ANCHOR_PROBLEMS["rewritten"]).format(seq=broken[1])]


@dataclass(frozen=True)
class GivenAnchor:
    """An anchor to check: a signed anchor file, or the line printed in an exported document."""
    count: int
    hash: str  # the whole head hash, or the short code a document prints (domain/audit.matches)
    signed: dict | None  # the signed anchor; None for a document's printed line (no signature in it)
    signed_at: str = ""


def load(path) -> GivenAnchor:
    """Read an anchor file (.json) or the anchor printed in an exported Word document (.docx)."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        signed = read_anchor(path)
        body = signed["statement"]
        return GivenAnchor(int(body["count"]), str(body["hash"]), signed, str(body.get("signed_at", "")))
    try:
        from npmdesk.export import readback  # python-docx: loaded only to read a document
        printed = readback.printed_anchor(path)
    except ValueError as error:
        raise MalformedImport("bad document", reason=_("no es un documento Word legible")) from error
    if printed is None:
        raise MalformedImport("no anchor", reason=_("el documento no lleva impresa el ancla de la bitácora"))
    return GivenAnchor(printed[0], printed[1], None)


def verify_given(session: Session, given: GivenAnchor) -> list[str]:
    """verify_anchor for a signed anchor; for a document's line, the count and hash alone."""
    if given.signed is not None:
        return verify_anchor(session, given.signed)
    return head_problems(session, given.count, given.hash)


@dataclass
class AnchorStatus:
    """The bitácora head now, and the newest anchor someone signed (from its bitácora entry)."""
    count: int
    head_hash: str
    anchored_count: int | None = None
    anchored_by: str = ""
    anchored_at: str = ""

    @property
    def signed(self) -> bool:
        """Whether a signed anchor covers every entry but the anchoring entry itself."""
        return self.anchored_count is not None and self.count - self.anchored_count <= 1

    def lines(self) -> list[str]:
        out = [_("Ancla actual de la bitácora: {count} entradas, huella {hash}.")
               .format(count=self.count, hash=self.head_hash)]
        if self.anchored_count is None:
            out.append(_("Ninguna persona ha firmado todavía un ancla de esta bitácora."))
        elif self.signed:
            out.append(_("Firmada por {name} el {date}.").format(name=self.anchored_by, date=when(self.anchored_at)))
        else:
            out.append(_("Última ancla firmada: {anchored} entradas, por {name} el {date}; "
                         "{later} entradas posteriores no están firmadas.")
                       .format(anchored=self.anchored_count, name=self.anchored_by,
                               date=when(self.anchored_at), later=self.count - self.anchored_count))
        return out


def when(timestamp: str) -> str:
    """'2026-11-29T06:39:14.52+00:00' → '29 de noviembre de 2026 a las 06:39 UTC'."""
    if len(timestamp) < 16:
        return timestamp
    return _("{date} a las {time} UTC").format(date=spanish.long_date(timestamp), time=timestamp[11:16])


def status(session: Session) -> AnchorStatus:
    with session.case.lock:
        count, head_hash = audit_log.head(session.case.conn)
        anchors = audit_log.entries(session.case.conn, "WHERE action = ?", ("anclar_bitacora",))
    result = AnchorStatus(count, head_hash)
    if anchors:
        last = anchors[-1]
        result.anchored_count, result.anchored_by, result.anchored_at = int(last.entity_id), last.actor_name, last.ts
    return result
