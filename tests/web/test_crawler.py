"""Every link in the workbench resolves: a crawl from the queue of the demo case.

Issue 14 item 6: starting at the alert queue, follow every same-origin link
breadth-first (customers, accounts, list and registry entities, alerts of every kind,
cases, statements, networks, flows, reports and their exports) and fail on any 4xx/5xx
or a page still "Loading..." after 10 s.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.web.conftest import ARTIFACTS, Workbench
from tests.web.crawl import crawl
from tests.web.test_workbench import log_in

# The demo's workbench has about 1,200 distinct URLs; the bound stops a link generator
# (a page that links to ever-new query strings) from running the crawl for ever.
LIMIT = 2000


@pytest.fixture
def page(browser: Browser, workbench: Workbench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def test_every_link_from_the_queue_resolves(page: Page, workbench: Workbench) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    log_in(page, workbench)
    seen = crawl(page, workbench.url, "/ui/alerts", limit=LIMIT)
    (ARTIFACTS / "crawl.txt").write_text(
        "".join(f"{code} {seen.seconds.get(p, 0):.2f}s {p}\n" for p, code in seen.checked.items())
    )
    assert seen.failures == [], "\n".join(seen.failures)
    assert not seen.truncated, f"more than {LIMIT} URLs: a page links to ever-new addresses?"
    assert errors == [], errors
    # The crawl reached every kind of page, not only the queue.
    for prefix in ("/ui/alerts/", "/ui/entities/", "/ui/cases/", "/ui/statements/", "/ui/network/"):
        assert any(p.startswith(prefix) for p in seen.opened), f"no {prefix} page reached"
    assert len(seen.opened) > 50
