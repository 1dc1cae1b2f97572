"""Item models of the review screen and the bitácora, with named columns and roles."""

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt

from npmdesk.domain import workflow
from npmdesk.i18n import N_, _
from npmdesk.ui.common.dates import local_time, show_local_time, show_utc_time
from npmdesk.ui.common.table_model import RowsModel
from npmdesk.ui.shell.tree_data import ENTITY_LABELS

ItemRole = Qt.ItemDataRole.UserRole + 1
"""The row's underlying object (a QueueItem or an AuditEntry)."""
AuditSortRole = Qt.ItemDataRole.UserRole + 2
"""What the bitácora sorts by: its UTC timestamp for the time column (shown as dd/mm/aaaa)."""


AUDIT_ACTIONS = {
    "crear_expediente": N_("creó el expediente"), "crear": N_("creó"), "modificar": N_("modificó"),
    "eliminar": N_("eliminó"), "revisar_texto": N_("escribió una revisión del texto"),
    "generar_claves": N_("generó claves de firma"), "firmar_nomina": N_("firmó la nómina"),
    "importar_nomina": N_("importó la nómina"),
    "fijar_raiz": N_("confirmó la raíz institucional (código de la dirección)"),
    "datos_institucion": N_("cambió los datos de la institución (nombres, sede o cargo de quien firma)"),
    "sustituir_raiz": N_("confirmó la sustitución sin su firma de una raíz institucional cuya clave se perdió"),
    "importar_tarjeta": N_("importó una tarjeta pública"),
    "firma_enviar": N_("firmó el envío a revisión"), "firma_devolver": N_("devolvió con observaciones"),
    "firma_aprobar": N_("aprobó la sección"), "firma_aprobar_informe": N_("aprobó el informe"),
    "firma_observar": N_("añadió una observación"), "resolver_observacion": N_("resolvió una observación"),
    "informe_en_revision": N_("pasó el informe a revisión"), "anclar_bitacora": N_("firmó un ancla de la bitácora"),
    "exportar": N_("exportó"), "volcar_json": N_("volcó el expediente a JSON"), "importar": N_("importó"),
    "cambiar_estado": N_("registró un cambio de estado de la recomendación"),
    "registrar_respuesta": N_("registró la respuesta de una autoridad"),
    "exportar_recomendaciones": N_("exportó las recomendaciones (CSV o XLSX)"),
    "importar_recomendaciones": N_("importó recomendaciones de otros órganos"),
    "cambiar_frase": N_("cambió la frase de contraseña"),
    "autorizar_exportacion": N_("autorizó una exportación"),
    "marcar_guia": N_("marcó una pregunta guía como respondida"),
    "desmarcar_guia": N_("desmarcó una pregunta guía"), "archivar": N_("creó un paquete de archivo"),
    "enviar_paquete": N_("creó un paquete de intercambio"), "importar_paquete": N_("importó un paquete"),
    "resolver_conflicto": N_("resolvió un conflicto de edición"),
    "firma_absorber": N_("firmó la resolución de un conflicto"),
    "reabrir_seccion": N_("reabrió la sección y anuló su aprobación o su envío"),
    "fijar_recuperacion": N_("configuró la recuperación institucional"),
    "copia_recuperacion": N_("envió una copia de recuperación"),
    "importar_plantilla": N_("importó una plantilla"),
    "exportar_informe_anual": N_("exportó el informe anual"),
    "generar_oficios": N_("escribió los oficios a las autoridades"),
    "cambiar_persona": N_("empezó a trabajar en esta computadora en lugar de la persona del registro"),
    "registrar_oficio": N_("registró un oficio a una autoridad"),
    "reemplazar_oficio": N_("reemplazó un oficio no enviado por uno nuevo"),
    "enviar_oficio": N_("registró el envío de un oficio"),
    "generar_borrador_correcciones": N_("escribió un borrador del informe para correcciones fácticas"),
    "registrar_correcciones": N_("registró la respuesta de una autoridad a un borrador"),
}
# The kinds of record a bitácora entry names, besides those of the navigator (tree_data.ENTITY_LABELS).
AUDIT_RECORDS = {
    "case": N_("Expediente"), "observation": N_("Observación"), "package": N_("Paquete"),
    "roster": N_("Nómina"), "template": N_("Plantilla"), "audit": N_("Bitácora"),
    "annual_report": N_("Informe anual"), "letter": N_("Oficio"),
}


def action_label(code: str) -> str:
    return _(AUDIT_ACTIONS[code]) if code in AUDIT_ACTIONS else code


def record_label(entity: str) -> str:
    label = AUDIT_RECORDS.get(entity) or ENTITY_LABELS.get(entity)
    return _(label) if label else entity


class AuditModel(RowsModel):
    """Every bitácora entry: number, when, who, what, on which kind of record."""

    COL_SEQ, COL_WHEN, COL_WHO, COL_ACTION, COL_ENTITY = range(5)
    HEADERS = (N_("N.º"), N_("Fecha y hora"), N_("Persona"), N_("Acción"), N_("Registro"))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entry = self.row_at(index)
        if entry is None:
            return None
        if role == ItemRole:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return {self.COL_SEQ: entry.seq, self.COL_WHEN: show_local_time(entry.ts),
                    self.COL_WHO: entry.actor_name, self.COL_ACTION: action_label(entry.action),
                    self.COL_ENTITY: record_label(entry.entity)}.get(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_ENTITY:
            return entry.entity_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_WHEN:
            return show_utc_time(entry.ts)
        if role == AuditSortRole:
            return entry.ts if index.column() == self.COL_WHEN else self.data(index)
        return None


class AuditFilter(QSortFilterProxyModel):
    """Filters the bitácora by person, action, date range (inclusive) and free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.person = ""
        self.action = ""
        self.since: QDate | None = None
        self.until: QDate | None = None
        self.text = ""

    def set_filter(self, person: str = "", action: str = "", since: QDate | None = None,
                   until: QDate | None = None, text: str = "") -> None:
        self.beginFilterChange()
        self.person, self.action, self.since, self.until = person, action, since, until
        self.text = text.casefold().strip()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        entry = self.sourceModel().data(self.sourceModel().index(row, 0, parent), ItemRole)
        if entry is None:
            return False
        if self.person and entry.actor_name != self.person:
            return False
        if self.action and entry.action != self.action:
            return False
        day = local_time(entry.ts).date()
        if self.since is not None and self.since.isValid() and day < self.since.toPython():
            return False
        if self.until is not None and self.until.isValid() and day > self.until.toPython():
            return False
        if self.text:
            haystack = " ".join((entry.actor_name, action_label(entry.action), entry.action,
                                 entry.entity, entry.entity_id, entry.ts)).casefold()
            return self.text in haystack
        return True


def state_label(state: str) -> str:
    return _(workflow.STATE_LABELS.get(state, state))
