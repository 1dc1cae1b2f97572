"""The demo's recommendations after their reports: the authorities' responses (one with its
letter attached and an action plan), a deadline passed without an answer, the verification in
practice at the 2026 follow-up visit and a reiteration, each recorded by a member of the team;
the letters (oficios) that sent the approved reports' recommendations.

Kept apart from case.py so other demo content (more places and visits) can grow beside it.
"""

import tempfile

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.services.tracking import history

DGSP = "Dirección General del Sistema Penitenciario"


def pdf_letter(lines: list[str]) -> bytes:
    """A one-page PDF holding `lines` (Latin-1 text): the scanned reply a desk would attach."""
    text = "".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -18 Td " for line in lines)
    stream = f"BT /F1 11 Tf 60 780 Td {text}ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def follow_up(session: Session, recorder: model.TeamMember, visit: model.Visit,
              earlier: list[model.Recommendation], new: list[model.Recommendation],
              notes: list[str]) -> None:
    """`earlier`: the 2025 recommendations (sanitation, sanctions register, overcrowding), with
    what the 2026 `visit` found about each in `notes`; `new`: the 2026 recommendations, the
    first of which repeats the overcrowding one."""
    desk = Session(session.case, recorder)
    sanitation, register, overcrowding = earlier
    reply = history.record_response(desk, model.AuthorityResponse(
        authority=DGSP, date="2025-08-29", reference="Nota n.º 1187-DGSP-DS-2025", means="oficio",
        text="La Dirección acepta las recomendaciones 1 y 2 del informe MNPT-2025-014 y presenta "
             "un plan de acción: sustitución de los sanitarios del pabellón 3 y creación de un "
             "registro único de sanciones.",
        recommendation_ids=[sanitation.id, register.id],
        commitments=[
            model.Commitment("Sustituir inodoros y lavamanos del pabellón 3.", "2025-11-30", sanitation.id),
            model.Commitment("Implementar un registro único y digital de sanciones.", "2026-02-28", register.id),
            model.Commitment("Capacitar a las jefaturas de seguridad en el uso del registro.",
                             "2026-03-31", register.id)]),
        status="en_proceso", reason="La autoridad presentó un plan de acción con plazos.",
        document=pdf_letter(["Nota n. 1187-DGSP-DS-2025", "Panama, 29 de agosto de 2025",
                             "Asunto: respuesta al informe MNPT-2025-014"]),
        filename="nota-1187-DGSP-2025.pdf", mime="application/pdf")
    history.change_status(desk, overcrowding.id, "incumplida", day="2026-07-01",
                          reason="Vencido el plazo del 30 de junio de 2026 sin respuesta ni medidas conocidas.")
    for rec, status, note in ((sanitation, "cumplida", notes[0]),
                              (register, "parcialmente_cumplida", notes[1])):
        history.verify(desk, rec.id, visit.id, status, note, day=visit.end_date or visit.start_date)
    history.change_status(desk, overcrowding.id, "reiterada", day=visit.end_date or visit.start_date,
                          reason=notes[2], basis="visita", visit_id=visit.id)
    repeating = records.get(desk, model.Recommendation, new[0].id)
    repeating.repeats_id = overcrowding.id
    records.save(desk, repeating)
    history.record_response(desk, model.AuthorityResponse(
        authority=DGSP, date="2026-11-20", reference="Nota n.º 2044-DGSP-DS-2026", means="correo",
        text="Se remite el cronograma de descongestión del pabellón 3.",
        recommendation_ids=[repeating.id],
        commitments=[model.Commitment("Trasladar a 120 personas al nuevo módulo de La Joya.",
                                      "2027-03-31", repeating.id)]),
        status="en_proceso", reason=f"Respuesta recibida: {reply.reference} fue la anterior; "
                                    "ahora se presenta un cronograma.")


def send_letters(session: Session, recorder: model.TeamMember) -> None:
    """The oficios of the approved reports, recorded as sent: the 2025 one answered late by the
    DGSP (its response of 29 August), the two of November 2026 still waiting for an answer."""
    from npmdesk.services.archive import letters
    from npmdesk.services.tracking import dialogue
    desk = Session(session.case, recorder)
    by_number = {r.number: r for r in records.select(desk, model.Report)}
    with tempfile.TemporaryDirectory() as folder:
        for number, day, sent, means in (("MNPT-2025-014", "2025-06-16", "2025-06-17", "mano"),
                                         ("MNPT-2026-007", "2026-11-18", "2026-11-19", "electronico"),
                                         ("MNPT-2026-019", "2026-11-18", "2026-11-20", "correo")):
            letters.write_letters(desk, by_number[number].id, folder, day=day)
            dialogue.mark_sent(desk, by_number[number].id, sent, means)
