"""Read-only pages for the central area: a record's fields when no form is registered for it,
and a group's list of records with its "Nuevo …" button."""

import dataclasses
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QTreeView,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from npmdesk.domain import model, vocabulary as v
from npmdesk.domain.validation import BLANK_CODES, CODES
from npmdesk import logs
from npmdesk.errors import NotFound, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.records import edit as records
from npmdesk.services.records.browse import plain_text, record_class, title_field
from npmdesk.ui.common.colours import tone_style
from npmdesk.ui.common.ops import error_text
from npmdesk.ui.shell.navigator import EntityRole, ParentIdRole
from npmdesk.ui.shell.tree_data import ENTITY_LABELS, GROUP_LABELS, NEW_LABELS, describe, format_day
from npmdesk.ui.shell.widgets import heading, message_label, named, short, show_message

log = logging.getLogger(__name__)

LABELS = {
    "name": N_("Nombre"), "kind": N_("Tipo"), "province": N_("Provincia"),
    "district": N_("Distrito"), "authority": N_("Autoridad"), "capacity": N_("Capacidad"),
    "address": N_("Dirección"), "description": N_("Descripción"), "place_id": N_("Lugar"),
    "start_date": N_("Fecha de inicio"), "end_date": N_("Fecha de fin"),
    "announced": N_("Visita anunciada"), "team": N_("Equipo"), "objectives": N_("Objetivos"),
    "population": N_("Población el día de la visita"), "people_met": N_("Personas con quienes se reunió"),
    "registers_reviewed": N_("Registros revisados"), "access_obstacles": N_("Obstáculos de acceso"),
    "visit_id": N_("Visita"), "code": N_("Código"), "sex": N_("Sexo"), "age_range": N_("Rango de edad"),
    "vulnerable_groups": N_("Grupos en situación de vulnerabilidad"),
    "consent_interview": N_("Consiente la entrevista"),
    "consent_report": N_("Consiente el uso en el informe"),
    "consent_identify": N_("Consiente ser identificada"), "notes": N_("Notas confidenciales"),
    "allegations": N_("Alegaciones"), "referral_needed": N_("Requiere derivación"),
    "title": N_("Título"), "text": N_("Texto"), "caption": N_("Leyenda"),
    "filename": N_("Nombre del archivo"), "mime": N_("Tipo de archivo"), "size": N_("Tamaño"),
    "sha256": N_("Huella SHA-256"), "include_in_export": N_("Se incluye al exportar"),
    "area": N_("Área temática"), "triangulated": N_("Triangulado"),
    "interview_ids": N_("Entrevistas que lo respaldan"), "note_ids": N_("Notas de campo que lo respaldan"),
    "attachment_ids": N_("Adjuntos que lo respaldan"), "level": N_("Nivel"),
    "priority": N_("Prioridad"), "deadline": N_("Plazo"), "status": N_("Estado"),
    "finding_ids": N_("Hallazgos en que se basa"), "history": N_("Historial de estado"),
    "number": N_("Número"), "state": N_("Estado"), "classification": N_("Clasificación"),
    "report_id": N_("Informe"), "discipline": N_("Disciplina"),
    "guidance": N_("Preguntas orientadoras"), "author_ids": N_("Autoras y autores"),
    "body": N_("Texto"), "required": N_("Obligatoria"), "role": N_("Rol"), "active": N_("Activo/a"),
    "source": N_("Origen"), "source_ref": N_("Documento de origen"), "issued_on": N_("Fecha de emisión"),
    "repeats_id": N_("Reitera la recomendación"), "place_kind": N_("Tipo de lugar"),
    "population_groups": N_("Grupo de población"),
    "reference": N_("Referencia"), "means": N_("Medio"), "attachment_id": N_("Documento adjunto"),
    "recommendation_ids": N_("Recomendaciones que atiende"), "commitments": N_("Plan de acción"),
    "year": N_("Año"),
}
# A report is of a visit or (the annual report) of a year: the one it is not of is not shown.
UNSET_HIDDEN = {model.Report: ("visit_id", "year")}
# Never shown: internal ids and ordering, and the restricted real identity of an interviewee.
HIDDEN = {"id", "real_identity", "key", "parent_id", "position", "template"}
REFERENCES = {"place_id": "place", "visit_id": "visit", "report_id": "report",
              "repeats_id": "recommendation", "attachment_id": "attachment"}
ID_LISTS = {"interview_ids": "interview", "note_ids": "field_note",
            "attachment_ids": "attachment", "finding_ids": "finding",
            "recommendation_ids": "recommendation"}
DATE_FIELDS = {"start_date", "end_date", "deadline", "date", "issued_on"}


def _yes_no(value: bool) -> str:
    return _("Sí") if value else _("No")


def _title_of(session, entity: str, record_id: str) -> str:
    try:
        record = records.get(session, record_class(entity), record_id)
    except NotFound:
        return _("(registro no encontrado)")
    return describe(entity, record).title


def _member_name(session, member_id: str) -> str:
    try:
        return records.get(session, model.TeamMember, member_id).name
    except NotFound:
        return _("(integrante no encontrado)")


def _value_text(session, cls, name: str, value) -> str:
    vocab = CODES.get(cls, {}).get(name) or BLANK_CODES.get(cls, {}).get(name)
    if vocab is not None:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(_(vocab.get(code, code)) for code in codes) or "—"
    if isinstance(value, bool):
        return _yes_no(value)
    if value is None or value == "" or value == []:
        return "—"
    if name in DATE_FIELDS:
        return format_day(value)
    if name in REFERENCES:
        return _title_of(session, REFERENCES[name], value)
    if name in ID_LISTS:
        return "\n".join(_title_of(session, ID_LISTS[name], i) for i in value)
    if name == "author_ids":
        return ", ".join(_member_name(session, i) for i in value)
    if name == "team":
        return "\n".join(
            _("{name} ({discipline}){leader}").format(
                name=_member_name(session, m.member_id),
                discipline=_(v.DISCIPLINES.get(m.discipline, m.discipline)),
                leader=_(", jefe/a de equipo") if m.leader else "") for m in value)
    if name == "history":
        return "\n".join(_("{date} — {status}: {note}").format(
            date=format_day(f.date), status=_(v.REC_STATUSES.get(f.status, f.status)),
            note=f.reason or "—") for f in value)
    if name == "commitments":
        return "\n".join(_("{date} — {text}").format(date=format_day(c.due_date), text=c.text)
                         for c in value)
    if name == "guidance":
        return "\n".join(f"• {line}" for line in value)
    if name == "size":
        return _("{kib} KiB").format(kib=max(1, round(value / 1024)))
    if name == "body":
        return plain_text(value).strip() or "—"
    return str(value)


def summary_data(session, entity: str, record_id: str) -> tuple[str, list[tuple[str, str]]]:
    """(heading, [(label, value), …]) of one record, every text already in the user's language."""
    cls = record_class(entity)
    record = records.get(session, cls, record_id)
    title = describe(entity, record).title if entity in GROUP_LABELS else getattr(
        record, title_field(entity), "")
    heading_text = _("{kind}: {title}").format(kind=_(ENTITY_LABELS.get(entity, entity)),
                                               title=short(str(title), 100))
    rows = [(_(LABELS.get(f.name, f.name)), _value_text(session, cls, f.name,
                                                          getattr(record, f.name)))
            for f in dataclasses.fields(cls) if f.name not in HIDDEN
            and not (f.name in UNSET_HIDDEN.get(cls, ()) and getattr(record, f.name) is None)]
    return heading_text, rows


class SummaryView(QScrollArea):
    """Every field of a record with its Spanish label, read-only (text can be selected)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = heading(scale=1.35)
        self.heading.setWordWrap(True)
        named(self.heading, _("Título"))
        self.note = QLabel(_("Vista de solo lectura: no hay un formulario de edición para este "
                             "tipo de registro."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(tone_style("muted"))
        named(self.note, _("Aviso"))
        self.message = message_label()
        named(self.message, _("Mensaje"))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.setWidget(body)
        named(self, _("Resumen del registro"))

    def show_rows(self, heading_text: str, rows: list[tuple[str, str]]) -> None:
        self.heading.setText(heading_text)
        for label, value in rows:
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextFormat(Qt.TextFormat.PlainText)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            named(field, label)
            caption = QLabel(label + ":")
            caption.setStyleSheet("font-weight: bold;")
            self.form.addRow(caption, field)


def open_summary(ctx, entity: str, record_id: str, parent=None) -> SummaryView:
    view = SummaryView(parent)

    def shown(result):
        if isValid(view):
            view.show_rows(*result)

    def failed(exc):
        if not isinstance(exc, NpmdeskError):
            logs.log_exception(log, "summary failed", exc)
        if isValid(view):
            show_message(view.message, error_text(exc))

    ctx.run(view, lambda s: summary_data(s, entity, record_id), on_done=shown, on_error=failed)
    return view


class GroupPage(QWidget):
    """A group of the navigator: its records (activate one to open it) and its "Nuevo …" button."""

    sig_new = Signal(str, object)
    """Fires when "Nuevo …" is pressed: (entity, owner record id or None)."""
    sig_activated = Signal(object)
    """Fires with the navigator index of the record the person activated."""

    def __init__(self, model, group_index, owner_title: str, parent=None):
        super().__init__(parent)
        self.entity = group_index.data(EntityRole)
        self.owner_id = group_index.data(ParentIdRole)
        layout = QVBoxLayout(self)
        label = _(GROUP_LABELS[self.entity])
        self.heading = heading(_("{group} — {owner}").format(group=label, owner=owner_title)
                               if owner_title else label, scale=1.35)
        self.heading.setWordWrap(True)
        named(self.heading, _("Título"))
        # Name and detail side by side: the detail carries what a list of titles would hide
        # (a finding's area and evidence flags, a recommendation's priority and status).
        self.listing = QTreeView()
        self.listing.setModel(model)
        self.listing.setRootIndex(group_index)
        self.listing.setRootIsDecorated(False)
        self.listing.setItemsExpandable(False)
        self.listing.setUniformRowHeights(True)
        self.listing.setAllColumnsShowFocus(True)
        self.listing.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        header = self.listing.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        named(self.listing, label)
        self.empty = QLabel(_("Todavía no hay registros en este grupo."))
        named(self.empty, _("Aviso"))
        self.empty.setVisible(model.rowCount(group_index) == 0)
        self.new_button = QPushButton(_(NEW_LABELS[self.entity]))
        named(self.new_button, _(NEW_LABELS[self.entity]))
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.listing, 1)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.new_button.clicked.connect(lambda: self.sig_new.emit(self.entity, self.owner_id))
        self.listing.activated.connect(self.sig_activated.emit)
        model.rowsInserted.connect(self._update_empty)
        model.rowsRemoved.connect(self._update_empty)
        self._model = model
        self._group_index = group_index

    def _update_empty(self, *_args) -> None:
        if isValid(self) and self.listing.rootIndex().isValid():
            self.empty.setVisible(self._model.rowCount(self.listing.rootIndex()) == 0)
