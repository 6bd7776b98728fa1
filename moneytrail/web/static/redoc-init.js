// Starts ReDoc on /redoc from the local standalone bundle (no inline script, no CDN).
(function () {
  "use strict";
  const box = document.getElementById("redoc");
  Redoc.init(box.dataset.openapi, { hideDownloadButton: false }, box);
})();
