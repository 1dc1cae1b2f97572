"""Importar paquete… in the GUI: the summary first, then a conflict resolved side by side."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

import pytest

from npmdesk.domain import model
from npmdesk.services.exchange import conflicts
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.exchange.import_dialog import ConflictDialog, ImportSummary, PackageImport

from package_support import close, make_office


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def test_import_shows_summary_then_conflict_is_resolved_side_by_side(qtbot, office, tmp_path):
    o = office
    trato = o.section_ids[0]
    records.save_section_body(o.dora, trato, "Texto inicial.")
    o.deliver(o.dora, "asignacion", [o.luis])
    records.save_section_body(o.dora, trato, "Texto corregido por la dirección.")
    records.save_section_body(o.luis, trato, "Texto ampliado por el autor.")
    path = o.send(o.luis, "entrega", [o.dora])

    window = QWidget()
    qtbot.addWidget(window)
    seen = {}

    def ask_summary(summary, parent):
        dialog = ImportSummary(summary, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        seen["summary"] = dialog.details.text()
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        return True

    def ask_conflict(found, parent):
        dialog = ConflictDialog(found, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        seen["local"], seen["incoming"] = dialog.local.toPlainText(), dialog.incoming.toPlainText()
        assert not dialog.save_merged.isEnabled()
        qtbot.keyClicks(dialog.merged, "Texto corregido y ampliado.")
        dialog.grab().save(str(tmp_path / "conflicto.png"))
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.save_merged, Qt.MouseButton.LeftButton)
        return dialog.choice

    flow = PackageImport(AppContext(o.dora), window, ask_summary, ask_conflict)
    with qtbot.waitSignal(flow.sig_finished, timeout=20000):
        flow.start(path)
    qtbot.waitUntil(lambda: not conflicts.open_conflicts(o.dora), timeout=10000)

    assert "CONFLICTO en «Trato»" in seen["summary"]
    assert seen["local"] == "Texto corregido por la dirección."
    assert seen["incoming"] == "Texto ampliado por el autor."
    assert records.get(o.dora, model.Section, trato).body == "Texto corregido y ampliado."


def test_cancelled_summary_writes_nothing(qtbot, office):
    o = office
    path = o.send(o.dora, "asignacion", [o.luis])
    window = QWidget()
    qtbot.addWidget(window)

    def ask_summary(summary, parent):
        dialog = ImportSummary(summary, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        assert "Registros nuevos:" in dialog.details.text()
        with qtbot.waitSignal(dialog.rejected):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        return None

    flow = PackageImport(AppContext(o.luis), window, ask_summary)
    with qtbot.waitSignal(flow.sig_finished, timeout=20000):
        flow.start(path)
    assert records.select(o.luis, model.Report) == []


def test_send_to_review_from_the_gui(qtbot, office, tmp_path):
    from npmdesk.services.exchange import package_import
    from npmdesk.services.review import actions as review
    from npmdesk.ui.exchange.import_dialog import PackageSend, SendDialog
    o = office
    o.deliver(o.dora, "asignacion", [o.luis])
    trato = o.section_ids[0]
    records.save_section_body(o.luis, trato, "Denuncias de golpes en el módulo B.")
    review.submit_section(o.luis, trato)
    window = QWidget()
    qtbot.addWidget(window)
    seen = {}

    def ask_recipients(kind, members, parent):
        dialog = SendDialog(kind, members, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        seen["ticked"] = [box.text() for box in dialog.boxes.values() if box.isChecked()]
        seen["names"] = sorted(box.text() for box in dialog.boxes.values())
        dialog.grab().save(str(tmp_path / "enviar.png"))
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        return dialog.chosen()

    target = tmp_path / "entrega.npmpaq"
    flow = PackageSend(AppContext(o.luis), window, ask_recipients, lambda parent: str(target))
    with qtbot.waitSignal(flow.sig_finished, timeout=20000) as finished:
        flow.start("entrega")
    assert finished.args == [str(target)]
    assert seen["ticked"] == ["Dora Directora"]
    assert seen["names"] == ["Dora Directora", "Marta Médica"]
    summary = package_import.import_package(o.dora, target)
    assert summary.forwarded == ["Trato"]
    assert records.get(o.dora, model.Section, trato).state == "enviada"
