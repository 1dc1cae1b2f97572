"""What run.py measures on one file, in a child process of its own (so peak RSS is its own).

Two phases: ``generate`` (create + populate + close) and ``use`` (unlock, open,
search, open reports, edit sections, dump). Each prints one JSON object.
"""

import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench import synthetic
from npmdesk.crypto import kdf
from npmdesk.domain import model
from npmdesk.services.records import edit as services
from npmdesk.services.session import Session
from npmdesk.storage import records, schema
from npmdesk.storage.casefile import CaseFile, _keyed_connection

QUERIES = (
    "hacinamiento", "nino", "niños", "atencion medica", "tortura", "malos tratos",
    "aislamiento disciplinario", "agua potable", "colchones", "ventilacion", "salud mental",
    "medicacion", "examen medico", "lesiones", "requisa", "esposas", "gas pimienta", "represalias",
    "amenazas", "visitas familiares", "defensoria", "abogado", "interprete", "migrantes",
    "indigenas", "embarazadas", "lactantes", "adolescentes", "discapacidad", "adultos mayores",
    "tuberculosis", "VIH", "sarna", "autolesiones", "suicidio", "protocolo estambul", "hacin",
    "medic", "celd", "pabellon", "filtraciones humedad", "ratas cucarachas", "alimentacion dieta",
    "sobrepoblacion", "videovigilancia", "extintores", "reinsercion social", "prision preventiva",
    "historia clinica", "fotografía celda", "La Joya", "MNPT 2019", "Chiriquí",
    "confidencialidad consentimiento",
)
SEARCH_ROUNDS = 5
SAMPLES = 50
REPEATS = 5


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(values):
    return sorted(values)[len(values) // 2]


def generate(backend: str, path: Path, scale: float, seed: int) -> dict:
    started = time.perf_counter()
    case = synthetic.create_encrypted(path) if backend == "encrypted" else synthetic.create_plain(path)
    try:
        counts = synthetic.populate(case, scale, seed)
    finally:
        case.close()
    return {"generate_s": time.perf_counter() - started, "written": counts,
            "file_mib": path.stat().st_size / 2**20, "peak_rss_mib": peak_rss_mib()}


def _unlock(backend: str, path: Path) -> CaseFile:
    if backend == "encrypted":
        # As the GUI unlocks: above PAGE_CHECK_AT_UNLOCK_MAX_BYTES the page check is left for
        # the background (the command line still checks every page at unlock).
        return CaseFile.open(path, synthetic.BENCH_PASSPHRASE, defer_page_check=True)
    return synthetic.open_plain(path)


def _open_after_key(backend: str, path: Path, raw: bytearray | None) -> float:
    """Connection, pragmas, probe and schema check: the open without the KDF."""
    started = time.perf_counter()
    if backend == "encrypted":
        case = CaseFile(path, _keyed_connection(str(path), raw), bytearray(raw), kdf.CURRENT_KDF)
        schema.prepare(case, None)
    else:
        case = synthetic.open_plain(path)
    elapsed = time.perf_counter() - started
    case.close()
    return elapsed


def _timings(backend: str, path: Path) -> dict:
    out = {"unlock_s": [], "kdf_s": [], "open_s": []}
    for _ in range(REPEATS):
        started = time.perf_counter()
        _unlock(backend, path).close()
        out["unlock_s"].append(time.perf_counter() - started)
    raw = None
    if backend == "encrypted":
        with open(path, "rb") as fh:
            salt = fh.read(kdf.SALT_BYTES)
        for _ in range(REPEATS):
            secret = kdf.normalize(synthetic.BENCH_PASSPHRASE)
            started = time.perf_counter()
            key = kdf.derive_key(secret, salt)
            out["kdf_s"].append(time.perf_counter() - started)
        raw = kdf.sqlcipher_raw_key(key)
    for _ in range(REPEATS):
        out["open_s"].append(_open_after_key(backend, path, raw))
    return {name: (_median(values) if values else 0.0) for name, values in out.items()}


def _dump(session: Session) -> dict:
    try:
        from npmdesk.services.exchange import dump as transfer
    except ImportError as exc:
        return {"skipped": f"npmdesk.services.exchange.dump is not importable ({exc})"}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "volcado.json"
        started = time.perf_counter()
        transfer.write_dump(session, target)
        elapsed = time.perf_counter() - started
        size = target.stat().st_size
    return {"dump_s": elapsed, "dump_mib": size / 2**20}


def use(backend: str, path: Path, seed: int) -> dict:
    result = _timings(backend, path)
    case = _unlock(backend, path)
    try:
        owner = records.get(case.conn, model.TeamMember, case.meta("owner_id"))
        session = Session(case, owner)
        rng = random.Random(seed)
        searches, first_round, hits = [], [], {}
        for round_ in range(SEARCH_ROUNDS):
            for query in QUERIES:
                started = time.perf_counter()
                found = services.find(session, query)
                elapsed = time.perf_counter() - started
                searches.append(elapsed)
                if round_ == 0:
                    first_round.append(elapsed)
                    hits[query] = sorted(h.entity_id for h in found)
        result["search_s"], result["search_first_round_s"] = searches, first_round
        result["search_hits"] = {q: len(ids) for q, ids in hits.items()}
        result["search_hits_digest"] = {
            q: hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] for q, ids in hits.items()}
        report_ids = [r[0] for r in case.query("SELECT id FROM reports ORDER BY id")]
        opens = []
        for report_id in rng.sample(report_ids, min(SAMPLES, len(report_ids))):
            started = time.perf_counter()
            services.get(session, model.Report, report_id)
            services.select(session, model.Section, report_id=report_id)
            opens.append(time.perf_counter() - started)
        result["open_report_s"] = opens
        section_ids = [r[0] for r in case.query("SELECT id FROM sections WHERE body != '' ORDER BY id")]
        edits = []
        for n, section_id in enumerate(rng.sample(section_ids, min(SAMPLES, len(section_ids)))):
            body = services.get(session, model.Section, section_id).body
            body += f"<p>Durante el seguimiento número {n} constatamos que persiste el hacinamiento.</p>"
            started = time.perf_counter()
            services.save_section_body(session, section_id, body)
            edits.append(time.perf_counter() - started)
        result["edit_s"] = edits
        result["peak_rss_before_dump_mib"] = peak_rss_mib()
        result["dump"] = _dump(session)
        result["stored"] = synthetic.stored_counts(case.conn)
    finally:
        case.close()
    result["peak_rss_mib"] = peak_rss_mib()
    return result


def main(argv) -> int:
    phase, backend, path, scale, seed = argv[0], argv[1], Path(argv[2]), float(argv[3]), int(argv[4])
    if phase == "generate":
        result = generate(backend, path, scale, seed)
    else:
        result = use(backend, path, seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
