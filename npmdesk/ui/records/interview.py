"""The form of an interview: pseudonymous code, profile, consent, allegations and notes.

The real identity, if kept at all, stays masked until the person asks to see it
and is masked again whenever the form is hidden; no export ever reads it.
"""

import dataclasses

from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.records.base import FormController, FormView
from npmdesk.ui.records.widgets import CheckList, CodeCombo, name_widget


class IdentityField(QWidget):
    """The restricted real identity: dots until 'Mostrar' is pressed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = name_widget(QLineEdit(), _("Identidad real (restringida)"))
        self.toggle = name_widget(QPushButton(_("Mostrar")), _("Mostrar la identidad real"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(_("Muestra u oculta el nombre real; ninguna exportación lo incluye"))
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        layout.addLayout(row)
        self.note = QLabel(_("Este dato se guarda solo en el expediente cifrado y nunca sale de él: "
                             "ninguna exportación, informe ni paquete lo incluye."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(tone_style("caution"))
        layout.addWidget(self.note)
        self.toggle.toggled.connect(self._reveal)
        self.mask()

    def _reveal(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText(_("Ocultar") if shown else _("Mostrar"))
        self.toggle.setAccessibleName(_("Ocultar la identidad real") if shown
                                      else _("Mostrar la identidad real"))

    def mask(self) -> None:
        self.toggle.setChecked(False)
        self._reveal(False)

    def is_masked(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Password


class InterviewView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Entrevista"), parent)
        self.code = self.add_row(_("Código seudónimo"), QLineEdit())
        self.code.setReadOnly(True)
        self.code.setMaximumWidth(140)
        self.kind = self.add_row(_("&Modalidad"), CodeCombo(v.INTERVIEW_KINDS))
        self.sex = self.add_row(_("&Sexo"), CodeCombo(v.SEXES))
        self.age_range = self.add_row(_("&Rango de edad"), CodeCombo(v.AGE_RANGES))
        self.groups = self.add_row(_("&Grupos en situación de vulnerabilidad"), CheckList())
        self.groups.set_vocabulary(v.VULNERABLE_GROUPS)
        self.add_section(_("Consentimiento"))
        self.consent_interview = self._check(_("Consiente ser entre&vistada/o"))
        self.consent_report = self._check(_("Consiente que se &use en el informe"))
        self.consent_identify = self._check(_("Consiente ser &identificada/o"))
        self.add_section(_("Alegaciones y seguimiento"))
        self.allegations = self.add_row(_("&Alegaciones"), CheckList())
        self.allegations.set_vocabulary(v.ALLEGATIONS)
        self.referral = self._check(_("Requiere &derivación"))
        self.referral.setToolTip(_("La persona necesita que se la refiera a otro servicio o institución"))
        self.notes = self.add_row(_("&Notas confidenciales"), QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(120)
        self.add_section(_("Dato restringido"))
        self.identity = IdentityField()
        self.form.addRow(_("Iden&tidad real"), self.identity)
        self.form.labelForField(self.identity).setBuddy(self.identity.edit)

    def _check(self, text: str) -> QCheckBox:
        box = name_widget(QCheckBox(text), text)
        box.setToolTip(_("Lo que la persona entrevistada consintió, tal como consta en la entrevista"))
        self.form.addRow("", box)
        return box

    def hideEvent(self, event):
        self.identity.mask()
        super().hideEvent(event)


class InterviewController(FormController):
    entity = "interview"
    cls = model.Interview

    def connect_view(self):
        view = self.view
        for combo in (view.kind, view.sex, view.age_range):
            combo.currentIndexChanged.connect(self.touched)
        for box in (view.consent_interview, view.consent_report, view.consent_identify,
                    view.referral):
            box.toggled.connect(self.touched)
        view.groups.sig_toggled.connect(self.touched)
        view.allegations.sig_toggled.connect(self.touched)
        view.notes.textChanged.connect(self.touched)
        view.identity.edit.textEdited.connect(self.touched)

    def fetch_new(self, session):
        code = records.next_interview_code(session, self.parent_id)
        return {"record": model.Interview(visit_id=self.parent_id, code=code)}

    def persist(self, session, interview):
        if self.record_id is None:
            taken = {i.code for i in records.select(session, model.Interview,
                                                    visit_id=interview.visit_id)}
            if interview.code in taken:  # another form took it meanwhile: take the next one
                interview.code = ""
            return records.add_interview(session, interview)
        return records.save(session, interview)

    def populate(self, interview):
        view = self.view
        view.code.setText(interview.code)
        view.kind.set_code(interview.kind)
        view.sex.set_code(interview.sex)
        view.age_range.set_code(interview.age_range)
        view.groups.set_vocabulary(v.VULNERABLE_GROUPS, interview.vulnerable_groups)
        view.consent_interview.setChecked(interview.consent_interview)
        view.consent_report.setChecked(interview.consent_report)
        view.consent_identify.setChecked(interview.consent_identify)
        view.allegations.set_vocabulary(v.ALLEGATIONS, interview.allegations)
        view.referral.setChecked(interview.referral_needed)
        view.notes.setPlainText(interview.notes)
        view.identity.edit.setText(interview.real_identity)

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, kind=view.kind.code(), sex=view.sex.code(),
            age_range=view.age_range.code(), vulnerable_groups=view.groups.checked(),
            consent_interview=view.consent_interview.isChecked(),
            consent_report=view.consent_report.isChecked(),
            consent_identify=view.consent_identify.isChecked(),
            allegations=view.allegations.checked(), referral_needed=view.referral.isChecked(),
            notes=view.notes.toPlainText(), real_identity=view.identity.edit.text())

    def heading(self, interview):
        return _("Entrevista {code}").format(code=interview.code)


def open_interview(ctx, record_id, parent_id, parent=None) -> InterviewView:
    view = InterviewView(parent)
    InterviewController(ctx, view, record_id, parent_id).load()
    return view
