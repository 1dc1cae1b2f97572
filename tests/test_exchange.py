"""The exchange folder, read from headers only: what is for me, new, complete, and what would be refused."""

import json
import struct

import pytest

from npmdesk.crypto import package as sealing
from npmdesk.services.exchange import folder as exchange
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions

from package_support import PASSPHRASE, close, make_office
from fast_kdf import FAST_KDF


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def _newer_format(path):
    head = json.dumps({"format": sealing.FORMAT, "version": sealing.VERSION + 1}).encode()
    path.write_bytes(sealing.MAGIC + struct.pack(">I", len(head)) + head + struct.pack(">Q", 0) + bytes(64))


def test_scan_offers_what_is_new_for_me_and_explains_refusals(office, tmp_path):
    o = office
    folder = o.folder
    for old in folder.iterdir():  # the roster package of make_office, already imported
        old.unlink()
    assignment = o.send(o.dora, "asignacion", [o.luis])
    o.send(o.dora, "asignacion", [o.marta])                                  # someone else's
    (folder / "dañado.npmpaq").write_bytes(b"esto no es un paquete")
    _newer_format(folder / "futuro.npmpaq")
    arriving = o.send(o.dora, "revision", [o.luis])
    data = arriving.read_bytes()
    arriving.write_bytes(data[:len(data) // 2])                              # still being copied
    (folder / "nota.txt").write_text("otra cosa")

    stranger = sessions.create_case(tmp_path / "otra.npmcase", PASSPHRASE, owner_name="Persona Ajena", kdf_params=FAST_KDF)
    try:
        identity.create_keys(stranger, stranger.actor.id)
        card = identity.export_card(o.luis, o.luis.actor.id, tmp_path / "luis-tarjeta.json")
        luis_there = identity.import_card(stranger, card)
        luis_there.role = "autor"
        records.save(stranger, luis_there)
        roster.sign_roster(stranger)
        packages.write(stranger, "nomina", [o.luis.actor.id], folder / "ajeno-nomina.npmpaq")
        stranger_report = packages.write(stranger, "expediente", [o.luis.actor.id], folder / "ajeno.npmpaq")
    finally:
        stranger.close()

    found = exchange.scan(o.luis, folder, settle=0)
    assert not found.missing and found.incomplete == 1
    ok = found.importable
    assert [item.path.name for item in ok] == [assignment.name]
    first = next(item for item in ok if item.path == assignment)
    assert (first.kind, first.sender) == ("asignacion", "Dora Directora")
    problems = {item.path.name: item.problem for item in found.offered if item.problem}
    assert problems == {
        "dañado.npmpaq": "no es un paquete de npmdesk",
        "futuro.npmpaq": f"fue creado con una versión más reciente de npmdesk (formato {sealing.VERSION + 1}); "
                         "actualice el programa",
        # With a roster here, a roster package is checked against it before anything is opened.
        "ajeno-nomina.npmpaq": "quien lo envía no figura en la nómina firmada de este expediente",
        stranger_report.name: "es un expediente completo; se abre como expediente nuevo "
                              "(npmdesk package import-case)"}

    arriving.write_bytes(data)                                               # the copy finished
    package_import.import_package(o.luis, assignment)
    again = exchange.scan(o.luis, folder, settle=0)
    assert again.incomplete == 0
    assert assignment not in [item.path for item in again.offered]            # imported: not offered again
    assert arriving in [item.path for item in again.importable]


def test_unknown_sender_is_refused_at_a_glance(office, tmp_path):
    o = office
    stranger = sessions.create_case(tmp_path / "otra.npmcase", PASSPHRASE, owner_name="Persona Ajena", kdf_params=FAST_KDF)
    try:
        identity.create_keys(stranger, stranger.actor.id)
        card = identity.export_card(o.luis, o.luis.actor.id, tmp_path / "luis-tarjeta.json")
        luis_there = identity.import_card(stranger, card)
        luis_there.role = "autor"
        records.save(stranger, luis_there)
        roster.sign_roster(stranger)
        from npmdesk.domain import model
        place = records.save(stranger, model.Place("Otro lugar"))
        visit = records.save(stranger, model.Visit(place.id, "2026-01-01"))
        report = records.save(stranger, model.Report(visit.id, "Otro informe"))
        records.save(stranger, model.Section(report.id, "Trato", position=1, author_ids=[luis_there.id]))
        path = packages.write(stranger, "asignacion", [o.luis.actor.id], o.folder / "ajeno.npmpaq")
    finally:
        stranger.close()
    item = next(i for i in exchange.scan(o.luis, o.folder, settle=0).offered if i.path == path)
    assert item.problem == "quien lo envía no figura en la nómina firmada de este expediente"


def test_a_file_is_considered_once_it_has_settled(office):
    o = office
    for old in o.folder.iterdir():
        old.unlink()
    path = o.send(o.dora, "asignacion", [o.luis])
    data = path.read_bytes()
    path.write_bytes(bytes(len(data)))          # a copier that sets the final size, then fills in
    first = exchange.scan(o.luis, o.folder)
    assert first.incomplete == 1 and first.offered == []
    path.write_bytes(data)
    changed = exchange.scan(o.luis, o.folder, first.stats)
    assert changed.incomplete == 1              # changed since the previous look: not yet
    settled = exchange.scan(o.luis, o.folder, changed.stats)
    assert settled.incomplete == 0 and [i.path for i in settled.importable] == [path]


def test_missing_folder_and_vanishing_share(office, tmp_path):
    found = exchange.scan(office.luis, tmp_path / "no-existe")
    assert found.missing and found.offered == [] and found.incomplete == 0
    empty = tmp_path / "vacía"
    empty.mkdir()
    assert exchange.scan(office.luis, empty).offered == []
