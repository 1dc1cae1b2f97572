"""The exchange folder in the GUI: watched while unlocked, counted, listed, imported only on confirmation."""

from PySide6.QtCore import Qt

import pytest

from gui_support import application, settings, shot, unlock  # noqa: F401
from npmdesk.crypto.package import read_header
from npmdesk.services.exchange import folder as exchange
from npmdesk.storage import package_store
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import UNLOCK
from npmdesk.ui.exchange.folder import ReceivedDialog
from npmdesk.ui.exchange.import_dialog import ImportSummary
from npmdesk.ui.shell.settings_dialog import Preferences, SettingsDialog

from package_support import PASSPHRASE, close, make_office
from fast_kdf import FAST_KDF


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    made.luis.close()          # Luis works in the application
    yield made
    close(made)


def make_stranger(tmp_path, luis_id, target):
    """Someone outside this office who sends Luis a roster of their own."""
    from npmdesk.services.team import identity
    from npmdesk.services.exchange import packages
    from npmdesk.services.records import edit as records
    from npmdesk.services.team import roster
    from npmdesk.services import session as sessions
    luis = sessions.open_case(tmp_path / "luis.npmcase", PASSPHRASE, read_only=True)  # open in the window
    stranger = sessions.create_case(tmp_path / "otra.npmcase", PASSPHRASE, owner_name="Persona Ajena", kdf_params=FAST_KDF)
    try:
        identity.create_keys(stranger, stranger.actor.id)
        card = identity.export_card(luis, luis_id, tmp_path / "luis-tarjeta.json")
        records.save(stranger, identity.import_card(stranger, card))
        roster.sign_roster(stranger)
        return packages.write(stranger, "nomina", [luis_id], target)
    finally:
        stranger.close()
        luis.close()


def _imported(application, package_id) -> bool:
    ops.wait_all()
    case = application.ctx.session.case
    with case.lock:
        return package_store.imported(case.conn, package_id)


def test_incoming_packages_are_counted_listed_and_imported_on_confirmation(
        qtbot, application, settings, office, tmp_path):
    o = office
    settings.exchange_folder = o.folder
    luis_path = o.luis.path
    application.begin(luis_path)
    unlock(qtbot, application, PASSPHRASE)
    window = application.window
    assert not window.received_button.isVisible()   # the roster package is already imported

    assignment = o.send(o.dora, "asignacion", [o.luis])
    qtbot.waitUntil(lambda: window.received_button.isVisible()
                    and window.received_button.text() == "1 paquete recibido", timeout=15000)
    shot(window, "intercambio-barra-de-estado")

    seen, answers = {}, iter([False, True])

    def ask_list(scan, parent):
        dialog = ReceivedDialog(scan, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        seen.setdefault("rows", [dialog.list.item(i).text() for i in range(dialog.list.count())])
        shot(dialog, "paquetes-recibidos")
        assert dialog.import_button.isEnabled()
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return exchange.Path(dialog.chosen())

    def ask_summary(summary, parent):
        dialog = ImportSummary(summary, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        if next(answers):
            with qtbot.waitSignal(dialog.accepted):
                qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
            return True
        with qtbot.waitSignal(dialog.rejected):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        return None

    controller = application.main_controller
    controller.exchange.ask = ask_list
    controller.package_import.ask_summary = ask_summary
    package_id = read_header(assignment)["package_id"]

    with qtbot.waitSignal(controller.package_import.sig_finished, timeout=15000):
        window.act_received.trigger()                   # cancelled at the summary
    assert seen["rows"] == ["Asignación de Dora Directora, " + read_header(assignment)["created_at"][:16]
                            .replace("T", " ")]
    assert window.received_button.text() == "1 paquete recibido"
    assert not _imported(application, package_id)

    with qtbot.waitSignal(controller.package_import.sig_finished, timeout=15000):
        qtbot.mouseClick(window.received_button, Qt.MouseButton.LeftButton)   # confirmed
    qtbot.waitUntil(lambda: not window.received_button.isVisible(), timeout=15000)
    assert _imported(application, package_id)

    tampered = o.send(o.dora, "revision", [o.luis])
    data = bytearray(tampered.read_bytes())
    data[-100] ^= 1
    tampered.write_bytes(bytes(data))
    qtbot.waitUntil(lambda: window.received_button.text() == "1 paquete no se puede importar", timeout=15000)
    rows = []

    def look(scan, parent):
        dialog = ReceivedDialog(scan, parent)
        qtbot.addWidget(dialog)
        rows[:] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.setCurrentRow(dialog.list.count() - 1)
        assert not dialog.import_button.isEnabled()       # a refused package cannot be imported
        return None

    controller.exchange.ask = look
    window.act_received.trigger()
    assert rows == [f"{tampered.name}: no se puede importar (la firma no es válida; el paquete fue alterado)"]

    stranger = make_stranger(tmp_path, o.luis.actor.id, o.folder / "nomina-ajena.npmpaq")
    # With a roster here, a stranger's roster is refused at a glance: checked against it, unopened.
    qtbot.waitUntil(lambda: window.received_button.text() == "2 paquetes no se pueden importar", timeout=15000)
    reasons = {o.path.name: o.problem for o in controller.exchange.watcher.last.offered}
    assert reasons[stranger.name] == "quien lo envía no figura en la nómina firmada de este expediente"
    assert all(reasons.values())

    old = controller.exchange.watcher
    application.lock()                                   # watching stops with the window
    assert application.state == UNLOCK
    assert not old.watching and old.last is None
    later = o.send(o.dora, "asignacion", [o.luis])
    unlock(qtbot, application, PASSPHRASE)               # ... and the folder is looked at again
    window = application.window
    qtbot.waitUntil(lambda: window.received_button.text() == "1 paquete recibido", timeout=15000)
    assert application.main_controller.exchange.watcher.last.importable[0].path == later


def test_missing_folder_is_shown_quietly_and_nothing_breaks(qtbot, application, settings, office, tmp_path):
    settings.exchange_folder = tmp_path / "unidad-de-red"
    application.begin(office.luis.path)
    unlock(qtbot, application, PASSPHRASE)
    window = application.window
    qtbot.waitUntil(lambda: window.received_button.text() == "Carpeta de intercambio no disponible",
                    timeout=15000)
    (tmp_path / "unidad-de-red").mkdir()
    office.send(office.dora, "asignacion", [office.luis])
    import shutil
    for path in office.folder.glob("*asignacion.npmpaq"):
        shutil.copy(path, tmp_path / "unidad-de-red" / path.name)
    application.main_controller.exchange.watcher.rescan()   # what the minute's poll does
    qtbot.waitUntil(lambda: window.received_button.text() == "1 paquete recibido", timeout=15000)


def test_preferences_hold_the_exchange_folder_as_a_path(qtbot, tmp_path):
    dialog = SettingsDialog(Preferences("es", 5, 10, ""))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.exchange, str(tmp_path / "intercambio"))
    shot(dialog, "preferencias-intercambio")
    assert dialog.answer() == Preferences("es", 5, 10, str(tmp_path / "intercambio"))


def test_sending_suggests_the_exchange_folder(qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget
    from npmdesk.ui.exchange.import_dialog import PackageSend
    window = QWidget()
    qtbot.addWidget(window)
    folder = tmp_path / "intercambio"
    folder.mkdir()
    flow = PackageSend(None, window, exchange_folder=lambda: folder)
    flow.kind = "entrega"
    suggested = exchange.Path(flow.suggested_path())
    assert suggested.parent == folder and suggested.name.startswith("entrega-") and suggested.suffix == ".npmpaq"
    assert "/" not in PackageSend(None, window).suggested_path()


def test_choosing_the_folder_in_preferences_starts_watching_it(qtbot, application, settings, office,
                                                               monkeypatch, tmp_path):
    application.begin(office.luis.path)
    unlock(qtbot, application, PASSPHRASE)
    window = application.window
    assert not window.act_received.isEnabled() and not window.received_button.isVisible()
    office.send(office.dora, "asignacion", [office.luis])
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(
        lambda cls, current, parent=None: Preferences(current.language, current.lock_minutes,
                                                      current.backups_kept, str(office.folder))))
    window.act_settings.trigger()
    assert settings.exchange_folder == office.folder
    qtbot.waitUntil(lambda: window.received_button.text() == "1 paquete recibido", timeout=15000)
    assert window.act_received.isEnabled()
    assert "intercambio" in open(settings.path, encoding="utf-8").read()
    assert "Asignación" not in open(settings.path, encoding="utf-8").read()  # a path, no content
