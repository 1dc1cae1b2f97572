"""Errors a user can meet, each with a translated sentence that says what to do next.

Technical detail goes to `detail` for the log; it never contains case content.
"""

from npmdesk.i18n import N_, _


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
    template = N_("La frase de contraseña debe tener al menos {minimum} caracteres.")


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


class ActionNotAllowed(NpmdeskError):
    template = N_("No puede {action}: {reason}")


class UnknownSigner(NpmdeskError):
    template = N_("La nómina del equipo no tiene una clave de firma para «{name}». Genere sus claves y firme de nuevo la nómina.")


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
