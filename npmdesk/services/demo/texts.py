"""Texts of the demonstration case file: a fictitious visit, written like a real MNPT report.

Every person and place here is invented. Section bodies never quote an interview
whose consent to use in the report was not given, and never carry a real name.
"""

PLACE_DESCRIPTION = (
    "Centro penitenciario masculino de seguridad media con un pabellón femenino anexo, "
    "construido en 1998 y ampliado en 2014. Cuenta con seis pabellones, una clínica, "
    "un área educativa y talleres.")

NOTES = [
    ("Pabellón 3: celdas y ventilación", "observacion",
     "Celdas de 3 x 4 m con seis a ocho personas; cuatro camas de cemento, el resto duerme en "
     "colchonetas en el suelo. Ventilación insuficiente, temperatura medida 34 °C a las 14:10. "
     "Un solo inodoro por celda, sin puerta."),
    ("Libro de novedades y registro de sanciones", "registro",
     "Entre enero y septiembre de 2026 constan 41 sanciones de aislamiento; en 9 casos no consta "
     "la notificación a la persona ni la posibilidad de descargo. Dos aislamientos superan los "
     "15 días."),
    ("Clínica: personal y medicamentos", "registro",
     "Un médico general de lunes a viernes (8:00–14:00) para 1,480 personas; sin servicio "
     "nocturno. Registro de citas externas: 63 citas perdidas en el trimestre por falta de "
     "custodia para el traslado."),
    ("Plano del pabellón 3", "fotografia",
     "Croquis elaborado por el equipo durante el recorrido (adjunto)."),
]

# code, kind, sex, age, groups, consent (interview, report, identify), allegations, referral,
# real identity (restricted), notes
INTERVIEWS = [
    ("E-01", "individual", "hombre", "30_44", [], (True, True, False), ["malos_tratos"], True,
     "Rubén Darío Castillo Mendoza",
     "Relata que durante la requisa del 14 de octubre fue obligado a permanecer de rodillas "
     "durante más de una hora en el patio. Presenta hematoma en rodilla derecha, valorado por "
     "la médica del equipo."),
    ("E-02", "individual", "hombre", "18_29", [], (True, False, False), ["amenazas", "represalias"],
     True, "",
     "Teme represalias por haber presentado una queja escrita. Solicita expresamente que su "
     "testimonio no se use en el informe."),
    ("E-03", "grupal", "hombre", "no_consta", [], (True, True, False), [], False, "",
     "Grupo de ocho personas del pabellón 3. Coinciden en el calor, la falta de agua entre las "
     "12:00 y las 16:00 y en que duermen en el suelo por hacinamiento."),
    ("E-04", "individual", "mujer", "30_44", ["mujeres"], (True, True, True), [], True,
     "Yaritza Elena Batista Rodríguez",
     "Madre de dos niños pequeños. No recibe visitas de sus hijos desde hace cinco meses porque "
     "el área de visita familiar no admite niños menores de 12 años. Requiere control "
     "ginecológico pendiente desde marzo."),
    ("E-05", "individual", "hombre", "60_mas", ["adultos_mayores", "discapacidad"],
     (True, True, False), [], True, "",
     "Persona de 67 años con diabetes y amputación parcial del pie izquierdo. No dispone de "
     "silla de ruedas; depende de compañeros para desplazarse."),
    ("E-06", "individual", "hombre", "18_29", ["migrantes"], (True, False, False), ["malos_tratos"],
     False, "",
     "Persona extranjera sin traductor en su audiencia. No autoriza el uso de su relato."),
]

FINDINGS = [
    ("condiciones_materiales", "Hacinamiento crítico en el pabellón 3",
     "El centro alberga 1,480 personas para una capacidad de 900 (ocupación del 164 %). En el "
     "pabellón 3 las celdas alojan entre seis y ocho personas con cuatro camas.", True,
     ["E-03"], [0, 3], True),
    ("servicios_medicos", "Atención en salud insuficiente",
     "Un solo médico diurno para toda la población y 63 citas externas perdidas por falta de "
     "custodia en un trimestre.", True, ["E-05"], [2], False),
    ("trato", "Alegaciones de malos tratos durante las requisas",
     "Se recibieron alegaciones concordantes de posiciones forzadas durante la requisa del 14 de "
     "octubre, corroboradas por la valoración médica del equipo.", True, ["E-01"], [], False),
    ("medidas_proteccion", "Sanciones de aislamiento sin garantías",
     "En 9 de 41 sanciones no consta notificación ni derecho de descargo; dos superan 15 días, "
     "límite fijado por las Reglas Nelson Mandela.", True, [], [1], False),
    ("grupos_vulnerables", "Contacto de las madres privadas de libertad con sus hijos e hijas",
     "El régimen de visitas impide el contacto de niñas y niños menores de 12 años con sus "
     "madres, contrario al interés superior del niño.", False, ["E-04"], [], False),
]

# finding index or None, text, authority, level, priority, deadline, area
RECOMMENDATIONS = [
    (0, "Adoptar un plan de descongestión del pabellón 3 que garantice una cama por persona en "
        "un plazo máximo de seis meses.", "Dirección General del Sistema Penitenciario",
     "institucion", "urgente", "2027-06-30", "condiciones_materiales"),
    (0, "Garantizar el suministro continuo de agua potable en todos los pabellones.",
     "Dirección General del Sistema Penitenciario", "lugar", "urgente", "2027-01-31",
     "condiciones_materiales"),
    (1, "Asignar personal médico y de enfermería suficiente, con cobertura nocturna y de fin de "
        "semana.", "Ministerio de Salud", "institucion", "alta", "2027-06-30", "servicios_medicos"),
    (1, "Asegurar la custodia necesaria para que ninguna cita médica externa se pierda.",
     "Policía Nacional", "institucion", "alta", "2027-03-31", "servicios_medicos"),
    (2, "Investigar de forma pronta e imparcial las alegaciones de malos tratos durante la "
        "requisa del 14 de octubre de 2026.", "Ministerio de Gobierno", "institucion",
     "urgente", "2026-12-31", "trato"),
    (3, "Reformar el reglamento disciplinario para garantizar la notificación, el derecho de "
        "defensa y el límite de 15 días de aislamiento.", "Asamblea Nacional", "marco_legal",
     "media", "2027-12-31", "medidas_proteccion"),
    (4, "Habilitar un espacio adecuado de visita para niñas y niños menores de 12 años.",
     "Dirección General del Sistema Penitenciario", "lugar", "alta", "2027-03-31",
     "grupos_vulnerables"),
]

# The 2025 visit's interviews (code, kind, sex, age range, notes): the 2025 report counts them.
EARLIER_INTERVIEWS = [
    ("E-01", "individual", "hombre", "30_44",
     "Describe los inodoros del pabellón 3 fuera de servicio desde hace meses y el uso de cubetas."),
    ("E-02", "individual", "hombre", "45_59",
     "Fue sancionado sin que conste la sanción en ningún registro; no pudo presentar descargos."),
    ("E-03", "grupal", "hombre", "no_consta",
     "Grupo de seis personas del pabellón 1: celdas para cuatro ocupadas por diez."),
]

EARLIER_RECOMMENDATIONS = [
    ("Reparar los servicios sanitarios del pabellón 3.", "Dirección General del Sistema Penitenciario",
     "lugar", "alta", "2025-12-31", "cumplida", "Se verificó en 2026 la reparación de los inodoros."),
    ("Crear un registro único de sanciones disciplinarias.", "Dirección General del Sistema Penitenciario",
     "institucion", "media", "2026-03-31", "parcialmente_cumplida",
     "El registro existe, pero no recoge la notificación a la persona sancionada."),
    ("Reducir la sobrepoblación del centro.", "Ministerio de Gobierno", "politica_publica",
     "urgente", "2026-06-30", "reiterada", "La población aumentó de 1,310 a 1,480 personas."),
]

# key, title, discipline, parent key, author roles (disciplines), body or ""
SECTIONS = [
    ("datos", "Datos del informe", "coordinacion", None, ["coordinacion"],
     "<p><b>Informe n.º</b> MNPT-2026-031. <b>Lugar:</b> Centro Penitenciario de Cerro Azul, "
     "provincia de Panamá Oeste. <b>Fechas:</b> 20 y 21 de octubre de 2026. <b>Tipo de visita:</b> "
     "seguimiento, no anunciada. <b>Autoridad responsable:</b> Dirección General del Sistema "
     "Penitenciario. <b>Clasificación:</b> confidencial.</p>"),
    ("resumen", "Resumen ejecutivo", "coordinacion", None, ["coordinacion"],
     "<p>Los días 20 y 21 de octubre de 2026 el MNPT realizó una visita de seguimiento, no "
     "anunciada, al Centro Penitenciario de Cerro Azul. El equipo constató un hacinamiento "
     "crítico (164 % de ocupación), graves carencias en la atención en salud y alegaciones "
     "concordantes de malos tratos durante una requisa.</p>"
     "<p>De las tres recomendaciones formuladas en 2025, una fue cumplida, una parcialmente "
     "cumplida y una se reitera. El MNPT formula siete recomendaciones nuevas, tres de ellas "
     "urgentes.</p>"),
    ("introduccion", "Introducción", "derecho", None, ["derecho"],
     "<p>El Mecanismo Nacional para la Prevención de la Tortura y Otros Tratos o Penas Crueles, "
     "Inhumanos o Degradantes (MNPT) realizó esta visita en ejercicio del mandato que le confiere "
     "la Ley 6 de 2017 y de las facultades previstas en los artículos 19 y 20 del Protocolo "
     "Facultativo de la Convención contra la Tortura (OPCAT), que garantizan el acceso sin "
     "restricciones a todos los lugares, instalaciones, registros y personas privadas de "
     "libertad, así como la posibilidad de entrevistarse con ellas en privado.</p>"
     "<p>La visita tuvo como objetivos verificar el cumplimiento de las recomendaciones "
     "formuladas en 2025 y examinar las condiciones de detención, con especial atención al "
     "hacinamiento y al acceso a la salud.</p>"),
    ("metodologia", "Metodología", "psicologia", None, ["psicologia"],
     "<p>El equipo multidisciplinario aplicó las siguientes técnicas:</p><ul>"
     "<li>entrevistas privadas, individuales y grupales, con consentimiento informado;</li>"
     "<li>revisión de registros de ingreso, sanciones, novedades y atención médica;</li>"
     "<li>observación directa de pabellones, clínica, cocina y áreas de visita;</li>"
     "<li>triangulación de la información obtenida por distintas fuentes.</li></ul>"
     "<p>No se presentaron obstáculos de acceso. Por razones de protección, las personas "
     "entrevistadas se identifican solo mediante códigos.</p>"),
    ("lugar", "Información general del lugar", "trabajo_social", None, ["trabajo_social"],
     "<p>El Centro Penitenciario de Cerro Azul depende de la Dirección General del Sistema "
     "Penitenciario. Tiene una capacidad de 900 plazas y el día de la visita albergaba a "
     "1,480 personas, lo que supone un <b>hacinamiento crítico</b> del 164 %.</p>"),
    ("seguimiento", "Seguimiento de recomendaciones anteriores", "derecho", None, ["derecho"],
     "<ul><li><b>Reparar los servicios sanitarios del pabellón 3:</b> cumplida.</li>"
     "<li><b>Crear un registro único de sanciones disciplinarias:</b> parcialmente cumplida; "
     "el registro no recoge la notificación a la persona sancionada.</li>"
     "<li><b>Reducir la sobrepoblación del centro:</b> reiterada; la población aumentó de "
     "1,310 a 1,480 personas.</li></ul>"),
    ("hallazgos", "Hallazgos", "coordinacion", None, [], ""),
    ("h_trato", "Trato", "derecho", "hallazgos", ["derecho"],
     "<p>El equipo recibió alegaciones concordantes de malos tratos durante la requisa del 14 de "
     "octubre. La persona entrevistada E-01 relató que fue obligada a permanecer de rodillas "
     "durante más de una hora; la valoración médica del equipo constató lesiones compatibles "
     "con su relato.</p>"),
    ("h_condiciones", "Condiciones materiales", "trabajo_social", "hallazgos", ["trabajo_social"],
     "<p>En el pabellón 3 las celdas alojan entre seis y ocho personas con solo cuatro camas; "
     "las demás duermen en colchonetas en el suelo. Se midió una temperatura de 34 °C y el "
     "agua se interrumpe cada día entre las 12:00 y las 16:00.</p>"),
    ("h_salud", "Servicios médicos / atención en salud", "medicina", "hallazgos", ["medicina"],
     "<p>Un solo médico general atiende de lunes a viernes, de 8:00 a 14:00, a 1,480 personas. "
     "En el último trimestre se perdieron 63 citas externas por falta de custodia. La persona "
     "E-05, adulta mayor con discapacidad, no dispone de silla de ruedas.</p>"),
    ("h_proteccion", "Medidas de protección", "derecho", "hallazgos", ["derecho"], ""),
    ("h_vulnerables", "Grupos en situación de vulnerabilidad", "psicologia", "hallazgos",
     ["psicologia", "trabajo_social"],
     "<p>Las madres privadas de libertad no pueden recibir la visita de sus hijas e hijos "
     "menores de 12 años. Esta restricción afecta al interés superior del niño y a la salud "
     "mental de las madres.</p>"),
    ("buenas", "Buenas prácticas", "trabajo_social", None, ["trabajo_social"],
     "<p>Se destaca el programa de alfabetización del área educativa, al que asisten 120 "
     "personas, y la reparación de los servicios sanitarios recomendada en 2025.</p>"),
    ("marco", "Marco normativo aplicable", "derecho", None, ["derecho"],
     "<ul><li>Constitución Política de la República de Panamá, artículo 28.</li>"
     "<li>Ley 6 de 2017, que crea el MNPT.</li>"
     "<li>Protocolo Facultativo de la Convención contra la Tortura (OPCAT).</li>"
     "<li>Reglas mínimas de las Naciones Unidas para el tratamiento de los reclusos "
     "(Reglas Nelson Mandela) y Reglas de Bangkok.</li></ul>"),
    ("conclusiones", "Conclusiones", "coordinacion", None, ["coordinacion"],
     "<p>Las condiciones de detención observadas, en particular el hacinamiento, el calor y la "
     "falta de agua, sumadas a la insuficiente atención en salud, pueden constituir tratos "
     "crueles, inhumanos o degradantes. El Estado debe adoptar sin demora las medidas "
     "recomendadas y garantizar que ninguna persona sufra represalias por haber hablado con "
     "el MNPT.</p>"),
    ("recomendaciones", "Recomendaciones", "coordinacion", None, ["coordinacion"], ""),
    ("anexos", "Anexos", "coordinacion", None, [], ""),
]

GUIDANCE = {
    "resumen": ["¿Cuáles son los hallazgos principales?", "¿Qué recomendaciones son urgentes?"],
    "seguimiento": ["¿Qué recomendaciones de la visita anterior se cumplieron?",
                    "¿Cuáles se reiteran y por qué?"],
    "h_proteccion": ["¿Se respetan las garantías en el régimen disciplinario?",
                     "¿Existen mecanismos de queja accesibles y confidenciales?"],
}
