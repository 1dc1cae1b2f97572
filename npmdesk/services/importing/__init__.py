"""Word in: a .docx checked before parsing, read into the stored subset and written as a report."""
