"""Regenerate the README's screenshots (docs/img/*.png) from the demo case file, in Spanish:
the unlock screen, the main window, the section editor with its guiding-question checklist,
the chooser that cites a finding, the findings of a visit with their evidence flags, and the
recommendations of every place with their chart.

Run from the repository root:  QT_QPA_PLATFORM=offscreen python docs/img/capture.py
It works in a throw-away home folder, so no settings or case file of yours are touched.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def wait(app, condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="npmdesk-capture-"))
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_STATE_HOME", ".local/state"),
                      ("XDG_CACHE_HOME", ".cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    sys.path.insert(0, str(ROOT))
    from npmdesk import i18n
    from npmdesk.domain import model
    from npmdesk.services.records import edit as records
    from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
    from npmdesk.ui.common import ops
    from npmdesk.ui.shell.app import MAIN, Application, make_qapplication
    from npmdesk.ui.shell.language import apply_language
    from npmdesk.ui.shell.navigator import group_key

    qapp = make_qapplication()
    i18n.set_language("es")
    apply_language("es")
    case = home / "Documentos" / "MNPT-2026.npmcase"
    case.parent.mkdir()
    session = create_demo(case)
    finding = records.select(session, model.Finding)[0]
    section = _drafting_section(session, finding.visit_id)
    session.close()

    app = Application()
    app.begin(case)
    window = app.window
    window.resize(580, 360)
    wait(qapp, lambda: window.isVisible())
    assert window.grab().save(str(OUT / "desbloqueo.png"))

    window.passphrase.setText(DEMO_PASSPHRASE)
    app.unlock_controller.unlock(DEMO_PASSPHRASE)
    wait(qapp, lambda: app.state == MAIN and ops.running() == 0)
    main_window = app.window
    main_window.resize(1180, 760)
    app.main_controller.reveal("finding", finding.id)
    wait(qapp, lambda: app.main_controller.current_key is not None
         and app.main_controller.current_key[-1] == finding.id and ops.running() == 0)
    view = app.main_controller.current_view
    wait(qapp, lambda: getattr(getattr(view, "controller", None), "ready", True) and view.isEnabled())
    qapp.processEvents()
    assert main_window.grab().save(str(OUT / "ventana_principal.png"))
    saved = [OUT / "desbloqueo.png", OUT / "ventana_principal.png"]

    # The findings of the visit, listed with their area and evidence flags.
    controller = app.main_controller
    main_window.resize(1400, 760)
    group = controller.model.index_for(group_key("finding", finding.visit_id))
    main_window.tree.setCurrentIndex(group)
    wait(qapp, lambda: controller.current_key == group_key("finding", finding.visit_id) and ops.running() == 0)
    saved.append(_save(qapp, main_window, "hallazgos.png"))

    # The chooser that cites a finding, over the section editor; then the editor with the
    # reference in its text and the guiding-question checklist beside it.
    main_window.resize(1500, 860)
    controller.reveal("section", section.id)
    wait(qapp, lambda: controller.current_key is not None and controller.current_key[-1] == section.id)
    editor = controller.current_view
    wait(qapp, lambda: editor.controller.ready and editor.guidance.report_label.text() != ""
         and ops.running() == 0)
    cursor = editor.edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.edit.setTextCursor(cursor)
    editor.edit.insertPlainText(" Así lo confirma ")
    editor.toolbar.act_finding.trigger()
    wait(qapp, lambda: editor.controller.picker is not None and editor.controller.picker.isVisible())
    picker = editor.controller.picker
    picker.filter.setText("pabellon")
    saved.append(_save(qapp, picker, "referencia_hallazgo.png"))
    picker.accept()
    editor.edit.insertPlainText(".")
    wait(qapp, lambda: not editor.controller.dirty and ops.running() == 0)
    saved.append(_save(qapp, editor, "editor_guia.png"))

    # The recommendations of every place, with the chart of their status by place and authority.
    main_window.resize(1600, 900)
    controller.show_recommendations()
    wait(qapp, lambda: controller.current_key == ("view", "recommendations_overview", "")
         and ops.running() == 0)
    saved.append(_save(qapp, controller.current_view, "recomendaciones.png"))
    app.lock()
    print("saved", *saved)


def _drafting_section(session, visit_id: str):
    """The "Condiciones materiales" section of the visit's report, with the guiding questions
    its text already answers ticked, as its author would have done."""
    from npmdesk.domain import model
    from npmdesk.services.drafting import editor
    from npmdesk.services.records import edit as records
    report = records.select(session, model.Report, visit_id=visit_id)[0]
    section = next(s for s in records.select(session, model.Section, report_id=report.id)
                   if s.key == "condiciones_materiales")
    for question in section.guidance[:3]:
        editor.set_checked(session, section.id, question, True)
    return section


def _save(qapp, widget, name: str) -> Path:
    qapp.processEvents()
    path = OUT / name
    assert widget.grab().save(str(path)), path
    return path


if __name__ == "__main__":
    main()
