"""The rules tests/test_architecture.py applies, written over any package folder so that the tests
can also show them failing on a small package made for the purpose."""

import ast
from pathlib import Path

# Lowest first. storage maps the domain dataclasses, so it sits above domain.
LAYERS = ["crypto", "domain", "storage", "export", "services", "ui"]
SHARED = {"i18n", "errors", "paths", "logs", "__init__"}
GETTEXT = {"_", "N_", "es_"}  # gettext's names are public by convention


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at `root`."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `path` imports anywhere (module level or inside a function):
    `from a.b import c` counts as a.b.c when that is a module, else as a.b."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
    return found


def graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: {m for m in imported(path, known) if m in known and m != name}
            for name, path in known.items()}


def cycles(root: Path) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan's SCCs)."""
    edges = graph(root)
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def forbidden_imports(root: Path, importer: str, targets: set[str]) -> list[str]:
    """'module imports name' for each import from the `importer` folder or module into `targets`
    (top-level folders or modules of the package, e.g. {"storage", "crypto"} or {"cli"})."""
    known = modules(root)
    offenders = []
    for name, path in known.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] != importer:
            continue
        for other in sorted(imported(path, known)):
            other_parts = other.split(".")
            if other_parts[0] == root.name and len(other_parts) > 1 and other_parts[1] in targets:
                offenders.append(f"{name} imports {other}")
    return offenders


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in GETTEXT


def private_uses(root: Path) -> list[str]:
    """Each use of another module's `_private` name: imported by name, or read off the module."""
    known = modules(root)
    offenders = []
    for name, path in known.items():
        tree = _tree(path)
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in known:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in known:
                        aliases[alias.asname or alias.name] = full
                    elif _private(alias.name) and node.module != name:
                        offenders.append(f"{name}:{node.lineno} imports {full}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known:
                        aliases[alias.asname or alias.name] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and aliases.get(node.value.id, name) != name and _private(node.attr)):
                offenders.append(f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return offenders
