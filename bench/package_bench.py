"""Package create and import timings, as ratios against a bare AES-256-GCM of the same payload.

Two laptops (a director and an author) wired by packages alone, as the tests set them up; the
report carries `--attachments` photos of `--kib` KiB of random bytes (incompressible, as JPEGs
are) cited by a finding, so the package is mostly attachment bytes. Measured, median of
`--rounds`:

- **create**: `services.packages.create` of a 'revision' package (payload built, sealed, signed,
  one bitácora entry);
- **import**: `services.package_import.import_package` of it on the author's laptop, as a dry run
  (everything checked, decrypted and merged, then rolled back, so every round does the same work);
- **baseline**: canonical JSON + zlib + AES-256-GCM encryption of that very payload (create), and
  its decryption + inflation + JSON parsing (import): what any encrypted package must at least do.

Only public service functions are called, so the same script measures an older tree too:

    git archive ecc9a97 | tar -x -C /tmp/npmdesk-before && cp bench/package_bench.py /tmp/npmdesk-before/bench/
    (cd /tmp/npmdesk-before && PYTHONPATH=$PWD python -m bench.package_bench)
    PYTHONPATH=$PWD python -m bench.package_bench

Whole-service figures on a shared machine are noisy, so `--crypto OLD.py` also times the
sealing alone, interleaved in one process: `seal`, and `parse` + `verify` + `open_for` (three
recipients), of this tree's crypto/package.py and of OLD.py (e.g. the previous
crypto/package.py from the archive above), each against the same bare AES-256-GCM baseline.
"""

import argparse
import importlib.util
import json
import os
import statistics
import tempfile
import time
import zlib
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from npmdesk.crypto.hashing import canonical_json
from npmdesk.domain import model
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions

PASSPHRASE = "Frase de banco de pruebas 2026"


def _office(folder: Path, attachments: int, kib: int):
    dora = sessions.create_case(folder / "dora.npmcase", PASSPHRASE, owner_name="Dora Directora")
    luis = sessions.create_case(folder / "luis.npmcase", PASSPHRASE, owner_name="Luis Autor",
                                owner_discipline="derecho")
    for person in (dora, luis):
        identity.create_keys(person, person.actor.id)
    member = identity.import_card(dora, identity.export_card(luis, luis.actor.id, folder / "luis.json"))
    member.role = "autor"
    records.save(dora, member)
    roster.sign_roster(dora)
    nomina = folder / "nomina.npmpaq"
    packages.write(dora, "nomina", [luis.actor.id], nomina)
    package_import.import_package(luis, nomina)
    place = records.save(dora, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(dora, model.Visit(place.id, "2026-03-02"))
    report = records.save(dora, model.Report(visit.id, "Informe de visita a La Joya"))
    for n in range(12):
        records.save(dora, model.Section(report.id, f"Sección {n + 1}", position=n + 1,
                                         author_ids=[luis.actor.id]))
    photos = [records.add_attachment(dora, os.urandom(kib * 1024), f"foto-{n}.jpg", f"Foto {n}", visit.id).id
              for n in range(attachments)]
    records.save(dora, model.Finding(visit.id, "trato", "Aislamiento prolongado", "Texto del hallazgo.",
                                     attachment_ids=photos))
    return dora, luis, report.id


def _median(fn, rounds: int) -> float:
    times = []
    for _round in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(attachments: int, kib: int, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dora, luis, report_id = _office(folder, attachments, kib)
        try:
            target = folder / "revision.npmpaq"
            create = _median(lambda: target.write_bytes(
                packages.create(dora, "revision", [luis.actor.id], report_id)), rounds)
            size = target.stat().st_size
            imported = _median(lambda: package_import.import_package(luis, target, apply=False), rounds)
            payload, _scope = packages.build_payload(dora, "revision", dora.actor, report_id)
        finally:
            dora.close()
            luis.close()
    key, nonce = AESGCM.generate_key(256), os.urandom(12)
    sealed = {}

    def bare_seal():
        sealed["ct"] = AESGCM(key).encrypt(nonce, zlib.compress(canonical_json(payload), 6), b"")

    def bare_open():
        json.loads(zlib.decompress(AESGCM(key).decrypt(nonce, sealed["ct"], b"")))
    base_create = _median(bare_seal, rounds)
    base_import = _median(bare_open, rounds)
    return {"attachments": attachments, "kib": kib, "package_bytes": size,
            "create_s": create, "import_s": imported, "base_create_s": base_create, "base_import_s": base_import,
            "create_ratio": create / base_create, "import_ratio": imported / base_import}


def _load(path: str):
    spec = importlib.util.spec_from_file_location("package_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_crypto(implementations: dict, mib: int, rounds: int) -> list[tuple]:
    """(name, seal s, open s) per implementation, and the bare baseline, all on one payload."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, PublicFormat, NoEncryption
    import base64
    payload = {"blobs": {"a": base64.b64encode(os.urandom(mib * 1024 * 1024)).decode("ascii")},
               "records": {"section": [{"id": str(n), "body": "texto " * 200} for n in range(200)]}}
    sign = Ed25519PrivateKey.generate()
    sign_private = sign.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    sign_public = sign.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    boxes = {f"m{n}": X25519PrivateKey.generate() for n in range(3)}
    publics = {m: k.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) for m, k in boxes.items()}
    privates = {m: k.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()) for m, k in boxes.items()}
    header = {"kind": "revision", "package_id": "p", "created_at": "2026-12-01T00:00:00+00:00", "case_id": "c",
              "scope": "r", "sender_id": "s", "sender_fingerprint": "f"}
    times = {name: ([], []) for name in implementations}
    for _round in range(rounds):  # interleaved, so a busy moment costs every implementation alike
        for name, module in implementations.items():
            start = time.perf_counter()
            data = module.seal(payload, header, sign_private, publics)
            middle = time.perf_counter()
            sealed = module.parse(data)
            assert module.verify(sealed, sign_public)
            assert module.open_for(sealed, "m1", privates["m1"]) == payload
            times[name][0].append(middle - start)
            times[name][1].append(time.perf_counter() - middle)
    key, nonce = AESGCM.generate_key(256), os.urandom(12)
    ct = AESGCM(key).encrypt(nonce, zlib.compress(canonical_json(payload), 6), b"")
    base_seal = _median(lambda: AESGCM(key).encrypt(nonce, zlib.compress(canonical_json(payload), 6), b""), rounds)
    base_open = _median(lambda: json.loads(zlib.decompress(AESGCM(key).decrypt(nonce, ct, b""))), rounds)
    rows = [(name, statistics.median(s), statistics.median(o)) for name, (s, o) in times.items()]
    return rows + [("bare AES-256-GCM + zlib + JSON", base_seal, base_open)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attachments", type=int, nargs="+", default=[0, 10, 40])
    parser.add_argument("--kib", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--crypto", metavar="OLD.py", help="also time crypto/package.py against this older copy")
    parser.add_argument("--mib", type=int, default=8, help="attachment bytes in the --crypto payload")
    args = parser.parse_args(argv)
    if args.crypto:
        from npmdesk.crypto import package as current
        rows = measure_crypto({"before": _load(args.crypto), "after": current}, args.mib, args.rounds)
        base = rows[-1]
        print(f"Sealing alone, {args.mib} MiB of attachment bytes, three recipients, median of {args.rounds}:")
        print("| | seal | ratio | parse + verify + open | ratio |\n|---|---:|---:|---:|---:|")
        for name, seal, opened in rows:
            print(f"| {name} | {seal * 1e3:.1f} ms | {seal / base[1]:.2f}× | {opened * 1e3:.1f} ms "
                  f"| {opened / base[2]:.2f}× |")
        return 0
    print("| photos | package | create | bare AES-GCM | ratio | import (dry run) | bare AES-GCM | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.attachments:
        r = measure(count, args.kib, args.rounds)
        print(f"| {count} × {args.kib} KiB | {r['package_bytes'] / 1e6:.1f} MB | {r['create_s'] * 1e3:.0f} ms "
              f"| {r['base_create_s'] * 1e3:.1f} ms | {r['create_ratio']:.1f}× | {r['import_s'] * 1e3:.0f} ms "
              f"| {r['base_import_s'] * 1e3:.1f} ms | {r['import_ratio']:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
