"""Herramientas → Clave de recuperación institucional…: the director sets a known public key or
generates a code, copies it on paper and types it back; mistakes and other roles change nothing.
The escrow of a later backup then opens with that code."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_support import shot
from npmdesk.domain import model
from npmdesk.errors import NpmdeskError
from npmdesk.services.team import identity
from npmdesk.services.safekeeping import recovery
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.safekeeping.recovery_key import RecoveryKeyDialog
from fast_kdf import FAST_KDF


@pytest.fixture(autouse=True)
def operations_finish(qtbot, session):
    yield
    ops.wait_all()


def opened(qtbot, session):
    dialog = RecoveryKeyDialog(AppContext(session))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.current.text() != "")
    return dialog


def test_a_generated_code_is_typed_back_before_it_counts(qtbot, session, tmp_path):
    dialog = opened(qtbot, session)
    assert "todavía no tiene clave de recuperación" in dialog.current.text()
    assert dialog.code.isHidden()

    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    code = dialog.code.text()
    assert dialog.code.isVisible() and len(code.split()) == 14
    qtbot.waitUntil(lambda: dialog.code.height() >= dialog.code.sizeHint().height())
    shot(dialog, "clave-recuperacion-codigo")

    # Copying mistakes are caught, and nothing is set: a letter left out, a letter misread.
    qtbot.keyClicks(dialog.typed, code[:-1])
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible() and dialog.message.text() == "Falta 1 letra."
    misread = code[:5] + ("B" if code[5] != "B" else "C") + code[6:]
    dialog.typed.clear()
    qtbot.keyClicks(dialog.typed, misread)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "revíselo letra por letra" in dialog.message.text()
    assert recovery.recovery_key(session) == ""

    # Typed back in lower case without spaces, as people do: accepted.
    dialog.typed.clear()
    qtbot.keyClicks(dialog.typed, code.replace(" ", "").lower())
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.current.text().startswith("Este expediente tiene clave"))
    public = recovery.recovery_key(session)
    assert public and public in dialog.message.text() and dialog.code.isHidden() and dialog.code.text() == ""
    assert QApplication.clipboard().text() != code

    # Once the roster is signed, the dialog gives the director's code for the recovery sheet.
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    dialog.refresh()
    qtbot.waitUntil(lambda: roster.root_code(session) in dialog.current.text())
    # The escrow written now opens with the code that was on screen.
    escrow = recovery.write_escrow(session, tmp_path / "custodia.npmpaq")
    restored = recovery.restore(escrow, code, tmp_path / "recuperado.npmcase", "Frase nueva de la dirección 2026")
    restored.close()


def test_a_known_public_key_is_set_and_a_malformed_one_refused(qtbot, session):
    _code, public = recovery.new_recovery_key()
    dialog = opened(qtbot, session)
    qtbot.keyClicks(dialog.public, "1234 no es una clave")
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible)
    assert "no es una clave pública de recuperación completa; cópiela entera de Herramientas" in (
        dialog.message.text())
    assert "hexadecimal" not in dialog.message.text() + dialog.public.placeholderText()
    assert dialog.public.placeholderText() == (
        "Pegue la clave que muestra esta misma ventana en otro expediente de la institución")
    assert recovery.recovery_key(session) == ""

    dialog.public.clear()
    qtbot.keyClicks(dialog.public, public.upper())
    qtbot.keyClick(dialog.public, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() == "Clave de recuperación institucional fijada.")
    assert recovery.recovery_key(session) == public
    qtbot.waitUntil(lambda: public in dialog.current.text())  # refreshed by an operation


def test_only_the_director_may_set_it(qtbot, session):
    author = records.save(session, model.TeamMember("Luis Autor", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, author.id, "Frase personal de Luis 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    session.actor = author
    _code, public = recovery.new_recovery_key()
    dialog = opened(qtbot, session)
    qtbot.keyClicks(dialog.public, public)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible)
    assert "solo la dirección puede hacerlo" in dialog.message.text()
    assert recovery.recovery_key(session) == ""
    with pytest.raises(NpmdeskError):
        recovery.set_recovery_key(session, public)
