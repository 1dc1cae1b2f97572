"""Herramientas → Verificar integridad del expediente…: the same check as `npmdesk check`, in the window.

A clean demo file through the menu of the real main window; tampered copies (edited with
plain sqlcipher3 and the key, as an insider could) and damaged pages through the dialog.
"""

import json
from pathlib import Path

import pytest
import sqlcipher3
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from shiboken6 import isValid

from gui_support import application, every_text, settings, shot, unlock  # noqa: F401
from npmdesk.crypto import kdf
from npmdesk.crypto.keys import KeyPair
from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.services.archive.integrity import STEPS
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.ui.common import ops
from npmdesk.ui.shell.app import MAIN, UNLOCK
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.archive.integrity import IntegrityDialog
from fast_kdf import FAST_KDF

LUIS = "Frase personal de Luis 2026"


def raw_connection(case_path: Path, passphrase: str):
    """The closed file opened with plain sqlcipher3 and the key the application derives."""
    salt = case_path.read_bytes()[:kdf.SALT_BYTES]
    conn = sqlcipher3.connect(str(case_path), isolation_level=None)
    conn.set_key(kdf.sqlcipher_raw_key(kdf.derive_key(kdf.normalize(passphrase), salt)))
    conn.execute("SELECT count(*) FROM audit").fetchone()
    return conn


@pytest.fixture
def approved(session, case_path):
    """A closed case file: Luis (autor) wrote two sections, Ana (directora) approved them and the report."""
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    place = records.save(session, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-09"))
    ana = session.actor
    for position, title in enumerate(("Trato", "Salud"), start=1):
        section = records.save(session, model.Section(report.id, title, position=position,
                                                      author_ids=[luis.id]))
        session.actor = luis
        records.save_section_body(session, section.id, f"<p>Las celdas de {title.lower()} no tienen luz.</p>")
        session.actor = ana
        review.submit_section(session, section.id, as_member=luis.id)
        review.approve_section(session, section.id)
    review.approve_report(session, report.id)
    session.close()
    return case_path


def run_dialog(qtbot, session, name: str | None = None) -> IntegrityDialog:
    dialog = IntegrityDialog(AppContext(session))
    qtbot.addWidget(dialog)
    dialog.resize(720, 460)
    dialog.show()
    with qtbot.waitSignal(dialog.sig_finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10000)
    if name:
        shot(dialog, name)
    return dialog


def test_menu_checks_the_clean_demo_file(qtbot, application, tmp_path):  # noqa: F811
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    application.begin(path)
    unlock(qtbot, application, DEMO_PASSPHRASE)
    tools = application.main_controller.tools_menu
    assert tools.menu.title() == "&Herramientas"
    assert tools.act_check.text() == "&Verificar integridad del expediente…"
    tools.act_check.trigger()
    dialog = tools.dialog
    seen = []
    dialog.relay.sig_progress.connect(lambda done, total: seen.append(done))
    assert dialog.isVisible() and dialog.close_button.text() == "Cancelar"
    with qtbot.waitSignal(dialog.sig_finished, timeout=30000) as finished:
        pass
    assert finished.args[0].ok
    assert seen[-1] == STEPS and dialog.progress.value() == STEPS
    assert dialog.verdict.text() == "El expediente está íntegro: todo lo comprobado es válido."
    details = dialog.details.toPlainText()
    assert "Integridad del archivo: correcta" in details
    assert "cadena íntegra" in details and "firmas verificadas frente a la nómina" in details
    assert "Ancla actual de la bitácora" in details
    assert dialog.close_button.text() == "Cerrar" and dialog.again_button.isEnabled()
    shot(application.window, "integridad-menu")
    shot(dialog, "integridad-correcta")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _edit_entry(conn, _ids):
    conn.execute("UPDATE audit SET actor_name = 'Otra Persona' WHERE seq = 3")


def _delete_entry(conn, _ids):
    conn.execute("DELETE FROM audit WHERE seq = 4")


def _truncate(conn, _ids):
    """Cut the tail off just before the report's approval: the chain left looks whole."""
    cited = json.loads(conn.execute("SELECT statement FROM signatures WHERE decision = 'aprobar_informe'")
                       .fetchone()[0])["audit_head"]["seq"]
    conn.execute("DELETE FROM audit WHERE seq >= ?", (cited,))


def _edit_approved_text(conn, _ids):
    conn.execute("UPDATE sections SET body = '<p>No se observó nada.</p>' WHERE title = 'Trato'")


def _unknown_signer(conn, _ids):
    stranger = KeyPair.generate()
    sig_id, body = conn.execute("SELECT id, statement FROM signatures WHERE decision = 'aprobar' "
                                "ORDER BY rowid LIMIT 1").fetchone()
    forged = dict(json.loads(body), signer="dead beef dead beef dead beef dead beef")
    conn.execute("UPDATE signatures SET statement = ?, signature = ?, signer_fingerprint = ? WHERE id = ?",
                 (json.dumps(forged), stranger.sign(forged), forged["signer"], sig_id))


@pytest.mark.parametrize("tamper, expected", [
    (_edit_entry, ["Bitácora: la entrada 3 está alterada (su contenido fue modificado)."]),
    (_delete_entry, ["Bitácora: la entrada 5 está alterada (falta la entrada anterior)."]),
    (_truncate, ["«Informe de visita»: la bitácora ya no contiene el punto que cita la firma de Ana Directora."]),
    (_edit_approved_text, ["«Trato»: modificado después de la aprobación (aprobado por Ana Directora).",
                           "«Informe de visita»: modificado después de la aprobación"]),
    (_unknown_signer, ["firma de una persona no reconocida (huella dead beef"]),
], ids=["editada", "borrada", "recortada", "texto-aprobado", "firma-desconocida"])
def test_tampered_file_problems_are_named(qtbot, approved, passphrase, tamper, expected):
    conn = raw_connection(approved, passphrase)
    tamper(conn, None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    session = sessions.open_case(approved, passphrase)
    try:
        dialog = run_dialog(qtbot, session, f"integridad-{tamper.__name__.strip('_')}")
        assert not dialog.result.ok
        assert dialog.verdict.text().startswith("Se encontraron problemas en el expediente.")
        details = dialog.details.toPlainText()
        for sentence in expected:
            assert sentence in details
        assert "Traceback" not in details
    finally:
        session.close()


def test_damaged_pages_are_reported(qtbot, session, case_path):
    for n in range(120):
        records.save(session, model.Place(f"Subestación de policía {n}", province="Colón"))
    session.case.checkpoint()
    pages = case_path.stat().st_size // 4096
    with open(case_path, "r+b") as f:  # a disk fault under the open file
        f.seek(4096 * (pages - 2) + 700)
        f.write(b"\xff" * 48)
    dialog = run_dialog(qtbot, session, "integridad-paginas")
    assert not dialog.result.ok and dialog.result.storage_problems
    assert ("Integridad del archivo: 1 problema(s) encontrados; restaure una copia de seguridad."
            in dialog.details.toPlainText())


def test_cancel_stops_between_steps_and_changes_nothing(qtbot, session):
    before = session.case.query("SELECT count(*), max(hash) FROM audit")
    # Holding the case file's lock keeps the worker inside its first step while Cancel is clicked.
    with session.case.lock:
        dialog = IntegrityDialog(AppContext(session))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert dialog.step.text() == "Cancelando…" and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=15000)
    assert dialog.result is None and not dialog.progress.isVisible()
    assert dialog.verdict.text() == "Comprobación cancelada. El expediente no se ha modificado."
    assert session.case.query("SELECT count(*), max(hash) FROM audit") == before
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_finished, timeout=30000) as finished:
        pass
    assert finished.args[0].ok
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10000)


class PaintCounter(QObject):
    """Counts the paint events `widget` receives."""

    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def bigger_case(session, case_path):
    for n in range(150):
        place = records.save(session, model.Place(f"Centro {n}", province="Chiriquí",
                                                  authority="Ministerio de Gobierno", capacity=n + 20))
        if n % 10 == 0:
            records.save(session, model.Visit(place.id, "2026-02-01", objectives="Visita de seguimiento " * 40))
    session.close()
    return case_path


@pytest.mark.parametrize("work", ["check", "backup"])
def test_window_stays_responsive_while_long_work_runs(qtbot, application, bigger_case, passphrase,  # noqa: F811
                                                      work):
    """The worker is really running the operation; holding the case file's lock keeps it
    waiting inside it (as a slow disk would) for as long as the test needs, so nothing here
    depends on how fast the machine is."""
    application.begin(bigger_case)
    unlock(qtbot, application, passphrase)
    window, controller = application.window, application.main_controller
    ticks = []
    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    session = application.ctx.session
    with session.case.lock:
        if work == "check":
            controller.tools_menu.act_check.trigger()
            dialog = controller.tools_menu.dialog
            painted = PaintCounter(dialog)
            still_running = lambda: dialog.running  # noqa: E731
        else:
            window.act_backup.trigger()
            dialog = None
            painted = PaintCounter(window.search)
            still_running = lambda: ops.running() > 0  # noqa: E731
        assert still_running()
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=10000)
        before = painted.count
        (dialog or window.search).update()
        qtbot.waitUntil(lambda: painted.count > before, timeout=10000)
        if dialog is not None:  # the dialog answers input: Cancel is there to be clicked
            assert dialog.close_button.isEnabled() and dialog.close_button.text() == "Cancelar"
        else:
            qtbot.keyClicks(window.search, "Centro 7")
            assert window.search.text() == "Centro 7"
            assert window.statusBar().currentMessage() == "Creando copia de seguridad…"
        assert still_running()
    timer.stop()
    if dialog is not None:
        with qtbot.waitSignal(dialog.sig_finished, timeout=30000) as finished:
            pass
        assert finished.args[0].ok
    else:
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(
            "Copia de seguridad cifrada creada"), timeout=30000)
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10000)


def test_a_lock_during_or_after_a_check_leaves_no_result_on_screen(qtbot, application, approved,  # noqa: F811
                                                                   passphrase):
    application.begin(approved)
    unlock(qtbot, application, passphrase)
    tools = application.main_controller.tools_menu
    tools.act_check.trigger()
    with qtbot.waitSignal(tools.dialog.sig_finished, timeout=30000):
        pass
    assert "Firmas: 6 firmas verificadas" in tools.dialog.details.toPlainText()
    dialog = tools.dialog
    with qtbot.waitSignal(application.sig_state, timeout=10000):
        application.lock()  # what the idle timer or the screen lock calls
    assert application.state == UNLOCK and not isValid(dialog)
    assert not any("firmas verificadas" in text for text in every_text())
    # Locked while the check is still running: it is asked to stop, then the lock goes on.
    unlock(qtbot, application, passphrase)
    session = application.ctx.session
    with session.case.lock:
        application.main_controller.tools_menu.act_check.trigger()
        dialog = application.main_controller.tools_menu.dialog
        application.lock()
        assert application.state == MAIN and dialog.cancel_event.is_set()
    qtbot.waitUntil(lambda: application.state == UNLOCK, timeout=15000)
    assert not isValid(dialog)
