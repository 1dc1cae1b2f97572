"""Opening an authenticated package: decrypting it for the person working, and checking a roster it carries.

services/package_auth.py has checked the sender's signature first (for a first roster, against
the root code a person typed); only then is the
content key unwrapped (RFC 9180 HPKE), checked against the signed commitment, and the
payload decrypted and inflated up to the size the signed header declares.
"""

from dataclasses import dataclass

from npmdesk.crypto import package as sealing
from npmdesk.domain.roster import RepinUnconfirmed, verify_chain
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import _
from npmdesk.services.exchange import package_auth
from npmdesk.services.session import Session
from npmdesk.services.team import identity, trust
from npmdesk.services.team import roster as rosters


@dataclass
class Opened:
    header: dict
    payload: dict
    chain: list          # the roster chain a 'nomina' package brings; [] for other kinds
    sender_name: str     # as the roster names the sender
    first_root: str = ""  # the root code to pin: this case file's first roster, confirmed by a person


def decrypt(session: Session, sealed: sealing.Sealed) -> dict:
    keys = identity.signing_keys(session, session.actor)
    try:
        return sealing.open_for(sealed, session.actor.id, keys.box_private)
    except sealing.PackageFormatError as exc:
        raise package_auth.refusal(exc) from exc


def incoming_roster(session: Session, chain, director_code: str | None) -> tuple[list, str]:
    """(verified incoming chain, the root code to pin or ''). It must keep the root pinned here;
    the first roster of this case file needs the code a person typed (trust.RootUnconfirmed)."""
    pinned = trust.pinned(session)
    try:
        verified = verify_chain(chain) if isinstance(chain, list) and chain else None
    except (NpmdeskError, AttributeError, TypeError, KeyError):
        verified = None
    if not verified:
        raise package_auth.refused(_("la nómina que contiene no es válida"))
    mine = rosters.chain(session)
    if pinned or mine:  # it extends the roster here (an older case file may have no pin)
        try:
            trust.check_extension(session, verified, len(mine))
        except RepinUnconfirmed:
            raise  # a replacement of a lost root: a person confirms it, never an import
        except NpmdeskError:
            raise package_auth.refused(_("la nómina que contiene no parte de la raíz institucional de este expediente"))
        return verified, ""
    return verified, trust.confirm_first(verified, director_code)


def open_package(session: Session, sealed: sealing.Sealed, director_code: str | None = None) -> Opened:
    """The package's header and payload once addressee, case, sender and signature hold; a roster
    it brings must come from the root pinned here, or for a first roster from the root whose
    code a person typed (`director_code`)."""
    checked = package_auth.authenticate(session, sealed, director_code)
    h = checked.header
    payload = decrypt(session, sealed)
    chain: list = []
    first = ""
    authority = rosters.current(session)
    if h["kind"] == "nomina":
        chain = payload.get("roster")
        verified, first = incoming_roster(session, chain, director_code)
        if checked.sender is None:  # a first roster: its signer (the typed root) must be its director
            entry = verified[-1].members.get(h["sender_id"])
            if entry is None or entry["sign_public"] != checked.first_keys["sign_public"]:
                raise package_auth.refused(_("quien lo envía no figura en la nómina firmada de este expediente"))
            package_auth.check_sender(sealed, entry)
            authority = verified[-1]
    return Opened(h, payload, chain, package_auth.sender_name(authority, h), first)
