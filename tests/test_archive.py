"""The signed archive bundle from a real encrypted case file, and `verify` on it and on tampered copies."""

import hashlib
import json
import shutil
import zipfile

import pytest
from docx import Document

from export_fixture import FIELD_SECRET, NOTE_SECRET, REAL_NAMES, build_report
from npmdesk import cli
from npmdesk.export import spanish
from npmdesk.domain import model
from npmdesk.export import bag, bundle, pdf
from npmdesk.services.team import trust
from npmdesk.services.archive import bundle as archive
from npmdesk.services.archive import word as export
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from npmdesk.storage import audit_log
from npmdesk.storage import records as store
from fast_kdf import FAST_KDF

ROSA_PASS = "Rosa revisa con calma 2026"


@pytest.fixture
def approved(session):
    """The export fixture's report, every section approved by Rosa and the report by Ana (director)."""
    return approve_all(session)


def approve_all(session):
    built = build_report(session)
    rosa = records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    identity.create_keys(session, session.actor.id)
    identity.create_keys(session, rosa.id, ROSA_PASS, kdf_params=FAST_KDF)
    roster.sign_roster(session)
    for section in built.sections:
        with session.case.transaction() as conn:  # Ana wrote the sections; Rosa reviews them
            stored = store.get(conn, model.Section, section.id)
            stored.author_ids = [session.actor.id]
            store.save(conn, stored)
        review.submit_section(session, section.id)
        review.approve_section(session, section.id, as_member=rosa.id)
    review.approve_report(session, built.report.id)
    return built


def make_bundle(session, built, tmp_path, with_pdf=False):
    return archive.export_archive(session, built.report.id, tmp_path / "informe.docx",
                                  tmp_path / "archivo.zip", with_pdf=with_pdf)


def rewrite(source, target, change):
    """ADVERSARY: copy a bundle, letting `change(name, data)` return new bytes or None (drop the
    file) for each file of data/, then recompute the BagIt manifests and Payload-Oxum, so that
    only the signed manifest and the hashes it signs can show the change."""
    found = bag.read_zip(source)
    data = {}
    for name, content in found.payload.items():
        changed = change(name, content)
        if changed is not None:
            data[name] = changed
    with open(target, "wb") as handle:
        bag.write_zip(handle, found.top, data, {})
    return target


def edit_manifest(source, target, edit):
    def change(name, data):
        if name != bundle.MANIFEST:
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode("utf-8")
    return rewrite(source, target, change)


def bad_lines(verdict):
    return [line.text for line in verdict.lines if not line.ok]


@pytest.fixture
def made(session, approved, tmp_path):
    return make_bundle(session, approved, tmp_path)


def test_bundle_from_an_approved_report_verifies(made, approved, session):
    verdict = bundle.verify(made.bundle, [trust.pinned(session)])
    assert verdict.valid, bad_lines(verdict)
    assert verdict.root_code == trust.pinned(session) and verdict.root_name == "Ana Directora"
    texts = "\n".join(line.text for line in verdict.lines)
    assert "«informe.docx»: intacto" in texts
    assert "Aprobación del informe por Ana Directora: válida" in texts
    assert texts.count("Aprobación de la sección") == len(approved.sections)
    assert "Firma del manifiesto: válida, de Ana Directora" in texts
    assert "Bolsa BagIt «archivo»: válida (manifiestos y Payload-Oxum)." in texts
    assert "Bitácora archivada:" in texts and "Contenido aprobado: recalculado" in texts
    with zipfile.ZipFile(made.bundle) as z:
        names = sorted(z.namelist())
        manifest = json.loads(z.read("archivo/data/manifiesto.json"))["manifiesto"]
        raw = "".join(z.read(n).decode("utf-8") for n in names if not n.endswith(".docx"))
    sections = [f"archivo/data/secciones/{s.id}.html" for s in approved.sections]
    assert names == sorted(["archivo/bagit.txt", "archivo/bag-info.txt", "archivo/manifest-sha256.txt",
                            "archivo/manifest-sha512.txt", "archivo/tagmanifest-sha256.txt",
                            "archivo/tagmanifest-sha512.txt", "archivo/data/informe.docx",
                            "archivo/data/contenido-aprobado.json", "archivo/data/bitacora.json",
                            "archivo/data/manifiesto.json", *sections])
    # The archived content hashes to the report's approval: sha256sum of the file is enough.
    with zipfile.ZipFile(made.bundle) as z:
        archived = z.read("archivo/data/contenido-aprobado.json")
    report_approval = next(a for a in manifest["approvals"] if a["statement"]["kind"] == "report")
    assert hashlib.sha256(archived).hexdigest() == report_approval["statement"]["content_sha256"]
    # Public keys only, and nothing of the interviews.
    assert all("sign_public" in m for m in manifest["roster"][0]["body"]["members"].values())
    private = identity.signing_keys(session, session.actor)
    for secret in (*REAL_NAMES, NOTE_SECRET, FIELD_SECRET, "teme represalias",
                   private.sign_private.hex(), private.box_private.hex()):
        assert secret not in raw
    with session.case.lock:
        actions = [e.action for e in audit_log.entries(session.case.conn)]
    assert actions[-3:] == ["anclar_bitacora", "exportar", "archivar"]


def test_anchor_is_printed_in_the_document(made):
    with zipfile.ZipFile(made.bundle) as z:
        anchor = json.loads(z.read("archivo/data/manifiesto.json"))["manifiesto"]["anchor"]["statement"]
    text = "\n".join(p.text for p in Document(made.export.path).paragraphs)
    # on the integrity page, as its short code (issue 15: no raw 64-digit hash in the body)
    code = "\u2011".join(anchor["hash"][i:i + 4] for i in range(0, 24, 4))
    assert f"Bitácora del expediente: {spanish.number(anchor['count'])} entradas al exportar; código de control {code}." in text
    assert anchor["hash"] not in text


def test_changed_byte_in_the_docx_is_named(made, tmp_path):
    def flip(name, data):
        if name == "informe.docx":
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
            return bytes(data)
        return data
    verdict = bundle.verify(rewrite(made.bundle, tmp_path / "t.zip", flip))
    assert not verdict.valid
    assert bad_lines(verdict) == ["«informe.docx» fue modificado: su SHA-256 no coincide con el del manifiesto."]


def test_removed_and_added_files_are_named(made, tmp_path):
    removed = rewrite(made.bundle, tmp_path / "r.zip", lambda n, d: None if n == "informe.docx" else d)
    assert bad_lines(bundle.verify(removed)) == ["Falta «informe.docx», que figura en el manifiesto."]

    added = shutil.copy(made.bundle, tmp_path / "a.zip")
    with zipfile.ZipFile(added, "a") as z:  # not in the bag's manifests: BagIt says so
        z.writestr("archivo/data/nota.txt", "añadido después")
    bad = bad_lines(bundle.verify(added))
    assert any(b.startswith("La bolsa BagIt no es válida: Payload-Oxum") for b in bad)
    assert bad[-1] == "«nota.txt» no figura en el manifiesto: es un archivo añadido."
    # The adversary recomputes the bag's manifests: only the signed manifest shows the addition.
    found = bag.read_zip(made.bundle)
    with open(tmp_path / "a2.zip", "wb") as handle:
        bag.write_zip(handle, found.top, {**found.payload, "nota.txt": "añadido".encode()}, {})
    added = tmp_path / "a2.zip"
    assert bad_lines(bundle.verify(added)) == ["«nota.txt» no figura en el manifiesto: es un archivo añadido."]


def test_missing_manifest(made, tmp_path):
    gone = rewrite(made.bundle, tmp_path / "m.zip", lambda n, d: None if n == bundle.MANIFEST else d)
    bad = bad_lines(bundle.verify(gone))
    assert bad[0] == "Falta manifiesto.json: el paquete no se puede verificar."
    assert "«informe.docx» no se puede comprobar sin manifiesto." in bad


def test_edited_manifest_breaks_its_signature(made, tmp_path):
    def forge(manifest):
        manifest["manifiesto"]["report"]["title"] = "Otro título"
    verdict = bundle.verify(edit_manifest(made.bundle, tmp_path / "e.zip", forge))
    assert bad_lines(verdict) == [
        "La firma del manifiesto no es válida: el manifiesto se modificó después de firmarse "
        "o la firma no corresponde a Ana Directora."]


def test_forged_approval_signature_is_reported(made, tmp_path):
    def forge(manifest):
        item = manifest["manifiesto"]["approvals"][-1]
        assert item["statement"]["kind"] == "report"
        item["statement"]["decision"] = "aprobar_informe"
        sig = bytearray.fromhex(item["signature"])
        sig[0] ^= 0xFF
        item["signature"] = sig.hex()
    verdict = bundle.verify(edit_manifest(made.bundle, tmp_path / "f.zip", forge))
    bad = bad_lines(verdict)
    assert "«Informe de la visita al Centro Penitenciario La Joya»: firma no válida (aprobar_informe)." in bad
    assert "El informe figura como aprobado pero el paquete no contiene una aprobación firmada válida del informe." in bad
    assert any(b.startswith("La firma del manifiesto no es válida") for b in bad)


def test_manifest_signature_itself_tampered(made, tmp_path):
    def forge(manifest):
        sig = bytearray.fromhex(manifest["firma"])
        sig[-1] ^= 0x01
        manifest["firma"] = sig.hex()
    assert bad_lines(bundle.verify(edit_manifest(made.bundle, tmp_path / "s.zip", forge))) == [
        "La firma del manifiesto no es válida: el manifiesto se modificó después de firmarse "
        "o la firma no corresponde a Ana Directora."]


def test_unknown_signer_and_wrong_director(made, tmp_path):
    def stranger(manifest):
        manifest["manifiesto"]["signer"]["fingerprint"] = "0000 0000 0000 0000 0000 0000 0000 0000"
    bad = bad_lines(bundle.verify(edit_manifest(made.bundle, tmp_path / "u.zip", stranger)))
    assert bad == ["El manifiesto está firmado por una persona que no figura en la nómina "
                   "(huella 0000 0000 0000 0000 0000 0000 0000 0000)."]
    other = "12345 " * 12
    bad = bad_lines(bundle.verify(made.bundle, [other], strict=True))
    assert len(bad) == 1 and bad[0].startswith("La nómina no parte de la raíz institucional del código indicado")
    unconfirmed = bundle.verify(made.bundle, [other])
    assert unconfirmed.intact and not unconfirmed.confirmed and not unconfirmed.valid


def test_not_a_zip(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"no soy un zip")
    assert bad_lines(bundle.verify(junk)) == [
        "«junk.zip» no es un paquete de archivo legible: no es un .zip legible (dañado o de otro tipo)."]


def test_bundle_of_the_old_flat_format_is_named(tmp_path):
    old = tmp_path / "viejo.zip"
    with zipfile.ZipFile(old, "w") as z:
        z.writestr("informe.docx", b"PK")
        z.writestr("manifest.json", b"{}")
    bad = bad_lines(bundle.verify(old))
    assert len(bad) == 1 and bad[0].startswith("«viejo.zip» es un paquete de archivo del formato anterior")


def test_report_edited_after_approval_is_archived_as_draft(session, approved, tmp_path):
    """Editing an approved section voids its approval and the report's; the bundle says so."""
    review.reopen_section(session, approved.sections[0].id)
    records.save_section_body(session, approved.sections[0].id, "<p>Texto cambiado después.</p>")
    made = make_bundle(session, approved, tmp_path)
    verdict = bundle.verify(made.bundle)
    texts = [line.text for line in verdict.lines]
    assert verdict.intact
    assert "El informe se archivó como BORRADOR (no aprobado)." in texts
    assert not any(t.startswith("Aprobación del informe") or "«Datos del informe»" in t for t in texts)
    assert "Aprobación de la sección «Resumen ejecutivo» por Rosa Revisora: válida." in texts


def test_refuses_without_roster_and_writes_nothing(session, tmp_path):
    built = build_report(session)
    with pytest.raises(archive.ArchiveNotPossible) as caught:
        make_bundle(session, built, tmp_path)
    assert "nómina" in caught.value.message()
    assert not (tmp_path / "informe.docx").exists() and not (tmp_path / "archivo.zip").exists()


def test_disclosure_stops_before_anchoring(session, approved, tmp_path):
    with session.case.lock:
        before = audit_log.head(session.case.conn)
    review.reopen_section(session, approved.sections[1].id)
    records.save_section_body(session, approved.sections[1].id, f"<p>Según {REAL_NAMES[0]}, hubo golpes.</p>")
    with session.case.lock:
        before = audit_log.head(session.case.conn)
    with pytest.raises(export.DisclosureFound):
        make_bundle(session, approved, tmp_path)
    with session.case.lock:
        assert audit_log.head(session.case.conn) == before
    assert list(tmp_path.glob("*.zip")) == [] and not (tmp_path / "informe.docx").exists()


@pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice is not installed")
def test_pdf_copy_and_cli_verify(session, approved, tmp_path, passphrase, monkeypatch, capsys):
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    target, zipped = tmp_path / "informe.docx", tmp_path / "archivo.zip"
    code = cli.main(["export", str(session.path), approved.report.id, "-o", str(target), "--archive", str(zipped)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Paquete de archivo firmado" in out and "Sin copia PDF" not in out
    with zipfile.ZipFile(zipped) as z:
        copy = z.read("archivo/data/informe.pdf")
    assert copy.startswith(b"%PDF") and b"<pdfaid:part>2</pdfaid:part>" in copy  # PDF/A-2 in its XMP
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in copy and b"/StructTreeRoot" in copy
    assert list((tmp_path / "home" / "tmp").glob("npmdesk-pdf-*")) == []  # private folder removed
    assert cli.main(["verify", str(zipped)]) == 0
    out = capsys.readouterr().out
    assert "«informe.pdf»: intacto" in out and "El paquete es válido" in out
    shutil.copy(zipped, tmp_path / "copia.zip")
    rewrite(zipped, tmp_path / "sin_pdf.zip", lambda n, d: None if n == "informe.pdf" else d)
    assert cli.main(["verify", str(tmp_path / "sin_pdf.zip")]) == 1
    out = capsys.readouterr().out
    assert "✗ Falta «informe.pdf», que figura en el manifiesto." in out
    assert "El paquete NO es válido: 1 problema(s)." in out


def test_cli_refuses_bad_bundle_name(session, approved, tmp_path, passphrase, monkeypatch, capsys):
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    code = cli.main(["export", str(session.path), approved.report.id, "-o", str(tmp_path / "i.docx"),
                     "--archive", str(tmp_path / "a.tar")])
    assert code == 1
    assert "El paquete de archivo debe terminar en .zip." in capsys.readouterr().err
    assert not (tmp_path / "i.docx").exists()


def verify_cli(capsys, *args):
    code = cli.main(["verify", *map(str, args)])
    return code, capsys.readouterr().out


def test_bundle_forged_from_fresh_keys_is_not_confirmed(session, made, tmp_path, capsys):
    """ADVERSARY: an authority wanting to discredit the report builds a bundle from scratch: its own
    case file with a fresh «Ana Directora», a fake reviewer and fake approvals. Every signature in
    it holds, because the roster inside is its own root. Before, `npmdesk verify` said ✓ and exit 0."""
    real = trust.pinned(session)
    forger = sessions.create_case(tmp_path / "falso.npmcase", "Frase del falsificador 2026",
                                  owner_name="Ana Directora")
    try:
        forged = archive.export_archive(forger, approve_all(forger).report.id, tmp_path / "falso.docx",
                                        tmp_path / "falso.zip", with_pdf=False).bundle
        fake = trust.pinned(forger)
    finally:
        forger.close()
    assert bundle.verify(forged, [fake]).valid  # internally it holds together
    # The verifier's machine has only the institution's root pinned.
    (trust.paths.user_config_dir() / trust.MACHINE_FILE).write_text(
        '{"codes": ["%s"]}' % real, encoding="utf-8")
    code, out = verify_cli(capsys, forged)
    assert code == 3, out
    assert "falta confirmar de quién es" in out and fake in out
    code, out = verify_cli(capsys, forged, "--director", real)
    assert code == 1 and "no parte de la raíz institucional del código indicado" in out
    # The real bundle: confirmed by the machine's pin, or by the code typed.
    assert verify_cli(capsys, made.bundle)[0] == 0
    assert verify_cli(capsys, made.bundle, "--director", real.replace(" ", ""))[0] == 0
    (trust.paths.user_config_dir() / trust.MACHINE_FILE).unlink()
    code, out = verify_cli(capsys, made.bundle)
    assert code == 3 and real in out
    assert verify_cli(capsys, made.bundle, "--director", "123")[0] == 1  # not a code: one sentence


def test_integrity_page_prints_the_root_code(made, session):
    texts = [p.text for p in Document(str(made.export.path)).paragraphs]
    assert any(trust.pinned(session) in t and "Código de la dirección" in t for t in texts)
