"""The dump is written as a stream: the same bytes as the JSON of the whole document, memory
that does not grow with the case file, and nothing left behind when it fails."""

import hashlib
import json
import os
import random
import signal
import tracemalloc

import pytest

from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import model
from npmdesk.domain.model import AuditEntry
from npmdesk.errors import NotFound
from npmdesk.export import json_stream
from npmdesk.export.json_stream import Rows, Text
from npmdesk.export.safe_file import PREFIX
from npmdesk.services.records import edit as records
from npmdesk.services.exchange import dump as transfer
from npmdesk.storage import audit_log, records as storage_records


def whole_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def last_audit(session) -> AuditEntry:
    return audit_log.entries(session.case.conn)[-1]


@pytest.fixture
def visit(session):
    place = records.save(session, model.Place(name="Centro Penitenciario La Joya"))
    return records.save(session, model.Visit(place_id=place.id, start_date="2026-11-02"))


def test_streamed_values_are_written_as_json_dumps_writes_them(tmp_path):
    def document():
        return {"zeta": [], "alfa": {}, "niño": "línea\nsalto \u2028 «comillas» \"x\" \\ \x01",
                "lista": Rows([]), "vacía": {"a": Rows(iter([]))},
                "filas": Rows(({"n": n, "datos": Text(["QUJD", "REVG"]), "b": Text([]), "nada": None,
                                "sub": [{"y": True, "x": [1, 2.5, "é"]}], "z": {}} for n in range(3))),
                "números": Rows([1, "dos", [3, [4]], {"cinco": {"seis": []}}]), "n": -7}

    target = tmp_path / "salida.json"
    with open(target, "wb") as handle:
        sha256 = json_stream.write(handle, document())
    expected = whole_json(json_stream.materialize(document()))
    assert target.read_bytes() == expected
    assert sha256 == hashlib.sha256(expected).hexdigest()
    assert json.loads(expected)["filas"][2]["datos"] == "QUJDREVG"


def test_dump_file_is_byte_for_byte_the_json_of_the_whole_document(session, visit, tmp_path, passphrase):
    """Empty lists, every review table, and attachments whose base64 spans several pieces;
    the file imports back to the same data."""
    rng = random.Random(7)
    records.add_attachment(session, rng.randbytes(2_500_001), "foto.jpg", "Patio", visit_id=visit.id)
    records.add_attachment(session, b"x", "nota.txt", "Un byte", visit_id=visit.id)
    expected = whole_json(transfer.dump(session))
    target = tmp_path / "volcado.json"
    transfer.write_dump(session, target)
    assert target.read_bytes() == expected
    entry = last_audit(session)
    assert entry.action == "volcar_json" and entry.payload_sha256 == sha256_hex(expected)

    copy = transfer.import_dump(target, tmp_path / "copia.npmcase", passphrase)
    try:
        again = transfer.dump(copy)
    finally:
        copy.close()
    assert again["audit"].pop()["action"] == "importar"
    assert again == json.loads(expected)


def test_dump_memory_does_not_grow_with_the_case_file(session, visit, tmp_path):
    """1,500 field notes of 13 kB: the old dump held the whole document (and its JSON text)
    in memory, 3.1 times the file (59 MiB); the stream holds one batch of rows at a time
    (2.8 MiB when this was written)."""
    with session.case.transaction() as conn:
        for i in range(1500):
            text = f"Pabellón {i}: " + "hacinamiento y calor; " * 600
            storage_records.save(conn, model.FieldNote(visit_id=visit.id, title=f"Celda {i}", text=text))
    target = tmp_path / "volcado.json"
    tracemalloc.start()
    try:
        transfer.write_dump(session, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = target.stat().st_size
    assert size > 19_000_000
    assert peak < size / 4, f"peak {peak / 2**20:.1f} MiB for a dump of {size / 2**20:.1f} MiB"


def test_a_failed_dump_leaves_no_file_and_keeps_the_old_one(session, visit, tmp_path):
    attachment = records.add_attachment(session, b"contenido", "foto.jpg", "Patio", visit_id=visit.id)
    with session.case.transaction() as conn:  # a damaged file: the bytes are missing
        conn.execute("DELETE FROM attachment_blobs WHERE attachment_id = ?", (attachment.id,))
    folder = tmp_path / "destino"
    folder.mkdir()
    target = folder / "volcado.json"
    target.write_bytes(b"volcado anterior")
    with pytest.raises(NotFound):
        transfer.write_dump(session, target)
    assert [p.name for p in folder.iterdir()] == ["volcado.json"]
    assert target.read_bytes() == b"volcado anterior"
    assert last_audit(session).action != "volcar_json"


def test_temps_left_by_a_killed_dump_are_swept(session, tmp_path):
    left = tmp_path / f"{PREFIX}abc123.json"
    left.write_text('{"audit": [{"actor_name": "identidad reservada"', encoding="utf-8")
    transfer.write_dump(session, tmp_path / "volcado.json")
    assert not left.exists()
    assert not list(tmp_path.glob(PREFIX + "*"))


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM and SIGHUP are POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_cli_dump_turns_termination_into_an_exit_that_removes_the_temp(name):
    """Together with the failed-dump test above: a dump stopped by a shutdown unwinds through
    the atomic write, which deletes its temp file."""
    from npmdesk.commands.transfer import exit_cleanly_on_termination
    sig = getattr(signal, name)
    before = signal.getsignal(sig)
    with pytest.raises(SystemExit) as info, exit_cleanly_on_termination():
        os.kill(os.getpid(), sig)
    assert info.value.code == 128 + sig
    assert signal.getsignal(sig) is before
