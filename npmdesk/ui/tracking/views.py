"""Registers the recommendations overview (all places) as the view 'recommendations_overview',
the statistics of a period as 'statistics_view' and the letters to the authorities with their
pending responses as 'letters_view' (also the view of one letter, 'letter': a search hit opens
the list on it)."""

from npmdesk.ui.common.views import register_view

ENTITY = "recommendations_overview"
STATISTICS = "statistics_view"
LETTERS = "letters_view"
SCREENS = (ENTITY, STATISTICS, LETTERS)
"""The View menu's screens the main window brings back after a lock."""


def register() -> None:
    from npmdesk.ui.tracking.letters_view import open_letters
    from npmdesk.ui.tracking.overview import open_recommendations
    from npmdesk.ui.tracking.statistics_view import open_statistics
    register_view(ENTITY, open_recommendations)
    register_view(STATISTICS, open_statistics)
    register_view(LETTERS, open_letters)
    register_view("letter", open_letters)
