"""What goes into an exported report: plain data, chosen by the service (services/export.py).

Only report text lives here — never interview notes, field notes or real identities. The
disclosure check does not read this: it reads what the writer emitted from it
(writer.compose(...).texts()) and the .docx read back (services/disclosure.py).
"""

from dataclasses import dataclass, field


@dataclass
class SectionOut:
    title: str
    body: str  # the section's stored HTML (see domain/richtext.py)
    state_label: str = ""  # shown under the heading on drafts
    children: list["SectionOut"] = field(default_factory=list)
    findings: list[tuple[str, list["FindingOut"]]] = field(default_factory=list)  # (area label, findings)
    recommendations: bool = False  # the recommendations table goes here
    annexes: bool = False  # the annexes go here
    empty: bool = False  # nothing in it or under it: one "Sin contenido" line (drafts only keep it)
    numbered: bool = True  # its paragraphs are numbered (the template's choice; not the data block)


@dataclass
class FindingOut:
    title: str
    text: str
    id: str = ""
    shown: bool = True  # False when its section already says it: only its recommendations follow


@dataclass
class RecommendationOut:
    """One recommendation, in the end table's order (by authority, then priority). The writer
    numbers them in the order the text shows them in place, the rest after, in table order."""
    text: str
    authority: str
    priority: str
    deadline: str
    finding_ids: list[str] = field(default_factory=list)  # printed in bold after the first of them
    id: str = ""  # the recommendation's record, so a letter can name what it sent


@dataclass
class ImageOut:
    data: bytes
    caption: str


@dataclass
class ClosingOut:
    """The block the report ends with, from the case file's data (filled by the service)."""
    place_date: str  # "Panamá, 3 de diciembre de 2026." (the approval's date), or the pending sentence
    addressees: list[str] = field(default_factory=list)  # the authorities the report is sent to
    signer_name: str = ""  # the Director who signs
    signer_role: str = ""
    approval: str = ""  # "Aprobado por … el …", or that it is still pending


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
    numbered_paragraphs: bool = True  # the template's choice (its "numbered_paragraphs")
    closing: ClosingOut | None = None  # place and date, addressees, signature; before the annexes
    references: dict[str, str] = field(default_factory=dict)  # finding id → its reference's text now
    notice: tuple[str, ...] = ()  # a draft's purpose, on its cover under the mark (who it went to, by when)
