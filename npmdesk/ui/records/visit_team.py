"""The team of a visit: members, their discipline on this visit, and one leader."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QVBoxLayout, QWidget)

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.records.widgets import CodeCombo, name_widget


class NewMemberDialog(QDialog):
    """Asks for the name and discipline of a team member not yet in the case file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Nuevo integrante del equipo"))
        form = QFormLayout(self)
        self.name = name_widget(QLineEdit(), _("Nombre"))
        self.discipline = name_widget(CodeCombo(v.DISCIPLINES), _("Disciplina"))
        form.addRow(_("&Nombre"), self.name)
        form.addRow(_("&Disciplina"), self.discipline)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Añadir"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def answer(self) -> tuple[str, str] | None:
        name = self.name.text().strip()
        return (name, self.discipline.code()) if name else None

    @classmethod
    def ask(cls, parent=None) -> tuple[str, str] | None:
        """(name, discipline code), or None when cancelled or left empty."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()


class TeamEditor(QWidget):
    """A grid of team rows plus the controls that add existing or new members."""

    sig_changed = Signal()
    """Fires when a member is added or removed, or a discipline or the leader changes."""
    sig_new_member = Signal()
    """Fires when the person asks to create a member that is not in the case file yet."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.members: dict[str, model.TeamMember] = {}
        self.rows: list[model.VisitMember] = []
        self._widgets: list[tuple] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.empty = QLabel(_("Todavía no hay integrantes en el equipo de esta visita."))
        layout.addWidget(self.empty)
        adder = QHBoxLayout()
        self.candidates = name_widget(QComboBox(), _("Integrante para añadir"))
        self.candidates.setMinimumContentsLength(24)
        self.add_button = name_widget(QPushButton(_("Añadir al equipo")), _("Añadir al equipo"))
        self.new_button = name_widget(QPushButton(_("Nuevo integrante…")), _("Nuevo integrante"))
        self.add_button.setToolTip(_("Añade a la visita a la persona elegida en la lista"))
        self.new_button.setToolTip(_("Registra en el expediente a alguien que aún no está y lo añade a la visita"))
        adder.addWidget(self.candidates, 1)
        adder.addWidget(self.add_button)
        adder.addWidget(self.new_button)
        layout.addLayout(adder)
        self.leaders = QButtonGroup(self)
        self.leaders.setExclusive(True)
        self.add_button.clicked.connect(lambda: self.add(self.candidates.currentData()))
        self.new_button.clicked.connect(self.sig_new_member)

    def set_members(self, members) -> None:
        self.members = {m.id: m for m in members}
        self._refresh_candidates()

    def know(self, member: model.TeamMember) -> None:
        self.members[member.id] = member
        self._refresh_candidates()

    def set_team(self, team) -> None:
        self.rows = [model.VisitMember(m.member_id, m.discipline, m.leader) for m in team]
        self._rebuild()

    def team(self) -> list[model.VisitMember]:
        self._sync()
        return [model.VisitMember(r.member_id, r.discipline, r.leader) for r in self.rows]

    def add(self, member_id: str | None) -> None:
        if not member_id or any(r.member_id == member_id for r in self.rows):
            return
        self._sync()
        member = self.members[member_id]
        self.rows.append(model.VisitMember(member_id, member.discipline, leader=not self.rows))
        self._rebuild()
        self.sig_changed.emit()

    def remove(self, member_id: str) -> None:
        self._sync()
        self.rows = [r for r in self.rows if r.member_id != member_id]
        if self.rows and not any(r.leader for r in self.rows):
            self.rows[0].leader = True
        self._rebuild()
        self.sig_changed.emit()

    def _name(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.name if member else _("(integrante desconocido)")

    def _sync(self) -> None:
        for row, (discipline, leader) in zip(self.rows, self._widgets):
            row.discipline = discipline.code()
            row.leader = leader.isChecked()

    def _refresh_candidates(self) -> None:
        on_team = {r.member_id for r in self.rows}
        self.candidates.clear()
        for member in sorted(self.members.values(), key=lambda m: m.name.casefold()):
            if member.id not in on_team and member.active:
                self.candidates.addItem(member.name, member.id)
        self.add_button.setEnabled(self.candidates.count() > 0)

    def _rebuild(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if isinstance(widget, QRadioButton):
                self.leaders.removeButton(widget)
            if widget is not None:
                widget.deleteLater()
        self._widgets = []
        if self.rows:
            for column, text in enumerate((_("Integrante"), _("Disciplina en la visita"),
                                           _("Responsable"), "")):
                self.grid.addWidget(QLabel(f"<b>{text}</b>" if text else ""), 0, column)
        for number, row in enumerate(self.rows, start=1):
            name = self._name(row.member_id)
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            discipline = name_widget(CodeCombo(v.DISCIPLINES),
                                     _("Disciplina de {name}").format(name=name))
            discipline.set_code(row.discipline)
            leader = name_widget(QRadioButton(_("Responsable")),
                                 _("{name} es responsable de la visita").format(name=name))
            leader.setChecked(row.leader)
            self.leaders.addButton(leader)
            remove = name_widget(QPushButton(_("Quitar")), _("Quitar a {name}").format(name=name))
            remove.setToolTip(_("Quita a esta persona del equipo de la visita; sigue en el expediente"))
            leader.setToolTip(_("Quien encabeza la visita; solo una persona a la vez"))
            remove.clicked.connect(lambda _c=False, mid=row.member_id: self.remove(mid))
            discipline.currentIndexChanged.connect(self.sig_changed)
            leader.toggled.connect(lambda on: on and self.sig_changed.emit())
            for column, widget in enumerate((label, discipline, leader, remove)):
                self.grid.addWidget(widget, number, column)
            self._widgets.append((discipline, leader))
        self.grid.setColumnStretch(0, 1)
        self.empty.setVisible(not self.rows)
        self._refresh_candidates()
