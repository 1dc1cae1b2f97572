"""The whole case file in a package: the JSON dump (records, review tables, bitácora), the
roster chain and public keys the importer checks the sender against, and, only when the
package is addressed to its sender, the owner's private keys (the dump never holds them).

Used to move to a new laptop (a package addressed to oneself) or to hand a case file to a
colleague (public material only); the institutional escrow is one too.
"""

from npmdesk.domain.roster import verify_chain
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.exchange import dump as transfer
from npmdesk.services.exchange import package_auth, package_open
from npmdesk.services.exchange.package_auth import refused
from npmdesk.services.team import trust
from npmdesk.services.session import Session
from npmdesk.storage import package_store, review_store


def payload(session: Session, sender, recipient_ids: tuple) -> dict:
    with session.case.lock:
        conn = session.case.conn
        keys = [list(r) for r in conn.execute(
            "SELECT member_id, sign_public, box_public, fingerprint FROM member_keys ORDER BY member_id")]
        chain = review_store.rosters(conn)
        private = {}
        if list(recipient_ids) == [sender.id] and session.case.meta("owner_id") == sender.id:
            stored = review_store.private(conn, sender.id)
            if stored is not None:
                private[sender.id] = list(stored)
    return {"dump": transfer.dump(session), "roster": chain, "member_keys": keys, "private_keys": private}


def import_case(session: Session, path, case_path, passphrase: str) -> Session:
    """A whole-case-file package opened with this case file's keys, written as a NEW case file
    that keeps this one's pinned root (its roster must come from that root)."""
    opened = package_open.open_package(session, package_auth.read(path))
    h, data = opened.header, opened.payload
    if h["kind"] != "expediente":
        raise refused(_("no es un paquete de expediente completo"))
    pinned = trust.pinned(session)
    check_contents(h, data, pinned)
    return materialise(h, data, case_path, passphrase, pinned)


def check_contents(h: dict, data: dict, root_code: str = "") -> list:
    """The verified roster chain of a whole-case-file payload whose dump is the case its header
    names; with `root_code`, the chain must start at that root."""
    dump = data.get("dump")
    if not isinstance(dump, dict) or not isinstance(dump.get("meta"), dict) \
            or dump["meta"].get("case_id") != h["case_id"]:
        raise refused(_("su contenido no es válido"))
    try:
        return verify_chain(data["roster"], root_code or None)
    except (NpmdeskError, KeyError, TypeError, AttributeError):
        raise refused(_("la nómina que contiene no es válida"))


def materialise(h: dict, data: dict, case_path, passphrase: str, root_code: str = "") -> Session:
    """Write an opened whole-case-file payload as a NEW case file; nothing is left on failure
    (it appears whole, keys and import record included, or not at all).
    `root_code`, already checked against the payload's roster, is pinned in the new file."""

    def also(moved: Session) -> None:
        try:
            with moved.case.transaction() as conn:
                for member_id, (kind, material) in data["private_keys"].items():
                    review_store.save_private(conn, member_id, kind, material)
                package_store.record_import(conn, h["package_id"], h["kind"], h["sender_id"],
                                            h["scope"], h["created_at"], {"kind": "expediente"})
                if root_code:
                    trust.pin(moved, root_code, conn)
        except Exception as exc:
            raise refused(_("sus datos no son coherentes entre sí"), type(exc).__name__) from exc

    return transfer.import_dump(data["dump"], case_path, passphrase, also=also)
