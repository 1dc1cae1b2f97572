"""What a screen reader finds in npmdesk, over the real accessibility bus (AT-SPI) on Linux.

The real app runs on its own Xvfb display, D-Bus session and AT-SPI bus (tests/atspi_support.py)
with the demo case file; it is driven with the keyboard (xdotool), as a person who cannot use a
mouse drives it, to the main window, the navigator and a visit's form, the section editor, the
review screen and the statistics; each time tests/atspi_walk.py, under Debian's Python and its
pyatspi, reads the tree a screen reader reads. Every interactive element must have a role and a
name, and a name that is not merely its value (a combo box called «Derecho» says nothing of what
it chooses). Needs xvfb, dbus, at-spi2-core, python3-pyatspi and xdotool: .ci/run installs them,
and without them this fails, naming the packages; it is never skipped.
"""

import pytest

from atspi_support import AccessibleApp, missing_tools
from fast_kdf import FAST_KDF
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo

# AT-SPI role names (pyatspi's getRoleName) of the elements a person acts on.
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "text",
               "password text", "entry", "spin button", "slider", "table", "tree table", "tree",
               "list", "list item", "page tab", "menu", "menu item", "check menu item",
               "radio menu item", "link", "chart"}
# What is pressed or ticked also says what it does (its tooltip, AT-SPI's description).
DESCRIBED = {"push button", "toggle button", "check box", "radio button"}
# What Qt answers for a widget it has no role for.
NO_ROLE = {"unknown", "filler", "panel", "invalid"}


def problems(tree: list[dict]) -> list[str]:
    """Each interactive element a screen reader could not tell apart: no name, a name that is only
    its value, or (for what takes focus) no role; and each button or box that does not say what
    it does (the editor's toolbar and menu items say it in their names and shortcuts)."""
    found = []
    for node in tree:
        role, name = node["role"], node["name"].strip()
        where = " / ".join(node["path"][-3:])
        if role in INTERACTIVE and not name:
            found.append(f"{role} without a name, in {where}")
        elif role == "combo box" and name in node.get("options", []):
            found.append(f"combo box named by its current choice «{name}», in {where}")
        elif role in ("text", "entry", "spin button") and node.get("text") and name == node["text"].strip():
            found.append(f"{role} named by its content «{name[:40]}», in {where}")
        elif role in ("slider", "spin button") and node.get("value") and name == node["value"]:
            found.append(f"{role} named by its value «{name}», in {where}")
        elif "focusable" in node["states"] and role in NO_ROLE and not name:
            found.append(f"focusable {role} without a role or a name, in {where}")
        elif role in DESCRIBED and not node["description"].strip():
            found.append(f"{role} «{name}» without a description of what it does, in {where}")
    return found


def assert_named(tree: list[dict]) -> None:
    found = problems(tree)
    assert not found, "elements a screen reader cannot tell apart:\n" + "\n".join(found)


def focused(tree: list[dict]) -> list[tuple[str, str]]:
    return [(n["role"], n["name"]) for n in tree if "focused" in n["states"]]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    lacking = missing_tools()
    if lacking:
        pytest.fail("the accessibility test needs these Debian packages: apt-get install "
                    + " ".join(lacking) + " (.ci/run installs them)", pytrace=False)
    base = tmp_path_factory.mktemp("atspi")
    create_demo(base / "demo.npmcase", kdf_params=FAST_KDF).close()
    running = AccessibleApp(base / "demo.npmcase", DEMO_PASSPHRASE, base / "home")
    try:
        running.walk("tree=Navegador del expediente", timeout=60)
        running.focus_window("npmdesk")
        yield running
    finally:
        running.close()


def test_the_checker_reports_what_a_screen_reader_could_not_tell_apart():
    tree = [{"role": "push button", "name": "", "description": "", "states": [], "path": ["Revisión"]},
            {"role": "combo box", "name": "Derecho", "options": ["Derecho", "Medicina"], "states": [],
             "path": ["Equipo"]},
            {"role": "text", "name": "Informe n.º 3", "text": "Informe n.º 3", "states": [], "path": []},
            {"role": "filler", "name": "", "states": ["focusable"], "path": []},
            {"role": "combo box", "name": "Disciplina de Ana", "options": ["Derecho"], "states": [], "path": []},
            {"role": "filler", "name": "", "states": [], "path": []},
            {"role": "check box", "name": "Solo vencidas", "description": "", "states": [], "path": []},
            {"role": "check box", "name": "Solo vencidas", "description": "Las que pasaron su plazo",
             "states": [], "path": []}]
    assert len(problems(tree)) == 5
    assert "«Derecho»" in problems(tree)[1]


def test_main_window_and_dashboard(app):
    tree = app.walk("list=Mis secciones por redactar")
    assert_named(tree)
    assert {"menu bar", "tree", "status bar"} <= {n["role"] for n in tree}


def in_navigator(app, *steps: tuple[str, str]) -> None:
    """From the navigator's top, for each (start of a row's name, a row its opening shows): find
    the row by typing (the tree's type-ahead), open it with +, wait for what it shows."""
    app.keys("ctrl+1", "Home")
    for typed, shown in steps:
        app.type(typed)
        app.keys("plus")
        app.walk("table cell=" + shown)


def test_navigator_and_a_visit_form(app):
    in_navigator(app, ("Centro Penitenciario", "Visitas*"), ("Visitas", "Visita del 20 oct 2026"),
                 ("Visita del 20", "Entrevistas*"))  # the demo's latest visit, chosen and opened
    tree = app.walk("push button=Añadir al equipo")
    assert_named(tree)
    disciplines = [n for n in tree if n["role"] == "combo box" and n["name"].startswith("Disciplina de ")]
    assert disciplines and all(n["options"] for n in disciplines)


# Each folder under a visit, and a field only its records' form has.
FORMS = {"Entrevistas": "text=Código seudónimo", "Notas de campo": "combo box=Tipo de nota",
         "Hallazgos": "check box=Hallazgo triangulado", "Recomendaciones": "combo box=Prioridad",
         "Adjuntos": "text=Leyenda"}


@pytest.mark.parametrize("folder", list(FORMS))
def test_record_forms_of_a_visit(app, folder):
    in_navigator(app, ("Centro Penitenciario", "Visitas*"), ("Visitas", "Visita del 20 oct 2026"),
                 ("Visita del 20", folder + "*"))  # a folder's name carries its count
    app.type(folder)
    app.keys("plus", "Down")  # the folder opened, its first record
    tree = app.walk(FORMS[folder])
    assert_named(tree)


def test_section_editor(app):
    app.keys("ctrl+shift+h")
    app.walk("list=Mis secciones por redactar")
    app.keys("ctrl+2", "Return")  # the first section of «Mis secciones por redactar»
    tree = app.walk("text=Texto de la sección")
    assert_named(tree)
    toolbar = [n for n in tree if "Formato del texto" in n["path"] and n["role"] in INTERACTIVE]
    assert len(toolbar) >= 14
    assert focused(tree), "opening the editor puts the focus in it"


def test_review_screen(app):
    app.keys("ctrl+shift+r")
    tree = app.walk("tree=Informes en revisión y sus secciones")
    assert_named(tree)
    assert ("tree", "Informes en revisión y sus secciones") in focused(tree)


SCREENS = {"ctrl+shift+m": ("combo box=Lugar", "Recomendaciones de todos los lugares"),
           "ctrl+shift+o": ("check box=Solo los que esperan respuesta", "Oficios y respuestas pendientes"),
           "ctrl+shift+h": ("list=Mis secciones por redactar", "Panel de inicio")}


@pytest.mark.parametrize("keys", list(SCREENS))
def test_screens_of_the_menus_take_the_focus(app, keys):
    app.keys("ctrl+f")  # from the search box, where the focus stays after a search
    app.keys(keys)
    until, what = SCREENS[keys]
    tree = app.walk(until)
    assert_named(tree)
    assert ("text", "Buscar en todo el expediente") not in focused(tree)
    assert focused(tree), f"opening {what} puts the focus in it"


def test_statistics_charts_are_charts_with_their_table(app):
    app.keys("ctrl+shift+e")
    tree = app.walk("push button=Informe anual…")
    assert_named(tree)
    charts = [n for n in tree if n["role"] == "chart"]
    tables = {n["name"] for n in tree if n["role"] == "table"}
    assert charts and all(c["name"] and c["description"] for c in charts)
    assert {c["name"] for c in charts} <= tables  # each chart's figures, readable as a table
