"""Every view that ships is registered: each capability's `views` module names its own."""

from npmdesk.ui.common import views


def test_every_kind_of_record_and_page_has_its_view(qtbot):
    assert views.load_all() == ["attachment", "field_note", "finding", "interview", "letter", "letters_view", "place",
                                "recommendation", "recommendations_overview", "report", "section", "statistics_view",
                                "visit"]
    from npmdesk.ui.drafting.editor_controller import open_section
    from npmdesk.ui.drafting.report_view import open_report
    from npmdesk.ui.tracking.overview import open_recommendations
    assert views.view_for("section") is open_section
    assert views.view_for("report") is open_report
    assert views.view_for("recommendations_overview") is open_recommendations
    assert views.view_for("bitácora") is None
