"""The Help menu: F1 opens the Spanish manual inside the application; the about box."""

import pytest
from PySide6.QtCore import Qt, QUrl

from gui_support import application, filled, settings, shot, unlock  # noqa: F401
from npmdesk import __version__
from npmdesk.paths import manual_dir
from npmdesk.ui.shell import help as help_module
from npmdesk.ui.shell.help import AboutDialog, ManualWindow


@pytest.fixture
def main(qtbot, application, filled, case_path, passphrase):
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    return application


def test_f1_opens_the_manual_on_its_index_page(qtbot, main):
    window = main.main_controller.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    manual = window.findChild(ManualWindow)
    assert manual is not None and manual.isVisible()
    assert manual.page() == "index.md"
    text = manual.browser.toPlainText()
    assert "Manual de usuario de npmdesk" in text
    assert "Registrar una visita" in text
    shot(manual, "manual-index")


def test_manual_links_open_other_pages_and_back_returns(qtbot, main):
    window = main.main_controller.window
    window.act_manual.trigger()
    manual = window.findChild(ManualWindow)
    manual.browser.setSource(QUrl("instalacion.md"))
    assert manual.page() == "instalacion.md"
    assert "Instalación" in manual.browser.toPlainText()
    assert manual.back_button.isEnabled()
    qtbot.mouseClick(manual.back_button, Qt.MouseButton.LeftButton)
    assert manual.page() == "index.md"
    window.act_manual.trigger()  # a second F1 reuses the window, on the index page
    assert window.findChildren(ManualWindow) == [manual]


def test_every_manual_link_and_image_exists():
    import re
    pages = sorted(manual_dir().glob("*.md"))
    assert len(pages) >= 10
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (manual_dir() / target).is_file(), (page.name, target)


def test_a_missing_manual_says_so_in_spanish(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(help_module, "manual_dir", lambda: tmp_path)
    window = ManualWindow()
    qtbot.addWidget(window)
    assert not window.missing.isHidden()
    assert "No se encontró el manual de usuario" in window.missing.text()


def test_about_box_shows_icon_name_version_and_licence(qtbot, main):
    window = main.main_controller.window
    window.act_about.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert about.title.text() == "npmdesk"
    assert about.version.text() == f"Versión {__version__}"
    assert "GPL-3.0-or-later" in about.licence.text()
    assert not about.icon.pixmap().isNull()
    shot(about, "about")
    about.buttons.button(about.buttons.StandardButton.Close).click()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is None)


def test_choosing_a_case_file_offers_the_case_file_filter(qtbot, application, monkeypatch):
    from npmdesk.ui.common import file_dialogs
    seen = []
    monkeypatch.setattr(file_dialogs, "get_open_file_name", lambda *args: seen.append(args[3]) or ("", ""))
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *args: seen.append(args[3]) or ("", ""))
    from npmdesk.ui.shell.new_case import NewCaseController, NewCaseView
    application.show_start()
    application.start_controller.choose()
    view = NewCaseView()
    qtbot.addWidget(view)
    controller = NewCaseController(view)
    qtbot.mouseClick(view.browse, Qt.MouseButton.LeftButton)
    assert controller is not None
    assert seen == ["Expedientes de npmdesk (*.npmcase)"] * 2
