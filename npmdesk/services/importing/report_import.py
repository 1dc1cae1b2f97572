"""A .docx imported as a new report of a visit: `prepare` checks and reads the file and proposes
where each part goes (nothing is written), `apply` writes the report in one transaction with
the choices the user confirmed.

Each section's imported text is a revision whose origin says «importado de FILE.docx»; images
become attachments of the visit with their captions, left out of the export until someone
includes them (a photo can identify a person). The confidentiality check runs over the text
as it does while a paste is edited: its warnings are listed, the import is not refused.
"""

import logging
import mimetypes
import xml.parsers.expat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.domain import model
from npmdesk.domain.templates import ReportTemplate
from npmdesk.i18n import _, es_
from npmdesk.logs import log_exception
from npmdesk.services.archive import disclosure
from npmdesk.services.drafting import reports, templates
from npmdesk.services.importing import guard, mapping, reader
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.storage import records as store

log = logging.getLogger(__name__)
_UNREADABLE = (ValueError, KeyError, IndexError, TypeError, AttributeError, zipfile.BadZipFile,
               xml.parsers.expat.ExpatError, UnicodeDecodeError)


@dataclass
class Imported:
    report: model.Report
    sections: int  # sections that received text
    attachments: list[model.Attachment]
    left_out: list[str]
    passages: list[disclosure.Passage] = field(default_factory=list)


def read_checked(path: Path) -> reader.ReadDocument:
    """The document at `path`, refused (DocxRefused) before parsing when hostile."""
    checked = guard.check(Path(path))
    try:
        return reader.read(checked)
    except guard.DocxRefused:
        raise
    except _UNREADABLE as exc:
        log_exception(log, "read docx", exc)
        raise guard.DocxRefused(type(exc).__name__, name=checked.path.name[:80],
                                reason=_("está dañado o no se puede leer como documento de Word")) from None
    except Exception as exc:  # lxml's syntax errors and others of a damaged file: still named
        if type(exc).__module__.startswith(("lxml", "docx", "mammoth")):
            log_exception(log, "read docx", exc)
            raise guard.DocxRefused(type(exc).__name__, name=checked.path.name[:80],
                                    reason=_("está dañado o no se puede leer como documento de Word")) from None
        raise


@dataclass
class Preview:
    """What the mapping dialog shows before anything is written: the document read, the visits
    it may become a report of, the templates and each visit's default template."""
    document: reader.ReadDocument
    visits: list[tuple[str, str]]  # (id, "place — date"), newest first
    templates: dict[str, ReportTemplate]
    default_template: dict[str, str]  # visit id -> template key

    def plan(self, template_key: str) -> mapping.Plan:
        return mapping.propose(self.document, self.templates[template_key])


def preview(session: Session, path: Path) -> Preview:
    document = read_checked(path)
    places = {p.id: p.name for p in records.select(session, model.Place)}
    visits = sorted(records.select(session, model.Visit), key=lambda v: v.start_date, reverse=True)
    return Preview(document, [(v.id, _("{place} — {date}").format(place=places.get(v.place_id, "?"),
                                                                    date=v.start_date)) for v in visits],
                   templates.for_visits(session), {v.id: templates.default_key(v.kind) for v in visits})


def prepare(session: Session, visit_id: str, path: Path, template_key: str = "") -> mapping.Plan:
    """The proposed mapping of the document's parts onto the template's sections."""
    visit = records.get(session, model.Visit, visit_id)
    template = templates.get(session, template_key or templates.default_key(visit.kind))
    return mapping.propose(read_checked(path), template)


def passages(session: Session, visit_id: str, plan: mapping.Plan) -> list[disclosure.Passage]:
    """What in the text to import could identify someone, by section title."""
    titles = {t.key: t.title for t in plan.targets}
    texts = []
    for key, resolved in mapping.resolve(plan).items():
        texts += [(titles[key], text) for text in disclosure.body_texts(resolved.body, {})]
    return disclosure.passages(texts, disclosure.watchlist(session, visit_id))


def _image_name(stem: str, n: int, mime: str) -> str:
    extension = mimetypes.guess_extension(mime or "") or ".bin"
    return f"{stem}-imagen-{n}{extension}"


def apply(session: Session, visit_id: str, plan: mapping.Plan, choices: list[str] | None = None,
          historical: bool = False) -> Imported:
    """Write the report the plan (with `choices`, when the user changed them) describes;
    `historical`: a past report migrated from the archive, in the state «importado»."""
    if choices is not None:
        plan = mapping.Plan(plan.document, plan.template_key, plan.targets, mapping.check_choices(plan, choices))
    resolved = mapping.resolve(plan)
    name = plan.document.name
    origin = es_("importado de {name}").format(name=name[:120])
    found = passages(session, visit_id, plan)
    attachments = []
    with session.case.transaction() as conn:
        report = reports.create_report(session, visit_id, plan.template_key)
        if historical:
            report.state = "importado"
            report = records.save(session, report)
        sections = {s.key: s for s in records.select(session, model.Section, report_id=report.id)}
        filled = 0
        for key, part in resolved.items():
            if part.body and records.save_section_body(session, sections[key].id, part.body, origin):
                filled += 1
            for image in part.images:
                attachments.append(records.add_attachment(
                    session, image.data, _image_name(Path(name).stem, len(attachments) + 1, image.mime),
                    image.caption, visit_id=visit_id, mime=image.mime))
        records.audit(conn, session, "importar_docx", store.spec_of(report), report.id,
                      {"file": name, "sha256": plan.document.sha256, "sections": filled,
                       "attachments": [a.sha256 for a in attachments]})
    return Imported(report, filled, attachments, mapping.left_out(plan), found)
