"""Recuperar con el código institucional…: one dialog from a backup's escrow to the recovered case file, open."""

from PySide6.QtCore import Qt

import pytest

from gui_support import application, settings, shot  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.safekeeping import backups as backup_escrow
from npmdesk.services.team import identity
from npmdesk.services.safekeeping import recovery
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services.session import open_case
from npmdesk.ui.shell.app import MAIN, START
from npmdesk.ui.safekeeping.recover import RecoverDialog

NEW_PASS = "Una frase nueva y larga 2027"


@pytest.fixture
def escrow(session, tmp_path):
    """(escrow of a backup, the recovery code, the report's id); the case file is closed and its passphrase lost."""
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro de Detención de Menores"))
    visit = records.save(session, model.Visit(place.id, "2026-06-01"))
    report = records.save(session, model.Report(visit.id, "Informe de la visita de junio"))
    recovery.set_recovery_key(session, public)
    result = backup_escrow.take_backup(session)
    session.close()
    return result.escrow, code, report.id


def _dialog(qtbot, folder):
    view, controller = RecoverDialog.build(None, folder)
    qtbot.addWidget(view)
    view.show()
    return view, controller


def _fill(qtbot, view, escrow_path, code, target, passphrase=NEW_PASS, repeat=NEW_PASS):
    for field, text in ((view.escrow, str(escrow_path)), (view.code, code), (view.target, str(target)),
                        (view.passphrase, passphrase), (view.repeat, repeat)):
        field.clear()
        qtbot.keyClicks(field, text)


def test_code_is_checked_as_typed(qtbot, escrow, tmp_path):
    escrow_path, code, _report = escrow
    view, _controller = _dialog(qtbot, tmp_path)
    qtbot.keyClicks(view.escrow, str(escrow_path))
    assert view.escrow_status.text() == "Copia de recuperación reconocida."
    qtbot.keyClicks(view.code, code[:9].lower())
    assert view.code_reading.text() == f"Se lee: {code[:9]}"
    assert view.code_status.text() == "Faltan 47 letras."
    qtbot.keyClicks(view.code, "8")
    assert "«8» no forma parte de un código de recuperación" in view.code_status.text()
    view.code.clear()
    qtbot.keyClicks(view.code, code.replace(" ", "-").lower())
    assert view.code_reading.text() == f"Se lee: {code}"
    assert view.code_status.text() == "El código está bien escrito."
    swapped = code[:-2] + code[-1] + code[-2] if code[-1] != code[-2] else code[:-1] + ("A" if code[-1] != "A" else "B")
    view.code.clear()
    qtbot.keyClicks(view.code, swapped)
    assert view.code_status.text() == "El código de recuperación no es correcto; revíselo letra por letra."
    view.escrow.clear()
    qtbot.keyClicks(view.escrow, str(tmp_path / "expediente.npmcase"))
    assert "no es un paquete de npmdesk" in view.escrow_status.text()


def test_bad_answers_write_nothing(qtbot, escrow, tmp_path):
    escrow_path, code, _report = escrow
    view, controller = _dialog(qtbot, tmp_path)
    target = tmp_path / "recuperado.npmcase"

    other_code, _public = recovery.new_recovery_key()
    _fill(qtbot, view, escrow_path, other_code, target)          # a well-formed code of another key
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text().startswith("No se puede recuperar"), timeout=15000)
    assert view.message.text().endswith("No se ha escrito nada.")
    assert not target.exists() and view.isVisible()

    damaged = tmp_path / "copia-alterada.npmpaq"
    data = bytearray(escrow_path.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    _fill(qtbot, view, damaged, code, target)
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text().startswith("No se puede recuperar"), timeout=15000)
    assert not target.exists()

    target.write_bytes(b"otro archivo")
    _fill(qtbot, view, escrow_path, code, target)
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Ya existe un archivo en «recuperado.npmcase». Elija otro nombre."
    assert target.read_bytes() == b"otro archivo"

    _fill(qtbot, view, escrow_path, code, tmp_path / "nuevo.npmcase", repeat=NEW_PASS + "x")
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Las dos frases de contraseña no coinciden."
    assert controller.session is None and not (tmp_path / "nuevo.npmcase").exists()


def test_recovered_from_the_start_screen_and_opened(qtbot, application, escrow, tmp_path, monkeypatch):
    escrow_path, code, report_id = escrow
    target = tmp_path / "recuperado.npmcase"

    def drive(parent=None, folder=None):
        view, controller = RecoverDialog.build(parent, folder)
        qtbot.addWidget(view)
        view.show()
        _fill(qtbot, view, escrow_path, code, target)
        assert view.meter.value() >= 2
        shot(view, "recuperar-con-codigo")
        with qtbot.waitSignal(controller.sig_recovered, timeout=30000):
            qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
            assert view.busy.isVisible() and not view.ok.isEnabled()   # progress while it runs
        return controller.session

    monkeypatch.setattr(RecoverDialog, "ask", classmethod(lambda cls, parent=None, folder=None: drive(parent, folder)))
    application.begin(None)
    assert application.state == START
    assert application.window.recover_button.text() == "&Recuperar con el código institucional…"
    shot(application.window, "inicio-con-recuperar")
    with qtbot.waitSignal(application.sig_state, timeout=30000):
        qtbot.mouseClick(application.window.recover_button, Qt.MouseButton.LeftButton)
    assert application.state == MAIN
    assert application.ctx.session.path == target
    assert application.window.act_recover.text() == "Recuperar con el código institucional…"

    application.close_case(application.show_start)
    qtbot.waitUntil(lambda: application.state == START, timeout=15000)
    reopened = open_case(target, NEW_PASS)
    try:
        assert records.get(reopened, model.Report, report_id).title == "Informe de la visita de junio"
    finally:
        reopened.close()


def test_backups_from_the_window_also_write_the_escrows(qtbot, application, settings, session, case_path,
                                                          passphrase, tmp_path):
    from gui_support import unlock
    from npmdesk.storage import backup
    code, public = recovery.new_recovery_key()
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    recovery.set_recovery_key(session, public)
    session.close()
    settings.exchange_folder = tmp_path / "intercambio"
    (tmp_path / "intercambio").mkdir()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window = application.window
    window.act_backup.trigger()
    qtbot.waitUntil(lambda: "(también para la clave de recuperación institucional)"
                    in window.statusBar().currentMessage(), timeout=20000)
    daily = list((tmp_path / "intercambio" / backup_escrow.ESCROW_FOLDER).glob("custodia-*.npmpaq"))
    assert len(daily) == 1

    application.close_case(application.show_start)
    qtbot.waitUntil(lambda: application.state == START, timeout=20000)
    copies = backup.backups(backup.backup_dir(case_path), case_path.stem)
    escrows = sorted(backup.backup_dir(case_path).glob("*.npmpaq"))
    assert len(copies) == 2 and [e.stem for e in escrows] == sorted(c.stem for c in copies)
    assert list((tmp_path / "intercambio" / backup_escrow.ESCROW_FOLDER).glob("*.npmpaq")) == daily
    recovery.restore(daily[0], code, tmp_path / "desde-la-custodia.npmcase", NEW_PASS).close()
