"""The set-up assistant as a new user meets it: she creates a case file, the assistant opens, she
writes the institution's names, names the director and pastes the team; a bad line is named and nothing is written; then each
person types her own passphrase and one click ends with a signed roster of the three of them.
«Más tarde» writes nothing, and the team screen opens the assistant again."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from conftest import PASSPHRASE
from gui_support import application, settings  # noqa: F401
from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.team import identity, institution, roster
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.shell.app import MAIN
from npmdesk.ui.shell.new_case import NewCaseAnswer, NewCaseDialog
from npmdesk.ui.team.screen import TeamScreen
from npmdesk.ui.team.setup_wizard import SetupWizard

ROSA, LUIS = "tortuga violeta sobre el puente 77", "lampara roja de cobre en marzo 31"


def click(qtbot, wizard, which) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def type_twice(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.passphrase, text)
    qtbot.keyClicks(page.repeat, text)


def test_a_new_case_file_gets_its_team_keys_and_signed_roster_in_one_pass(qtbot, application, tmp_path,  # noqa: F811
                                                                          monkeypatch):
    path = tmp_path / "nuevo.npmcase"
    monkeypatch.setattr(NewCaseDialog, "ask", classmethod(
        lambda cls, parent=None, folder=None: NewCaseAnswer(path, "Ana Directora", PASSPHRASE)))
    application.begin()
    application.start_controller.create()
    qtbot.waitUntil(lambda: application.state == MAIN and application.main_controller is not None
                    and application.main_controller.tools_menu.setup_wizard is not None, timeout=30000)
    wizard = application.main_controller.tools_menu.setup_wizard
    session = application.ctx.session
    assert wizard.isVisible() and wizard.button(QWizard.WizardButton.CancelButton).text() == "Más tarde"
    assert wizard.width() <= 1024 and wizard.height() <= 600 and wizard.minimumSizeHint().height() <= 600
    # The institution first: the defaults show in grey; she writes the seat and her role.
    fields = wizard.institution.fields.edits
    qtbot.waitUntil(lambda: fields["institution_name"].placeholderText() != "")
    assert fields["institution_name"].placeholderText() == "Defensoría del Pueblo de la República de Panamá"
    qtbot.keyClicks(fields["institution_seat"], "David")
    qtbot.keyClicks(fields["signer_role"], "Directora Nacional del MNPT")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.director.name.text() == "Ana Directora"
    wizard.director.name.clear()
    qtbot.keyClicks(wizard.director.name, "Ana Lucia Directora")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.team

    # Pasted with a comma where the semicolon goes: the line is named, nothing moves or is written.
    wizard.team.list.setPlainText("Rosa Pérez; psicología; autor\nLuis Gomez, derecho, revisor")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.team
    assert "Línea 2: escriba nombre, disciplina y rol separados por punto y coma" in wizard.team.message.text()
    assert [m.name for m in records.select(session, model.TeamMember)] == ["Ana Directora"]

    # She fixes the line by typing it again, as a person would.
    wizard.team.list.setPlainText("Rosa Pérez; psicología; autor\n")
    wizard.team.list.moveCursor(wizard.team.list.textCursor().MoveOperation.End)
    qtbot.keyClicks(wizard.team.list, "Luis Gomez; derecho; revisor")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.passphrases
    assert wizard.currentPage() is page and page.who.text().startswith("Rosa Pérez, escriba su frase")

    type_twice(qtbot, page, ROSA[:-1])  # mistyped once: told, and still her turn
    page.repeat.clear()
    qtbot.keyClicks(page.repeat, ROSA)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert page.message.text() == "Las dos frases de contraseña no coinciden." and page.who.text().startswith("Rosa")
    page.passphrase.clear()
    page.repeat.clear()
    type_twice(qtbot, page, ROSA)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert page.who.text().startswith("Luis Gomez,") and page.passphrase.text() == ""
    type_twice(qtbot, page, LUIS)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.summary
    assert "Ana Lucia Directora; Rosa Pérez; Luis Gomez" in wizard.summary_text.text()
    assert roster.current(session) is None

    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: wizard.signed is not None, timeout=60000)
    signed = roster.current(session)
    assert signed.version == 1
    assert sorted(entry["name"] for entry in signed.members.values()) == [
        "Ana Lucia Directora", "Luis Gomez", "Rosa Pérez"]
    by_name = {entry["name"]: entry for entry in signed.members.values()}
    assert by_name["Ana Lucia Directora"]["role"] == "director" and by_name["Luis Gomez"]["role"] == "revisor"
    luis = next(m for m in records.select(session, model.TeamMember) if m.name == "Luis Gomez")
    identity.lock_identity(session, luis.id)
    identity.unlock_identity(session, luis.id, LUIS)   # his key opens with the passphrase he typed
    named = institution.institution(session)
    assert (named.institution_seat, named.signer_role) == ("David", "Directora Nacional del MNPT")
    assert named.institution_name == "Defensoría del Pueblo de la República de Panamá"  # left empty: the default
    ops.wait_all()


def test_later_writes_nothing_and_the_team_screen_opens_the_assistant_again(qtbot, session):
    screen = TeamScreen(AppContext(session))
    qtbot.addWidget(screen)
    screen.show()
    assert screen.setup_button.text() == "Asi&stente de configuración…"
    qtbot.mouseClick(screen.setup_button, Qt.MouseButton.LeftButton)
    wizard = screen.setup_wizard
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    qtbot.keyClicks(wizard.institution.fields.edits["institution_seat"], "David")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.team.list.setPlainText("Rosa Pérez; psicología; autor")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    type_twice(qtbot, wizard.passphrases, ROSA)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
    ops.wait_all()
    assert [m.name for m in records.select(session, model.TeamMember)] == ["Ana Directora"]
    assert roster.current(session) is None
    assert institution.institution(session).institution_seat == "Panamá"
