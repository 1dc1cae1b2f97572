"""Every refused package gives a Spanish reason and writes nothing; a fuzzer checks the rest."""

import random

import pytest

from npmdesk.crypto import package as sealing
from npmdesk.domain import model
from npmdesk.errors import PackageRefused
from npmdesk.services.exchange import package_auth
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions

from package_support import PASSPHRASE, close, make_office
from fast_kdf import FAST_KDF

TABLES = ["audit", "sections", "reports", "revisions", "signatures", "observations", "rosters",
          "team_members", "package_imports", "section_conflicts", "findings", "places"]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    made = make_office(tmp_path_factory.mktemp("oficina"))
    yield made
    close(made)


def snapshot(session) -> dict:
    return {t: session.case.query(f"SELECT * FROM {t} ORDER BY rowid") for t in TABLES}


def refusal(session, path) -> str:
    before = snapshot(session)
    with pytest.raises(PackageRefused) as caught:
        package_import.import_package(session, path)
    assert snapshot(session) == before
    return caught.value.message()


def test_addressed_to_someone_else(office):
    path = office.send(office.dora, "asignacion", [office.marta])
    assert refusal(office.luis, path) == ("No se puede importar el paquete: está dirigido a otra persona. "
                                          "No se ha modificado nada.")


def test_unknown_sender(office, tmp_path):
    stranger = sessions.create_case(tmp_path / "extraña.npmcase", PASSPHRASE, owner_name="Eva Extraña", kdf_params=FAST_KDF)
    try:
        identity.create_keys(stranger, stranger.actor.id)
        card = identity.export_card(office.luis, office.luis.actor.id, tmp_path / "luis.json")
        identity.import_card(stranger, card)
        roster.sign_roster(stranger)
        place = records.save(stranger, model.Place("Otro centro"))
        visit = records.save(stranger, model.Visit(place.id, "2026-01-01"))
        records.save(stranger, model.Report(visit.id, "Informe ajeno"))
        path = tmp_path / "ajeno.npmpaq"
        packages.write(stranger, "asignacion", [office.luis.actor.id], path)
    finally:
        stranger.close()
    assert "quien lo envía no figura en la nómina firmada" in refusal(office.luis, path)


def test_tampered_truncated_and_padded(office, tmp_path):
    data = office.send(office.dora, "asignacion", [office.luis]).read_bytes()
    tampered = bytearray(data)
    tampered[len(data) // 2] ^= 0x01
    cases = {"alterado.npmpaq": bytes(tampered), "cortado.npmpaq": data[:len(data) - 10],
             "largo.npmpaq": data + b"x", "vacio.npmpaq": b"", "otro.npmpaq": b"PK\x03\x04docx"}
    reasons = {}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        reasons[name] = refusal(office.luis, tmp_path / name)
    assert "la firma no es válida; el paquete fue alterado" in reasons["alterado.npmpaq"]
    assert "incompleto" in reasons["cortado.npmpaq"] and "de más" in reasons["largo.npmpaq"]
    assert "no es un paquete de npmdesk" in reasons["vacio.npmpaq"]
    assert "no es un paquete de npmdesk" in reasons["otro.npmpaq"]
    assert "no se puede leer el archivo" in refusal(office.luis, tmp_path / "no-existe.npmpaq")


def test_newer_format(office, tmp_path):
    data = office.send(office.dora, "asignacion", [office.luis]).read_bytes()
    newer = data.replace(b'"version":%d' % sealing.VERSION, b'"version":%d' % (sealing.VERSION + 1), 1)
    assert newer != data
    (tmp_path / "nuevo.npmpaq").write_bytes(newer)
    assert "versión más reciente de npmdesk" in refusal(office.luis, tmp_path / "nuevo.npmpaq")


def test_older_than_what_was_imported(office):
    old = office.send(office.dora, "revision", [office.marta])
    new = office.send(office.dora, "revision", [office.marta])
    package_import.import_package(office.marta, new)
    assert "es anterior a otro paquete" in refusal(office.marta, old)


def test_forged_signature_inside_a_validly_signed_package(office, tmp_path):
    """A sender cannot slip in an approval nobody signed: the inner signatures are checked too."""
    dora = office.dora
    payload, scope = packages.build_payload(dora, "revision", dora.actor, office.report_id)
    payload["signatures"] = [{"id": model.new_id(), "kind": "section", "target_id": office.section_ids[0],
                              "decision": "aprobar", "statement": {"target_id": office.section_ids[0],
                                                                    "decision": "aprobar"},
                              "signer_fingerprint": "x", "signature": "00", "void": False,
                              "created_at": model.now_utc()}]
    path = _sealed(dora, payload, scope, "revision", office.luis.actor.id, tmp_path / "falsa.npmpaq")
    assert "firma que no se puede verificar" in refusal(office.luis, path)


def _sealed(sender, payload, scope, kind, to_id, path):
    keys = identity.signing_keys(sender, sender.actor)
    header = {"kind": kind, "package_id": model.new_id(), "created_at": model.now_utc(),
              "case_id": package_auth.team_case_id(sender), "sender_id": sender.actor.id, "scope": scope,
              "sender_fingerprint": keys.fingerprint}
    box = packages.recipient_keys(sender, [to_id])
    path.write_bytes(sealing.seal(payload, header, keys.sign_private, box))
    return path


def _mutations(payload: dict, rng: random.Random):
    """Signed-but-wrong contents: bad fields, dangling links, revisions that lie about their hash."""
    import copy
    for _round in range(40):
        bad = copy.deepcopy(payload)
        choice = rng.randrange(6)
        if choice == 0:
            bad["records"]["section"][0]["state"] = 7
            bad["records"]["section"][0]["title"] = None
        elif choice == 1:
            bad["records"]["section"][0]["report_id"] = model.new_id()
            bad["records"]["report"] = []
        elif choice == 2:
            section_id = next(iter(bad["revisions"]))
            bad["revisions"][section_id] = [{"id": model.new_id(), "section_id": section_id, "number": 1,
                                             "body": "x", "body_sha256": "0" * 64, "author_id": "a",
                                             "created_at": model.now_utc()}]
        elif choice == 3:
            del bad[rng.choice(["records", "revisions", "signatures", "observations", "blobs"])]
        elif choice == 4:
            bad["records"]["place"][0]["kind"] = "no_existe"
        else:
            bad["records"] = rng.choice([[], "texto", None, {"section": [{"id": 3}]}])
        yield bad


def test_fuzzed_packages_are_all_refused_and_write_nothing(office, tmp_path):
    rng = random.Random(2026)
    luis, dora = office.luis, office.dora
    data = office.send(dora, "revision", [luis]).read_bytes()
    before = snapshot(luis)
    target = tmp_path / "mutado.npmpaq"
    reasons = set()
    for i in range(3000):
        mutated = bytearray(data)
        how = i % 4
        if how == 0:
            mutated = mutated[:rng.randrange(len(data))]
        elif how == 1:
            for _flip in range(rng.randint(1, 4)):
                mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
        elif how == 2:
            at = rng.randrange(len(mutated))
            mutated[at:at] = bytes(rng.randrange(256) for _n in range(rng.randint(1, 16)))
        else:
            at = rng.randrange(len(sealing.MAGIC), min(len(mutated), 400))
            mutated[at] = rng.randrange(256)
        if bytes(mutated) == data:
            continue
        target.write_bytes(bytes(mutated))
        with pytest.raises(PackageRefused) as caught:
            package_import.import_package(luis, target)
        reasons.add(caught.value.message())
    payload, scope = packages.build_payload(dora, "revision", dora.actor, office.report_id)
    for n, bad in enumerate(_mutations(payload, rng)):
        path = _sealed(dora, bad, scope, "revision", luis.actor.id, tmp_path / f"contenido-{n}.npmpaq")
        with pytest.raises(PackageRefused) as caught:
            package_import.import_package(luis, path)
        reasons.add(caught.value.message())
    assert snapshot(luis) == before
    assert all(r.startswith("No se puede importar el paquete: ") and r.endswith("No se ha modificado nada.")
               for r in reasons)
    assert len(reasons) >= 4


def test_author_cannot_deliver_someone_elses_section(office, tmp_path):
    luis = office.luis
    office.deliver(office.dora, "asignacion", [luis, office.marta])
    salud = office.section_ids[1]
    from npmdesk.storage import records as store
    with luis.case.lock:
        report = store.get(luis.case.conn, model.Report, office.report_id)
        section = store.get(luis.case.conn, model.Section, salud)
        payload = packages._report_payload(luis.case.conn, report, [section])
    path = _sealed(luis, payload, office.report_id, "entrega", office.dora.actor.id, tmp_path / "ajena.npmpaq")
    assert "sección que no tiene asignada" in refusal(office.dora, path)


@pytest.mark.parametrize("chain", ["basura", [], [{"body": 1}], None])
def test_roster_package_with_a_broken_chain(office, tmp_path, chain):
    path = _sealed(office.dora, {"roster": chain}, "nomina", "nomina", office.luis.actor.id,
                   tmp_path / "nomina.npmpaq")
    assert "la nómina que contiene no es válida" in refusal(office.luis, path)


def test_roster_update_reaches_authors(office, tmp_path):
    dora, luis = office.dora, office.luis
    member = records.save(dora, model.TeamMember("Rita Revisora", "derecho", "revisor"))
    identity.create_keys(dora, member.id, "Rita revisa con calma 2026", kdf_params=FAST_KDF)
    roster.sign_roster(dora)
    [summary] = office.deliver(dora, "nomina", [luis])
    assert summary.roster_version == 2
    assert roster.current(luis).role(member.id) == "revisor"
