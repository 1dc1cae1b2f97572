"""The institution's names as its documents print them (services/team/institution.py): the
fields, shared by the set-up assistant's first page and Herramientas → Datos de la institución…"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from npmdesk.i18n import _, es_
from npmdesk.services.team import institution
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.widgets import heading, message_label, named, show_message



class InstitutionFields(QWidget):
    """One line per name; an empty line prints the default (shown as the placeholder)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edits: dict[str, QLineEdit] = {}
        mnemonics = {"institution_name": _("&Institución:"), "mechanism_name": _("&Mecanismo:"),
                     "institution_seat": _("Ciudad &sede:"), "signer_role": _("&Cargo de quien firma:")}
        for key in institution.META_KEYS:
            edit = named(QLineEdit(), _(institution.FIELD_NAMES[key]))
            edit.setMaxLength(institution.MAX_LENGTH)
            edit.setPlaceholderText(es_(institution.DEFAULTS[key]))  # what the documents print: Spanish
            label = QLabel(mnemonics[key])
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.edits[key] = edit

    def set_values(self, found: institution.Institution) -> None:
        for key, edit in self.edits.items():
            value = getattr(found, key)
            edit.setText("" if value == es_(institution.DEFAULTS[key]) else value)

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}


class InstitutionDialog(QDialog):
    """Herramientas → Datos de la institución…, loaded and saved through the context's op helper;
    only a director or an administrator may change them (the service refuses anyone else)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Datos de la institución"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Datos de la institución"), scale=1.2))
        intro = QLabel(_("Así nombran a la institución la portada de cada informe exportado, el bloque de "
                         "cierre y los oficios a las autoridades. Un campo vacío usa el texto que se ve en gris."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fields = InstitutionFields()
        layout.addWidget(self.fields)
        self.message = named(message_label(), _("Mensaje"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save = named(buttons.button(QDialogButtonBox.StandardButton.Save), _("Guardar"))
        self.save.setText(_("&Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(620, parent.screen().availableGeometry().width() - 40) if parent else 620)
        self.save.setEnabled(False)
        self.ctx.run(self, institution.institution, on_done=self._loaded,
                     on_error=lambda exc: show_message(self.message, error_text(exc)))

    def _loaded(self, found: institution.Institution) -> None:
        self.fields.set_values(found)
        self.save.setEnabled(True)
        self.fields.edits["institution_name"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()  # the wrapped introduction's height, now that the width is known

    def _save(self) -> None:
        values = self.fields.values()

        def done(found: institution.Institution) -> None:
            self.fields.set_values(found)
            show_message(self.message, _("Guardado. Los informes y oficios que se exporten desde ahora dirán: "
                                         "«{heading}», firmados en {seat} por «{role}».").format(
                heading=found.heading, seat=found.institution_seat, role=found.signer_role), error=False)
            self.adjustSize()

        self.ctx.run(self, lambda session: institution.set_institution(session, **values), on_done=done,
                     on_error=lambda exc: show_message(self.message, error_text(exc)))
