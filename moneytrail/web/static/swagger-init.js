// Starts Swagger UI on /docs from the local bundle (no inline script, no CDN).
(function () {
  "use strict";
  const box = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: box.dataset.openapi,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset].filter(Boolean),
  });
})();
