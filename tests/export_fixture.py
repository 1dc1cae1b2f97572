"""A realistic visit report in a real encrypted case file, shared by the export tests."""

import io
from dataclasses import dataclass

from npmdesk.domain import model
from npmdesk.services.records import edit as records

REAL_NAMES = ("Rigoberto Quintanilla Saldaña", "Maricruz Ábrego Villalaz")
NOTE_SECRET = "golpeado con una manguera en la celda de castigo por el custodio de turno"
FIELD_SECRET = "registro de ingresos con tachaduras en la página catorce del libro verde"


def png_bytes(color=(31, 58, 95)) -> bytes:
    """A small real PNG made with the standard library (zlib), 120×80 pixels."""
    import struct
    import zlib
    width, height = 120, 80
    raw = b"".join(b"\x00" + bytes(color) * width for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


QT_HTML = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">
<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" /><style type="text/css">
p, li { white-space: pre-wrap; }
</style></head><body style=" font-family:'Sans'; font-size:10pt; font-weight:400; font-style:normal;">
<p style=" margin-top:0px; margin-bottom:0px;">La visita se realizó sin previo aviso. El equipo constató
<span style=" font-weight:700;">hacinamiento crítico</span> en el pabellón B y
<span style=" font-style:italic;">falta de ventilación</span>.<sup class="fn">1</sup></p>
<ul style="margin-top: 0px;"><li>Revisión de registros de ingreso</li><li>Entrevistas privadas<ul><li>individuales</li></ul></li></ul>
<h4>Limitaciones</h4>
<p>El acceso a la enfermería se <u>demoró</u> 40 minutos [^2].</p>
<table border="1"><tr><th>Pabellón</th><th>Capacidad</th><th>Población</th></tr>
<tr><td>A</td><td>120</td><td>198</td></tr><tr><td>B</td><td>80</td><td>171</td></tr></table>
</body></html>"""


@dataclass
class Built:
    report: model.Report
    visit: model.Visit
    sections: list
    interviews: list


def build_report(session, state="en_redaccion", sections=None) -> Built:
    place = records.save(session, model.Place(
        name="Centro Penitenciario La Joya", kind="centro_penitenciario", province="Panamá",
        authority="Dirección General del Sistema Penitenciario", capacity=2500))
    visit = records.save(session, model.Visit(
        place_id=place.id, start_date="2026-11-03", end_date="2026-11-05", population=3120,
        objectives="Examinar el trato y las condiciones de detención."))
    interviews = [
        records.add_interview(session, model.Interview(
            visit_id=visit.id, sex="hombre", consent_interview=True, consent_report=True,
            notes=NOTE_SECRET, real_identity=REAL_NAMES[0], allegations=["malos_tratos"])),
        records.add_interview(session, model.Interview(
            visit_id=visit.id, sex="mujer", consent_interview=True, consent_report=False,
            notes="prefiere no ser citada; teme represalias del pabellón", real_identity=REAL_NAMES[1])),
    ]
    records.save(session, model.FieldNote(visit_id=visit.id, title="Libro de ingresos", text=FIELD_SECRET))
    report = records.save(session, model.Report(
        visit_id=visit.id, title="Informe de la visita al Centro Penitenciario La Joya",
        number="MNPT-2026-017", state=state))
    specs = sections or [
        ("datos", "Datos del informe", "<p>Visita inicial, no anunciada.</p>", None),
        ("resumen", "Resumen ejecutivo", "<p>Se observaron condiciones <b>graves</b>.</p>", None),
        ("metodologia", "Metodología", QT_HTML, None),
        ("hallazgos", "Hallazgos", "<p>Hallazgos por área temática.</p>", None),
        ("trato", "Trato", "<p>La persona E-01 relató malos tratos durante la requisa.</p>", "hallazgos"),
        ("condiciones_materiales", "Condiciones materiales", "<p>Celdas sin luz natural.</p>", "hallazgos"),
        ("recomendaciones", "Recomendaciones", "<p>Se formulan las siguientes recomendaciones.</p>", None),
        ("anexos", "Anexos", "", None),
    ]
    saved = {}
    for position, (key, title, body, parent) in enumerate(specs):
        saved[key] = records.save(session, model.Section(
            report_id=report.id, title=title, key=key, position=position, body=body,
            parent_id=saved[parent].id if parent else None,
            state="aprobada" if state in ("aprobado", "exportado") else "borrador"))
    records.save(session, model.Finding(
        visit_id=visit.id, area="trato", title="Uso excesivo de la fuerza en requisas",
        text="Varias personas describieron golpes durante las requisas nocturnas."))
    records.save(session, model.Finding(
        visit_id=visit.id, area="condiciones_materiales", title="Hacinamiento",
        text="La ocupación supera el 120 % de la capacidad."))
    for text, authority, priority in (
            ("Reducir el hacinamiento del pabellón B.", "Dirección General del Sistema Penitenciario", "urgente"),
            ("Registrar toda requisa en un libro foliado.", "Dirección General del Sistema Penitenciario", "alta"),
            ("Investigar las denuncias de malos tratos.", "Ministerio Público", "urgente")):
        records.save(session, model.Recommendation(
            visit_id=visit.id, text=text, authority=authority, priority=priority, deadline="2027-03-31"))
    records.add_attachment(session, png_bytes(), "pabellon.png", "Pabellón B, vista del pasillo",
                           visit_id=visit.id, include_in_export=True)
    records.add_attachment(session, png_bytes((200, 0, 0)), "privada.png", "Foto interna no exportable",
                           visit_id=visit.id, include_in_export=False)
    return Built(report, visit, list(saved.values()), interviews)


def numbered_headings(document) -> list[str]:
    """The headings as Word shows them: the multilevel list's number (counted from each
    paragraph's numPr, as Word counts it) before the text; headings out of the list (numId 0)
    as they are. Fails when a heading carries a typed number instead. A paragraph that is not
    a heading but is numbered in the headings' list (a draft's empty section, on one line) takes
    its number as Word gives it, and is not listed."""
    from docx.oxml.ns import qn
    counters: list[int] = []
    shown = []
    heading_list = _heading_list(document)
    for paragraph in document.paragraphs:
        heading = paragraph.style.name.startswith("Heading")
        num_pr = paragraph._p.pPr.find(qn("w:numPr")) if paragraph._p.pPr is not None else None
        if not heading and (num_pr is None or num_pr.find(qn("w:numId")).get(qn("w:val")) != heading_list):
            continue
        assert num_pr is not None, f"heading without numPr: {paragraph.text}"
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        if num_id == "0":
            shown.append(paragraph.text)
            continue
        level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))
        counters = counters[:level + 1] + [0] * (level + 1 - len(counters))
        counters[level] += 1
        assert not paragraph.text[:1].isdigit(), f"typed heading number: {paragraph.text}"
        if heading:
            shown.append(".".join(str(n) for n in counters) + ". " + paragraph.text)
    return shown


def _heading_list(document) -> str | None:
    """The numId Heading 1's style is numbered in (the export links it to the heading list)."""
    from docx.oxml.ns import qn
    p_pr = document.styles["Heading 1"].element.pPr
    num_id = p_pr.find(f"{qn('w:numPr')}/{qn('w:numId')}") if p_pr is not None else None
    return num_id.get(qn("w:val")) if num_id is not None else None


def empty_lines(document) -> list[str]:
    """The one-line empty sections of a draft: the text of each paragraph numbered in the
    headings' list that is not a heading."""
    from docx.oxml.ns import qn
    heading_list = _heading_list(document)
    return [p.text for p in document.paragraphs if not p.style.name.startswith("Heading")
            and p._p.pPr is not None and p._p.pPr.find(f"{qn('w:numPr')}/{qn('w:numId')}") is not None
            and p._p.pPr.find(f"{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) == heading_list]
