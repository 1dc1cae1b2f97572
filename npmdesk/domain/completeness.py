"""How complete a section (or a whole report) is: guiding questions ticked out of those asked."""

from dataclasses import dataclass

from npmdesk.domain import richtext


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 1.0

    def __add__(self, other: "Completeness") -> "Completeness":
        return Completeness(self.done + other.done, self.total + other.total)


def of_section(guidance: list[str], ticked: set[str]) -> Completeness:
    """Ticks that still match one of the section's questions, out of its questions."""
    questions = list(dict.fromkeys(q for q in guidance if q.strip()))
    return Completeness(sum(1 for q in questions if q in ticked), len(questions))


# Sections whose content the export adds from the records (the recommendations table, the
# annexes, the findings under "hallazgos"): their own text may be empty.
FILLED_BY_EXPORT = frozenset({"recomendaciones", "anexos", "hallazgos"})


def blank(body: str) -> bool:
    """Whether a stored section body says nothing: only spaces, empty paragraphs, empty cells."""
    return not richtext.plain_text(body or "").strip()


def empty_required(required: bool, key: str, body: str, has_findings: bool) -> bool:
    """Whether a section may not be sent for review yet: it is required and nothing would be
    printed for it (no text of its own, no findings of its area, not one the export fills)."""
    return required and blank(body) and key not in FILLED_BY_EXPORT and not has_findings
