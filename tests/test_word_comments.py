"""An authority's comments and tracked changes in Word come back as observations anchored to the
commented passages, attributed to the authority, the section text untouched. The draft is written
with python-docx 1.2's comments API; tracked changes are written as Word writes them (w:ins, w:del)."""

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from npmdesk.domain import model
from npmdesk.errors import IdentityLocked
from npmdesk.services.importing import comments, guard
from npmdesk.services.records import edit as records
from npmdesk.services.review import observations
from npmdesk.services.team import identity
from npmdesk.storage import review_store
from test_review import ROSA_PASS, report, team  # noqa: F401

AUTHORITY = "Dirección General del Sistema Penitenciario"


def _tracked(paragraph, tag: str, text: str, author: str) -> None:
    change = OxmlElement(f"w:{tag}")
    change.set(qn("w:id"), str(900 + len(paragraph._p)))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2026-11-20T10:00:00Z")
    run = OxmlElement("w:r")
    piece = OxmlElement("w:delText" if tag == "del" else "w:t")
    piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    piece.text = text
    run.append(piece)
    change.append(run)
    paragraph._p.append(change)


def _answer(path):
    """The draft as the authority sends it back: numbered headings, a comment, two tracked changes."""
    document = docx.Document()
    document.add_heading("1. Trato", 1)
    paragraph = document.add_paragraph("Las personas privadas de libertad ")
    commented = paragraph.add_run("denuncian golpes")
    paragraph.add_run(".")
    document.add_comment(commented, text="No consta ninguna denuncia formal en el registro.",
                         author="Lic. Pérez (DGSP)", initials="LP")
    document.add_heading("2. Servicios médicos", 1)
    paragraph = document.add_paragraph("No hay médico de guardia ")
    _tracked(paragraph, "del", "por la noche", "Lic. Pérez (DGSP)")
    _tracked(paragraph, "ins", "los domingos", "Lic. Pérez (DGSP)")
    paragraph.add_run(".")
    document.add_heading("Anexo de la autoridad", 1)
    other = document.add_paragraph("Texto nuevo")
    document.add_comment(other.runs, text="Se adjunta el plan de acción.", author="Lic. Pérez (DGSP)")
    document.save(str(path))
    return path


def test_comments_and_tracked_changes_become_anchored_observations(session, team, report, tmp_path):  # noqa: F811
    rep, _secs = report
    identity.unlock_identity(session, team["rosa"].id, ROSA_PASS)
    secs = sorted(records.select(session, model.Section, report_id=rep.id), key=lambda s: s.position)
    before = {s.id: (s.body, len(records.select(session, model.Revision, section_id=s.id))) for s in secs}
    assert all(body for body, _count in before.values())
    result = comments.import_remarks(session, rep.id, _answer(tmp_path / "respuesta.docx"), AUTHORITY,
                                     as_member=team["rosa"].id)
    trato, medical = secs
    rows = {s.id: review_store.observations(session.case.conn, s.id) for s in secs}
    (comment,) = rows[trato.id]
    assert comment.quote == "denuncian golpes" and comment.author_id == team["rosa"].id
    assert comment.body == (f"Comentario de {AUTHORITY} (importado de respuesta.docx): "
                            "No consta ninguna denuncia formal en el registro.")
    located = observations.anchored(session, trato.id)[0]
    assert located.status == "anclada" and trato.body[located.start:located.end] == "denuncian golpes"
    deletion, insertion = rows[medical.id]
    assert deletion.quote == "por la noche" and "suprimir «por la noche». No se ha aplicado" in deletion.body
    assert insertion.quote == "No hay médico de guardia por la noche" and "añadir «los domingos»" in insertion.body
    assert result.unplaced == ["«Se adjunta el plan de acción.» (bajo «Anexo de la autoridad»)"]
    after = {s.id: (s.body, len(records.select(session, model.Revision, section_id=s.id)))
             for s in records.select(session, model.Section, report_id=rep.id)}
    assert after == before  # never applied: the section texts and their revisions are as they were


def test_with_the_signing_key_locked_nothing_is_recorded(session, team, report, tmp_path):  # noqa: F811
    rep, secs = report
    with pytest.raises(IdentityLocked):  # the observations are signed; the key is not unlocked
        comments.import_remarks(session, rep.id, _answer(tmp_path / "r.docx"), AUTHORITY, as_member=team["rosa"].id)
    assert all(review_store.observations(session.case.conn, s.id) == [] for s in secs)


def test_a_hostile_answer_is_refused_before_parsing(session, team, report, tmp_path):  # noqa: F811
    rep, secs = report
    path = tmp_path / "respuesta.docm"
    path.write_bytes(_answer(tmp_path / "r.docx").read_bytes())
    with pytest.raises(guard.DocxRefused):
        comments.import_remarks(session, rep.id, path, AUTHORITY, as_member=team["rosa"].id)
    assert all(review_store.observations(session.case.conn, s.id) == [] for s in secs)


def test_importing_the_answer_as_a_new_report_says_its_changes_and_comments_were_not_reviewed(tmp_path):
    from npmdesk.services.importing import report_import
    dropped = report_import.read_checked(_answer(tmp_path / "r.docx")).dropped
    assert any(line.startswith("el control de cambios: se importó el texto con las inserciones") for line in dropped)
    assert "2 comentarios (impórtelos como observaciones sobre un informe existente)" in dropped


def test_a_quote_is_found_in_the_text_never_in_the_markup():
    body = "<p>Los <b>li</b>bros del registro</p><ul><li>uno</li></ul>"
    assert comments.in_text(body, "li") == body.index("<b>li") + 3
    assert comments.in_text(body, "p") == -1  # only in tags
    assert comments.in_text(body, "registro") == body.index("registro")
    assert comments.in_text(body, "") == -1


def test_cli_report_comments(session, case_path, team, report, tmp_path):  # noqa: F811
    from npmdesk.services.session import open_case
    from test_cli_case import PASS, run
    rep, secs = report
    session.close()
    path = _answer(tmp_path / "respuesta.docx")
    done = run("report", "comments", case_path, rep.id, path, "--authority", AUTHORITY, passphrase=PASS)
    assert done.returncode == 0, done.stderr
    assert "3 observaciones añadidas de «respuesta.docx»; el texto de las secciones no cambió." in done.stdout
    assert "Sin sección del informe a la que anclarlo: «Se adjunta el plan de acción.»" in done.stdout
    done = run("report", "comments", case_path, "no-such-report", path, passphrase=PASS)
    assert done.returncode == 1 and "No existe el informe «no-such-report»" in done.stderr
    reopened = open_case(case_path, PASS)
    try:
        rows = [r for s in secs for r in review_store.observations(reopened.case.conn, s.id)]
        assert len(rows) == 3 and {r.author_id for r in rows} == {team["ana"].id}
        assert all(AUTHORITY in r.body for r in rows)
    finally:
        reopened.close()
