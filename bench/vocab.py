"""Spanish words and names the synthetic case file is written with.

Domain words carry their accents so accent-blind search is exercised; the
function words make sentences read like prose rather than keyword lists.
"""

FUNCTION = (
    "de la el en que los las con por para una un se del al no su sus es fue han entre "
    "como sin sobre durante ante tras hasta desde cada otro otra esta este estos estas "
    "muy más menos también porque cuando donde según todos todas algunos algunas "
    "varias varios ya aún sólo casi siempre nunca mientras aunque sino pero y o ni"
).split()

DOMAIN = (
    "hacinamiento celda celdas pabellón pabellones custodia custodios privación libertad "
    "tortura malos tratos aislamiento disciplinario sanción sanciones alimentación ventilación "
    "iluminación colchón colchones higiene agua potable duchas letrinas sanitarios visitas "
    "familiares abogado abogada defensoría defensor denuncia denuncias lesiones examen médico "
    "médica atención salud mental psicológica psicólogo psiquiatra medicación medicamentos "
    "enfermería enfermera clínica hospital traslado traslados ambulancia urgencias niño niña "
    "niños niñas adolescentes menores mujeres embarazadas lactantes indígenas migrantes "
    "extranjeros intérprete discapacidad adultos mayores personas detenidas internos internas "
    "reclusos privadas funcionarios policías agentes guardia requisa requisas registro "
    "registros corporales desnudo cacheo esposas grilletes uso fuerza gas pimienta golpes "
    "amenazas represalias insultos humillación queja quejas reglamento régimen horario patio "
    "recreación educación escuela trabajo talleres capacitación formación biblioteca deporte "
    "comunicación teléfono llamadas correspondencia información derechos notificación juez "
    "jueza fiscal audiencia prisión preventiva sentencia condena beneficios penitenciarios "
    "reinserción social expediente historia clínica consentimiento confidencialidad "
    "entrevista entrevistas testimonio observación inspección infraestructura deterioro "
    "humedad filtraciones calor temperatura ruido olores plagas ratas cucarachas basura "
    "electricidad cables cocina comedor raciones dieta peso desnutrición enfermedad "
    "tuberculosis VIH dengue sarna hepatitis diabetes hipertensión dolor fracturas heridas "
    "cicatrices hematomas quemaduras autolesiones suicidio intento prevención protocolo "
    "Estambul documentación fotografías capacidad ocupación sobrepoblación dormitorio "
    "camastros hamacas piso suelo cama frazadas ropa uniformes calzado útiles aseo jabón "
    "papel dignidad trato vulnerabilidad género diversidad LGBTI separación clasificación "
    "seguridad vigilancia cámaras videovigilancia emergencia incendio extintores evacuación "
    "personal dotación turnos capacitado insuficiente escaso deficiente adecuado inadecuado "
    "precario grave urgente reiterado persistente sistemático recomendación recomendaciones "
    "seguimiento cumplimiento incumplimiento autoridad dirección ministerio presupuesto "
    "mantenimiento reparación construcción ampliación mejora plazo meses semanas días noche "
    "madrugada mañana tarde ingreso egreso libertad condicional acceso obstáculos demora "
    "espera negativa colaboración entrevistamos constatamos observamos verificamos "
    "informaron manifestaron refirieron señalaron indicaron denunciaron recibimos revisamos"
).split()

PROVINCES = ("Panamá", "Panamá Oeste", "Colón", "Chiriquí", "Veraguas", "Coclé", "Herrera",
             "Los Santos", "Bocas del Toro", "Darién")

TOWNS = ("La Joya", "La Joyita", "Tinajitas", "Nueva Esperanza", "David", "Santiago", "Penonomé",
         "Chitré", "Las Tablas", "Changuinola", "Metetí", "La Chorrera", "Arraiján", "Aguadulce",
         "Almirante", "Puerto Armuelles", "Bugaba", "Soná", "San Miguelito", "Pacora",
         "Tocumen", "Bajo Chiquito", "Lajas Blancas", "San Vicente")

PLACE_KINDS = (
    ("centro_penitenciario", "Centro Penitenciario de {town}"),
    ("centro_menores", "Centro de Cumplimiento de Menores de {town}"),
    ("subestacion_policia", "Subestación de Policía de {town}"),
    ("celda_transitoria", "Celdas de Detención Transitoria de {town}"),
    ("estacion_migratoria", "Estación de Recepción Migratoria de {town}"),
    ("hospital_psiquiatrico", "Sala de Psiquiatría del Hospital de {town}"),
    ("albergue", "Albergue Temporal de {town}"),
    ("hogar_adultos_mayores", "Hogar de Adultos Mayores de {town}"),
)

FIRST_NAMES = ("María José", "Ana Lucía", "Rubén", "Inés", "José Ángel", "Mónica", "Héctor",
               "Begoña", "Íñigo", "Sofía", "Raúl", "Lucía", "Martín", "Noemí", "Óscar", "Yolanda")
LAST_NAMES = ("Núñez", "Pérez", "González", "Ramírez", "Muñoz", "Sánchez", "Jiménez", "Cortés",
              "Domínguez", "Álvarez", "Méndez", "Ibáñez", "Quintero", "Batista", "Vásquez", "Ríos")

SECTION_TITLES = (
    "Resumen ejecutivo", "Introducción", "Metodología", "Descripción del lugar",
    "Trato", "Medidas de protección", "Condiciones materiales", "Régimen y actividades",
    "Servicios médicos y atención en salud", "Salud mental", "Personal",
    "Grupos en situación de vulnerabilidad", "Seguimiento de recomendaciones anteriores",
    "Conclusiones", "Recomendaciones",
)
SECTION_DISCIPLINES = ("coordinacion", "coordinacion", "coordinacion", "derecho", "derecho",
                       "derecho", "trabajo_social", "trabajo_social", "medicina", "psicologia",
                       "derecho", "trabajo_social", "derecho", "coordinacion", "coordinacion")

FINDING_TITLES = ("Hacinamiento en los pabellones", "Falta de agua potable",
                  "Alegaciones de golpes durante la requisa", "Aislamiento prolongado",
                  "Ausencia de examen médico al ingreso", "Niños sin acceso a educación",
                  "Medicación psiquiátrica sin supervisión", "Celdas sin ventilación",
                  "Restricción de visitas familiares", "Personal de custodia insuficiente",
                  "Uso de esposas durante la atención médica", "Mujeres embarazadas sin control")

NOTE_TITLES = ("Recorrido por el pabellón", "Revisión del libro de registro", "Cocina y comedor",
               "Área de aislamiento", "Clínica", "Patio y recreación", "Área de visitas",
               "Dormitorios", "Celdas de castigo", "Oficina de la dirección")

PHOTO_SUBJECTS = ("celda", "pabellon", "letrinas", "cocina", "colchones", "patio", "clinica",
                  "registro", "filtraciones", "dormitorio")
