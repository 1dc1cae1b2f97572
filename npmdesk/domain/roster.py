"""The signed roster as data, and the check of its chain of versions (pure, no storage)."""

from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain.audit import GENESIS
from npmdesk.errors import InvalidRoster
from npmdesk.i18n import _

ROSTER_FORMAT = "npmdesk-nomina/1"


@dataclass
class Roster:
    version: int
    members: dict  # member id -> {'name', 'discipline', 'role', 'sign_public', 'box_public', 'fingerprint'}

    def by_fingerprint(self, fingerprint: str) -> tuple[str, dict] | None:
        for member_id, entry in self.members.items():
            if entry["fingerprint"] == fingerprint:
                return member_id, entry
        return None

    def role(self, member_id: str) -> str | None:
        entry = self.members.get(member_id)
        return entry["role"] if entry else None


def roster_problem(reason: str) -> InvalidRoster:
    return InvalidRoster(reason, reason=reason)


def verify_chain(chain: list[dict], trusted_root: str | None = None) -> list[Roster]:
    """Every roster version checked in order; InvalidRoster at the first one that fails.

    `trusted_root`, when given, is the first director's fingerprint as confirmed out of band.
    """
    verified: list[Roster] = []
    previous_hash = GENESIS
    for expected, link in enumerate(chain, start=1):
        body, signer, signature = link.get("body"), link.get("signer"), link.get("signature")
        if not isinstance(body, dict) or body.get("version") != expected:
            raise roster_problem(_("falta la versión {version}").format(version=expected))
        if body.get("previous") != previous_hash:
            raise roster_problem(_("la versión {version} no sigue a la anterior").format(version=expected))
        members = body.get("members")
        if not isinstance(members, dict):
            raise roster_problem(_("la versión {version} no tiene integrantes").format(version=expected))
        authority = Roster(expected, members) if expected == 1 else verified[-1]
        found = authority.by_fingerprint(signer or "")
        if found is None or found[1].get("role") != "director":
            raise roster_problem(_("la versión {version} no está firmada por una directora o un director")
                           .format(version=expected))
        if expected == 1 and trusted_root is not None and signer != trusted_root:
            raise roster_problem(_("la primera versión no está firmada por la dirección reconocida"))
        if not crypto_keys.verify(found[1]["sign_public"], body, signature or ""):
            raise roster_problem(_("la firma de la versión {version} no es válida").format(version=expected))
        verified.append(Roster(expected, members))
        previous_hash = digest(body)
    return verified
