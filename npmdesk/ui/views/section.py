"""Registers the section editor as the view of entity 'section'."""

from npmdesk.ui.views import register_view


def register() -> None:
    from npmdesk.ui.editor.controller import open_section
    register_view("section", open_section)
