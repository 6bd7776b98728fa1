"""Four-eyes review, bulk proposals and cases in a real browser, with two people.

An analyst proposes, a reviewer approves; the analyst cannot approve their own
proposal; a form shown before someone else decided comes back with 409 and the typed
note; several alerts are proposed at once; a case opened from two alerts shows both
and keeps its narrative. The workbench here has its own copy of the demo store (the
decisions made here would disturb the other tests' queues).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import APIResponse, Browser, BrowserContext, Page, expect

from moneytrail.alerts.audit import AuditLog
from moneytrail.alerts.factory import open_repository
from moneytrail.alerts.models import Role
from moneytrail.alerts.users import add_user
from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from tests.reports.demo_store import copy_of, demo_store
from tests.web.conftest import serving
from tests.web.test_workbench import UNLABELLED, shot


@dataclass(frozen=True)
class Bench:
    url: str
    keys: dict[str, str]  # user name -> API key


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    store = copy_of(demo_store(tmp_path_factory), tmp_path_factory.mktemp("eyes") / "e.duckdb")
    settings = Settings(store=store.path, progress=False)
    assert settings.four_eyes  # the default this file is about
    repo = open_repository(settings)
    keys = {}
    for name, role in (("ana", Role.ANALYST), ("rev", Role.REVIEWER)):
        keys[name] = add_user(repo, AuditLog(repo), name, role, "test")[1]
    app = create_app(settings, ApiConfig(rate=0, anon_rate=0), repo=repo)
    with serving(app) as url:
        yield Bench(url, keys)


@pytest.fixture
def people(browser: Browser) -> Iterator[dict[str, Page]]:
    """One browser context (own cookies) per person; no page may raise a script error."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []
    pages = {}
    for name in ("ana", "rev"):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        pages[name] = context.new_page()
        pages[name].on("pageerror", lambda exc: errors.append(str(exc)))
    yield pages
    for context in contexts:
        context.close()
    assert errors == [], errors


def log_in(page: Page, bench: Bench, name: str, then: str) -> None:
    page.goto(bench.url + then)
    page.get_by_label("User name").fill(name)
    page.get_by_label("API key").fill(bench.keys[name])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.endswith(then))


def _first_open(page: Page, bench: Bench, kind: str, nth: int = 0) -> str:
    page.goto(bench.url + f"/ui/alerts?kind={kind}&status=open")
    alert_id = page.locator("#queue tbody tr[data-id]").nth(nth).get_attribute("data-id")
    assert alert_id
    return alert_id


def _propose(page: Page, note: str, code: str = "dob_mismatch") -> None:
    page.get_by_role("button", name=re.compile("Decide")).click()
    page.get_by_label("False positive").check()
    page.locator("#decide-code").select_option(code)
    page.get_by_label(re.compile("^Reason note")).fill(note)
    page.get_by_role("button", name=re.compile("Record decision")).click()


def _approve_by_hand(page: Page, bench: Bench, alert_id: str) -> APIResponse:
    """POST the approve form with the session's own CSRF token, without a button."""
    csrf = page.locator("input[name=csrf]").first.input_value()
    return page.request.post(
        bench.url + f"/ui/alerts/{alert_id}/approve", form={"csrf": csrf, "note": "mine"}
    )


def test_analyst_proposes_only_a_second_reviewer_approves(
    people: dict[str, Page], bench: Bench
) -> None:
    ana, rev = people["ana"], people["rev"]
    log_in(ana, bench, "ana", "/ui/alerts")
    alert_id = _first_open(ana, bench, "screening")
    ana.goto(bench.url + f"/ui/alerts/{alert_id}")
    _propose(ana, "born 1961, the listed man 1955")
    ana.wait_for_url(f"**/ui/alerts/{alert_id}")
    expect(ana.locator("#status")).to_have_text("pending review")
    expect(ana.locator("#done")).to_contain_text("waiting for a second reviewer")
    pending = ana.locator("#pending")
    expect(pending).to_contain_text("ana proposed false positive")
    expect(pending).to_contain_text("dob mismatch")
    expect(pending).to_contain_text("born 1961, the listed man 1955")
    expect(ana.locator("#waiting")).to_contain_text("waiting for a second reviewer")
    expect(ana.locator("#approve")).to_have_count(0)
    # Even a hand-made request cannot approve: an analyst does not review.
    answer = _approve_by_hand(ana, bench, alert_id)
    assert answer.status == 403
    assert "only reviewers and admins may approve" in answer.text()
    ana.reload()
    expect(ana.locator("#status")).to_have_text("pending review")

    log_in(rev, bench, "rev", f"/ui/alerts/{alert_id}")
    assert rev.evaluate(UNLABELLED) == []
    shot(rev, "four-eyes-review", full_page=True)
    rev.get_by_role("button", name="Reject").click()  # a rejection needs a note
    expect(rev.locator("#status")).to_have_text("pending review")
    rev.get_by_label("Approval note (optional)").fill("checked the birth date")
    rev.get_by_role("button", name="Approve").click()
    rev.wait_for_url(f"**/ui/alerts/{alert_id}")
    expect(rev.locator("#status")).to_have_text("false positive")
    expect(rev.locator("#done")).to_contain_text("reviewed by rev")
    expect(rev.locator("#decisions")).to_contain_text("final")
    expect(rev.locator("#pending")).to_have_count(0)
    rev.goto(bench.url + "/ui/alerts?kind=screening&status=false_positive")
    row = rev.locator(f'#queue tr[data-id="{alert_id}"]')
    expect(row).to_contain_text("false positive")


def test_a_stale_form_comes_back_with_409_and_the_note(
    people: dict[str, Page], bench: Bench
) -> None:
    ana, rev = people["ana"], people["rev"]
    log_in(ana, bench, "ana", "/ui/alerts")
    alert_id = _first_open(ana, bench, "screening", nth=1)
    ana.goto(bench.url + f"/ui/alerts/{alert_id}")  # the form now carries this version
    log_in(rev, bench, "rev", f"/ui/alerts/{alert_id}")
    _propose(rev, "reviewer got there first", code="confirmed_identifier")
    rev.wait_for_url(f"**/ui/alerts/{alert_id}")
    # A reviewer cannot approve their own proposal either: no button, and 403 by hand.
    expect(rev.locator("#waiting")).to_contain_text("waiting for a second reviewer")
    expect(rev.locator("#approve")).to_have_count(0)
    answer = _approve_by_hand(rev, bench, alert_id)
    assert answer.status == 403
    assert "different reviewer" in answer.text()
    with ana.expect_response(lambda r: r.url.endswith("/decide")) as replied:
        _propose(ana, "my careful note")
    assert replied.value.status == 409
    error = ana.locator("#decide-error")
    expect(error).to_contain_text("someone else decided this alert")
    expect(error).to_contain_text("rev")
    expect(error).to_contain_text("now shows the current state")
    expect(ana.locator("#pending")).to_contain_text("rev proposed false positive")
    expect(ana.locator("#decide-reason")).to_have_value("my careful note")
    shot(ana, "four-eyes-conflict", full_page=True)


def test_bulk_proposal_of_two_alerts(people: dict[str, Page], bench: Bench) -> None:
    ana = people["ana"]
    log_in(ana, bench, "ana", "/ui/alerts?kind=trace&status=open")
    rows = ana.locator("#queue tbody tr[data-id]")
    ids = [rows.nth(i).get_attribute("data-id") for i in range(2)]
    for alert_id in ids:
        ana.locator(f"#pick-{alert_id}").check()
    ana.get_by_label("Decision", exact=True).select_option("false_positive")
    ana.locator("#bulk-code").select_option("name_only")
    ana.get_by_role("button", name="Decide the picked alerts").click()
    ana.wait_for_url(re.compile(r"/ui/alerts\?"))
    expect(ana.locator("#bulk-done")).to_contain_text("false positive on 2 alerts")
    expect(ana.locator("#bulk-done")).to_contain_text("one audit line each")
    for alert_id in ids:
        expect(ana.locator(f'#queue tr[data-id="{alert_id}"]')).to_have_count(0)
    ana.goto(bench.url + "/ui/alerts?kind=trace&status=pending_review")
    for alert_id in ids:
        expect(ana.locator(f'#queue tr[data-id="{alert_id}"]')).to_have_count(1)
    ana.goto(bench.url + f"/ui/alerts/{ids[0]}")
    expect(ana.locator("#pending")).to_contain_text("name only")
    audit = ana.locator("table", has_text="alert.propose")
    expect(audit).to_contain_text("alert.propose")


def test_a_case_from_two_alerts_keeps_its_narrative(people: dict[str, Page], bench: Bench) -> None:
    ana = people["ana"]
    log_in(ana, bench, "ana", "/ui/alerts?kind=ownership&status=open")
    rows = ana.locator("#queue tbody tr[data-id]")
    ids = [rows.nth(i).get_attribute("data-id") or "" for i in range(2)]
    for alert_id in ids:
        ana.locator(f"#pick-{alert_id}").check()
    ana.get_by_label("Case title").fill("Banjul wholesale ownership")
    ana.get_by_role("button", name="Open a case from the picked alerts").click()
    ana.wait_for_url(re.compile(r"/ui/cases/case-[0-9a-f]+$"))
    case_url = ana.url
    listed = ana.locator("#case-alerts tbody tr")
    expect(listed).to_have_count(2)
    for alert_id in ids:
        expect(ana.locator(f'#case-alerts tr[data-id="{alert_id}"]')).to_contain_text("open")
    assert ana.evaluate(UNLABELLED) == []
    ana.get_by_label(re.compile("^Narrative")).fill("TAJCO holds 60% of the wholesaler.")
    ana.get_by_label("Conclusion").fill("Report to the FIU.")
    ana.get_by_role("button", name="Save narrative and conclusion").click()
    expect(ana.locator("#done")).to_contain_text("narrative")
    ana.get_by_label("Assign to").select_option("rev")
    ana.get_by_role("button", name="Assign", exact=True).click()
    expect(ana.locator("#case-assignee")).to_have_text("rev")
    ana.goto(case_url)
    expect(ana.locator("#narrative")).to_have_value("TAJCO holds 60% of the wholesaler.")
    expect(ana.locator("#conclusion")).to_have_value("Report to the FIU.")
    shot(ana, "case", full_page=True)
    ana.goto(bench.url + "/ui/cases")
    row = ana.locator("#cases tbody tr", has_text="Banjul wholesale ownership")
    expect(row).to_contain_text("rev")
    expect(row.locator("td.num")).to_have_text("2")


def test_a_stale_case_form_keeps_the_typed_narrative(people: dict[str, Page], bench: Bench) -> None:
    ana, rev = people["ana"], people["rev"]
    log_in(ana, bench, "ana", "/ui/cases")
    ana.locator("#cases tbody a").first.click()
    ana.wait_for_url(re.compile(r"/ui/cases/case-"))
    log_in(rev, bench, "rev", ana.url.removeprefix(bench.url))
    rev.get_by_label("Status").select_option("in_review")
    rev.get_by_role("button", name="Change status").click()
    expect(rev.locator("#case-status")).to_have_text("in review")
    ana.get_by_label(re.compile("^Narrative")).fill("typed while rev moved the case")
    with ana.expect_response(lambda r: r.url.endswith("/narrative")) as answer:
        ana.get_by_role("button", name="Save narrative and conclusion").click()
    assert answer.value.status == 409
    expect(ana.locator("#case-error")).to_contain_text("someone else changed case")
    expect(ana.locator("#case-status")).to_have_text("in review")
    expect(ana.locator("#narrative")).to_have_value("typed while rev moved the case")
