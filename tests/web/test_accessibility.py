"""No serious or critical accessibility violation on any kind of workbench page (axe-core).

Issue 14 item 12. axe-core is a devDependency of web/frontend, installed from the npm
registry by ``npm ci`` and read here from node_modules: it is never copied into the
static folder, so no page can load it. The test context bypasses the page's CSP only so
that axe can be evaluated in the page; the pages themselves are unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from moneytrail.web import STATIC
from tests.web.conftest import Workbench
from tests.web.test_workbench import log_in

FRONTEND = STATIC.parent / "frontend"
AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
SETTLED = "() => !/Loading(\\.\\.\\.|\u2026)/.test(document.body.innerText)"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5)
      .map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


def _first_href(page: Page, url: str, selector: str) -> str:
    """The first link matching ``selector`` on ``url``: how an analyst reaches the page."""
    page.goto(url)
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no {selector} on {url}"
    return href


def _alert(kind: str) -> Callable[[Page, str], str]:
    return lambda page, base: _first_href(
        page, f"{base}/ui/alerts?kind={kind}&status=", "#queue tbody tr[data-id] a.open"
    )


def _customer(page: Page, base: str) -> str:
    """A customer (not a list or registry entity) that a trace alert is about."""
    customers = "#queue td.who a[href^='/ui/entities/cust-']"
    return _first_href(page, f"{base}/ui/alerts?kind=trace&status=", customers)


def _account(page: Page, base: str) -> str:
    return _first_href(page, base + _customer(page, base), "#accounts a[href^='/ui/entities/']")


def _registry_entity(page: Page, base: str) -> str:
    holdings = "table.holdings a[href^='/ui/entities/']"
    return _first_href(page, base + _alert("ownership")(page, base), holdings)


def _statement(page: Page, base: str) -> str:
    return _first_href(page, base + _alert("ownership")(page, base), "a.stmt")


def _case(page: Page, base: str) -> str:
    return _first_href(page, base + "/ui/cases", "a[href^='/ui/cases/']")


def _fixed(path: str) -> Callable[[Page, str], str]:
    return lambda page, base: path


# page kind -> how to find its URL from the demo data (as a person clicking would)
PAGES: dict[str, Callable[[Page, str], str]] = {
    "queue": _fixed("/ui/alerts"),
    "queue-all": _fixed("/ui/alerts?status="),
    **{f"alert-{k}": _alert(k) for k in ("screening", "ownership", "trace", "typology", "network")},
    "cases": _fixed("/ui/cases"),
    "case": _case,
    "list-entity": _fixed("/ui/entities/ofac-11494"),
    "registry-entity": _registry_entity,
    "customer": _customer,
    "account": _account,
    "statement": _statement,
    "network": _fixed("/ui/network/ofac-11494"),
    "flows": _fixed("/ui/flows/ofac-11494"),
    "search": _fixed("/ui/search?q=Tajideen"),
    "report-empty": _fixed("/ui/report"),
    "report": _fixed("/ui/report?entity=ofac-11494"),
    "not-found": _fixed("/ui/entities/no-such-entity"),
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm ci` in moneytrail/web/frontend (make test does)")
    pinned = json.loads((FRONTEND / "package.json").read_text())["devDependencies"]["axe-core"]
    installed = json.loads((AXE.parent / "package.json").read_text())["version"]
    assert installed == pinned, f"axe-core {installed} installed, {pinned} pinned: run npm ci"
    return AXE.read_text()


@pytest.fixture(scope="module")
def signed_in(browser: Browser, workbench: Workbench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    opened = context.new_page()
    log_in(opened, workbench)
    yield opened
    context.close()


def _violations(page: Page, axe_source: str) -> list[dict[str, object]]:
    page.wait_for_function(SETTLED, timeout=10_000)
    page.evaluate(axe_source)
    found: list[dict[str, object]] = page.evaluate(RUN_AXE)
    return found


def test_login_page(browser: Browser, workbench: Workbench, axe_source: str) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(workbench.url + "/ui/login")
    assert _violations(page, axe_source) == []
    page.get_by_label("API key").fill("mt_nope_nope")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").wait_for()
    assert _violations(page, axe_source) == []  # the refused login, with its message
    context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_workbench_page(signed_in: Page, workbench: Workbench, axe_source: str, kind: str) -> None:
    path = PAGES[kind](signed_in, workbench.url)
    signed_in.goto(workbench.url + path)
    violations = _violations(signed_in, axe_source)
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_is_never_served(workbench: Workbench, signed_in: Page) -> None:
    """axe-core is test-only: the static folder does not carry it."""
    assert not list(STATIC.rglob("axe*.js"))
    answer = signed_in.context.request.get(workbench.url + "/ui/static/vendor/axe.min.js")
    assert answer.status == 404


def test_decision_dialog_and_its_refusal(
    signed_in: Page, workbench: Workbench, axe_source: str
) -> None:
    """The states a page takes on use: the open decision dialog and a refused decision."""
    signed_in.goto(workbench.url + _alert("screening")(signed_in, workbench.url))
    signed_in.keyboard.press("f")
    dialog = signed_in.locator("#decide-dialog")
    dialog.wait_for(state="visible")
    assert _violations(signed_in, axe_source) == []
    signed_in.locator("#decide-reason").fill("")
    signed_in.locator("#decide-submit").click()  # no reason: refused, the form comes back
    signed_in.locator("#decide-dialog-error").wait_for(state="visible")
    violations = _violations(signed_in, axe_source)
    assert violations == [], json.dumps(violations, indent=1)
