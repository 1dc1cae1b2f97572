"""A new passphrase as the dialogs ask for it: typed twice, its strength shown as it is typed,
refused with the reason when weak, and a suggested one on request (new case file, recovery,
a person's own keys)."""

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QPushButton

from npmdesk.i18n import N_, _
from npmdesk.services.safekeeping import passphrase as rules
from npmdesk.ui.shell.widgets import field_row, show_message

STRENGTH_LABELS = {rules.WEAK: N_("Débil"), rules.FAIR: N_("Aceptable"),
                   rules.GOOD: N_("Buena"), rules.STRONG: N_("Muy buena")}
STRENGTH_COLOURS = {rules.WEAK: "#b42318", rules.FAIR: "#b54708",
                    rules.GOOD: "#3b7d23", rules.STRONG: "#1d6b2f"}
# The level's word is drawn across the filled part and the empty part at once, so both are light
# (a tint of the level's colour and white) under dark text; the colour itself is the band under it.
STRENGTH_TINTS = {rules.WEAK: "#f8d4d0", rules.FAIR: "#fbe1c8",
                  rules.GOOD: "#d6ecce", rules.STRONG: "#c6e6cd"}
METER_TEXT, METER_GROOVE = "#1a1a1a", "#ffffff"


def show_strength(meter: QProgressBar, text: str, names=()) -> None:
    """Show how strong the passphrase `text` is on a 0–4 meter, for someone who knows `names`."""
    level = rules.assess(text, names).level if text else rules.WEAK
    meter.setValue(level + 1 if text else 0)
    meter.setFormat(_(STRENGTH_LABELS[level]) if text else _("Escriba una frase"))
    meter.setStyleSheet(
        f"QProgressBar {{ color: {METER_TEXT}; background: {METER_GROOVE}; border: 1px solid #8a8a8a;"
        f" border-radius: 3px; text-align: center; }}"
        f" QProgressBar::chunk {{ background: {STRENGTH_TINTS[level]};"
        f" border-bottom: 5px solid {STRENGTH_COLOURS[level]}; }}")


def passphrase_problem(passphrase: str, repeat: str, names=()) -> str:
    """Why the passphrase typed twice cannot be used, as a sentence; '' when it can."""
    refused = rules.refusal(passphrase, names)
    if refused:
        return refused.message()
    if passphrase != repeat:
        return _("Las dos frases de contraseña no coinciden.")
    return ""


def add_passphrase_rows(view, form: QFormLayout) -> None:
    """A new passphrase twice, its strength meter and «Sugerir una frase», as `view.passphrase`,
    `view.repeat`, `view.meter` and `view.suggest` with their labels."""
    view.passphrase, view.repeat = QLineEdit(), QLineEdit()
    view.passphrase_label, view.repeat_label, view.meter_label = QLabel(), QLabel(), QLabel()
    for field, label in ((view.passphrase, view.passphrase_label), (view.repeat, view.repeat_label)):
        field.setEchoMode(QLineEdit.EchoMode.Password)
        label.setBuddy(field)
        form.addRow(label, field)
    view.meter = QProgressBar()
    view.meter.setRange(0, 4)
    view.meter.setTextVisible(True)
    view.suggest = QPushButton()
    form.addRow(view.meter_label, field_row(view.meter, view.suggest))


def translate_rows(view) -> None:
    view.passphrase_label.setText(_("&Frase de contraseña:"))
    view.repeat_label.setText(_("&Repítala:"))
    view.meter_label.setText(_("Solidez:"))
    view.suggest.setText(_("&Sugerir una frase"))
    view.suggest.setAccessibleName(_("Sugerir una frase de contraseña"))


def fill_suggestion(view) -> None:
    """Put a generated passphrase in both fields, shown, and ask the person to write it down."""
    suggested = rules.suggestion()
    view.passphrase.setEchoMode(QLineEdit.EchoMode.Normal)
    view.passphrase.setText(suggested)
    view.repeat.setText(suggested)
    show_message(view.message, _("Frase sugerida: {passphrase}. Anótela y guárdela en un lugar "
                                 "seguro antes de continuar.").format(passphrase=suggested), error=False)
