"""The application shell: start, unlock, main window, navigator, menus, lock, settings, help."""
