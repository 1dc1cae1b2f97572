"""`npmdesk team-add` and `npmdesk team-set` on a real case file, in a subprocess: a member is
added, gets keys and joins the next signed roster; a role change is recorded at once but counts
only once the director signs again; a member who leaves stays in the history. Every bad input
prints one Spanish line, exits 1 (2 for bad usage) and changes nothing."""

import pytest

from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import audit_log
from test_cli_case import one_error_line, run
from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"
LUIS = "Frase personal de Luis 2026"
MARTA = "Frase personal de Marta 2026"
CARMEN_1 = "abcdef12-0000-4000-8000-000000000001"
CARMEN_2 = "abcdef12-0000-4000-8000-000000000002"


@pytest.fixture
def case(tmp_path):
    """Ana Directora (owner, keys) and Luis Abogado (autor, keys) on roster v1; two Carmen Ruiz without keys."""
    path = tmp_path / "equipo.npmcase"
    session = sessions.create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    for member_id in (CARMEN_1, CARMEN_2):
        records.save(session, model.TeamMember("Carmen Ruiz", "trabajo_social", id=member_id))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, luis.id, LUIS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    session.close()
    return {"path": path, "luis": luis.id}


def state(path) -> dict:
    """Everything these commands could change: members, keys, roster chain, the bitácora."""
    session = sessions.open_case(path, PASS)
    try:
        with session.case.lock:
            conn = session.case.conn
            return {"members": {m.id: m for m in records.select(session, model.TeamMember)},
                    "keys": [tuple(r) for r in conn.execute("SELECT * FROM member_keys ORDER BY member_id")],
                    "rosters": roster.chain(session), "audit": audit_log.entries(conn)}
    finally:
        session.close()


def secret(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def by_name(found: dict, name: str) -> model.TeamMember:
    return next(m for m in found["members"].values() if m.name == name)


def test_add_keys_sign_then_change_role_and_leave(case, tmp_path):
    path, luis = case["path"], case["luis"]
    done = run("team-add", path, "--name", "  Marta   Psicóloga ", "--discipline", "Psicología",
               "--role", "revisora", passphrase=PASS)
    assert done.returncode == 0, done.stderr
    after = state(path)
    marta = by_name(after, "Marta Psicóloga")
    assert (marta.discipline, marta.role, marta.active) == ("psicologia", "revisor", True)
    assert (f"Integrante añadido: Marta Psicóloga, Psicología, Revisor/a (identificador {marta.id})."
            in done.stdout)
    assert "Marta Psicóloga todavía no tiene claves de firma: créelas con npmdesk team-keys" in done.stdout
    assert "npmdesk roster sign" in done.stdout
    entry = after["audit"][-1]
    assert (entry.action, entry.entity, entry.entity_id, entry.actor_name) == (
        "crear", "team_member", marta.id, "Ana Directora")

    # Her keys (by an id prefix), then the director's signature brings her in.
    done = run("team-keys", path, marta.id[:8], "--personal-passphrase-file", secret(tmp_path, "m.txt", MARTA),
               passphrase=PASS)
    assert done.returncode == 0, done.stderr
    done = run("roster", "sign", path, passphrase=PASS)
    assert "Entra Marta Psicóloga, como Revisor/a." in done.stdout

    # Luis becomes revisor: recorded now, in force only after the next signature.
    done = run("team-set", path, luis[:8], "--role", "Revisor", passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Datos de Luis Abogado guardados:\n  rol: Autor/a → Revisor/a\n" in done.stdout
    assert "Luis Abogado: rol de Autor/a a Revisor/a." in done.stdout
    assert ("Para que el cambio cuente, la dirección debe firmar de nuevo la nómina: npmdesk roster sign."
            in done.stdout)
    after = state(path)
    assert after["members"][luis].role == "revisor"
    assert after["audit"][-1].action == "modificar" and after["audit"][-1].entity_id == luis
    assert after["rosters"][-1]["body"]["members"][luis]["role"] == "autor"
    done = run("roster", "sign", path, passphrase=PASS)
    assert "Luis Abogado: rol de Autor/a a Revisor/a." in done.stdout
    assert state(path)["rosters"][-1]["body"]["members"][luis]["role"] == "revisor"

    # The same value again: nothing written.
    before = state(path)
    done = run("team-set", path, "luis abogado", "--role", "revisor", passphrase=PASS)
    assert done.returncode == 0 and "Ningún cambio: Luis Abogado ya tenía esos datos." in done.stdout
    assert state(path) == before

    # Luis leaves: inactive, out of the next roster, still in the team table and the history.
    done = run("team-set", path, "Luis Abogado", "--inactive", passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "activo/a: sí → no" in done.stdout and "Sale Luis Abogado (era Revisor/a)." in done.stdout
    assert "sus firmas y sus entradas en la bitácora se conservan" in done.stdout
    assert run("roster", "sign", path, passphrase=PASS).returncode == 0
    after = state(path)
    assert luis not in after["rosters"][-1]["body"]["members"] and after["members"][luis].active is False
    listed = run("team", path, passphrase=PASS).stdout
    line = next(row for row in listed.splitlines() if luis in row)
    assert "Luis Abogado — Derecho, Revisor/a" in line
    assert line.endswith("(inactivo)  (no figura en la nómina firmada)")


def test_name_and_discipline_change_and_back_to_active(case):
    path, luis = case["path"], case["luis"]
    done = run("team-set", path, luis, "--name", "Luis  Abogado Pérez", "--discipline", "trabajo social",
               passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "nombre: «Luis Abogado» → «Luis Abogado Pérez»" in done.stdout
    assert "disciplina: Derecho → Trabajo social" in done.stdout
    assert "Luis Abogado Pérez: «Derecho» pasa a «Trabajo social»." in done.stdout
    member = state(path)["members"][luis]
    assert (member.name, member.discipline) == ("Luis Abogado Pérez", "trabajo_social")
    assert run("team-set", path, luis, "--inactive", passphrase=PASS).returncode == 0
    done = run("team-set", path, luis, "--active", passphrase=PASS)
    assert "activo/a: no → sí" in done.stdout and state(path)["members"][luis].active is True


def test_bad_input_changes_nothing(case, tmp_path):
    path = case["path"]
    before = state(path)
    refusals = [
        (("team-add", path, "--name", "Marta", "--discipline", "derecho", "--role", "jefa"),
         "No se puede guardar: el rol «jefa» no existe; use uno de estos: autor, revisor, director, administrador."),
        (("team-add", path, "--name", "Marta", "--discipline", "astrología"),
         "la disciplina «astrología» no existe; use una de estas: derecho, medicina, psicologia, trabajo_social"),
        (("team-add", path, "--name", "   ", "--discipline", "derecho"),
         "No se puede guardar: escriba el nombre de la persona."),
        (("team-set", path, "Nadie Conocido", "--role", "revisor"),
         "No hay en el equipo ninguna persona «Nadie Conocido». Indique su nombre completo o al menos los 6"),
        (("team-set", path, "Carmen Ruiz", "--role", "revisor"),
         f"«Carmen Ruiz» puede ser más de una persona del equipo: Carmen Ruiz ({CARMEN_1}); "
         f"Carmen Ruiz ({CARMEN_2}). Indique el identificador"),
        (("team-set", path, "abcdef12", "--role", "revisor"), "puede ser más de una persona del equipo"),
        (("team-set", path, "Luis Abogado", "--role", "jefe"), "el rol «jefe» no existe"),
        (("team-set", path, "Luis Abogado", "--discipline", "derecho penal"), "la disciplina «derecho penal» no existe"),
        (("team-set", path, "Luis Abogado", "--name", " "), "escriba el nombre de la persona"),
        (("team-set", path, "Luis Abogado"),
         "Indique qué cambiar: --name, --discipline, --role, --active o --inactive."),
    ]
    for args, expected in refusals:
        done = run(*args, passphrase=PASS)
        assert done.returncode == 1, args
        assert expected in one_error_line(done), args
        assert done.stdout == "", args
    for args in (("team-add", path, "--name", "Marta", "--discipline", "medicina"),
                 ("team-set", path, "Luis Abogado", "--role", "revisor")):
        done = run(*args, passphrase="Otra frase equivocada 2026")
        assert done.returncode == 1 and "La frase de contraseña no es correcta" in one_error_line(done)
    done = run("team-set", path, "Luis Abogado", "--active", "--inactive", passphrase=PASS)
    assert done.returncode == 2
    done = run("team-add", path, "--name", "Marta", passphrase=PASS)  # --discipline is required
    assert done.returncode == 2
    assert state(path) == before


def test_a_roster_that_would_leave_nobody_to_sign_is_refused(case):
    path = case["path"]
    assert run("team-set", path, "Ana Directora", "--role", "autora", passphrase=PASS).returncode == 0
    before = state(path)
    done = run("roster", "sign", path, passphrase=PASS)
    assert done.returncode == 1
    assert "no tendría ninguna directora ni ningún director" in one_error_line(done)
    assert state(path) == before
