"""Equipo y nómina → Sustituir la raíz sin su firma… and Importar nómina… of the replacement: the
same services as `npmdesk roster repin` (tests/test_root_repin.py), driven as a person would.
The dialog names who stops being the root without signing it, and signs or takes in nothing
until the new root's code is typed and the tick is given; a wrong code changes nothing."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from npmdesk.ui.team.working import PersonalPassphrase
from npmdesk.services.team import repin, roster, trust
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.team import repin as repin_ui
from npmdesk.ui.team.dialogs import TeamFiles
from npmdesk.ui.team.screen import TeamScreen

from gui_support import shot
from package_support import close, make_office
from test_root_repin import ELENA_PASS, elena_code, elena_on_luis


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    made.old_code = trust.pinned(made.dora)
    yield made
    ops.wait_all()
    close(made)


def screen_of(qtbot, session) -> TeamScreen:
    view = TeamScreen(AppContext(session))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: (view.state.version or 0) >= 1 and ops.running() == 0, timeout=10000)
    return view


def driving(qtbot, monkeypatch, typed: list[str], seen: list, name: str):
    """Replace ConfirmRepin.ask by the real dialog, driven: the tick only after checking that the
    button waits for it, then the code as the new root reads it out."""
    def ask(cls, preview, parent):
        dialog = cls(preview, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        seen.append(dialog.warning.text())
        assert not any(trust.formatted(preview.code) in label.text() for label in dialog.findChildren(QLabel))
        code = typed.pop(0)
        qtbot.keyClicks(dialog.code, code.replace(" ", "-"))
        assert not dialog.ok.isEnabled()  # the code alone is not enough
        qtbot.mouseClick(dialog.understood, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.understood.height() // 2))
        assert dialog.ok.isEnabled() and dialog.reading.text().startswith("Se lee: ")
        shot(dialog, name)
        return dialog.typed()
    monkeypatch.setattr(repin_ui.ConfirmRepin, "ask", classmethod(ask))


def test_the_new_root_signs_the_replacement_from_the_team_screen(qtbot, office, monkeypatch):
    o = office
    elena = elena_on_luis(o)
    code = elena_code(o, elena)
    view = screen_of(qtbot, o.luis)
    seen = []
    driving(qtbot, monkeypatch, [o.old_code, code], seen, "sustituir-raiz-firmar")
    monkeypatch.setattr(PersonalPassphrase, "ask", lambda parent, name: ELENA_PASS)
    view.select_member(elena.id)
    qtbot.mouseClick(view.repin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no es el de Elena Directora" in view.message.text(), timeout=10000)
    assert "Dora Directora" in seen[0] and o.old_code in seen[0] and "SIN FIRMARLO" in seen[0]
    assert roster.current(o.luis).version == 1
    qtbot.mouseClick(view.repin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Raíz institucional sustituida: Elena Directora" in view.message.text(), timeout=10000)
    assert roster.current(o.luis).repinned and trust.pinned(o.luis) == code
    qtbot.waitUntil(lambda: "Elena Directora" in view.status.text())


def test_importing_the_replacement_asks_to_confirm_it_and_takes_it_in(qtbot, office, monkeypatch, tmp_path):
    o = office
    elena = elena_on_luis(o)
    code = elena_code(o, elena)
    repin.sign(o.luis, elena, code)
    path = roster.export_roster(o.luis, tmp_path / "nomina-elena.json")
    view = screen_of(qtbot, o.marta)
    seen = []
    driving(qtbot, monkeypatch, [code], seen, "sustituir-raiz-incorporar")
    monkeypatch.setattr(TeamFiles, "ask_open", classmethod(lambda cls, parent, title: path))
    qtbot.mouseClick(view.roster_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Raíz institucional sustituida: Elena Directora" in view.message.text(), timeout=10000)
    assert "Dora Directora" in seen[0] and "Elena Directora" in seen[0]
    assert trust.pinned(o.marta) == code and [r.version for r in trust.repins(o.marta)] == [2]
    qtbot.waitUntil(lambda: f"Sustituida sin su firma en la versión 2 (antes, código {o.old_code})"
                    in view.status.text())
    shot(view, "sustituir-raiz-equipo")
