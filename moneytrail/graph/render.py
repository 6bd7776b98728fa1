"""A network report as a picture: one self-contained HTML page, or a PNG for case files.

The page must open offline, inside a bank's network and years later from a case
archive, so it loads nothing: an inline SVG laid out here (rustworkx's spring layout,
seeded, so the same report draws the same picture) and a few lines of inline script
for pan, zoom, dragging nodes and showing each node's and edge's evidence on click.
The PNG is drawn with Pillow from the same layout: no browser, no system packages.
"""

from __future__ import annotations

import io
import json
import math
from html import escape
from typing import Any

import rustworkx as rx
from PIL import Image, ImageDraw, ImageFont

from moneytrail.graph.paths import NetworkReport

WIDTH, HEIGHT, MARGIN_X, MARGIN_Y = 1400, 1000, 170, 90
COLOURS = {"designated": "#c0392b", "flagged": "#e67e22", "node": "#7f8c8d", "center": "#2471a3"}
EDGE_COLOURS = {
    "ownership": "#1b2631",
    "directorship": "#2471a3",
    "family": "#8e44ad",
    "associate": "#8e44ad",
    "linked": "#a04000",
}
SHARED_COLOUR = "#16a085"

Point = tuple[float, float]


def layout(report: NetworkReport, width: int = WIDTH, height: int = HEIGHT) -> dict[str, Point]:
    """Pixel positions: rings by distance as the start, then a seeded spring layout."""
    ids = sorted(report.nodes, key=lambda n: (report.nodes[n]["distance"], n))
    graph: rx.PyGraph = rx.PyGraph(multigraph=False)
    index = {node_id: graph.add_node(node_id) for node_id in ids}
    for edge in report.edges:
        a, b = index[edge.source], index[edge.target]
        if a != b and not graph.has_edge(a, b):
            graph.add_edge(a, b, None)
    rings: dict[int, list[str]] = {}
    for node_id in ids:
        rings.setdefault(int(report.nodes[node_id]["distance"]), []).append(node_id)
    start: dict[int, tuple[float, float]] = {}
    for depth, members in rings.items():
        for k, node_id in enumerate(members):
            angle = 2 * math.pi * k / len(members) + depth * 0.5
            start[index[node_id]] = (depth * math.cos(angle), depth * math.sin(angle))
    center = index[report.center]
    pos = rx.spring_layout(graph, pos=start, fixed={center}, num_iter=200, seed=7)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        graph[i]: (
            MARGIN_X + (p[0] - min(xs)) / span_x * (width - 2 * MARGIN_X),
            MARGIN_Y + (p[1] - min(ys)) / span_y * (height - 2 * MARGIN_Y),
        )
        for i, p in pos.items()
    }


def _node_colour(node: dict[str, Any], center: str) -> str:
    if node["designated"]:
        return COLOURS["designated"]
    if node["indicators"]:
        return COLOURS["flagged"]
    return COLOURS["center"] if node["id"] == center else COLOURS["node"]


def _edge_colour(kind: str) -> str:
    return SHARED_COLOUR if kind.startswith("same_") else EDGE_COLOURS.get(kind, "#566573")


def _short(text: str, size: int = 28) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def render_html(report: NetworkReport) -> str:
    """The page; every node and edge carries its evidence as data for the side panel."""
    pos = layout(report)
    path_edges = {(s.source, s.target) for p in report.paths for s in p.steps}
    parts: list[str] = []
    for k, edge in enumerate(report.edges):
        (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
        on_path = (edge.source, edge.target) in path_edges or (
            edge.target,
            edge.source,
        ) in path_edges
        dash = ' stroke-dasharray="6 4"' if edge.kind.startswith("same_") else ""
        width = 3.5 if on_path else 1.6
        parts.append(
            f'<g class="e" data-i="{k}" data-a="{escape(edge.source)}" '
            f'data-b="{escape(edge.target)}"><line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
            f'y2="{y2:.1f}" stroke="{_edge_colour(edge.kind)}" stroke-width="{width}"{dash}/>'
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}">'
            f"{escape(_short(edge.label, 34))}</text></g>"
        )
    for node_id, node in sorted(report.nodes.items()):
        x, y = pos[node_id]
        ring = ' stroke="#000" stroke-width="3"' if node_id == report.center else ""
        parts.append(
            f'<g class="n" data-id="{escape(node_id)}" transform="translate({x:.1f},{y:.1f})">'
            f'<circle r="{13 if node["designated"] else 10}" '
            f'fill="{_node_colour(node, report.center)}"{ring}/>'
            f'<text y="26">{escape(_short(node["caption"]))}</text></g>'
        )
    data = script_json(report.as_dict())
    title = escape(f"Network of {report.nodes[report.center]['caption']} ({report.center})")
    return _PAGE.format(title=title, svg="\n".join(parts), data=data, w=WIDTH, h=HEIGHT)


# What a JSON text may hold that an HTML parser reads inside <script>: "</script>" ends
# the block, "<!--<script>" makes the parser skip the real end tag, "&" starts a
# character reference in some contexts, and U+2028/2029 end a line in old JavaScript.
_SCRIPT_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: object) -> str:
    """JSON safe to embed in a ``<script type="application/json">`` block.

    The escapes are JSON string escapes, so ``JSON.parse`` of the block's text gives
    back exactly ``value``; no character of it can end or alter the block.
    """
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_UNSAFE)


def render_png(report: NetworkReport, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A picture for a report: same layout and colours as the page, path edges thicker."""
    pos = layout(report, width, height)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    path_edges = {frozenset((s.source, s.target)) for p in report.paths for s in p.steps}
    for edge in report.edges:
        (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
        thick = 4 if frozenset((edge.source, edge.target)) in path_edges else 2
        draw.line([(x1, y1), (x2, y2)], fill=_edge_colour(edge.kind), width=thick)
        where, label = ((x1 + x2) / 2, (y1 + y2) / 2), _short(edge.label, 30)
        draw.rectangle(draw.textbbox(where, label, font=font, anchor="mm"), fill="white")
        draw.text(where, label, fill="#34495e", font=font, anchor="mm")
    for node_id, node in report.nodes.items():
        x, y = pos[node_id]
        r = 13 if node["designated"] else 10
        outline = "black" if node_id == report.center else None
        colour = _node_colour(node, report.center)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline=outline, width=3)
        draw.text((x, y + r + 3), _short(node["caption"]), fill="black", font=font, anchor="ma")
    title = f"{report.nodes[report.center]['caption']} ({report.center}): {report.hops} hops"
    draw.text((16, 12), title, fill="black", font=ImageFont.load_default(size=18))
    draw.text((16, 38), _LEGEND, fill="#34495e", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


_LEGEND = (
    "red: designated  orange: front-company indicator  grey: other  "
    "teal: shared address, phone, email or identifier  thick: path to a designated party"
)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{margin:0;font:13px system-ui,sans-serif;display:flex;height:100vh}}
#g{{flex:1;background:#fdfefe;cursor:grab}} #p{{width:380px;overflow:auto;padding:12px;
border-left:1px solid #ccc}} .n text{{font-size:12px;text-anchor:middle;pointer-events:none}}
.e text{{font-size:10px;fill:#566573;text-anchor:middle}} .n{{cursor:pointer}}
.e line{{cursor:pointer}} code{{font-size:11px;word-break:break-all}} h2{{font-size:15px}}
</style></head><body>
<svg id="g" viewBox="0 0 {w} {h}"><g id="v">
{svg}
</g></svg>
<div id="p"><h2>{title}</h2><p>Red: designated. Orange: front-company indicator.
Dashed: shared address, phone, email or identifier. Thick: path to a designated party.
Drag to pan, wheel to zoom, drag a node to move it, click a node or edge for its evidence.
</p><div id="d"></div></div>
<script id="data" type="application/json">{data}</script>
<script>
const R=JSON.parse(document.getElementById('data').textContent),svg=document.getElementById('g'),
v=document.getElementById('v'),d=document.getElementById('d');
const N=Object.fromEntries(R.nodes.map(n=>[n.id,n]));let t={{x:0,y:0,k:1}},drag=null,last=null;
const apply=()=>v.setAttribute('transform',`translate(${{t.x}},${{t.y}}) scale(${{t.k}})`);
const pt=e=>{{const r=svg.getBoundingClientRect(),s={w}/r.width;
return {{x:(e.clientX-r.left)*s,y:(e.clientY-r.top)*s}}}};
const esc=s=>String(s).replace(/[&<>"]/g,
c=>({{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}})[c]);
const li=a=>'<ul>'+a.map(x=>'<li>'+x+'</li>').join('')+'</ul>';
function showNode(id){{const n=N[id],ind=R.indicators.filter(i=>i.entity===id),
p=R.paths.filter(p=>p.nodes.includes(id));d.innerHTML=`<h2>${{esc(n.caption)}}</h2>
<p><code>${{esc(id)}}</code> ${{esc(n.schema)}} · ${{esc(n.datasets.join(', '))}}
${{n.designated?'<br><b>designated</b>':''}}</p>`+(ind.length?'<h3>Indicators</h3>'+li(ind.map(i=>
esc(i.explanation)+'<br><code>'+i.statements.map(esc).join(' ')+'</code>')):'')+
(p.length?'<h3>On paths to</h3>'+li(p.map(x=>esc(N[x.target]?N[x.target].caption:x.target)+
' ('+x.length+' steps)')):'')}}
function showEdge(i){{const e=R.edges[i];
d.innerHTML=`<h2>${{esc(e.kind)}}</h2><p>${{esc(e.label)}}</p>
<p>${{esc(N[e.source].caption)}} → ${{esc(N[e.target].caption)}}</p>
<p>via <code>${{esc(e.via||'-')}}</code></p>
<h3>Statements</h3><code>${{e.statements.map(esc).join('<br>')}}</code>`}}
function moveNode(g,x,y){{g.setAttribute('transform',`translate(${{x}},${{y}})`);
const id=g.dataset.id;document.querySelectorAll('.e').forEach(e=>{{
const l=e.querySelector('line'),s=e.querySelector('text');
if(e.dataset.a===id){{l.setAttribute('x1',x);l.setAttribute('y1',y)}}
if(e.dataset.b===id){{l.setAttribute('x2',x);l.setAttribute('y2',y)}}
s.setAttribute('x',(+l.getAttribute('x1')+ +l.getAttribute('x2'))/2);
s.setAttribute('y',(+l.getAttribute('y1')+ +l.getAttribute('y2'))/2-4)}})}}
svg.addEventListener('mousedown',e=>{{const g=e.target.closest('.n');last=pt(e);
drag=g||'pan';if(g)showNode(g.dataset.id);else if(e.target.closest('.e'))
showEdge(+e.target.closest('.e').dataset.i)}});
window.addEventListener('mousemove',e=>{{if(!drag)return;const p=pt(e);if(drag==='pan'){{
t.x+=p.x-last.x;t.y+=p.y-last.y;apply()}}else moveNode(drag,(p.x-t.x)/t.k,(p.y-t.y)/t.k);last=p}});
window.addEventListener('mouseup',()=>drag=null);
svg.addEventListener('wheel',e=>{{e.preventDefault();const p=pt(e),f=e.deltaY<0?1.15:1/1.15;
t.x=p.x-(p.x-t.x)*f;t.y=p.y-(p.y-t.y)*f;t.k*=f;apply()}},{{passive:false}});
showNode(R.entity.id);
</script></body></html>
"""
