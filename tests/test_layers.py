"""The import rule of the design map, read from the code itself.

Arrows point down only: each package may import its own layer's packages (where the
pair is acyclic) and every layer below, never one above; the faces (cli, api, web)
import nothing of each other, and only server.py, which composes two of them, imports
any face. A new top-level package must be placed here.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import rustworkx as rx

PACKAGE = Path(__file__).resolve().parents[1] / "moneytrail"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"model", "errors", "settings", "limits", "logs"}),
    frozenset({"names", "sources", "store", "engines"}),
    frozenset({"typologies", "trade", "flows", "graph", "resolution", "screening"}),
    frozenset({"reports", "alerts", "validation"}),
    frozenset({"services"}),
    frozenset({"cli", "api", "web", "server"}),
)
FACES = LAYERS[-1]
# server.py composes the API and the workbench into one app: the one face that may
# import others. No face imports it (``serve`` names it to uvicorn as a string).
COMPOSES = {("server", "api"), ("server", "web")}
# The facade re-exports; ``python -m moneytrail`` runs the CLI.
OUTSIDE = frozenset({"__init__", "__main__", "data"})
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}


def _top(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _is_module(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _imports(path: Path) -> set[str]:
    """Top-level moneytrail packages ``path`` imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "moneytrail":  # "from moneytrail import api": a module
                names = [f"moneytrail.{a.name}" for a in node.names if _is_module(a.name)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("moneytrail.")}
    return found


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _top(path)
        for other in _imports(path) - {me}:
            edges[(me, other)].append(str(path.relative_to(PACKAGE.parent)))
    return edges


def test_every_package_has_a_layer() -> None:
    packages = {_top(p) for p in PACKAGE.rglob("*.py")} - OUTSIDE
    assert packages - LEVEL.keys() == set(), "place new packages in LAYERS"


def test_imports_point_down_and_faces_stay_apart() -> None:
    wrong = []
    for (me, other), where in sorted(_edges().items()):
        if me in OUTSIDE or other in OUTSIDE:
            continue
        if (me, other) in COMPOSES:
            continue
        if LEVEL[other] > LEVEL[me] or (me in FACES and other in FACES):
            wrong.append(f"{me} -> {other}: {', '.join(sorted(set(where)))}")
    assert wrong == []


def test_imports_within_a_layer_form_no_cycle() -> None:
    graph: rx.PyDiGraph[str, None] = rx.PyDiGraph()
    index = {name: graph.add_node(name) for name in LEVEL}
    for me, other in _edges():
        if me in LEVEL and other in LEVEL:
            graph.add_edge(index[me], index[other], None)
    cycles = [[graph[i] for i in cycle] for cycle in rx.simple_cycles(graph)]
    assert cycles == []


def test_model_imports_nothing_but_errors() -> None:
    assert {other for (me, other) in _edges() if me == "model"} <= {"errors"}
