"""Shared by the robustness tests: fill a case file through the services, scan bytes."""

import math
import os
import re
from collections import Counter
from pathlib import Path

from npmdesk.domain import model
from npmdesk.services.records import edit as records


def fill_every_entity(session, marker: str) -> dict:
    """Write `marker` through every kind of record the services offer; returns their ids."""
    place = records.save(session, model.Place(name=f"Centro {marker}", description=marker))
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-03-02",
                                              objectives=marker, people_met=marker))
    interview = records.add_interview(session, model.Interview(
        visit_id=visit.id, notes=f"Relato {marker}", real_identity=f"Nombre real {marker}"))
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Nota", text=marker))
    attachment = records.add_attachment(session, f"bytes {marker} bytes".encode() * 50,
                                        "foto.jpg", f"Leyenda {marker}", visit_id=visit.id)
    finding = records.save(session, model.Finding(
        visit_id=visit.id, area="trato", title=f"Hallazgo {marker}", text=marker,
        interview_ids=[interview.id], note_ids=[note.id], attachment_ids=[attachment.id]))
    rec = records.save(session, model.Recommendation(
        visit_id=visit.id, text=f"Recomendación {marker}", authority=f"Autoridad {marker}",
        finding_ids=[finding.id],
        history=[model.StatusChange(date="2026-06-01", status="en_proceso", reason=marker)]))
    report = records.save(session, model.Report(visit_id=visit.id, title=f"Informe {marker}"))
    section = records.save(session, model.Section(report_id=report.id, title="Hallazgos"))
    records.save_section_body(session, section.id, f"Cuerpo de la sección {marker}")
    return {"place": place.id, "visit": visit.id, "interview": interview.id, "note": note.id,
            "attachment": attachment.id, "finding": finding.id, "recommendation": rec.id,
            "report": report.id, "section": section.id}


def files_containing(needles: list[bytes], roots: list[Path]) -> list[str]:
    """Every regular file under `roots` whose bytes contain one of `needles`."""
    hits = []
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(str(path))
    return hits


def deleted_open_files_containing(needles: list[bytes]) -> list[str]:
    """Deleted-but-still-open files of this process (SQLite temp files) holding a needle."""
    hits = []
    for fd in os.listdir("/proc/self/fd"):
        link = f"/proc/self/fd/{fd}"
        try:
            target = os.readlink(link)
            if not target.endswith("(deleted)"):
                continue
            with open(link, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if any(n in data for n in needles):
            hits.append(target)
    return hits


def longest_printable_run(data: bytes) -> int:
    runs = re.findall(rb"[\x20-\x7e]{8,}", data)
    return max((len(r) for r in runs), default=0)


def byte_entropy(data: bytes) -> float:
    """Shannon entropy in bits per byte: 8.0 for uniformly random bytes."""
    counts = Counter(data)
    return -sum(c / len(data) * math.log2(c / len(data)) for c in counts.values())
