"""The institution as its documents name it: the institution, its mechanism, the city it signs
from and how the signer's role is written («Directora Nacional del Mecanismo Nacional de
Prevención de la Tortura»).

Each is a setting of the case file (a meta row: no schema change), travels with the file and
its JSON dump, and is recorded in the bitácora when changed. Until the director or an
administrator writes them (in the set-up assistant or in Herramientas → Datos de la
institución…), the Panamanian MNPT's own names are used, and a neutral «Director/a del …». The
cover, the closing block, the letters and the annual report all read them here.
"""

from dataclasses import dataclass

from npmdesk.crypto.hashing import digest
from npmdesk.domain.text import clean
from npmdesk.errors import NpmdeskError
from npmdesk.i18n import N_, es_
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, schema

MAX_LENGTH = 200
EDITORS = ("director", "administrador")
# The meta keys and the text used until the institution writes its own.
DEFAULTS = {
    "institution_name": N_("Defensoría del Pueblo de la República de Panamá"),
    "mechanism_name": N_("Mecanismo Nacional de Prevención de la Tortura"),
    # TRANSLATORS: the city where the MNPT sits, printed before the date of a report or a letter.
    "institution_seat": N_("Panamá"),
    # TRANSLATORS: the signer's role under the signature line, until the institution writes its own.
    "signer_role": N_("Director/a del Mecanismo Nacional de Prevención de la Tortura"),
}
META_KEYS = tuple(DEFAULTS)


@dataclass(frozen=True)
class Institution:
    institution_name: str
    mechanism_name: str
    institution_seat: str
    signer_role: str

    @property
    def heading(self) -> str:
        """The line at the top of a cover: «Defensoría … — Mecanismo …»."""
        return es_("{institution} — {mechanism}").format(institution=self.institution_name,
                                                          mechanism=self.mechanism_name)


class NotAllowed(NpmdeskError):
    template = N_("Solo la dirección o la administración del expediente pueden cambiar los datos de la "
                  "institución.")


class TooLong(NpmdeskError):
    template = N_("«{field}» no puede pasar de {count} caracteres.")


FIELD_NAMES = {"institution_name": N_("Institución"), "mechanism_name": N_("Mecanismo"),
               "institution_seat": N_("Ciudad sede"), "signer_role": N_("Cargo de quien firma")}


def institution(session: Session) -> Institution:
    """The institution's names as its documents print them, in Spanish."""
    return Institution(**{key: session.case.meta(key) or es_(DEFAULTS[key]) for key in META_KEYS})


def check(**texts: str) -> dict[str, str]:
    """The texts as they will be stored (spaces tidied, control characters out; '' = the default),
    or TooLong naming the first field that is."""
    found = {}
    for key, text in texts.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        value = " ".join(clean(text or "").split())
        if len(value) > MAX_LENGTH:
            raise TooLong(field=es_(FIELD_NAMES[key]), count=MAX_LENGTH)
        found[key] = value
    return found


def set_institution(session: Session, **texts: str) -> Institution:
    """Record the given fields (an empty text goes back to the default) and return what the
    documents will print. Only a director or an administrator may; the change is one bitácora
    entry naming what was set."""
    if session.actor.role not in EDITORS:
        raise NotAllowed()
    values = check(**texts)
    with session.case.transaction() as conn:
        for key, value in values.items():
            schema.set_meta(conn, key, value)
        audit_log.append(conn, session.actor.id, session.actor.name, "datos_institucion", "case",
                         session.case.meta("case_id"), digest(values))
    return institution(session)
