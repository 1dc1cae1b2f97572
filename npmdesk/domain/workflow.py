"""The review workflow as one table, plus who may take each action.

Sections: borrador → enviada → con_observaciones → (borrador/enviada …) → aprobada; editing
an approved section brings it back to borrador and voids its approval.
Reports: en_redaccion → en_revision → aprobado → exportado; importado (a past report migrated
from Word) has no transition.
Roles are those of the signed roster; the services check them again before signing.
"""

from npmdesk.i18n import N_

SECTION_TRANSITIONS = {
    "borrador": {"enviar": "enviada", "editar": "borrador"},
    "enviada": {"devolver": "con_observaciones", "aprobar": "aprobada", "editar": "borrador"},
    "con_observaciones": {"enviar": "enviada", "editar": "con_observaciones"},
    "aprobada": {"editar": "borrador"},
}

REPORT_TRANSITIONS = {
    "en_redaccion": {"enviar_informe": "en_revision"},
    "en_revision": {"aprobar_informe": "aprobado", "reabrir": "en_redaccion"},
    "aprobado": {"exportar": "exportado", "reabrir": "en_redaccion"},
    "exportado": {"exportar": "exportado", "reabrir": "en_redaccion"},
    "importado": {},  # a past report migrated from Word: no action makes it approved
}

TRANSITIONS = {"section": SECTION_TRANSITIONS, "report": REPORT_TRANSITIONS}

# Who may take an action: a set of roster roles, and whether the section's author may.
REVIEWERS = frozenset({"revisor", "director"})
WHO = {
    "enviar": (frozenset({"autor", "revisor", "director", "administrador"}), "author_only"),
    "editar": (frozenset({"autor", "revisor", "director", "administrador"}), "anyone"),
    "devolver": (REVIEWERS, "not_author"),
    "aprobar": (REVIEWERS, "not_author"),
    "enviar_informe": (frozenset({"autor", "revisor", "director", "administrador"}), "anyone"),
    "aprobar_informe": (REVIEWERS, "anyone"),
    "reabrir": (REVIEWERS, "anyone"),
    "exportar": (frozenset({"revisor", "director", "administrador"}), "anyone"),
    # Not a transition: commenting is open to everyone on the roster, in any state.
    "observar": (frozenset({"autor", "revisor", "director", "administrador"}), "anyone"),
    # Nor is resolving a conflict: whoever may edit may choose the text; the signed statement
    # is what lets the other laptops replace their side of it (services/exchange/conflicts.py).
    "absorber": (frozenset({"autor", "revisor", "director", "administrador"}), "anyone"),
    # Nor is signing the bitácora's anchor: anyone on the roster may vouch for what they saw.
    "anclar": (frozenset({"autor", "revisor", "director", "administrador"}), "anyone"),
}

ACTION_LABELS = {
    "enviar": N_("enviar a revisión"), "editar": N_("editar"),
    "devolver": N_("devolver con observaciones"), "aprobar": N_("aprobar la sección"),
    "enviar_informe": N_("enviar el informe a revisión"), "aprobar_informe": N_("aprobar el informe"),
    "reabrir": N_("reabrir el informe"), "exportar": N_("exportar el informe"),
    "observar": N_("añadir una observación"),
    "absorber": N_("resolver el conflicto de la sección"),
    "anclar": N_("firmar el ancla de la bitácora"),
}

STATE_LABELS = {
    "borrador": N_("Borrador"), "enviada": N_("Enviada para revisión"),
    "con_observaciones": N_("Con observaciones"), "aprobada": N_("Aprobada"),
    "en_redaccion": N_("En redacción"), "en_revision": N_("En revisión"),
    "aprobado": N_("Aprobado"), "exportado": N_("Exportado"), "importado": N_("Importado"),
}


def _kind(item) -> str:
    return "report" if hasattr(item, "visit_id") else "section"


def next_state(item, action: str) -> str | None:
    return TRANSITIONS[_kind(item)].get(item.state, {}).get(action)


def permitted(action: str, role: str | None, is_author: bool) -> bool:
    """Whether a person of `role` may take `action` (state aside)."""
    roles, rule = WHO[action]
    if role not in roles:
        return False
    if rule == "not_author" and is_author:
        return False
    if rule == "author_only" and not is_author and role not in REVIEWERS:
        return False
    return True


def allowed_actions(item, role: str | None, is_author: bool) -> list[str]:
    """The actions a person may take on a section or report in its present state."""
    available = TRANSITIONS[_kind(item)].get(item.state, {})
    return [action for action in available if permitted(action, role, is_author)]
