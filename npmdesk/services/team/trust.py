"""The institutional root of trust, pinned where a package or a bundle cannot write it.

The root is the director whose key signed roster version 1 (or the director a later,
doubly signed version made root: domain/roster.py). People compare it as a code of twelve
groups of five digits (crypto.keys.safety_code). It is pinned in two places:

- in the case file (meta `root_code`), on the director's laptop when she signs the first
  roster, and on every other laptop when a person types the code the director reads out
  for its first roster; every roster this case file takes in later must keep that root;
- on the machine (`raiz-institucional.json` in the user's settings folder), for checks that
  have no case file: `npmdesk verify` of an archive bundle and the restore of an escrow.

When the root's private key is lost (a stolen laptop, a director who left without passing
the root on), a person at each computer confirms its replacement by typing the new root's
code (services/team/repin.py): the case file's pin becomes the new code and the replacement
joins a pin history (meta `root_repins`, and `repins` in the machine's file, which keeps the
old code too), so that what was signed under the old root before the replacement still
verifies, and a roster signed with the lost key at or after that version does not.

A code is never taken from the file being checked: the file only says which code it claims.
"""

import json

from npmdesk import paths
from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import digest
from npmdesk.domain.roster import Repin, RepinUnconfirmed, Roster, check_trust, vouched
from npmdesk.errors import NpmdeskError
from npmdesk.export.safe_file import write_atomic
from npmdesk.i18n import N_
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, schema

META_KEY = "root_code"
REPINS_KEY = "root_repins"  # the pin history: replacements of a lost root (domain/roster.Repin)
MACHINE_FILE = "raiz-institucional.json"


class RootUnconfirmed(NpmdeskError):
    """The first roster of a case file (or an escrow) needs the code a person confirmed."""
    template = N_("Falta confirmar la raíz institucional: escriba el código de la dirección, que la "
                  "dirección le dicta en persona o por teléfono o que figura en la hoja de recuperación "
                  "(doce grupos de cinco cifras). Nunca lo copie del paquete. La nómina recibida dice "
                  "venir de {name}, código {code}. No se ha modificado nada.")


class WrongRoot(NpmdeskError):
    template = N_("El código escrito no es el de la raíz de esta nómina (que dice venir de {name}, código "
                  "{code}). Compruebe el código con la dirección: si no coincide, el paquete no es de su "
                  "institución. No se ha modificado nada.")


class FirstRosterUnconfirmed(RootUnconfirmed):
    """A first roster package, before anything in it is decrypted: only its signer's code is known."""
    template = N_("Falta confirmar la raíz institucional: escriba el código de la dirección, que la "
                  "dirección le dicta en persona o por teléfono o que figura en la hoja de recuperación "
                  "(doce grupos de cinco cifras). Nunca lo copie del paquete. El paquete está firmado por la "
                  "clave de código {code}. No se ha modificado nada.")


class SignerNotRoot(WrongRoot):
    """The typed code is not the one of the key that signed a first roster package."""
    template = N_("El código escrito no es el de quien firma este paquete (código {code}). La primera nómina "
                  "de esta computadora debe enviarla la raíz institucional, la persona cuyo código usted "
                  "escribe. Compruebe el código con la dirección: si lo escribió bien, el paquete no es de su "
                  "institución. No se ha descifrado ni modificado nada.")


def formatted(code: str) -> str:
    """Any typing of a code as printed: twelve groups of five digits ('' when not 60 digits)."""
    digits = crypto_keys.code_digits(code)
    if len(digits) != crypto_keys.CODE_DIGITS:
        return ""
    return " ".join(digits[i:i + 5] for i in range(0, len(digits), 5))


def pinned(session: Session) -> str:
    """The root code pinned in this case file, or ''."""
    return session.case.meta(META_KEY) or ""


def pin(session: Session, code: str, conn=None, machine: bool = True) -> None:
    """Pin `code` in the case file (inside the caller's transaction when `conn` is given) and,
    with `machine`, on this computer; the bitácora records who confirmed which root."""
    code = formatted(code)

    def write(c):
        schema.set_meta(c, META_KEY, code)
        audit_log.append(c, session.actor.id, session.actor.name, "fijar_raiz", "case",
                         session.case.meta("case_id"), digest({"root_code": code}))
    if conn is not None:
        write(conn)
    else:
        with session.case.transaction() as c:
            write(c)
    if machine:
        remember(code)


def confirm_first(verified: list[Roster], code: str | None) -> str:
    """The code (as printed) when it vouches for `verified`; RootUnconfirmed when none was
    typed, WrongRoot when the typed one is another root's."""
    newest = verified[-1]
    if not code or not crypto_keys.code_digits(code):
        raise RootUnconfirmed(name=newest.root_name, code=newest.root_code)
    if not vouched(verified, code):
        raise WrongRoot(name=newest.root_name, code=newest.root_code)
    return formatted(code)


def _repins_of(rows) -> list[Repin]:
    """The Repin records of a stored list (malformed rows are left out: they confirm nothing)."""
    found = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("version"), int) and not isinstance(row["version"], bool) \
                and formatted(str(row.get("code", ""))) and formatted(str(row.get("replaces", ""))):
            found.append(Repin(row["version"], formatted(row["code"]), formatted(row["replaces"])))
    return found


def _rows_of(repins: list[Repin]) -> list[dict]:
    return [{"version": r.version, "code": r.code, "replaces": r.replaces} for r in repins]


def _machine() -> dict:
    try:
        data = json.loads((paths.user_config_dir() / MACHINE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_extension(session: Session, verified: list[Roster], since: int) -> None:
    """A chain about to extend this case file's (its first `since` versions are the ones here)
    keeps the root pinned here; a replacement of a lost root in it counts only once a person
    confirmed it (RepinUnconfirmed), also in an older case file with a roster but no pin,
    where nothing else vouches for a version its new root signed herself."""
    code = pinned(session)
    if code:
        check_trust(verified, code)
        return
    pending = next((r for r in verified[since:] if r.repinned), None)
    if pending is not None:
        raise RepinUnconfirmed(pending.version, verified[pending.version - 2], pending)


def machine_codes() -> list[str]:
    """The roots pinned on this machine (usually one: the institution's; after a replacement of
    a lost root, the old one too, for what was signed under it before)."""
    codes = _machine().get("codes")
    return [formatted(c) for c in codes if isinstance(c, str) and formatted(c)] if isinstance(codes, list) else []


def machine_repins() -> list[Repin]:
    """The replacements of a lost root confirmed on this machine (its pin history)."""
    return _repins_of(_machine().get("repins"))


def _write_machine(codes: list[str], repins: list[Repin]) -> None:
    try:
        paths.user_config_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(paths.user_config_dir() / MACHINE_FILE,
                     json.dumps({"codes": codes, "repins": _rows_of(repins)}, indent=2).encode("utf-8"))
    except OSError:
        pass  # the case file's own pin still holds; verify then asks for --director


def remember(code: str, repin: Repin | None = None) -> None:
    """Add `code` (and a confirmed replacement of a lost root) to this machine's pinned roots;
    kept as they were if the folder cannot be written."""
    code = formatted(code)
    known, repins = machine_codes(), machine_repins()
    if not code or (code in known and (repin is None or repin in repins)):
        return
    _write_machine(known + [code] if code not in known else known, repins + ([repin] if repin else []))


def repins(session: Session) -> list[Repin]:
    """The replacements of a lost root confirmed in this case file, oldest first."""
    try:
        return _repins_of(json.loads(session.case.meta(REPINS_KEY) or "[]"))
    except ValueError:
        return []


def record_repin(session: Session, conn, repin: Repin) -> None:
    """Inside the caller's transaction: the case file's root becomes the confirmed new one, the
    replacement joins its pin history (the old code stays there, for what was signed before)
    and the bitácora records who confirmed it; then this computer remembers both."""
    schema.set_meta(conn, REPINS_KEY, json.dumps(_rows_of(repins(session) + [repin])))
    schema.set_meta(conn, META_KEY, repin.code)
    audit_log.append(conn, session.actor.id, session.actor.name, "sustituir_raiz", "roster", str(repin.version),
                     digest({"root_code": repin.code, "replaces": repin.replaces, "version": repin.version}))


def remember_repin(repin: Repin) -> None:
    """On this computer, after the case file's transaction: the old root stays trusted for what
    was signed under it before `repin.version`, the new one from there on."""
    remember(repin.replaces)
    remember(repin.code, repin)


def trusted(director: str | None) -> list[str]:
    """The codes a check with no case file trusts: the one given, else this machine's."""
    return [director] if director else machine_codes()
