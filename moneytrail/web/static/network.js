// Network explorer: Cytoscape.js over /ui/api/network; click a node to add its neighbours.
(function () {
  "use strict";
  const box = document.getElementById("cy");
  const center = box.dataset.entity;
  const details = document.getElementById("details");
  const filter = document.getElementById("edge-filter");
  const text = (s) => String(s == null ? "" : s);
  // Builds an element from text only: list data never passes through an HTML parser.
  function el(tag, content, attrs) {
    const node = document.createElement(tag);
    (Array.isArray(content) ? content : [content]).forEach((c) => { if (c != null) node.append(c instanceof Node ? c : text(c)); });
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }
  let path = { nodes: [], edges: [] };
  const kinds = new Set();
  const loaded = new Set();

  const cy = cytoscape({
    container: box,
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 130, "text-valign": "bottom", "text-margin-y": 4, "background-color": "#7f8c8d", width: 22, height: 22 } },
      { selector: "node[?flagged]", style: { "background-color": "#e67e22" } },
      { selector: "node[?designated]", style: { "background-color": "#c0392b", width: 28, height: 28 } },
      { selector: "node[?blocked]", style: { "border-width": 4, "border-color": "#641e16" } },
      { selector: "node.center", style: { "border-width": 4, "border-color": "#1f5f99" } },
      { selector: "edge", style: { width: 1.6, "line-color": "#95a5a6", "curve-style": "bezier", label: "data(short)", "font-size": 8, color: "#34495e", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle", "target-arrow-color": "#95a5a6" } },
      { selector: "edge[kind = 'ownership']", style: { "line-color": "#1b2631", "target-arrow-color": "#1b2631", width: 2.4 } },
      { selector: "edge[kind = 'directorship']", style: { "line-color": "#2471a3", "target-arrow-color": "#2471a3" } },
      { selector: "edge[kind ^= 'same_']", style: { "line-style": "dashed", "line-color": "#16a085" } },
      { selector: "edge.path", style: { "line-color": "#f1c40f", "target-arrow-color": "#f1c40f", width: 6, "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 5, "border-color": "#f1c40f" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ":selected", style: { "overlay-color": "#f5b400", "overlay-opacity": 0.3 } },
    ],
  });
  window.moneytrailGraph = cy; // for the UI tests and the console

  function shortLabel(e) {
    if (e.kind === "ownership" && e.percentage.length) return e.percentage.map((p) => (String(p).endsWith("%") ? p : p + "%")).join(" | ");
    return e.kind.startsWith("same_") ? e.kind.replace("_", " ") : e.label.slice(0, 24);
  }

  function add(data) {
    const fresh = [];
    data.nodes.forEach((n) => { if (!cy.getElementById(n.id).length) fresh.push({ group: "nodes", data: n }); });
    data.edges.forEach((e) => { if (!cy.getElementById(e.id).length) fresh.push({ group: "edges", data: { ...e, short: shortLabel(e) } }); });
    cy.add(fresh);
    data.kinds.forEach((k) => kinds.add(k));
    renderFilter();
    applyFilter();
    return fresh.length;
  }

  async function load(id, first) {
    if (loaded.has(id)) return 0;
    loaded.add(id);
    const res = await fetch("/ui/api/network/" + encodeURIComponent(id) + "?hops=1", { credentials: "same-origin" });
    if (!res.ok) { details.textContent = "Could not load the neighbours of " + id + " (" + res.status + ")."; return 0; }
    const data = await res.json();
    if (first) path = data.path;
    const added = add(data);
    cy.layout({ name: "cose", animate: false, randomize: first, nodeRepulsion: 40000, idealEdgeLength: 140, nodeOverlap: 40, padding: 40 }).run();
    if (first) cy.getElementById(center).addClass("center");
    box.dataset.loaded = String(loaded.size);
    return added;
  }

  function renderFilter() {
    const have = new Set(Array.from(filter.querySelectorAll("input")).map((i) => i.value));
    const hint = filter.querySelector(".hint");
    if (hint) hint.remove();
    Array.from(kinds).sort().forEach((k) => {
      if (have.has(k)) return;
      const id = "kind-" + k;
      const label = document.createElement("label");
      label.className = "choice";
      label.htmlFor = id;
      const input = el("input", null, { type: "checkbox", id: id, value: k });
      input.checked = true;
      label.append(input, " " + k.replace("_", " "));
      filter.appendChild(label);
      label.querySelector("input").addEventListener("change", applyFilter);
    });
  }

  function applyFilter() {
    const on = new Set(Array.from(filter.querySelectorAll("input:checked")).map((i) => i.value));
    cy.edges().forEach((e) => e.toggleClass("hidden", !on.has(e.data("kind"))));
  }

  function showNode(n) {
    const d = n.data();
    const ind = (d.indicators || []).map((i) => el("li", [el("b", i.code), ": " + text(i.text)]));
    const own = (d.ownership || []).map((t) => el("li", t));
    const links = el("p", [
      el("a", "Entity page", { href: "/ui/entities/" + encodeURIComponent(d.id) }), " · ",
      el("a", "Centre here", { href: "/ui/network/" + encodeURIComponent(d.id) }), " · ",
      el("a", "Money flows", { href: "/ui/flows/" + encodeURIComponent(d.id) }),
    ]);
    details.replaceChildren(
      el("h3", d.label),
      el("p", text(d.id) + " · " + text(d.schema) + " · " + (d.datasets || []).join(", "), { class: "id" }),
      ...(d.designated ? [el("p", el("b", "Designated"))] : []),
      el("h4", "50% rule"),
      own.length ? el("ul", own) : el("p", d.designated ? "designated itself" : "not blocked by ownership"),
      ...(ind.length ? [el("h4", "Indicators"), el("ul", ind)] : []),
      links,
    );
  }

  function showEdge(e) {
    const d = e.data();
    const statements = el("p", null, { class: "id" });
    d.statements.forEach((s, i) => { if (i) statements.append(el("br")); statements.append(text(s)); });
    details.replaceChildren(
      el("h3", d.kind),
      el("p", d.label),
      el("p", text(cy.getElementById(d.source).data("label")) + " → " + text(cy.getElementById(d.target).data("label"))),
      ...(d.percentage.length ? [el("p", "Stated share: " + d.percentage.join(" | "))] : []),
      el("h4", "Statements"),
      statements,
    );
  }

  cy.on("tap", "node", async (ev) => { showNode(ev.target); await load(ev.target.id(), false); });
  cy.on("tap", "edge", (ev) => showEdge(ev.target));

  document.getElementById("show-path").addEventListener("click", () => {
    cy.elements().removeClass("path");
    const text = document.getElementById("path-text");
    if (!path.nodes.length) { text.textContent = "No designated party is reachable from " + center + "."; return; }
    path.nodes.forEach((id) => cy.getElementById(id).addClass("path"));
    path.edges.forEach((id) => cy.getElementById(id).addClass("path"));
    text.textContent = "Path: " + path.nodes.map((id) => cy.getElementById(id).data("label") || id).join(" → ");
  });

  load(center, true).then(() => { const n = cy.getElementById(center); if (n.length) showNode(n); });
})();
