"""The package modules import one way only, and crypto/ words nothing for people.

Imports inside functions count too: a lazy import hides a cycle, it does not remove it.
"""

import ast
from pathlib import Path

import npmdesk

PACKAGE = Path(npmdesk.__file__).parent
SERVICES = PACKAGE / "services"


def _service_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "npmdesk.services":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("npmdesk.services."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("npmdesk.services."))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem for p in SERVICES.glob("*.py")}
    return {p.stem: _service_imports(p) & modules - {p.stem} for p in SERVICES.glob("*.py")}


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str]:
    """A path start -> ... -> start, or [] when there is none."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return []


def test_the_package_modules_are_in_no_import_cycle():
    graph = _graph()
    names = sorted(m for m in graph if m.startswith("package"))
    assert {"packages", "package_auth", "package_open", "package_import", "package_transfer"} <= set(names)
    assert {m: _cycle_through(graph, m) for m in names if _cycle_through(graph, m)} == {}


def test_the_cycle_finder_sees_a_cycle():
    assert _cycle_through({"a": {"b"}, "b": {"c"}, "c": {"a"}}, "a") == ["a", "b", "c", "a"]
    assert _cycle_through({"a": {"b"}, "b": {"c"}, "c": set()}, "a") == []


def test_the_package_modules_import_in_one_direction():
    graph = _graph()
    assert "package_import" not in graph["packages"] and "packages" not in graph["package_import"]
    assert graph["package_auth"] & {"packages", "package_open", "package_import", "package_transfer"} == set()
    assert graph["package_open"] & {"packages", "package_import", "package_transfer"} == set()
    assert graph["package_transfer"] & {"packages", "package_import"} == set()


def test_crypto_holds_no_words_for_people():
    offenders = []
    for path in sorted((PACKAGE / "crypto").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Typed errors whose Spanish template lives in errors.py are fine; a translated string is not.
            if isinstance(node, ast.ImportFrom) and node.module == "npmdesk.i18n":
                offenders.append(f"{path.name} imports {node.module}")
    assert offenders == []
