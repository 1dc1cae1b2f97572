"""The form of a finding and the evidence it rests on."""

import dataclasses

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit

from npmdesk.domain import findings as rules, model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.services.records import edit as records
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.records.base import FormController, FormView, on_live, short
from npmdesk.ui.records.widgets import CheckList, CodeCombo


def evidence_flags(finding: model.Finding, notes: list[model.FieldNote]) -> list[str]:
    """The warnings a finding shows about its evidence (rules in domain.findings)."""
    return [_(rules.FLAGS[code]) for code in rules.flags(finding, {n.id: n for n in notes})]


class FindingView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Hallazgo"), parent)
        self.area = self.add_row(_("Á&rea temática"), CodeCombo(v.THEMATIC_AREAS))
        self.title = self.add_row(_("&Título"), QLineEdit())
        self.text = self.add_row(_("Te&xto"), QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(160)
        self.triangulated = QCheckBox(_("Hallazgo trian&gulado"))
        self.triangulated.setAccessibleName(_("Hallazgo triangulado"))
        self.triangulated.setToolTip(_("Confirmado por más de una fuente (entrevistas, registros, observación)"))
        self.form.addRow("", self.triangulated)
        self.add_section(_("Evidencia"))
        self.flags = self.add_row(_("Advertencias"), QLabel())
        self.interviews = self.add_row(_("E&ntrevistas"), CheckList())
        self.notes = self.add_row(_("Notas de &campo"), CheckList())
        self.attachments = self.add_row(_("A&djuntos"), CheckList())


class FindingController(FormController):
    entity = "finding"
    cls = model.Finding

    def connect_view(self):
        view = self.view
        view.area.currentIndexChanged.connect(self.touched)
        view.title.textEdited.connect(self.touched)
        view.text.textChanged.connect(self.touched)
        view.triangulated.toggled.connect(self.touched)
        view.triangulated.toggled.connect(self.show_flags)
        for listing in (view.interviews, view.notes, view.attachments):
            listing.sig_toggled.connect(self.touched)
            listing.sig_toggled.connect(self.show_flags)
        self.ctx.sig_changed.connect(self._related_changed)

    @staticmethod
    def _evidence(session, visit_id) -> dict:
        return {"interviews": records.select(session, model.Interview, visit_id=visit_id),
                "notes": records.select(session, model.FieldNote, visit_id=visit_id),
                "attachments": records.select(session, model.Attachment, visit_id=visit_id)}

    def _context(self, session, finding) -> dict:
        return {"record": finding, **self._evidence(session, finding.visit_id)}

    def _related_changed(self, entity: str, _record_id: str) -> None:
        """Evidence added, renamed or deleted elsewhere: refresh the lists, keep the ticks."""
        if entity in ("interview", "field_note", "attachment") and self.record is not None:
            visit_id = self.record.visit_id
            self.ctx.run(self.view, lambda s: self._evidence(s, visit_id),
                         on_done=on_live(self.view, self._show_evidence))

    def _show_evidence(self, data: dict) -> None:
        self.extra.update(data)
        view = self.view
        self._fill_lists(view.interviews.checked(), view.notes.checked(),
                         view.attachments.checked())

    def _fill_lists(self, interview_ids, note_ids, attachment_ids) -> None:
        view, extra = self.view, self.extra
        view.interviews.set_items([(i.id, i.code) for i in extra["interviews"]], interview_ids)
        view.notes.set_items([(n.id, short(n.title)) for n in extra["notes"]], note_ids)
        view.attachments.set_items([(a.id, short(a.caption)) for a in extra["attachments"]],
                                   attachment_ids)
        self.show_flags()

    def fetch(self, session):
        return self._context(session, records.get(session, model.Finding, self.record_id))

    def fetch_new(self, session):
        return self._context(session, model.Finding(visit_id=self.parent_id,
                                                    area="trato", title=""))

    def populate(self, finding):
        view = self.view
        view.area.set_code(finding.area)
        view.title.setText(finding.title)
        view.text.setPlainText(finding.text)
        view.triangulated.setChecked(finding.triangulated)
        self._fill_lists(finding.interview_ids, finding.note_ids, finding.attachment_ids)

    def show_flags(self, *_args):
        view = self.view
        draft = model.Finding("", "", "", interview_ids=view.interviews.checked(),
                              note_ids=view.notes.checked(), attachment_ids=view.attachments.checked())
        flags = evidence_flags(draft, self.extra.get("notes", []))
        view.flags.setText(" · ".join(flags) if flags else _("Ninguna"))
        view.flags.setToolTip(" ".join(_(rules.EXPLANATIONS[c]) for c in rules.flags(
            draft, {n.id: n for n in self.extra.get("notes", [])})))
        view.flags.setStyleSheet(tone_style("error", bold=True) if flags else "")

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, area=view.area.code(), title=view.title.text().strip(),
            text=view.text.toPlainText(), triangulated=view.triangulated.isChecked(),
            interview_ids=view.interviews.checked(), note_ids=view.notes.checked(),
            attachment_ids=view.attachments.checked())

    def heading(self, finding):
        return _("Hallazgo: {title}").format(title=finding.title) if finding.title \
            else _("Nuevo hallazgo")


def open_finding(ctx, record_id, parent_id, parent=None) -> FindingView:
    view = FindingView(parent)
    FindingController(ctx, view, record_id, parent_id).load()
    return view
