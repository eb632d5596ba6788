"""The package's import graph has no circle: every module imports only modules below it (imports inside
functions included — a lazy import is still an arrow). The layers are described in docs/architecture.md."""

from __future__ import annotations

import ast

from .conftest import ROOT

PACKAGE = ROOT / "kneecare_analysis"


def _module(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path, name: str, modules: set[str]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            root = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module)
            targets = [root] + [f"{root}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # the module a name belongs to
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):  # a package's own face
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, name, set(files)) for name, path in files.items()}


def test_there_is_no_import_circle():
    edges = graph()
    assert edges["kneecare_analysis.widgets.walkthrough"] >= {"kneecare_analysis.logbook"}  # the graph is read
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            raise AssertionError("import circle: " + " -> ".join(trail[trail.index(node) :] + [node]))
        if node in done:
            return
        for target in sorted(edges.get(node, ())):
            visit(target, [*trail, node])
        done.add(node)

    for module in sorted(edges):
        visit(module, [])
