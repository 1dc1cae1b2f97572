"""First-run set-up without Qt: the pasted team list is checked line by line, and one pass names the
director, adds everyone with keys under their own passphrase and signs the first roster."""

import pytest

from fast_kdf import FAST_KDF
from small_disks import fill, small_disk  # noqa: F401
from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed, WeakPassphrase, WrongPersonalPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.team import identity, roster
from npmdesk.services.team.setup import BadTeamList, Person, parse_team, set_up

LIST = """Rosa Pérez; psicología; autor

  Luis   Gómez ; Derecho ; revisor
"""
PASS = {"Rosa Pérez": "tortuga violeta sobre el puente 77", "Luis Gómez": "lámpara roja de cobre en marzo 31"}


def test_a_pasted_list_reads_names_disciplines_and_roles_as_people_write_them():
    people, problems = parse_team(LIST, director="Ana Directora")
    assert problems == []
    assert people == [Person("Rosa Pérez", "psicologia", "autor"), Person("Luis Gómez", "derecho", "revisor")]


def test_each_bad_line_is_named_with_its_reason():
    text = "Rosa Pérez; psicología; autor\nLuis Gómez, derecho, revisor\nMarta; astrología; autor\n" \
           "Pablo; derecho; jefe\n; derecho; autor\nrosa pérez; medicina; autor\nAna Directora; derecho; autor"
    people, problems = parse_team(text, director="Ana Directora")
    assert [p.name for p in people] == ["Rosa Pérez"]
    assert [p.split(":")[0] for p in problems] == [f"Línea {n}" for n in range(2, 8)]
    assert "punto y coma" in problems[0]
    assert "la disciplina «astrología» no existe" in problems[1]
    assert "el rol «jefe» no existe" in problems[2]
    assert "falta el nombre" in problems[3]
    assert "«rosa pérez» ya está en el equipo" in problems[4]
    assert "«Ana Directora» ya está en el equipo" in problems[5]


def test_one_pass_signs_a_roster_naming_the_director_and_the_team(session):
    people, _ = parse_team(LIST)
    signed = set_up(session, "Ana María Directora", people, PASS, kdf_params=FAST_KDF)
    names = sorted(entry["name"] for entry in signed.members.values())
    assert signed.version == 1 and names == ["Ana María Directora", "Luis Gómez", "Rosa Pérez"]
    assert session.actor.name == "Ana María Directora" and roster.current(session).version == 1
    rosa = next(m for m in records.select(session, model.TeamMember) if m.name == "Rosa Pérez")
    identity.lock_identity(session, rosa.id)
    with pytest.raises(WrongPersonalPassphrase):   # her key is hers: the other's passphrase fails
        identity.unlock_identity(session, rosa.id, PASS["Luis Gómez"])
    identity.unlock_identity(session, rosa.id, PASS["Rosa Pérez"])


def test_a_weak_passphrase_or_a_bad_list_writes_nothing(session):
    people, _ = parse_team(LIST)
    with pytest.raises(WeakPassphrase):
        set_up(session, "Ana Directora", people, {**PASS, "Luis Gómez": "Luis Gómez"}, kdf_params=FAST_KDF)
    with pytest.raises(BadTeamList) as refused:
        set_up(session, "Ana Directora", people + [Person("Luis Gómez", "derecho", "autor")], PASS,
               kdf_params=FAST_KDF)
    assert "Línea 3" in refused.value.message()
    assert [m.name for m in records.select(session, model.TeamMember)] == ["Ana Directora"]
    assert roster.current(session) is None


def test_someone_who_cannot_sign_the_roster_is_refused_before_anything_is_written(session):
    from npmdesk.services.team import members
    people, _ = parse_team(LIST)
    set_up(session, "Ana Directora", people, PASS, kdf_params=FAST_KDF)
    rosa = members.find_member(session, "Rosa Pérez")
    session.actor = rosa   # an author runs the assistant again from the team screen
    identity.unlock_identity(session, rosa.id, PASS["Rosa Pérez"])
    with pytest.raises(ActionNotAllowed):
        set_up(session, "Rosa Pérez", [Person("Marta Ruiz", "medicina", "autor")],
               {"Marta Ruiz": "girasol azul bajo la lluvia 45"}, kdf_params=FAST_KDF)
    assert len(records.select(session, model.TeamMember)) == 3 and roster.current(session).version == 1


def test_a_full_disk_half_way_through_leaves_no_half_team(small_disk):
    """The disk fills while the people's keys are being written: the file is left as it was (only
    the director, no roster), not with the first people of the list and no roster signed."""
    from npmdesk.errors import DiskFull
    from npmdesk.services.session import create_case, open_case
    path = small_disk / "equipo.npmcase"
    session = create_case(path, "Frase de prueba segura 2026", owner_name="Ana Directora", kdf_params=FAST_KDF)
    people = [Person(f"Persona Número {n} del Equipo de Visitas", "derecho", "autor") for n in range(400)]
    phrases = {p.name: f"girasol azul bajo la lluvia {n} de marzo" for n, p in enumerate(people)}
    filler = fill(small_disk, leave_bytes=256 * 1024)  # room for the first people, not for all
    with pytest.raises(DiskFull):
        set_up(session, "Ana María Directora", people, phrases, kdf_params=FAST_KDF)
    working_as = session.actor.name
    filler.unlink()
    session.close()
    reopened = open_case(path, "Frase de prueba segura 2026")
    try:
        assert [m.name for m in records.select(reopened, model.TeamMember)] == ["Ana Directora"]
        assert roster.current(reopened) is None
        assert working_as == "Ana Directora"
    finally:
        reopened.close()
