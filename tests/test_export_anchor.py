"""Every Word export prints the bitácora anchor (issue 5): the service, `npmdesk export` and the dialog."""

import pytest
from docx import Document
from PySide6.QtCore import Qt

from export_fixture import build_report
from npmdesk import cli
from npmdesk.errors import MalformedImport
from npmdesk.export import spanish
from npmdesk.services.archive import anchor
from npmdesk.services.archive import word as export
from npmdesk.services.team import identity
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import audit_log
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.archive.export_dialog import ExportDialog


def anchor_lines(path) -> list[str]:
    return [p.text for p in Document(path).paragraphs if p.text.startswith("Bitácora del expediente:")]


def code(head_hash: str) -> str:
    """The head hash as the integrity page prints it (issue 15): 24 digits, non-breaking hyphens."""
    return "\u2011".join(head_hash[i:i + 4] for i in range(0, 24, 4))


def entries(session):
    with session.case.lock:
        return audit_log.entries(session.case.conn)


def signed_up(session):
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)


def test_plain_export_prints_a_signed_anchor_with_the_current_count_and_hash(session, tmp_path):
    built = build_report(session)
    signed_up(session)
    before = entries(session)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    after = entries(session)
    # The anchor covers everything before the export, is recorded, then the export is.
    assert [e.action for e in after[len(before):]] == ["anclar_bitacora", "exportar"]
    count, head_hash = len(before), before[-1].hash
    lines = anchor_lines(target)
    assert len(lines) == 1
    assert lines[0].startswith(f"Bitácora del expediente: {spanish.number(count)} entradas al exportar; "
                               f"código de control {code(head_hash)}. Ancla firmada por Ana Directora (huella ")
    assert head_hash not in "\n".join(p.text for p in Document(target).paragraphs)
    assert anchor.status(session).anchored_count == count
    # The printed hash is the bitácora's own entry at that position.
    assert after[count - 1].hash == head_hash


def test_without_a_key_on_the_roster_the_anchor_is_printed_unsigned(session, tmp_path):
    built = build_report(session)
    before = entries(session)
    target = tmp_path / "borrador.docx"
    export.export_report(session, built.report.id, target)
    assert [e.action for e in entries(session)[len(before):]] == ["exportar"]
    assert anchor_lines(target) == [
        f"Bitácora del expediente: {spanish.number(len(before))} entradas al exportar; código de control "
        f"{code(before[-1].hash)}. Sin firma: quien exportó no tiene una clave de firma en la nómina del equipo."]


def test_a_stopped_export_anchors_nothing(session, tmp_path):
    built = build_report(session)
    signed_up(session)
    before = entries(session)
    with pytest.raises(export.ExportCancelled):
        export.export_report(session, built.report.id, tmp_path / "x.docx", cancel=lambda: True)
    assert entries(session) == before and not (tmp_path / "x.docx").exists()


def test_cli_export_without_archive_prints_the_anchor(session, case_path, passphrase, tmp_path, monkeypatch,
                                                        capsys):
    built = build_report(session)
    signed_up(session)
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    target = tmp_path / "informe.docx"
    assert cli.main(["export", str(case_path), built.report.id, "-o", str(target)]) == 0
    assert "Informe exportado" in capsys.readouterr().out
    reopened = sessions.open_case(case_path, passphrase)
    try:
        status = anchor.status(reopened)
        with reopened.case.lock:
            at = audit_log.entries(reopened.case.conn, "WHERE seq = ?", (status.anchored_count,))[0]
    finally:
        reopened.close()
    (line,) = anchor_lines(target)
    assert (f"{spanish.number(status.anchored_count)} entradas al exportar; código de control {code(at.hash)}. "
            "Ancla firmada por Ana Directora") in line


def test_export_dialog_without_a_bundle_prints_the_anchor(qtbot, session, tmp_path):
    built = build_report(session)
    signed_up(session)
    ctx = AppContext(session)
    dialog = ExportDialog(ctx, built.report.id, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and ops.running() == 0, timeout=15000)
    dialog.archive_check.setChecked(False)
    before = entries(session)
    with qtbot.waitSignal(dialog.sig_exported, timeout=60000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    (line,) = anchor_lines(exported.args[0].path)
    assert (f"{spanish.number(len(before))} entradas al exportar; código de control {code(before[-1].hash)}. "
            "Ancla firmada por Ana Directora") in line
    ops.wait_all()


def test_the_printed_anchor_checks_the_file_later(session, tmp_path):
    """A document that left the file is enough to see later that the bitácora was cut or rewritten."""
    built = build_report(session)
    signed_up(session)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    given = anchor.load(target)
    assert given.signed is None and given.count == anchor.status(session).anchored_count
    assert anchor.verify_given(session, given) == []
    with session.case.transaction() as conn:
        saved = audit_log.entries(conn)
        conn.execute("DELETE FROM audit WHERE seq >= ?", (given.count,))
    assert anchor.verify_given(session, given) == [
        f"La bitácora tiene {given.count - 1} entradas pero el ancla certifica {given.count}: se han eliminado entradas."]
    with session.case.transaction() as conn:  # rebuilt from the entry before, as long as before
        for entry in saved[:given.count - 1][len(audit_log.entries(conn)):]:
            audit_log.insert(conn, entry)
        while audit_log.head(conn)[0] < len(saved):
            audit_log.append(conn, "x", "Otra persona", "crear", "place", "x", "0" * 64)
    assert anchor.verify_given(session, given) == [
        f"La entrada {given.count} de la bitácora no es la que certifica el ancla: la bitácora fue reescrita."]


def test_documents_without_an_anchor_or_not_documents_are_refused(tmp_path):
    plain = tmp_path / "otro.docx"
    document = Document()
    document.add_paragraph("Un documento cualquiera, sin ancla.")
    document.save(plain)
    with pytest.raises(MalformedImport) as caught:
        anchor.load(plain)
    assert caught.value.message() == ("El archivo de importación no es válido (el documento no lleva impresa el "
                                      "ancla de la bitácora). No se ha modificado nada.")
    fake = tmp_path / "falso.docx"
    fake.write_bytes(b"PK\x03\x04 no es un zip")
    with pytest.raises(MalformedImport) as caught:
        anchor.load(fake)
    assert "no es un documento Word legible" in caught.value.message()


def test_cli_anchor_check_reads_an_exported_document(session, case_path, passphrase, tmp_path, monkeypatch,
                                                     capsys):
    built = build_report(session)
    target = tmp_path / "borrador.docx"
    export.export_report(session, built.report.id, target)  # unsigned: no roster yet
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    assert cli.main(["anchor-check", str(case_path), str(target)]) == 0
    assert "El expediente conserva todas las entradas que certifica el ancla." in capsys.readouterr().out
