"""Every table of the exported report has a header row that Word and LibreOffice repeat at the
top of each page the table runs onto: the recommendations, the tables in section bodies and the
annex's aggregate figures."""

from docx import Document
from docx.oxml.ns import qn

from export_fixture import build_report
from npmdesk.services.archive import word as export


def _repeated(row) -> bool:
    tr_pr = row._tr.trPr
    header = tr_pr.find(qn("w:tblHeader")) if tr_pr is not None else None
    return header is not None and header.get(qn("w:val"), "true") in ("true", "1", "on")


def test_every_table_repeats_its_header_row(session, tmp_path):
    built = build_report(session)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    tables = {t.rows[0].cells[0].text: t for t in Document(target).tables}
    aggregates = tables["Concepto"]
    assert [c.text for c in aggregates.rows[0].cells] == ["Concepto", "Cantidad"]
    assert aggregates.rows[1].cells[0].text == "Entrevistas individuales en privado"
    body = tables["Pabellón"]  # the section's own table, its <th> row
    recommendations = tables["N.º"]
    for table in (aggregates, body, recommendations):
        assert _repeated(table.rows[0])
        assert not any(_repeated(row) for row in table.rows[1:])
    assert all(run.bold for cell in aggregates.rows[0].cells for run in cell.paragraphs[0].runs)
