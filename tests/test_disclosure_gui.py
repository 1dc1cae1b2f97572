"""The disclosure check where people work: «Enviar a revisión» lists the passages and asks,
and the reviewer's current text shows them marked (issue 14: four warnings went to review
unasked and unmarked). The people named were interviewed on an earlier visit."""

import pytest
from PySide6.QtCore import Qt

from editor_support import drain, open_editor
from formkit import make_visit
from gui_support import shot
from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import queue as review_queue
from npmdesk.services.team import roster
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.drafting import editor_controller
from npmdesk.ui.drafting.confirm_disclosures import ConfirmDisclosures
from npmdesk.ui.common.marks import DISCLOSURE_COLOUR
from npmdesk.ui.review.screen import open_review
from test_gui_dialogs import shoot_modal

BODY = ("<p>Según Jose Nunez (cédula 8\u2013123\u20134567), el custodio lo golpeó; e-07 lo confirmó "
        "y dio el teléfono 6123-4567.</p><p>No se recibieron otras alegaciones.</p>")
PASSAGES = ["Jose Nunez", "8\u2013123\u20134567", "e-07", "6123-4567"]


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


@pytest.fixture
def section(session):
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    earlier = make_visit(session)
    records.add_interview(session, model.Interview(visit_id=earlier.id, code="E-07", real_identity="José Núñez",
                                                   consent_interview=True))
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita", number="MNPT-2026-021"))
    section = records.save(session, model.Section(report_id=report.id, title="Trato", position=1,
                                                  author_ids=[session.actor.id]))
    records.save_section_body(session, section.id, BODY)
    return section


def opened(qtbot, session, section_id):
    return open_editor(qtbot, AppContext(session), section_id, lambda view: view.state.text() != "")


def state_of(session, section_id):
    return records.get(session, model.Section, section_id).state


def test_sending_a_section_that_names_someone_asks_first_and_no_keeps_it(qtbot, session, section, monkeypatch):
    asked = []
    monkeypatch.setattr(editor_controller.ConfirmDisclosures, "ask",
                        classmethod(lambda cls, parent, passages: asked.append(passages)))
    view = opened(qtbot, session, section.id)
    qtbot.waitUntil(lambda: view.warning_count.text() == "4 advertencias de confidencialidad")  # listed after painting
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    assert [p.text for p in asked[0]] == PASSAGES
    qtbot.waitUntil(view.submit_button.isEnabled)
    assert state_of(session, section.id) == "borrador" and review_queue.queue(session) == []


def test_sending_anyway_after_the_question_sends_it(qtbot, session, section, monkeypatch):
    monkeypatch.setattr(editor_controller.ConfirmDisclosures, "ask", classmethod(lambda cls, parent, passages: True))
    view = opened(qtbot, session, section.id)
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.state.text() == "Estado: Enviada para revisión")
    assert state_of(session, section.id) == "enviada"


def test_the_question_lists_the_passages_and_defaults_to_going_back(qtbot, session, section):
    from npmdesk.services.archive import disclosure
    passages = disclosure.section_passages(session, section.id)
    seen = shoot_modal(qtbot, lambda: ConfirmDisclosures.ask(None, passages), "dialogo_enviar_con_avisos")
    assert "4 pasajes de esta sección podrían identificar a personas entrevistadas." in seen["text"]
    for passage in PASSAGES:
        assert f"«{passage}»" in seen["text"]
    assert "Enviar de todos modos" in seen["text"] and "Volver a la sección" in seen["text"]
    assert seen["answer"] is None  # closing it is not sending


def test_the_reviewer_sees_the_passages_marked(qtbot, session, section):
    from npmdesk.services.review import actions as review
    review.submit_section(session, section.id)
    reviewer = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, reviewer.id, "Frase personal de Rosa 2026")
    roster.sign_roster(session)
    view = open_review(AppContext(session))
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitUntil(lambda: ops.running() == 0 and view.controller.detail is not None, timeout=15000)
    text = view.text.toPlainText()
    marked = sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.text.extraSelections()
                    if s.format.background().color().name() == DISCLOSURE_COLOUR)
    assert [text[a:b] for a, b in marked] == PASSAGES
    diff = view.diff.toPlainText()  # first review: the whole text is new, shown as inserted
    in_diff = sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.diff.extraSelections()
                     if s.format.background().color().name() == DISCLOSURE_COLOUR)
    assert [diff[a:b] for a, b in in_diff] == PASSAGES
    assert "4 pasajes marcados podrían identificar a personas entrevistadas." in view.item_state.text()
    shot(view, "review-disclosures")
