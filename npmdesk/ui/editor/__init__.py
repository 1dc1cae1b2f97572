"""The section editor: rich text, spelling, confidentiality marks, revisions and the guidance checklist."""
