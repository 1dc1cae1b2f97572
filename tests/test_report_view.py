"""The report page: a report's details and its sections in order, each opening in the editor."""

import pytest

from formkit import make_visit
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting.report_view import SectionIdRole
from npmdesk.ui.common.views import load_all, view_for


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    ops.wait_all()


def test_the_report_page_lists_its_sections_and_opens_one(qtbot, session):
    visit = make_visit(session)
    author = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    report = records.save(session, model.Report(visit.id, "Informe de visita", number="MNPT-2026-040"))
    findings = records.save(session, model.Section(report.id, "Hallazgos", position=2))
    records.save(session, model.Section(report.id, "Trato", position=1, parent_id=findings.id,
                                        author_ids=[author.id]))
    records.save(session, model.Section(report.id, "Resumen ejecutivo", position=1, state="aprobada"))
    load_all()
    ctx = AppContext(session)
    view = view_for("report")(ctx, report.id, None, None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.sections.topLevelItemCount() == 2)
    first, second = view.sections.topLevelItem(0), view.sections.topLevelItem(1)
    assert [first.text(c) for c in range(3)] == ["Resumen ejecutivo", "Aprobada", ""]
    assert second.text(0) == "Hallazgos" and second.childCount() == 1
    child = second.child(0)
    assert [child.text(c) for c in range(3)] == ["Trato", "Borrador", "Luis Abogado"]
    qtbot.waitUntil(lambda: "MNPT-2026-040" in view.summary.heading.text())
    with qtbot.waitSignal(ctx.sig_open) as opened:
        view.sections.itemActivated.emit(child, 0)
    assert opened.args == ["section", child.data(0, SectionIdRole)]
