"""The signed roster as data, and the check of its chain of versions (pure, no storage)."""

from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain import vocabulary
from npmdesk.domain.audit import GENESIS
from npmdesk.errors import InvalidRoster
from npmdesk.i18n import N_, _

ROSTER_FORMAT = "npmdesk-nomina/1"
ROOT_ACCEPTANCE = "npmdesk-aceptacion-raiz/1"


@dataclass
class Roster:
    version: int
    members: dict  # member id -> {'name', 'discipline', 'role', 'sign_public', 'box_public', 'fingerprint'}
    root: str = ""        # fingerprint of the institutional root in force at this version
    root_code: str = ""   # the root's code (crypto.keys.safety_code), compared aloud
    root_name: str = ""
    repinned: bool = False  # this version replaced a root whose key was lost, without its signature

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


class RepinUnconfirmed(InvalidRoster):
    """A version replaces the institutional root without the old root's signature (its key was
    lost) and nobody at this computer has confirmed the new root's code for it."""
    template = N_("La versión {version} de la nómina sustituye la raíz institucional SIN SU FIRMA: {old_name} "
                  "(código {old_code}) deja de ser la raíz y pasa a serlo {name}. Solo cuenta si usted lo "
                  "confirma escribiendo el código de la nueva raíz, que le dicta en persona o por teléfono, con el "
                  "archivo de la nómina que ella exportó: Equipo y nómina → Importar nómina… (le pide el código) "
                  "o npmdesk roster repin --from ARCHIVO --code CÓDIGO. No se ha modificado nada.")

    def __init__(self, version: int, old: "Roster", new: "Roster"):
        super().__init__("repin unconfirmed", version=version, old_name=old.root_name, old_code=old.root_code,
                         name=new.root_name, code=new.root_code,
                         reason=_("la versión {version} sustituye la raíz institucional sin su firma y no se ha "
                                  "confirmado en esta computadora").format(version=version))
        self.version, self.old, self.new = version, old, new


def entry_code(entry: dict) -> str:
    """The code of a roster entry's key pair (what a root is compared by)."""
    return crypto_keys.safety_code(bytes.fromhex(entry["sign_public"]), bytes.fromhex(entry["box_public"]))


def _check_keys(version: int, members: dict) -> None:
    """Each entry's fingerprint must be the one of its two keys (a swapped key shows). A roster
    signed before fingerprints covered both keys is refused with what to do, never checked by
    the old rule, which a file could claim to hide a swapped encryption key."""
    for entry in members.values():
        try:
            sign, box = bytes.fromhex(entry["sign_public"]), bytes.fromhex(entry["box_public"])
            matches = len(sign) == 32 and len(box) == 32 and \
                crypto_keys.fingerprint(sign, box) == entry["fingerprint"]
            old = not matches and crypto_keys.one_key_fingerprint(sign) == entry["fingerprint"]
        except (KeyError, TypeError, ValueError, AttributeError):
            matches = old = False
        if old:
            raise roster_problem(_("la versión {version} se firmó con una versión anterior de npmdesk, cuyas huellas "
                                   "cubrían solo la clave de firma, y ya no se acepta porque no protege las claves "
                                   "de cifrado: pida a la dirección que la firme de nuevo con la versión actual y se "
                                   "la envíe").format(version=version))
        if not matches:
            raise roster_problem(_("la versión {version} tiene claves que no corresponden a su huella")
                                 .format(version=version))


def acceptance(version: int, previous_hash: str, root: str) -> dict:
    """What a new root signs to accept the role: the version that makes it root and the hash of
    every version before it, so that it vouches for the whole history."""
    return {"type": ROOT_ACCEPTANCE, "version": version, "previous": previous_hash, "root": root}


def repin_body(replaced: str, root: str) -> dict:
    """What a version that replaces a lost root names: the new root (who signs the version
    herself: nobody else can vouch for her) and the fingerprint of the root it replaces."""
    return {"root": root, "replaces": replaced}


def _repinned_root(expected: int, body: dict, signer: str, previous: Roster) -> tuple[str, dict]:
    """(new root, its entry) of a version replacing a lost root: signed by the new root itself, a
    director of this version, and the old root's key (the lost one) gone from it. Whether it
    counts is a person's confirmation of the new root's code (verify_chain's `repins`)."""
    repin = body.get("repin")
    if not isinstance(repin, dict) or repin.get("replaces") != previous.root or repin.get("root") != signer:
        raise roster_problem(_("la versión {version} sustituye la raíz institucional sin estar firmada por la "
                               "raíz nueva").format(version=expected))
    found = Roster(expected, body["members"]).by_fingerprint(signer)
    if found is None or found[1].get("role") != "director":
        raise roster_problem(_("en la versión {version} la raíz institucional ya no es directora o director")
                             .format(version=expected))
    if Roster(expected, body["members"]).by_fingerprint(previous.root) is not None:
        raise roster_problem(_("la versión {version} sustituye la raíz institucional pero conserva su clave "
                               "perdida").format(version=expected))
    return signer, found[1]


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


def verify_chain(chain: list[dict], trusted_root: str | None = None, repins=()) -> list[Roster]:
    """Every roster version checked in order; InvalidRoster at the first one that fails.

    `trusted_root`, when given, is the code of the institutional root as confirmed out of band
    (crypto.keys.safety_code): the chain must have it as its root at some version, and each
    replacement of a lost root after it must be one a person confirmed (`repins`, Repin
    records; RepinUnconfirmed otherwise), and a version `repins` knows as a replacement must
    be that replacement (not one signed with the lost key after it). Without `trusted_root` only the structure is checked
    (a chain already taken in under its root).
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
        # Version 1 and a version replacing a lost root are signed by a director they list.
        repinned = expected > 1 and "repin" in body
        authority = Roster(expected, members) if expected == 1 or repinned else verified[-1]
        found = authority.by_fingerprint(signer or "")
        if found is None or found[1].get("role") != "director":
            raise roster_problem(_("la versión {version} no está firmada por una directora o un director")
                           .format(version=expected))
        if not crypto_keys.verify(found[1]["sign_public"], body, signature or ""):
            raise roster_problem(_("la firma de la versión {version} no es válida").format(version=expected))
        root, root_entry = (_repinned_root(expected, body, signer, verified[-1]) if repinned else
                            _root_of(expected, body, signer, verified[-1] if verified else None))
        verified.append(Roster(expected, members, root, entry_code(root_entry), root_entry.get("name", ""),
                               repinned))
        previous_hash = digest(body)
    if trusted_root is not None and verified:
        check_trust(verified, trusted_root, repins)
    return verified


def check_trust(verified: list[Roster], trusted_root: str, repins=()) -> None:
    """InvalidRoster unless `trusted_root` vouches for the verified chain (see vouched), saying
    why: not its root, a version known here as a replacement holding something else, or a
    replacement of a lost root nobody confirmed here (RepinUnconfirmed)."""
    if not any(_same(trusted_root, r.root_code) for r in verified):
        raise roster_problem(_("no parte de la raíz institucional confirmada"))
    if not vouched(verified, trusted_root, repins):
        forked = forked_repin(verified, repins)
        if forked:
            raise roster_problem(_("la versión {version} no es la que sustituyó la raíz institucional en esta "
                                   "computadora: la firmó la raíz sustituida, o es de otra institución")
                                 .format(version=forked))
        pending = unconfirmed_repin(verified, trusted_root, repins)
        raise RepinUnconfirmed(pending.version, verified[pending.version - 2], pending)


@dataclass(frozen=True)
class Repin:
    """A person's confirmation that roster `version` replaced the root of code `replaces`, whose
    key was lost, by the root of code `code` (the pin history of a case file or a computer)."""
    version: int
    code: str
    replaces: str


def _same(code_a: str, code_b: str) -> bool:
    digits = crypto_keys.code_digits(code_a)
    return len(digits) == crypto_keys.CODE_DIGITS and digits == crypto_keys.code_digits(code_b)


def _applies(verified: list[Roster], repin: Repin) -> bool:
    """Whether `repin` speaks of this chain: its version comes after one rooted at the replaced code."""
    return 2 <= repin.version <= len(verified) + 1 and _same(repin.replaces, verified[repin.version - 2].root_code)


def unconfirmed_repin(verified: list[Roster], code: str, repins=()) -> Roster | None:
    """The first version replacing a lost root that nothing here vouches for: neither `code`
    (root at that version or later, whose versions name the hash of everything before) nor a
    person's confirmation of that version's new root code (`repins`)."""
    last = max((r.version for r in verified if _same(code, r.root_code)), default=0)
    confirmed = {(p.version, crypto_keys.code_digits(p.code)) for p in repins or () if _applies(verified, p)}
    return next((r for r in verified if r.repinned and r.version > last
                 and (r.version, crypto_keys.code_digits(r.root_code)) not in confirmed), None)


def forked_repin(verified: list[Roster], repins=()) -> int:
    """A version this computer knows replaced the root (`repins`) that the chain holds as
    something else, e.g. signed with the lost key after the replacement (0 when none)."""
    return next((p.version for p in sorted(repins or (), key=lambda p: p.version)
                 if _applies(verified, p) and p.version <= len(verified)
                 and not (verified[p.version - 1].repinned and _same(p.code, verified[p.version - 1].root_code))), 0)


def vouched(verified: list[Roster], code: str, repins=()) -> bool:
    """Whether `code` (as typed) is the root of the chain at some version, and every later
    replacement of a lost root was confirmed here (`repins`: Repin records) and holds.

    A later root countersigned (or, replacing a lost root, signed) the version that made it
    root, which names the hash of all the versions before: it vouches for the whole history,
    as the first root does. A replacement after the last version `code` vouches for counts
    only once a person confirmed it.
    """
    return any(_same(code, r.root_code) for r in verified) and unconfirmed_repin(verified, code, repins) is None \
        and not forked_repin(verified, repins)


@dataclass(frozen=True)
class RosterChange:
    """One difference between the signed roster and the version about to be signed.

    kind: "alta" (joins), "baja" (leaves), "rol" (role changes), "claves" (new keys: either
    of the two, since the fingerprint covers both), "datos" (name or discipline changes),
    "raiz" (the institutional root passes to this person; before/after are the root codes),
    "sustitucion" (the same, replacing a root whose key was lost, without its signature);
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
    return [RosterChange(member[0] if member else "", after.root_name, "sustitucion" if after.repinned else "raiz",
                         before.root_code, after.root_code)]


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
    if change.kind == "sustitucion":
        return _("SUSTITUCIÓN DE LA RAÍZ INSTITUCIONAL SIN SU FIRMA: la clave de la raíz anterior se perdió y pasa "
                 "a serlo {name}. Código nuevo de la dirección: {after} (antes {before}).").format(
                     name=change.name, after=change.after, before=change.before)
    if change.kind == "raiz":
        return _("CAMBIO DE RAÍZ INSTITUCIONAL: pasa a {name}, firmado por la raíz anterior. Código nuevo de "
                 "la dirección: {after} (antes {before}).").format(name=change.name, after=change.after,
                                                                    before=change.before)
    before = _(vocabulary.DISCIPLINES.get(change.before, change.before))
    after = _(vocabulary.DISCIPLINES.get(change.after, change.after))
    return _("{name}: «{before}» pasa a «{after}».").format(name=change.name, before=before, after=after)
