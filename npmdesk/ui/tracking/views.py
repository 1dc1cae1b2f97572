"""Registers the recommendations overview (all places) as the view 'recommendations_overview'."""

from npmdesk.ui.common.views import register_view

ENTITY = "recommendations_overview"


def register() -> None:
    from npmdesk.ui.tracking.overview import open_recommendations
    register_view(ENTITY, open_recommendations)
