"""How complete a section (or a whole report) is: guiding questions ticked out of those asked."""

from dataclasses import dataclass


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
