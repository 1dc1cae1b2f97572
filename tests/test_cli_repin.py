"""`npmdesk roster repin` end to end: the root's key is lost; Eva, a director on another laptop,
signs the replacement with her own code; the first laptop takes it in with that code. Nothing
changes without the right code or without the confirmation."""

import re

from npmdesk.domain import model
from npmdesk.services import session as sessions
from npmdesk.services.records import edit as records
from npmdesk.services.team import identity, roster, trust

from fast_kdf import FAST_KDF
from test_cli_case import one_error_line, run
from test_cli_review import PASS, signed_case  # noqa: F401


def codes_in(text: str) -> list[str]:
    return re.findall(r"\d{5}(?: \d{5}){11}", text)


def test_the_root_is_replaced_from_the_command_line(signed_case, tmp_path):
    nomina = tmp_path / "nomina.json"
    assert run("roster", "export", signed_case, "-o", nomina, passphrase=PASS).returncode == 0
    opened = sessions.open_case(signed_case, PASS)
    old = trust.pinned(opened)
    opened.close()
    laptop = tmp_path / "eva.npmcase"
    eva = sessions.create_case(laptop, PASS, owner_name="Eva Directora", kdf_params=FAST_KDF)
    roster.import_roster(eva, nomina, director_code=old)
    identity.create_keys(eva, eva.actor.id)
    me = records.get(eva, model.TeamMember, eva.actor.id)
    me.role = "director"
    records.save(eva, me)
    ana = next(m for m in records.select(eva, model.TeamMember) if m.name == "Ana Directora")
    ana.active = False  # her key is on the stolen laptop
    records.save(eva, ana)
    eva.close()
    listed = run("team", laptop, passphrase=PASS)
    lines = listed.stdout.splitlines()
    own = lines[next(i for i, line in enumerate(lines) if "Eva Directora" in line) + 1]
    assert "código de su clave" in own
    code = codes_in(own)[0]  # Eva reads it out from her own screen
    done = run("roster", "repin", laptop, "--new-root", "Eva Directora", "--code", old, "--yes", passphrase=PASS)
    assert done.returncode == 1 and "El código escrito no es el de Eva Directora" in one_error_line(done)
    done = run("roster", "repin", laptop, "--new-root", "Eva Directora", "--code", code, passphrase=PASS)
    assert done.returncode == 1 and "No se ha confirmado la sustitución" in one_error_line(done)
    assert "SUSTITUCIÓN DE LA RAÍZ INSTITUCIONAL SIN SU FIRMA" in done.stdout and old in done.stdout
    assert "versión 1" in run("team", laptop, passphrase=PASS).stdout
    done = run("roster", "repin", laptop, "--new-root", "Eva Directora", "--code", code, "--yes", passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert f"Raíz institucional sustituida: Eva Directora, código de la dirección {code}" in done.stdout
    new = tmp_path / "nomina-eva.json"
    assert run("roster", "export", laptop, "-o", new, passphrase=PASS).returncode == 0
    # The first laptop (found again, or any other): an ordinary import is refused and says why.
    done = run("roster", "import", signed_case, new, passphrase=PASS)
    assert done.returncode == 1 and "SIN SU FIRMA" in one_error_line(done)
    done = run("roster", "repin", signed_case, "--from", new, "--code", old, "--yes", passphrase=PASS)
    assert done.returncode == 1 and "no es el de Eva Directora" in one_error_line(done)
    done = run("roster", "repin", signed_case, "--from", new, "--code", code.replace(" ", "-"), "--yes",
               passphrase=PASS)
    assert done.returncode == 0, done.stderr
    listed = run("team", signed_case, passphrase=PASS).stdout
    assert f"Raíz institucional: Eva Directora, código de la dirección {code}" in listed
    assert f"Sustituida sin su firma en la versión 2: antes, código {old}" in listed
