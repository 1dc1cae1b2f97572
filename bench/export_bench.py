"""Export of a ~100-page report vs bare python-docx writing the same content, in the same run.

    PYTHONPATH=. python bench/export_bench.py [--pages 100] [--repeat 3]

The baseline writes the same headings, paragraphs and recommendation rows with plain
python-docx calls (add_heading / add_paragraph / add_table, the default template) and
saves; npmdesk's writer additionally sanitizes every string, tags runs es-PA, parses
the section HTML, numbers headings and paragraphs with Word lists, lays tables out for their
content, builds cover, TOC, header/footer, watermark, closing block and metadata, and saves
atomically. The third timing
adds what services/export.py does around the writer: the disclosure check of the writer's
paragraphs and of the .docx read back, against a watchlist of 3,000 interviewees.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from npmdesk.domain import disclosure as matching  # noqa: E402
from npmdesk.domain.model import Interview  # noqa: E402
from npmdesk.export import writer  # noqa: E402
from npmdesk.services.archive import disclosure  # noqa: E402
from npmdesk.export.content import (ClosingOut, FindingOut, RecommendationOut, ReportOut,  # noqa: E402
                                    SectionOut)

LABELS = {"number": "Número", "place": "Lugar", "dates": "Fechas de la visita",
          "classification": "Clasificación", "toc": "Índice", "toc_hint": "Actualice el índice",
          "page_of": "Página {page} de {pages}", "no_recommendations": "—", "col_number": "Nº",
          "col_text": "Recomendación", "col_authority": "Autoridad", "col_priority": "Prioridad",
          "col_deadline": "Plazo", "aggregates": "Datos agregados", "images": "Imágenes",
          "figure": "Imagen {n}.", "image_unreadable": "(imagen no legible)", "empty": "Sin contenido.",
          "rec_in_place": "Recomendación {n}.", "rec_paragraph": "párr. {n}", "where_closing": "Cierre",
          "closing_addressees": "Se dirige a:"}
PARAGRAPH = ("Durante la visita el equipo constató que las celdas del pabellón carecen de ventilación "
             "adecuada y de luz natural; las personas privadas de libertad permanecen encerradas "
             "veinte horas al día, sin acceso regular al patio ni a actividades educativas. ")


def synthetic(pages: int) -> ReportOut:
    """About 6 paragraphs of ~60 words per page, sections of 5 pages, 2 recommendations per page,
    each in bold after its section's finding and in the table, and the closing block."""
    report = ReportOut("Defensoría del Pueblo — MNPT", "Informe de la visita de prueba", "MNPT-2026-100",
                       "Centro Penitenciario", "3–5 de noviembre de 2026", "CONFIDENCIAL", True,
                       "BORRADOR", "Informe de visita", labels=LABELS)
    for s in range(pages // 5):
        body = "".join(f"<p>{PARAGRAPH}<b>Párrafo {s}.{i}</b></p>" for i in range(28))
        report.sections.append(SectionOut(f"Sección {s + 1}", body, "Estado: Borrador",
                                          findings=[("Trato", [FindingOut("Hallazgo", PARAGRAPH, f"f{s}")])]))
    report.sections[-1].recommendations = True
    report.recommendations = [RecommendationOut("Adoptar medidas para " + PARAGRAPH[:120],
                                                f"Autoridad {n % 4}", "Alta", "31 de marzo de 2027",
                                                [f"f{n % len(report.sections)}"])
                              for n in range(1, pages * 2)]
    report.closing = ClosingOut("Panamá, 3 de diciembre de 2026.", [f"Autoridad {n}" for n in range(4)],
                                "Nombre de la Directora", "Directora del MNPT", "Aprobado por … el …")
    return report


def bare(report: ReportOut, path: Path) -> None:
    doc = Document()
    doc.add_heading(report.title, 0)
    for section in report.sections:
        doc.add_heading(section.title, 1)
        for chunk in section.body.split("</p>"):
            if chunk:
                doc.add_paragraph(chunk.replace("<p>", "").replace("<b>", "").replace("</b>", ""))
        for area, findings in section.findings:
            doc.add_heading(area, 2)
            for finding in findings:
                doc.add_paragraph(finding.title + ". " + finding.text)
                for rec in report.recommendations:  # the same recommendations in place, in bold
                    if finding.id in rec.finding_ids:
                        doc.add_paragraph().add_run(rec.text).bold = True
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("Nº", "Recomendación", "Autoridad", "Prioridad", "Plazo")):
        cell.text = text
    for n, rec in enumerate(report.recommendations, 1):
        for cell, text in zip(table.add_row().cells, (str(n), rec.text, rec.authority,
                                                       rec.priority, rec.deadline)):
            cell.text = text
    doc.save(path)


def watchlist(people: int = 3000) -> matching.Watchlist:
    first = ["José", "María", "Luis", "Ana", "Carlos", "Rosa", "Wei", "Yu", "Óscar", "Luz"]
    last = ["Núñez", "Batista", "Quintanilla", "Li", "Pérez", "Ábrego", "Castillo", "Ng", "Peña", "Ortega"]
    return matching.Watchlist.of([
        Interview(visit_id=f"v{n // 10}", code=f"E-{n % 10 + 1:02d}", consent_report=n % 3 == 0,
                  real_identity=f"{first[n % 10]} {last[(n // 10) % 10]}{n // 100} {last[n % 7]}")
        for n in range(people)], "v0")


def checked(report: ReportOut, path: Path, watch) -> None:
    """As services/export.export_report: compose, check, read back, save."""
    document = writer.compose(report)
    texts = document.texts()
    written = disclosure.passages(texts, watch)
    data = document.to_bytes()
    assert disclosure.document_passages(written, texts, data, watch) == []
    writer.save(data, path)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report = synthetic(args.pages)
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "npmdesk.docx"
        base = Path(folder) / "bare.docx"
        t_bare = timed(lambda: bare(report, base), args.repeat)
        t_ours = timed(lambda: writer.write(report, ours), args.repeat)
        watch = watchlist()
        t_checked = timed(lambda: checked(report, ours, watch), args.repeat)
        paragraphs = len(Document(ours).paragraphs)
    print(f"report: {args.pages} pages target, {len(report.sections)} sections, {paragraphs} paragraphs, "
          f"{len(report.recommendations)} recommendations")
    print(f"bare python-docx: {t_bare:.3f} s   npmdesk export: {t_ours:.3f} s   "
          f"ratio {t_ours / t_bare:.2f}x (target <= 1.0x)")
    print(f"with the disclosure check (paragraphs + read-back, 3,000 people): {t_checked:.3f} s   "
          f"ratio {t_checked / t_bare:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
