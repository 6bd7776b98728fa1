// Flow view: a timeline of traced payments and a Sankey of amounts (d3 + d3-sankey).
(function () {
  "use strict";
  const form = document.getElementById("flow-form");
  const entity = form.dataset.entity;
  const status = document.getElementById("flow-status");
  const money = (v) => v.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  async function draw(hops) {
    status.textContent = "Tracing…";
    const res = await fetch("/ui/api/flows/" + encodeURIComponent(entity) + "?hops=" + hops, { credentials: "same-origin" });
    if (!res.ok) { status.textContent = "Could not trace (" + res.status + ")."; return; }
    const data = await res.json();
    if (!data.seeds.length) { status.textContent = "No account of " + entity + " appears in the loaded transactions."; }
    else status.textContent = data.timeline.length + " payments on chains into or out of " + data.seeds.join(", ") + " within " + data.hops + " hops" + (data.dropped_cycles ? " (" + data.dropped_cycles + " links closing a cycle are left out of the Sankey)" : "") + ".";
    const flagged = new Map();
    data.typologies.forEach((t) => t.transactions.forEach((x) => flagged.set(x, t)));
    timeline(data.timeline, flagged);
    sankey(data.links);
    typologies(data.typologies);
    const body = document.querySelector("#flow-table tbody");
    body.replaceChildren();
    data.timeline.forEach((t) => {
      const tr = body.insertRow();
      [t.date, t.id + (flagged.has(t.id) ? " ⚑" : ""), t.source_name + " (" + t.source + ")", t.target_name + " (" + t.target + ")", money(t.amount), t.direction].forEach((v, i) => { const td = tr.insertCell(); td.textContent = v; if (i === 4) td.className = "num"; });
    });
  }

  // Data goes into the page as text nodes only: ids, names and reasons come from
  // loaded files, which an attacker may have written.
  function typologies(list) {
    const box = document.getElementById("typologies");
    box.replaceChildren();
    if (!list.length) { const li = document.createElement("li"); li.textContent = "None."; box.appendChild(li); return; }
    list.forEach((t) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/ui/alerts/" + encodeURIComponent(t.id);
      a.textContent = t.typology;
      li.append(a, ": " + t.reason + " (" + t.transactions.join(", ") + ")");
      box.appendChild(li);
    });
  }

  function timeline(rows, flagged) {
    const box = d3.select("#timeline").html("");
    if (!rows.length) return;
    const w = Math.max(800, box.node().clientWidth - 20), h = 260, m = { l: 70, r: 20, t: 16, b: 30 };
    const svg = box.append("svg").attr("width", w).attr("height", h);
    const parse = d3.utcParse("%Y-%m-%d");
    const x = d3.scaleUtc().domain(d3.extent(rows, (d) => parse(d.date))).nice().range([m.l, w - m.r]);
    const y = d3.scaleLog().domain([Math.max(1, d3.min(rows, (d) => d.amount) * 0.8), d3.max(rows, (d) => d.amount) * 1.2]).range([h - m.b, m.t]);
    svg.append("g").attr("transform", "translate(0," + (h - m.b) + ")").call(d3.axisBottom(x));
    svg.append("g").attr("transform", "translate(" + m.l + ",0)").call(d3.axisLeft(y).ticks(5, "~s"));
    const colour = { forward: "#1f5f99", backward: "#8e44ad" };
    const dots = svg.append("g").selectAll("circle").data(rows).join("circle")
      .attr("cx", (d) => x(parse(d.date))).attr("cy", (d) => y(d.amount)).attr("r", (d) => 3 + Math.sqrt(d.amount) / 40)
      .attr("fill", (d) => colour[d.direction] || "#7f8c8d").attr("fill-opacity", 0.7)
      .attr("stroke", (d) => (flagged.has(d.id) ? "#e67e22" : "none")).attr("stroke-width", 3);
    dots.append("title").text((d) => d.date + " " + d.id + ": " + d.source_name + " → " + d.target_name + ", " + money(d.amount) + (flagged.has(d.id) ? " [" + flagged.get(d.id).typology + "]" : ""));
    svg.append("text").attr("x", m.l).attr("y", 12).attr("font-size", 11).text("blue: money out of the entity's accounts · purple: money into them · orange ring: in a typology alert");
  }

  function sankey(links) {
    const box = d3.select("#sankey").html("");
    if (!links.length) { box.append("p").text("No flow to draw."); return; }
    const names = new Map();
    links.forEach((l) => { names.set(l.source, l.source_name); names.set(l.target, l.target_name); });
    const nodes = Array.from(names, ([id, name]) => ({ id, name }));
    const w = Math.max(900, box.node().clientWidth - 20), h = Math.max(320, nodes.length * 22);
    const layout = d3.sankey().nodeId((d) => d.id).nodeWidth(14).nodePadding(10).extent([[1, 1], [w - 1, h - 6]]);
    const graph = layout({ nodes: nodes.map((d) => ({ ...d })), links: links.map((d) => ({ ...d, value: d.amount })) });
    const svg = box.append("svg").attr("width", w).attr("height", h);
    svg.append("g").attr("fill", "none").selectAll("path").data(graph.links).join("path")
      .attr("d", d3.sankeyLinkHorizontal()).attr("stroke", "#5b7db1").attr("stroke-opacity", 0.35)
      .attr("stroke-width", (d) => Math.max(1, d.width))
      .append("title").text((d) => d.source.name + " → " + d.target.name + ": " + money(d.value) + " in " + d.count + " payment(s)");
    const node = svg.append("g").selectAll("g").data(graph.nodes).join("g");
    node.append("rect").attr("x", (d) => d.x0).attr("y", (d) => d.y0).attr("height", (d) => Math.max(1, d.y1 - d.y0)).attr("width", (d) => d.x1 - d.x0).attr("fill", "#14324f");
    node.append("text").attr("x", (d) => (d.x0 < w / 2 ? d.x1 + 6 : d.x0 - 6)).attr("y", (d) => (d.y1 + d.y0) / 2).attr("dy", "0.35em")
      .attr("text-anchor", (d) => (d.x0 < w / 2 ? "start" : "end")).attr("font-size", 11).text((d) => d.name + " " + money(d.value));
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); draw(document.getElementById("hops").value); });
  draw(3);
})();
