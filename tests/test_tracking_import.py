"""Another body's recommendations imported from CSV or JSON: tracked beside the MNPT's own,
one Spanish sentence per bad row and nothing written on error, no duplicates on a re-import."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from npmdesk.domain import model
from npmdesk.services.records import edit as records
from npmdesk.services.tracking import external, history, recommendations
from npmdesk.ui.common.context import AppContext

PASSPHRASE = "Frase de prueba segura 2026"
GOOD = ("\ufefftexto;autoridad;origen;documento;fecha;nivel;prioridad;Área;Tipo de lugar;grupos\n"
        "Separar a las personas en prisión preventiva de las condenadas.;Ministerio de Gobierno;spt;"
        "\"CAT/OP/PAN/1, párr. 1\";2018-01-01;Política pública;alta;condiciones_materiales;"
        "centro_penitenciario;mujeres, Personas migrantes\n"
        "Registrar cada ingreso en un libro foliado.;Policía Nacional;Comité contra la Tortura (CAT);"
        "CAT/C/PAN/CO/4;2017-08-28;institucion;media;medidas_proteccion;;\n")


def count(session) -> tuple:
    return (len(records.select(session, model.Recommendation)),
            session.case.query("SELECT count(*) FROM audit")[0][0])


def test_a_csv_list_is_imported_and_tracked_beside_the_mnpt_recommendations(session, tmp_path):
    path = tmp_path / "spt.csv"
    path.write_text(GOOD, encoding="utf-8")
    summary = external.import_file(session, path)
    assert len(summary.added) == 2 and summary.skipped == 0
    spt = next(r for r in records.select(session, model.Recommendation) if r.source == "spt")
    assert (spt.visit_id, spt.source_ref, spt.level, spt.priority, spt.place_kind, spt.population_groups) == (
        None, "CAT/OP/PAN/1, párr. 1", "politica_publica", "alta", "centro_penitenciario",
        ["mujeres", "migrantes"])
    [entry] = spt.history
    assert (entry.basis, entry.status, entry.date, entry.actor_id) == (
        "importacion", "pendiente", "2018-01-01", session.actor.id)
    assert {r.rec.source for r in recommendations.all_rows(session)} == {"spt", "cat"}
    history.change_status(session, spt.id, "en_proceso", day="2024-01-10", reason="Ley en debate")
    assert [h.entity_id for h in records.find(session, "prision preventiva")] == [spt.id]
    actions = [row[0] for row in session.case.query("SELECT action FROM audit")]
    assert "importar_recomendaciones" in actions
    again = external.import_file(session, path)
    assert (len(again.added), again.skipped) == (0, 2)


def test_a_json_list_is_imported(session, tmp_path):
    path = tmp_path / "spt.json"
    path.write_text(json.dumps({"recomendaciones": [
        {"texto": "Garantizar un examen médico al ingreso.", "autoridad": "Ministerio de Salud",
         "origen": "otro", "documento": "Informe X", "grupos": ["nna"], "estado": "incumplida"}]}),
        encoding="utf-8")
    [rec] = external.import_file(session, path).added
    assert (rec.source, rec.population_groups, rec.status) == ("otro", ["nna"], "incumplida")


@pytest.mark.parametrize("content, problems", [
    ("texto,autoridad,origen,documento\n,DGSP,spt,Doc\nBien,DGSP,spt,Doc\n", ["Fila 2: falta «texto»."]),
    ("texto,autoridad,origen,documento,prioridad\nA,DGSP,spt,Doc,altísima\nB,DGSP,mnpt,Doc,alta\n",
     ["Fila 2: «altísima» no es un valor válido de «prioridad».",
      "Fila 3: las recomendaciones del MNPT se registran desde su visita, no se importan."]),
    ("texto,autoridad,origen,documento,fecha\nA,DGSP,spt,Doc,31/12/2020\n",
     ["Fila 2: la fecha «31/12/2020» del campo fecha de emisión no es válida (use AAAA-MM-DD)."]),
    ("texto,autoridad,origen,documento,color\nA,DGSP,spt,Doc,rojo\n", ["Fila 2: columna desconocida «color»."]),
    ("texto,autoridad,origen,documento,lugar\nA,DGSP,spt,Doc,Cárcel Inexistente\n",
     ["Fila 2: el lugar «Cárcel Inexistente» no está en el expediente."]),
    ("texto,autoridad,origen,documento,grupos\nA,DGSP,spt,Doc,\"mujeres,marcianos\"\n",
     ["Fila 2: «marcianos» no es un grupo de población válido."]),
])
def test_each_bad_row_is_named_and_nothing_is_written(session, tmp_path, content, problems):
    path = tmp_path / "lista.csv"
    path.write_text(content, encoding="utf-8")
    before = count(session)
    with pytest.raises(external.ExternalImportRefused) as caught:
        external.import_file(session, path)
    assert caught.value.problems == problems
    assert caught.value.message().startswith("No se importó nada de «lista.csv»: ")
    assert count(session) == before


@pytest.mark.parametrize("name, data, reason", [
    ("lista.xlsx", b"PK\x03\x04", "debe terminar en .csv o .json"),
    ("lista.csv", b"\xff\xfe t\x00e\x00", "no está en UTF-8"),
    ("lista.json", b"{no es json", "no es un archivo JSON válido"),
    ("lista.json", b'{"otra": 1}', "una lista de objetos"),
    ("lista.json", b'[{"texto": 5, "autoridad": "A", "origen": "spt", "documento": "D"}]', "debe ser un texto"),
    ("lista.csv", b"", "no contiene ninguna recomendaci"),
])
def test_files_that_are_not_lists_are_refused_with_their_reason(session, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    before = count(session)
    with pytest.raises(external.ExternalImportRefused) as caught:
        external.import_file(session, path)
    assert reason in caught.value.message() + " ".join(caught.value.problems)
    assert count(session) == before


def test_the_command_line_lists_the_bad_rows(session, tmp_path):
    case = session.path
    session.close()
    bad = tmp_path / "mala.csv"
    bad.write_text("texto,autoridad,origen,documento\n,DGSP,spt,Doc\n", encoding="utf-8")
    good = tmp_path / "buena.csv"
    good.write_text(GOOD, encoding="utf-8")
    env = {"NPMDESK_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "npmdesk", "recommendations", str(case), *args],
                                       capture_output=True, text=True, env=env,
                                       cwd=Path(__file__).resolve().parent.parent)
    refused = run("--import", str(bad))
    assert refused.returncode == 1 and "Fila 2: falta «texto»." in refused.stdout
    assert "No se importó nada" in refused.stderr
    done = run("--import", str(good))
    assert done.returncode == 0 and "importadas: 2" in done.stdout


def test_the_overview_imports_a_list_and_shows_the_bad_rows(qtbot, session, tmp_path, monkeypatch):
    from npmdesk.ui.tracking import overview
    view = overview.RecommendationsView(AppContext(session))
    qtbot.addWidget(view)
    view.show()
    bad = tmp_path / "mala.csv"
    bad.write_text("texto,autoridad,origen,documento\n,DGSP,spt,Doc\n", encoding="utf-8")
    monkeypatch.setattr(overview.ImportSource, "ask", classmethod(lambda cls, parent: str(bad)))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.notice.isVisible())
    assert "Fila 2: falta «texto»." in view.notice.text()
    good = tmp_path / "buena.csv"
    good.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(overview.ImportSource, "ask", classmethod(lambda cls, parent: str(good)))
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert "importadas: 2" in view.notice.text()


def test_an_imported_recommendation_for_a_place_is_listed_under_it(session, tmp_path):
    place = records.save(session, model.Place("Estación de Recepción Migratoria de Lajas Blancas",
                                              kind="estacion_migratoria", province="Darién"))
    path = tmp_path / "spt.csv"
    path.write_text("texto,autoridad,origen,documento,lugar\nAgua potable suficiente.,Servicio Nacional de "
                    "Migración,spt,CAT/OP/PAN/1,estación de recepción migratoria de lajas blancas\n", encoding="utf-8")
    [rec] = external.import_file(session, path).added
    assert (rec.place_id, rec.place_kind) == (place.id, "estacion_migratoria")
    [row] = recommendations.all_rows(session)
    assert (row.place_id, row.place_name) == (place.id, place.name)
