"""The form of a recommendation: text, findings, addressee, level, priority, deadline, and its
status history (read-only here: a status changes through services/tracking/history.py)."""

import dataclasses

from PySide6.QtWidgets import QPlainTextEdit

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.records.base import FormController, FormView, on_live, short
from npmdesk.ui.tracking.history_list import HistoryList
from npmdesk.ui.records.widgets import CheckList, CodeCombo, OptionalDate, TextCombo


class RecommendationView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Recomendación"), parent)
        self.text = self.add_row(_("Te&xto"), QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.findings = self.add_row(_("&Hallazgos en que se basa"), CheckList())
        self.authority = self.add_row(_("&Autoridad destinataria"), TextCombo(v.AUTHORITIES))
        self.area = self.add_row(_("Á&rea temática"),
                                 CodeCombo(v.THEMATIC_AREAS, blank=_("(sin área)")))
        self.level = self.add_row(_("&Nivel"), CodeCombo(v.REC_LEVELS))
        self.priority = self.add_row(_("&Prioridad"), CodeCombo(v.REC_PRIORITIES))
        self.deadline = self.add_row(_("Pla&zo"), OptionalDate(_("Con plazo")))
        self.add_section(_("Historial de estado"))
        self.history = HistoryList()
        self.form.addRow(self.history)


class RecommendationController(FormController):
    entity = "recommendation"
    cls = model.Recommendation

    def connect_view(self):
        view = self.view
        view.text.textChanged.connect(self.touched)
        view.findings.sig_toggled.connect(self.touched)
        view.authority.editTextChanged.connect(self.touched)
        for combo in (view.area, view.level, view.priority):
            combo.currentIndexChanged.connect(self.touched)
        view.deadline.sig_changed.connect(self.touched)
        self.ctx.sig_changed.connect(self._related_changed)

    def _related_changed(self, entity: str, _record_id: str) -> None:
        """A finding of the visit changed elsewhere: refresh the list, keep the ticks."""
        if entity == "finding" and self.record is not None:
            visit_id = self.record.visit_id
            self.ctx.run(self.view,
                         lambda s: records.select(s, model.Finding, visit_id=visit_id),
                         on_done=on_live(self.view, self._show_findings))

    def _show_findings(self, findings) -> None:
        self.extra["findings"] = findings
        self.view.findings.set_items([(f.id, short(f.title)) for f in findings],
                                     self.view.findings.checked())

    def _context(self, session, recommendation) -> dict:
        return {"record": recommendation,
                "findings": records.select(session, model.Finding,
                                           visit_id=recommendation.visit_id)}

    def fetch(self, session):
        return self._context(session, records.get(session, model.Recommendation, self.record_id))

    def fetch_new(self, session):
        return self._context(session, model.Recommendation(visit_id=self.parent_id, text="",
                                                           authority=""))

    def populate(self, rec):
        view = self.view
        view.text.setPlainText(rec.text)
        view.findings.set_items([(f.id, short(f.title)) for f in self.extra["findings"]],
                                rec.finding_ids)
        view.authority.set_text(rec.authority)
        view.area.set_code(rec.area)
        view.level.set_code(rec.level)
        view.priority.set_code(rec.priority)
        view.deadline.set_iso(rec.deadline)
        view.history.set_entries(rec.history)

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, text=view.text.toPlainText().strip(), finding_ids=view.findings.checked(),
            authority=view.authority.text(), area=view.area.code(), level=view.level.code(),
            priority=view.priority.code(), deadline=view.deadline.iso())

    def heading(self, rec):
        if not rec.text:
            return _("Nueva recomendación")
        return _("Recomendación: {text}").format(text=short(rec.text, 70))


def open_recommendation(ctx, record_id, parent_id, parent=None) -> RecommendationView:
    view = RecommendationView(parent)
    RecommendationController(ctx, view, record_id, parent_id).load()
    return view
