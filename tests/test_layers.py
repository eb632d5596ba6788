"""The package's import graph follows the layers of docs/architecture.md: every module imports only modules of
its own layer or below (imports inside functions included — a lazy import is still an arrow), and there is no
circle within a layer."""

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


# lowest first, as docs/architecture.md draws them; the package's own face (kneecare_analysis/__init__.py) names
# everything lazily and stands outside the layers
LAYERS = [
    ("words", {"errors", "palette", "safety", "vocab"}),
    ("the routine", {"routine", "instruments"}),
    ("loaders", {"loaders"}),
    ("analysis", {"analysis"}),
    ("data folders", {"dataset", "design", "paths"}),
    ("output", {"plots", "render", "report", "pdf"}),
    ("use", {"widgets", "apps", "cli", "lab", "logbook", "session", "demo"}),
]


def layer(module: str) -> int:
    top = module.split(".")[1]
    for number, (_, members) in enumerate(LAYERS):
        if top in members:
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to docs/architecture.md")


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Every arrow from a module to a module of a higher layer."""
    return [
        f"{source} ({LAYERS[layer(source)][0]}) imports {target} ({LAYERS[layer(target)][0]})"
        for source, targets in sorted(edges.items())
        if source != "kneecare_analysis"
        for target in sorted(targets)
        if target != "kneecare_analysis" and layer(target) > layer(source)
    ]


def test_every_import_runs_down_the_layers():
    edges = graph()
    assert edges["kneecare_analysis.dataset"] >= {"kneecare_analysis.analysis", "kneecare_analysis.loaders.pipeline"}
    assert upward(edges) == []


def test_an_arrow_up_the_layers_is_caught():
    wrong = {"kneecare_analysis.loaders.load": {"kneecare_analysis.analysis", "kneecare_analysis.errors"}}
    assert upward(wrong) == ["kneecare_analysis.loaders.load (loaders) imports kneecare_analysis.analysis (analysis)"]


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
