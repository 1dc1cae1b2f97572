"""'Datos del informe' starts with what the case file knows: number, place, dates, kind of visit."""

from npmdesk.domain import model
from npmdesk.services.drafting import reports
from npmdesk.services.records import edit as records
from npmdesk.services.records.browse import plain_text as _plain


def plain_text(body: str) -> str:
    return " ".join(_plain(body).split())


def _visit(session, **fields):
    place = records.save(session, model.Place(name="Centro Femenino de Rehabilitación", kind="centro_penitenciario",
                                              province="Panamá"))
    return records.save(session, model.Visit(place_id=place.id, **fields))


def test_datos_del_informe_is_pre_filled(session):
    visit = _visit(session, start_date="2026-11-03", end_date="2026-11-05", kind="seguimiento",
                   announced=False)
    report = reports.create_report(session, visit.id, number="MNPT-2026-040")
    datos = next(s for s in records.select(session, model.Section, report_id=report.id) if s.key == "datos")
    assert plain_text(datos.body) == (
        "Informe n.º MNPT-2026-040. Lugar: Centro Femenino de Rehabilitación, provincia de Panamá. "
        "Fechas: del 3 al 5 de noviembre de 2026. Tipo de visita: seguimiento, no anunciada. "
        "Clasificación: confidencial.")


def test_a_one_day_announced_visit_without_province(session):
    place = records.save(session, model.Place(name="Subestación <Norte> & Sur", kind="subestacion_policia"))
    visit = records.save(session, model.Visit(place_id=place.id, start_date="2026-02-10", end_date="2026-02-10",
                                              kind="inicial", announced=True))
    report = reports.create_report(session, visit.id)
    datos = next(s for s in records.select(session, model.Section, report_id=report.id) if s.key == "datos")
    assert "<b>Lugar:</b> Subestación &lt;Norte&gt; &amp; Sur." in datos.body
    assert "Fechas: 10 de febrero de 2026." in plain_text(datos.body)
    assert "Tipo de visita: inicial / en profundidad, anunciada." in plain_text(datos.body)
    assert f"Informe n.º {report.number}." in plain_text(datos.body)
