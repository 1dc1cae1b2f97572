"""Registers the report page (its details and its sections) as the view of entity 'report'."""

from npmdesk.ui.views import register_view


def register() -> None:
    from npmdesk.ui.reports.report_view import open_report
    register_view("report", open_report)
