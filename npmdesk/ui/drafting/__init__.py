"""Drafting: the new-report dialog, the report page and the section editor."""
