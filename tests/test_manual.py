"""The user manual as people read it: every link and screenshot resolves, in the source tree and
in the frozen bundle's layout; the Help menu opens it; the screens it describes are reachable."""

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from gui_support import application, settings, unlock  # noqa: F401
from npmdesk.paths import manual_dir
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.ui.shell import help as help_module
from npmdesk.ui.common import ops
from npmdesk.ui.shell.help import ManualWindow
from fast_kdf import FAST_KDF

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)


def links(page: Path) -> list[tuple[bool, str]]:
    """(is an image, target) of every markdown link on `page`, web links left out."""
    return [(bang == "!", target) for bang, target in LINK.findall(page.read_text(encoding="utf-8"))
            if "://" not in target and not target.startswith("mailto:")]


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def pages(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.md"))
    assert len(found) >= 10, folder
    return found


def check_folder(folder: Path) -> None:
    """Every link of every page points at an existing page, heading or image inside `folder`."""
    for page in pages(folder):
        for image, target in links(page):
            path, _hash, anchor = target.partition("#")
            resolved = (folder / path) if path else page
            assert resolved.is_file(), (page.name, target)
            assert not image or resolved.suffix == ".png", (page.name, target)
            if anchor:
                slugs = {slug(h) for h in HEADING.findall(resolved.read_text(encoding="utf-8"))}
                assert anchor in slugs, (page.name, target)


def test_every_link_and_screenshot_of_the_manual_resolves():
    check_folder(manual_dir())


def test_every_screenshot_is_shown_on_some_page():
    """capturas.py writes img/*.png; a screenshot no page shows is stale or forgotten."""
    shown = {Path(target).name for page in pages(manual_dir()) for image, target in links(page) if image}
    on_disk = {p.name for p in (manual_dir() / "img").glob("*.png")}
    assert on_disk - shown == set()


def frozen_layout(tmp_path: Path) -> Path:
    """The manual as installer/npmdesk.spec lays it out in the bundle: _internal/manual/*.md and img/."""
    spec = (ROOT / "installer" / "npmdesk.spec").read_text(encoding="utf-8")
    assert '(str(MANUAL / "img"), "manual/img")' in spec
    assert '(str(page), "manual") for page in MANUAL.glob("*.md")' in spec
    target = tmp_path / "_internal" / "manual"
    shutil.copytree(manual_dir() / "img", target / "img")
    for page in manual_dir().glob("*.md"):
        shutil.copy(page, target / page.name)
    return target


def test_the_frozen_bundle_layout_keeps_every_link_and_screenshot(tmp_path):
    check_folder(frozen_layout(tmp_path))


def test_the_help_viewer_shows_every_page_with_its_screenshots(qtbot, tmp_path, monkeypatch):
    folder = frozen_layout(tmp_path)
    monkeypatch.setattr(help_module, "manual_dir", lambda: folder)
    window = ManualWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.page() == "index.md"
    index_text = window.browser.toPlainText()
    for page in pages(folder):
        if page.name != "index.md":
            title = HEADING.search(page.read_text(encoding="utf-8")).group(1)
            window.browser.setSource(QUrl(page.name))  # as a click on the index's link does
            assert window.page() == page.name
            assert window.browser.toPlainText().startswith(title)
            window.home()
        for image, target in links(page):
            if image:
                window.browser.setSource(QUrl.fromLocalFile(str(page)),
                                         QTextDocument.ResourceType.MarkdownResource)
                data = window.browser.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                                   QUrl(target))
                picture = data if isinstance(data, QImage) else QImage.fromData(data)
                assert not picture.isNull(), (page.name, target)
                assert picture.width() <= window.browser.viewport().width(), (page.name, target)
    assert "Redactar el informe" in index_text


@pytest.fixture
def demo(application, qtbot, tmp_path):  # noqa: F811
    path = tmp_path / "demo.npmcase"
    create_demo(path, kdf_params=FAST_KDF).close()
    application.begin(path)
    unlock(qtbot, application, DEMO_PASSPHRASE)
    controller = application.main_controller
    qtbot.waitUntil(lambda: ops.running() == 0 and controller.current_view is not None, timeout=15000)
    return controller


def test_the_help_menu_opens_the_manual_index(qtbot, demo):
    window = demo.window
    action = next(a for a in window.menu_help.actions() if a.text() == "&Manual de usuario")
    action.trigger()
    manual = window.findChild(ManualWindow)
    assert manual.isVisible() and manual.page() == "index.md"
    assert "Manual de usuario de npmdesk" in manual.browser.toPlainText()


def test_a_section_on_the_dashboard_opens_in_the_section_editor(qtbot, demo):
    """As redaccion.md says: the dashboard's «Mis secciones por redactar» opens the editor."""
    from npmdesk.ui.drafting.editor_view import SectionEditorView
    board = demo.current_view
    entries = board.lists["to_write"]
    qtbot.waitUntil(lambda: entries.count() > 0 and entries.item(0).flags() != 0)
    item = entries.item(0)
    title = item.text().split(" — ")[0]
    entries.setCurrentItem(item)
    entries.itemActivated.emit(item)
    qtbot.waitUntil(lambda: isinstance(demo.current_view, SectionEditorView), timeout=15000)
    qtbot.waitUntil(lambda: demo.current_view.heading.text() == title, timeout=15000)
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=15000)
    selected = demo.window.tree.currentIndex()
    assert selected.isValid() and selected.data().startswith("MNPT-2026-031")


def test_a_section_of_the_report_page_opens_in_the_section_editor(qtbot, demo):
    """As redaccion.md says: selecting a report lists its sections; Enter opens one."""
    from npmdesk.domain import model
    from npmdesk.services.records import edit as records
    from npmdesk.ui.drafting.editor_view import SectionEditorView
    from npmdesk.ui.drafting.report_view import ReportView
    report = next(r for r in records.select(demo.ctx.session, model.Report) if r.number == "MNPT-2026-031")
    demo.reveal("report", report.id)
    qtbot.waitUntil(lambda: isinstance(demo.current_view, ReportView), timeout=15000)
    page = demo.current_view
    qtbot.waitUntil(lambda: page.sections.topLevelItemCount() > 5, timeout=15000)
    trato = page.sections.findItems("Trato", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    assert trato.text(1) == "Con observaciones"
    page.sections.setCurrentItem(trato)
    page.sections.setFocus()
    qtbot.keyClick(page.sections, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(demo.current_view, SectionEditorView), timeout=15000)
    qtbot.waitUntil(lambda: demo.current_view.heading.text() == "Trato", timeout=15000)
    # The report stays selected in the navigator; a click on it brings its sections back.
    selected = demo.window.tree.currentIndex()
    assert selected.data().startswith("MNPT-2026-031")
    qtbot.mouseClick(demo.window.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=demo.window.tree.visualRect(selected).center())
    qtbot.waitUntil(lambda: isinstance(demo.current_view, ReportView), timeout=15000)


def test_new_report_from_the_edit_menu_opens_the_template_dialog(qtbot, demo, monkeypatch):
    from npmdesk.ui.drafting import new_report
    asked = []
    monkeypatch.setattr(new_report, "ask_new_report", lambda ctx, visit_id, parent: asked.append(visit_id))
    window = demo.window
    visits = demo.model.top_index()
    window.tree.expand(visits)
    qtbot.waitUntil(lambda: demo.model.rowCount(visits) > 0)
    place = demo.model.index(0, 0, visits)
    window.tree.setCurrentIndex(place)
    demo.fetch("visit", demo.model.node(place).record_id)
    qtbot.waitUntil(lambda: ops.running() == 0)
    group = demo.model.index(0, 0, place)
    window.tree.expand(group)
    qtbot.waitUntil(lambda: demo.model.rowCount(group) > 0)
    window.tree.setCurrentIndex(demo.model.index(0, 0, group))
    qtbot.waitUntil(lambda: ops.running() == 0)
    assert window.act_new["report"].isEnabled()
    window.act_new["report"].trigger()
    assert asked == [demo.context_ids()["visit"]]


def test_the_bitacora_names_every_action_and_record_in_spanish():
    """Each action code and record kind that the services write to the bitácora has a label."""
    from npmdesk.ui.review.models import AUDIT_ACTIONS, AUDIT_RECORDS
    from npmdesk.ui.shell.tree_data import ENTITY_LABELS
    appended = re.compile(r'audit_log\.append\(\s*\w+,\s*[\w.]+,\s*[\w.]+,\s*"([a-z_]+)",\s*"([a-z_]+)"')
    audited = re.compile(r"(?<![\w.])audit\(\s*conn,\s*session,\s*([^,]+),")
    actions, kinds = set(), set()
    for source in (ROOT / "npmdesk" / "services").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for action, kind in appended.findall(text):
            actions.add(action)
            kinds.add(kind)
        for argument in audited.findall(text):
            actions |= set(re.findall(r'"([a-z_]+)"', argument))
    decisions = {f"firma_{d}" for d in ("enviar", "devolver", "aprobar", "aprobar_informe", "observar",
                                        "absorber")}
    assert len(actions) > 20 and "marcar_guia" in actions and "archivar" in actions
    assert actions - set(AUDIT_ACTIONS) == set()
    assert kinds - set(AUDIT_RECORDS) - set(ENTITY_LABELS) == set()
    assert decisions <= set(AUDIT_ACTIONS)
    assert {"crear", "modificar"} <= set(AUDIT_ACTIONS)
