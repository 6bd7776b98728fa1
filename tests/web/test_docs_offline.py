"""/docs and /redoc work offline: their bundles come from the workbench's vendor files.

Issue 14 item 11: ReDoc loads its standalone bundle (pinned in web/frontend/package.json,
copied by build.mjs) from our origin and starts it from a same-origin script, under the
strict Content-Security-Policy (no inline script, no CDN).
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Browser, Page, expect

from moneytrail.web import STATIC
from tests.web.conftest import ARTIFACTS, Workbench, block_outside


class _Refs(HTMLParser):
    """Every URL a page makes the browser load (script src, link href, img src)."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        ref = found.get("src") or (found.get("href") if tag == "link" else None)
        if ref:
            self.refs.append(ref)
        elif tag == "script":
            self.inline_scripts += 1


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, dict(answer.headers.items()), answer.read()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_reference_only_same_origin_assets(workbench: Workbench, path: str) -> None:
    status, headers, body = _get(workbench.url + path)
    assert status == 200
    policy = headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None and script_src.group(1).strip() == "'self'", policy
    assert "http" not in policy, policy  # no CDN host allowed anywhere
    parser = _Refs()
    parser.feed(body.decode())
    assert parser.inline_scripts == 0
    assert parser.refs, "the page loads nothing"
    for ref in parser.refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        code, asset_headers, asset = _get(workbench.url + ref)
        assert code == 200 and len(asset) > 0, ref
        if ref.endswith(".js"):
            assert "javascript" in asset_headers["content-type"], ref


def test_redoc_bundle_is_the_pinned_registry_package(workbench: Workbench) -> None:
    versions = json.loads((STATIC / "vendor" / "VERSIONS.json").read_text())
    pinned = json.loads((STATIC.parent / "frontend" / "package.json").read_text())
    assert versions["redoc.standalone.js"] == f"redoc@{pinned['dependencies']['redoc']}"
    _, _, bundle = _get(workbench.url + "/ui/static/vendor/redoc.standalone.js")
    assert bundle == (STATIC / "vendor" / "redoc.standalone.js").read_bytes()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def test_redoc_renders_offline_with_search(page: Page, workbench: Workbench) -> None:
    outside = block_outside(page, workbench.url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(workbench.url + "/redoc")
    expect(page.locator("h1").first).to_contain_text("moneytrail", timeout=20_000)
    expect(page.get_by_text("/healthz").first).to_be_attached()
    # Search runs in a worker ReDoc makes from a blob URL: the policy allows it on /redoc.
    page.get_by_placeholder("Search...").fill("alerts")
    expect(
        page.locator("[data-role='search:results'] li, [role='search'] li").first
    ).to_be_visible()
    assert outside == [] and errors == [], (outside, errors)
    page.screenshot(path=str(ARTIFACTS / "redoc.png"))
