"""What a screen reader hears of a combo box: its name, then its value.

On Linux (and macOS) Qt's own accessible combo box (QAccessibleComboBox) answers its current
text as its name and ignores `setAccessibleName`: over AT-SPI the visit form's team boxes were
all called «Derecho» and the review screen's «Revisa como» box the reviewer's name. `install()` puts in front
of Qt's a factory whose combo box answers `accessibleName()` as its name (falling back to the
text as before when none is set) and the current text as its value, with the same children (the
list of choices, the edit field of an editable box) and the same actions (open the list).

A widget drawn by hand (a chart) has no role Qt could know: one whose class sets
`ACCESSIBLE_ROLE` gets that role, with its accessible name and description.
"""

import sys

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAccessibleWidget, QComboBox, QWidget

# Qt does it where Q_OS_UNIX is defined (Linux, macOS); on Windows its own box is right, and kept.
NAMES_COMBO_BY_VALUE = sys.platform != "win32"
_installed = False


class AccessibleComboBox(QAccessibleWidget):
    def __init__(self, combo: QComboBox):
        super().__init__(combo, QAccessible.Role.ComboBox)

    def _parts(self) -> list:
        combo = self.widget()
        parts = [combo.view()]  # Qt's order: the list first, then the edit field
        if combo.isEditable() and combo.lineEdit() is not None:
            parts.append(combo.lineEdit())
        return parts

    def text(self, kind):
        combo = self.widget()
        if kind == QAccessible.Text.Name:
            return combo.accessibleName() or combo.currentText()
        if kind == QAccessible.Text.Value:
            return combo.currentText()
        return super().text(kind)

    def childCount(self) -> int:
        return len(self._parts())

    def child(self, index: int):
        parts = self._parts()
        return QAccessible.queryAccessibleInterface(parts[index]) if 0 <= index < len(parts) else None

    def indexOfChild(self, child) -> int:
        objects = self._parts()
        return objects.index(child.object()) if child is not None and child.object() in objects else -1

    def actionNames(self) -> list[str]:
        return [QAccessibleWidget.showMenuAction(), QAccessibleWidget.pressAction()] + [
            name for name in super().actionNames() if name == QAccessibleWidget.setFocusAction()]

    def doAction(self, name: str) -> None:
        if name in (QAccessibleWidget.showMenuAction(), QAccessibleWidget.pressAction()):
            combo = self.widget()
            combo.hidePopup() if combo.view().isVisible() else combo.showPopup()
        else:
            super().doAction(name)


def _factory(_key: str, obj):
    if isinstance(obj, QComboBox) and NAMES_COMBO_BY_VALUE:
        return AccessibleComboBox(obj)
    role = getattr(type(obj), "ACCESSIBLE_ROLE", None)
    return QAccessibleWidget(obj, role) if role is not None and isinstance(obj, QWidget) else None


def install() -> None:
    """Once per process, before the first window shows."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
