"""Field notes, attachments (viewed in memory), findings with evidence, recommendations."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from formkit import audit_actions, loaded, make_visit, save, shoot
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.records import attachments as attachments_module, base
from npmdesk.ui.records.attachments import open_attachments
from npmdesk.ui.records.field_note import open_field_note
from npmdesk.ui.records.finding import evidence_flags, open_finding
from npmdesk.ui.tracking.recommendation_form import open_recommendation


@pytest.fixture
def ctx(session):
    return AppContext(session)


@pytest.fixture
def visit(session):
    return make_visit(session)


def png_bytes() -> bytes:
    image = QImage(160, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a7ab0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def pdf_bytes(pages=("Acta de visita", "Registro de ingresos")) -> bytes:
    """A small valid PDF written by hand: one Helvetica text line per page."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()]
    font = 3 + 2 * len(pages)
    for i, text in enumerate(pages):
        stream = f"BT /F1 28 Tf 72 700 Td ({text}) Tj ET".encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i}"
                       f" 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_field_note_create_and_delete(qtbot, ctx, session, visit, monkeypatch):
    view = loaded(qtbot, open_field_note(ctx, None, visit.id))
    qtbot.keyClicks(view.title, "Pabellon B")
    view.kind.setCurrentIndex(view.kind.findData("registro"))
    view.text.insertPlainText("Libro de ingresos sin foliar; 14 ingresos sin hora registrada.")
    shoot(view, "field_note")
    entity, note_id = save(qtbot, ctx, view)
    stored = records.get(session, model.FieldNote, note_id)
    assert (stored.title, stored.kind, stored.visit_id) == ("Pabellon B", "registro", visit.id)
    assert view.kind.currentText() == "Datos de registros"
    monkeypatch.setattr(base.ConfirmDelete, "ask", classmethod(lambda cls, parent, name: True))
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert records.select(session, model.FieldNote) == []
    assert ("eliminar", note_id) in audit_actions(session, "field_note")


def test_attachments_added_viewed_in_memory_and_edited(qtbot, ctx, session, visit, tmp_path,
                                                      monkeypatch):
    temp_dir = Path(os.environ["TMPDIR"])
    files = tmp_path / "files"
    files.mkdir()
    (files / "pasillo.png").write_bytes(png_bytes())
    (files / "acta.pdf").write_bytes(pdf_bytes())
    view = loaded(qtbot, open_attachments(ctx, None, visit.id))
    controller = view.controller
    assert view.listing.count() == 0 and not view.caption.isEnabled()
    monkeypatch.setattr(attachments_module.FilePicker, "ask", classmethod(
        lambda cls, parent=None: [str(files / "pasillo.png"), str(files / "acta.pdf")]))
    with qtbot.waitSignal(controller.sig_shown, timeout=5000) as shown:
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    stored = records.select(session, model.Attachment, visit_id=visit.id)
    assert sorted(a.filename for a in stored) == ["acta.pdf", "pasillo.png"]
    pdf = next(a for a in stored if a.filename == "acta.pdf")
    png = next(a for a in stored if a.filename == "pasillo.png")
    assert shown.args == [pdf.id]  # the last added is selected and shown
    assert pdf.mime == "application/pdf" and pdf.caption == "acta"
    qtbot.waitUntil(lambda: view.listing.count() == 2)
    viewer = view.viewer
    assert viewer.page_label.text() == "Página 1 de 2"
    first = viewer.canvas.pixmap().toImage()
    assert first.width() > 800 and first.pixelColor(5, 5) == QColor("white")
    qtbot.mouseClick(viewer.next, Qt.MouseButton.LeftButton)
    assert viewer.page_label.text() == "Página 2 de 2" and not viewer.next.isEnabled()
    qtbot.mouseClick(viewer.zoom_out, Qt.MouseButton.LeftButton)
    assert viewer.canvas.pixmap().width() < first.width()
    shoot(view, "attachment_pdf", (900, 700))
    # Edit the caption and the export flag.
    view.caption.selectAll()
    qtbot.keyClicks(view.caption, "Acta de ingreso")
    view.include.setFocus()
    qtbot.keyClick(view.include, Qt.Key.Key_Space)
    assert view.include.isChecked()
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: records.get(session, model.Attachment, pdf.id).caption == "Acta de ingreso")
    assert records.get(session, model.Attachment, pdf.id).include_in_export
    # The photo.
    with qtbot.waitSignal(controller.sig_shown, timeout=5000):
        controller.select(png.id)
    image = viewer.canvas.pixmap().toImage()
    assert (image.width(), image.height()) == (160, 90)
    assert image.pixelColor(80, 45) == QColor("#2a7ab0")
    assert not viewer.page_label.isVisible()
    shoot(view, "attachment_image", (900, 600))
    assert list(temp_dir.iterdir()) == []  # nothing was extracted to a temporary file
    # Deleting asks, and is in the bitácora.
    monkeypatch.setattr(base.ConfirmDelete, "ask", classmethod(lambda cls, parent, name: True))
    with qtbot.waitSignal(ctx.sig_changed, timeout=5000):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.listing.count() == 1)
    assert ("eliminar", png.id) in audit_actions(session, "attachment")


def test_attachment_that_cannot_be_shown_or_read(qtbot, ctx, session, visit, tmp_path,
                                                 monkeypatch):
    broken = tmp_path / "roto.pdf"
    broken.write_bytes(b"%PDF-1.4\nesto no es un PDF")
    view = loaded(qtbot, open_attachments(ctx, None, visit.id))
    monkeypatch.setattr(attachments_module.FilePicker, "ask",
                        classmethod(lambda cls, parent=None: [str(broken)]))
    with qtbot.waitSignal(view.controller.sig_shown, timeout=5000):
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert "dañado" in view.viewer.canvas.text()
    monkeypatch.setattr(attachments_module.FilePicker, "ask",
                        classmethod(lambda cls, parent=None: [str(tmp_path / "no-existe.jpg")]))
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible())
    assert view.message.text() == "No se puede guardar: no se pudo leer el archivo «no-existe.jpg»."
    assert len(records.select(session, model.Attachment)) == 1


def test_evidence_flags():
    seen = model.FieldNote("v", "Celda", kind="observacion")
    register = model.FieldNote("v", "Libro", kind="registro")
    notes = [seen, register]
    assert evidence_flags(model.Finding("v", "trato", "t"), notes) == ["Sin evidencia"]
    single = model.Finding("v", "trato", "t", interview_ids=["i1"])
    assert evidence_flags(single, notes) == ["Fuente única / no triangulada"]
    same_kind = model.Finding("v", "trato", "t", interview_ids=["i1", "i2"])
    assert evidence_flags(same_kind, notes) == ["Fuente única / no triangulada"]
    assert evidence_flags(model.Finding("v", "trato", "t", note_ids=[seen.id, register.id]), notes) == []
    assert evidence_flags(model.Finding("v", "trato", "t", interview_ids=["i1"], note_ids=[seen.id]), notes) == []


def test_finding_with_evidence_and_recommendation_with_follow_up(qtbot, ctx, session, visit):
    interview = records.add_interview(session, model.Interview(visit_id=visit.id))
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Celda 4"))
    records.save(session, model.FieldNote(visit_id=visit.id, title="Cocina"))
    view = loaded(qtbot, open_finding(ctx, None, visit.id))
    assert view.flags.text() == "Sin evidencia"
    view.area.setCurrentIndex(view.area.findData("condiciones_materiales"))
    qtbot.keyClicks(view.title, "Hacinamiento en el pabellon B")
    view.text.insertPlainText("La celda 4 aloja a 12 personas con capacidad para 4.")
    view.interviews.set_checked(interview.id)
    assert view.flags.text() == "Fuente única / no triangulada"
    view.notes.set_checked(note.id)
    assert view.flags.text() == "Ninguna"
    qtbot.mouseClick(view.triangulated, Qt.MouseButton.LeftButton)
    shoot(view, "finding")
    entity, finding_id = save(qtbot, ctx, view)
    finding = records.get(session, model.Finding, finding_id)
    assert finding.interview_ids == [interview.id] and finding.note_ids == [note.id]
    assert finding.area == "condiciones_materiales" and finding.triangulated

    rec_view = loaded(qtbot, open_recommendation(ctx, None, visit.id))
    rec_view.text.insertPlainText("Reducir la población del pabellón B a su capacidad.")
    rec_view.findings.set_checked(finding_id)
    rec_view.authority.lineEdit().insert("Dirección General del Sistema Penitenciario")
    rec_view.level.setCurrentIndex(rec_view.level.findData("institucion"))
    rec_view.priority.setCurrentIndex(rec_view.priority.findData("urgente"))
    qtbot.mouseClick(rec_view.deadline.check, Qt.MouseButton.LeftButton)
    rec_view.deadline.date.setDate(QDate(2027, 3, 31))
    shoot(rec_view, "recommendation", (820, 820))
    entity, rec_id = save(qtbot, ctx, rec_view)
    rec = records.get(session, model.Recommendation, rec_id)
    assert rec.finding_ids == [finding_id] and rec.priority == "urgente"
    assert (rec.level, rec.deadline, rec.status) == ("institucion", "2027-03-31", "pendiente")
    # A new recommendation starts its status history: dated by its visit, by the person working.
    assert [(e.date, e.status, e.actor_id) for e in rec.history] == [
        (visit.start_date, "pendiente", session.actor.id)]
    # An empty authority is refused and nothing changes.
    rec_view.authority.setEditText("")
    qtbot.mouseClick(rec_view.save_button, Qt.MouseButton.LeftButton)
    assert rec_view.message.text() == (
        "No se puede guardar: falta el campo obligatorio autoridad destinataria.")
    assert records.get(session, model.Recommendation, rec_id).authority.startswith("Dirección")
    # Reopening shows what was stored.
    again = loaded(qtbot, open_recommendation(ctx, rec_id, None))
    assert again.findings.checked() == [finding_id]
    assert again.history.count() == 1 and "Pendiente" in again.history.item(0).text()
    assert again.deadline.iso() == "2027-03-31"


def test_finding_lists_follow_evidence_added_elsewhere(qtbot, ctx, session, visit):
    note = records.save(session, model.FieldNote(visit_id=visit.id, title="Celda 4"))
    view = loaded(qtbot, open_finding(ctx, None, visit.id))
    view.notes.set_checked(note.id)
    assert view.interviews.checked() == [] and view.interviews.item(0).text() == (
        "(ninguno en esta visita)")
    ctx.run(None, lambda s: records.add_interview(s, model.Interview(visit_id=visit.id)),
            changed=("interview", ""))
    qtbot.waitUntil(lambda: view.interviews.item(0).text() == "E-01")
    assert view.notes.checked() == [note.id]  # the person's ticks are kept
