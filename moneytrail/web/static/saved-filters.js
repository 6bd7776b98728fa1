// Saved queue filters: the queue's query string kept under a name in this browser's
// localStorage (per origin, per browser: nothing is sent to the server), listed as links
// above the queue. Names are typed by the user, so they reach the page as text only.
(function () {
  "use strict";
  const KEY = "moneytrail.queue.saved-filters";
  const box = document.getElementById("saved");
  const list = document.getElementById("saved-list");
  const none = document.getElementById("saved-none");
  const form = document.getElementById("save-filter");
  const name = document.getElementById("save-name");
  if (!box || !list || !form || !name) return;

  function load() {
    try {
      const found = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(found)
        ? found.filter((f) => f && typeof f.name === "string" && typeof f.query === "string")
        : [];
    } catch (e) {
      return []; // storage disabled or a hand-edited value: start afresh
    }
  }

  function store(saved) {
    window.localStorage.setItem(KEY, JSON.stringify(saved));
  }

  // The current filter without the triage position (focus), which is not a filter.
  function currentQuery() {
    const params = new URLSearchParams(window.location.search);
    params.delete("focus");
    return params.toString();
  }

  function show() {
    const saved = load();
    list.replaceChildren();
    saved.forEach((f) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/ui/alerts" + (f.query ? "?" + f.query : "");
      link.textContent = f.name;
      link.className = "saved-filter";
      const forget = document.createElement("button");
      forget.type = "button";
      forget.className = "forget";
      forget.textContent = "Forget";
      forget.setAttribute("aria-label", "Forget the saved filter " + f.name);
      forget.addEventListener("click", () => {
        store(load().filter((g) => g.name !== f.name));
        show();
      });
      item.append(link, " ", forget);
      list.append(item);
    });
    if (none) none.hidden = saved.length > 0;
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const label = name.value.trim();
    if (!label) return;
    const saved = load().filter((f) => f.name !== label); // the same name replaces
    saved.push({ name: label, query: currentQuery() });
    saved.sort((a, b) => a.name.localeCompare(b.name));
    try {
      store(saved);
    } catch (e) {
      name.setCustomValidity("This browser does not keep saved filters (storage is off).");
      name.reportValidity();
      return;
    }
    name.value = "";
    show();
  });
  name.addEventListener("input", () => name.setCustomValidity(""));

  box.hidden = false; // without this script there is nothing to save with
  show();
})();
