"""The bundle verified WITHOUT npmdesk, as docs/formato-archivo.md tells an archivist to: the bag
with `bagit.py --validate`, the content hash with `sha256sum`, the signatures with
docs/verificar_archivo.py (standard library + cryptography) run isolated (-I, empty environment,
cwd outside the repository, npmdesk blocked from import)."""

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from npmdesk.export import bag
from npmdesk.services.archive import bundle as archive
from npmdesk.services.team import trust

from test_archive import approve_all
from test_archive_revocation import revoked  # noqa: F401 (fixture)

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "verificar_archivo.py"
# Runs a script with every import of npmdesk refused (the venv's editable install would find it).
RUNNER = """
import importlib.abc, runpy, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "npmdesk" or name.startswith("npmdesk."):
            raise ModuleNotFoundError("npmdesk no está disponible aquí")
sys.meta_path.insert(0, Block())
script, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_path(script, run_name="__main__")
"""


def isolated(tmp_path, *args):
    outside = tmp_path / "fuera"
    outside.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-I", "-c", RUNNER, *map(str, args)], cwd=outside, env={},
                          capture_output=True, text=True, timeout=120)


def extract(zipped, folder) -> Path:
    with zipfile.ZipFile(zipped) as archive_zip:
        archive_zip.extractall(folder)
    return folder / "archivo"


@pytest.fixture
def real(session, tmp_path):
    built = approve_all(session)
    made = archive.export_archive(session, built.report.id, tmp_path / "informe.docx", tmp_path / "archivo.zip",
                                  with_pdf=False)
    return made.bundle, trust.pinned(session)


def test_npmdesk_is_not_importable_in_the_isolated_run(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import cryptography\nimport npmdesk\n", encoding="utf-8")
    done = isolated(tmp_path, probe)
    assert done.returncode != 0 and "npmdesk no está disponible aquí" in done.stderr


def test_standard_tools_verify_a_real_bundle(real, tmp_path):
    zipped, code = real
    folder = extract(zipped, tmp_path / "ext")
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(folder)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "is valid" in done.stderr
    manifest = json.loads((folder / "data" / "manifiesto.json").read_text(encoding="utf-8"))["manifiesto"]
    report_approval = next(a for a in manifest["approvals"] if a["statement"]["kind"] == "report")
    if shutil.which("sha256sum"):
        summed = subprocess.run(["sha256sum", "data/contenido-aprobado.json"], cwd=folder, capture_output=True,
                                text=True, check=True).stdout.split()[0]
    else:
        summed = hashlib.sha256((folder / "data" / "contenido-aprobado.json").read_bytes()).hexdigest()
    assert summed == report_approval["statement"]["content_sha256"] == manifest["report_sha256"]
    done = isolated(tmp_path, SCRIPT, folder, "--director", code)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VÁLIDO: intacto" in done.stdout and "Aprobación válida de Rosa Revisora" in done.stdout
    done = isolated(tmp_path, SCRIPT, folder)
    assert done.returncode == 3 and code in done.stdout
    done = isolated(tmp_path, SCRIPT, folder, "--director", "12345 " * 12)
    assert done.returncode == 1 and "no parte de la raíz" in done.stdout


def test_one_changed_byte_of_the_approved_content_is_rejected(real, tmp_path):
    """ADVERSARY: one byte of the approved content changed and the bag's manifests recomputed, so
    `bagit.py --validate` passes: the signed hashes are what refuse it."""
    zipped, code = real
    found = bag.read_zip(zipped)
    raw = found.payload["contenido-aprobado.json"]
    at = raw.index(b'"title":"') + len(b'"title":"')
    changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:]
    assert len(changed) == len(raw) and sum(a != b for a, b in zip(raw, changed)) == 1
    forged = tmp_path / "falso.zip"
    with open(forged, "wb") as handle:
        bag.write_zip(handle, found.top, {**found.payload, "contenido-aprobado.json": changed}, {})
    folder = extract(forged, tmp_path / "falso")
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(folder)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0  # the bag itself holds: the adversary recomputed it
    done = isolated(tmp_path, SCRIPT, folder, "--director", code)
    assert done.returncode == 1 and done.stdout.startswith("NO VÁLIDO: los archivos no son los que firma")
    # The manifest's hash updated too: then its signature no longer holds.
    manifest = json.loads(found.payload["manifiesto.json"])
    manifest["manifiesto"]["files"]["contenido-aprobado.json"] = hashlib.sha256(changed).hexdigest()
    manifest["manifiesto"]["report_sha256"] = hashlib.sha256(changed).hexdigest()
    with open(forged, "wb") as handle:
        bag.write_zip(handle, found.top, {**found.payload, "contenido-aprobado.json": changed,
                                          "manifiesto.json": json.dumps(manifest).encode()}, {})
    folder = extract(forged, tmp_path / "falso2")
    done = isolated(tmp_path, SCRIPT, folder, "--director", code)
    assert done.returncode == 1 and done.stdout.startswith("NO VÁLIDO: la firma del manifiesto no es válida")


def test_the_script_refuses_an_approval_by_a_removed_reviewer(revoked, session, tmp_path):
    _, made = revoked
    folder = extract(made.bundle, tmp_path / "rev")
    done = isolated(tmp_path, SCRIPT, folder, "--director", trust.pinned(session))
    assert done.returncode == 1
    assert done.stdout.startswith("NO VÁLIDO: Rosa Revisora firmó con la versión 1 de la nómina, pero en la "
                                  "vigente (la 2) ya no tenía ese rol o esa clave")
