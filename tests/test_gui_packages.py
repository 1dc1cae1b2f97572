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


def test_first_roster_asks_the_director_code_typed_not_shown(qtbot, tmp_path):
    """A laptop with no roster gets the first «nómina» package: the code is asked, never shown;
    a wrong code is refused and names who the roster claims to be; the right one pins it."""
    from gui_support import shot
    from npmdesk.services.team import identity
    from npmdesk.services.exchange import packages
    from npmdesk.services.team import roster
    from npmdesk.services.team import trust
    from npmdesk.services import session as sessions
    from npmdesk.ui.team.root_code import RootCodeDialog
    from package_support import PASSPHRASE
    dora = sessions.create_case(tmp_path / "dora.npmcase", PASSPHRASE, owner_name="Dora Directora")
    luis = sessions.create_case(tmp_path / "luis.npmcase", PASSPHRASE, owner_name="Luis Autor")
    try:
        for person in (dora, luis):
            identity.create_keys(person, person.actor.id)
        identity.import_card(dora, identity.export_card(luis, luis.actor.id, tmp_path / "luis.json"))
        roster.sign_roster(dora)
        path = packages.write(dora, "nomina", [luis.actor.id], tmp_path / "nomina.npmpaq")
        real = trust.pinned(dora)
        window = QWidget()
        qtbot.addWidget(window)
        typed = iter(["11111 " * 12, real])
        asked = []

        def ask_root(exc, parent):
            dialog = RootCodeDialog(exc, parent)
            qtbot.addWidget(dialog)
            dialog.show()
            from PySide6.QtWidgets import QLabel
            assert not any(real in label.text() for label in dialog.findChildren(QLabel))  # never shown
            assert not dialog.ok.isEnabled()
            qtbot.keyClicks(dialog.code, next(typed).replace(" ", "-"))
            assert dialog.ok.isEnabled() and dialog.reading.text().startswith("Se lee: ")
            asked.append(dialog.message.text())
            shot(dialog, "raiz-institucional-%d" % len(asked))
            return trust.formatted(dialog.code.text())

        flow = PackageImport(AppContext(luis), window, lambda summary, parent: True, ask_conflict=None,
                             ask_root=ask_root)
        with qtbot.waitSignal(flow.sig_finished, timeout=20000):
            flow.start(path)
        # Nothing of the package is decrypted before the code matches its signer: no name to show.
        assert asked[0] == "" and "no es el de quien firma el paquete" in asked[1]
        qtbot.waitUntil(lambda: trust.pinned(luis) == real, timeout=10000)
        assert roster.current(luis).root_code == real
    finally:
        dora.close()
        luis.close()


def test_sending_names_the_report_shown_when_the_file_has_several(qtbot, tmp_path):
    """With a visit's report and the annual report in the file, «Enviar a revisión» sends the one
    whose section is open, not a refusal asking which."""
    from npmdesk.services.drafting import reports
    from npmdesk.services.exchange import package_import
    from npmdesk.ui.exchange.import_dialog import PackageSend
    o = make_office(tmp_path)
    try:
        annual = reports.create_annual_report(o.dora, 2026)
        sections = records.select(o.dora, model.Section, report_id=annual.id)
        for section in sections:
            section.author_ids = [o.luis.actor.id]
            records.save(o.dora, section)
        path = tmp_path / "asignacion.npmpaq"
        window = QWidget()
        qtbot.addWidget(window)
        flow = PackageSend(AppContext(o.dora), window, lambda kind, members, parent: [o.luis.actor.id],
                           lambda parent: str(path), shown=lambda: ("section", sections[0].id))
        with qtbot.waitSignal(flow.sig_finished, timeout=20000) as finished:
            flow.start("asignacion")
        assert finished.args == [str(path)]
        package_import.import_package(o.luis, path)
        assert records.get(o.luis, model.Report, annual.id).kind == "anual"
    finally:
        close(o)
