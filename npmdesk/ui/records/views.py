"""The record forms (places, visits, interviews, field notes, attachments, findings,
recommendations), registered as views of the main window by `register_forms()`."""

from npmdesk.ui.common.views import register_view


def register_forms() -> None:
    """Register every record form under its entity name (storage/records.py SPECS)."""
    from npmdesk.ui.records.attachments import open_attachments
    from npmdesk.ui.records.field_note import open_field_note
    from npmdesk.ui.records.finding import open_finding
    from npmdesk.ui.records.interview import open_interview
    from npmdesk.ui.records.place import open_place
    from npmdesk.ui.tracking.recommendation_form import open_recommendation
    from npmdesk.ui.records.visit import open_visit

    for entity, factory in (("place", open_place), ("visit", open_visit),
                            ("interview", open_interview), ("field_note", open_field_note),
                            ("attachment", open_attachments), ("finding", open_finding),
                            ("recommendation", open_recommendation)):
        register_view(entity, factory)
