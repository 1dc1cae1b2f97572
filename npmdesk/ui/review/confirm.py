"""The one confirmation before approving: exactly what will be signed, and by whom."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from npmdesk.i18n import _, ngettext
from npmdesk.services.review import batch
from npmdesk.ui.shell.widgets import named, resize_to_text


class ConfirmApproval(QDialog):
    """Lists the sections (title and short content hash), the report if it is approved too, the
    optional empty sections the template lets it go without, and who signs with which key."""

    def __init__(self, plan, unread: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Confirmar la aprobación"))
        layout = QVBoxLayout(self)
        signer = QLabel(_("Firma {name}, con su propia clave. La firma cubre el texto exacto de hoy; "
                          "cualquier cambio posterior la deja sin valor.").format(name=plan.signer_name))
        signer.setWordWrap(True)
        layout.addWidget(signer)
        self.items = named(QListWidget(), _("Lo que se firma"))
        self.items.setWordWrap(True)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for item in plan.sections:
            line = _("Aprobar la sección «{title}» — huella {hash}").format(title=item.title, hash=item.short)
            if item.title in unread:
                line += " " + _("(no la abrió en esta pantalla)")
            self.items.addItem(line)
        if plan.report_too:
            self.items.addItem(_("Aprobar el informe «{title}» — huella {hash}").format(
                title=plan.report_title, hash=plan.report_sha256[:batch.SHORT]))
        layout.addWidget(QLabel(ngettext("Se firmará {count} aprobación:", "Se firmarán {count} aprobaciones:",
                                         self.items.count()).format(count=self.items.count())))
        layout.addWidget(self.items, 1)
        if plan.remaining:
            later = QLabel(ngettext(
                "El informe no se aprueba todavía: falta {count} sección ({titles}).",
                "El informe no se aprueba todavía: faltan {count} secciones ({titles}).",
                len(plan.remaining)).format(count=len(plan.remaining), titles=", ".join(plan.remaining)))
            later.setWordWrap(True)
            layout.addWidget(later)
        if plan.skipped:
            skipped = QLabel(_("Secciones opcionales vacías, que la plantilla permite omitir (el informe "
                               "aprobado las cubre vacías): {titles}.").format(titles=", ".join(plan.skipped)))
            skipped.setWordWrap(True)
            layout.addWidget(skipped)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign = buttons.addButton(_("&Firmar y aprobar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.sign.setFocus(Qt.FocusReason.OtherFocusReason)
        resize_to_text(self, 560, 380)

    @classmethod
    def ask(cls, parent, plan, unread: list[str]) -> bool | None:
        dialog = cls(plan, unread, parent)
        return True if dialog.exec() == QDialog.DialogCode.Accepted else None
