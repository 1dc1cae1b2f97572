"""The signed roster as data, and the check of its chain of versions (pure, no storage)."""

from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain import vocabulary
from npmdesk.domain.audit import GENESIS
from npmdesk.errors import InvalidRoster
from npmdesk.i18n import _

ROSTER_FORMAT = "npmdesk-nomina/1"
ROOT_ACCEPTANCE = "npmdesk-aceptacion-raiz/1"


@dataclass
class Roster:
    version: int
    members: dict  # member id -> {'name', 'discipline', 'role', 'sign_public', 'box_public', 'fingerprint'}
    root: str = ""        # fingerprint of the institutional root in force at this version
    root_code: str = ""   # the root's code (crypto.keys.safety_code), compared aloud
    root_name: str = ""

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


def entry_code(entry: dict) -> str:
    """The code of a roster entry's key pair (what a root is compared by)."""
    return crypto_keys.safety_code(bytes.fromhex(entry["sign_public"]), bytes.fromhex(entry["box_public"]))


def _check_keys(version: int, members: dict) -> None:
    """Each entry's fingerprint must be the one of its two keys (a swapped key shows)."""
    for entry in members.values():
        try:
            sign, box = bytes.fromhex(entry["sign_public"]), bytes.fromhex(entry["box_public"])
            matches = len(sign) == 32 and len(box) == 32 and \
                crypto_keys.fingerprint(sign, box) == entry["fingerprint"]
        except (KeyError, TypeError, ValueError, AttributeError):
            matches = False
        if not matches:
            raise roster_problem(_("la versión {version} tiene claves que no corresponden a su huella")
                                 .format(version=version))


def acceptance(version: int, previous_hash: str, root: str) -> dict:
    """What a new root signs to accept the role: the version that makes it root and the hash of
    every version before it, so that it vouches for the whole history."""
    return {"type": ROOT_ACCEPTANCE, "version": version, "previous": previous_hash, "root": root}


def _root_of(expected: int, body: dict, signer: str, previous: Roster | None) -> tuple[str, dict]:
    """(root fingerprint, its entry in this version). The root is version 1's signer; a change
    of root (body["root"] = {"fingerprint", "acceptance"}) is signed by the old root and
    accepted by the new one. The root stays a director in every version, so that it can
    always sign the next change."""
    change = body.get("root") if previous is not None else None
    wanted = signer if previous is None else (change.get("fingerprint") if isinstance(change, dict)
                                              else previous.root)
    found = Roster(expected, body["members"]).by_fingerprint(wanted if isinstance(wanted, str) else "")
    if previous is not None and wanted != previous.root:
        if signer != previous.root:
            raise roster_problem(_("la versión {version} cambia la raíz institucional sin la firma de la raíz "
                                   "anterior").format(version=expected))
        if found is None or not crypto_keys.verify(found[1]["sign_public"],
                                                   acceptance(expected, body["previous"], wanted),
                                                   str(change.get("acceptance") or "")):
            raise roster_problem(_("la versión {version} cambia la raíz institucional sin la firma de la raíz "
                                   "nueva").format(version=expected))
    if found is None or found[1].get("role") != "director":
        raise roster_problem(_("en la versión {version} la raíz institucional ya no es directora o director")
                             .format(version=expected))
    return wanted, found[1]


def verify_chain(chain: list[dict], trusted_root: str | None = None) -> list[Roster]:
    """Every roster version checked in order; InvalidRoster at the first one that fails.

    `trusted_root`, when given, is the code of the institutional root as confirmed out of band
    (crypto.keys.safety_code): the chain must have it as its root at some version.
    """
    verified: list[Roster] = []
    previous_hash = GENESIS
    for expected, link in enumerate(chain, start=1):
        if not isinstance(link, dict):
            raise roster_problem(_("falta la versión {version}").format(version=expected))
        body, signer, signature = link.get("body"), link.get("signer"), link.get("signature")
        if not isinstance(body, dict) or body.get("version") != expected:
            raise roster_problem(_("falta la versión {version}").format(version=expected))
        if body.get("previous") != previous_hash:
            raise roster_problem(_("la versión {version} no sigue a la anterior").format(version=expected))
        members = body.get("members")
        if not isinstance(members, dict) or not all(isinstance(e, dict) for e in members.values()):
            raise roster_problem(_("la versión {version} no tiene integrantes").format(version=expected))
        _check_keys(expected, members)
        authority = Roster(expected, members) if expected == 1 else verified[-1]
        found = authority.by_fingerprint(signer or "")
        if found is None or found[1].get("role") != "director":
            raise roster_problem(_("la versión {version} no está firmada por una directora o un director")
                           .format(version=expected))
        if not crypto_keys.verify(found[1]["sign_public"], body, signature or ""):
            raise roster_problem(_("la firma de la versión {version} no es válida").format(version=expected))
        root, root_entry = _root_of(expected, body, signer, verified[-1] if verified else None)
        verified.append(Roster(expected, members, root, entry_code(root_entry), root_entry.get("name", "")))
        previous_hash = digest(body)
    if trusted_root is not None and verified and not vouched(verified, trusted_root):
        raise roster_problem(_("no parte de la raíz institucional confirmada"))
    return verified


def vouched(verified: list[Roster], code: str) -> bool:
    """Whether `code` (as typed) is the root of the chain at some version.

    A later root countersigned the version that made it root, which names the hash of all
    the versions before: it vouches for the whole history, as the first root does.
    """
    digits = crypto_keys.code_digits(code)
    return len(digits) == crypto_keys.CODE_DIGITS and any(
        crypto_keys.code_digits(r.root_code) == digits for r in verified)


@dataclass(frozen=True)
class RosterChange:
    """One difference between the signed roster and the version about to be signed.

    kind: "alta" (joins), "baja" (leaves), "rol" (role changes), "claves" (new keys: either
    of the two, since the fingerprint covers both), "datos" (name or discipline changes),
    "raiz" (the institutional root passes to this person; before/after are the root codes);
    otherwise before/after are role or discipline codes or names.
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


def root_change(before: Roster | None, after: Roster) -> list[RosterChange]:
    """The change of institutional root between two verified versions, if there is one."""
    if before is None or before.root == after.root:
        return []
    member = after.by_fingerprint(after.root)
    return [RosterChange(member[0] if member else "", after.root_name, "raiz", before.root_code, after.root_code)]


def chain_changes(verified: list[Roster], since: int) -> list[RosterChange]:
    """Everything the versions after `since` change, version by version (what an import shows)."""
    found: list[RosterChange] = []
    for index in range(since, len(verified)):
        before = verified[index - 1] if index else None
        found += root_change(before, verified[index]) + changes(before, verified[index].members)
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
    if change.kind == "raiz":
        return _("CAMBIO DE RAÍZ INSTITUCIONAL: pasa a {name}, firmado por la raíz anterior. Código nuevo de "
                 "la dirección: {after} (antes {before}).").format(name=change.name, after=change.after,
                                                                    before=change.before)
    before = _(vocabulary.DISCIPLINES.get(change.before, change.before))
    after = _(vocabulary.DISCIPLINES.get(change.after, change.after))
    return _("{name}: «{before}» pasa a «{after}».").format(name=change.name, before=before, after=after)
