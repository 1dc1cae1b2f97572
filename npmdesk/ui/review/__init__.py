"""The review screen, its item models and the Revisión menu."""
