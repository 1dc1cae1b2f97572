"""The kinds of package, named once for the builder, the importer, the CLI and the GUI."""

from npmdesk.i18n import N_

KINDS = {"asignacion": N_("asignación"), "entrega": N_("entrega de secciones"),
         "revision": N_("revisión"), "nomina": N_("actualización de la nómina"),
         "expediente": N_("expediente completo")}
REPORT_KINDS = ("asignacion", "entrega", "revision")
