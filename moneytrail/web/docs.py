"""The interactive API docs (/docs) from the workbench's own vendor files, never a CDN.

FastAPI's default /docs page loads Swagger UI from a CDN (a blank page offline) and
starts it with an inline script (which a strict Content-Security-Policy forbids). This
page loads the Swagger UI bundle that ``web/frontend`` copies from the npm registry
into ``static/vendor`` and starts it from ``static/swagger-init.js``, so /docs runs
offline under the same policy as every other page.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

VENDOR = "/ui/static/vendor"


def docs_page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} - API docs</title>
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
<link rel="icon" type="image/png" href="{VENDOR}/swagger-favicon.png">
</head><body>
<div id="swagger-ui" data-openapi="{escape(openapi_url)}"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script>
<script src="/ui/static/swagger-init.js"></script>
</body></html>
"""


def mount_docs(app: FastAPI, path: str = "/docs") -> None:
    """Serve /docs; the app is made with ``docs_url=None`` so FastAPI adds no CDN page."""
    page = docs_page(app.title, app.openapi_url or "/openapi.json")

    @app.get(path, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)


__all__ = ["docs_page", "mount_docs"]
