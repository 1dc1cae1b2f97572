"""The form of a recommendation: text, findings, addressee and the tracking fields (source,
reiteration, type of place, population, level, priority, deadline), then its life: the status
history, the authority's responses, and the actions that add to them through the services."""

import dataclasses

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QWidget

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import history, recommendations as tracking
from npmdesk.ui.records.base import FormController, FormView, on_live, short
from npmdesk.ui.records.widgets import CheckList, CodeCombo, OptionalDate, TextCombo, name_widget
from npmdesk.ui.shell.tree_data import format_day
from npmdesk.ui.tracking.history_list import HistoryList
from npmdesk.ui.tracking.life_dialogs import ResponseDialog, StatusDialog


class RecommendationView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Recomendación"), parent)
        self.text = self.add_row(_("Te&xto"), QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        self.findings = self.add_row(_("&Hallazgos en que se basa"), CheckList())
        self.authority = self.add_row(_("&Autoridad destinataria"), TextCombo(v.AUTHORITIES))
        self.area = self.add_row(_("Á&rea temática"),
                                 CodeCombo(v.THEMATIC_AREAS, blank=_("(sin área)")))
        self.level = self.add_row(_("&Nivel"), CodeCombo(v.REC_LEVELS))
        self.priority = self.add_row(_("&Prioridad"), CodeCombo(v.REC_PRIORITIES))
        self.deadline = self.add_row(_("Pla&zo"), OptionalDate(_("Con plazo")))
        self.add_section(_("Seguimiento según los campos de la APT"))
        self.source = self.add_row(_("&Origen"), CodeCombo(v.REC_SOURCES))
        self.source_ref = self.add_row(_("&Documento de origen"), QLineEdit())
        self.source_ref.setPlaceholderText(_("p. ej., MNPT-2026-031 o CAT/OP/PAN/1, párr. 45"))
        self.issued_on = self.add_row(_("Fecha de e&misión"), OptionalDate(_("Con fecha")))
        self.repeats = self.add_row(_("&Reitera la recomendación"), QComboBox())
        self.place_kind = self.add_row(_("&Tipo de lugar"),
                                       CodeCombo(v.PLACE_KINDS, blank=_("(el del lugar visitado)")))
        self.groups = self.add_row(_("&Grupos de población"), CheckList())
        self.groups.set_vocabulary(v.VULNERABLE_GROUPS)
        self.groups.setMaximumHeight(110)
        self.add_section(_("Historial de estado"))
        self.history = HistoryList()
        self.form.addRow(self.history)
        actions = QWidget()
        row = QHBoxLayout(actions)
        row.setContentsMargins(0, 0, 0, 0)
        self.change_button = name_widget(QPushButton(_("Cambiar el estado…")), _("Cambiar el estado"))
        self.verify_button = name_widget(QPushButton(_("Verificación en visita…")),
                                         _("Verificación en visita"))
        self.response_button = name_widget(QPushButton(_("Registrar respuesta…")),
                                           _("Registrar respuesta"))
        self.life_tips = {self.change_button: _("Un nuevo estado de la recomendación, con su fecha y su motivo"),
                          self.verify_button: _("Lo que se comprobó en la práctica en una visita posterior"),
                          self.response_button: _("La respuesta de la autoridad o su plan de acción")}
        for button in (self.change_button, self.verify_button, self.response_button):
            row.addWidget(button)
        row.addStretch(1)
        self.form.addRow(actions)
        self.add_section(_("Respuestas de la autoridad"))
        self.responses = name_widget(QListWidget(), _("Respuestas de la autoridad"))
        self.responses.setWordWrap(True)
        self.responses.setMaximumHeight(120)
        self.form.addRow(self.responses)


def response_text(response: model.AuthorityResponse) -> str:
    plan = "; ".join(_("{text} ({date})").format(text=c.text, date=format_day(c.due_date))
                     for c in response.commitments)
    line = _("{date} — {authority} {reference}: {text}").format(
        date=format_day(response.date), authority=response.authority, reference=response.reference,
        text=short(response.text, 120) or "—")
    return line + ("\n" + _("Plan de acción: {plan}").format(plan=plan) if plan else "")


class RecommendationController(FormController):
    entity = "recommendation"
    cls = model.Recommendation

    def connect_view(self):
        view = self.view
        view.text.textChanged.connect(self.touched)
        view.findings.sig_toggled.connect(self.touched)
        view.groups.sig_toggled.connect(self.touched)
        view.authority.editTextChanged.connect(self.touched)
        view.source_ref.textEdited.connect(self.touched)
        for combo in (view.area, view.level, view.priority, view.source, view.repeats, view.place_kind):
            combo.currentIndexChanged.connect(self.touched)
        view.deadline.sig_changed.connect(self.touched)
        view.issued_on.sig_changed.connect(self.touched)
        view.change_button.clicked.connect(lambda: self._status(verification=False))
        view.verify_button.clicked.connect(lambda: self._status(verification=True))
        view.response_button.clicked.connect(self._response)
        self.sig_loaded.connect(self._enable_life)
        self.sig_saved.connect(self._enable_life)
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

    def _context(self, session, rec) -> dict:
        visit = records.get(session, model.Visit, rec.visit_id) if rec.visit_id else None
        visits = records.select(session, model.Visit, place_id=visit.place_id) if visit else []
        return {"record": rec,
                "findings": records.select(session, model.Finding, visit_id=rec.visit_id) if visit else [],
                "earlier": [r for _v, r in tracking.earlier_recommendations(session, visit)] if visit else [],
                "visits": sorted(visits, key=lambda x: x.start_date),
                "responses": history.responses_to(session, rec.id)}

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
        view.source.set_code(rec.source)
        view.source_ref.setText(rec.source_ref)
        view.issued_on.set_iso(rec.issued_on)
        view.repeats.clear()
        view.repeats.addItem(_("(no reitera ninguna)"), "")
        for earlier in self.extra["earlier"]:
            view.repeats.addItem(short(earlier.text, 70), earlier.id)
        view.repeats.setCurrentIndex(max(view.repeats.findData(rec.repeats_id or ""), 0))
        view.place_kind.set_code(rec.place_kind)
        view.groups.set_vocabulary(v.VULNERABLE_GROUPS, rec.population_groups)
        self._show_life(rec, self.extra["responses"])

    def _show_life(self, rec, responses) -> None:
        self.view.history.set_entries(rec.history)
        self.view.responses.clear()
        for response in responses:
            self.view.responses.addItem(response_text(response))
        if not responses:
            self.view.responses.addItem(_("Sin respuestas registradas."))

    def _enable_life(self, _record=None) -> None:
        for button, tip in self.view.life_tips.items():
            button.setEnabled(self.record_id is not None)
            button.setToolTip(tip if self.record_id else _("Guarde primero la recomendación."))
        self.view.verify_button.setEnabled(self.record_id is not None and bool(self.extra.get("visits")))

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, text=view.text.toPlainText().strip(), finding_ids=view.findings.checked(),
            authority=view.authority.text(), area=view.area.code(), level=view.level.code(),
            priority=view.priority.code(), deadline=view.deadline.iso(), source=view.source.code(),
            source_ref=view.source_ref.text().strip(), issued_on=view.issued_on.iso(),
            repeats_id=view.repeats.currentData() or None, place_kind=view.place_kind.code(),
            population_groups=view.groups.checked())

    def heading(self, rec):
        if not rec.text:
            return _("Nueva recomendación")
        return _("Recomendación: {text}").format(text=short(rec.text, 70))

    # The recommendation's life ----------------------------------------------------------------
    def _status(self, verification: bool) -> None:
        if self.record_id is None or not self.flush():
            return
        visits = [(x.id, _("Visita del {date}").format(date=format_day(x.start_date)))
                  for x in self.extra.get("visits", [])]
        answer = StatusDialog.ask(self.view, visits, verification, self.record.status)
        if answer is None:
            return
        rec_id = self.record_id
        if verification:
            op = lambda s: history.verify(s, rec_id, answer.visit_id, answer.status, answer.reason, answer.day)
        else:
            op = lambda s: history.change_status(
                s, rec_id, answer.status, day=answer.day, reason=answer.reason,
                basis="visita" if answer.visit_id else "revision", visit_id=answer.visit_id)
        self._life_op(op)

    def _response(self) -> None:
        if self.record_id is None or not self.flush():
            return
        answer = ResponseDialog.ask(self.view, self.record.authority)
        if answer is None:
            return
        rec_id = self.record_id

        def op(session):
            document, name = history.read_document(answer.document) if answer.document else (None, "")
            history.record_response(session, model.AuthorityResponse(
                authority=answer.authority, date=answer.date, text=answer.text, reference=answer.reference,
                means=answer.means, recommendation_ids=[rec_id],
                commitments=[model.Commitment(text, due, rec_id) for text, due in answer.commitments]),
                status=answer.status, reason=answer.reason, document=document, filename=name)
            return records.get(session, model.Recommendation, rec_id)
        self._life_op(op)

    def _life_op(self, op) -> None:
        def done(_result) -> None:
            self.ctx.run(self.view, self.fetch, on_done=on_live(self.view, self._reloaded))
        self.ctx.run(self.view, op, on_done=on_live(self.view, done), changed=(self.entity, self.record_id),
                     on_error=on_live(self.view, self._failed))

    def _reloaded(self, data: dict) -> None:
        self.extra = data
        self.record = data["record"]
        self._show_life(self.record, data["responses"])
        self.view.clear_message()
        self.view.status.setText(_("Historial actualizado"))


def open_recommendation(ctx, record_id, parent_id, parent=None) -> RecommendationView:
    view = RecommendationView(parent)
    RecommendationController(ctx, view, record_id, parent_id).load()
    return view
