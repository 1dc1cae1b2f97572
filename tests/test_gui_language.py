"""Qt's own strings in Spanish: qtbase_es.qm is found and standard buttons say «Cancelar»."""

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from npmdesk.ui.shell.language import apply_language, qt_translation_folders


def standard_texts():
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel |
                           QDialogButtonBox.StandardButton.Close)
    texts = {box.button(QDialogButtonBox.StandardButton.Cancel).text(),
             box.button(QDialogButtonBox.StandardButton.Close).text()}
    box.deleteLater()
    return {text.replace("&", "") for text in texts}


def test_qt_standard_buttons_follow_the_chosen_language(qtbot):
    assert any((Path(f) / "qtbase_es.qm").exists()
               for f in qt_translation_folders())
    try:
        apply_language("es")
        assert standard_texts() == {"Cancelar", "Cerrar"}
        apply_language("en")
        assert standard_texts() == {"Cancel", "Close"}
    finally:
        apply_language("es")


def test_a_frozen_build_looks_in_its_bundle(monkeypatch, tmp_path):
    bundled = tmp_path / "PySide6" / "Qt" / "translations"
    bundled.mkdir(parents=True)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert str(bundled) in qt_translation_folders()
