"""The workbench in a real browser: log in, review from the keyboard, explore, export."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.web.conftest import ARTIFACTS, Workbench

# Every visible form control must have a name a screen reader can announce.
UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
  .filter(e => {
    if (e.tagName === 'BUTTON') return !e.textContent.trim() && !e.getAttribute('aria-label');
    const byFor = e.id && document.querySelector('label[for="' + e.id + '"]');
    return !(byFor || e.closest('label') || e.getAttribute('aria-label'));
  }).map(e => e.outerHTML.slice(0, 80))"""
FOCUS_OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""


@pytest.fixture
def page(browser: Browser, workbench: Workbench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert errors == [], errors


def log_in(page: Page, workbench: Workbench, then: str = "/ui/alerts") -> None:
    page.goto(workbench.url + then)
    expect(page).to_have_url(re.compile(r"/ui/login"))
    page.get_by_label("User name").fill(workbench.store.seed.user)
    page.get_by_label("API key").fill(workbench.key)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.endswith(then))


def shot(page: Page, name: str, **options: Any) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **options)


def test_login_refuses_a_bad_key_and_every_control_is_labelled(
    page: Page, workbench: Workbench
) -> None:
    page.goto(workbench.url + "/ui/alerts")
    assert page.evaluate(UNLABELLED) == []
    page.get_by_label("API key").fill("mt_nope_nope")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    shot(page, "login")
    log_in(page, workbench)
    expect(page.locator(".help")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_OUTLINE), "the focused control has no visible outline"
    shot(page, "queue")


def test_review_and_decide_an_alert_from_the_keyboard(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/alerts?kind=screening&status=open")
    rows = page.locator("#queue tbody tr[data-id]")
    count = rows.count()
    assert count >= 5
    page.keyboard.press("j")
    second = rows.nth(1)
    expect(second).to_have_class(re.compile(r"\bselected\b"))
    alert_id = second.get_attribute("data-id")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ui/alerts/{alert_id}")
    expect(page.locator("mark").first).to_be_visible()  # aligned name parts
    expect(page.locator("table.features tbody tr").first).to_contain_text("name")
    assert page.evaluate(UNLABELLED) == []
    shot(page, "alert", full_page=True)
    page.keyboard.press("f")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_label("False positive")).to_be_checked()
    expect(page.get_by_label(re.compile("^Reason note"))).to_be_focused()
    page.keyboard.type("different birth date and nationality")
    shot(page, "decide")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Record decision")).to_be_focused()
    assert page.evaluate(FOCUS_OUTLINE)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ui/alerts/{alert_id}")
    # Four-eyes review (the default): a proposal until a second person approves it.
    expect(page.locator("#status")).to_have_text("pending review")
    expect(page.locator("#waiting")).to_contain_text("waiting for a second reviewer")
    expect(page.locator("#decisions")).to_contain_text("different birth date and nationality")
    page.keyboard.press("u")
    page.wait_for_url("**/ui/alerts")
    expect(page.locator(f'#queue tr[data-id="{alert_id}"]')).to_have_count(0)


def test_network_graph_expands_a_node_on_click(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/network/demo-co-banjul-wholesale")
    graph = page.locator("#cy")
    expect(graph).to_have_attribute("data-loaded", "1", timeout=20_000)
    before = page.evaluate("window.moneytrailGraph.nodes().length")
    target = page.evaluate(
        """() => { const cy = window.moneytrailGraph;
        const n = cy.getElementById('ofac-12452'); const p = n.renderedPosition();
        return {x: p.x, y: p.y}; }"""
    )
    box = graph.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    expect(graph).to_have_attribute("data-loaded", "2", timeout=20_000)
    after = page.evaluate("window.moneytrailGraph.nodes().length")
    assert after > before
    expect(page.locator("#details")).to_contain_text("TAJCO")
    labels = page.evaluate(
        "window.moneytrailGraph.edges('[kind = \"ownership\"]').map(e => e.data('short'))"
    )
    assert "60%" in labels
    page.get_by_role("button", name="Highlight the path to the nearest designated party").click()
    expect(page.locator("#path-text")).to_contain_text("TAJCO")
    page.get_by_label("ownership").uncheck()
    hidden = page.evaluate("window.moneytrailGraph.edges('.hidden').length")
    assert hidden >= 1
    assert page.evaluate(UNLABELLED) == []
    shot(page, "network")


def test_flow_view_draws_the_timeline_and_sankey(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/flows/ofac-12452")
    expect(page.locator("#flow-status")).to_contain_text("payments on chains", timeout=20_000)
    assert page.locator("#timeline circle").count() >= 5
    assert page.locator("#sankey path").count() >= 5
    expect(page.locator("#typologies")).to_contain_text("rapid_movement")
    shot(page, "flows", full_page=True)


def test_pick_alerts_and_export_a_pdf(page: Page, workbench: Workbench) -> None:
    log_in(page, workbench, "/ui/alerts?kind=ownership")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_role("button", name="Build a case report from the picked alerts").click()
    page.wait_for_url(re.compile(r"/ui/report\?alert="))
    assert page.locator("input[name=alert]:checked").count() == 2
    page.get_by_label("Entity ids (separated by spaces)").fill("ofac-12452")
    expect(page.get_by_label("Format")).to_have_value("pdf")
    assert page.evaluate(UNLABELLED) == []
    shot(page, "report")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the report").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = download.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Evidence" in text and "S:" in text and "TAJCO" in text
