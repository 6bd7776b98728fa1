"""docs/screening.md's feature tables, generated from the feature list.

The tables sit between two markers in the page; everything else in it is prose kept by
hand. ``python -m moneytrail.screening.feature_docs [docs/screening.md]`` rewrites the
block in place (``--check`` only says whether it is stale), and
tests/screening/test_feature_docs.py fails when the page and the list disagree, so a
weight changed in code cannot leave the documentation behind.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from moneytrail.errors import ConfigError
from moneytrail.screening.feature_list import FEATURES, Feature, Weight

BEGIN = "<!-- features: generated from screening/feature_list.py, do not edit by hand -->"
END = "<!-- features: end -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _value(weight: Weight) -> str:
    return f"x {weight.value:.2f}" if weight.factor else f"{weight.value:+.2f}"


def formula(features: Sequence[Feature] = FEATURES) -> str:
    """The evidence sum in the order the scorer adds it."""
    name, *rest = features
    return " + ".join([f"{name.key} x strength", *(f.key for f in rest)])


def render(features: Sequence[Feature] = FEATURES) -> str:
    """The generated block, markers included."""
    lines = [
        BEGIN,
        "",
        "The scorer adds the features in this order (`raw = "
        f"{formula(features)}`, then `score = calibrate(raw)`):",
        "",
        "| # | feature | key | corroborates | what it says |",
        "| --- | --- | --- | --- | --- |",
    ]
    for n, f in enumerate(features, start=1):
        corroborates = "yes" if f.corroborates else ""
        lines.append(f"| {n} | {f.label} | `{f.key}` | {corroborates} | {_cell(f.description)} |")
    lines += [
        "",
        "A feature marked *corroborates* agreeing by at least `MIN_CORROBORATION` lifts the",
        "common-name ceiling. Its weights, first the headline one (`/algorithms`'s coefficient):",
        "",
        "| feature | weight | constant | applies when |",
        "| --- | --- | --- | --- |",
    ]
    for f in features:
        for w in f.weights:
            lines.append(f"| {f.label} | {_value(w)} | `{_cell(w.constant)}` | {_cell(w.when)} |")
    lines += ["", END]
    return "\n".join(lines)


def updated(page: str, features: Sequence[Feature] = FEATURES) -> str:
    """The page with its generated block replaced by a fresh one."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise ConfigError(f"the page has no feature block ({BEGIN!r} ... {END!r})")
    return page[:start] + render(features) + page[end + len(END) :]


def main(argv: Sequence[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    path = Path(paths[0]) if paths else DOC
    page = path.read_text(encoding="utf-8")
    fresh = updated(page)
    if fresh == page:
        return 0
    if check:
        sys.stderr.write(
            f"{path}: feature tables out of date (python -m moneytrail.screening.feature_docs)\n"
        )
        return 1
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
