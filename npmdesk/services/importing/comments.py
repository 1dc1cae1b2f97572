"""An authority's answer in Word, read back onto the report it was sent: each comment becomes an
observation anchored to the passage it was attached to, each tracked insertion or deletion
an observation proposing that change. The section text is never changed here: a proposed
change is accepted by editing the text (then resolving the observation) or rejected by
resolving it, as any observation.

The observation is recorded (and signed, as every observation is) by the team member who
imports the document; its text says who in the authority wrote it and from which file.
Passages are found by the heading above them (matched to the report's section titles like
an import, reader.normal_title) and by their text in the section.
"""

import html
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.domain import model
from npmdesk.i18n import es_
from npmdesk.services.importing import guard, reader
from npmdesk.services.records import edit as records
from npmdesk.services.review import observations
from npmdesk.services.session import Session

QUOTE_CONTEXT = 40  # characters before an insertion that anchor it


@dataclass
class Remark:
    kind: str  # "comentario", "insercion", "supresion"
    author: str
    text: str  # the comment, or the text inserted or deleted
    heading: str  # the heading above the passage
    quote: str  # the passage in the text as sent (for an insertion: what precedes it)


@dataclass
class RemarksImported:
    observations: list = field(default_factory=list)  # review_store.ObservationRow
    unplaced: list[str] = field(default_factory=list)  # remarks whose section was not found


def _w(tag: str) -> str:
    from docx.oxml.ns import qn
    return qn(f"w:{tag}")


def read_remarks(path: Path) -> list[Remark]:
    """The comments and tracked changes of the document at `path`, checked first (guard.check)."""
    import docx
    checked = guard.check(Path(path))
    document = docx.Document(str(checked.path))
    levels = reader.heading_levels(document)
    styles = {s.style_id: s.name for s in document.styles}
    comments = {str(c.comment_id): c for c in document.comments}
    remarks: list[Remark] = []
    open_ranges: dict[str, list[str]] = {}
    heading = ""
    for paragraph in document.element.body.iter(_w("p")):
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        text = "".join(t.text or "" for t in paragraph.iter(_w("t")) if not _inside(t, "ins"))
        if style is not None and styles.get(style.get(_w("val"))) in levels:
            heading = text.strip()
            continue
        before = ""
        for node in paragraph.iter(_w("commentRangeStart"), _w("commentRangeEnd"), _w("t"), _w("delText")):
            if node.tag == _w("commentRangeStart"):
                open_ranges[node.get(_w("id"))] = []
            elif node.tag == _w("commentRangeEnd"):
                found = comments.get(node.get(_w("id")))
                quoted = "".join(open_ranges.pop(node.get(_w("id")), []))
                if found is not None and found.text.strip():
                    remarks.append(Remark("comentario", found.author or "", found.text.strip(), heading,
                                          quoted.strip()))
            elif node.tag == _w("delText"):
                change = _ancestor(node, "del")
                remarks.append(Remark("supresion", _author(change), node.text or "", heading, node.text or ""))
                before += node.text or ""
            elif _inside(node, "ins"):
                change = _ancestor(node, "ins")
                remarks.append(Remark("insercion", _author(change), node.text or "", heading,
                                      before[-QUOTE_CONTEXT:].lstrip()))
            else:
                before += node.text or ""
                for quoted in open_ranges.values():
                    quoted.append(node.text or "")
    return _merged(remarks)


def _ancestor(node, tag: str):
    current = node.getparent()
    while current is not None and current.tag != _w(tag):
        current = current.getparent()
    return current


def _inside(node, tag: str) -> bool:
    return _ancestor(node, tag) is not None


def _author(change) -> str:
    return (change.get(_w("author")) or "") if change is not None else ""


def _merged(remarks: list[Remark]) -> list[Remark]:
    """Word splits one tracked change into a run per format: consecutive pieces are one change."""
    out: list[Remark] = []
    for remark in remarks:
        last = out[-1] if out else None
        if (last is not None and remark.kind == last.kind != "comentario" and remark.author == last.author
                and remark.heading == last.heading
                and (remark.kind == "insercion" and remark.quote == last.quote or remark.kind == "supresion")):
            last.text += remark.text
            if remark.kind == "supresion":
                last.quote += remark.quote
            continue
        out.append(remark)
    return out


def in_text(body: str, quote: str) -> int:
    """Where `quote` first stands in the text of the stored `body` (never inside a tag's markup,
    where a short quote such as «li» would also match); -1 when nowhere."""
    if not quote or "<" in quote or ">" in quote:
        return -1
    at = body.find(quote)
    while at != -1:
        if body.rfind("<", 0, at) <= body.rfind(">", 0, at) and "<" not in body[at:at + len(quote)]:
            return at
        at = body.find(quote, at + 1)
    return -1


def _body(remark: Remark, authority: str, name: str) -> str:
    who = authority or remark.author or es_("la autoridad")
    if remark.kind == "comentario":
        return es_("Comentario de {who} (importado de {name}): {text}").format(who=who, name=name, text=remark.text)
    if remark.kind == "insercion":
        return es_("Cambio propuesto por {who} (importado de {name}): añadir «{text}». No se ha aplicado; "
                   "acéptelo editando el texto o recházelo resolviendo esta observación.").format(
                       who=who, name=name, text=remark.text)
    return es_("Cambio propuesto por {who} (importado de {name}): suprimir «{text}». No se ha aplicado; "
               "acéptelo editando el texto o recházelo resolviendo esta observación.").format(
                   who=who, name=name, text=remark.text)


def import_remarks(session: Session, report_id: str, path: Path, authority: str = "",
                   as_member: str | None = None) -> RemarksImported:
    """Each remark of the document as an observation on the report's sections; the text stays."""
    path = Path(path)
    remarks = read_remarks(path)
    sections = records.select(session, model.Section, report_id=report_id)
    by_title = {reader.normal_title(s.title): s for s in sections}
    result = RemarksImported()
    with session.case.transaction():
        for remark in remarks:
            section = by_title.get(reader.normal_title(remark.heading))
            if section is None:
                result.unplaced.append(es_("«{text}» (bajo «{heading}»)").format(
                    text=remark.text[:80], heading=remark.heading[:80] or "—"))
                continue
            quote = html.escape(remark.quote, quote=False)
            start = in_text(section.body, quote)
            body = _body(remark, authority, path.name)
            if start < 0:  # a passage across formatting: the observation quotes it in its text
                if remark.quote and remark.kind != "supresion":
                    body = es_("Sobre «{quote}»: {body}").format(quote=remark.quote, body=body)
                quote, start = "", 0
            result.observations.append(observations.add_observation(
                session, section.id, body, quote=quote, start=start, as_member=as_member))
    return result
