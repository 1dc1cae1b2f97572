"""Which section of the template each part of an imported document goes to.

`propose` matches each heading to the template's sections by title (accent- and case-blind,
without the number the export writes before it). A heading that matches none goes on with
the part before it (its title kept as a heading inside that section); what comes before the
first heading (a cover, an index) is left out. The user may change every choice before
anything is written (ui/importing/mapping_dialog.py); `resolve` then gives each section its body.
"""

from dataclasses import dataclass, field

from npmdesk.domain import richtext
from npmdesk.domain.templates import ReportTemplate
from npmdesk.i18n import _, ngettext
from npmdesk.services.importing.reader import Image, ReadDocument, normal_title

CONTINUE = "+"  # with the part before it
SKIP = ""  # not imported


@dataclass(frozen=True)
class Target:
    key: str
    title: str
    depth: int


@dataclass
class Plan:
    document: ReadDocument
    template_key: str
    targets: list[Target]
    choices: list[str]  # per part: a target's key, CONTINUE or SKIP


@dataclass
class Resolved:
    body: str
    images: list[Image] = field(default_factory=list)


def targets_of(template: ReportTemplate) -> list[Target]:
    return [Target(spec.key, spec.title, depth) for spec, _parent, depth in template.walk()]


def propose(document: ReadDocument, template: ReportTemplate) -> Plan:
    targets = targets_of(template)
    by_title: dict[str, str] = {}
    for target in targets:
        by_title.setdefault(normal_title(target.title), target.key)
    choices = []
    for part in document.parts:
        # A title the report gave a subtitle («Introducción: mandato y base legal») is still its section.
        key = (by_title.get(normal_title(part.heading)) or by_title.get(normal_title(part.heading.split(":")[0]))
               if part.heading else None)
        if key:
            choices.append(key)
        elif part.heading and choices and choices[-1] != SKIP:
            choices.append(CONTINUE)
        else:
            choices.append(SKIP)
    return Plan(document, template.key, targets, choices)


def check_choices(plan: Plan, choices: list[str]) -> list[str]:
    """`choices` if each is a key of the template, CONTINUE or SKIP, one per part; else ValueError."""
    keys = {t.key for t in plan.targets}
    if len(choices) != len(plan.document.parts) or any(c not in keys and c not in (CONTINUE, SKIP)
                                                       for c in choices):
        raise ValueError("choices do not fit the plan")
    return list(choices)


def resolve(plan: Plan) -> dict[str, Resolved]:
    """Section key -> its imported body (parts in document order) and images."""
    out: dict[str, Resolved] = {}
    current = SKIP
    for part, choice in zip(plan.document.parts, plan.choices):
        if choice != CONTINUE:
            current = choice
            heading = ""
        else:
            heading = part.heading
        if current == SKIP:
            continue
        entry = out.setdefault(current, Resolved(""))
        if not heading and entry.body and part.heading:
            heading = part.heading  # a second part mapped to the same section keeps its title
        if heading:
            entry.body += richtext.sanitize(f"<h3>{_escape(heading)}</h3>")
        entry.body += part.body
        entry.images.extend(part.images)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def left_out(plan: Plan) -> list[str]:
    """The parts not imported, and what the reader could not keep, as sentences for the user."""
    found = list(plan.document.dropped)
    current = SKIP
    for part, choice in zip(plan.document.parts, plan.choices):
        current = current if choice == CONTINUE else choice
        if current != SKIP or not (part.body or part.images):
            continue
        words = richtext.word_count(richtext.plain_text(part.body))
        title = part.heading or _("el texto antes del primer título")
        found.append(ngettext("«{title}»: {count} palabra sin importar", "«{title}»: {count} palabras sin importar",
                              words).format(title=title[:80], count=words))
    return found
