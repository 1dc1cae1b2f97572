"""Finding text that could identify a person who must stay anonymous.

Used while writing (the editor marks the passage and says why) and before export
(the export stops until each finding is resolved). It looks for an interviewee's
recorded real name, ID numbers (Panamanian cédula and passport-like numbers) and the
pseudonymous code of anyone who did not consent to be quoted in the report.
"""

import re
from dataclasses import dataclass

from npmdesk.domain.model import Interview
from npmdesk.i18n import N_, _

REAL_NAME, ID_NUMBER, CODE_WITHOUT_CONSENT = "nombre_real", "numero_identidad", "codigo_sin_consentimiento"

REASONS = {
    REAL_NAME: N_("Nombre real de la persona entrevistada {code}: use su código."),
    ID_NUMBER: N_("Posible número de identidad: no debe aparecer en el informe."),
    CODE_WITHOUT_CONSENT: N_("La persona {code} no consintió que se usara su entrevista en el informe."),
}

# Panamanian cédula (8-123-4567, PE-12-345, E-8-12345, N-19-1234, 8-AV-12-345) and long digit runs.
_ID = re.compile(r"\b(?:(?:PE|E|N|[1-9]|1[0-3])(?:-(?:AV|PI))?-\d{1,4}-\d{1,6}|\d{7,})\b")
_MIN_NAME_PART = 3


@dataclass(frozen=True)
class Disclosure:
    start: int
    end: int
    kind: str
    code: str = ""

    def reason(self) -> str:
        return _(REASONS[self.kind]).format(code=self.code)


def _name_patterns(real_identity: str) -> list[re.Pattern]:
    """The full recorded name, and each of its parts long enough to be telling."""
    name = " ".join(real_identity.split())
    if not name:
        return []
    parts = [p for p in re.split(r"[\s,;]+", name) if len(p) >= _MIN_NAME_PART and not _ID.fullmatch(p)]
    return [re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE) for p in [name, *parts]]


def find(text: str, interviews: list[Interview]) -> list[Disclosure]:
    """Every passage of `text` that discloses an identity, in text order, without overlaps."""
    found: list[Disclosure] = []
    for match in _ID.finditer(text):
        found.append(Disclosure(match.start(), match.end(), ID_NUMBER))
    for interview in interviews:
        for pattern in _name_patterns(interview.real_identity):
            for match in pattern.finditer(text):
                found.append(Disclosure(match.start(), match.end(), REAL_NAME, interview.code))
        if interview.code and not interview.consent_report:
            code = re.compile(rf"(?<![\w-]){re.escape(interview.code)}(?![\w-])")
            for match in code.finditer(text):
                found.append(Disclosure(match.start(), match.end(), CODE_WITHOUT_CONSENT, interview.code))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[Disclosure] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result
