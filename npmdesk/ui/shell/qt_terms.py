"""Qt's own words where its Spanish catalogue (qtbase_es.qm) says them as Spain does or not at all.

qtbase_es.qm writes "fichero" and "directorio" where Latin America says "archivo" and "carpeta",
and leaves the file dialog's "&Look in:" and "Files of &type:" in English. `QtTerms` is installed
after it, so Qt asks it first: it answers the pairs below from npmdesk's catalogue (Spanish
message ids, the English catalogue gives Qt's English back) and nothing for the rest, which
sends Qt on to qtbase_es.qm.
"""

from PySide6.QtCore import QTranslator

from npmdesk.i18n import N_, _

# TRANSLATORS: Qt's %1, %2 and & (keyboard mnemonic) must stay.
TERMS = {
    ("QFileDialog", "&Look in:"): N_("&Buscar en:"),
    ("QFileDialog", "Look in:"): N_("Buscar en:"),
    ("QFileDialog", "File &name:"): N_("&Nombre del archivo:"),
    ("QFileDialog", "Files of &type:"): N_("&Tipo de archivo:"),
    ("QFileDialog", "Files of type:"): N_("Tipo de archivo:"),
    ("QFileDialog", "All Files (*)"): N_("Todos los archivos (*)"),
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"):
        N_("El archivo %1 ya existe.\n¿Desea reemplazarlo?"),
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."):
        N_("%1\nNo se encontró el archivo.\nCompruebe que el nombre del archivo es correcto."),
    ("QFileDialog", "%1\nDirectory not found.\nPlease verify the correct directory name was given."):
        N_("%1\nNo se encontró la carpeta.\nCompruebe que el nombre de la carpeta es correcto."),
    ("QFileDialog", "Show &hidden files"): N_("Mostrar los arc&hivos ocultos"),
    ("QFileDialog", "Parent Directory"): N_("Carpeta superior"),
    ("QFileDialog", "Go to the parent directory"): N_("Ir a la carpeta superior"),
    ("QFileDialog", "Directory:"): N_("Carpeta:"),
    ("QFileDialog", "Directories"): N_("Carpetas"),
    ("QFileDialog", "Find Directory"): N_("Buscar una carpeta"),
    ("QFileDialog", "File Folder"): N_("Carpeta de archivos"),
    ("QFileDialog", "Could not delete directory."): N_("No se pudo borrar la carpeta."),
    ("QFileDialog", "Change to list view mode"): N_("Cambiar a la vista de lista"),
    ("QFileDialog", "Go forward"): N_("Ir adelante"),
    ("QAbstractFileIconProvider", "Folder"): N_("Carpeta"),
    ("QAbstractFileIconProvider", "Drive"): N_("Unidad"),
    ("QAbstractFileIconProvider", "File"): N_("Archivo"),
    ("QAbstractFileIconProvider", "%1 File"): N_("Archivo %1"),
    ("QAbstractFileIconProvider", "Shortcut"): N_("Acceso directo"),
    ("QFileSystemModel", "Invalid filename"): N_("Nombre de archivo no válido"),
    ("QFileSystemModel", "Kind"): N_("Tipo"),
    ("QFileSystemModel", "My Computer"): N_("Mi equipo"),
    ("QFile", "Destination file is the same file."): N_("El archivo de destino es el mismo."),
    ("QIODevice", "No such file or directory"): N_("No existe ese archivo ni esa carpeta"),
    ("QIODevice", "Too many open files"): N_("Hay demasiados archivos abiertos"),
    ("QPlatformTheme", "Reset"): N_("Restablecer"),
    ("QColorDialog", "Select Color"): N_("Elija un color"),
}


class QtTerms(QTranslator):
    """Answers the pairs of `TERMS` in the interface language, and nothing for the rest."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        message = TERMS.get((context, source_text))
        # None reaches Qt as a null QString ("not mine": Qt asks qtbase_es.qm); "" would be taken
        # as the translation and blank every other Qt text.
        return _(message) if message else None

    def isEmpty(self) -> bool:
        return False
