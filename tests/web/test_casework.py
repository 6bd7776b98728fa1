"""Casework in a real browser: the evidence on every kind of alert, pages for customers and
accounts, triage that keeps its place, errors that keep what was typed, the report's
flow picture, list ages and the API docs offline."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import ARTIFACTS, Workbench, block_outside
from tests.web.test_workbench import UNLABELLED, log_in, shot


@pytest.fixture
def page(browser: Browser, workbench: Workbench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == [], errors


def _open_first(page: Page, kind: str, caption: str) -> str:
    """Open the first alert of ``kind`` whose row mentions ``caption``; its id."""
    page.goto(page.url.split("/ui/")[0] + f"/ui/alerts?kind={kind}&status=")
    row = page.locator("#queue tbody tr[data-id]", has_text=caption).first
    alert_id = row.get_attribute("data-id") or ""
    row.locator("a.open").click()
    page.wait_for_url(f"**/ui/alerts/{alert_id}")
    return alert_id


def test_ownership_alert_shows_the_chain_and_its_facts(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench)
    _open_first(page, "ownership", "BANJUL")
    chain = page.locator("table.holdings tbody tr").first
    expect(chain).to_contain_text("TAJCO")
    expect(chain).to_contain_text("60%")
    expect(chain).to_contain_text("BANJUL WHOLESALE IMPORTS LTD")
    expect(page.locator("#facts")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    shot(page, "alert-ownership", full_page=True)
    chain.locator("a.stmt").first.click()
    page.wait_for_url(re.compile(r"/ui/statements/[0-9a-f]{40}$"))
    expect(page.locator("#fact-source")).to_contain_text(
        re.compile(r"tajideen_registry\.jsonl:\d+")
    )


def test_trace_and_typology_alerts_show_payments_and_path(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench)
    _open_first(page, "trace", "BANJUL")
    table = page.locator("table.txs")
    expect(table).to_contain_text("TX00044")
    expect(table).to_contain_text("48,500.00")
    expect(page.locator("#path")).to_contain_text("TAJCO")
    expect(page.locator("#path")).to_contain_text("BANJUL WHOLESALE IMPORTS LTD")
    _open_first(page, "typology", "WEST COAST")
    assert page.locator("table.txs tbody tr").count() >= 2
    expect(page.locator("#path")).to_contain_text("→")
    shot(page, "alert-typology", full_page=True)
    _open_first(page, "network", "CEDAR")
    expect(page.locator("table.indicators")).to_contain_text("same identifier")
    assert page.locator("table.indicators a.stmt").count() >= 1


def test_a_customer_has_a_page_and_a_clear_network_message(
    page: Page, workbench: Workbench
) -> None:
    log_in(page, workbench)
    _open_first(page, "trace", "Abu Bangura")
    page.get_by_role("link", name="Entity page").click()
    expect(page.locator("h1")).to_have_text("Abu Bangura")
    expect(page.locator("#accounts")).to_contain_text("SL01-1024")
    assert page.locator("table.txs tbody tr").count() >= 2
    shot(page, "customer", full_page=True)
    page.get_by_role("link", name="SL01-1024").click()
    expect(page.locator("h1")).to_contain_text("Account SL01-1024")
    page.goto(workbench.url + "/ui/network/cust-0024")
    expect(page.locator("#not-in-graph")).to_contain_text("not in the list and registry graph")
    expect(page.get_by_text("Loading…")).to_have_count(0)


def test_the_queue_shows_who_was_screened_and_groups_kinds(
    page: Page, workbench: Workbench
) -> None:
    log_in(page, workbench, "/ui/alerts?status=")
    first = page.locator("tbody.group").first
    expect(first).to_have_attribute("data-kind", "screening")
    row = first.locator("tr[data-id]", has_text="Qasim Taji al-Din").first
    expect(row.locator("td.who")).to_contain_text("cust-001")
    expect(row).to_contain_text("us_ofac_sdn 2024-05-03")
    kinds = page.eval_on_selector_all("tbody.group", "gs => gs.map(g => g.dataset.kind)")
    assert len(kinds) == len(set(kinds)) >= 4  # each kind once: scores never interleave
    expect(page.locator("#list-ages")).to_contain_text("us_ofac_sdn")
    expect(page.locator("#list-ages summary")).to_contain_text("moneytrail lists update")


def test_triage_keeps_its_place_and_confirms(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/alerts?kind=trace&status=open")
    rows = page.locator("#queue tbody tr[data-id]")
    ids = [rows.nth(i).get_attribute("data-id") for i in range(4)]
    page.keyboard.press("x")  # a pick survives the decision's reload
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(rows.nth(2)).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("f")
    page.keyboard.type("customer payments, not linked to the designated party")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"/ui/alerts\?.*focus="))
    expect(page.locator("#done")).to_contain_text("false positive")
    selected = page.locator("#queue tr.selected")
    expect(selected).to_have_attribute("data-id", ids[3] or "")
    expect(page.locator(f'#queue tr[data-id="{ids[2]}"]')).to_have_count(0)
    expect(page.locator(f"#pick-{ids[0]}")).to_be_checked()
    # next and previous on the alert page follow the queue's order
    page.goto(workbench.url + f"/ui/alerts/{ids[1]}")
    expect(page.locator("#previous")).to_have_attribute("href", f"/ui/alerts/{ids[0]}")
    page.locator("#next").click()
    page.wait_for_url(f"**/ui/alerts/{ids[3]}")


def test_a_refused_report_keeps_what_was_typed(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/report")
    page.get_by_label("Entity ids (separated by spaces)").fill("no-such-entity")
    page.get_by_label("Title").fill("Tajideen network")
    page.get_by_label("Narrative (what happened, in your words; optional)").fill("My notes.")
    page.get_by_label("Format").select_option("html")
    page.get_by_role("button", name="Export the report").click()
    expect(page.locator("#report-error")).to_contain_text("no-such-entity")
    expect(page.locator("#report-error")).to_contain_text("What you typed is kept")
    expect(page.get_by_label("Title")).to_have_value("Tajideen network")
    expect(page.get_by_label("Narrative (what happened, in your words; optional)")).to_have_value(
        "My notes."
    )
    expect(page.get_by_label("Format")).to_have_value("html")


def test_report_flow_picture_names_its_accounts(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/report?entity=ofac-12452")
    page.get_by_label("Narrative (what happened, in your words; optional)").fill("TAJCO paid.")
    page.get_by_label("Format").select_option("html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the report").click()
    html = info.value.path().read_text(encoding="utf-8")
    svg = html[html.index('<div class="flow">') : html.index("</svg>")]
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert "TAJCO" in texts and "BANJUL WHOLESALE IMPORTS LTD" in texts
    assert "TAJCO paid." in html
    page.set_content(html)
    picture = page.locator(".flow svg")
    png = Image.open(io.BytesIO(picture.screenshot())).convert("L")
    dark = sum(png.histogram()[:60]) / (png.width * png.height)
    assert dark < 0.05, f"{dark:.0%} of the picture is near-black"
    picture.screenshot(path=str(ARTIFACTS / "report-flow.png"))


def test_api_docs_work_offline(page: Page, workbench: Workbench) -> None:
    outside = block_outside(page, workbench.url)

    page.goto(workbench.url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("moneytrail", timeout=20_000)
    expect(page.locator(".opblock").first).to_be_visible()
    assert outside == []
    shot(page, "docs")
