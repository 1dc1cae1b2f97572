"""What goes into an exported report: plain data, already chosen and checked by the service.

Only report text lives here — never interview notes, field notes or real identities.
`strings()` lists every piece of text that will be written, for the disclosure check; bodies
are read with the same reader the writer uses (domain/richtext.py), so the check sees exactly
the text the document will show.
"""

from dataclasses import dataclass, field

from npmdesk.domain.richtext import plain_text


@dataclass
class SectionOut:
    title: str
    body: str  # the section's stored HTML (see domain/richtext.py)
    state_label: str = ""  # shown under the heading on drafts
    children: list["SectionOut"] = field(default_factory=list)
    findings: list[tuple[str, list["FindingOut"]]] = field(default_factory=list)  # (area label, findings)
    recommendations: bool = False  # the recommendations table goes here
    annexes: bool = False  # the annexes go here


@dataclass
class FindingOut:
    title: str
    text: str


@dataclass
class RecommendationOut:
    number: int
    text: str
    authority: str
    priority: str
    deadline: str


@dataclass
class ImageOut:
    data: bytes
    caption: str


@dataclass
class ReportOut:
    institution: str
    title: str
    number: str
    place: str
    dates: str
    classification: str
    draft: bool
    draft_mark: str
    report_kind: str
    sections: list[SectionOut] = field(default_factory=list)
    recommendations: list[RecommendationOut] = field(default_factory=list)
    images: list[ImageOut] = field(default_factory=list)
    aggregates: list[tuple[str, str]] = field(default_factory=list)  # (label, count) rows
    labels: dict[str, str] = field(default_factory=dict)  # translated fixed texts
    anchor_note: str = ""  # the bitácora anchor, printed after the last section
    root_note: str = ""    # the institutional root's code, printed below the anchor
    references: dict[str, str] = field(default_factory=dict)  # finding id → its reference's text now

    def strings(self):
        """(where, text) for every text that will be written, for the disclosure check."""
        for label, value in (("title", self.title), ("number", self.number), ("place", self.place),
                             ("classification", self.classification)):
            yield label, value
        stack = list(self.sections)
        while stack:
            section = stack.pop(0)
            yield section.title, section.title
            yield section.title, plain_text(section.body)
            for _area, findings in section.findings:
                for finding in findings:
                    yield section.title, finding.title
                    yield section.title, plain_text(finding.text)
            stack[0:0] = section.children
        for rec in self.recommendations:
            yield rec.authority, rec.text
            yield rec.authority, rec.authority
        for image in self.images:
            yield image.caption, image.caption
