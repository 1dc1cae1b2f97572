"""Recommendations across places: the overview, its chart and the recommendation forms."""
