"""The review subcommands end to end: cards, roster, check with the anchor; bad files refused."""

import json

import pytest

from npmdesk.domain import model
from npmdesk.services.team import trust
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from test_cli_case import one_error_line, run
from fast_kdf import FAST_KDF

PASS = "Frase de prueba segura 2026"


@pytest.fixture
def signed_case(tmp_path):
    """A case file whose director and one author have keys on a signed roster."""
    path = tmp_path / "equipo.npmcase"
    session = sessions.create_case(path, PASS, owner_name="Ana Directora", kdf_params=FAST_KDF)
    author = records.save(session, model.TeamMember("Luis Abogado", "derecho", "autor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, author.id, "Frase personal de Luis 2026", kdf_params=FAST_KDF)
    roster.sign_roster(session)
    session.close()
    return path


def files_in(folder):
    return sorted(p.name for p in folder.iterdir())


def test_card_and_roster_round_trip_into_another_case(signed_case, tmp_path):
    card = tmp_path / "luis.json"
    done = run("card", "export", signed_case, "Luis Abogado", "-o", card, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert json.loads(card.read_text(encoding="utf-8"))["name"] == "Luis Abogado"
    assert "private" not in card.read_text(encoding="utf-8")
    nomina = tmp_path / "nomina.json"
    done = run("roster", "export", signed_case, "-o", nomina, passphrase=PASS)
    assert done.returncode == 0 and "versión 1" in done.stdout
    # A second case file takes in the card, then the roster.
    other = tmp_path / "otro.npmcase"
    sessions.create_case(other, PASS, owner_name="Eva Directora", kdf_params=FAST_KDF).close()
    done = run("card", "import", other, card, passphrase=PASS)
    assert done.returncode == 0 and "Luis Abogado" in done.stdout
    done = run("team", other, passphrase=PASS)
    assert "Luis Abogado" in done.stdout and "no figura en la nómina firmada" in done.stdout


def test_roster_import_extends_an_empty_chain(signed_case, tmp_path):
    nomina = tmp_path / "nomina.json"
    assert run("roster", "export", signed_case, "-o", nomina, passphrase=PASS).returncode == 0
    other = tmp_path / "copia.npmcase"
    sessions.create_case(other, PASS, owner_name="Eva Directora", kdf_params=FAST_KDF).close()
    done = run("roster", "import", other, nomina, passphrase=PASS)
    assert done.returncode == 1 and "Falta confirmar la raíz institucional" in one_error_line(done)
    opened = sessions.open_case(signed_case, PASS)
    code = trust.pinned(opened)
    opened.close()
    done = run("roster", "import", other, nomina, "--director", code, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "versión 1, 2 personas" in done.stdout and f"código {code}" in done.stdout


def test_check_prints_the_anchor_and_its_signature(signed_case, tmp_path):
    done = run("check", signed_case, passphrase=PASS)
    assert done.returncode == 0, done.stdout
    assert "Firmas: 1 firmas verificadas" in done.stdout
    assert "Ancla actual de la bitácora:" in done.stdout
    assert "Ninguna persona ha firmado todavía un ancla" in done.stdout
    anchor_file = tmp_path / "ancla.json"
    assert run("anchor", signed_case, "-o", anchor_file, passphrase=PASS).returncode == 0
    done = run("check", signed_case, passphrase=PASS)
    assert "Firmada por Ana Directora" in done.stdout
    done = run("anchor-check", signed_case, anchor_file, passphrase=PASS)
    assert done.returncode == 0 and "conserva todas las entradas" in done.stdout


@pytest.mark.parametrize("content, message", [
    ("esto no es json", "no es JSON legible"),
    ('{"format": "otra-cosa"}', "formato desconocido"),
    ('{"format": "npmdesk-tarjeta-publica/1", "id": "x"}', "faltan datos o claves"),
])
def test_bad_card_is_refused_and_changes_nothing(signed_case, tmp_path, content, message):
    bad = tmp_path / "mala.json"
    bad.write_text(content, encoding="utf-8")
    before = run("check", signed_case, passphrase=PASS).stdout
    done = run("card", "import", signed_case, bad, passphrase=PASS)
    assert done.returncode == 1 and message in one_error_line(done)
    assert run("check", signed_case, passphrase=PASS).stdout == before


@pytest.mark.parametrize("content, message", [
    ("[1, 2", "el archivo no es legible"),
    ('{"format": "npmdesk-nomina/1", "chain": []}', "el archivo no contiene una nómina"),
])
def test_bad_roster_is_refused_and_changes_nothing(signed_case, tmp_path, content, message):
    bad = tmp_path / "mala.json"
    bad.write_text(content, encoding="utf-8")
    before = run("check", signed_case, passphrase=PASS).stdout
    done = run("roster", "import", signed_case, bad, passphrase=PASS)
    assert done.returncode == 1 and message in one_error_line(done)
    assert run("check", signed_case, passphrase=PASS).stdout == before


def test_tampered_roster_file_is_refused(signed_case, tmp_path):
    nomina = tmp_path / "nomina.json"
    assert run("roster", "export", signed_case, "-o", nomina, passphrase=PASS).returncode == 0
    data = json.loads(nomina.read_text(encoding="utf-8"))
    for entry in data["chain"][0]["body"]["members"].values():
        entry["role"] = "director"
    nomina.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "otro.npmcase"
    sessions.create_case(other, PASS, kdf_params=FAST_KDF).close()
    done = run("roster", "import", other, nomina, passphrase=PASS)
    assert done.returncode == 1 and "no es válida" in one_error_line(done)
    assert "versión —" in run("team", other, passphrase=PASS).stdout


def test_exports_to_bad_places_write_nothing(signed_case, tmp_path):
    done = run("card", "export", signed_case, "Nadie Conocido", "-o", tmp_path / "x.json", passphrase=PASS)
    assert done.returncode == 1 and "ninguna persona «Nadie Conocido»" in one_error_line(done)
    done = run("roster", "export", signed_case, "-o", tmp_path / "no" / "hay" / "n.json", passphrase=PASS)
    assert done.returncode == 1 and "No existe la carpeta" in one_error_line(done)
    done = run("card", "import", signed_case, tmp_path / "falta.json", passphrase=PASS)
    assert done.returncode == 1 and "No existe el archivo" in one_error_line(done)
    assert "x.json" not in files_in(tmp_path) and not (tmp_path / "no").exists()


def test_member_without_keys_has_no_card(signed_case, tmp_path):
    session = sessions.open_case(signed_case, PASS)
    records.save(session, model.TeamMember("Marta Médica", "medicina", "autor"))
    session.close()
    done = run("card", "export", signed_case, "Marta Médica", "-o", tmp_path / "m.json", passphrase=PASS)
    assert done.returncode == 1 and "todavía no tiene claves" in one_error_line(done)
    assert not (tmp_path / "m.json").exists()


def test_change_of_root_from_the_command_line(signed_case, tmp_path):
    luis_pass = tmp_path / "luis.txt"
    luis_pass.write_text("Frase personal de Luis 2026\n", encoding="utf-8")
    assert run("team-set", signed_case, "Luis Abogado", "--role", "director", passphrase=PASS).returncode == 0
    assert run("roster", "sign", signed_case, passphrase=PASS).returncode == 0
    done = run("roster", "sign", signed_case, "--as", "Luis Abogado", "--new-root", "Ana Directora",
               "--personal-passphrase-file", luis_pass, passphrase=PASS)
    assert done.returncode == 1 and "solo la raíz institucional (Ana Directora) puede traspasarla" in one_error_line(done)
    done = run("roster", "sign", signed_case, "--new-root", "Luis Abogado", "--new-root-passphrase-file", luis_pass,
               passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "CAMBIO DE RAÍZ INSTITUCIONAL: pasa a Luis Abogado" in done.stdout
    assert "Código de la dirección (raíz institucional, Luis Abogado)" in done.stdout
