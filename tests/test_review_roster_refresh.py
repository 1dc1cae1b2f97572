"""The review screen's "Revisa como" list follows the signed roster while the screen stays open:
a roster signed through Herramientas → Equipo y nómina, imported there or arriving in a package
refreshes it, keeping the person chosen while they are still on it."""

import json

from PySide6.QtCore import Qt

from gui_support import shot
from npmdesk.crypto.hashing import digest
from npmdesk.domain import model
from npmdesk.domain.model import now_utc
from npmdesk.domain.roster import ROSTER_FORMAT
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services.team import members as team_service
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.exchange.import_dialog import ImportSummary, PackageImport
from npmdesk.ui.review.screen import PersonalPassphrase, open_review
from npmdesk.ui.team.dialogs import MemberDialog, SignDialog, TeamFiles
from npmdesk.ui.team.screen import TeamScreen
from package_support import close, make_office
from test_review_gui import team  # noqa: F401  (Ana directora, Rosa revisora, Luis autor; roster v1)
from test_team_screen import choose, make_keys, open_dialog, wait_message

ROSA = "Frase personal de Rosa 2026"
MARTA = "Frase personal de Marta 2026"


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def people(view) -> list[str]:
    return [view.person.itemText(i) for i in range(view.person.count())]


def open_both(qtbot, session):
    ctx = AppContext(session)
    review_view = open_review(ctx)
    qtbot.addWidget(review_view)
    review_view.resize(1100, 700)
    review_view.show()
    idle(qtbot)
    team_screen = TeamScreen(ctx)
    qtbot.addWidget(team_screen)
    team_screen.show()
    qtbot.waitUntil(lambda: team_screen.model.rowCount() == 3)
    idle(qtbot)
    return review_view, team_screen


def sign(qtbot, team_screen, expected: str) -> None:
    choose(team_screen, "Ana Directora")
    dialog = open_dialog(qtbot, team_screen, team_screen.sign_button, SignDialog)
    assert expected in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, team_screen, "Nómina firmada")


def edit(qtbot, team_screen, name: str, role: str | None = None, active: bool | None = None) -> None:
    choose(team_screen, name)
    dialog = open_dialog(qtbot, team_screen, team_screen.edit_button, MemberDialog)
    if role is not None:
        dialog.role.set_code(role)
    if active is not None and dialog.active.isChecked() != active:
        qtbot.keyClick(dialog.active, Qt.Key.Key_Space)
    assert dialog.active.isChecked() == (dialog.original.active if active is None else active)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, team_screen, f"Datos de {name} guardados.")


def test_signing_a_roster_on_the_team_screen_refreshes_the_open_review_screen(
        qtbot, session, team, monkeypatch):  # noqa: F811
    review_view, team_screen = open_both(qtbot, session)
    assert people(review_view) == ["Ana Directora (Director/a)", "Luis Abogado (Autor/a)",
                                   "Rosa Revisora (Revisor/a)"]
    # Rosa reviews (her personal passphrase asked as in the real screen).
    monkeypatch.setattr(PersonalPassphrase, "ask", classmethod(lambda cls, parent, name: ROSA))
    review_view.person.setFocus()
    qtbot.keyClick(review_view.person, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: review_view.controller.member_id == team["rosa"].id and ops.running() == 0)

    # A new member joins through the team screen's real controls: form, keys, signature.
    qtbot.mouseClick(team_screen.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(team_screen.dialog, MemberDialog) and team_screen.dialog.isVisible())
    dialog = team_screen.dialog
    qtbot.keyClicks(dialog.name, "  Marta   Psic")
    dialog.name.insert("ó")  # QTest cannot type non-ASCII keys
    qtbot.keyClicks(dialog.name, "loga ")
    dialog.discipline.set_code("psicologia")
    dialog.role.set_code("revisor")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, team_screen, "Datos de Marta Psicóloga guardados.")
    make_keys(qtbot, team_screen, "Marta Psicóloga", MARTA)
    assert "Marta Psicóloga (Revisor/a)" not in people(review_view)  # not signed yet
    sign(qtbot, team_screen, "Entra Marta Psicóloga, como Revisor/a.")
    qtbot.waitUntil(lambda: "Marta Psicóloga (Revisor/a)" in people(review_view))
    idle(qtbot)
    assert review_view.person.currentText() == "Rosa Revisora (Revisor/a)"
    assert review_view.controller.member_id == team["rosa"].id
    assert review_view.approve.isEnabled()  # Rosa still reviews the section on screen
    shot(review_view, "review-roster-refreshed")

    # Rosa becomes directora: her entry changes, she stays chosen.
    edit(qtbot, team_screen, "Rosa Revisora", role="director")
    assert "Rosa Revisora (Revisor/a)" in people(review_view)  # recorded, not signed: nothing yet
    sign(qtbot, team_screen, "Rosa Revisora: rol de Revisor/a a Director/a.")
    qtbot.waitUntil(lambda: review_view.person.currentText() == "Rosa Revisora (Director/a)")
    assert review_view.controller.member_id == team["rosa"].id

    # Rosa leaves: the next version drops her, the screen goes back to the owner and says so.
    edit(qtbot, team_screen, "Rosa Revisora", active=False)
    sign(qtbot, team_screen, "Sale Rosa Revisora (era Director/a).")
    qtbot.waitUntil(lambda: review_view.person.currentText() == "Ana Directora (Director/a)")
    idle(qtbot)
    assert review_view.controller.member_id == session.actor.id
    assert "Rosa Revisora (Director/a) ya no figura en la nómina firmada vigente: ahora revisa Ana Directora " \
           "(Director/a)." == review_view.message.text()
    assert not any(p.startswith("Rosa") for p in people(review_view))
    shot(review_view, "review-roster-person-left")
    assert records.get(session, model.TeamMember, team["rosa"].id).name == "Rosa Revisora"  # still in history
    assert roster.current(session).version == 4


def test_importing_a_roster_refreshes_the_open_review_screen(qtbot, session, team, tmp_path,
                                                              monkeypatch):  # noqa: F811
    review_view, team_screen = open_both(qtbot, session)
    # Version 2, signed by the director on her own laptop, arrives as a file: Luis now reviews.
    chain = roster.chain(session)
    entries = roster.proposed_members(session)
    entries[team["luis"].id]["role"] = "revisor"
    body = {"format": ROSTER_FORMAT, "version": 2, "previous": digest(chain[-1]["body"]),
            "created_at": now_utc(), "members": entries}
    ana = identity.signing_keys(session, session.actor)
    chain.append({"body": body, "signer": entries[session.actor.id]["fingerprint"], "signature": ana.sign(body)})
    path = tmp_path / "nomina.json"
    path.write_text(json.dumps({"format": ROSTER_FORMAT, "chain": chain}), encoding="utf-8")
    assert "Luis Abogado (Autor/a)" in people(review_view)
    monkeypatch.setattr(TeamFiles, "ask_open", classmethod(lambda cls, parent, title: path))
    qtbot.mouseClick(team_screen.roster_in, Qt.MouseButton.LeftButton)
    wait_message(qtbot, team_screen, "Nómina importada: versión 2")
    qtbot.waitUntil(lambda: "Luis Abogado (Revisor/a)" in people(review_view))
    assert review_view.person.currentText() == "Ana Directora (Director/a)"


def test_a_roster_package_imported_on_another_laptop_refreshes_its_review_screen(qtbot, tmp_path):
    office = make_office(tmp_path)
    try:
        ctx = AppContext(office.luis)
        review_view = open_review(ctx)
        qtbot.addWidget(review_view)
        review_view.show()
        idle(qtbot)
        assert "Marta Médica (Autor/a)" in people(review_view)
        # The director makes Marta a reviewer, signs and sends the roster to Luis's laptop.
        team_service.change_member(office.dora, office.marta.actor.id, role="revisor")
        roster.sign_roster(office.dora)
        path = office.send(office.dora, "nomina", [office.luis])

        def ask_summary(summary, parent):
            dialog = ImportSummary(summary, parent)
            qtbot.addWidget(dialog)
            dialog.show()
            with qtbot.waitSignal(dialog.accepted):
                qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
            return True

        flow = PackageImport(ctx, review_view, ask_summary)
        with qtbot.waitSignal(flow.sig_finished, timeout=20000):
            flow.start(path)
        qtbot.waitUntil(lambda: "Marta Médica (Revisor/a)" in people(review_view))
        assert review_view.person.currentText() == "Luis Autor (Autor/a)"
        idle(qtbot)
    finally:
        close(office)
