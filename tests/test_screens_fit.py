"""Every main window and dialog of docs/img/scenes.py (the ones the screenshots show), opened in
the real application on the demo case file, offscreen on a 1024×600 screen: each fits it and
cuts no label or button short of its text, with the usual fonts and with text 150 % larger
(fonts grown, widgets not: a larger text size alone; a 150 % desktop scales the whole screen
instead, which docs/img/make_screenshots.py shows at 1920×1080)."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from fast_kdf import FAST_KDF
from gui_support import application, settings  # noqa: F401 (fixtures)
from screen_fit import SMALL, fit_problems, larger_text, small_screen  # noqa: F401 (fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "img"))
import demo_files  # noqa: E402
import scenes  # noqa: E402

from npmdesk.services.demo.case import DEMO_PASSPHRASE  # noqa: E402
from npmdesk.storage import audit_log  # noqa: E402


def open_all(qtbot, qapp, tmp_path, application) -> tuple[list, dict]:
    """Walk every scene at 1024×600: (the names seen, {name: what does not fit})."""
    files = demo_files.make(tmp_path, kdf_params=FAST_KDF)
    app = application
    seen, problems = [], {}

    def take(name, widget):
        if widget is app.window and widget.size().toTuple() != SMALL:
            widget.resize(*SMALL)  # the laptop's whole screen
            stage.settle()
        for _round in range(3):  # a layout request may post another (a scroll area's content)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        seen.append(name)
        found = fit_problems(widget)
        if found:
            problems[name] = found

    stage = scenes.Stage(qapp, app, files, take, wait_until=qtbot.waitUntil, pause=0)
    scenes.unlock(stage, DEMO_PASSPHRASE)
    logged = bitacora_length(app.ctx.session)
    for scene in scenes.SCENES:
        scene(stage)
    assert bitacora_length(app.ctx.session) == logged  # every dialog was cancelled: nothing done
    return seen, problems


def bitacora_length(session) -> int:
    with session.case.lock:
        return len(audit_log.entries(session.case.conn))


@pytest.mark.parametrize("larger_text", [1.0, 1.5], indirect=True, ids=["100%", "150%-text"])
def test_every_window_fits_1024_by_600_and_cuts_no_text(qtbot, qapp, tmp_path, larger_text, application,
                                                        small_screen):
    seen, problems = open_all(qtbot, qapp, tmp_path, application)
    assert {"desbloqueo", "panel", "visita", "editor", "revision", "revision-confirmacion", "seguimiento",
            "estadisticas", "oficios", "equipo", "asistente", "exportar", "importar-paquete", "importar-word",
            "frase", "recuperacion", "busqueda", "bitacora"} <= set(seen)
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())

