"""`npmdesk team-keys` and `npmdesk roster sign` on a fresh case file, in a subprocess:
keys for the owner and a member, the first signed roster, then a section can be sent for
review; refusals (non-director, missing or short or wrong personal passphrase, keys that
already exist) print one Spanish line and change nothing."""

import pytest

from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from test_cli_case import one_error_line, run
from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"
LUIS = "Frase personal de Luis 2026"
ROSA = "Frase personal de Rosa 2026"


@pytest.fixture
def fresh(tmp_path):
    """A closed case: Ana Directora (owner), Luis (autor), Rosa (directora), one section by Luis."""
    path = tmp_path / "nuevo.npmcase"
    session = sessions.create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    luis = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    records.save(session, model.TeamMember("Rosa Médica", "medicina", "director"))
    place = records.save(session, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(session, model.Visit(place.id, "2026-05-10"))
    report = records.save(session, model.Report(visit.id, "Informe de visita"))
    section = records.save(session, model.Section(report.id, "Trato", position=1, author_ids=[luis.id]))
    records.save_section_body(session, section.id, "<p>Las celdas no tienen luz natural.</p>")
    session.close()
    return {"path": path, "luis": luis.id, "section": section.id}


def secret(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def state(path):
    session = sessions.open_case(path, PASS)
    try:
        with session.case.lock:
            keys = [tuple(r) for r in session.case.conn.execute("SELECT * FROM member_keys ORDER BY member_id")]
        return keys, roster.chain(session)
    finally:
        session.close()


def test_keys_and_roster_from_the_command_line_let_a_section_be_sent(fresh, tmp_path):
    case = fresh["path"]
    luis_file = secret(tmp_path, "luis.txt", LUIS)
    # Before any roster, Luis cannot send his section.
    session = sessions.open_case(case, PASS)
    with pytest.raises(ActionNotAllowed):
        review.submit_section(session, fresh["section"], as_member=fresh["luis"])
    session.close()

    done = run("team-keys", case, "Ana Directora", passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Claves de Ana Directora creadas (huella" in done.stdout
    done = run("team-keys", case, "Luis Abogado", "--personal-passphrase-file", luis_file, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Nadie puede recuperar la frase de contraseña personal" in done.stdout

    # Luis may not sign: refused before any personal passphrase is asked.
    before = state(case)
    done = run("roster", "sign", case, "--as", "Luis Abogado", passphrase=PASS)
    assert done.returncode == 1
    assert "No puede firmar la nómina: solo una directora o un director" in one_error_line(done)
    assert state(case) == before

    done = run("roster", "sign", case, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "Nómina firmada por Ana Directora: versión 1, 2 personas." in done.stdout
    assert "Entra Luis Abogado, como Autor/a." in done.stdout
    done = run("team", case, passphrase=PASS)
    assert "versión 1" in done.stdout and "Rosa Médica" in done.stdout

    session = sessions.open_case(case, PASS)
    try:
        identity.unlock_identity(session, fresh["luis"], LUIS)
        assert review.submit_section(session, fresh["section"], as_member=fresh["luis"]).state == "enviada"
    finally:
        session.close()


def test_a_director_who_is_not_the_owner_signs_with_her_personal_passphrase(fresh, tmp_path):
    case = fresh["path"]
    rosa_file = secret(tmp_path, "rosa.txt", ROSA)
    assert run("team-keys", case, "Ana Directora", passphrase=PASS).returncode == 0
    assert run("team-keys", case, "Rosa Médica", "--personal-passphrase-file", rosa_file,
               passphrase=PASS).returncode == 0
    assert run("roster", "sign", case, passphrase=PASS).returncode == 0
    # A wrong personal passphrase changes nothing.
    before = state(case)
    wrong = secret(tmp_path, "mal.txt", "Otra frase cualquiera 2026")
    done = run("roster", "sign", case, "--as", "Rosa Médica", "--personal-passphrase-file", wrong,
               passphrase=PASS)
    assert done.returncode == 1 and "frase de contraseña personal no es correcta" in one_error_line(done)
    assert state(case) == before
    done = run("roster", "sign", case, "--as", "Rosa Médica", "--personal-passphrase-file", rosa_file,
               passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "versión 2" in done.stdout and "Ningún cambio" in done.stdout


def test_refusals_change_nothing(fresh, tmp_path):
    case = fresh["path"]
    before = state(case)
    # A member who is not the owner needs a personal passphrase; no terminal here.
    done = run("team-keys", case, "Luis Abogado", passphrase=PASS)
    assert "con --personal-passphrase-file" in one_error_line(done)
    done = run("team-keys", case, "Luis Abogado", "--personal-passphrase-file",
               secret(tmp_path, "corta.txt", "corta"), passphrase=PASS)
    assert "tiene menos de 12 caracteres" in one_error_line(done)
    done = run("team-keys", case, "Nadie Conocido", passphrase=PASS)
    assert "No hay en el equipo ninguna persona «Nadie Conocido»" in one_error_line(done)
    done = run("roster", "sign", case, passphrase=PASS)
    assert "«Ana Directora» todavía no tiene claves de firma" in one_error_line(done)
    assert state(case) == before
    # Keys that exist are only replaced on request.
    assert run("team-keys", case, "Ana Directora", passphrase=PASS).returncode == 0
    keys = state(case)
    done = run("team-keys", case, "Ana Directora", passphrase=PASS)
    assert "ya tiene claves" in one_error_line(done) and "--replace" in done.stderr
    assert state(case) == keys
    done = run("team-keys", case, "Ana Directora", "--replace", passphrase=PASS)
    assert done.returncode == 0 and state(case) != keys
