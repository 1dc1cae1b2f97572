"""The section editor as the tests open it, and letting its operations end before teardown."""

from npmdesk.ui.common import ops
from npmdesk.ui.drafting.editor_controller import open_section


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


def stored_completeness(session, section_id: str):
    """The guiding questions of a section ticked as the case file holds them (not as the editor shows)."""
    from npmdesk.domain import model
    from npmdesk.domain.completeness import of_section
    from npmdesk.storage import checklist, records
    with session.case.lock:
        section = records.get(session.case.conn, model.Section, section_id)
        return of_section(section.guidance, checklist.ticked(session.case.conn, section_id))
