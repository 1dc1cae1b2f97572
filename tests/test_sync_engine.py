"""A real sync engine between two laptops: two Syncthing instances on 127.0.0.1 sharing an
exchange folder and a case-file folder (tests/syncthing_support.py starts and stops them).

Packages sent on one laptop arrive and import on the other; a package Syncthing is still
writing (under its temporary name) is never offered nor imported half; two laptops editing the
same case file while apart leave Syncthing's conflict copy, which npmdesk finds, and between
the file and its conflict copy neither laptop's edit is lost; a change synced in under an
open session stops its writes, and the session's work is kept in a copy.
"""

import os
import time

import pytest

from npmdesk.domain import model
from npmdesk.errors import CaseFileChangedOutside, CaseFileReplaced, PackageRefused
from npmdesk.services import session as sessions
from npmdesk.services.exchange import folder as exchange
from npmdesk.services.exchange import package_import, packages
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.safekeeping import file_safety

import syncthing_support as st
from fast_kdf import FAST_KDF
from package_support import PASSPHRASE, close, make_office

pytestmark = pytest.mark.skipif(st.BINARY is None, reason=st.MISSING)

# B receives at most this many KiB/s, so a package of a few MB takes seconds to arrive and
# its temporary file can be looked at while it is being written.
RECEIVE_KIB = 768
ATTACHMENT_BYTES = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    started = st.start_pair(tmp_path_factory.mktemp("sync"), ["intercambio", "expedientes"],
                            b_max_recv_kib=RECEIVE_KIB)
    yield started
    st.stop_pair(started)


@pytest.fixture
def office(tmp_path):
    made = make_office(tmp_path)
    yield made
    close(made)


def _in_flight(folder):
    """Syncthing's temporary files: `.syncthing.NAME.tmp` (Unix) or `~syncthing~NAME.tmp` (Windows)."""
    return [p for p in folder.iterdir()
            if p.name.endswith(".tmp") and p.name.startswith((".syncthing.", "~syncthing~"))]


def test_packages_cross_the_synced_exchange_folder_and_never_import_half(pair, office, tmp_path):
    o, a_folder, b_folder = office, pair.a.folder("intercambio"), pair.b.folder("intercambio")
    visit_id = records.get(o.dora, model.Report, o.report_id).visit_id
    photo = os.urandom(ATTACHMENT_BYTES)  # random bytes do not compress: the package stays large
    attachment = records.add_attachment(o.dora, photo, "plano.bin", "Plano del pabellón", visit_id)
    records.save(o.dora, model.Finding(visit_id, "trato", "Celdas sin ventilación", "Texto.",
                                       attachment_ids=[attachment.id]))
    sent = packages.write(o.dora, "asignacion", [o.luis.actor.id], a_folder / "01-asignacion.npmpaq")
    pair.scan(pair.a, "intercambio")
    arrived = b_folder / sent.name

    seen_half = []
    whole = sent.read_bytes()
    caught = tmp_path / "en-vuelo.npmpaq"

    def arrived_whole():
        for temporary in _in_flight(b_folder):
            if arrived.exists():
                break
            look = exchange.scan(o.luis, b_folder, settle=0)
            assert look.offered == [], f"offered while Syncthing was still writing it: {look.offered}"
            try:
                snapshot = temporary.read_bytes()
            except FileNotFoundError:  # renamed into place between the listing and the read
                continue
            if snapshot == whole:  # every block in, the rename still to come: not a half file
                continue
            caught.write_bytes(snapshot)  # the half file as it was read, not as it goes on growing
            try:
                package_import.import_package(o.luis, caught)
            except PackageRefused:
                seen_half.append(snapshot)
            else:
                raise AssertionError(f"imported {temporary.name} while Syncthing was still writing it")
        return arrived.exists()

    st.wait_for(arrived_whole, 40, f"{sent.name} to arrive on laptop B", pair, every=0.05)
    assert seen_half, "the transfer was never caught in flight (Syncthing's temporary file)"
    assert arrived.read_bytes() == sent.read_bytes()
    assert records.select(o.luis, model.Attachment) == []  # nothing of the half files was kept

    [offered] = exchange.scan(o.luis, b_folder, settle=0).importable
    assert (offered.path, offered.kind, offered.sender) == (arrived, "asignacion", "Dora Directora")
    package_import.import_package(o.luis, arrived)
    assert records.attachment_data(o.luis, attachment.id) == photo

    # And back: Luis's section, written on laptop B, reaches Dora on laptop A.
    trato = o.section_ids[0]
    records.save_section_body(o.luis, trato, "Las celdas del pabellón B no tienen ventilación.")
    review.submit_section(o.luis, trato)
    reply = packages.write(o.luis, "entrega", [o.dora.actor.id], b_folder / "02-entrega.npmpaq")
    pair.scan(pair.b, "intercambio")
    back = a_folder / reply.name
    st.wait_for(lambda: back.exists(), 30, f"{reply.name} to arrive on laptop A", pair)
    [offered] = exchange.scan(o.dora, a_folder, settle=0).importable
    assert offered.path == back
    package_import.import_package(o.dora, back)
    assert records.get(o.dora, model.Section, trato).body == "Las celdas del pabellón B no tienen ventilación."


def _edit(path, place_name):
    session = sessions.open_case(path, PASSPHRASE)
    try:
        records.save(session, model.Place(place_name))
    finally:
        session.close()


def _places(path):
    session = sessions.open_case(path, PASSPHRASE, read_only=True)
    try:
        return {place.name for place in records.select(session, model.Place)}
    finally:
        session.close()


def test_a_case_file_edited_on_both_laptops_leaves_a_conflict_copy_that_is_found(pair):
    on_a = pair.a.folder("expedientes") / "caso.npmcase"
    on_b = pair.b.folder("expedientes") / on_a.name
    session = sessions.create_case(on_a, PASSPHRASE, owner_name="Dora Directora", kdf_params=FAST_KDF)
    records.save(session, model.Place("Centro Penitenciario La Joya"))
    session.close()
    st.wait_for(lambda: on_b.exists() and on_b.read_bytes() == on_a.read_bytes(), 30,
                "the case file to reach laptop B", pair)
    pair.wait_in_sync("expedientes")
    assert file_safety.conflict_copies(on_b) == []

    pair.pause()                      # the laptops apart (no network), each one edits its copy
    _edit(on_a, "Centro de Cumplimiento de Menores")
    time.sleep(1.1)                   # B's edit is the newer one: Syncthing keeps it under the name
    _edit(on_b, "Cárcel Pública de David")
    pair.resume()

    st.wait_for(lambda: file_safety.conflict_copies(on_a) and file_safety.conflict_copies(on_b), 40,
                "Syncthing's conflict copy on both laptops", pair)
    pair.wait_in_sync("expedientes")
    [copy_a], [copy_b] = file_safety.conflict_copies(on_a), file_safety.conflict_copies(on_b)
    assert copy_a.name == copy_b.name and ".sync-conflict-" in copy_a.name
    assert on_a.read_bytes() == on_b.read_bytes() and copy_a.read_bytes() == copy_b.read_bytes()
    # Both are sound case files, and together they hold both laptops' edits.
    kept, conflict = _places(on_a), _places(copy_a)
    assert kept == {"Centro Penitenciario La Joya", "Cárcel Pública de David"}
    assert conflict == {"Centro Penitenciario La Joya", "Centro de Cumplimiento de Menores"}


def test_a_change_synced_in_under_an_open_session_stops_its_writes_and_its_work_is_kept(pair):
    on_a = pair.a.folder("expedientes") / "vivo.npmcase"
    on_b = pair.b.folder("expedientes") / on_a.name
    sessions.create_case(on_a, PASSPHRASE, owner_name="Dora Directora", kdf_params=FAST_KDF).close()
    st.wait_for(lambda: on_b.exists() and on_b.read_bytes() == on_a.read_bytes(), 30,
                "the case file to reach laptop B", pair)
    pair.wait_in_sync("expedientes")
    opened = on_a.stat().st_ino

    session = sessions.open_case(on_a, PASSPHRASE)   # left open on laptop A, as over a lunch break
    try:
        records.save(session, model.Place("Centro Femenino de Rehabilitación"))
        # Syncthing also carries A's -wal, -shm and -lock beside the file: B opens its own copy
        # as a writer all the same (the lock is per machine), edits it and closes it.
        pair.wait_in_sync("expedientes")
        _edit(on_b, "Cárcel Pública de David")
        st.wait_for(lambda: on_a.exists() and on_a.stat().st_ino != opened, 30,
                    "Syncthing to deliver B's version on laptop A", pair)
        with pytest.raises((CaseFileReplaced, CaseFileChangedOutside)):
            records.save(session, model.Place("Escrito después de la sincronización"))
        kept = file_safety.save_session_copy(session)
    finally:
        session.close()
    pair.wait_in_sync("expedientes")
    assert "Cárcel Pública de David" in _places(on_a)
    assert "Centro Femenino de Rehabilitación" in _places(kept)
    assert "Escrito después de la sincronización" not in _places(on_a) | _places(kept)
