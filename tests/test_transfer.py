"""The open JSON dump: faithful round trip, hostile files refused with nothing written, CLI."""

import base64
import copy
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from npmdesk.domain import model
from npmdesk.errors import CaseFileExists, MalformedImport, WeakPassphrase
from npmdesk.services.records import edit as records
from npmdesk.services.exchange import dump as transfer
from npmdesk.services.archive.integrity import check
from npmdesk.services.demo.case import create_demo
from npmdesk.services.session import open_case
from npmdesk.services.exchange.dump_check import FORMAT, FORMAT_VERSION
from fast_kdf import FAST_KDF, released_kdf_version
from npmdesk.crypto.kdf import CURRENT_KDF

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "Frase de prueba segura 2026"


@pytest.fixture(scope="module")
def demo_dump(tmp_path_factory):
    """The dump of the demonstration case file: every kind of record, a signed roster,
    approvals, observations, a person with a wrapped key."""
    session = create_demo(tmp_path_factory.mktemp("demo") / "demo.npmcase", PASSPHRASE, kdf_params=FAST_KDF)
    try:
        return transfer.dump(session)
    finally:
        session.close()


def leftovers(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


def test_dump_holds_every_record_kind_meta_and_audit(demo_dump):
    assert demo_dump["format"] == FORMAT and demo_dump["format_version"] == FORMAT_VERSION
    assert all(demo_dump["records"][spec.name] for spec in records.records.SPECS)
    assert set(demo_dump["meta"]) == {"case_id", "created_at", "owner_id", "schema_version", "signer_role"}
    assert demo_dump["audit"][0]["action"] == "crear_expediente"
    identities = {i["real_identity"] for i in demo_dump["records"]["interview"]}
    assert "Rubén Darío Castillo Mendoza" in identities  # restricted fields travel too
    review = demo_dump["review"]
    assert review["rosters"] and review["signatures"] and review["observations"]
    assert len(review["member_keys"]) == len(demo_dump["records"]["team_member"])


def test_the_owners_raw_private_key_never_leaves_the_encrypted_file(demo_dump):
    kinds = {row["kind"] for row in demo_dump["review"]["member_private_keys"]}
    assert kinds <= {"wrapped"}
    owner = demo_dump["meta"]["owner_id"]
    assert owner not in {row["member_id"] for row in demo_dump["review"]["member_private_keys"]}


def test_round_trip_keeps_every_value(demo_dump, tmp_path):
    session = transfer.import_dump(copy.deepcopy(demo_dump), tmp_path / "b.npmcase", PASSPHRASE)
    try:
        again = transfer.dump(session)
        result = check(session)
        attachment = demo_dump["records"]["attachment"][0]
        data = records.attachment_data(session, attachment["id"])
        hits = records.find(session, "hacinamiento")
    finally:
        session.close()
    assert len(again["audit"]) == len(demo_dump["audit"]) + 1
    last = again["audit"].pop()
    assert last["action"] == "importar" and last["actor_id"] == demo_dump["meta"]["owner_id"]
    assert again == demo_dump
    # Approvals and the roster verify offline in the copy, from the roster alone.
    assert result.ok and result.audit_entries == len(demo_dump["audit"]) + 1
    assert not result.signature_problems and result.signatures >= len(demo_dump["review"]["signatures"])
    assert data == base64.b64decode(attachment["data_base64"])
    assert hits, "the search index is rebuilt on import"


def test_write_dump_file_and_bitacora_entry(session, tmp_path):
    target = tmp_path / "volcado.json"
    transfer.write_dump(session, target)
    on_disk = json.loads(target.read_text(encoding="utf-8"))
    assert on_disk == transfer.dump(session) | {"audit": on_disk["audit"]}
    assert transfer.dump(session)["audit"][-1]["action"] == "volcar_json"
    assert not list(tmp_path.glob("*.part"))


def test_import_reopens_with_passphrase(demo_dump, tmp_path):
    target = tmp_path / "b.npmcase"
    transfer.import_dump(demo_dump, target, PASSPHRASE).close()
    reopened = open_case(target, PASSPHRASE)
    try:
        assert reopened.actor.id == demo_dump["meta"]["owner_id"]
        assert len(records.select(reopened, model.Section)) == len(demo_dump["records"]["section"])
    finally:
        reopened.close()


def test_import_refuses_weak_passphrase(demo_dump, tmp_path):
    target = tmp_path / "nuevo.npmcase"
    with pytest.raises(WeakPassphrase):
        transfer.import_dump(demo_dump, target, "corta")
    assert leftovers(target) == []


def test_import_refuses_existing_target(demo_dump, tmp_path):
    target = tmp_path / "existe.npmcase"
    target.write_bytes(b"keep me")
    with pytest.raises(CaseFileExists):
        transfer.import_dump(demo_dump, target, PASSPHRASE)
    assert target.read_bytes() == b"keep me"


def _first(kind):
    return lambda d: d["records"][kind][0]


def _set(getter, key, value):
    def mutate(d):
        getter(d)[key] = value
    return mutate


def _delete(getter, key):
    def mutate(d):
        del getter(d)[key]
    return mutate


def _tamper_audit(d):
    d["audit"][2]["actor_name"] = "Otra persona"


def _drop_audit_entry(d):
    del d["audit"][1]


def _cycle(d):
    a, b = d["records"]["section"][:2]
    a["parent_id"], b["parent_id"] = b["id"], a["id"]


def _duplicate_code(d):
    """Passes every check but breaks UNIQUE(visit_id, code) while writing."""
    interviews = d["records"]["interview"]
    interviews[1]["code"] = interviews[0]["code"]
    interviews[1]["visit_id"] = interviews[0]["visit_id"]


def _duplicate_id(d):
    d["records"]["place"].append(copy.deepcopy(d["records"]["place"][0]))


def _bad_data(d):
    d["records"]["attachment"][0]["data_base64"] = "@@no es base64@@"


def _other_bytes(d):
    d["records"]["attachment"][0]["data_base64"] = base64.b64encode(b"otra cosa").decode()


def _raw_key(d):
    owner = d["meta"]["owner_id"]
    d["review"]["member_private_keys"].append({"member_id": owner, "kind": "raw", "material": "00" * 64})


def _orphan_reply(d):
    first = d["review"]["observations"][0]
    d["review"]["observations"].insert(0, dict(first, id=str(uuid.uuid4()), parent_id=str(uuid.uuid4())))


def _review(table, key, value):
    return _set(lambda d: d["review"][table][0], key, value)


HOSTILE = {
    "other json object": (lambda d: d.clear() or d.update({"x": []}), "no es un volcado"),
    "wrong format": (_set(lambda d: d, "format", "otro"), "no es un volcado"),
    "wrong version": (_set(lambda d: d, "format_version", "99"), "versión de formato"),
    "unknown top key": (_set(lambda d: d, "extra", 1), "clave desconocida"),
    "unknown record kind": (_set(lambda d: d["records"], "prisoner", []), "tipo de registro"),
    "missing records list": (_delete(lambda d: d["records"], "finding"), "falta la lista"),
    "missing meta key": (_delete(lambda d: d["meta"], "case_id"), "meta"),
    "missing field": (_delete(_first("section"), "title"), "falta la clave «title»"),
    "unknown field": (_set(_first("interview"), "nombre", "x"), "clave desconocida «nombre»"),
    "hostile key": (_set(_first("interview"), "\x1b[2J\u202e\nX", "x"), "clave desconocida «\ufffd[2J\ufffd X»"),
    "wrong type": (_set(_first("place"), "capacity", "900"), "tipo de dato incorrecto"),
    "bool as number": (_set(_first("interview"), "consent_report", 1), "tipo de dato incorrecto"),
    "list of numbers": (_set(_first("interview"), "allegations", [1]), "solo textos"),
    "unknown vocabulary": (_set(_first("finding"), "area", "magia"), "no es válido"),
    "bad date": (_set(_first("visit"), "start_date", "ayer"), "fecha"),
    "empty required": (_set(_first("place"), "name", ""), "obligatorio"),
    "not a uuid": (_set(_first("place"), "id", "1 OR 1=1"), "UUID"),
    "duplicate id": (_duplicate_id, "repetidos"),
    "broken link": (_set(_first("finding"), "interview_ids", [str(uuid.uuid4())]), "no existe"),
    "dangling visit": (_set(lambda d: next(r for r in d["records"]["report"] if r["visit_id"]), "visit_id",
                            str(uuid.uuid4())), "no existe"),
    "section cycle": (_cycle, "ciclo"),
    "bad base64": (_bad_data, "base64"),
    "hash mismatch": (_other_bytes, "SHA-256"),
    "tampered audit": (_tamper_audit, "bitácora está rota"),
    "missing audit entry": (_drop_audit_entry, "bitácora está rota"),
    "no audit": (_set(lambda d: d, "audit", []), "falta la bitácora"),
    "control characters": (_set(_first("field_note"), "text", "a\x00\x1b[31m" * 1000),
                           "field_note n.º 1: el campo «text» contiene el carácter de control U+0000, "
                           "el carácter de control U+001B"),
    "huge string": (_set(_first("field_note"), "text", "x" * 5_000_001), "demasiado largo"),
    "nested junk": (_set(_first("field_note"), "text", [[[[{"a": [1]}]]]]), "tipo de dato"),
    "owner not in team": (_set(lambda d: d["meta"], "owner_id", str(uuid.uuid4())), "titular"),
    "unique clash while writing": (_duplicate_code, "no son coherentes"),
    "bad recovery key": (_set(lambda d: d["meta"], "recovery_public", "zz" * 32), "recuperación institucional"),
    "unknown meta key": (_set(lambda d: d["meta"], "clave", "x"), "meta"),
    "no review block": (_delete(lambda d: d, "review"), "«review»"),
    "unknown review table": (_set(lambda d: d["review"], "secrets", []), "«review»"),
    "review row with an extra column": (_review("signatures", "sql", "DROP TABLE audit"), "columnas"),
    "review value of the wrong type": (_review("rosters", "version", "1"), "tipo de dato"),
    "void flag as a boolean": (_review("signatures", "void", True), "tipo de dato"),
    "control characters in a signature": (_review("signatures", "statement", "{\x1b[2J}"),
                                          "signatures n.º 1: el campo «statement» contiene el carácter de control U+001B"),
    "keys of someone not in the team": (_review("member_keys", "member_id", str(uuid.uuid4())), "no existe"),
    "observation on a missing section": (_review("observations", "section_id", str(uuid.uuid4())), "no existe"),
    "reply before its observation": (_orphan_reply, "parent_id"),
    "a raw private key": (_raw_key, "frase de contraseña de su titular"),
    "a dictionary entry with a space": (_set(lambda d: d, "spelling_words", ["Visitaduría", "DROP TABLE"]),
                                        "«spelling_words», entrada 2"),
    "a dictionary that is not a list": (_set(lambda d: d, "spelling_words", "Visitaduría"), "«spelling_words»"),
    "a dictionary of numbers": (_set(lambda d: d, "spelling_words", [1234]), "«spelling_words», entrada 1"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_dump_is_refused_and_leaves_no_file(demo_dump, tmp_path, name):
    mutate, expected = HOSTILE[name]
    data = copy.deepcopy(demo_dump)
    mutate(data)
    source = tmp_path / "volcado.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "nuevo.npmcase"
    with pytest.raises(MalformedImport) as info:
        transfer.import_dump(source, target, PASSPHRASE)
    message = info.value.message()
    assert message.startswith("El archivo de importación no es válido")
    assert expected in message
    assert "No se ha modificado nada." in message
    assert leftovers(target) == []


def refusal(data, tmp_path) -> str:
    source = tmp_path / "volcado.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MalformedImport) as info:
        transfer.import_dump(source, tmp_path / "nuevo.npmcase", PASSPHRASE)
    assert leftovers(tmp_path / "nuevo.npmcase") == []
    return info.value.message()


def test_every_field_with_a_character_not_admitted_is_named_with_what_it_is(demo_dump, tmp_path):
    data = copy.deepcopy(demo_dump)
    data["records"]["place"][0]["name"] = "La \u202eJoya"
    data["records"]["section"][1]["body"] = "<p>Antes\x00después</p>"
    data["records"]["visit"][0]["team"][0]["discipline"] = "abog\ud800ado"
    data["review"]["observations"][0]["body"] = "x\ufffe"
    data["audit"][2]["actor_name"] = "\x07"
    message = refusal(data, tmp_path)
    for named in ("place n.º 1: el campo «name» contiene el control de dirección del texto U+202E, que puede "
                  "disfrazar un nombre",
                  "section n.º 2: el campo «body» contiene el carácter de control U+0000",
                  "visit n.º 1: el campo «team» contiene un sustituto UTF-16 suelto (U+D800)",
                  "observations n.º 1: el campo «body» contiene el no-carácter U+FFFE",
                  "audit n.º 3: el campo «actor_name» contiene el carácter de control U+0007"):
        assert named in message, named
    assert "caracteres de control no admitidos" not in message


def test_many_bad_fields_are_counted_beyond_the_first_ten(demo_dump, tmp_path):
    data = copy.deepcopy(demo_dump)
    sections = data["records"]["section"]
    for section in sections[:12]:
        section["title"] = section["title"] + "\x1b"
    message = refusal(data, tmp_path)
    assert message.count("contiene el carácter de control U+001B") == 10
    assert f"y {min(12, len(sections)) - 10} campos más" in message


def test_decomposed_accents_and_windows_line_ends_are_imported_composed(demo_dump, tmp_path):
    import unicodedata
    data = copy.deepcopy(demo_dump)
    place = data["records"]["place"][0]
    place["name"] = unicodedata.normalize("NFD", "Cárcel Pública de David, Chiriquí")
    note = data["records"]["field_note"][0]
    note["text"] = unicodedata.normalize("NFD", "Línea uno\r\nlínea dos: niño")
    session = transfer.import_dump(data, tmp_path / "b.npmcase", PASSPHRASE)
    try:
        assert records.get(session, model.Place, place["id"]).name == "Cárcel Pública de David, Chiriquí"
        assert records.get(session, model.FieldNote, note["id"]).text == "Línea uno\nlínea dos: niño"
        assert records.find(session, "Chiriquí")
    finally:
        session.close()


@pytest.mark.parametrize("content", [b"esto no es JSON", b"\xff\xfe\x00basura", b"[" * 200_000,
                                     b'{"format": NaN}', b""])
def test_unparsable_files_are_refused(tmp_path, content):
    source = tmp_path / "volcado.json"
    source.write_bytes(content)
    target = tmp_path / "nuevo.npmcase"
    with pytest.raises(MalformedImport) as info:
        transfer.import_dump(source, target, PASSPHRASE)
    assert "no es un archivo JSON válido" in info.value.message()
    assert leftovers(target) == []


def test_json_that_is_not_an_object_is_refused(tmp_path):
    source = tmp_path / "volcado.json"
    source.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(MalformedImport) as info:
        transfer.import_dump(source, tmp_path / "nuevo.npmcase", PASSPHRASE)
    assert "no es un volcado de expediente" in info.value.message()
    assert leftovers(tmp_path / "nuevo.npmcase") == []


# -- command line -----------------------------------------------------------------


def run(*args, passphrase=PASSPHRASE, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NPMDESK_PASSPHRASE", None)
    if passphrase:
        env["NPMDESK_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "npmdesk", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


def test_cli_dump_and_import_round_trip(tmp_path):
    case = tmp_path / "demo.npmcase"
    assert run("demo", str(case)).returncode == 0
    assert released_kdf_version(case, PASSPHRASE) == str(CURRENT_KDF)
    dump_file = tmp_path / "volcado.json"
    done = run("dump", str(case), "-o", str(dump_file))
    assert done.returncode == 0, done.stderr
    assert "NO está cifrado" in done.stderr
    done = run("import", str(tmp_path / "copia.npmcase"), str(dump_file))
    assert done.returncode == 0, done.stderr
    done = run("check", str(tmp_path / "copia.npmcase"))
    assert "cadena íntegra" in done.stdout
    # Roster, approvals and observations travel: the copy's approved report still verifies.
    assert done.returncode == 0, done.stdout

    again = run("dump", str(case), "-o", str(dump_file))
    assert again.returncode == 1 and "--force" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


def test_cli_import_errors_are_one_line(tmp_path):
    junk = tmp_path / "basura.json"
    junk.write_text("{no json", encoding="utf-8")
    target = tmp_path / "nuevo.npmcase"
    done = run("import", str(target), str(junk))
    assert done.returncode == 1
    assert done.stderr.strip() == ("npmdesk: El archivo de importación no es válido "
                                   "(no es un archivo JSON válido). No se ha modificado nada.")
    assert leftovers(target) == []
    done = run("import", str(target), str(tmp_path / "falta.json"))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert run("dump", str(target)).returncode == 2  # -o is required


def test_cli_demo_default_path_is_rerunnable(tmp_path):
    first = run("demo", passphrase=None, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "cerro-azul-demo-2026" in first.stdout
    assert (tmp_path / "demo.npmcase").exists()
    second = run("demo", passphrase=None, cwd=tmp_path)
    assert second.returncode == 0 and "ya existe y está listo" in second.stdout
    wrong = run("demo", passphrase="otra frase distinta 123", cwd=tmp_path)
    assert wrong.returncode == 1 and "elija otro nombre" in wrong.stderr


def test_the_review_tables_listed_for_the_dump_match_the_schema(session):
    """A column added to a review table without the dump knowing would be lost silently."""
    from npmdesk.services.exchange.dump_review import TABLES
    conn = session.case.conn
    for table, spec in TABLES.items():
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        assert [(row[1], row[2] == "INTEGER", not row[3] and not row[5]) for row in info] == \
            [(name, kind is int, nullable) for name, kind, nullable in spec], table
    dumped = set(TABLES) | {spec.table for spec in records.records.SPECS}
    internal = {"meta", "attachment_blobs", "audit", "search_rows", "search_stale", "visit_team", "finding_interviews",
                "finding_notes", "finding_attachments", "recommendation_findings", "status_changes",
                "response_recommendations", "response_commitments", "letter_recommendations",
                "section_authors"}
    tables = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%'")}
    assert tables - dumped - internal == set(), "a table the dump neither carries nor rebuilds"


def test_review_tables_are_written_parents_first_whatever_their_order_in_the_file(demo_dump, tmp_path):
    data = copy.deepcopy(demo_dump)
    data["review"] = dict(reversed(list(data["review"].items())))  # replies and links before their targets
    session = transfer.import_dump(data, tmp_path / "b.npmcase", PASSPHRASE)
    try:
        again = transfer.dump(session)
    finally:
        session.close()
    assert again["review"] == demo_dump["review"]


def test_the_institutional_recovery_key_travels_with_the_dump(session, tmp_path):
    from npmdesk.services.safekeeping import recovery
    _code, public = recovery.new_recovery_key()
    recovery.set_recovery_key(session, public)
    copy_ = transfer.import_dump(transfer.dump(session), tmp_path / "copia.npmcase", PASSPHRASE)
    try:
        assert recovery.recovery_key(copy_) == public
    finally:
        copy_.close()


def test_the_words_added_to_the_dictionary_travel_with_the_dump(session, tmp_path):
    """A team's «Añadir al diccionario» words are part of its case file: a restored dump keeps them."""
    from npmdesk.services.drafting import spelling_words
    spelling_words.add(session, "Visitaduría")
    spelling_words.add(session, "normatividad")
    dumped = transfer.dump(session)
    assert dumped["spelling_words"] == ["normatividad", "visitaduría"]
    copy_ = transfer.import_dump(dumped, tmp_path / "copia.npmcase", PASSPHRASE)
    try:
        assert spelling_words.words(copy_) == ["normatividad", "visitaduría"]
    finally:
        copy_.close()
