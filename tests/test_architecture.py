"""The house's shape: layers import downward only, only ui/ touches Qt, no import cycles, the GUI
goes through services, the command modules stand below cli.py, no module reaches into another's
private names, and each capability is a package that says what it is for.

The rules live in architecture_rules.py; the tests at the end show each rule failing on a small
package written for the purpose, so a rule that silently stopped seeing anything would show."""

import ast
from pathlib import Path

import npmdesk
from architecture_rules import (LAYERS, SHARED, cycles, forbidden_imports, graph, imported, modules,
                                private_uses)

PACKAGE = Path(npmdesk.__file__).parent
CAPABILITIES = {"services": {"records", "drafting", "review", "team", "exchange", "archive",
                             "safekeeping", "tracking", "demo", "importing"},
                "ui": {"common", "shell", "records", "drafting", "review", "team", "exchange",
                       "archive", "safekeeping", "tracking", "importing"}}


def _modules_in(layer: str):
    return sorted((PACKAGE / layer).rglob("*.py"))


def _top_imports(path: Path) -> set[str]:
    return imported(path, {})


def test_only_ui_imports_qt():
    offenders = [str(p.relative_to(PACKAGE)) for layer in LAYERS[:-1] for p in _modules_in(layer)
                 if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _top_imports(p))]
    offenders += [f"{name}.py" for name in SHARED
                  if any(n.startswith("PySide6") for n in _top_imports(PACKAGE / f"{name}.py"))]
    assert offenders == []


def test_layers_import_downward_only():
    offenders = []
    for rank, layer in enumerate(LAYERS):
        offenders += forbidden_imports(PACKAGE, layer, set(LAYERS[rank + 1:]) | {"cli", "commands"})
    assert offenders == []


def test_shared_modules_import_no_layer():
    offenders = []
    for name in SHARED:
        for other in _top_imports(PACKAGE / f"{name}.py"):
            parts = other.split(".")
            if parts[0] == "npmdesk" and len(parts) > 1 and parts[1] in LAYERS:
                offenders.append(f"{name}.py imports {other}")
    assert offenders == []


def test_no_import_cycles_anywhere():
    """Not between layers, not inside one, not through an import deferred into a function."""
    assert cycles(PACKAGE) == []


def test_the_gui_reads_and_writes_through_services_only():
    assert forbidden_imports(PACKAGE, "ui", {"storage", "crypto"}) == []


def test_command_modules_do_not_import_the_cli_module():
    assert forbidden_imports(PACKAGE, "commands", {"cli"}) == []


def test_no_module_uses_another_modules_private_names():
    assert private_uses(PACKAGE) == []


def test_services_and_ui_are_grouped_by_capability():
    for layer, expected in CAPABILITIES.items():
        folder = PACKAGE / layer
        packages = {p.parent.name for p in folder.glob("*/__init__.py")}
        assert packages == expected, layer
        loose = sorted(p.name for p in folder.glob("*.py") if p.name != "__init__.py")
        assert loose == (["session.py"] if layer == "services" else []), layer
        for name in expected:
            init = folder / name / "__init__.py"
            tree = ast.parse(init.read_text(encoding="utf-8"))
            doc = ast.get_docstring(tree)
            assert doc and "\n" not in doc.strip(), f"{layer}/{name}: one line saying what it is for"
            assert len(tree.body) == 1, f"{layer}/{name}/__init__.py holds only its docstring"


def test_architecture_test_sees_every_layer():
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").exists(), layer
    edges = graph(PACKAGE)
    assert len(edges) > 150 and sum(map(len, edges.values())) > 500  # it reads the real imports


# -- the rules, shown failing ------------------------------------------------------------------

def _package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "npmdesk"
    for relative, text in {"__init__.py": "", **files}.items():
        path = pkg / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in pkg.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return pkg


def test_a_cycle_is_found_even_through_a_deferred_import(tmp_path):
    pkg = _package(tmp_path, {
        "services/exchange/packages.py": "from npmdesk.services.exchange import case_package\n",
        "services/exchange/case_package.py": "def go():\n    from npmdesk.services.exchange import intake\n",
        "services/exchange/intake.py": "from npmdesk.services.exchange.packages import KINDS\n",
        "services/exchange/kinds.py": "KINDS = {}\n",
    })
    assert cycles(pkg) == [["npmdesk.services.exchange.case_package", "npmdesk.services.exchange.intake",
                            "npmdesk.services.exchange.packages"]]
    (pkg / "services/exchange/intake.py").write_text("from npmdesk.services.exchange.kinds import KINDS\n")
    assert cycles(pkg) == []


def test_a_gui_module_reading_storage_is_found(tmp_path):
    pkg = _package(tmp_path, {
        "storage/records.py": "BY_NAME = {}\n",
        "crypto/strength.py": "WEAK = 0\n",
        "services/records/browse.py": "from npmdesk.storage.records import BY_NAME\n",
        "ui/shell/tree_data.py": "from npmdesk.storage.records import BY_NAME\n",
        "ui/shell/new_case.py": "def rate():\n    from npmdesk.crypto import strength\n",
    })
    assert forbidden_imports(pkg, "ui", {"storage", "crypto"}) == [
        "npmdesk.ui.shell.new_case imports npmdesk.crypto.strength",
        "npmdesk.ui.shell.tree_data imports npmdesk.storage.records"]


def test_a_command_importing_the_cli_module_is_found(tmp_path):
    pkg = _package(tmp_path, {"cli.py": "class UserError(Exception): pass\n",
                              "commands/case.py": "from npmdesk.cli import UserError\n",
                              "commands/common.py": "X = 1\n"})
    assert forbidden_imports(pkg, "commands", {"cli"}) == ["npmdesk.commands.case imports npmdesk.cli"]


def test_a_private_name_used_from_another_module_is_found(tmp_path):
    pkg = _package(tmp_path, {
        "services/review/actions.py": "def _authorise():\n    pass\n\ndef approve():\n    _authorise()\n",
        "services/review/observations.py": "from npmdesk.services.review import actions as review\n"
                                           "def add():\n    review._authorise()\n",
        "services/records/edit.py": "def _audit():\n    pass\n",
        "services/drafting/editor.py": "from npmdesk.services.records.edit import _audit\n"
                                       "from npmdesk.i18n import _\n",
        "i18n.py": "def _(text):\n    return text\n",
    })
    assert private_uses(pkg) == [
        "npmdesk.services.drafting.editor:1 imports npmdesk.services.records.edit._audit",
        "npmdesk.services.review.observations:3 uses npmdesk.services.review.actions._authorise"]


def test_the_rules_read_every_module(tmp_path):
    pkg = _package(tmp_path, {"a/b/c.py": "", "a/d.py": ""})
    assert set(modules(pkg)) == {"npmdesk", "npmdesk.a", "npmdesk.a.b", "npmdesk.a.b.c", "npmdesk.a.d"}
