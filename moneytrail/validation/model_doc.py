"""The screening model's documentation, read from the code that runs.

An examiner's model documentation must describe the model in use, not the one someone
remembered to write up: every weight and rule is read here from the screening modules
themselves (their docstrings, their numeric constants and the comment above each), so
the pack documents exactly the version that produced its figures.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import moneytrail

# The modules whose constants and functions make up screen-v1, in reading order.
MODEL_MODULES = (
    "moneytrail.screening.defaults",
    "moneytrail.screening.scorer",
    "moneytrail.screening.feature_list",
    "moneytrail.screening.features",
    "moneytrail.screening.compare",
    "moneytrail.screening.screener",
    "moneytrail.screening.index",
    "moneytrail.screening.identifiers",
    "moneytrail.screening.wallets",
)
CHANGELOG = Path(moneytrail.__file__).resolve().parent.parent / "docs" / "screening-changelog.md"


@dataclass(frozen=True, slots=True)
class Weight:
    """A named number of the model, where it lives and why (its comment, if any)."""

    module: str
    name: str
    value: str
    comment: str


@dataclass(frozen=True, slots=True)
class Feature:
    """A public function of the model and its docstring (its user-facing documentation)."""

    module: str
    name: str
    doc: str


@dataclass(frozen=True, slots=True)
class ModelDoc:
    algorithm: str
    modules: tuple[tuple[str, str], ...]  # (module, docstring)
    features: tuple[Feature, ...]
    weights: tuple[Weight, ...]
    changelog: str


def model_doc() -> ModelDoc:
    """Everything the pack says about the model, read from the modules now loaded."""
    from moneytrail.screening import ALGORITHM

    modules = [importlib.import_module(m) for m in MODEL_MODULES]
    return ModelDoc(
        algorithm=ALGORITHM,
        modules=tuple((m.__name__, inspect.getdoc(m) or "") for m in modules),
        features=tuple(f for m in modules for f in features_of(m)),
        weights=tuple(w for m in modules for w in weights_of(m)),
        changelog=CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.is_file() else "",
    )


def features_of(module: ModuleType) -> list[Feature]:
    """Public functions defined in the module, with their docstrings (undocumented ones too:
    a gap in the documentation should show in the pack, not be hidden by it)."""
    out = []
    for name, obj in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or obj.__module__ != module.__name__:
            continue
        out.append(Feature(module.__name__, name, inspect.getdoc(obj) or "(no docstring)"))
    return out


def weights_of(module: ModuleType) -> list[Weight]:
    """Module-level UPPER_CASE numbers (and dicts of numbers), with the comment lines above
    or beside each, in source order; the value is the live one, not the source text."""
    source = inspect.getsource(module)
    lines = source.splitlines()
    out = []
    for node in ast.parse(source).body:
        target = _target(node)
        if target is None or not target.isupper():
            continue
        value = getattr(module, target, None)
        if not _numeric(value):
            continue
        comment = _comment(lines, node)
        out.append(Weight(module.__name__, target, _show(value), comment))
    return out


def _target(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, dict) and value:
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
    return False


def _show(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _comment(lines: list[str], node: ast.stmt) -> str:
    """The comment block right above the statement, or the comment ending its first line."""
    above = []
    i = node.lineno - 2
    while i >= 0 and lines[i].lstrip().startswith("#"):
        above.append(lines[i].lstrip()[1:].strip())
        i -= 1
    if above:
        return " ".join(reversed(above))
    first = lines[node.lineno - 1]
    return first.split("#", 1)[1].strip() if "  #" in first else ""
