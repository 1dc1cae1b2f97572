"""Qt's own dialogs in Latin American Spanish: the real non-native file dialog, message box
buttons and a line edit's context menu, as a person sees them."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractButton, QApplication, QFileDialog, QLabel, QLineEdit,
                               QMessageBox, QTreeView)

from npmdesk.ui.shell.language import apply_language


@pytest.fixture
def spanish(qapp):
    apply_language("es")
    yield
    apply_language("es")


def _dialog(qtbot, tmp_path, mode=QFileDialog.AcceptMode.AcceptOpen) -> QFileDialog:
    folder = tmp_path / "informes"
    folder.mkdir()
    (folder / "informe.docx").write_bytes(b"x" * 470_000)
    (folder / "anexos").mkdir()
    dialog = QFileDialog(None, "Abrir", str(folder), "Documentos de Word (*.docx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree = dialog.findChild(QTreeView)
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == 2)
    return dialog


def _texts(dialog) -> str:
    parts = [label.text() for label in dialog.findChildren(QLabel)]
    parts += [button.text() + " " + button.toolTip() for button in dialog.findChildren(QAbstractButton)]
    tree = dialog.findChild(QTreeView)
    model = tree.model()
    parts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    parts += [str(model.index(r, c, tree.rootIndex()).data())
              for r in range(model.rowCount(tree.rootIndex())) for c in range(model.columnCount())]
    return "\n".join(parts)


def test_the_open_dialog_reads_in_latin_american_spanish(qtbot, spanish, tmp_path):
    dialog = _dialog(qtbot, tmp_path)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Buscar en:" in labels
    assert "&Nombre del archivo:" in labels
    assert "&Tipo de archivo:" in labels
    text = _texts(dialog)
    for english in ("Look in", "Files of", "File name", "Folder", "Directory"):
        assert english not in text
    for spain in ("fichero", "Fichero", "directorio", "Directorio"):
        assert spain not in text
    assert "Carpeta superior" in text and "Cancelar" in text and "&Abrir" in text


def test_a_replace_question_in_the_save_dialog_says_archivo(qtbot, spanish, tmp_path):
    dialog = _dialog(qtbot, tmp_path, QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, False)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.text(), [b.text() for b in box.buttons()]))
            box.reject()
        else:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    name = dialog.findChild(QLineEdit)
    name.setText("informe.docx")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    text, buttons = seen[0]
    assert text == "El archivo informe.docx ya existe.\n¿Desea reemplazarlo?"
    assert sorted(buttons) == ["&No", "&Sí"]


def test_a_line_edit_context_menu_and_message_box_buttons(qtbot, spanish):
    edit = QLineEdit("texto")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    actions = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert actions == ["&Deshacer", "&Rehacer", "Cor&tar", "&Copiar", "&Pegar", "Borrar",
                       "Seleccionar todo"]
    box = QMessageBox(QMessageBox.Icon.Question, "npmdesk", "¿Seguro?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Reset)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["&No", "&Sí", "Cancelar", "Restablecer"]


def test_under_english_qt_speaks_its_own_english(qtbot, qapp, tmp_path):
    apply_language("en")
    try:
        dialog = _dialog(qtbot, tmp_path)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert "&Look in:" in labels and "File &name:" in labels
    finally:
        apply_language("es")


def _when_shown(check):
    """Run `check(dialog)` on the modal file dialog once it is up, then close it."""
    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, look)
            return
        tree = dialog.findChild(QTreeView, "treeView")
        if tree.model().rowCount(tree.rootIndex()) < 2:
            QTimer.singleShot(50, look)
            return
        try:
            check(dialog)
        finally:
            dialog.reject()
    QTimer.singleShot(50, look)


def test_sizes_and_types_are_shown_whole_and_the_suggested_name_is_filled(qtbot, spanish, tmp_path):
    from npmdesk.ui.common import file_dialogs
    folder = tmp_path / "informes"
    folder.mkdir()
    (folder / "informe.docx").write_bytes(b"x" * 470_000)
    (folder / "anexos").mkdir()
    seen = {}

    def check(dialog):
        dialog.findChild(QTreeView, "treeView")  # the detail view, as a person switches to it
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        QApplication.processEvents()
        tree = dialog.findChild(QTreeView, "treeView")
        model, root = tree.model(), tree.rootIndex()
        row = next(r for r in range(model.rowCount(root)) if model.index(r, 0, root).data() == "informe.docx")
        metrics = tree.fontMetrics()
        for column in (1, 2):
            text = model.index(row, column, root).data()
            seen[column] = text
            assert tree.columnWidth(column) >= metrics.horizontalAdvance(text), text
        seen["name"] = dialog.findChild(QLineEdit, "fileNameEdit").text()

    _when_shown(check)
    assert file_dialogs.get_save_file_name(None, "Guardar", str(folder / "nuevo.docx"),
                                           "Documentos de Word (*.docx)") == ("", "")
    assert "KiB" in seen[1] and seen[2]
    assert seen["name"] == "nuevo.docx"
