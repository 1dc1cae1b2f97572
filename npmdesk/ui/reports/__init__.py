"""Report drafting windows: the new-report dialog and the recommendations overview."""
