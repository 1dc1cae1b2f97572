"""The demo's history: two more invented places (a juvenile centre and a migrant reception
station) visited from 2024 to 2026, so statistics and the annual report have content.

Every place and person is invented. Interviews are aggregate profiles with neutral notes: no
names, nothing that identifies anyone.
"""

JUVENILE = dict(
    name="Centro de Cumplimiento de Menores Los Guayacanes", kind="centro_menores",
    province="Coclé", district="Penonomé", capacity=120,
    authority="Instituto de Estudios Interdisciplinarios",
    address="Carretera Interamericana, Penonomé",
    description="Centro mixto para adolescentes en cumplimiento de medidas, con escuela y taller.")

STATION = dict(
    name="Estación de Recepción Migratoria Punta Alegre", kind="estacion_migratoria",
    province="Darién", district="Chepigana", capacity=300,
    authority="Servicio Nacional de Migración",
    address="Punta Alegre, distrito de Chepigana",
    description="Estación de recepción de personas migrantes en tránsito, con galeras y un puesto de salud.")

# key, place, start, end, kind, announced, population, objectives
VISITS = [
    ("j24", "juvenile", "2024-03-18", "2024-03-19", "inicial", True, 96,
     "Visita inicial en profundidad al centro."),
    ("s24", "station", "2024-09-10", "2024-09-11", "inicial", False, 410,
     "Visita inicial a la estación en un período de alto flujo migratorio."),
    ("j25", "juvenile", "2025-08-04", "2025-08-04", "seguimiento", False, 88,
     "Verificar las recomendaciones de 2024 sobre aislamiento y educación."),
    ("s26", "station", "2026-02-16", "2026-02-17", "reactiva", False, 520,
     "Visita reactiva tras información pública sobre hacinamiento y falta de agua."),
    ("j26", "juvenile", "2026-07-13", "2026-07-14", "seguimiento", True, 91,
     "Segunda visita de seguimiento: salud mental, educación y contacto familiar."),
]

# visit key → profiles (kind, sex, age range, vulnerable groups, allegations, referral, note)
INTERVIEWS = {
    "j24": [
        ("individual", "hombre", "menor_18", ["nna"], ["malos_tratos"], True,
         "Relata encierro en celda de castigo durante varios días."),
        ("individual", "mujer", "menor_18", ["nna", "mujeres"], [], False,
         "Describe la falta de actividades educativas por la tarde."),
        ("grupal", "hombre", "menor_18", ["nna"], [], False,
         "Grupo del módulo B: calor en los dormitorios y poca agua."),
    ],
    "s24": [
        ("individual", "mujer", "30_44", ["migrantes", "mujeres"], [], True,
         "Viaja con dos hijos; pide atención médica para el menor."),
        ("individual", "hombre", "18_29", ["migrantes"], ["amenazas"], False,
         "Refiere amenazas de expulsión si se queja."),
    ],
    "j25": [
        ("individual", "hombre", "menor_18", ["nna"], [], False,
         "Confirma que ya no se usa la celda de castigo."),
        ("individual", "hombre", "menor_18", ["nna", "indigenas"], [], True,
         "No recibe clases en su idioma; solicita apoyo de un intérprete."),
    ],
    "s26": [
        ("individual", "mujer", "18_29", ["migrantes", "mujeres"], ["malos_tratos"], True,
         "Relata empujones durante el recuento nocturno."),
        ("individual", "hombre", "30_44", ["migrantes"], ["malos_tratos", "amenazas"], True,
         "Refiere golpes con la mano abierta y amenazas durante el recuento."),
        ("grupal", "mujer", "no_consta", ["migrantes", "mujeres"], [], False,
         "Grupo de mujeres: falta de privacidad en las duchas y de toallas sanitarias."),
        ("individual", "hombre", "menor_18", ["migrantes", "nna"], [], True,
         "Adolescente no acompañado alojado con personas adultas."),
        ("individual", "otro", "18_29", ["migrantes", "lgbti"], ["amenazas"], True,
         "Refiere burlas y amenazas de otras personas alojadas sin respuesta del personal."),
    ],
    "j26": [
        ("individual", "mujer", "menor_18", ["nna", "mujeres"], [], True,
         "Pide atención psicológica continuada."),
        ("individual", "hombre", "menor_18", ["nna"], [], False,
         "Asiste a clases cuatro días por semana."),
        ("individual", "hombre", "menor_18", ["nna", "discapacidad"], [], True,
         "Adolescente con discapacidad auditiva sin apoyo en clase."),
    ],
}

# visit key → findings (area, title, text)
FINDINGS = {
    "s26": [
        ("condiciones_materiales", "Hacinamiento y falta de agua en las galeras",
         "La estación alojaba 520 personas para 300 plazas; el agua se cortaba por la tarde y las "
         "galeras no tenían ventilación suficiente."),
        ("trato", "Alegaciones de malos tratos durante el recuento nocturno",
         "Dos personas entrevistadas por separado describieron empujones y golpes durante el "
         "recuento nocturno; la médica del equipo constató lesiones compatibles en una de ellas."),
        ("grupos_vulnerables", "Adolescentes no acompañados alojados con personas adultas",
         "No existe un espacio separado para niñas, niños y adolescentes no acompañados ni "
         "aviso inmediato a la Secretaría Nacional de Niñez."),
    ],
    "j26": [
        ("servicios_medicos", "Atención en salud mental insuficiente",
         "Una psicóloga atiende a 91 adolescentes dos días por semana; no hay protocolo ante "
         "autolesiones."),
        ("regimen_actividades", "Mejora de la oferta educativa",
         "Las clases se imparten cuatro días por semana, frente a dos en 2024; falta apoyo para "
         "adolescentes con discapacidad."),
    ],
}

# visit key → recommendations (text, authority, level, priority, deadline, area,
#   follow-ups: (visit key, status, note))
RECOMMENDATIONS = {
    "j24": [
        ("Eliminar el uso de la celda de castigo como medida disciplinaria.",
         "Instituto de Estudios Interdisciplinarios", "institucion", "urgente", "2024-06-30", "medidas_proteccion",
         [("j25", "cumplida", "La celda se clausuró en diciembre de 2024."),
          ("j26", "cumplida", "Se mantiene clausurada.")]),
        ("Ofrecer educación formal todos los días lectivos.",
         "Ministerio de Educación", "institucion", "alta", "2025-03-31", "regimen_actividades",
         [("j25", "en_proceso", "Dos días por semana."),
          ("j26", "parcialmente_cumplida", "Cuatro días por semana.")]),
        ("Instalar ventilación mecánica en los dormitorios del módulo B.",
         "Instituto de Estudios Interdisciplinarios", "lugar", "media", "2025-06-30", "condiciones_materiales",
         [("j25", "en_proceso", "Licitación en curso."),
          ("j26", "incumplida", "La licitación se declaró desierta.")]),
    ],
    "s24": [
        ("Garantizar agua potable suficiente las 24 horas.",
         "Servicio Nacional de Migración", "lugar", "urgente", "2024-12-31", "condiciones_materiales",
         [("s26", "incumplida", "Cortes diarios de agua por la tarde.")]),
        ("Separar a niñas, niños y adolescentes no acompañados de las personas adultas.",
         "Servicio Nacional de Migración", "institucion", "urgente", "2024-12-31", "grupos_vulnerables",
         [("s26", "reiterada", "Se reitera: siguen alojados con personas adultas.")]),
        ("Asegurar atención médica diaria en el puesto de salud.",
         "Ministerio de Salud", "institucion", "alta", "2025-06-30", "servicios_medicos",
         [("s26", "cumplida", "Un médico asiste todos los días.")]),
    ],
    "j25": [
        ("Proveer intérpretes de lenguas indígenas para las clases y las audiencias.",
         "Instituto de Estudios Interdisciplinarios", "institucion", "alta", "2026-03-31", "grupos_vulnerables",
         [("j26", "en_proceso", "Convenio firmado; sin intérprete aún.")]),
        ("Elaborar un protocolo de prevención de autolesiones.",
         "Ministerio de Salud", "institucion", "media", "2026-06-30", "servicios_medicos",
         []),
    ],
    "s26": [
        ("Reducir la ocupación de la estación a su capacidad de 300 personas.",
         "Servicio Nacional de Migración", "politica_publica", "urgente", "2026-08-31", "condiciones_materiales", []),
        ("Investigar las alegaciones de malos tratos durante el recuento nocturno.",
         "Ministerio Público", "institucion", "urgente", "2026-04-30", "trato", []),
        ("Avisar de inmediato a la Secretaría Nacional de Niñez de cada adolescente no acompañado.",
         "Servicio Nacional de Migración", "institucion", "alta", "2026-05-31", "grupos_vulnerables", []),
    ],
    "j26": [
        ("Contratar una segunda profesional de psicología a tiempo completo.",
         "Instituto de Estudios Interdisciplinarios", "institucion", "alta", "2027-01-31", "servicios_medicos", []),
        ("Dotar de apoyo en lengua de señas a las y los adolescentes con discapacidad auditiva.",
         "Ministerio de Educación", "lugar", "media", "2027-03-31", "regimen_actividades", []),
    ],
}

# visit key → (number, title, sections: (key, title, discipline, body))
REPORTS = {
    "s26": ("MNPT-2026-007", "Informe de la visita reactiva a la Estación de Recepción Migratoria Punta Alegre", [
        ("resumen", "Resumen ejecutivo", "derecho",
         "<p>El MNPT realizó una visita reactiva no anunciada los días 16 y 17 de febrero de 2026. "
         "La estación alojaba casi el doble de su capacidad, con cortes diarios de agua, y se "
         "recibieron alegaciones de malos tratos durante el recuento nocturno.</p>"),
        ("hallazgos", "Hallazgos", "derecho",
         "<p>Hacinamiento y falta de agua en las galeras; alegaciones concordantes de malos tratos "
         "durante el recuento nocturno; adolescentes no acompañados alojados con personas adultas.</p>"),
        ("recomendaciones", "Recomendaciones", "derecho",
         "<p>Las recomendaciones se dirigen al Servicio Nacional de Migración y al Ministerio "
         "Público.</p>"),
    ]),
    "j26": ("MNPT-2026-019", "Informe de la visita de seguimiento al Centro de Cumplimiento de Menores Los Guayacanes", [
        ("resumen", "Resumen ejecutivo", "derecho",
         "<p>Segunda visita de seguimiento, anunciada, los días 13 y 14 de julio de 2026. La "
         "celda de castigo sigue clausurada y la oferta educativa mejoró; la atención en salud "
         "mental sigue siendo insuficiente.</p>"),
        ("hallazgos", "Hallazgos", "derecho",
         "<p>Atención en salud mental insuficiente; mejora de la oferta educativa con carencias "
         "para adolescentes con discapacidad.</p>"),
        ("recomendaciones", "Recomendaciones", "derecho",
         "<p>Las recomendaciones se dirigen al Instituto de Estudios Interdisciplinarios y al "
         "Ministerio de Educación.</p>"),
    ]),
}
