"""`npmdesk package` end to end in a subprocess: create, show, import, refusals, import-case."""

import pytest

from npmdesk.services.team import identity
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions

from package_support import PASSPHRASE, close, make_office
from test_cli_case import one_error_line, run


@pytest.fixture
def laptops(tmp_path):
    office = make_office(tmp_path)
    card = identity.export_card(office.luis, office.luis.actor.id, tmp_path / "tarjeta-luis.json")
    paths = {"dora": office.dora.path, "luis": office.luis.path, "marta": office.marta.path,
             "card": card, "dora_id": office.dora.actor.id}
    close(office)
    return paths


def test_create_show_import_and_refuse(laptops, tmp_path):
    package = tmp_path / "asignacion.npmpaq"
    done = run("package", "create", laptops["dora"], "--kind", "asignacion", "--to", laptops["card"],
               "-o", package, passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert package.is_file()

    done = run("package", "show", package)
    assert done.returncode == 0
    assert "Tipo: asignación" in done.stdout and "Remitente: identificador " in done.stdout \
        and "Dora" not in done.stdout

    done = run("package", "import", laptops["luis"], package, "--dry-run", passphrase=PASSPHRASE)
    assert done.returncode == 0 and "Vista previa: no se ha modificado nada." in done.stdout
    done = run("package", "import", laptops["luis"], package, passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "Registros nuevos:" in done.stdout and "Paquete importado." in done.stdout
    done = run("package", "import", laptops["luis"], package, passphrase=PASSPHRASE)
    assert done.returncode == 0 and "ya se había importado" in done.stdout

    done = run("package", "import", laptops["marta"], package, passphrase=PASSPHRASE)
    assert done.returncode == 1
    assert one_error_line(done) == ("npmdesk: No se puede importar el paquete: está dirigido a otra "
                                    "persona. No se ha modificado nada.")
    broken = tmp_path / "roto.npmpaq"
    broken.write_bytes(package.read_bytes()[:100])
    done = run("package", "import", laptops["luis"], broken, passphrase=PASSPHRASE)
    assert done.returncode == 1 and "incompleto" in one_error_line(done)
    done = run("package", "show", broken)
    assert done.returncode == 1 and "incompleto" in one_error_line(done)
    done = run("package", "create", laptops["dora"], "--kind", "revision", "--to", "nadie",
               "-o", tmp_path / "x.npmpaq", passphrase=PASSPHRASE)
    assert done.returncode == 1 and "«nadie» no figura en la nómina firmada" in one_error_line(done)


def test_whole_case_file_moves_to_a_new_laptop(laptops, tmp_path):
    package = tmp_path / "expediente.npmpaq"
    done = run("package", "create", laptops["dora"], "--kind", "expediente", "--to", laptops["dora_id"],
               "-o", package, passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    new_case = tmp_path / "nueva-laptop.npmcase"
    done = run("package", "import-case", laptops["dora"], package, new_case, passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    moved = sessions.open_case(new_case, PASSPHRASE)
    try:
        titles = [row[0] for row in moved.case.query("SELECT title FROM sections ORDER BY position")]
        assert titles == ["Trato", "Servicios médicos"]
        assert roster.current(moved).role(moved.actor.id) == "director"
        keys = identity.signing_keys(moved, moved.actor)  # the owner's keys came along
        assert keys.sign_public.hex() == roster.current(moved).members[moved.actor.id]["sign_public"]
        assert review.verify_approvals(moved) == []
    finally:
        moved.close()
    done = run("package", "import", laptops["dora"], package, passphrase=PASSPHRASE)
    assert done.returncode == 1 and "expediente nuevo" in one_error_line(done)


def test_recovery_from_the_command_line(laptops, tmp_path):
    done = run("recovery", "new")
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    code, public = lines[1], lines[3]
    assert run("recovery", "set", laptops["dora"], public, passphrase=PASSPHRASE).returncode == 0
    escrow = tmp_path / "custodia.npmpaq"
    assert run("recovery", "escrow", laptops["dora"], "-o", escrow, passphrase=PASSPHRASE).returncode == 0
    (tmp_path / "codigo.txt").write_text(code + "\n", encoding="utf-8")
    new_pass = "Nueva frase tras la pérdida 2027"
    done = run("recovery", "restore", escrow, tmp_path / "recuperado.npmcase", "--code-file",
               tmp_path / "codigo.txt", passphrase=new_pass)
    assert done.returncode == 0, done.stderr
    assert "Expediente recuperado" in done.stdout
    (tmp_path / "malo.txt").write_text("AAAA BBBB\n", encoding="utf-8")
    done = run("recovery", "restore", escrow, tmp_path / "otro.npmcase", "--code-file",
               tmp_path / "malo.txt", passphrase=new_pass)
    assert done.returncode == 1 and "código de recuperación no es correcto" in one_error_line(done)
