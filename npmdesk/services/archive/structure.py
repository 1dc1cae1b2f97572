"""The exported report's chapters: the template's own sections, in its order, and nothing else.

Findings go only where the template names a place for them (a section keyed by the thematic
area, or under "hallazgos"), the recommendations table only in "recomendaciones", the annexes
only in "anexos": a template without such a place gets no chapter appended (it was warned at
import, domain/templates.placement_warnings). A finding whose text the section already says is
not printed a second time. Sections with nothing in them are left out of an approved report;
a draft shows them, marked "Sin contenido", so the team sees what is missing.
"""

import re

from npmdesk.domain import completeness, richtext, vocabulary
from npmdesk.domain.templates import DATA_BLOCK
from npmdesk.export.content import FindingOut, SectionOut
from npmdesk.i18n import es_

_SPACE = re.compile(r"\s+")


def _said(text: str) -> str:
    return _SPACE.sub(" ", richtext.plain_text(text or "")).strip().casefold()


def section_tree(sections, findings, draft: bool, unnumbered: frozenset[str] = frozenset({DATA_BLOCK})
                 ) -> list[SectionOut]:
    """The chapters to export; `unnumbered`: the keys of the sections whose paragraphs are not
    numbered (domain/templates.ReportTemplate.unnumbered_keys)."""
    by_parent: dict[str | None, list] = {}
    for section in sorted(sections, key=lambda s: s.position):
        by_parent.setdefault(section.parent_id, []).append(section)
    ids = {s.id for s in sections}
    keys = {s.key for s in sections}
    by_area: dict[str, list] = {}
    for finding in findings:
        by_area.setdefault(finding.area, []).append(finding)

    def not_repeated(section, items) -> list[FindingOut]:
        said = _said(section.body)
        return [FindingOut(f.title, f.text, f.id, shown=not (_said(f.text) and _said(f.text) in said))
                for f in items]

    def build(section) -> SectionOut:
        out = SectionOut(section.title, section.body,
                         es_("Estado de la sección: {state}").format(
                             state=es_(vocabulary.SECTION_STATES.get(section.state, section.state)))
                         if draft else "",
                         [build(c) for c in by_parent.get(section.id, [])])
        key = section.key
        out.numbered = key not in unnumbered
        if key in by_area:  # the section is the area itself: no extra area heading
            out.findings.append(("", not_repeated(section, by_area.pop(key))))
        if key == "hallazgos":
            for area, label in vocabulary.THEMATIC_AREAS.items():
                if area in by_area and area not in keys:
                    out.findings.append((es_(label), not_repeated(section, by_area.pop(area))))
        out.findings = [(label, items) for label, items in out.findings if items]
        shown = any(f.shown for _label, items in out.findings for f in items)
        out.recommendations = key == "recomendaciones"
        out.annexes = key == "anexos"
        out.empty = (completeness.blank(section.body) and not shown and not out.recommendations
                     and not out.annexes and all(child.empty for child in out.children))
        if not draft:
            out.children = [child for child in out.children if not child.empty]
        return out

    roots = by_parent.get(None, []) + [
        s for parent, items in by_parent.items() if parent is not None and parent not in ids for s in items]
    tree = [build(s) for s in roots]
    return tree if draft else [node for node in tree if not node.empty]
