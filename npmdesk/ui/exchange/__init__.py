"""Packages in the GUI: the watched exchange folder and the import dialog."""
