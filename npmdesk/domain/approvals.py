"""Signed review statements and their offline check against the roster (pure, no storage).

A statement is canonical JSON binding what was decided, over which content (its SHA-256),
by whom (key fingerprint), when, and at which point of the bitácora. Anyone with the roster
chain and the content can check it later; it proves nothing about text written after it.
"""

from dataclasses import dataclass, field

from npmdesk.crypto import keys as crypto_keys
from npmdesk.domain.roster import Roster
from npmdesk.domain.workflow import REVIEWERS, WHO
from npmdesk.i18n import N_, _

STATEMENT_TYPE = "npmdesk-firma/1"
APPROVALS = frozenset({"aprobar", "aprobar_informe"})

PROBLEMS = {
    "modified": N_("«{title}»: modificado después de la aprobación (aprobado por {name})."),
    "unknown": N_("«{title}»: firma de una persona no reconocida (huella {fingerprint})."),
    "invalid": N_("«{title}»: firma no válida ({decision})."),
    "no_authority": N_("«{title}»: aprobado por {name}, que no tiene el rol de revisión en la nómina."),
    "own_work": N_("«{title}»: aprobado por su propia autora o autor ({name})."),
    "audit": N_("«{title}»: la bitácora ya no contiene el punto que cita la firma de {name}."),
    "unsigned": N_("«{title}»: figura como aprobado pero no tiene una aprobación firmada válida."),
    "revoked": N_("«{title}»: firmado por {name} con la versión {version} de la nómina, cuando la vigente "
                  "era la {in_force} y en ella ya no tenía ese rol o esa clave."),
}


@dataclass
class Problem:
    code: str
    target_id: str
    fields: dict = field(default_factory=dict)

    def message(self) -> str:
        return _(PROBLEMS[self.code]).format(**self.fields)


def statement(kind: str, target_id: str, decision: str, content_sha256: str, signer_id: str,
              fingerprint: str, signed_at: str, audit_head: tuple[int, str], roster_version: int,
              **extra) -> dict:
    body = {"type": STATEMENT_TYPE, "kind": kind, "target_id": target_id, "decision": decision,
            "content_sha256": content_sha256, "signer_id": signer_id, "signer": fingerprint,
            "signed_at": signed_at, "audit_head": {"seq": audit_head[0], "hash": audit_head[1]},
            "roster_version": roster_version}
    body.update(extra)
    return body


def signer_of(rosters: list[Roster], body: dict, signature: str) -> tuple[str | None, tuple | None]:
    """(problem code or None, (member id, roster entry) of the signer).

    The signer must be in the roster version the statement names, with that key; the
    signature must verify with the key the roster gives, not one carried by the statement.
    """
    version = body.get("roster_version")
    roster = next((r for r in rosters if r.version == version), None)
    found = roster.by_fingerprint(body.get("signer", "")) if roster else None
    if found is None or found[0] != body.get("signer_id"):
        return "unknown", None
    if not crypto_keys.verify(found[1]["sign_public"], body, signature):
        return "invalid", found
    return None, found


def check_statement(rosters: list[Roster], body: dict, signature: str, current_sha256: str | None,
                    authors: frozenset | set = frozenset()) -> tuple[str | None, tuple | None]:
    """(problem code or None, signer) for one signed statement, the one rule the case file's
    check, the archive bundle and package import share: a known signer with a valid
    signature; for an approval also the reviewer role, not one of the work's `authors`, and
    content still the one approved (`current_sha256`: what the text hashes to now)."""
    code, found = signer_of(rosters, body, signature)
    if code is not None or body.get("decision") not in APPROVALS:
        return code, found
    if found[1].get("role") not in REVIEWERS:
        return "no_authority", found
    if found[0] in authors:
        return "own_work", found
    if current_sha256 is None or body.get("content_sha256") != current_sha256:
        return "modified", found
    return None, found


ANCHOR_PROBLEMS = {
    "other_case": N_("El ancla pertenece a otro expediente."),
    "unknown": N_("El ancla está firmada por una persona no reconocida en la nómina."),
    "invalid": N_("La firma del ancla no es válida."),
    "truncated": N_("La bitácora tiene {count} entradas pero el ancla certifica {anchored}: se han eliminado entradas."),
    "rewritten": N_("La entrada {seq} de la bitácora no es la que certifica el ancla: la bitácora fue reescrita."),
}


def check_anchor(rosters: list[Roster], anchor: dict, case_id: str) -> tuple[str | None, tuple | None]:
    """(problem code or None, signer) of a signed bitácora anchor: signed by the roster member it
    names, with the key that roster version gives, for this case file."""
    body = anchor.get("statement") if isinstance(anchor, dict) else None
    if not isinstance(body, dict):
        return "invalid", None
    code, found = signer_of(rosters, body, str(anchor.get("signature") or ""))
    if code is None and body.get("case_id") != case_id:
        return "other_case", found
    return code, found


def in_force(adoptions: dict[int, int], seq: int) -> int:
    """The roster version in force at bitácora entry `seq`: the newest adopted at or before it.

    `adoptions` maps each version to the bitácora entry where this case file took it in.
    """
    return max((version for version, at in adoptions.items() if at <= seq), default=0)


def judged_under(in_force_here: int, vouched=None) -> int:
    """The roster version a statement is judged under: the one in force at the point of this
    bitácora where it was made or arrived, or an earlier one `vouched` for by the member who
    passed it on: the version in force on that member's laptop where it entered her bitácora.

    The signer's clock (signed_at) and her own bitácora prove nothing about when she signed;
    a colleague standing in the roster, who is not the signer and signs the package that
    carries the statement, is a witness that it existed then. A vouch never makes a statement
    newer than here, and the caller takes it only from such a witness.
    """
    if isinstance(vouched, int) and not isinstance(vouched, bool) and 1 <= vouched < in_force_here:
        return vouched
    return in_force_here


def still_standing(rosters: list[Roster], body: dict, in_force_version: int) -> bool:
    """Whether the signer of `body` could still make it under the roster in force.

    A statement names the roster version it was signed under; it counts only if that version
    was not newer than the one in force where the statement entered this bitácora, and every
    version from the named one up to that one keeps the signer with the same key and a role
    allowed to take the decision. So a member removed or downgraded cannot sign afterwards
    by naming the old version (signed_at is the signer's own claim and proves nothing).
    """
    named = body.get("roster_version")
    if not isinstance(named, int) or not 1 <= named <= in_force_version <= len(rosters):
        return False
    roles = WHO.get(body.get("decision"), (None,))[0]
    for roster in rosters[named - 1:in_force_version]:
        entry = roster.members.get(body.get("signer_id"))
        if entry is None or entry["fingerprint"] != body.get("signer"):
            return False
        if roles is not None and entry["role"] not in roles:
            return False
    return True


def is_current(body: dict, current_sha256: str | None) -> bool:
    """Whether a statement still covers the content as it is now: void is derived, never received."""
    return current_sha256 is not None and body.get("content_sha256") == current_sha256
