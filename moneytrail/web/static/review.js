// Keyboard review for the queue and the alert page: j/k move, Enter opens, t/f/e decide
// with a reason, x picks an alert for the report, u returns to the queue.
(function () {
  "use strict";
  const dialog = document.getElementById("decide-dialog");
  const form = document.getElementById("decide-form");
  const context = document.getElementById("decide-context");
  const rows = Array.from(document.querySelectorAll("#queue tbody tr[data-id]"));
  const keys = { t: "true_match", f: "false_positive", e: "escalate" };
  let index = rows.length ? 0 : -1;

  function select(i) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => { r.classList.toggle("selected", k === index); r.setAttribute("aria-selected", k === index ? "true" : "false"); });
    rows[index].querySelector("a.open").focus({ preventScroll: false });
  }

  function target() {
    if (rows.length && index >= 0) { const r = rows[index].dataset; return { id: r.id, caption: r.caption, version: r.version }; }
    if (context && context.dataset.alert) return { id: context.dataset.alert, caption: context.dataset.caption, version: context.dataset.version };
    return null;
  }

  // The alert to select after a decision: the next row, else the previous one.
  function after() {
    if (rows.length && index >= 0) {
      const other = rows[index + 1] || rows[index - 1];
      return other ? other.dataset.id : "";
    }
    return context ? context.dataset.after || "" : "";
  }

  function openDialog(decision, reason) {
    const alert = target();
    if (!alert || !dialog) return;
    form.action = "/ui/alerts/" + encodeURIComponent(alert.id) + "/decide";
    document.getElementById("decide-next").value = context ? context.dataset.next : "";
    document.getElementById("decide-after").value = after();
    document.getElementById("decide-version").value = alert.version || "";
    if (reason != null) document.getElementById("decide-reason").value = reason;
    document.getElementById("decide-what").textContent = "Alert: " + alert.caption;
    form.querySelectorAll("input[name=decision]").forEach((r) => { r.checked = r.value === decision; });
    dialog.showModal();
    document.getElementById("decide-reason").focus();
  }

  if (dialog) {
    document.getElementById("decide-cancel").addEventListener("click", () => dialog.close());
    const opener = document.getElementById("decide-open");
    if (opener) opener.addEventListener("click", () => openDialog(""));
  }
  rows.forEach((r, k) => r.addEventListener("click", (ev) => { if (ev.target.tagName !== "INPUT" && ev.target.tagName !== "A") select(k); }));

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    if ((dialog && dialog.open) || tag === "input" && ev.target.type !== "checkbox" || tag === "textarea" || tag === "select") return;
    if (ev.key === "j") { select(index + 1); ev.preventDefault(); }
    else if (ev.key === "k") { select(index - 1); ev.preventDefault(); }
    else if (ev.key === "Enter" && rows.length && tag !== "button") { window.location = rows[index].querySelector("a.open").href; ev.preventDefault(); }
    else if (ev.key === "x" && rows.length) { const box = rows[index].querySelector("input[type=checkbox]"); box.checked = !box.checked; box.dispatchEvent(new Event("change")); ev.preventDefault(); }
    else if (ev.key === "u" && !rows.length) { window.location = "/ui/alerts"; }
    else if (keys[ev.key]) { openDialog(keys[ev.key]); ev.preventDefault(); }
  });
  form && form.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(); }
  });
  // Picks survive a decision's reload: remembered for this tab until a report is built.
  const picks = new Set(JSON.parse(sessionStorage.getItem("moneytrail-picks") || "[]"));
  const boxes = Array.from(document.querySelectorAll("#queue input[name=alert]"));
  boxes.forEach((b) => { if (picks.has(b.value)) b.checked = true; });
  const remember = () => {
    boxes.forEach((b) => { if (b.checked) picks.add(b.value); else picks.delete(b.value); });
    sessionStorage.setItem("moneytrail-picks", JSON.stringify(Array.from(picks)));
  };
  boxes.forEach((b) => b.addEventListener("change", remember));
  const pickForm = document.getElementById("pick");
  if (pickForm) pickForm.addEventListener("submit", () => {
    remember();
    const shown = new Set(boxes.map((b) => b.value));
    picks.forEach((id) => {  // picked under another filter: still in the report
      if (shown.has(id)) return;
      const hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = "alert"; hidden.value = id;
      pickForm.appendChild(hidden);
    });
    sessionStorage.removeItem("moneytrail-picks");
  });
  // Bulk decisions and new cases take the picked rows shown here, each with the version
  // the queue showed (a decision made meanwhile is refused, not overwritten).
  const bulk = document.getElementById("bulk");
  if (bulk) bulk.addEventListener("submit", (ev) => {
    const toCase = ev.submitter && ev.submitter.id === "case-open";
    bulk.querySelectorAll("input.picked").forEach((e) => e.remove());
    boxes.filter((b) => b.checked).forEach((b) => {
      const field = document.createElement("input");
      field.type = "hidden"; field.className = "picked";
      field.name = toCase ? "alert" : "version";
      field.value = toCase ? b.value : b.value + ":" + b.closest("tr").dataset.version;
      bulk.appendChild(field);
    });
    sessionStorage.removeItem("moneytrail-picks");
  });
  // Keep the place: select the row the server names (the one after the last decision).
  const table = document.getElementById("queue");
  const focus = table ? table.dataset.focus : "";
  const at = focus ? rows.findIndex((r) => r.dataset.id === focus) : -1;
  if (rows.length) select(at >= 0 ? at : 0);
  // A refused decision comes back with what was typed: open the dialog again with it.
  if (context && context.dataset.reopen === "yes" && dialog) {
    openDialog(context.dataset.decision, null);
  }
})();
