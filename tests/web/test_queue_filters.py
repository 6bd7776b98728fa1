"""The queue's case column, its case-side and programme filters, and saved filters, in a
real browser on the demo store (whose alerts arrive grouped into cases)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from moneytrail.alerts.kinds import Kind
from moneytrail.errors import InvalidInput
from moneytrail.web.pages import parse_queue_filter
from tests.web.conftest import Workbench
from tests.web.test_workbench import UNLABELLED, log_in, shot

ROWS = "#queue tbody tr[data-id]"


@pytest.fixture
def page(browser: Browser, workbench: Workbench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == [], errors


def _count(page: Page, query: str) -> int:
    page.goto(page.url.split("/ui/")[0] + "/ui/alerts" + query)
    return page.locator(ROWS).count()


def test_case_column_links_to_the_case_and_the_case_filter_splits_the_queue(
    page: Page, workbench: Workbench
) -> None:
    log_in(page, workbench, "/ui/alerts?status=&case=yes")
    in_case = page.locator(ROWS).count()
    assert in_case > 0
    links = page.locator(f"{ROWS} td.case a")
    assert links.count() == in_case  # every row the filter kept is in a case
    shot(page, "queue-case-column", full_page=True)
    row = page.locator(ROWS).first
    alert_id = row.get_attribute("data-id") or ""
    link = row.locator("td.case a")
    case_id = link.inner_text()
    assert link.get_attribute("href") == f"/ui/cases/{case_id}"
    link.click()
    page.wait_for_url(f"**/ui/cases/{case_id}")
    expect(page.locator(f"a[href='/ui/alerts/{alert_id}']").first).to_be_visible()

    every = _count(page, "?status=")
    page.get_by_label("Case", exact=True).select_option("no")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"case=no"))
    assert page.evaluate(UNLABELLED) == []
    outside = page.locator(ROWS).count()
    for cell in page.locator(f"{ROWS} td.case").all_inner_texts():
        assert cell.strip() == "—"
    assert outside + in_case == every  # with or without a case: the whole queue
    expect(page.get_by_label("Case", exact=True)).to_have_value("no")


def test_programme_filter_keeps_only_that_programmes_entries(
    page: Page, workbench: Workbench
) -> None:
    log_in(page, workbench, "/ui/alerts?kind=screening&status=")
    cells = [c for c in page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts() if c != "—"]
    assert cells, "the demo has screening alerts on sanctioned entries"
    program = cells[0].split(", ")[0]
    every = page.locator(ROWS).count()
    page.get_by_label("Programme").select_option(program)
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"program="))
    kept = page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()
    assert 0 < len(kept) <= every
    assert all(program in cell.split(", ") for cell in kept), kept
    expect(page.get_by_label("Kind")).to_have_value("screening")  # the old filters stay


def test_save_a_filter_and_reopen_it(page: Page, workbench: Workbench) -> None:
    query = "/ui/alerts?kind=trace&status=&case=yes"
    log_in(page, workbench, query)
    saved = page.locator("#saved")
    expect(saved).to_be_visible()
    expect(page.locator("#saved-none")).to_be_visible()
    name = "Trace <i>in cases</i>"  # typed text stays text
    page.get_by_label("Name for this filter").fill(name)
    page.get_by_role("button", name="Save this filter").click()
    link = saved.get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    expect(page.locator("#saved-none")).to_be_hidden()
    assert saved.locator("i").count() == 0
    assert page.evaluate(UNLABELLED) == []
    shot(page, "queue-saved-filter")

    page.goto(workbench.url + "/ui/alerts")  # elsewhere, then back through the saved link
    expect(page.get_by_label("Kind")).to_have_value("")
    saved.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(lambda url: url.endswith(query))
    expect(page.get_by_label("Kind")).to_have_value("trace")
    expect(page.get_by_label("Case", exact=True)).to_have_value("yes")
    for cell in page.locator(f"{ROWS} td.case").all_inner_texts():
        assert cell.strip() != "—"

    page.get_by_role("button", name=f"Forget the saved filter {name}").click()
    expect(saved.get_by_role("link", name=name, exact=True)).to_have_count(0)
    page.reload()
    expect(saved.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(page.locator("#saved-none")).to_be_visible()


def test_form_values_become_the_filter_and_a_bad_case_choice_names_its_field() -> None:
    where = parse_queue_filter("trace", "", "", "us_ofac_sdn", assignee=" ann ", case="no")
    assert (where.kind, where.status, where.dataset) == (Kind.TRACE, None, "us_ofac_sdn")
    assert (where.assignee, where.has_case, where.entity_ids) == ("ann", False, None)
    assert parse_queue_filter("", "open", "", "", case="").has_case is None
    with pytest.raises(InvalidInput) as caught:
        parse_queue_filter("", "open", "", "", case="maybe")
    assert caught.value.field == "case"
