"""The section editor's «Enviar a revisión» button: the author signs the text and the section
joins the reviewer's queue; a team without a signed roster gets a clear Spanish refusal and
nothing changes; the reviewers' observations are read in the editor."""

import pytest
from PySide6.QtCore import Qt

from editor_support import drain, open_editor
from formkit import make_visit
from npmdesk.domain import model
from npmdesk.errors import WrongPersonalPassphrase
from npmdesk.services.team import identity
from npmdesk.services.review import observations
from npmdesk.services.records import edit as records
from npmdesk.services.review import queue as review_queue
from npmdesk.services.team import roster
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.team.working import PersonalPassphrase
from fast_kdf import FAST_KDF


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    drain()


def make_section(session):
    visit = make_visit(session)
    report = records.save(session, model.Report(visit_id=visit.id, title="Informe de visita",
                                                number="MNPT-2026-020"))
    section = records.save(session, model.Section(report_id=report.id, title="Trato", position=1,
                                                  author_ids=[session.actor.id]))
    records.save_section_body(session, section.id, "<p>No se recibieron alegaciones de malos tratos.</p>")
    return section


def opened(qtbot, session, section_id):
    return open_editor(qtbot, AppContext(session), section_id, lambda view: view.state.text() != "")


def state_of(session, section_id):
    return records.get(session, model.Section, section_id).state


def test_sending_signs_the_section_and_puts_it_in_the_review_queue(qtbot, session):
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    section = make_section(session)
    view = opened(qtbot, session, section.id)
    assert view.state.text() == "Estado: Borrador"
    assert view.submit_button.isEnabled()
    qtbot.waitUntil(lambda: not view.observations.empty.isHidden())
    assert view.tabs.tabText(3) == "&Observaciones"
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.state.text() == "Estado: Enviada para revisión")
    assert not view.submit_button.isEnabled()
    assert "Sección enviada a revisión y firmada" in view.message.text()
    assert state_of(session, section.id) == "enviada"
    assert [item.id for item in review_queue.queue(session)] == [section.id]


def test_without_a_signed_roster_sending_is_refused_in_spanish(qtbot, session):
    section = make_section(session)
    view = opened(qtbot, session, section.id)
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.isVisible() and view.message.text() != "")
    assert "nómina firmada" in view.message.text()
    assert state_of(session, section.id) == "borrador"
    qtbot.waitUntil(view.submit_button.isEnabled)
    assert review_queue.queue(session) == []


def test_the_author_reads_the_reviewers_observations_beside_the_text(qtbot, session):
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, "Frase personal de Rosa 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    section = make_section(session)
    body = records.get(session, model.Section, section.id).body
    observations.add_observation(session, section.id, "Indique cuántas personas fueron entrevistadas.",
                                 quote="alegaciones", start=body.index("alegaciones"), as_member=rosa.id)
    view = opened(qtbot, session, section.id)
    panel = view.observations
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    item = panel.tree.topLevelItem(0)
    assert [item.text(c) for c in range(3)] == [
        "Rosa Revisora: Indique cuántas personas fueron entrevistadas.", "alegaciones", "anclada"]
    assert view.tabs.tabText(3) == "&Observaciones (1)"
    assert panel.empty.isHidden()
    assert panel.detail.text() == ("Rosa Revisora: Indique cuántas personas fueron entrevistadas.\n"
                                   "Fragmento: «alegaciones»")

    # The author answers in the same tab: a signed reply in the observation's thread.
    view.tabs.setCurrentIndex(3)
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "Escriba el texto de la respuesta."
    qtbot.keyClicks(panel.answer, "Se entrevistaron 14 personas; lo indico en el texto.")
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.tree.topLevelItem(0) is not None and panel.tree.topLevelItem(0).childCount() == 1)
    reply = panel.tree.topLevelItem(0).child(0)
    assert reply.text(0) == f"{session.actor.name}: Se entrevistaron 14 personas; lo indico en el texto."
    assert panel.message.text() == "Respuesta añadida." and panel.answer.toPlainText() == ""
    rows = [a.observation for a in observations.anchored(session, section.id)]
    assert [(r.parent_id is None, r.body) for r in rows] == [
        (True, "Indique cuántas personas fueron entrevistadas."),
        (False, "Se entrevistaron 14 personas; lo indico en el texto.")]
    assert rows[1].author_id == session.actor.id and rows[1].signature_id


def test_a_reply_with_a_locked_personal_key_asks_her_passphrase_and_without_it_nothing_is_written(
        qtbot, session, monkeypatch):
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, "Frase personal de Rosa 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    section = make_section(session)
    body = records.get(session, model.Section, section.id).body
    observations.add_observation(session, section.id, "Precise la fecha.", quote="alegaciones",
                                 start=body.index("alegaciones"), as_member=rosa.id)
    session.identities.clear()  # as after opening the file: keys wrapped by a passphrase are locked
    session.actor = rosa  # Rosa is the person working (services/team/working.py)
    answers, asked = [None, "no es la frase de Rosa", "Frase personal de Rosa 2026"], []

    def ask(cls, parent, name):
        asked.append(name)
        return answers.pop(0)
    monkeypatch.setattr(PersonalPassphrase, "ask", classmethod(ask))
    view = opened(qtbot, session, section.id)
    panel = view.observations
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    view.tabs.setCurrentIndex(3)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClicks(panel.answer, "Respuesta de Rosa")
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)  # cancelled: nothing signed
    assert asked == ["Rosa Revisora"] and panel.reply.isEnabled()
    assert panel.answer.toPlainText() == "Respuesta de Rosa"
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)  # a colleague guesses wrong
    qtbot.waitUntil(lambda: panel.message.isVisible() and panel.message.text() != "")
    assert panel.message.text() == WrongPersonalPassphrase().message()
    assert panel.answer.toPlainText() == "Respuesta de Rosa" and panel.reply.isEnabled()
    assert len(observations.anchored(session, section.id)) == 1
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)  # Rosa herself
    qtbot.waitUntil(lambda: len(observations.anchored(session, section.id)) == 2)
    drain()
    assert [a.observation.author_id for a in observations.anchored(session, section.id)] == [rosa.id, rosa.id]
