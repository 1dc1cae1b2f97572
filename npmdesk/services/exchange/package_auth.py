"""Authenticating a package before anything in it is decrypted: size, format, case, sender, signature.

The order is the point (docs/formato-paquete.md, «Importación»): the file's size is checked
before it is read, the header's size before it is parsed, and the sender's signature with
the key the local signed roster gives, before any decryption. The sender's name shown to a
person is the roster's, never one the package brings. Every refusal is PackageRefused with
a Spanish reason; this is also where crypto/package.py's typed errors are put into words.
"""

import os
from dataclasses import dataclass

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto import package as sealing
from npmdesk.domain.roster import Roster
from npmdesk.domain.workflow import REVIEWERS
from npmdesk.errors import PackageRefused
from npmdesk.i18n import _
from npmdesk.services.exchange.kinds import KINDS, REPORT_KINDS
from npmdesk.services.team import roster as rosters
from npmdesk.services.team import trust
from npmdesk.services.session import Session

# Kinds merged into this case file, and so bound to it; a whole case file becomes a new one.
BOUND_KINDS = REPORT_KINDS + ("nomina",)
# The case id the laptops of one team share: the one of the case file whose roster they took in.
TEAM_CASE_KEY = "team_case_id"


def refused(reason: str, detail: str = "") -> PackageRefused:
    return PackageRefused(detail or "package refused", reason=reason)


def reason_of(exc: sealing.PackageFormatError) -> str:
    """The Spanish reason for one of crypto/package.py's typed errors."""
    if isinstance(exc, sealing.OlderVersion):
        return _("fue creado con una versión anterior de npmdesk (formato {version}) que ya no se acepta "
                 "por seguridad; pida a quien lo envió que lo envíe de nuevo con la versión actual"
                 ).format(version=exc.version)
    if isinstance(exc, sealing.NewerVersion):
        return _("fue creado con una versión más reciente de npmdesk (formato {version}); actualice el "
                 "programa").format(version=exc.version)
    if isinstance(exc, sealing.InvalidVersion):
        return _("declara una versión de formato que no existe ({version}); el archivo está dañado o "
                 "fue fabricado").format(version=exc.version)
    reasons = {sealing.NotAPackage: _("no es un paquete de npmdesk"),
               sealing.Incomplete: _("el archivo está incompleto"),
               sealing.Trailing: _("el archivo está incompleto o tiene datos de más"),
               sealing.TooLarge: _("el archivo es demasiado grande"),
               sealing.Damaged: _("la cabecera está dañada"),
               sealing.NotAddressed: _("está dirigido a otra persona"),
               sealing.CannotOpen: _("no se puede descifrar; puede estar alterado o no ser para esta clave"),
               sealing.KeyNotCommitted: _("la clave de contenido no es la que firmó quien lo envía: el "
                                          "paquete no daría el mismo texto a todas las personas destinatarias"),
               sealing.ContentDamaged: _("el contenido está dañado")}
    return reasons[type(exc)]


def refusal(exc: sealing.PackageFormatError) -> PackageRefused:
    return refused(reason_of(exc), type(exc).__name__)


def parse(data: bytes) -> sealing.Sealed:
    try:
        return sealing.parse(data)
    except sealing.PackageFormatError as exc:
        raise refusal(exc) from exc


def read(path) -> sealing.Sealed:
    """The package at `path`, split and its header read; its size is checked before reading it."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > sealing.MAX_PACKAGE:
                raise refusal(sealing.TooLarge())
            data = fh.read()
    except OSError:
        raise refused(_("no se puede leer el archivo"))
    return parse(data)


def read_header(path) -> dict | None:
    """crypto/package.read_header with its refusals worded; None while the file is still arriving."""
    try:
        header = sealing.read_header(path)
    except sealing.PackageFormatError as exc:
        raise refusal(exc) from exc
    if header is not None and header["kind"] not in KINDS:
        raise refused(_("la cabecera está dañada"))
    return header


def header_of(sealed: sealing.Sealed) -> dict:
    h = sealed.header
    if h["kind"] not in KINDS:
        raise refused(_("la cabecera está dañada"))
    return h


def addressed_to(header: dict, member_id: str) -> bool:
    return any(r["member_id"] == member_id for r in header["recipients"])


def team_case_id(session: Session) -> str:
    return session.case.meta(TEAM_CASE_KEY) or session.case.meta("case_id")


def sender_name(authority: Roster | None, header: dict) -> str:
    """Who sent it, as the roster names them; the member id when the roster does not know them."""
    entry = authority.members.get(header["sender_id"]) if authority else None
    return entry["name"] if entry else header["sender_id"]


@dataclass
class Authenticated:
    header: dict
    sender: dict | None     # the roster entry that signed it; None for a first roster, checked after opening
    first_keys: dict | None = None  # a first roster's signer, already checked against the typed root code


def check_case(session: Session, h: dict) -> None:
    if h["kind"] in BOUND_KINDS and h["case_id"] != team_case_id(session):
        raise refused(_("es de otro expediente; no se mezcla con este (quien lo envía trabaja en un "
                        "expediente distinto)"))


def check_sender(sealed: sealing.Sealed, entry: dict | None) -> dict:
    """`entry` (the roster's word on the sender) if it matches the header and signed the whole file."""
    h = sealed.header
    if entry is None or entry["fingerprint"] != h["sender_fingerprint"]:
        raise refused(_("quien lo envía no figura en la nómina firmada de este expediente"))
    if not sealing.verify(sealed, entry["sign_public"]):
        raise refused(_("la firma no es válida; el paquete fue alterado"))
    if h["kind"] == "nomina" and entry["role"] != "director":
        raise refused(_("solo una directora o un director puede enviar la nómina"))
    if h["kind"] in ("asignacion", "revision") and entry["role"] not in REVIEWERS:
        raise refused(_("quien lo envía no tiene el rol de revisión en la nómina"))
    return entry


def first_roster_sender(sealed: sealing.Sealed, director_code: str | None) -> dict:
    """The keys that signed a roster package reaching a case file with no roster yet, once they
    are the root whose code a person typed and their signature covers the whole file.

    There is no local roster to check it with, so it must come from the root itself: the header
    names the signer's two public keys, their code must be the typed one, their fingerprint the
    header's, and the signature must verify with them, all before anything is decrypted.
    """
    keys = sealed.header.get(sealing.SENDER_KEYS)
    if keys is None:
        raise refused(_("es una primera nómina creada con una versión anterior de npmdesk, que no se puede "
                        "comprobar antes de descifrarla; pida a la dirección que la envíe de nuevo con la versión "
                        "actual, o importe el archivo de la nómina (Equipo y nómina → Importar nómina…)"))
    sign, box = bytes.fromhex(keys["sign_public"]), bytes.fromhex(keys["box_public"])
    code = crypto_keys.safety_code(sign, box)
    if not director_code or not crypto_keys.code_digits(director_code):
        raise trust.FirstRosterUnconfirmed(code=code)
    if crypto_keys.code_digits(director_code) != crypto_keys.code_digits(code):
        raise trust.SignerNotRoot(code=code)
    if crypto_keys.fingerprint(sign, box) != sealed.header["sender_fingerprint"] \
            or not sealing.verify(sealed, keys["sign_public"]):
        raise refused(_("la firma no es válida; el paquete fue alterado"))
    return {"sign_public": keys["sign_public"], "box_public": keys["box_public"],
            "fingerprint": sealed.header["sender_fingerprint"]}


def authenticate(session: Session, sealed: sealing.Sealed, director_code: str | None = None) -> Authenticated:
    """Addressee, case and sender checked, and the signature with the local roster's key; no decryption.

    A roster package reaching a case file that has no roster yet is checked against the root
    whose code a person typed (`director_code`, first_roster_sender); the roster it carries is
    checked against the same code once opened (package_open.incoming_roster).
    """
    h = header_of(sealed)
    if not addressed_to(h, session.actor.id):
        raise refused(_("está dirigido a otra persona"))
    current = rosters.current(session)
    if h["kind"] == "nomina" and current is None:
        return Authenticated(h, None, first_roster_sender(sealed, director_code))
    entry = check_sender(sealed, current.members.get(h["sender_id"]) if current else None)
    check_case(session, h)
    return Authenticated(h, entry)
