"""Archivo → Importar documento de Word…: the mapping preview driven with pytest-qt over a real
encrypted case file — change where one heading goes, confirm, and find the report as chosen."""

from PySide6.QtCore import Qt

from docx_builders import visit_of
from gui_support import application, filled, settings  # noqa: F401
from test_review import report, team  # noqa: F401
from npmdesk.domain import model, richtext
from npmdesk.services.importing import mapping
from npmdesk.services.records import edit as records
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.importing.import_dialog import COL_HEADING, COL_TARGET, ImportDialog
from npmdesk.ui.importing.menu import summary
from test_word_import import _draft


def _open(qtbot, session, path, visit_id):
    dialog = ImportDialog(AppContext(session), path, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_change_one_mapping_confirm_and_see_the_result(qtbot, session, tmp_path):
    visit = visit_of(session)
    path = _draft(tmp_path / "borrador.docx", "Heading 1")
    dialog = _open(qtbot, session, path, visit.id)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    assert dialog.visit.currentData() == visit.id and dialog.template.currentData() == "visita"
    headings = [dialog.parts.item(row, COL_HEADING).text() for row in range(dialog.parts.rowCount())]
    assert headings == ["(antes del primer título)", "RESUMEN EJECUTIVO", "2. Metodologia", "Limitaciones del acceso"]
    combos = [dialog.parts.cellWidget(row, COL_TARGET) for row in range(dialog.parts.rowCount())]
    assert [c.currentText().strip() for c in combos] == [
        "No importar", "Resumen ejecutivo", "Metodología", "Con la sección anterior"]
    assert records.select(session, model.Report) == []  # the preview wrote nothing
    # The extra heading goes to «Conclusiones» instead of staying in «Metodología».
    combos[3].setCurrentIndex(combos[3].findData("conclusiones"))
    assert dialog.choices()[3] == "conclusiones"
    combos[1].setCurrentIndex(combos[1].findData(mapping.SKIP))
    assert "RESUMEN EJECUTIVO" in dialog.left_out.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None)
    sections = {s.key: s for s in records.select(session, model.Section, report_id=dialog.result.report.id)}
    assert "40 minutos" in richtext.plain_text(sections["conclusiones"].body)
    assert "40 minutos" not in richtext.plain_text(sections["metodologia"].body)
    assert "Técnicas:" in richtext.plain_text(sections["metodologia"].body)
    assert not sections["resumen"].body
    text = summary(dialog.result)
    assert "Se creó el informe MNPT-2026-001 con el texto de 2 secciones." in text
    assert "1 imagen quedó como adjunto de la visita" in text and "RESUMEN EJECUTIVO" in text


def test_a_refused_file_shows_its_sentence_and_cannot_be_imported(qtbot, session, tmp_path):
    visit = visit_of(session)
    path = tmp_path / "macros.docm"
    path.write_bytes(_draft(tmp_path / "b.docx", "Heading 1").read_bytes())
    dialog = _open(qtbot, session, path, visit.id)
    qtbot.waitUntil(lambda: "No se importó «macros.docm»" in dialog.status.text())
    assert "con macros (.docm)" in dialog.status.text()
    assert not dialog.ok.isEnabled() and dialog.parts.rowCount() == 0
    assert records.select(session, model.Report) == []


def test_the_archivo_menu_imports_into_the_visit_and_opens_the_report(qtbot, application, filled, case_path,  # noqa: F811
                                                                     passphrase, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from gui_support import unlock
    from npmdesk.ui.importing import menu
    path = _draft(tmp_path / "borrador.docx", "Título 1")
    application.begin(case_path)
    unlock(qtbot, application, passphrase)
    window, controller = application.window, application.main_controller
    action = controller.word_import.action
    assert action in window.menu_file.actions() and action.text() == "Importar documento de &Word…"
    told, opened = [], []
    monkeypatch.setattr(menu.WordImport, "choose_file", lambda self: path)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))

    def confirm(dialog):
        qtbot.waitUntil(lambda: dialog.ok.isEnabled())
        assert dialog.visit.currentData() == filled["visit"]
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result is not None)
    monkeypatch.setattr(ImportDialog, "exec", confirm)
    assert controller.word_import.act_comments in window.menu_file.actions()
    assert controller.word_import.act_migrate.text() == "Migrar informes an&teriores de Word…"
    controller.word_import.act_comments.trigger()  # no report selected: it says what to choose
    assert told == ["Elija en el navegador el informe al que responde el documento."]
    told.clear()
    controller.ctx.sig_open.connect(lambda entity, record_id: opened.append((entity, record_id)))
    action.trigger()
    assert len(told) == 1 and "con el texto de 2 secciones" in told[0]
    imported = [r for r in records.select(controller.ctx.session, model.Report) if r.id != filled["report"]]
    assert len(imported) == 1 and imported[0].visit_id == filled["visit"]
    assert opened == [("report", imported[0].id)]


def test_importing_comments_asks_the_locked_key_and_adds_signed_observations(qtbot, session, team, report,  # noqa: F811
                                                                            tmp_path, monkeypatch):
    from npmdesk.storage import review_store
    from npmdesk.ui.importing import menu
    from npmdesk.ui.team.working import PersonalPassphrase
    from test_review import ROSA_PASS
    from test_word_comments import AUTHORITY, _answer
    rep, secs = report
    session.actor = team["rosa"]  # the reviewer works; her personal key is locked
    asked, results = [], []
    monkeypatch.setattr(PersonalPassphrase, "ask", classmethod(lambda cls, parent, name: asked.append(name)
                                                               or ROSA_PASS))
    menu.import_comments(AppContext(session), None, rep.id, _answer(tmp_path / "respuesta.docx"), AUTHORITY,
                         results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert asked == ["Rosa Revisora"]
    rows = [row for s in secs for row in review_store.observations(session.case.conn, s.id)]
    assert len(rows) == 3 and {r.author_id for r in rows} == {team["rosa"].id}
    text = menu.remarks_summary(results[0])
    assert text.startswith("Se añadieron 3 observaciones al informe; el texto de las secciones no cambió.")
    assert "Anexo de la autoridad" in text


def test_the_migration_dialog_sets_a_place_changes_a_column_and_imports(qtbot, session, tmp_path):
    from npmdesk.ui.importing.menu import migrated_summary
    from npmdesk.ui.importing.migrate_dialog import COL_PLACE, COL_DATE, MigrateDialog
    from test_word_migrate import folder as make_folder
    folder = make_folder.__wrapped__(session, tmp_path)
    dialog = MigrateDialog(AppContext(session), folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    assert "No se importó «macros.docm»" in dialog.status.text()
    assert [dialog.files.item(r, 0).text() for r in range(3)] == ["2019-joya.docx", "2021-tocumen.docx",
                                                                 "sin-lugar.docx"]
    unplaced = dialog.files.cellWidget(2, COL_PLACE)
    assert unplaced.currentData() is None and dialog.files.cellWidget(2, COL_DATE).text() == "2020-06-05"
    unplaced.setCurrentIndex(unplaced.findText("Centro de Cumplimiento de Tocumen"))
    dialog.files.setCurrentCell(0, 0)  # the 2019 report's table: its authority column not taken
    authority = next(dialog.columns.cellWidget(r, 1) for r in range(dialog.columns.rowCount())
                     if dialog.columns.item(r, 0).text() == "Tabla 1: Autoridad destinataria")
    assert authority.currentData() == "authority"
    authority.setCurrentIndex(authority.findData(""))
    assert records.select(session, model.Report) == []
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert [r.state for r in dialog.result.reports] == ["importado"] * 3
    authorities = sorted(r.authority for r in records.select(session, model.Recommendation))
    assert authorities == ["(sin indicar en el documento)", "(sin indicar en el documento)", "Ministerio de Gobierno"]
    assert migrated_summary(dialog.result) == ("3 informes históricos importados (estado «importado»), "
                                               "3 recomendaciones.")


def test_once_importing_the_dialog_cannot_be_cancelled_and_ends_whole(qtbot, session, tmp_path):
    visit = visit_of(session)
    dialog = _open(qtbot, session, _draft(tmp_path / "borrador.docx", "Heading 1"), visit.id)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled())
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    dialog.reject()  # Esc or Cancelar while the transaction runs
    assert dialog.isVisible() and dialog.running
    qtbot.waitUntil(lambda: dialog.result is not None)
    assert not dialog.isVisible() and len(records.select(session, model.Report)) == 1
