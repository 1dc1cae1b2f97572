"""Evidence flags of a finding: no evidence at all, or a single source (not triangulated).

Triangulation means that interviews, register/document data and direct observation
confirm each other; a finding resting on one source, or on one kind of source, is flagged.
"""

from npmdesk.domain.model import FieldNote, Finding
from npmdesk.i18n import N_

NO_EVIDENCE, SINGLE_SOURCE = "sin_evidencia", "fuente_unica"

FLAGS = {
    NO_EVIDENCE: N_("Sin evidencia"),
    SINGLE_SOURCE: N_("Fuente única / no triangulada"),
}

EXPLANATIONS = {
    NO_EVIDENCE: N_("El hallazgo no está vinculado a ninguna entrevista, nota de campo ni adjunto."),
    SINGLE_SOURCE: N_("El hallazgo se apoya en una sola fuente o en un solo tipo de fuente; "
                      "contrástelo con entrevistas, registros u observación directa."),
}

# A field note's kind → the kind of source it is.
_NOTE_SOURCE = {"observacion": "observacion", "fotografia": "observacion", "registro": "registro"}


def source_kinds(finding: Finding, notes: dict[str, FieldNote]) -> set[str]:
    """Kinds of source behind a finding: entrevista, observacion, registro, documento."""
    kinds = set()
    if finding.interview_ids:
        kinds.add("entrevista")
    for note_id in finding.note_ids:
        note = notes.get(note_id)
        kinds.add(_NOTE_SOURCE.get(note.kind, "observacion") if note else "observacion")
    if finding.attachment_ids:
        kinds.add("documento")
    return kinds


def flags(finding: Finding, notes: dict[str, FieldNote]) -> list[str]:
    """The evidence flags of `finding` (codes of FLAGS), empty when it is well supported."""
    count = len(finding.interview_ids) + len(finding.note_ids) + len(finding.attachment_ids)
    if count == 0:
        return [NO_EVIDENCE]
    if count == 1 or len(source_kinds(finding, notes)) < 2:
        return [SINGLE_SOURCE]
    return []
