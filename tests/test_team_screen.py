"""Herramientas → Equipo y nómina: keys for a fresh case's team and the first signed roster,
made through the screen, after which a section can be sent for review (it could not before).

A new case file (not the demo) with the owner and two members added through the services;
every bad input (mismatched passphrases, a non-director signing, a malformed card or roster)
is shown on the screen and changes nothing.
"""

import gc
import json

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from gui_support import application, every_text, settings, shot, unlock  # noqa: F401
from npmdesk.crypto.keys import KeyPair, fingerprint
from npmdesk.domain import model
from npmdesk.domain.roster import changes
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import audit_log
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.team.dialogs import KeysDialog, MemberDialog, SignDialog, TeamFiles
from npmdesk.ui.team.screen import TeamScreen
from fast_kdf import FAST_KDF

LUIS = "Frase personal de Luis 2026"


@pytest.fixture
def team(session):
    """Ana Directora (owner), Luis (autor) and Rosa (revisora), and a section Luis wrote."""
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    rosa = records.save(session, model.TeamMember("Rosa Médica", "medicina", "revisor"))
    place = records.save(session, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita"))
    section = records.save(session, model.Section(report.id, "Trato", position=1, author_ids=[luis.id]))
    records.save_section_body(session, section.id, "<p>Las celdas no tienen luz natural.</p>")
    return {"ana": session.actor, "luis": luis, "rosa": rosa, "section": section}


@pytest.fixture
def screen(qtbot, session, team):
    ctx = AppContext(session)
    view = TeamScreen(ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    yield view
    ops.wait_all()


def cells(view, name: str) -> list[str]:
    for row in range(view.model.rowCount()):
        if view.model.item(row, 0).text().startswith(name):
            return [view.model.item(row, c).text() for c in range(view.model.columnCount())]
    raise AssertionError(name)


def choose(view, name: str) -> None:
    view.select_member(next(r.member.id for r in view.state.rows if r.member.name == name))


def dump(session) -> dict:
    """Everything the screen could change: members, keys, roster chain, bitácora length."""
    with session.case.lock:
        conn = session.case.conn
        return {"members": [tuple(r) for r in conn.execute("SELECT * FROM team_members ORDER BY id")],
                "keys": [tuple(r) for r in conn.execute("SELECT * FROM member_keys ORDER BY member_id")],
                "rosters": roster.chain(session), "audit": audit_log.head(conn)}


def message(view) -> str:
    return view.message.text()


def open_dialog(qtbot, view, button, kind):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, kind) and isValid(view.dialog) and view.dialog.isVisible())
    return view.dialog


def wait_message(qtbot, view, text: str) -> None:
    qtbot.waitUntil(lambda: text in message(view) and ops.running() == 0, timeout=10000)


def make_keys(qtbot, view, name: str, passphrase: str | None = None) -> None:
    choose(view, name)
    dialog = open_dialog(qtbot, view, view.keys_button, KeysDialog)
    if passphrase is not None:
        qtbot.keyClicks(dialog.passphrase, passphrase)
        qtbot.keyClicks(dialog.repeat, passphrase)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, view, f"Claves de {name} creadas")


def test_keys_and_first_roster_through_the_screen_let_a_section_be_sent(qtbot, screen, session, team):
    section = team["section"]
    with pytest.raises(ActionNotAllowed):  # no roster yet: nobody can send anything
        review.submit_section(session, section.id, as_member=team["luis"].id)
    assert cells(screen, "Ana Directora")[4] == "sin claves"
    assert "Todavía no hay una nómina firmada" in screen.status.text()

    # The owner: no passphrase asked.
    choose(screen, "Ana Directora")
    dialog = open_dialog(qtbot, screen, screen.keys_button, KeysDialog)
    assert dialog.passphrase is None and "dentro del archivo cifrado" in dialog.intro.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Claves de Ana Directora creadas")
    fingerprint = identity.public_keys(session, team["ana"].id).fingerprint
    qtbot.waitUntil(lambda: cells(screen, "Ana Directora")[4] == fingerprint)

    # Luis: two passphrases that differ are refused and nothing is created.
    choose(screen, "Luis Abogado")
    dialog = open_dialog(qtbot, screen, screen.keys_button, KeysDialog)
    qtbot.keyClicks(dialog.passphrase, LUIS)
    assert dialog.meter.value() > 0
    qtbot.keyClicks(dialog.repeat, LUIS + "x")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Las dos frases de contraseña no coinciden."
    assert identity.public_keys(session, team["luis"].id) is None
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.repeat, LUIS)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Claves de Luis Abogado creadas")
    assert cells(screen, "Luis Abogado")[4] != "sin claves"
    assert cells(screen, "Luis Abogado")[5] == "No"

    # Luis (autor) may not sign the roster: the service's sentence, nothing signed.
    before = dump(session)
    choose(screen, "Luis Abogado")
    qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "No puede firmar la nómina")
    assert "solo una directora o un director" in message(screen)
    assert dump(session) == before

    # Ana signs: the preview lists who joins, then version 1 is in force.
    choose(screen, "Ana Directora")
    dialog = open_dialog(qtbot, screen, screen.sign_button, SignDialog)
    listed = dialog.changes.toPlainText()
    assert "Entra Ana Directora, como Director/a." in listed
    assert "Entra Luis Abogado, como Autor/a." in listed and "Rosa" not in listed  # Rosa has no keys
    shot(dialog, "equipo-firmar-nomina")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Nómina firmada: versión 1, 2 personas.")
    qtbot.waitUntil(lambda: "versión 1" in screen.status.text())
    assert cells(screen, "Luis Abogado")[3:6:2] == ["Autor/a", "Sí"]
    assert cells(screen, "Rosa Médica")[4:] == ["sin claves", "No"]
    shot(screen, "equipo-y-nomina")

    # Now Luis can send his section for review.
    sent = review.submit_section(session, section.id, as_member=team["luis"].id)
    assert sent.state == "enviada"


def test_role_change_through_the_member_form_shows_in_the_next_version(qtbot, screen, session, team):
    make_keys(qtbot, screen, "Ana Directora")
    make_keys(qtbot, screen, "Rosa Médica", "Frase personal de Rosa 2026")
    roster.sign_roster(session)
    screen.reload()
    qtbot.waitUntil(lambda: cells(screen, "Rosa Médica")[5] == "Sí")
    choose(screen, "Rosa Médica")
    dialog = open_dialog(qtbot, screen, screen.edit_button, MemberDialog)
    dialog.role.set_code("director")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Datos de Rosa Médica guardados.")
    # Recorded as directora, still revisora in the signed roster, so she cannot sign yet.
    assert cells(screen, "Rosa Médica")[2:4] == ["Director/a", "Revisor/a"]
    choose(screen, "Rosa Médica")
    qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "No puede firmar la nómina")
    choose(screen, "Ana Directora")
    dialog = open_dialog(qtbot, screen, screen.sign_button, SignDialog)
    assert "Rosa Médica: rol de Revisor/a a Director/a." in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert roster.current(session).version == 1
    # An empty name is refused in the form.
    choose(screen, "Luis Abogado")
    dialog = open_dialog(qtbot, screen, screen.edit_button, MemberDialog)
    dialog.name.clear()
    before = dump(session)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "No se puede guardar: escriba el nombre de la persona."
                    and ops.running() == 0)
    assert dialog.isVisible()
    assert dump(session) == before


def test_short_personal_passphrase_is_refused(qtbot, screen, session, team):
    choose(screen, "Luis Abogado")
    dialog = open_dialog(qtbot, screen, screen.keys_button, KeysDialog)
    assert "nadie puede recuperar esta frase personal" in " ".join(
        w.text() for w in dialog.findChildren(type(dialog.intro)))
    qtbot.keyClicks(dialog.passphrase, "corta")
    qtbot.keyClicks(dialog.repeat, "corta")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "tiene menos de 12 caracteres" in dialog.message.text()
    shot(dialog, "equipo-crear-claves")
    assert identity.public_keys(session, team["luis"].id) is None


def impostor_card(session, member) -> str:
    """A well-formed card under `member`'s id carrying somebody else's keys."""
    pair = KeyPair.generate()
    data = {**identity.card(session, member.id), "sign_public": pair.sign_public.hex(),
            "box_public": pair.box_public.hex(), "fingerprint": fingerprint(pair.sign_public, pair.box_public)}
    return json.dumps(data)


def test_malformed_card_and_roster_files_change_nothing(qtbot, screen, session, team, tmp_path, monkeypatch):
    make_keys(qtbot, screen, "Ana Directora")
    before = dump(session)
    bad = tmp_path / "tarjeta.json"
    for content, reason in (("no es json", "no es JSON legible"),
                            (json.dumps({"format": "otra-cosa"}), "formato desconocido"),
                            (json.dumps({"format": identity.CARD_FORMAT, "id": "x", "name": "Intrusa",
                                         "discipline": "derecho", "role": "director",
                                         "sign_public": "00" * 32, "box_public": "00" * 32,
                                         "fingerprint": "falsa"}), "la huella no corresponde"),
                            (impostor_card(session, team["ana"]), "ya tiene en este expediente otras claves")):
        bad.write_text(content, encoding="utf-8")
        monkeypatch.setattr(TeamFiles, "ask_open", classmethod(lambda cls, parent, title: bad))
        show = screen.message
        show.clear()
        qtbot.mouseClick(screen.card_in, Qt.MouseButton.LeftButton)
        wait_message(qtbot, screen, "La tarjeta pública no es válida")
        assert reason in message(screen) and "No se ha modificado nada" in message(screen)
        assert dump(session) == before
    # A roster file that is not one, one signed by somebody it does not list as director, and a
    # valid roster of another case file that does not continue this one's.
    roster.sign_roster(session)
    before = dump(session)
    other = sessions.create_case(tmp_path / "otro.npmcase", "Frase de otra oficina 2026", owner_name="Eva Intrusa", kdf_params=FAST_KDF)
    identity.create_keys(other, other.actor.id)
    roster.sign_roster(other)
    foreign = roster.export_roster(other, tmp_path / "ajena.json")
    other.close()
    chain = json.loads(foreign.read_text(encoding="utf-8"))
    chain["chain"][0]["signer"] = "0000 0000 0000 0000 0000 0000 0000 0000"
    for content, reason in ((json.dumps({"format": "npmdesk-nomina/1", "chain": []}),
                             "el archivo no contiene una nómina"),
                            (json.dumps(chain), "no está firmada por una directora o un director"),
                            (foreign.read_text(encoding="utf-8"), "no continúa la nómina de este expediente")):
        bad.write_text(content, encoding="utf-8")
        screen.message.clear()
        qtbot.mouseClick(screen.roster_in, Qt.MouseButton.LeftButton)
        wait_message(qtbot, screen, "La nómina del equipo no es válida")
        assert reason in message(screen)
        assert dump(session) == before
    # A card written to a folder that does not exist.
    monkeypatch.setattr(TeamFiles, "ask_save", classmethod(
        lambda cls, parent, title, suggested: tmp_path / "no-existe" / "ana.json"))
    choose(screen, "Ana Directora")
    qtbot.mouseClick(screen.card_out, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "No se puede escribir")
    assert "no-existe" in message(screen)


def test_card_and_roster_export_then_import_into_another_case(qtbot, screen, session, team, tmp_path,
                                                                monkeypatch):
    make_keys(qtbot, screen, "Ana Directora")
    make_keys(qtbot, screen, "Luis Abogado", LUIS)
    card, nomina = tmp_path / "luis.json", tmp_path / "nomina.json"
    # No roster yet: exporting one is refused before asking where.
    qtbot.mouseClick(screen.roster_out, Qt.MouseButton.LeftButton)
    assert message(screen) == "Este expediente todavía no tiene una nómina firmada."
    choose(screen, "Rosa Médica")
    qtbot.mouseClick(screen.card_out, Qt.MouseButton.LeftButton)
    assert "todavía no tiene claves" in message(screen)
    roster.sign_roster(session)
    screen.reload()
    qtbot.waitUntil(lambda: screen.state.version == 1)
    monkeypatch.setattr(TeamFiles, "ask_save", classmethod(
        lambda cls, parent, title, suggested: card if "tarjeta" in suggested.name else nomina))
    choose(screen, "Luis Abogado")
    qtbot.mouseClick(screen.card_out, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Tarjeta pública de Luis Abogado guardada")
    qtbot.mouseClick(screen.roster_out, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Nómina firmada (versión 1) guardada")
    assert json.loads(card.read_text(encoding="utf-8"))["name"] == "Luis Abogado"
    assert json.loads(nomina.read_text(encoding="utf-8"))["chain"][0]["body"]["version"] == 1


def test_a_director_who_is_not_the_owner_signs_with_her_personal_passphrase(qtbot, screen, session, team,
                                                                           monkeypatch):
    rosa = "Frase personal de Rosa 2026"
    make_keys(qtbot, screen, "Ana Directora")
    rosa_member = records.get(session, model.TeamMember, team["rosa"].id)
    rosa_member.role = "director"
    records.save(session, rosa_member)
    make_keys(qtbot, screen, "Rosa Médica", rosa)
    roster.sign_roster(session)
    identity.lock_identity(session, rosa_member.id)
    screen.reload()
    qtbot.waitUntil(lambda: screen.state.version == 1)
    asked = []
    monkeypatch.setattr("npmdesk.ui.team.screen.PersonalPassphrase.ask",
                        lambda parent, name: asked.append(name) or answers.pop(0))
    # Cancelling the passphrase signs nothing; a wrong one is refused; hers signs version 2.
    for answers, expected in (([None], None), (["Otra frase cualquiera 2026"], "no es correcta"),
                              ([rosa], "Nómina firmada: versión 2")):
        before = dump(session)
        choose(screen, "Rosa Médica")
        dialog = open_dialog(qtbot, screen, screen.sign_button, SignDialog)
        assert "Ningún cambio" in dialog.changes.toPlainText()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        if expected is None:
            assert ops.running() == 0 and dump(session) == before
            continue
        wait_message(qtbot, screen, expected)
        assert (dump(session) == before) == (expected != "Nómina firmada: versión 2")
    assert asked == ["Rosa Médica"] * 3
    assert roster.current(session).version == 2


def test_keyboard_opens_the_member_form(qtbot, screen):
    screen.table.setFocus()
    choose(screen, "Luis Abogado")
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MemberDialog) and screen.dialog.isVisible())
    assert screen.dialog.name.text() == "Luis Abogado"
    assert screen.dialog.role.accessibleName() == "Rol"
    shot(screen.dialog, "equipo-integrante")
    qtbot.keyClick(screen.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not isValid(screen.dialog) or not screen.dialog.isVisible())


def test_changes_between_versions():
    entry = {"name": "Luis", "discipline": "derecho", "role": "autor", "fingerprint": "aa"}
    signed = type("R", (), {"members": {"l": entry, "m": {**entry, "name": "Marta"}}})()
    proposed = {"l": {**entry, "role": "revisor", "fingerprint": "bb"},
                "n": {**entry, "name": "Nora", "role": "director"}}
    kinds = [(c.name, c.kind, c.before, c.after) for c in changes(signed, proposed)]
    assert kinds == [("Luis", "rol", "autor", "revisor"), ("Luis", "claves", "aa", "bb"),
                     ("Marta", "baja", "autor", ""), ("Nora", "alta", "", "director")]
    assert changes(None, {}) == []


def test_menu_opens_the_screen_and_a_lock_closes_it(qtbot, application, session, case_path,  # noqa: F811
                                                    passphrase):
    records.save(session, model.TeamMember("Luis Qwpzapellido", "derecho", "autor"))
    session.close()
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    tools = application.main_controller.tools_menu
    assert tools.act_team.text() == "&Equipo y nómina…"
    tools.act_team.trigger()
    qtbot.waitUntil(lambda: tools.team_screen is not None and tools.team_screen.model.rowCount() == 2)
    screen = tools.team_screen
    assert screen.table.accessibleName() == "Integrantes del equipo"
    assert screen.isModal() or screen.windowModality() != Qt.WindowModality.NonModal
    choose(screen, "Luis Qwpzapellido")
    open_dialog(qtbot, screen, screen.keys_button, KeysDialog)
    application.lock()
    qtbot.waitUntil(lambda: application.main_controller is None, timeout=10000)
    assert "Qwpzapellido" not in "\n".join(every_text())
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, model.TeamMember) and "Qwpz" in o.name]


def test_first_roster_file_asks_the_code_and_shows_the_root(qtbot, screen, session, tmp_path, monkeypatch):
    """This case file has no roster: importing one asks the director's code; a wrong one imports
    nothing, the right one pins the root, and the screen shows it with its code."""
    from npmdesk.services.team import trust
    from npmdesk.ui.team import screen as team_screen
    office = sessions.create_case(tmp_path / "oficina.npmcase", "Frase de la dirección 2026",
                                  owner_name="Dora Directora")
    identity.create_keys(office, office.actor.id)
    roster.sign_roster(office)
    path = roster.export_roster(office, tmp_path / "nomina.json")
    real = trust.pinned(office)
    office.close()
    monkeypatch.setattr(TeamFiles, "ask_open", classmethod(lambda cls, parent, title: path))
    answers, asked = iter(["98765 " * 12, None]), []
    monkeypatch.setattr(team_screen.RootCodeDialog, "ask",
                        classmethod(lambda cls, exc, parent: asked.append(type(exc).__name__) or next(answers)))
    qtbot.mouseClick(screen.roster_in, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "El código escrito no es el de la raíz")
    assert asked == ["RootUnconfirmed", "WrongRoot"] and roster.current(session) is None
    answers = iter([real])
    qtbot.mouseClick(screen.roster_in, Qt.MouseButton.LeftButton)
    wait_message(qtbot, screen, "Nómina importada")
    assert trust.pinned(session) == real
    qtbot.waitUntil(lambda: real in screen.status.text())
    assert "Raíz institucional: Dora Directora" in screen.status.text()
