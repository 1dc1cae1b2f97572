"""The layers import downward only, and only ui/ touches Qt."""

import ast
from pathlib import Path

import npmdesk

PACKAGE = Path(npmdesk.__file__).parent
# Lowest first. storage maps the domain dataclasses, so it sits above domain.
LAYERS = ["crypto", "domain", "storage", "export", "services", "ui"]
SHARED = {"i18n", "errors", "paths", "logs", "__init__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules_in(layer: str):
    return sorted((PACKAGE / layer).rglob("*.py"))


def test_only_ui_imports_qt():
    offenders = [str(p.relative_to(PACKAGE)) for layer in LAYERS[:-1] for p in _modules_in(layer)
                 if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(p))]
    offenders += [f"{name}.py" for name in SHARED
                  if any(n.startswith("PySide6") for n in _imports(PACKAGE / f"{name}.py"))]
    assert offenders == []


def test_layers_import_downward_only():
    offenders = []
    for rank, layer in enumerate(LAYERS):
        above = set(LAYERS[rank + 1:])
        for path in _modules_in(layer):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "npmdesk" and len(parts) > 1 and parts[1] in above:
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_shared_modules_import_no_layer():
    offenders = []
    for name in SHARED:
        for imported in _imports(PACKAGE / f"{name}.py"):
            parts = imported.split(".")
            if parts[0] == "npmdesk" and len(parts) > 1 and parts[1] in LAYERS:
                offenders.append(f"{name}.py imports {imported}")
    assert offenders == []


def test_architecture_test_sees_every_layer():
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").exists(), layer
