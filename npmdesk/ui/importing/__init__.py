"""Word in, in the GUI: Archivo → Importar documento de Word…, and the mapping preview."""
