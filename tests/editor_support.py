"""The section editor as the tests open it, and letting its operations end before teardown."""

from npmdesk.ui import ops
from npmdesk.ui.editor.controller import open_section


def drain() -> None:
    for _round in range(5):  # a finished operation may start another (a save refreshes the history)
        ops.wait_all()
        if not ops.running():
            break


def open_editor(qtbot, ctx, section_id, loaded=lambda view: view.isEnabled()):
    """The editor of `section_id` shown at 1100×700, once its section is read and `loaded(view)`."""
    view = open_section(ctx, section_id)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitUntil(lambda: view.controller.ready and loaded(view))
    return view
