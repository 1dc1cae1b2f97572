"""The form of a monitoring visit, with its team."""

import dataclasses
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.records.base import FormController, FormView, on_live
from npmdesk.ui.records.visit_team import NewMemberDialog, TeamEditor
from npmdesk.ui.common.dates import DateField, flag_range, show_date
from npmdesk.ui.records.widgets import CodeCombo, IntField


def _text_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(70)
    return box


class VisitView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Visita"), parent)
        self.place = self.add_row(_("Lugar"), QLabel())
        self.place.setTextFormat(Qt.TextFormat.PlainText)
        self.start_date = self.add_row(_("Fecha de &inicio"), DateField())
        self.end_date = self.add_row(_("Fecha de &fin"), DateField())
        flag_range(self.start_date, self.end_date)
        self.kind = self.add_row(_("&Tipo de visita"), CodeCombo(v.VISIT_KINDS))
        self.announced = self.add_row("", QCheckBox(_("Visita &anunciada previamente")))
        self.announced.setAccessibleName(_("Visita anunciada previamente"))
        self.announced.setToolTip(_("Márquelo si la autoridad supo de la visita antes de que ocurriera"))
        self.add_section(_("Equipo"))
        self.team = TeamEditor()
        self.team.setAccessibleName(_("Equipo de la visita"))
        self.form.addRow(self.team)
        self.add_section(_("Desarrollo de la visita"))
        self.objectives = self.add_row(_("&Objetivos"), _text_box())
        self.population = self.add_row(_("&Población el día de la visita"), IntField())
        self.people_met = self.add_row(_("Perso&nas con quienes se reunió"), _text_box())
        self.registers = self.add_row(_("&Registros revisados"), _text_box())
        self.obstacles = self.add_row(_("Obstá&culos al acceso"), _text_box())


class VisitController(FormController):
    entity = "visit"
    cls = model.Visit

    def connect_view(self):
        view = self.view
        view.start_date.sig_date_changed.connect(self.touched)
        view.end_date.sig_date_changed.connect(self.touched)
        view.kind.currentIndexChanged.connect(self.touched)
        view.announced.toggled.connect(self.touched)
        view.team.sig_changed.connect(self.touched)
        view.team.sig_new_member.connect(self.new_member)
        view.population.textEdited.connect(self.touched)
        for box in (view.objectives, view.people_met, view.registers, view.obstacles):
            box.textChanged.connect(self.touched)

    def _context(self, session, visit) -> dict:
        return {"record": visit, "place": records.get(session, model.Place, visit.place_id),
                "members": records.select(session, model.TeamMember)}

    def fetch(self, session):
        return self._context(session, records.get(session, model.Visit, self.record_id))

    def fetch_new(self, session):
        today = date.today().isoformat()
        return self._context(session, model.Visit(place_id=self.parent_id, start_date=today,
                                                  end_date=today))

    def populate(self, visit):
        view = self.view
        view.place.setText(self.extra["place"].name)
        view.start_date.set_iso(visit.start_date)
        view.end_date.set_iso(visit.end_date or visit.start_date)
        view.kind.set_code(visit.kind)
        view.announced.setChecked(visit.announced)
        view.team.set_members(self.extra["members"])
        view.team.set_team(visit.team)
        view.objectives.setPlainText(visit.objectives)
        view.population.set_value(visit.population)
        view.people_met.setPlainText(visit.people_met)
        view.registers.setPlainText(visit.registers_reviewed)
        view.obstacles.setPlainText(visit.access_obstacles)

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, start_date=view.start_date.iso(), end_date=view.end_date.iso(),
            kind=view.kind.code(), announced=view.announced.isChecked(), team=view.team.team(),
            objectives=view.objectives.toPlainText(), population=view.population.value(),
            people_met=view.people_met.toPlainText(),
            registers_reviewed=view.registers.toPlainText(),
            access_obstacles=view.obstacles.toPlainText())

    def heading(self, visit):
        place = self.extra["place"].name
        if not self.record_id:
            return _("Nueva visita a {place}").format(place=place)
        return _("Visita a {place} ({start})").format(
            place=place, start=show_date(visit.start_date))

    def new_member(self):
        answer = NewMemberDialog.ask(self.view)
        if answer is None:
            return
        name, discipline = answer
        member = model.TeamMember(name=name, discipline=discipline)
        self.ctx.run(self.view, lambda s: records.save(s, member),
                     on_done=on_live(self.view, self._member_created),
                     changed=("team_member", member.id), on_error=on_live(self.view, self._failed))

    def _member_created(self, member):
        self.view.team.know(member)
        self.view.team.add(member.id)


def open_visit(ctx, record_id, parent_id, parent=None) -> VisitView:
    view = VisitView(parent)
    VisitController(ctx, view, record_id, parent_id).load()
    if record_id:
        from npmdesk.ui.drafting.new_report import add_new_report_button
        add_new_report_button(ctx, view, record_id)
    return view
