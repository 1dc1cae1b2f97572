"""The signed roster as data, and the check of its chain of versions (pure, no storage)."""

from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain import vocabulary
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


@dataclass(frozen=True)
class RosterChange:
    """One difference between the signed roster and the version about to be signed.

    kind: "alta" (joins), "baja" (leaves), "rol" (role changes), "claves" (new keys),
    "datos" (name or discipline changes); before/after are role or discipline codes or names.
    """
    member_id: str
    name: str
    kind: str
    before: str = ""
    after: str = ""


def changes(signed: Roster | None, proposed: dict) -> list[RosterChange]:
    """What signing `proposed` (member id -> entry) would change against `signed`, by name."""
    old = signed.members if signed else {}
    found: list[RosterChange] = []
    for member_id in sorted(set(old) | set(proposed),
                            key=lambda m: (proposed.get(m) or old.get(m))["name"].casefold()):
        before, after = old.get(member_id), proposed.get(member_id)
        if before is None:
            found.append(RosterChange(member_id, after["name"], "alta", after=after["role"]))
            continue
        if after is None:
            found.append(RosterChange(member_id, before["name"], "baja", before=before["role"]))
            continue
        if before["role"] != after["role"]:
            found.append(RosterChange(member_id, after["name"], "rol", before["role"], after["role"]))
        if before["fingerprint"] != after["fingerprint"]:
            found.append(RosterChange(member_id, after["name"], "claves", before["fingerprint"],
                                      after["fingerprint"]))
        for field in ("name", "discipline"):
            if before.get(field) != after.get(field):
                found.append(RosterChange(member_id, after["name"], "datos", before.get(field, ""),
                                          after.get(field, "")))
    return found


def describe_change(change: RosterChange) -> str:
    """One sentence for a person reading what a new roster version changes."""
    def role(code):
        return _(vocabulary.ROLES.get(code, code))
    if change.kind == "alta":
        return _("Entra {name}, como {role}.").format(name=change.name, role=role(change.after))
    if change.kind == "baja":
        return _("Sale {name} (era {role}).").format(name=change.name, role=role(change.before))
    if change.kind == "rol":
        return _("{name}: rol de {before} a {after}.").format(name=change.name, before=role(change.before),
                                                           after=role(change.after))
    if change.kind == "claves":
        return _("{name}: claves nuevas (huella {after}).").format(name=change.name, after=change.after)
    before = _(vocabulary.DISCIPLINES.get(change.before, change.before))
    after = _(vocabulary.DISCIPLINES.get(change.after, change.after))
    return _("{name}: «{before}» pasa a «{after}».").format(name=change.name, before=before, after=after)
