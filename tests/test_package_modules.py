"""The package modules import one way only, and crypto/ words nothing for people.

Imports inside functions count too: a lazy import hides a cycle, it does not remove it
(architecture_rules.graph reads them all; tests/test_architecture.py fails on any cycle).
"""

import ast
from pathlib import Path

import npmdesk
from architecture_rules import cycles, graph

PACKAGE = Path(npmdesk.__file__).parent
EXCHANGE = "npmdesk.services.exchange."
MODULES = ("packages", "case_package", "package_auth", "package_open", "package_import")


def _edges() -> dict[str, set[str]]:
    edges = graph(PACKAGE)
    return {name: {m.removeprefix(EXCHANGE) for m in edges[EXCHANGE + name] if m.startswith(EXCHANGE)}
            for name in MODULES}


def test_the_package_modules_are_in_no_import_cycle():
    assert all(EXCHANGE + name in graph(PACKAGE) for name in MODULES)
    assert [c for c in cycles(PACKAGE) if any(m.startswith(EXCHANGE) for m in c)] == []


def test_the_package_modules_import_in_one_direction():
    edges = _edges()
    assert "package_import" not in edges["packages"] and "packages" not in edges["package_import"]
    assert edges["package_auth"] & {"packages", "package_open", "package_import", "case_package"} == set()
    assert edges["package_open"] & {"packages", "package_import", "case_package"} == set()
    assert edges["case_package"] & {"packages", "package_import"} == set()
    assert "package_auth" in edges["package_open"] and "package_open" in edges["package_import"]


def test_crypto_holds_no_words_for_people():
    offenders = []
    for path in sorted((PACKAGE / "crypto").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Typed errors whose Spanish template lives in errors.py are fine; a translated string is not.
            if isinstance(node, ast.ImportFrom) and node.module == "npmdesk.i18n":
                offenders.append(f"{path.name} imports {node.module}")
    assert offenders == []
