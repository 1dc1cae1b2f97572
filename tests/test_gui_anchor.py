"""The bitácora view's anchors: sign one into a file, check one back, on real encrypted case files."""

import json

import pytest
from PySide6.QtCore import Qt

from gui_support import shot
from npmdesk.domain import model
from npmdesk.errors import ActionNotAllowed
from npmdesk.services.archive import anchor
from npmdesk.services.archive import word as export
from npmdesk.services.team import identity
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.storage import audit_log
from npmdesk.ui.common import ops
from npmdesk.ui.archive.anchor_actions import AnchorFile
from npmdesk.ui.archive.audit_view import open_audit
from npmdesk.ui.common.context import AppContext


@pytest.fixture
def signed(session):
    identity.create_keys(session, session.actor.id)
    roster.sign_roster(session)
    for n in range(4):
        records.save(session, model.Place(f"Subestación de policía {n}"))
    return session


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)


def bitacora(qtbot, session):
    view = open_audit(AppContext(session))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    idle(qtbot)
    return view


def head(session):
    with session.case.lock:
        return audit_log.head(session.case.conn)


def choose(monkeypatch, save=None, open_=None):
    monkeypatch.setattr(AnchorFile, "ask_save", classmethod(lambda cls, parent, suggested: save))
    monkeypatch.setattr(AnchorFile, "ask_open", classmethod(lambda cls, parent, folder: open_))


def sign_into(qtbot, monkeypatch, view, path):
    choose(monkeypatch, save=path)
    with qtbot.waitSignal(view.controller.anchors.sig_signed, timeout=15000) as saved:
        qtbot.mouseClick(view.sign_anchor, Qt.MouseButton.LeftButton)
    idle(qtbot)
    return saved.args[0]


def check_file(qtbot, monkeypatch, view, path) -> bool:
    choose(monkeypatch, open_=path)
    with qtbot.waitSignal(view.controller.anchors.sig_checked, timeout=15000) as checked:
        qtbot.mouseClick(view.check_anchor, Qt.MouseButton.LeftButton)
    return checked.args[0]


def test_sign_save_and_check_an_anchor(qtbot, monkeypatch, signed, tmp_path):
    view = bitacora(qtbot, signed)
    assert view.sign_anchor.isEnabled() and view.check_anchor.isEnabled()
    count, head_hash = head(signed)
    saved = sign_into(qtbot, monkeypatch, view, tmp_path / "ancla")
    assert saved == tmp_path / "ancla.json" and not list(tmp_path.glob("*.part"))
    assert view.anchor_result.text() == f"Ancla firmada ({count} entradas) guardada en {saved}."
    statement = json.loads(saved.read_text(encoding="utf-8"))["statement"]
    assert (statement["count"], statement["hash"]) == (count, head_hash)
    assert "Firmada por Ana Directora" in view.anchor.text()  # the view reloaded with the new anchor
    assert check_file(qtbot, monkeypatch, view, saved)
    assert view.anchor_result.text().startswith(
        f"El expediente conserva todas las entradas que certifica el ancla ({count} entradas, firmada el ")
    shot(view, "bitacora-ancla")


def test_a_truncated_bitacora_is_detected(qtbot, monkeypatch, signed, tmp_path):
    view = bitacora(qtbot, signed)
    saved = sign_into(qtbot, monkeypatch, view, tmp_path / "ancla.json")
    anchored = json.loads(saved.read_text(encoding="utf-8"))["statement"]["count"]
    with signed.case.transaction() as conn:
        conn.execute("DELETE FROM audit WHERE seq >= ?", (anchored - 1,))
    assert not check_file(qtbot, monkeypatch, view, saved)
    text = view.anchor_result.text()
    assert text.startswith(f"El expediente NO concuerda con el ancla ({anchored} entradas")
    assert (f"La bitácora tiene {anchored - 2} entradas pero el ancla certifica {anchored}: "
            "se han eliminado entradas.") in text
    shot(view, "bitacora-ancla-recortada")


def test_a_rewritten_bitacora_is_detected(qtbot, monkeypatch, signed, tmp_path):
    view = bitacora(qtbot, signed)
    saved = sign_into(qtbot, monkeypatch, view, tmp_path / "ancla.json")
    seq = json.loads(saved.read_text(encoding="utf-8"))["statement"]["count"]
    with signed.case.transaction() as conn:  # rebuilt from the entry before, same length: looks whole
        entries = audit_log.entries(conn)
        conn.execute("DELETE FROM audit")
        for entry in entries[:seq - 1]:
            audit_log.insert(conn, entry)
        while audit_log.head(conn)[0] < len(entries):
            audit_log.append(conn, "x", "Otra persona", "crear", "place", "x", "0" * 64)
    assert not check_file(qtbot, monkeypatch, view, saved)
    assert (f"La entrada {seq} de la bitácora no es la que certifica el ancla: la bitácora fue reescrita."
            in view.anchor_result.text())


def test_a_forged_anchor_and_a_file_that_is_not_one(qtbot, monkeypatch, signed, tmp_path):
    view = bitacora(qtbot, signed)
    saved = sign_into(qtbot, monkeypatch, view, tmp_path / "ancla.json")
    forged = json.loads(saved.read_text(encoding="utf-8"))
    forged["statement"]["count"] = 2
    (tmp_path / "falsa.json").write_text(json.dumps(forged), encoding="utf-8")
    assert not check_file(qtbot, monkeypatch, view, tmp_path / "falsa.json")
    assert "La firma del ancla no es válida." in view.anchor_result.text()
    (tmp_path / "otra.json").write_text("{no es json", encoding="utf-8")
    choose(monkeypatch, open_=tmp_path / "otra.json")
    qtbot.mouseClick(view.check_anchor, Qt.MouseButton.LeftButton)
    idle(qtbot)
    assert view.anchor_result.text() == ("El archivo de importación no es válido (no es un ancla de bitácora). "
                                         "No se ha modificado nada.")


def test_cancelled_choice_and_missing_folder_change_nothing(qtbot, monkeypatch, signed, tmp_path):
    view = bitacora(qtbot, signed)
    before = head(signed)
    choose(monkeypatch, save=None)
    qtbot.mouseClick(view.sign_anchor, Qt.MouseButton.LeftButton)
    idle(qtbot)
    assert head(signed) == before and not view.anchor_result.isVisible()
    choose(monkeypatch, save=tmp_path / "no-existe" / "ancla.json")
    qtbot.mouseClick(view.sign_anchor, Qt.MouseButton.LeftButton)
    idle(qtbot)
    assert view.anchor_result.text() == f"No existe la carpeta «{tmp_path / 'no-existe'}»."
    assert head(signed) == before and anchor.status(signed).anchored_count is None


def test_only_people_the_roster_lets_sign_may_sign(qtbot, monkeypatch, session, tmp_path):
    """No signed roster: the service refuses, so the button is off and says why."""
    view = bitacora(qtbot, session)
    assert not view.sign_anchor.isEnabled()
    assert view.sign_anchor.toolTip() == ("No puede firmar el ancla de la bitácora: «Ana Directora» no figura "
                                          "en la nómina firmada del equipo.")
    choose(monkeypatch, save=tmp_path / "ancla.json")
    before = head(session)
    view.controller.anchors.sign()
    idle(qtbot)
    assert head(session) == before and not (tmp_path / "ancla.json").exists()
    assert anchor.may_anchor(session) == view.sign_anchor.toolTip()
    with pytest.raises(ActionNotAllowed):  # the service refuses on its own, not only the button
        anchor.make_anchor(session)
    assert head(session) == before


def test_an_exported_document_is_checked_by_its_printed_anchor(qtbot, monkeypatch, signed, tmp_path):
    place = records.select(signed, model.Place)[0]
    visit = records.save(signed, model.Visit(place.id, "2026-06-02"))
    report = records.save(signed, model.Report(visit.id, "Informe de visita", number="MNPT-2026-11"))
    export.export_report(signed, report.id, tmp_path / "informe.docx")
    count = anchor.status(signed).anchored_count
    view = bitacora(qtbot, signed)
    assert check_file(qtbot, monkeypatch, view, tmp_path / "informe.docx")
    assert view.anchor_result.text() == (
        f"El expediente conserva todas las entradas que certifica el documento exportado ({count} entradas; "
        "un documento no lleva la firma, así que se comprueban el número de entradas y la huella).")
    with signed.case.transaction() as conn:
        conn.execute("DELETE FROM audit WHERE seq >= ?", (count,))
    assert not check_file(qtbot, monkeypatch, view, tmp_path / "informe.docx")
    assert "se han eliminado entradas" in view.anchor_result.text()
    shot(view, "bitacora-ancla-documento")
