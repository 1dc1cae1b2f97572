"""The 'Nuevo informe…' dialog of a visit: choose a template, see its sections with their
owning discipline and default authors, and create the report."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.services.drafting import reports
from npmdesk.services.drafting import templates


def _load(session, visit_id: str) -> dict:
    visit = records.get(session, model.Visit, visit_id)
    available = templates.for_visits(session)
    plans = {key: reports.plan(session, visit, t) for key, t in available.items()}
    return {"visit": visit, "templates": available, "plans": plans,
            "number": reports.next_number(session, int(visit.start_date[:4])),
            "titles": {key: reports.default_title(session, visit, t) for key, t in available.items()},
            "members": {m.id: m.name for m in records.select(session, model.TeamMember)},
            "default": templates.default_key(visit.kind)}


class NewReportDialog(QDialog):
    def __init__(self, ctx, visit_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.visit_id, self.data, self.report = ctx, visit_id, None, None
        self.setWindowTitle(_("Nuevo informe"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.template = QComboBox()
        self.template.setAccessibleName(_("Plantilla"))
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Título del informe"))
        self.number = QLabel()
        self.number.setAccessibleName(_("Número de informe"))
        for label, widget in ((_("&Plantilla:"), self.template), (_("&Título:"), self.title),
                              (_("Número:"), self.number)):
            form.addRow(label, widget)
            caption = form.labelForField(widget)
            caption.setBuddy(widget)
        layout.addLayout(form)
        self.description = QLabel()
        self.description.setWordWrap(True)
        layout.addWidget(self.description)
        self.sections = QTreeWidget()
        self.sections.setAccessibleName(_("Secciones del informe"))
        self.sections.setHeaderLabels([_("Sección"), _("Disciplina"), _("Autores"), _("Obligatoria")])
        header = self.sections.header()
        header.setStretchLastSection(False)
        for column, mode in ((0, QHeaderView.ResizeMode.ResizeToContents), (1, QHeaderView.ResizeMode.ResizeToContents),
                             (2, QHeaderView.ResizeMode.Stretch), (3, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        layout.addWidget(self.sections, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Crear informe"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.template.currentIndexChanged.connect(self.show_plan)
        self.ctx.run(self, lambda s: _load(s, visit_id), on_done=self._loaded, on_error=self._failed)

    def _loaded(self, data: dict) -> None:
        self.data = data
        self.template.blockSignals(True)
        for key, template in data["templates"].items():
            self.template.addItem(template.name, key)
        self.template.setCurrentIndex(max(self.template.findData(data["default"]), 0))
        self.template.blockSignals(False)
        self.number.setText(data["number"])
        self.show_plan()
        self.ok.setEnabled(True)

    def _failed(self, exc) -> None:
        from npmdesk.ui.common.ops import error_text
        self.description.setText(error_text(exc))

    def show_plan(self, *_args) -> None:
        key = self.template.currentData()
        data = self.data
        template = data["templates"][key]
        self.title.setText(data["titles"][key])
        self.description.setText(template.description)
        self.sections.clear()
        parents: list[QTreeWidgetItem] = []
        for planned in data["plans"][key]:
            authors = ", ".join(data["members"].get(a, "?") for a in planned.author_ids) or _("Sin asignar")
            item = QTreeWidgetItem([planned.title, _(v.DISCIPLINES.get(planned.discipline, planned.discipline)),
                                    authors, _("Sí") if planned.required else _("No")])
            item.setToolTip(0, "\n".join(planned.questions))
            del parents[planned.depth:]
            if parents:
                parents[-1].addChild(item)
            else:
                self.sections.addTopLevelItem(item)
            parents.append(item)
        self.sections.expandAll()

    def create(self) -> None:
        key, title = self.template.currentData(), self.title.text().strip()
        self.ok.setEnabled(False)
        visit_id = self.visit_id
        self.ctx.run(self, lambda s: reports.create_report(s, visit_id, key, title),
                     on_done=self._created, changed=("report", ""), on_error=self._create_failed)

    def _created(self, report) -> None:
        self.report = report
        self.accept()

    def _create_failed(self, exc) -> None:
        from npmdesk.ui.common.ops import error_text
        self.description.setText(error_text(exc))
        self.ok.setEnabled(True)


def ask_new_report(ctx, visit_id: str, parent=None):
    """Show the dialog; the created report, or None."""
    dialog = NewReportDialog(ctx, visit_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.exec()
    return dialog.report


def add_new_report_button(ctx, view, visit_id: str) -> None:
    """A 'Nuevo informe…' button at the end of a visit's form; the new report is then opened."""
    button = QPushButton(_("Nuevo &informe…"))
    button.setAccessibleName(_("Nuevo informe"))
    button.setToolTip(_("Crear un informe de esta visita a partir de una plantilla"))
    view.new_report_button = button

    def clicked() -> None:
        flush = getattr(view, "flush", None)
        if flush is not None and flush() is False:
            return
        report = ask_new_report(ctx, visit_id, view)
        if report is not None:
            ctx.sig_open.emit("report", report.id)

    button.clicked.connect(clicked)
    view.form.addRow("", button)
