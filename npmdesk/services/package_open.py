"""Opening an authenticated package: decrypting it for the person working, and checking a roster it carries.

services/package_auth.py has checked the sender's signature first; only then is the
content key unwrapped (RFC 9180 HPKE), checked against the signed commitment, and the
payload decrypted and inflated up to the size the signed header declares.
"""

from dataclasses import dataclass

from npmdesk.crypto import package as sealing
from npmdesk.domain.roster import verify_chain
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.services import identity, package_auth, roster as rosters
from npmdesk.services.session import Session


@dataclass
class Opened:
    header: dict
    payload: dict
    chain: list          # the roster chain a 'nomina' package brings; [] for other kinds
    sender_name: str     # as the roster names the sender


def decrypt(session: Session, sealed: sealing.Sealed) -> dict:
    keys = identity.signing_keys(session, session.actor)
    try:
        return sealing.open_for(sealed, session.actor.id, keys.box_private)
    except sealing.PackageFormatError as exc:
        raise package_auth.refusal(exc) from exc


def _incoming_chain(payload: dict) -> tuple[list, object]:
    chain = payload.get("roster")
    try:
        verified = verify_chain(chain) if isinstance(chain, list) and chain else None
    except (NpmdeskError, AttributeError, TypeError, KeyError):
        verified = None
    if not verified:
        raise package_auth.refused(_("la nómina que contiene no es válida"))
    return chain, verified[-1]


def open_package(session: Session, sealed: sealing.Sealed) -> Opened:
    """The package's header and payload once addressee, case, sender and signature hold."""
    checked = package_auth.authenticate(session, sealed)
    h = checked.header
    payload = decrypt(session, sealed)
    chain: list = []
    authority = rosters.current(session)
    if h["kind"] == "nomina":
        chain, newest = _incoming_chain(payload)
        if checked.sender is None:  # a first roster: its own chain is all there is to check it with
            package_auth.check_sender(sealed, newest.members.get(h["sender_id"]))
            authority = newest
    return Opened(h, payload, chain, package_auth.sender_name(authority, h))
