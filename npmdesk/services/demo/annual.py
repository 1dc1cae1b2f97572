"""The demo's «informe anual» 2026: the parts the team writes of the annual report, drafted by
their authors (the Director: presentation, challenges, priorities; the lawyer: the analysis of
the year's findings) and sent for review at the end of November 2026.

It is left under review, not approved: in the demo's November the year is not over, its figures
still move (the prison's report is itself under review), and an NPM approves its annual report
once the year has closed. So `annual-report` on the demo prints the drafted text with the
BORRADOR mark, and the review queue shows the annual report beside the visits' reports.
"""

from npmdesk.domain import model
from npmdesk.services.demo import signatures as review_demo
from npmdesk.services.drafting import reports
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.session import Session
from npmdesk.services.team import identity

YEAR = 2026

TEXTS = {
    "presentacion": (
        "<p>Este es el noveno informe anual del Mecanismo Nacional de Prevención de la Tortura desde su "
        "creación por la Ley 6 de 2017. En 2026 el MNPT visitó tres lugares de privación de libertad de tipos "
        "distintos: un centro penitenciario, un centro de cumplimiento de menores y, por primera vez en una "
        "visita reactiva, una estación de recepción migratoria.</p>"
        "<p>El año deja avances que conviene reconocer —la separación de adolescentes por edad en Los "
        "Guayacanes, la reparación parcial de los baños del pabellón 3 de Cerro Azul— y problemas que se "
        "repiten: el hacinamiento, la falta de agua potable y el acceso tardío a la atención en salud.</p>"
        "<p>El MNPT pide a la Asamblea Nacional que asegure el presupuesto propio que la ley le reconoce, y a "
        "las autoridades que respondan a tiempo a las recomendaciones: varias respuestas de 2026 llegaron "
        "después del plazo.</p>"),
    "hallazgos": (
        "<p>Tres hallazgos atraviesan los lugares visitados en 2026:</p>"
        "<ul><li><b>Hacinamiento.</b> Cerro Azul alberga 1,480 personas para 900 plazas; Punta Alegre "
        "alojaba 520 personas para 300 plazas durante la visita reactiva.</li>"
        "<li><b>Agua y saneamiento.</b> En Punta Alegre el agua se cortaba por la tarde; en Cerro Azul los "
        "baños del pabellón 3 solo se repararon en parte.</li>"
        "<li><b>Salud mental.</b> En Los Guayacanes una psicóloga atiende a 91 adolescentes dos días por "
        "semana y no hay protocolo ante autolesiones.</li></ul>"
        "<p>Respecto de 2025, las alegaciones de malos tratos se concentran en los traslados y en los "
        "primeros días de ingreso, lo que orienta las visitas de 2027.</p>"),
    "desafios": (
        "<ul><li>El presupuesto del MNPT no creció en 2026 y no permite contratar el equipo médico de "
        "tiempo completo previsto.</li>"
        "<li>El ingreso al pabellón de máxima seguridad de Cerro Azul se demoró 40 minutos; la Dirección "
        "General del Sistema Penitenciario aún no ha emitido la circular de acceso inmediato.</li>"
        "<li>Varias recomendaciones de 2024 y 2025 siguen incumplidas o sin respuesta de la autoridad "
        "destinataria.</li></ul>"
        "<p>Una persona entrevistada denunció represalias después de una visita; el MNPT derivó el caso y "
        "mantiene su seguimiento, sin dar a conocer su identidad.</p>"),
    "prioridades": (
        "<p>En 2027 el MNPT dará prioridad a:</p>"
        "<ol><li>las subestaciones de policía, donde se concentran las alegaciones de los primeros días de "
        "detención;</li><li>el seguimiento de las recomendaciones urgentes sobre agua y hacinamiento;</li>"
        "<li>la formación del equipo en la documentación de lesiones conforme al Protocolo de "
        "Estambul.</li></ol>"),
}


def add_annual_report(session: Session, signed: bool) -> model.Report:
    """The annual report 2026 created by the Director, drafted by each section's author and, when
    the demo is signed, sent for review by them."""
    report = reports.create_annual_report(session, YEAR)
    members = {m.id: m for m in records.select(session, model.TeamMember)}
    sections = records.select(session, model.Section, report_id=report.id)
    for section in sections:
        author = members[section.author_ids[0]]
        records.save_section_body(Session(session.case, author), section.id, TEXTS[section.key])
    if signed:
        owner_id = session.case.meta("owner_id")
        for section in sections:
            author = members[section.author_ids[0]]
            if author.id != owner_id:
                identity.unlock_identity(session, author.id, review_demo.demo_passphrase(author))
            review.submit_section(session, section.id, as_member=author.id)
            if author.id != owner_id:
                identity.lock_identity(session, author.id)
    return report
