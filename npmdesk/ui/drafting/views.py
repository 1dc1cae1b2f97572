"""Registers the report page (its details and its sections) as the view of entity 'report', and
the section editor as the view of entity 'section'."""

from npmdesk.ui.common.views import register_view


def register() -> None:
    from npmdesk.ui.drafting.editor_controller import open_section
    from npmdesk.ui.drafting.report_view import open_report
    register_view("report", open_report)
    register_view("section", open_section)
