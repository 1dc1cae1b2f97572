"""Asks before a section that could identify someone is sent for review, listing the passages."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from npmdesk.i18n import _, ngettext
from npmdesk.ui.records.base import short

MAX_SHOWN = 12
"""Passages listed in the question itself; the rest are counted."""


class ConfirmDisclosures(QMessageBox):
    """The passages services/disclosure.section_passages found; the answer is True or None."""

    def __init__(self, parent, passages: list):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a passage is the author's text, never markup
        self.setWindowTitle(_("Enviar a revisión"))
        self.setText(ngettext(
            "{count} pasaje de esta sección podría identificar a una persona entrevistada.",
            "{count} pasajes de esta sección podrían identificar a personas entrevistadas.",
            len(passages)).format(count=len(passages)))
        lines = [_("• «{passage}»: {reason}").format(passage=short(p.text, 60), reason=p.reason)
                 for p in passages[:MAX_SHOWN]]
        if len(passages) > MAX_SHOWN:
            lines.append(_("… y {count} más.").format(count=len(passages) - MAX_SHOWN))
        lines.append("")
        lines.append(_("Corríjalos antes de enviarla, o envíela así: quien revise verá los pasajes "
                       "marcados y la exportación se detendrá en ellos."))
        self.setInformativeText("\n".join(lines))
        self.yes_button = self.addButton(_("Enviar de todos modos"), QMessageBox.ButtonRole.AcceptRole)
        self.no_button = self.addButton(_("Volver a la sección"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.no_button)
        self.setEscapeButton(self.no_button)

    @classmethod
    def ask(cls, parent, passages: list) -> bool | None:
        dialog = cls(parent, passages)
        dialog.exec()
        return True if dialog.clickedButton() is dialog.yes_button else None
