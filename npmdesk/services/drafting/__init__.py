"""Writing reports: templates, a report's sections, the section editor's revisions and finding references."""
