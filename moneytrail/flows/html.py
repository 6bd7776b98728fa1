"""A traced flow as one self-contained HTML page: an SVG laid out by hops and time.

Columns are hop counts (seeds on the left), accounts within a column are ordered by
first arrival, and each arrow is the last transaction of the account's chain,
labelled with its date and amount. No scripts, no CDN: the page opens offline and
can be attached to a case file as it is.
"""

from __future__ import annotations

from html import escape

import numpy as np

from moneytrail.flows.trace import TraceResult

COL, ROW, LEFT, TOP = 260, 34, 20, 60


def render(result: TraceResult, limit: int = 400) -> str:
    """The page; only the ``limit`` accounts with the largest attributed amounts."""
    graph = result.graph
    keep = np.argsort(-result.amount, kind="stable")[:limit]
    keep = keep[np.lexsort((result.first_t[keep], result.hops[keep]))]
    pos: dict[int, tuple[float, float]] = {}
    for i, seed in enumerate(result.seeds.tolist()):
        pos[seed] = (LEFT, TOP + i * ROW)
    per_col: dict[int, int] = {}
    for i in keep.tolist():
        h = int(result.hops[i])
        pos[int(result.accounts[i])] = (LEFT + h * COL, TOP + per_col.get(h, 0) * ROW)
        per_col[h] = per_col.get(h, 0) + 1
    parts: list[str] = []
    for i in keep.tolist():
        path = result.paths[i][result.paths[i] >= 0]
        edge = int(path[-1] if result.direction == "forward" else path[0])
        a, b = int(graph.src[edge]), int(graph.dst[edge])
        if a in pos and b in pos:
            label = f"{graph.format_time(int(graph.t[edge]))} · {graph.amount[edge]:,.2f}"
            parts.append(_arrow(pos[a], pos[b], label))
    names = graph.accounts.take(list(pos)).to_pylist()
    for (code, (x, y)), name in zip(pos.items(), names, strict=True):
        seed = code in set(result.seeds.tolist())
        parts.append(_node(x, y, str(name), seed))
    height = TOP + (max([len(result.seeds), *per_col.values()]) + 1) * ROW
    width = LEFT + (max(per_col, default=0) + 1) * COL
    return _page(result, width, height, "\n".join(parts))


def _arrow(a: tuple[float, float], b: tuple[float, float], label: str) -> str:
    x1, y1, x2, y2 = a[0] + 150, a[1], b[0], b[1]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2 - 3
    return (
        f'<path d="M{x1},{y1} C{mx},{y1} {mx},{y2} {x2},{y2}" class="e" marker-end="url(#h)"/>'
        f'<text x="{mx}" y="{my}" class="l">{escape(label)}</text>'
    )


def _node(x: float, y: float, name: str, seed: bool) -> str:
    cls = "n s" if seed else "n"
    return (
        f'<rect x="{x}" y="{y - 11}" width="150" height="22" rx="4" class="{cls}"/>'
        f'<text x="{x + 6}" y="{y + 4}">{escape(name[:22])}</text>'
    )


def _page(result: TraceResult, width: float, height: float, body: str) -> str:
    title = f"moneytrail trace ({result.direction}, {result.method} attribution)"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 16px; }}
.e {{ fill: none; stroke: #5b7db1; stroke-width: 1.4; }}
.l {{ font-size: 10px; fill: #333; text-anchor: middle; }}
.n {{ fill: #f3f6fb; stroke: #5b7db1; }} .s {{ fill: #fde2e1; stroke: #c0392b; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>{len(result.seeds)} seed accounts (red, left); columns are hops; arrows are the last
transaction of each account's chain, with its date and amount.
{len(result.accounts):,} accounts reached.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">
<defs><marker id="h" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6"
 markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b7db1"/></marker></defs>
{body}
</svg></body></html>
"""
