"""First-run set-up of a new case file's team, without Qt: the list of people as a person pastes
it ("Nombre; disciplina; rol", one a line), checked line by line with a Spanish sentence for each
bad one, then, in one pass, the institution's names (services/team/institution.py), the director's
name, everyone's member record and keys (each person's key wrapped by the passphrase that person
typed) and the first signed roster.

The same services as Herramientas → Equipo y nómina (members, identity, roster) do the writing:
the assistant adds no second way of making a member, a key or a roster."""

from dataclasses import dataclass

from npmdesk.errors import ActionNotAllowed, InvalidRecord, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.services.team import identity, institution, members, roster
from npmdesk.storage.casefile import check_passphrase

__all__ = ["Person", "BadTeamList", "parse_team", "check_passphrases", "set_up"]


@dataclass(frozen=True)
class Person:
    name: str
    discipline: str   # vocabulary codes (domain/vocabulary.py)
    role: str


class BadTeamList(NpmdeskError):
    template = N_("La lista del equipo tiene errores; no se guardó nada. {problems}")


def _person(line: str) -> Person:
    parts = [part.strip() for part in line.split(";")]
    if len(parts) != 3:
        raise InvalidRecord("not three fields", reason=_(
            "escriba nombre, disciplina y rol separados por punto y coma (p. ej. «Rosa Pérez; psicología; "
            "autor»)."))
    name = members.clean_name(parts[0])
    if not name:
        raise InvalidRecord("no name", reason=_("falta el nombre de la persona."))
    return Person(name, members.discipline_code(parts[1]), members.role_code(parts[2]))


def parse_team(text: str, director: str = "") -> tuple[list[Person], list[str]]:
    """The people of a pasted list and one sentence per bad line ("Línea 3: …"). Blank lines are
    skipped; a name twice (or the director's again) is a bad line, as the second one is a mistake."""
    people, problems = [], []
    seen = {members.clean_name(director).casefold()} if director.strip() else set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            person = _person(line)
        except InvalidRecord as exc:
            problems.append(_("Línea {n}: {reason}").format(n=number, reason=exc.fields.get("reason", "")))
            continue
        if person.name.casefold() in seen:
            problems.append(_("Línea {n}: «{name}» ya está en el equipo.").format(n=number, name=person.name))
            continue
        seen.add(person.name.casefold())
        people.append(person)
    return people, problems


def check_passphrases(people: list[Person], passphrases: dict[str, str]) -> None:
    """WeakPassphrase (naming the reason) unless each person's passphrase is good enough for her."""
    for person in people:
        check_passphrase(passphrases.get(person.name, ""), [person.name])


def _check_signer(session: Session, signer) -> None:
    """Refused before anything is written when `signer` could not sign the roster at the end (the
    assistant run again from the team screen by someone who is not a director in force)."""
    if identity.public_keys(session, signer.id) is not None:
        roster.check_signer(session, signer)
    elif roster.current(session) is not None or signer.role != "director":
        raise ActionNotAllowed("set-up signer not director", action=_("firmar la nómina"),
                               reason=_("solo una directora o un director de la nómina vigente puede firmarla"))


def set_up(session: Session, director: str, people: list[Person], passphrases: dict[str, str],
           kdf_params=None, names: dict[str, str] | None = None) -> roster.Roster:
    """Record the institution's `names` (institution.META_KEYS → text, when given), name the
    director (the case file's owner), add `people` with keys wrapped by their own
    passphrases, and sign the first roster as the director. Everything is checked first, so a
    bad list or a weak passphrase writes nothing, and the writing is one transaction: a failure
    half-way (a full disk at the fifth person's keys) leaves the file as it was, not half a team.
    `kdf_params`: the test suite's fixtures only."""
    people_again, problems = parse_team("\n".join(f"{p.name}; {p.discipline}; {p.role}" for p in people),
                                        director)
    if problems:
        raise BadTeamList(problems=" ".join(problems))
    check_passphrases(people_again, passphrases)
    institution.check(**(names or {}))
    owner = session.actor
    _check_signer(session, owner)
    try:
        with session.case.transaction():  # the services below join it
            if names:
                institution.set_institution(session, **names)
            if members.clean_name(director) and members.clean_name(director) != owner.name:
                session.actor = members.change_member(session, owner.id, name=director).member
            if identity.public_keys(session, owner.id) is None:
                identity.create_keys(session, owner.id)
            for person in people_again:
                added = members.add_member(session, person.name, person.discipline, person.role)
                identity.create_keys(session, added.id, passphrases[person.name], kdf_params=kdf_params)
            return roster.sign_roster(session, session.actor)
    except BaseException:
        session.actor = owner  # the renaming was rolled back with the rest
        raise
