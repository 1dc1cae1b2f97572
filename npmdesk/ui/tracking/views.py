"""Registers the recommendations overview (all places) as the view 'recommendations_overview'
and the statistics of a period as 'statistics_view'."""

from npmdesk.ui.common.views import register_view

ENTITY = "recommendations_overview"
STATISTICS = "statistics_view"


def register() -> None:
    from npmdesk.ui.tracking.overview import open_recommendations
    from npmdesk.ui.tracking.statistics_view import open_statistics
    register_view(ENTITY, open_recommendations)
    register_view(STATISTICS, open_statistics)
