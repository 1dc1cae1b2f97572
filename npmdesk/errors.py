"""Errors a user can meet, each with a translated sentence that says what to do next.

Technical detail goes to `detail` for the log; it never contains case content.
"""

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
