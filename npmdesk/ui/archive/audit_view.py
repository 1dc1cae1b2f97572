"""The bitácora: every entry (who, what, when) in a filterable table, with the current anchor."""

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from npmdesk.i18n import _
from npmdesk.services.archive import anchor
from npmdesk.services.review import queue as review_queue
from npmdesk.ui.common.colours import tint_style
from npmdesk.ui.archive.anchor_actions import AnchorActions
from npmdesk.ui.common.dates import DateField, local_time
from npmdesk.ui.review.models import AuditFilter, AuditModel, AuditSortRole, action_label
from npmdesk.ui.shell.widgets import heading, message_label, named


class AuditView(QWidget):
    """Layout only; `AuditController` fills and filters it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = heading(scale=1.3)
        self.anchor = QLabel()
        self.anchor.setWordWrap(True)
        self.anchor.setTextFormat(Qt.TextFormat.PlainText)
        self.anchor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.anchor.setStyleSheet(tint_style("#eef3fa", "#c9d6ea", padding=6))
        layout.addWidget(self.title)
        layout.addWidget(self.anchor)
        anchor_buttons = QHBoxLayout()
        self.sign_anchor = QPushButton()
        self.check_anchor = QPushButton()
        anchor_buttons.addWidget(self.sign_anchor)
        anchor_buttons.addWidget(self.check_anchor)
        anchor_buttons.addStretch(1)
        layout.addLayout(anchor_buttons)
        self.anchor_result = message_label()
        layout.addWidget(self.anchor_result)
        filters = QFormLayout()
        self.person = QComboBox()
        self.action = QComboBox()
        self.use_dates = QCheckBox()
        self.since = DateField()
        self.until = DateField()
        dates = QHBoxLayout()
        self.since_label, self.until_label = QLabel(), QLabel()
        for widget in (self.use_dates, self.since_label, self.since, self.until_label, self.until):
            dates.addWidget(widget)
        dates.addStretch(1)
        self.text = QLineEdit()
        self.text.setClearButtonEnabled(True)
        self.person_label, self.action_label, self.dates_label, self.text_label = (QLabel() for _ in range(4))
        filters.addRow(self.person_label, self.person)
        filters.addRow(self.action_label, self.action)
        filters.addRow(self.dates_label, dates)
        filters.addRow(self.text_label, self.text)
        layout.addLayout(filters)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(_("Bitácora"))
        self.person_label.setText(_("Persona:"))
        self.action_label.setText(_("Acción:"))
        self.dates_label.setText(_("Fechas:"))
        self.use_dates.setText(_("Filtrar por fechas"))
        self.since_label.setText(_("desde"))
        self.until_label.setText(_("hasta"))
        self.text_label.setText(_("Texto:"))
        self.text.setPlaceholderText(_("Buscar en la bitácora"))
        self.sign_anchor.setText(_("&Firmar y guardar ancla…"))
        self.check_anchor.setText(_("Co&mprobar un ancla…"))
        for widget, name in ((self.person, _("Filtrar por persona")), (self.action, _("Filtrar por acción")),
                             (self.since, _("Desde la fecha")), (self.until, _("Hasta la fecha")),
                             (self.text, _("Buscar en la bitácora")), (self.table, _("Entradas de la bitácora")),
                             (self.anchor, _("Ancla actual de la bitácora")),
                             (self.anchor_result, _("Resultado del ancla"))):
            named(widget, name)


class AuditController(QObject):
    def __init__(self, ctx, view: AuditView):
        super().__init__(view)
        self.ctx, self.view = ctx, view
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(AuditSortRole)
        view.table.setModel(self.proxy)
        view.table.sortByColumn(AuditModel.COL_SEQ, Qt.SortOrder.DescendingOrder)
        header = view.table.horizontalHeader()
        header.setSectionResizeMode(AuditModel.COL_ACTION, QHeaderView.ResizeMode.Stretch)
        for column in (AuditModel.COL_SEQ, AuditModel.COL_WHEN, AuditModel.COL_WHO, AuditModel.COL_ENTITY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for widget in (view.person, view.action):
            widget.currentIndexChanged.connect(self.apply)
        view.use_dates.toggled.connect(self.apply)
        view.since.sig_date_changed.connect(self.apply)
        view.until.sig_date_changed.connect(self.apply)
        view.text.textChanged.connect(self.apply)
        self.anchors = AnchorActions(ctx, view, self.reload)
        self.reload()

    def reload(self) -> None:
        def loaded(result):
            if not isValid(self.view) or not self.ctx.session.case.is_open:
                return
            (entries, status, intact), refusal = result
            self.anchors.allow(refusal)
            self.model.set_rows(entries)
            self._fill_filters(entries)
            lines = status.lines()
            lines.append(_("Cadena de la bitácora íntegra.") if intact
                         else _("La cadena de la bitácora está rota: use Herramientas → Verificar "
                                "integridad del expediente para ver dónde."))
            self.view.anchor.setText("\n".join(lines))
            self.view.anchor.setToolTip(status.head_hash)
            self.apply()

        self.ctx.run(self.view, lambda s: (review_queue.bitacora(s), anchor.may_anchor(s)), on_done=loaded)

    def _fill_filters(self, entries) -> None:
        view = self.view
        for combo in (view.person, view.action):
            combo.blockSignals(True)
            combo.clear()
        view.person.addItem(_("Todas las personas"), "")
        for name in sorted({e.actor_name for e in entries}):
            view.person.addItem(name, name)
        view.action.addItem(_("Todas las acciones"), "")
        for code in sorted({e.action for e in entries}, key=action_label):
            view.action.addItem(action_label(code), code)
        if entries:
            view.since.setDate(QDate(local_time(entries[0].ts).date()))
            view.until.setDate(QDate(local_time(entries[-1].ts).date()))
        for combo in (view.person, view.action):
            combo.blockSignals(False)

    def apply(self, *_args) -> None:
        view = self.view
        dated = view.use_dates.isChecked()
        view.since.setEnabled(dated)
        view.until.setEnabled(dated)
        self.proxy.set_filter(view.person.currentData() or "", view.action.currentData() or "",
                              view.since.date() if dated else None, view.until.date() if dated else None,
                              view.text.text())
        view.count.setText(_("{shown} de {total} entradas").format(shown=self.proxy.rowCount(),
                                                                   total=self.model.rowCount()))


def open_audit(ctx, _record_id=None, _parent_id=None, parent=None) -> AuditView:
    view = AuditView(parent)
    view.controller = AuditController(ctx, view)
    return view
