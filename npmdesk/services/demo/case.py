"""A demonstration case file: a fictitious follow-up visit to an invented prison, and the
history of two other invented places from 2024 to 2026 (services/demo/history.py).

Everything goes through services.records and services.review, so the demo has a real
bitácora, revisions, search index, keys for the whole team, a signed roster and signed
review decisions, exactly like work typed in by a team: the 2025 report is fully approved,
the 2026 one is under review (one section returned with observations, others awaiting
review), and so is the annual report 2026's written part (services/demo/annual.py). Personal passphrases of the team: see services/demo/signatures.py.
"""

import struct
import zlib
from pathlib import Path

from npmdesk.crypto.kdf import KdfParams
from npmdesk.domain import model
from npmdesk.services.demo import annual as demo_annual
from npmdesk.services.team import institution
from npmdesk.services.demo import approved, history
from npmdesk.services.demo import texts as t
from npmdesk.services.demo.clock import DemoClock
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.drafting import reports
from npmdesk.services.review import actions as review
from npmdesk.services.demo import tracking as demo_tracking
from npmdesk.services.demo import signatures as review_demo
from npmdesk.services.session import Session, create_case

# Printed by `npmdesk demo`; a demo file holds nothing real.
DEMO_PASSPHRASE = "cerro-azul-demo-2026"

SIGNER_ROLE = "Directora Nacional del Mecanismo Nacional de Prevención de la Tortura"
TEAM = [  # name, discipline, role
    ("Marisol Quintero Arosemena", "coordinacion", "director"),
    ("Héctor Julián Sanjur Vega", "coordinacion", "revisor"),
    ("Itzel Marina Córdoba Ríos", "derecho", "autor"),
    ("Dra. Aurora Beatriz Pitti Samudio", "medicina", "autor"),
    ("Lic. Tomás Alberto Guerra Lince", "psicologia", "autor"),
    ("Lic. Nelva Judith Ortega Caballero", "trabajo_social", "autor"),
]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def plan_png(width: int = 240, height: int = 160) -> bytes:
    """A small grey-scale floor plan of a cell block (eight cells and a corridor) as PNG bytes."""
    pixels = [[255] * width for _ in range(height)]

    def rect(x0, y0, x1, y1, shade=0):
        for x in range(x0, x1 + 1):
            pixels[y0][x] = pixels[y1][x] = shade
        for y in range(y0, y1 + 1):
            pixels[y][x0] = pixels[y][x1] = shade

    rect(4, 4, width - 5, height - 5)
    for i in range(4):
        rect(10 + i * 56, 10, 60 + i * 56, 62)
        rect(10 + i * 56, 98, 60 + i * 56, 150)
    for x in range(10, width - 10):
        for y in range(74, 86):
            pixels[y][x] = 200
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def create_demo(path, passphrase: str = DEMO_PASSPHRASE, signed: bool = True, *,
                kdf_params: KdfParams | None = None) -> Session:
    """Create the demonstration case file at `path` (which must not exist) and return it open.

    `signed=False` leaves out keys, roster and review decisions (every report in redacción).
    `kdf_params` (the test suite's fixtures only) key the file and the team's wrapped keys.
    """
    name, discipline, _role = TEAM[0]
    clock = DemoClock(2025, 5, 5, 8, 40)
    # Filled before it takes its name: a demo killed half-way leaves no half a demo at `path`.
    with model.recorded_clock(clock):
        return create_case(Path(path), passphrase, owner_name=name, owner_discipline=discipline,
                           kdf_params=kdf_params,
                           then=lambda session: _fill(session, signed, kdf_params, clock))


def _fill(session: Session, signed: bool, kdf_params: KdfParams | None, clock: DemoClock) -> None:
    members = [session.actor] + [records.save(session, model.TeamMember(n, d, r))
                                 for n, d, r in TEAM[1:]]
    by_discipline = {m.discipline: m for m in members[2:]}
    by_discipline["coordinacion"] = members[0]
    institution.set_institution(session, signer_role=SIGNER_ROLE)  # how the Director's role is written
    place = records.save(session, model.Place(
        name="Centro Penitenciario de Cerro Azul", kind="centro_penitenciario",
        province="Panamá Oeste", district="La Chorrera", capacity=900,
        authority="Dirección General del Sistema Penitenciario",
        address="Vía a Cerro Azul, corregimiento de Los Naranjos", description=t.PLACE_DESCRIPTION))
    team = [model.VisitMember(by_discipline[d].id, d, leader=(d == "derecho"))
            for d in ("derecho", "medicina", "psicologia", "trabajo_social")]
    clock.at(2025, 5, 14, 9, 0)  # the morning after the 2025 visit
    earlier = records.save(session, model.Visit(
        place_id=place.id, start_date="2025-05-12", end_date="2025-05-13", kind="inicial",
        announced=True, team=team[:2], population=1310,
        objectives="Visita inicial en profundidad al centro."))
    for code, kind, sex, age, notes in t.EARLIER_INTERVIEWS:
        records.add_interview(session, model.Interview(
            visit_id=earlier.id, code=code, kind=kind, sex=sex, age_range=age, notes=notes,
            consent_interview=True, consent_report=True))
    earlier_recs = [records.save(session, model.Recommendation(
        visit_id=earlier.id, text=text, authority=authority, level=level, priority=priority,
        deadline=deadline, area="condiciones_materiales"))
        for text, authority, level, priority, deadline, _status, _note in t.EARLIER_RECOMMENDATIONS]
    clock.at(2025, 5, 26, 9, 15)
    _earlier_report(session, earlier, by_discipline)
    if signed:  # keys, the first roster and the 2025 report approved, in June 2025
        clock.at(2025, 6, 9, 10, 0)
        signatures = review_demo.sign_and_approve(session, kdf_params)
    clock.at(2026, 10, 22, 9, 0)  # the morning after the 2026 visit
    visit = records.save(session, model.Visit(
        place_id=place.id, start_date="2026-10-20", end_date="2026-10-21", kind="seguimiento",
        announced=False, team=team, population=1480,
        objectives="Verificar el cumplimiento de las recomendaciones de 2025; examinar el "
                   "hacinamiento y el acceso a la salud.",
        people_met="Director del centro, jefa de seguridad, médico de turno, coordinadora educativa.",
        registers_reviewed="Registro de ingresos, libro de novedades, registro de sanciones, "
                           "agenda de citas médicas externas.",
        access_obstacles="Ninguno; el ingreso al pabellón de máxima seguridad se demoró 40 minutos."))
    interviews = {}
    for (code, kind, sex, age, groups, consent, allegations, referral, real_identity,
         notes) in t.INTERVIEWS:
        interviews[code] = records.add_interview(session, model.Interview(
            visit_id=visit.id, code=code, kind=kind, sex=sex, age_range=age,
            vulnerable_groups=groups, consent_interview=consent[0], consent_report=consent[1],
            consent_identify=consent[2], notes=notes, allegations=allegations,
            referral_needed=referral, real_identity=real_identity))
    notes = [records.save(session, model.FieldNote(visit.id, title, text, kind))
             for title, kind, text in t.NOTES]
    plan = records.add_attachment(session, plan_png(), "plano-pabellon-3.png",
                                  "Croquis del pabellón 3", visit.id, "image/png", True)
    findings = []
    for area, title, text, triangulated, codes, note_idx, with_plan in t.FINDINGS:
        findings.append(records.save(session, model.Finding(
            visit.id, area, title, text, triangulated,
            interview_ids=[interviews[c].id for c in codes],
            note_ids=[notes[i].id for i in note_idx],
            attachment_ids=[plan.id] if with_plan else [])))
    new_recs = [records.save(session, model.Recommendation(
        visit_id=visit.id, text=text, authority=authority, level=level, priority=priority,
        deadline=deadline, area=area, finding_ids=[findings[finding].id]))
        for finding, text, authority, level, priority, deadline, area in t.RECOMMENDATIONS]
    demo_tracking.follow_up(session, by_discipline["derecho"], visit, earlier_recs, new_recs,
                            [note for *_rest, note in t.EARLIER_RECOMMENDATIONS])
    clock.at(2026, 10, 23, 9, 0)  # the other places' visits of 2024-2026 entered the next day
    past = history.add_history(session, by_discipline)
    clock.at(2026, 10, 26, 8, 50)
    current = _report(session, visit, by_discipline)
    if signed:  # the review under way in November 2026
        clock.at(2026, 11, 16, 9, 30)
        review_demo.return_one(session, signatures)
        _submit_for_review(session, current, ("introduccion", "servicios_medicos"))
    clock.at(2026, 11, 18, 9, 0)  # their 2026 reports reviewed two days later
    history.add_reports(session, past, by_discipline, approve=signed)
    if signed:  # the approved reports' letters, sent that week
        clock.at(2026, 11, 20, 11, 0)
        demo_tracking.send_letters(session, by_discipline["derecho"])
    clock.at(2026, 11, 25, 10, 0)  # the annual report's written parts, drafted and sent for review
    demo_annual.add_annual_report(session, signed)


def _earlier_report(session: Session, visit: model.Visit, by_discipline: dict) -> None:
    report = records.save(session, model.Report(
        visit_id=visit.id, title="Informe de la visita inicial al Centro Penitenciario de Cerro Azul",
        kind="visita", template="visita", number="MNPT-2025-014"))
    records.add_attachment(session, plan_png(), "croquis-pabellon-3-2025.png", approved.ANNEX_CAPTION,
                           visit.id, "image/png", True)
    saved: dict[str, model.Section] = {}
    positions: dict[str | None, int] = {}
    for key, title, discipline, author, parent, body in approved.SECTIONS:
        positions[parent] = positions.get(parent, 0) + 1  # positions count under each parent
        section = records.save(session, model.Section(
            report_id=report.id, title=title, position=positions[parent], key=key, discipline=discipline,
            parent_id=saved[parent].id if parent else None, author_ids=[by_discipline[author].id]))
        saved[key] = section
        records.save_section_body(Session(session.case, by_discipline[author]), section.id, body)


def _submit_for_review(session: Session, report: model.Report, keys) -> None:
    """Authors send a few more sections of the report under review, so the queue has work."""
    for section in records.select(session, model.Section, report_id=report.id):
        if section.key not in keys:
            continue
        author = records.get(session, model.TeamMember, section.author_ids[0])
        identity.unlock_identity(session, author.id, review_demo.demo_passphrase(author))
        review.submit_section(session, section.id, as_member=author.id)
        identity.lock_identity(session, author.id)


# Keys of the demo texts → keys of the shipped follow-up template's sections.
_TEMPLATE_KEY = {"h_trato": "trato", "h_condiciones": "condiciones_materiales",
                 "h_salud": "servicios_medicos", "h_proteccion": "medidas_proteccion",
                 "h_vulnerables": "grupos_vulnerables"}


def _report(session: Session, visit: model.Visit, by_discipline: dict) -> model.Report:
    """The report, created from the follow-up template by the visit's leader (who thereby
    pre-fills the follow-up of earlier recommendations); each drafted section is then written
    by its first assigned author."""
    leader = next(m.member_id for m in visit.team if m.leader)
    members = {m.id: m for m in records.select(session, model.TeamMember)}
    as_leader = Session(session.case, members[leader])
    report = reports.create_report(
        as_leader, visit.id, "seguimiento", number="MNPT-2026-031",
        title="Informe de la visita de seguimiento al Centro Penitenciario de Cerro Azul")
    sections = {s.key: s for s in records.select(session, model.Section, report_id=report.id)}
    for key, _title, _discipline, _parent, _authors, body in t.SECTIONS:
        section = sections[_TEMPLATE_KEY.get(key, key)]
        # The follow-up table create_report pre-filled stays; the pre-filled «Datos del informe»
        # is then completed by its author, as a coordinator would.
        if body and (not section.body or section.key == "datos"):
            author = members[section.author_ids[0]]
            records.save_section_body(Session(session.case, author), section.id, body)
    return report
