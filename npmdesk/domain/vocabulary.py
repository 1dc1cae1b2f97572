"""Closed vocabularies of the domain: stored codes and their Spanish labels.

Codes are stable identifiers kept in the case file and the JSON format; labels
are marked with N_ and translated where they are shown.
"""

from npmdesk.i18n import N_

PLACE_KINDS = {
    "centro_penitenciario": N_("Centro penitenciario"),
    "centro_menores": N_("Centro de cumplimiento de menores"),
    "subestacion_policia": N_("Subestación de policía"),
    "celda_transitoria": N_("Celda de detención transitoria"),
    "estacion_migratoria": N_("Estación de recepción migratoria"),
    "hospital_psiquiatrico": N_("Hospital psiquiátrico"),
    "albergue": N_("Albergue"),
    "hogar_adultos_mayores": N_("Hogar de personas adultas mayores"),
    "otro": N_("Otro lugar de privación de libertad"),
}

VISIT_KINDS = {
    "inicial": N_("Inicial / en profundidad"),
    "seguimiento": N_("Seguimiento"),
    "reactiva": N_("Reactiva"),
    "tematica": N_("Temática"),
}

DISCIPLINES = {
    "derecho": N_("Derecho"),
    "medicina": N_("Medicina"),
    "psicologia": N_("Psicología"),
    "trabajo_social": N_("Trabajo social"),
    "coordinacion": N_("Coordinación"),
}

ROLES = {
    "autor": N_("Autor/a"),
    "revisor": N_("Revisor/a"),
    "director": N_("Director/a"),
    "administrador": N_("Administrador/a"),
}

THEMATIC_AREAS = {
    "trato": N_("Trato"),
    "medidas_proteccion": N_("Medidas de protección"),
    "condiciones_materiales": N_("Condiciones materiales"),
    "regimen_actividades": N_("Régimen y actividades"),
    "servicios_medicos": N_("Servicios médicos / atención en salud"),
    "personal": N_("Personal"),
    "grupos_vulnerables": N_("Grupos en situación de vulnerabilidad"),
}

VULNERABLE_GROUPS = {
    "mujeres": N_("Mujeres"),
    "nna": N_("Niñas, niños y adolescentes"),
    "lgbti": N_("Personas LGBTI"),
    "migrantes": N_("Personas migrantes"),
    "discapacidad": N_("Personas con discapacidad"),
    "adultos_mayores": N_("Personas adultas mayores"),
    "indigenas": N_("Pueblos indígenas"),
}

INTERVIEW_KINDS = {"individual": N_("Individual"), "grupal": N_("Grupal")}

SEXES = {"mujer": N_("Mujer"), "hombre": N_("Hombre"), "otro": N_("Otro"), "no_consta": N_("No consta")}

AGE_RANGES = {
    "menor_18": N_("Menor de 18"),
    "18_29": N_("18–29"),
    "30_44": N_("30–44"),
    "45_59": N_("45–59"),
    "60_mas": N_("60 o más"),
    "no_consta": N_("No consta"),
}

ALLEGATIONS = {
    "tortura": N_("Tortura"),
    "malos_tratos": N_("Malos tratos"),
    "amenazas": N_("Amenazas"),
    "represalias": N_("Represalias"),
}

NOTE_KINDS = {
    "observacion": N_("Observación directa"),
    "registro": N_("Datos de registros"),
    "fotografia": N_("Fotografía"),
}

REC_LEVELS = {
    "lugar": N_("Lugar"),
    "institucion": N_("Institución"),
    "politica_publica": N_("Política pública"),
    "marco_legal": N_("Marco legal"),
}

REC_PRIORITIES = {"urgente": N_("Urgente"), "alta": N_("Alta"), "media": N_("Media")}

REC_STATUSES = {
    "pendiente": N_("Pendiente"),
    "en_proceso": N_("En proceso"),
    "cumplida": N_("Cumplida"),
    "parcialmente_cumplida": N_("Parcialmente cumplida"),
    "incumplida": N_("Incumplida"),
    "reiterada": N_("Reiterada"),
}

REC_SOURCES = {
    "mnpt": N_("Informe del MNPT"),
    "spt": N_("Subcomité para la Prevención de la Tortura (SPT)"),
    "cat": N_("Comité contra la Tortura (CAT)"),
    "otro": N_("Otro órgano"),
}

# Where a status change comes from (model.StatusChange.basis).
REC_BASES = {
    "revision": N_("Revisión del equipo"),
    "visita": N_("Visita de seguimiento"),
    "respuesta": N_("Respuesta de la autoridad"),
    "verificacion": N_("Verificación en la práctica"),
    "importacion": N_("Importación"),
    "migracion": N_("Estado anterior al historial"),
}

RESPONSE_MEANS = {
    "oficio": N_("Oficio"),
    "correo": N_("Correo electrónico"),
    "reunion": N_("Reunión"),
    "otro": N_("Otro medio"),
}

LETTER_KINDS = {
    "oficio": N_("Oficio con recomendaciones"),
    "correcciones": N_("Borrador para correcciones fácticas"),
}

LETTER_MEANS = {
    "correo": N_("Correo postal"),
    "mano": N_("Entrega en mano"),
    "electronico": N_("Correo electrónico"),
    "otro": N_("Otro medio"),
}

REPORT_KINDS = {
    "visita": N_("Informe de visita"),
    "seguimiento": N_("Informe de seguimiento"),
    "tematico": N_("Informe temático"),
    # The yearly report to the Asamblea (OPCAT art. 23): it belongs to a year, not to a visit.
    "anual": N_("Informe anual"),
}
ANNUAL_KIND = "anual"
# The states of a report that count as the institution's word: exported as official, cited by the
# annual report.
FINAL_REPORT_STATES = ("aprobado", "exportado")
# The years an annual report may be of: the MNPT was created in 2017; anything outside is a typo.
FIRST_YEAR, LAST_YEAR = 2000, 2100

REPORT_STATES = {
    "en_redaccion": N_("En redacción"),
    "en_revision": N_("En revisión"),
    "aprobado": N_("Aprobado"),
    "exportado": N_("Exportado / archivado"),
    # A past report migrated from Word: never reviewed or approved in npmdesk.
    "importado": N_("Importado (histórico, no aprobado en npmdesk)"),
}

SECTION_STATES = {
    "borrador": N_("Borrador"),
    "enviada": N_("Enviada para revisión"),
    "con_observaciones": N_("Con observaciones"),
    "aprobada": N_("Aprobada"),
}

AUTHORITIES = (
    "Dirección General del Sistema Penitenciario",
    "Policía Nacional",
    "Servicio Nacional de Migración",
    "Instituto de Estudios Interdisciplinarios",
    "Ministerio de Gobierno",
    "Ministerio de Salud",
    "Órgano Judicial",
    "Asamblea Nacional",
)

# Provinces and indigenous comarcas of Panama, offered as suggestions for a place's province.
PROVINCES = (
    "Bocas del Toro", "Coclé", "Colón", "Chiriquí", "Darién", "Herrera", "Los Santos", "Panamá",
    "Panamá Oeste", "Veraguas", "Comarca Guna Yala", "Comarca Emberá-Wounaan",
    "Comarca Ngäbe-Buglé", "Comarca Naso Tjër Di",
)
