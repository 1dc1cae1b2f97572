"""Editar → Nuevo → «Informe anual…» and Ver → Estadísticas → «Redactar el informe anual…»: the
year's «informe anual» (the parts of the annual report people write: presentation, analysis of
the findings, challenges, priorities) opened in the report view, created from the annual
template the first time. Loaded when one of them is used, never at start-up."""

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout

from npmdesk.domain.vocabulary import FIRST_YEAR, LAST_YEAR
from npmdesk.i18n import _
from npmdesk.services.drafting import reports


def default_year(today: date | None = None) -> int:
    """The year being reported on: the annual report of a year is written at its end or in the
    first months of the next one."""
    today = today or date.today()
    return today.year - 1 if today.month <= 3 else today.year


class YearDialog(QDialog):
    def __init__(self, year: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Informe anual"))
        layout = QVBoxLayout(self)
        note = QLabel(_("Las partes que el equipo redacta del informe anual (presentación, análisis de los "
                        "hallazgos, desafíos y prioridades) se redactan, revisan y aprueban como un informe de "
                        "visita. Las cifras del año se calculan al escribir el documento."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.year.setAccessibleName(_("Año del informe anual"))
        form.addRow(_("&Año:"), self.year)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Abrir el informe anual"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)  # the explanation reads as a paragraph, not a column

    @classmethod
    def ask(cls, parent, year: int | None = None) -> int | None:
        dialog = cls(year or default_year(), parent)
        return dialog.year.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_year(ctx, parent, year: int) -> None:
    """Open the «informe anual» of `year` in the main window, creating it if needed."""
    ctx.run(parent, lambda s: reports.open_annual_report(s, year)[0],
            on_done=lambda report: ctx.sig_open.emit("report", report.id), changed=("report", ""))


def start(ctx, parent, year: int | None = None) -> None:
    chosen = YearDialog.ask(parent, year)
    if chosen is not None:
        open_year(ctx, parent, chosen)
