"""services.team: the one place that adds, changes and finds team members (the team screen and
`npmdesk team-add` / `team-set` both use it), on a real encrypted case file."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed, AmbiguousMember, InvalidRecord, UnknownMember
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services.team import members as team
from npmdesk.storage import audit_log
from fast_kdf import FAST_KDF

CARMEN_1 = "abcdef12-0000-4000-8000-000000000001"
CARMEN_2 = "abcdef12-0000-4000-8000-000000000002"


def entries(session) -> list[model.AuditEntry]:
    with session.case.lock:
        return audit_log.entries(session.case.conn)


def head(session):
    with session.case.lock:
        return audit_log.head(session.case.conn)


def test_add_and_change_record_each_change_in_the_bitacora(session):
    marta = team.add_member(session, "  Marta \t Psicóloga\n", "psicologia", "revisor")
    assert records.get(session, model.TeamMember, marta.id).name == "Marta Psicóloga"
    last = entries(session)[-1]
    assert (last.action, last.entity, last.entity_id, last.actor_name) == (
        "crear", "team_member", marta.id, "Ana Directora")

    done = team.change_member(session, marta.id, role="director", name=None, active=False)
    assert [f for f, _b, _a in done.fields] == ["role", "active"]
    stored = records.get(session, model.TeamMember, marta.id)
    assert (stored.role, stored.active, stored.discipline) == ("director", False, "psicologia")
    assert (entries(session)[-1].action, entries(session)[-1].entity_id) == ("modificar", marta.id)

    # The same values again: nothing written, no bitácora entry.
    before = head(session)
    assert team.change_member(session, marta.id, role="director", name=" Marta  Psicóloga ").fields == []
    assert head(session) == before


def test_bad_input_is_refused_and_changes_nothing(session):
    luis = team.add_member(session, "Luis Abogado", "derecho", "autor")
    before = head(session)
    for call in (lambda: team.add_member(session, " \t ", "derecho"),
                 lambda: team.change_member(session, luis.id, name="   "),
                 lambda: team.change_member(session, luis.id, role="jefe"),
                 lambda: team.add_member(session, "Otra Persona", "astrologia")):
        with pytest.raises(InvalidRecord) as refused:
            call()
        assert refused.value.message().startswith("No se puede guardar: ")
    with pytest.raises(TypeError):
        team.change_member(session, luis.id, id="otro")
    assert head(session) == before
    assert records.get(session, model.TeamMember, luis.id).role == "autor"


def test_the_member_form_saves_through_the_service(session):
    """What Herramientas → Equipo y nómina does with the member form's record."""
    saved = team.save_member(session, model.TeamMember("  Rosa   Médica ", "medicina", "revisor"))
    assert records.get(session, model.TeamMember, saved.id).name == "Rosa Médica"
    with pytest.raises(InvalidRecord) as refused:
        team.save_member(session, model.TeamMember("", "medicina", "revisor"))
    assert refused.value.message() == "No se puede guardar: escriba el nombre de la persona."


def test_find_member_by_id_name_or_prefix(session):
    luis = team.add_member(session, "Luis Abogado", "derecho", "autor")
    for member_id in (CARMEN_1, CARMEN_2):
        records.save(session, model.TeamMember("Carmen Ruiz", "trabajo_social", id=member_id))
    assert team.find_member(session, luis.id).id == luis.id
    assert team.find_member(session, "  luis   ABOGADO ").id == luis.id
    assert team.find_member(session, luis.id[:6].upper()).id == luis.id
    assert team.find_member(session, CARMEN_2).id == CARMEN_2  # same name as CARMEN_1: the id decides
    with pytest.raises(UnknownMember) as unknown:
        team.find_member(session, luis.id[:5])  # too short to be taken for an id
    assert unknown.value.message().startswith(f"No hay en el equipo ninguna persona «{luis.id[:5]}».")
    with pytest.raises(UnknownMember):
        team.find_member(session, "   ")
    with pytest.raises(AmbiguousMember) as ambiguous:
        team.find_member(session, "carmen ruiz")
    assert f"Carmen Ruiz ({CARMEN_1}); Carmen Ruiz ({CARMEN_2})" in ambiguous.value.message()
    with pytest.raises(AmbiguousMember):
        team.find_member(session, "abcdef12")


@pytest.mark.parametrize("typed, code", [
    ("director", "director"), ("Directora", "director"), ("REVISORA", "revisor"), ("Revisor/a", "revisor"),
    ("autora", "autor"), ("administrador", "administrador")])
def test_role_as_typed(typed, code):
    assert team.role_code(typed) == code


@pytest.mark.parametrize("typed, code", [
    ("psicologia", "psicologia"), ("Psicología", "psicologia"), ("trabajo social", "trabajo_social"),
    ("Trabajo_Social", "trabajo_social"), ("MEDICINA", "medicina"), ("coordinación", "coordinacion")])
def test_discipline_as_typed(typed, code):
    assert team.discipline_code(typed) == code


@pytest.mark.parametrize("typed", ["", "jefa", "direc", "auto r"])
def test_unknown_role(typed):
    with pytest.raises(InvalidRecord) as refused:
        team.role_code(typed)
    assert "use uno de estos: autor, revisor, director, administrador." in refused.value.message()


def test_pending_changes_and_a_roster_without_a_director_is_refused(session):
    ana = session.actor
    luis = team.add_member(session, "Luis Abogado", "derecho", "autor")
    identity.create_keys(session, ana.id)
    identity.create_keys(session, luis.id, "Frase personal de Luis 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    assert team.pending_changes(session, luis.id) == []
    team.change_member(session, luis.id, role="revisor")
    assert [(c.kind, c.before, c.after) for c in team.pending_changes(session, luis.id)] == [
        ("rol", "autor", "revisor")]
    assert roster.current(session).role(luis.id) == "autor"  # only a new signature makes it count
    # Ana recorded as autora: signing would leave nobody able to sign the next version.
    team.change_member(session, ana.id, role="autor")
    chain = roster.chain(session)
    with pytest.raises(ActionNotAllowed) as refused:
        roster.preview(session, ana)
    assert "no tendría ninguna directora ni ningún director" in refused.value.message()
    with pytest.raises(ActionNotAllowed):
        roster.sign_roster(session, ana)
    assert roster.chain(session) == chain
