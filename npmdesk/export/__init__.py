"""Word export and the archive bundle. No Qt."""
