"""A required section cannot be sent for review empty (issue 15): what an approved export would
leave out must not pass review unnoticed. Whitespace, empty paragraphs and an empty table are
empty; a findings area with its findings recorded, or a section the export fills, is not."""

import pytest

from npmdesk.domain import completeness, model
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import identity
from test_review import LUIS_PASS, dump, report, team  # noqa: F401  (fixtures)


@pytest.mark.parametrize("body", ["", "   ", "<p> </p><p>&nbsp;</p>", "<table><tr><td> </td></tr></table>"])
def test_an_empty_required_section_is_not_sent(session, team, report, body):  # noqa: F811
    rep, _secs = report
    empty = records.save(session, model.Section(rep.id, "Buenas prácticas", position=3, key="buenas_practicas",
                                                author_ids=[team["luis"].id], body=body))
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    before = dump(session)
    with pytest.raises(ActionNotAllowed) as refused:
        review.submit_section(session, empty.id, as_member=team["luis"].id)
    assert "obligatoria y está vacía" in refused.value.message()
    assert dump(session) == before  # nothing signed, nothing changed


def test_what_is_not_empty_or_not_required_is_sent(session, team, report):  # noqa: F811
    rep, secs = report
    identity.unlock_identity(session, team["luis"].id, LUIS_PASS)
    optional = records.save(session, model.Section(rep.id, "Buenas prácticas", position=3, key="buenas_practicas",
                                                   author_ids=[team["luis"].id], required=False))
    area = records.save(session, model.Section(rep.id, "Trato", position=4, key="trato",
                                               author_ids=[team["luis"].id]))  # its finding is recorded
    filled = records.save(session, model.Section(rep.id, "Recomendaciones", position=5, key="recomendaciones",
                                                 author_ids=[team["luis"].id]))
    for section in (secs[0], optional, area, filled):
        assert review.submit_section(session, section.id, as_member=team["luis"].id).state == "enviada"
    assert completeness.blank("<p>\u00a0</p>") and not completeness.blank("<p>x</p>")
