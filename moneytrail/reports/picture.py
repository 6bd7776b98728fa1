"""The case report's money-flow picture: an SVG styled by attributes, with holder names.

``flows/html.py`` draws a trace as a whole page whose look lives in the page's
``<style>``; cut out of that page and placed in the report, the boxes fell back to
SVG's default black fill and covered their own labels (black bars, no names). This
picture carries every colour and font as presentation attributes, which browsers and
weasyprint's SVG renderer both honour without any stylesheet, and names each account
by its holder, so a reader sees who paid whom.
"""

from __future__ import annotations

from html import escape

import numpy as np

from moneytrail.flows.trace import TraceResult

COL, ROW, LEFT, TOP, BOX = 290, 40, 10, 30, 170
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
EDGE = 'fill="none" stroke="#5b7db1" stroke-width="1.4"'
LABEL = 'font-size="9" fill="#333333" text-anchor="middle"'
NODE = 'fill="#f3f6fb" stroke="#5b7db1" stroke-width="1"'
SEED = 'fill="#fde2e1" stroke="#c0392b" stroke-width="1.5"'
DESIGNATED = 'fill="#c0392b" stroke="#641e16" stroke-width="1.5"'


def flow_svg(
    result: TraceResult,
    names: dict[str, str],
    designated: set[str] | frozenset[str] = frozenset(),
    currency: str = "",
    limit: int = 40,
) -> str:
    """The ``limit`` accounts with the largest attributed amounts, laid out by hops.

    ``names``: account -> holder name (the account id is shown under it);
    ``designated``: accounts drawn in red with white text.
    """
    graph = result.graph
    keep = np.argsort(-result.amount, kind="stable")[:limit]
    keep = keep[np.lexsort((result.first_t[keep], result.hops[keep]))]
    pos: dict[int, tuple[float, float]] = {}
    for i, seed in enumerate(result.seeds.tolist()):
        pos[int(seed)] = (LEFT, TOP + i * ROW)
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
            amount = f"{graph.amount[edge]:,.2f}" + (f" {currency}" if currency else "")
            when = str(graph.format_time(int(graph.t[edge])))
            parts.append(_arrow(pos[a], pos[b], when, amount))
    seeds = set(result.seeds.tolist())
    accounts = graph.accounts.take(list(pos)).to_pylist()
    for (code, (x, y)), account in zip(pos.items(), accounts, strict=True):
        style = DESIGNATED if account in designated else SEED if code in seeds else NODE
        parts.append(_node(x, y, str(account), names.get(str(account), ""), style))
    rows = max([len(result.seeds), *per_col.values()])
    height = TOP + rows * ROW
    width = LEFT + (max(per_col, default=0)) * COL + BOX + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT} role="img" '
        f'aria-label="Money flow, {len(pos)} accounts">'
        '<defs><marker id="flow-head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b7db1"/></marker>'
        "</defs>" + "".join(parts) + "</svg>"
    )


def _arrow(a: tuple[float, float], b: tuple[float, float], when: str, amount: str) -> str:
    """A curve from box to box, its date above and its amount below the middle."""
    x1, y1, x2, y2 = a[0] + BOX, a[1], b[0], b[1]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return (
        f'<path d="M{x1},{y1} C{mx},{y1} {mx},{y2} {x2},{y2}" {EDGE} '
        'marker-end="url(#flow-head)"/>'
        f'<text x="{mx}" y="{my - 4}" {LABEL}>{escape(when)}</text>'
        f'<text x="{mx}" y="{my + 8}" {LABEL}>{escape(amount)}</text>'
    )


def _node(x: float, y: float, account: str, name: str, style: str) -> str:
    """A box with the holder's name and, smaller, the account id."""
    ink = "#ffffff" if style == DESIGNATED else "#1b2631"
    title = name or account
    text = f'<text x="{x + 6}" font-size="{{}}" fill="{ink}" y='
    lines = text.format(10) + f'"{y - 2}">{escape(title[:28])}</text>'
    if name:
        lines += text.format(8) + f'"{y + 10}">{escape(account[:30])}</text>'
    return (
        f"<g><title>{escape(title)} ({escape(account)})</title>"
        f'<rect x="{x}" y="{y - 15}" width="{BOX}" height="30" rx="4" {style}/>{lines}</g>'
    )
