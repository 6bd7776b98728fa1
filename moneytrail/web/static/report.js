// The report form says it is working: a PDF takes several seconds and the browser shows
// nothing until the download starts.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  const status = document.getElementById("export-progress");
  if (!form || !status) return;
  form.addEventListener("submit", () => {
    const started = Date.now();
    status.textContent = "Building the report… (a PDF takes 10 to 30 seconds; the download starts by itself)";
    const timer = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      status.textContent = "Building the report… " + seconds + " s";
      if (seconds >= 60) { clearInterval(timer); status.textContent = ""; }
    }, 1000);
  });
})();
