"""Choosing files and folders: QFileDialog's four questions, with the same arguments and answers
as its static functions, but with Qt's own dialog (where the system has none) sized to be read.

Qt's own dialog opens with the size and type columns ~60 px wide ("460…KiB", "Documento d…")
and the dialog itself narrow. Here the columns fit their contents and the name takes the rest.
Where the system has a native dialog (Windows, a desktop with a platform theme) it is used, as
the static functions do, and none of this applies.
"""

from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

# The widget dialog's detail view: name, size, type, date modified.
_NAME, _SIZE, _TYPE, _DATE = range(4)


def _readable(dialog: QFileDialog) -> None:
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:  # a native dialog: nothing of ours to size
        return
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
    for column in (_SIZE, _TYPE, _DATE):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    width = dialog.fontMetrics().averageCharWidth()
    dialog.resize(max(dialog.width(), 110 * width), max(dialog.height(), 34 * dialog.fontMetrics().height()))


def _run(dialog: QFileDialog) -> bool:
    _readable(dialog)
    return dialog.exec() == QFileDialog.DialogCode.Accepted


def _dialog(parent: QWidget | None, caption: str, directory: str, filter_: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filter_)
    if filter_:
        dialog.selectNameFilter(filter_.split(";;")[0])
    return dialog


def get_open_file_name(parent, caption: str = "", directory: str = "", filter_: str = "") -> tuple[str, str]:
    dialog = _dialog(parent, caption, directory, filter_)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not _run(dialog):
        return "", ""
    return (dialog.selectedFiles() or [""])[0], dialog.selectedNameFilter()


def get_open_file_names(parent, caption: str = "", directory: str = "",
                        filter_: str = "") -> tuple[list[str], str]:
    dialog = _dialog(parent, caption, directory, filter_)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not _run(dialog):
        return [], ""
    return dialog.selectedFiles(), dialog.selectedNameFilter()


def get_save_file_name(parent, caption: str = "", directory: str = "", filter_: str = "") -> tuple[str, str]:
    dialog = _dialog(parent, caption, directory, filter_)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if not _run(dialog):
        return "", ""
    return (dialog.selectedFiles() or [""])[0], dialog.selectedNameFilter()


def get_existing_directory(parent, caption: str = "", directory: str = "") -> str:
    dialog = QFileDialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if not _run(dialog):
        return ""
    return (dialog.selectedFiles() or [""])[0]
