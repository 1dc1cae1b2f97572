"""Errors a user can meet, each with a translated sentence that says what to do next.

Technical detail goes to `detail` for the log; it never contains case content.
"""

import errno
import shutil
from contextlib import contextmanager

from npmdesk.i18n import _, N_


class NpmdeskError(Exception):
    """Base of every error shown to a user."""

    template = N_("Se produjo un error.")

    def __init__(self, detail: str = "", **fields):
        super().__init__(detail or self.template)
        self.detail = detail
        self.fields = fields

    def message(self) -> str:
        return _(self.template).format(**self.fields)


class WrongPassphrase(NpmdeskError):
    template = N_("La frase de contraseña no es correcta. Revise mayúsculas, acentos y la distribución del teclado e inténtelo de nuevo.")


class DamagedCaseFile(NpmdeskError):
    template = N_("El expediente está dañado y no se puede abrir con seguridad. Restaure la copia de seguridad más reciente.")


class NotACaseFile(NpmdeskError):
    template = N_("«{name}» no es un expediente de npmdesk.")


class CaseFileMissing(NpmdeskError):
    template = N_("No se encuentra el expediente «{name}».")


class CaseFileExists(NpmdeskError):
    template = N_("Ya existe un archivo en «{name}». Elija otro nombre.")


class CaseFileTooNew(NpmdeskError):
    template = N_("Este expediente fue creado con una versión más reciente de npmdesk. Actualice el programa para abrirlo.")


class WeakPassphrase(NpmdeskError):
    """Fields: reason (a code of crypto/strength.py), minimum, suggestion (a generated passphrase)."""

    template = N_("Esa frase de contraseña no sirve: {reason}. Cuatro o cinco palabras sin relación "
                  "entre sí se recuerdan bien y son difíciles de adivinar; por ejemplo: {suggestion}")
    REASONS = {
        "short": N_("tiene menos de {minimum} caracteres"),
        "repeat": N_("repite letras, números o palabras (como «aaaa» o «abcabc»)"),
        "sequence": N_("es una secuencia (como «1234» o «abcd»)"),
        "keyboard": N_("sigue las teclas del teclado (como «qwerty»)"),
        "date": N_("se apoya en una fecha o un año, fáciles de adivinar"),
        "personal": N_("usa nombres del equipo, del expediente o de la institución"),
        "common": N_("está hecha de palabras o contraseñas muy comunes"),
        "guessable": N_("es demasiado fácil de adivinar"),
    }

    def reason_text(self) -> str:
        code = self.fields.get("reason", "short")
        return _(self.REASONS.get(code, self.REASONS["guessable"])).format(
            minimum=self.fields.get("minimum", ""))

    def message(self) -> str:
        return _(self.template).format(reason=self.reason_text(),
                                       suggestion=self.fields.get("suggestion", ""))


class NotFound(NpmdeskError):
    template = N_("No se encontró el registro solicitado; puede que otra persona lo haya eliminado.")


class InvalidRecord(NpmdeskError):
    template = N_("No se puede guardar: {reason}")


class InUse(NpmdeskError):
    template = N_("No se puede eliminar «{name}» porque otros registros dependen de él.")


class MalformedImport(NpmdeskError):
    template = N_("El archivo de importación no es válido ({reason}). No se ha modificado nada.")


class BackupFailed(NpmdeskError):
    template = N_("No se pudo crear la copia de seguridad: {reason}")


class NoBackup(NpmdeskError):
    template = N_("No hay ninguna copia de seguridad de este expediente.")


class WrongPersonalPassphrase(NpmdeskError):
    template = N_("La frase de contraseña personal no es correcta. Cada integrante protege su clave de firma con su propia frase.")


class CannotWorkAs(NpmdeskError):
    template = N_("Solo se puede trabajar como quien figura en la nómina firmada y guarda su clave personal en este expediente.")


class ActionNotAllowed(NpmdeskError):
    template = N_("No puede {action}: {reason}")


class InvalidRoster(NpmdeskError):
    template = N_("La nómina del equipo no es válida ({reason}). No se ha modificado nada.")


class IdentityLocked(NpmdeskError):
    template = N_("Para firmar, «{name}» debe desbloquear su clave con su frase de contraseña personal.")


class NoKeys(NpmdeskError):
    template = N_("«{name}» todavía no tiene claves de firma. Genérelas antes de firmar.")


class MalformedCard(NpmdeskError):
    template = N_("La tarjeta pública no es válida ({reason}). No se ha modificado nada.")


class PackageRefused(NpmdeskError):
    template = N_("No se puede importar el paquete: {reason}. No se ha modificado nada.")


class UnknownMember(NpmdeskError):
    template = N_("No hay en el equipo ninguna persona «{member}». Indique su nombre completo o al menos los {minimum} primeros caracteres de su identificador.")


class AmbiguousMember(NpmdeskError):
    template = N_("«{member}» puede ser más de una persona del equipo: {candidates}. Indique el identificador (o más caracteres de él).")


class DiskFull(NpmdeskError):
    template = N_("No queda espacio en el disco. Libere espacio (vacíe la papelera o mueva fotos y archivos grandes a otra unidad) e inténtelo de nuevo; lo que ya estaba guardado no se ha perdido.")


class ReadOnlyCaseFile(NpmdeskError):
    template = N_("El expediente está en una unidad de solo lectura o en una carpeta sin permiso de escritura, y no se pueden guardar cambios en él. Para trabajar en él, cópielo a una carpeta en la que pueda escribir.")


class ReadOnlyFolder(NpmdeskError):
    template = N_("No se puede escribir en «{name}»: la unidad es de solo lectura o la carpeta no tiene permiso de escritura. Elija otra carpeta.")


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_fault(exc: BaseException, name: str | None = None,
                  folder=None) -> NpmdeskError | None:
    """The error that names a full disk or a read-only place behind `exc`, or None.

    The one place that recognises them: an OSError's errno, or SQLite's result code (SQLITE_FULL,
    SQLITE_READONLY…), on `exc` or anything in its chain of causes. `name` is the folder or
    file that could not be written; None means the case file itself (then only SQLite's
    read-only codes count: a permission refused elsewhere is not the case file's). With `folder` (where
    SQLite was opening a file), a bare SQLITE_IOERR counts as a full disk when that folder's
    disk has no room left: SQLite reports a WAL index it cannot create that way.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "sqlite_errorname", None) or ""
        number = exc.errno if isinstance(exc, OSError) else None
        if code == "SQLITE_FULL" or number in _FULL_ERRNOS:
            return DiskFull(f"{type(exc).__name__} {code or number}")
        # The case file is written only through SQLite; a refused OSError names a place only
        # when the caller says which (a file being read elsewhere may be refused too).
        if code.startswith("SQLITE_READONLY") or (number in _READ_ONLY_ERRNOS and name is not None):
            detail = f"{type(exc).__name__} {code or number}"
            return ReadOnlyCaseFile(detail) if name is None else ReadOnlyFolder(detail, name=name)
        if code == "SQLITE_IOERR" and folder is not None and _no_room(folder):
            return DiskFull(f"{type(exc).__name__} {code} with no room left")
        exc = exc.__cause__ or exc.__context__
    return None


def _no_room(folder) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


@contextmanager
def naming_storage_faults(name: str | None = None):
    """Re-raise an error caused by a full disk or a read-only place as the NpmdeskError naming it
    (see `storage_fault`); any other error passes unchanged."""
    try:
        yield
    except NpmdeskError:
        raise
    except Exception as exc:
        fault = storage_fault(exc, name)
        if fault is None:
            raise
        raise fault from exc


class CaseFileInUse(NpmdeskError):
    template = N_("El expediente «{name}» ya está abierto en otra ventana o programa, que es el único que puede modificarlo. Ciérrelo allí, o ábralo aquí solo para consulta.")


class ReadOnlySession(NpmdeskError):
    template = N_("Este expediente está abierto solo para consulta, porque otra ventana o programa lo tiene abierto para modificarlo: no se guardó el cambio. Ciérrelo allí y vuelva a abrirlo aquí para modificarlo.")


class CaseFileReplaced(NpmdeskError):
    template = N_("El archivo del expediente fue reemplazado por otro programa (p. ej. una carpeta sincronizada) mientras estaba abierto. No se escribió nada más en él y el trabajo de esta sesión se conserva: guárdelo como copia junto al archivo y vuelva a abrir el expediente.")


class CaseFileChangedOutside(NpmdeskError):
    template = N_("Otro programa (p. ej. una carpeta sincronizada) modificó el archivo del expediente mientras estaba abierto. No se escribió nada más en él, para no mezclar las dos versiones; la versión del otro programa se conservó en «{kept}». Guarde una copia de esta sesión, cierre el expediente y compare las dos.")


class SessionCopyFailed(NpmdeskError):
    template = N_("No se pudo guardar una copia coherente de esta sesión: otro programa sobrescribió el archivo en su sitio y las dos versiones se mezclan. El archivo actual no se ha modificado.")


class CaseFileHasReaders(NpmdeskError):
    template = N_("No se cambió la frase de contraseña: el expediente está abierto para consulta en otra ventana o programa. Ciérrelo allí e inténtelo de nuevo.")
