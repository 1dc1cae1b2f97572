"""Recommendations across visits and their follow-up."""
