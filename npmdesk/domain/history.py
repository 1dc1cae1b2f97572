"""Comparing two revision histories of one section, and a section's state from its record.

Pure functions used when a package is merged (services/exchange/package_import.py).
"""

from npmdesk.domain.approvals import APPROVALS

SAME, AHEAD, BEHIND, DIVERGED = "igual", "adelantado", "atrasado", "divergente"

STATE_AFTER = {"enviar": "enviada", "devolver": "con_observaciones", "aprobar": "aprobada"}


def common_prefix(local: list[str], incoming: list[str]) -> int:
    common = 0
    while common < min(len(local), len(incoming)) and local[common] == incoming[common]:
        common += 1
    return common


def absorbs(local: list, incoming: list, absorbed: set) -> bool:
    """Whether every local revision the package lacks was taken in by a resolved conflict."""
    common = common_prefix([r.id for r in local], [r.id for r in incoming])
    return all(r.id in absorbed for r in local[common:])


def compare(local: list[str], incoming: list[str]) -> str:
    """How `incoming` relates to `local`, both lists of revision ids oldest first.

    AHEAD: incoming extends local (fast-forward); BEHIND: local already has all of it;
    DIVERGED: each side has revisions the other lacks.
    """
    common = common_prefix(local, incoming)
    if common == len(local) == len(incoming):
        return SAME
    if common == len(local):
        return AHEAD
    if common == len(incoming):
        return BEHIND
    return DIVERGED


def section_state(signatures: list[dict], last_edit_at: str, fallback: str) -> str:
    """The state a section's signed decisions and its last edit imply.

    `signatures` are statement bodies with 'decision', 'signed_at' and the row's 'void'.
    An edit after the newest decision brings an approved or sent section back to borrador.
    """
    decisions = [s for s in signatures if s.get("decision") in STATE_AFTER
                 and not (s.get("void") and s.get("decision") in APPROVALS)]
    if not decisions:
        return fallback
    newest = max(decisions, key=lambda s: s.get("signed_at", ""))
    state = STATE_AFTER[newest["decision"]]
    if last_edit_at > newest.get("signed_at", "") and state in ("aprobada", "enviada"):
        return "borrador"
    return state
