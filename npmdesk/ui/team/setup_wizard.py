"""«Asistente de configuración»: after a new case file is created (and again from Herramientas →
Equipo y nómina), the institution's names, the director's name, the team pasted or typed one person
a line, each person's own passphrase typed by that person, then the names, members, keys and the
first signed roster in one pass (services/team/setup.py). «Más tarde» leaves everything as it was."""

from PySide6.QtWidgets import (QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWizard,
                               QWizardPage)

from npmdesk.i18n import _, ngettext
from npmdesk.services.team import institution, setup
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.team.institution_form import InstitutionFields
from npmdesk.ui.safekeeping.passphrase import add_passphrase_rows, passphrase_problem, show_strength, translate_rows
from npmdesk.ui.shell.widgets import message_label, named, show_message


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class InstitutionPage(QWizardPage):
    """How the documents name the institution: filled from the case file, so running the assistant
    again from the team screen shows what is recorded."""

    def __init__(self, ctx):
        super().__init__()
        self.setTitle(_("La institución"))
        self.setSubTitle(_("Así nombran a la institución la portada de cada informe, su bloque de cierre y los "
                           "oficios. Un campo vacío usa el texto que se ve en gris."))
        self.fields = InstitutionFields()
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addStretch(1)
        ctx.run(self, institution.institution, on_done=self.fields.set_values,
                on_error=lambda exc: show_message(self.message, error_text(exc)))

    def validatePage(self) -> bool:
        try:
            institution.check(**self.fields.values())
        except institution.TooLong as exc:
            show_message(self.message, error_text(exc))
            return False
        return True


class DirectorPage(QWizardPage):
    def __init__(self, director: str):
        super().__init__()
        self.setTitle(_("La dirección"))
        self.setSubTitle(_("Quien dirige firma la nómina del equipo: sin nómina firmada nadie puede enviar, "
                           "revisar ni aprobar."))
        self.name = named(QLineEdit(director), _("Nombre de la directora o el director"))
        form = QFormLayout(self)
        label = QLabel(_("&Nombre completo:"))
        label.setBuddy(self.name)
        form.addRow(label, self.name)
        self.message = message_label()
        form.addRow(self.message)

    def validatePage(self) -> bool:
        if not self.name.text().strip():
            show_message(self.message, _("Escriba el nombre de quien dirige."))
            return False
        return True


class TeamPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("El equipo"))
        self.setSubTitle(_("Una persona por línea: «Nombre; disciplina; rol». Puede pegar la lista desde "
                           "una hoja de cálculo o escribirla aquí."))
        self.people: list[setup.Person] = []
        self.list = named(QPlainTextEdit(), _("Lista del equipo, una persona por línea"))
        self.list.setPlaceholderText(_("Rosa Pérez; psicología; autor\nLuis Gómez; derecho; revisor"))
        self.list.setTabChangesFocus(True)
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)

    def validatePage(self) -> bool:
        director = self.wizard().director.name.text()
        people, problems = setup.parse_team(self.list.toPlainText(), director)
        if problems:
            show_message(self.message, _("Corrija estas líneas; no se guardó nada.") + "\n" + "\n".join(problems))
            return False
        self.people = people
        show_message(self.message, "")
        return True


class PassphrasesPage(QWizardPage):
    """One person at a time: «Siguiente» keeps her passphrase and clears the fields for the next."""

    def __init__(self):
        super().__init__()
        self.setTitle(_("Las frases de contraseña personales"))
        self.people: list[setup.Person] = []
        self.chosen: dict[str, str] = {}
        self.who = _label("")
        form = QFormLayout()
        add_passphrase_rows(self, form)
        translate_rows(self)
        self.suggest.hide()   # a suggestion shown on screen would be seen by whoever sits next to her
        self.message = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.passphrase.textChanged.connect(self._meter)

    def initializePage(self) -> None:
        self.people, self.chosen = self.wizard().team.people, {}
        self._ask()

    def cleanupPage(self) -> None:   # «Atrás»: what was typed is forgotten
        self.chosen = {}

    def _current(self) -> setup.Person | None:
        return next((p for p in self.people if p.name not in self.chosen), None)

    def _meter(self, text: str) -> None:
        person = self._current()
        show_strength(self.meter, text, [person.name] if person else [])

    def _ask(self) -> None:
        person = self._current()
        self.passphrase.clear()
        self.repeat.clear()
        show_message(self.message, "")
        if person is None:
            self.who.setText(_("Nadie más del equipo necesita frase. Pulse «Siguiente»."))
            return
        self.setSubTitle(_("Persona {n} de {total}").format(n=len(self.chosen) + 1, total=len(self.people)))
        self.who.setText(_("{name}, escriba su frase de contraseña personal: protege su clave de firma y "
                           "solo usted debe conocerla.").format(name=person.name))
        self.passphrase.setFocus()

    def validatePage(self) -> bool:
        person = self._current()
        if person is None:
            return True
        problem = passphrase_problem(self.passphrase.text(), self.repeat.text(), [person.name])
        if problem:
            show_message(self.message, problem)
            return False
        self.chosen[person.name] = self.passphrase.text()
        self._ask()
        return self._current() is None


class SetupWizard(QWizard):
    """`finished_setup` holds the signed roster once the one pass has written everything."""

    def __init__(self, ctx, parent=None, kdf_params=None):
        super().__init__(parent)
        self.ctx = ctx
        self.kdf_params = kdf_params   # the test suite's cheap KDF only; the product passes none
        self.busy = False
        self.signed = None
        self.setWindowTitle(_("Asistente de configuración"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)   # fits a 1024×600 screen
        self.institution = InstitutionPage(ctx)
        self.director = DirectorPage(ctx.session.actor.name)
        self.team = TeamPage()
        self.passphrases = PassphrasesPage()
        self.summary = QWizardPage()
        self.summary.setTitle(_("Firmar la primera nómina"))
        self.summary_text = _label("")
        self.message = message_label()
        layout = QVBoxLayout(self.summary)
        layout.addWidget(self.summary_text)
        layout.addWidget(self.message)
        for page in (self.institution, self.director, self.team, self.passphrases, self.summary):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Más tarde"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Siguiente >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Atrás"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Crear claves y firmar"))
        self.currentIdChanged.connect(self._page_changed)
        self.resize(760, 520)

    def _page_changed(self, _id: int) -> None:
        if self.currentPage() is self.summary:
            names = [self.director.name.text().strip()] + [p.name for p in self.team.people]
            self.summary_text.setText(ngettext(
                "Se crearán las claves de firma de {count} persona y la nómina firmada por la dirección: {names}.",
                "Se crearán las claves de firma de {count} personas y la nómina firmada por la dirección: {names}.",
                len(names)).format(count=len(names), names="; ".join(names)))

    def accept(self) -> None:
        if self.signed is not None:
            super().accept()
            return
        if self.busy:
            return
        self.busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        show_message(self.message, _("Creando las claves y firmando la nómina…"), error=False)
        director, people, chosen = self.director.name.text(), self.team.people, dict(self.passphrases.chosen)
        names = self.institution.fields.values()
        self.ctx.run(self, lambda s: setup.set_up(s, director, people, chosen, kdf_params=self.kdf_params,
                                                  names=names),
                     on_done=self._done, on_error=self._failed, changed=("team_member", ""))

    def _done(self, signed) -> None:
        self.busy = False
        self.signed = signed
        self.passphrases.chosen = {}
        super().accept()

    def _failed(self, exc) -> None:
        self.busy = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_message(self.message, error_text(exc))

    def reject(self) -> None:
        if not self.busy:
            self.passphrases.chosen = {}
            super().reject()


def open_setup(ctx, parent, kdf_params=None) -> SetupWizard:
    wizard = SetupWizard(ctx, parent, kdf_params)
    wizard.open()
    return wizard
