"""The export dialog driven like a person would: progress, the bundle, disclosure findings, override."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from export_fixture import REAL_NAMES, build_report
from gui_support import application, filled, settings, shot, unlock  # noqa: F401
from test_archive import approved  # noqa: F401  (fixture)
from npmdesk.export import bundle
from npmdesk.services.team import trust
from npmdesk.services.records import edit as records
from npmdesk.storage import audit_log
from npmdesk.ui.archive import export_dialog
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.archive.export_dialog import ExportDialog, SectionIdRole
from npmdesk.ui.shell.navigator import group_key, record_key


@pytest.fixture
def ctx(session):
    context = AppContext(session)
    yield context
    ops.wait_all()


def open_dialog(qtbot, ctx, report_id, folder):
    dialog = ExportDialog(ctx, report_id, folder=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and ops.running() == 0, timeout=15000)
    return dialog


def test_exports_the_bundle_with_progress(qtbot, ctx, approved, tmp_path):  # noqa: F811
    dialog = open_dialog(qtbot, ctx, approved.report.id, tmp_path)
    assert dialog.findings_label.text() == "Ningún pasaje identifica a personas entrevistadas."
    assert dialog.archive_check.isChecked() and dialog.archive_check.isEnabled()
    assert dialog.docx.text() == str(tmp_path / "MNPT-2026-017.docx")
    seen = []
    dialog.relay.sig_progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.sig_exported, timeout=240000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible() and dialog.close_button.text() == "Cancelar"
    result = exported.args[0]
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1]
    assert dialog.progress.value() == dialog.progress.maximum()
    assert "Paquete de archivo firmado: MNPT-2026-017-archivo.zip" in dialog.message.text()
    assert f"Carpeta: {tmp_path}" in dialog.message.text()
    assert dialog.folder_button.isVisible() and dialog.close_button.text() == "Cerrar"
    assert bundle.verify(result.bundle, trust.machine_codes()).valid  # pinned when the roster was signed
    shot(dialog, "export_dialog_done")


def test_findings_open_their_passage_and_a_director_overrides(qtbot, ctx, session, tmp_path):
    built = build_report(session)
    named_section = built.sections[1]
    records.save_section_body(session, named_section.id,
                              f"<p>Según {REAL_NAMES[0]}, y lo confirmó {built.interviews[1].code}, hubo golpes.</p>")
    dialog = open_dialog(qtbot, ctx, built.report.id, tmp_path)
    count = dialog.findings.count()
    assert count >= 2
    assert dialog.findings_label.text().startswith(f"{count} pasaje(s) podrían identificar")
    assert REAL_NAMES[0] in dialog.findings.item(0).text()
    assert not dialog.export_button.isEnabled()
    # No signed roster: no bundle, and the dialog says why.
    assert not dialog.archive_check.isEnabled() and "nómina" in dialog.archive_note.text()
    shot(dialog, "export_dialog_findings")

    item = dialog.findings.item(0)
    assert item.data(SectionIdRole) == named_section.id
    with qtbot.waitSignal(ctx.sig_open) as opened:
        dialog.findings.itemActivated.emit(item)
    assert opened.args == ["section", named_section.id]

    assert dialog.override.isVisible()  # Ana is the director
    qtbot.mouseClick(dialog.override, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.override.height() // 2))
    assert dialog.override.isChecked() and dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_exported, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "MNPT-2026-017.docx").is_file()
    with session.case.lock:
        actions = [e.action for e in audit_log.entries(session.case.conn)]
    assert actions[-2:] == ["autorizar_exportacion", "exportar"]


def test_bad_target_is_refused_in_spanish_and_nothing_written(qtbot, ctx, approved, tmp_path):  # noqa: F811
    dialog = open_dialog(qtbot, ctx, approved.report.id, tmp_path)
    dialog.docx.clear()
    qtbot.keyClicks(dialog.docx, str(tmp_path / "no-existe" / "informe.docx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == f"No existe la carpeta «{tmp_path / 'no-existe'}»."
    dialog.docx.clear()
    qtbot.keyClicks(dialog.docx, str(tmp_path / "informe.odt"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "El documento debe terminar en .docx."
    dialog.docx.clear()
    qtbot.keyClicks(dialog.docx, str(tmp_path / "informe.docx"))
    dialog.archive.clear()
    qtbot.keyClicks(dialog.archive, str(tmp_path / "paquete.tar"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "El paquete de archivo debe terminar en .zip."
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".zip", ".tar")) == []


def test_cancel_while_exporting_writes_nothing(qtbot, ctx, approved, tmp_path):  # noqa: F811
    dialog = open_dialog(qtbot, ctx, approved.report.id, tmp_path)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # "Cancelar" while it runs
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.message.text() == "Exportación cancelada. No se ha escrito ningún archivo."
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".zip")] == []
    assert dialog.isVisible()


# -- from the main window ------------------------------------------------------------------


def test_ctrl_e_exports_the_selected_report(qtbot, application, filled, case_path, passphrase,  # noqa: F811
                                            monkeypatch):
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window, controller = application.window, application.main_controller
    told, asked = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(export_dialog.ExportDialog, "ask",
                        classmethod(lambda cls, ctx, report_id, parent=None: asked.append(report_id)))
    window.act_export.trigger()
    assert told == ["Elija un informe en el navegador para exportarlo."] and asked == []
    assert window.act_export.text() == "E&xportar informe…"
    assert window.act_export.shortcut().toString() == "Ctrl+E"
    assert window.act_export in window.menu_file.actions()

    def expand(key):
        index = controller.model.index_for(key)
        assert index.isValid(), key
        window.tree.expand(index)
        qtbot.waitUntil(lambda: controller.model.node(controller.model.index_for(key)).loaded
                        and ops.running() == 0, timeout=10000)
    window.tree.expand(controller.model.index_for(record_key("place", filled["place"])))
    expand(group_key("visit", filled["place"]))
    window.tree.expand(controller.model.index_for(record_key("visit", filled["visit"])))
    expand(group_key("report", filled["visit"]))
    window.tree.setCurrentIndex(controller.model.index_for(record_key("report", filled["report"])))
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == [filled["report"]]
