"""How an exported report ends (issue 15): the closing block from the data, and the integrity
page, "Constancia de integridad", whose short code still lets `anchor-check` catch a cut or
rewritten bitácora, while a forged or shortened code is not taken for one."""

import re
import zipfile

import pytest
from docx import Document

from export_fixture import build_report
from fast_kdf import FAST_KDF
from npmdesk.domain import audit, model
from npmdesk.errors import MalformedImport
from npmdesk.export import spanish
from npmdesk.services.archive import anchor
from npmdesk.services.archive import word as export
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session, open_case
from npmdesk.services.team import institution
from npmdesk.storage import audit_log, review_store

DEFAULT_ROLE = "Director/a del Mecanismo Nacional de Prevención de la Tortura"

HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    session = open_case(path, DEMO_PASSPHRASE)
    yield session
    session.close()


def texts(path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_the_approved_report_closes_with_date_addressees_and_the_directors_signature(demo, tmp_path):
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    with demo.case.lock:
        approval = [s for s in review_store.signatures(demo.case.conn, report.id)
                    if s.decision == "aprobar_informe" and not s.void][-1].statement
    approver = records.get(demo, model.TeamMember, approval["signer_id"])
    director = next(m for m in records.select(demo, model.TeamMember) if m.role == "director")
    target = tmp_path / "aprobado.docx"
    export.export_report(demo, report.id, target)
    lines = texts(target)
    day = spanish.long_date(approval["signed_at"])
    start = lines.index(f"Panamá, {day}.")
    block = lines[start:start + 12]
    assert block[1] == "Se dirige a:"
    recs = records.select(demo, model.Recommendation, visit_id=report.visit_id)
    place = records.get(demo, model.Place, records.get(demo, model.Visit, report.visit_id).place_id)
    addressed = block[2:block.index("")]
    assert addressed[0] == place.authority and set(addressed) == {place.authority} | {r.authority for r in recs}
    signature = block.index(director.name)
    assert set(block[signature - 1]) == {"_"}  # the signature line above the name
    role = "Directora Nacional del Mecanismo Nacional de Prevención de la Tortura"  # as the demo writes it
    assert block[signature + 1] == role
    assert f"Aprobado por {approver.name} ({role}) el {day}." in block
    assert "Borrador" not in " ".join(block)


def test_a_draft_says_its_approval_is_pending(session, tmp_path):
    built = build_report(session)
    target = tmp_path / "borrador.docx"
    export.export_report(session, built.report.id, target)
    lines = texts(target)
    assert "Panamá, fecha de aprobación pendiente." in lines
    assert "Borrador: este informe aún no ha sido aprobado." in lines
    assert "Ana Directora" in lines  # the Director who will sign
    assert lines.index("Panamá, fecha de aprobación pendiente.") < len(lines) - 1 - lines[::-1].index("Anexos")


def test_an_approval_the_file_does_not_hold_is_not_invented(session, tmp_path):
    built = build_report(session, state="aprobado")  # approved without a signed statement
    target = tmp_path / "final.docx"
    export.export_report(session, built.report.id, target)
    lines = texts(target)
    assert "Panamá, fecha de aprobación no registrada." in lines
    assert "El expediente no guarda la aprobación firmada de este informe." in lines


def test_the_integrity_page_is_last_plain_and_without_a_raw_hash(demo, tmp_path):
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    target = tmp_path / "aprobado.docx"
    export.export_report(demo, report.id, target)
    doc = Document(target)
    paragraphs = doc.paragraphs
    title = next(i for i, p in enumerate(paragraphs) if p.text == "Constancia de integridad")
    assert 'w:type="page"' in paragraphs[title - 1]._p.xml  # a page of its own
    page = [p.text for p in paragraphs[title:]]
    assert page[2:4] == ["Código de control", page[3]] and page[3].startswith("Bitácora del expediente: ")
    assert {"Qué prueba", "Cómo comprobarlo", "Raíz de las firmas"} <= set(page)
    assert any("npmdesk anchor-check" in t and "npmdesk verify" in t for t in page)
    count, head = anchor.status(demo).anchored_count, None
    with demo.case.lock:
        head = demo.case.conn.execute("SELECT hash FROM audit WHERE seq = ?", (count,)).fetchone()[0]
    assert audit.short_code(head).replace(" ", "\u2011") in page[3]
    with zipfile.ZipFile(target) as package:
        body = package.read("word/document.xml").decode()
    assert not HEX64.search(body) and head not in body
    # nothing of it before its page: the body no longer ends with the 8-pt anchor line
    assert not any(t.startswith(("Bitácora del expediente", "Ancla de la bitácora")) for t in texts(target)[:title])


def _rewrite_code(path, out, change):
    """A copy of the exported document whose printed code was changed by `change`."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                found = re.search("[0-9a-f]{4}(?:\u2011[0-9a-f]{4}){5}", text)
                data = (text[:found.start()] + change(found.group(0)) + text[found.end():]).encode()
            target.writestr(info, data)


def test_the_short_code_checks_the_file_and_a_forged_one_fails(session, tmp_path):
    built = build_report(session)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    given = anchor.load(target)
    assert given.signed is None and len(given.hash) == audit.SHORT_CODE_DIGITS
    assert anchor.verify_given(session, given) == []
    # one digit of the printed code changed: the file no longer matches what the page claims
    forged = tmp_path / "forjado.docx"
    _rewrite_code(target, forged, lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"))
    assert anchor.verify_given(session, anchor.load(forged)) == [
        f"La entrada {given.count} de la bitácora no es la que certifica el ancla: la bitácora fue reescrita."]
    # a code cut short is no anchor at all (a shorter prefix would be easy to match)
    short = tmp_path / "corto.docx"
    _rewrite_code(target, short, lambda c: c[:14])
    with pytest.raises(MalformedImport):
        anchor.load(short)
    assert not audit.matches(audit.GENESIS.replace("0", "a"), "aaaa aaaa")


def test_a_cut_bitacora_is_caught_by_the_printed_code(session, tmp_path):
    built = build_report(session)
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target)
    given = anchor.load(target)
    with session.case.transaction() as conn:
        conn.execute("DELETE FROM audit WHERE seq >= ?", (given.count,))
    assert anchor.verify_given(session, given) == [
        f"La bitácora tiene {given.count - 1} entradas pero el ancla certifica {given.count}: se han eliminado entradas."]


def test_a_document_exported_before_the_integrity_page_still_checks(session, tmp_path):
    """Documents already sent print the whole head hash after the count: still read, still checked."""
    build_report(session)
    count, head = anchor.status(session).count, anchor.status(session).head_hash
    old = tmp_path / "antiguo.docx"
    document = Document()
    document.add_paragraph("Texto del informe.")
    document.add_paragraph(f"Ancla de la bitácora: {spanish.number(count)} entradas, hash {head}. Sin firma.")
    document.save(old)
    given = anchor.load(old)
    assert (given.count, given.hash) == (count, head)
    assert anchor.verify_given(session, given) == []


def test_the_institution_s_names_are_its_own_and_only_the_direction_changes_them(session, tmp_path):
    """How the documents name the institution, where they are signed and how the signer's role
    reads: the defaults, then what the director records (kept in the case file, in the cover, the
    closing block and the letters alike); another role or a text too long is refused and changes
    nothing."""
    built = build_report(session)
    assert institution.institution(session).signer_role == DEFAULT_ROLE
    director = next(m for m in records.select(session, model.TeamMember) if m.role == "director")
    as_director = Session(session.case, director)
    role = "Directora Nacional del Mecanismo Nacional de Prevención de la Tortura"
    named = institution.set_institution(
        as_director, signer_role="  Directora Nacional del Mecanismo\nNacional de Prevención de la Tortura ",
        institution_seat="Colón", mechanism_name="MNPT de Panamá")
    assert (named.signer_role, named.institution_seat) == (role, "Colón")
    author = records.save(session, model.TeamMember("Luis Ábrego", "derecho", "autor"))
    with pytest.raises(institution.NotAllowed) as refused:
        institution.set_institution(Session(session.case, author), signer_role="Director")
    assert "dirección" in refused.value.message()
    with pytest.raises(institution.TooLong) as too_long:
        institution.set_institution(as_director, institution_name="x" * (institution.MAX_LENGTH + 1))
    assert "«Institución»" in too_long.value.message()
    assert institution.institution(session) == named
    target = tmp_path / "borrador.docx"
    export.export_report(session, built.report.id, target)
    lines = texts(target)
    assert lines[lines.index(director.name) + 1] == role
    assert "Colón, fecha de aprobación pendiente." in lines
    assert "Defensoría del Pueblo de la República de Panamá — MNPT de Panamá" in lines
    with session.case.lock:
        recorded = [e for e in audit_log.entries(session.case.conn) if e.action == "datos_institucion"]
    assert [e.actor_id for e in recorded] == [director.id]  # the refusals wrote nothing
    assert institution.set_institution(as_director, signer_role="").signer_role == DEFAULT_ROLE


def test_the_letters_sign_with_the_same_role_from_the_same_seat(demo):
    from npmdesk.services.archive import letters
    report = next(r for r in records.select(demo, model.Report) if r.number == "MNPT-2025-014")
    director = next(m for m in records.select(demo, model.TeamMember) if m.role == "director")
    named = institution.institution(demo)
    for letter in letters.compose(demo, report.id, "2025-07-01", "2025-07-31"):
        assert letter.signature == (director.name, named.signer_role)
        assert letter.place_date.startswith(named.institution_seat + ", ")
        assert (letter.institution, letter.mechanism) == (named.institution_name, named.mechanism_name)
    assert named.signer_role.startswith("Directora Nacional")


def test_the_institution_s_names_travel_in_the_json_dump(session, tmp_path):
    from npmdesk.services.exchange import dump as transfer
    role = ("Directora Nacional del Mecanismo Nacional para la Prevención de la Tortura y Otros Tratos o Penas "
            "Crueles, Inhumanos o Degradantes")  # longer than the ids and codes of the meta block
    institution.set_institution(session, signer_role=role, institution_seat="David")
    data = transfer.dump(session)
    assert (data["meta"]["signer_role"], data["meta"]["institution_seat"]) == (role, "David")
    copy = transfer.import_dump(data, tmp_path / "copia.npmcase", "Otra frase de prueba segura 2026")
    try:
        assert institution.institution(copy) == institution.institution(session)
    finally:
        copy.close()
