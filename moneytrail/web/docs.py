"""The API docs (/docs and /redoc) from the workbench's own vendor files, never a CDN.

FastAPI's default /docs and /redoc pages load Swagger UI and ReDoc from a CDN (blank
pages offline) and start them with an inline script (which a strict
Content-Security-Policy forbids). These pages load the bundles that ``web/frontend``
copies from the npm registry into ``static/vendor`` and start them from
``static/swagger-init.js`` and ``static/redoc-init.js``, so both run offline under the
same policy as every other page.
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


def redoc_page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - API reference</title>
<link rel="icon" type="image/png" href="{VENDOR}/swagger-favicon.png">
</head><body>
<main id="redoc" data-openapi="{escape(openapi_url)}"><p>Loading...</p></main>
<script src="{VENDOR}/redoc.standalone.js"></script>
<script src="/ui/static/redoc-init.js"></script>
</body></html>
"""


def mount_docs(app: FastAPI, path: str = "/docs", redoc_path: str = "/redoc") -> None:
    """Serve /docs and /redoc from local files.

    The app is made with ``docs_url=None`` and ``redoc_url=None`` (moneytrail.server), so
    FastAPI adds neither of its CDN pages.
    """
    openapi_url = app.openapi_url or "/openapi.json"
    page = docs_page(app.title, openapi_url)
    reference = redoc_page(app.title, openapi_url)

    @app.get(path, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get(redoc_path, include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(reference)


__all__ = ["docs_page", "mount_docs", "redoc_page"]
