"""Cases as the policy makes them, in a real browser: the demo's alerts arrive grouped into
cases with due dates; the list filters by kind and lateness; an analyst merges two cases,
reads the merged timeline, splits an alert out again, and a stale merge form comes back
with 409. The workbench has its own copy of the demo store (merges change the cases).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from moneytrail.alerts.audit import AuditLog
from moneytrail.alerts.factory import open_repository
from moneytrail.alerts.models import Role
from moneytrail.alerts.users import add_user
from moneytrail.server import ApiConfig, create_app
from moneytrail.settings import Settings
from moneytrail.store.snapshots import copy_store
from tests.reports.demo_store import demo_store
from tests.web.conftest import serving
from tests.web.test_workbench import UNLABELLED, shot


@dataclass(frozen=True)
class Bench:
    url: str
    key: str


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    path = tmp_path_factory.mktemp("cp") / "c.duckdb"
    copy_store(demo_store(tmp_path_factory).path, path)  # the file and its list snapshots
    settings = Settings(store=path, progress=False)
    repo = open_repository(settings)
    key = add_user(repo, AuditLog(repo), "ana", Role.ANALYST, "test")[1]
    app = create_app(settings, ApiConfig(rate=0, anon_rate=0), repo=repo)
    with serving(app) as url:
        yield Bench(url, key)


@pytest.fixture
def page(browser: Browser, bench: Bench) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.goto(bench.url + "/ui/cases")
    opened.get_by_label("User name").fill("ana")
    opened.get_by_label("API key").fill(bench.key)
    opened.get_by_role("button", name="Log in").click()
    opened.wait_for_url(lambda url: url.endswith("/ui/cases"))
    yield opened
    context.close()
    assert errors == [], errors


def _case_ids(page: Page, query: str) -> list[str]:
    page.goto(page.url.split("/ui/")[0] + "/ui/cases" + query)
    rows = page.locator("#cases tbody tr[data-id]")
    return [rows.nth(i).get_attribute("data-id") or "" for i in range(rows.count())]


def test_demo_alerts_arrive_in_cases_with_due_dates(page: Page, bench: Bench) -> None:
    every = _case_ids(page, "")
    assert len(every) >= 5
    assert page.evaluate(UNLABELLED) == []
    dues = page.locator("#cases td.due").all_inner_texts()
    assert all(re.match(r"\d{4}-\d{2}-\d{2}", d) for d in dues), dues
    shot(page, "cases-policy", full_page=True)
    traced = _case_ids(page, "?kind=trace")
    assert traced and set(traced) < set(every)
    for row in page.locator("#cases tbody tr[data-id]").all():
        expect(row).to_contain_text("trace")
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#cases tbody")).to_contain_text("No case matches")  # all just opened


def test_the_case_list_filters_by_list_and_programme(page: Page, bench: Bench) -> None:
    every = _case_ids(page, "")
    page.get_by_label("List", exact=True).select_option("us_ofac_sdn")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"dataset=us_ofac_sdn"))
    rows = page.locator("#cases tbody tr[data-id]")
    listed = [rows.nth(i).get_attribute("data-id") or "" for i in range(rows.count())]
    assert listed and set(listed) <= set(every)
    expect(page.get_by_label("List", exact=True)).to_have_value("us_ofac_sdn")
    sdgt = _case_ids(page, "?dataset=us_ofac_sdn&program=SDGT")
    assert sdgt and set(sdgt) <= set(listed)
    expect(page.get_by_label("Programme", exact=True)).to_have_value("SDGT")
    # A programme the lists do not hold is no filter: the form says "any programme".
    assert _case_ids(page, "?program=NO-SUCH-PROGRAMME") == every
    expect(page.get_by_label("Programme", exact=True)).to_have_value("")
    assert page.evaluate(UNLABELLED) == []


def test_merge_then_split_with_the_timeline(page: Page, bench: Bench) -> None:
    first, second = _case_ids(page, "?kind=trace")[:2]
    page.goto(bench.url + f"/ui/cases/{second}")
    moved = page.locator("#case-alerts tbody tr[data-id]").count()
    page.goto(bench.url + f"/ui/cases/{first}")
    kept = page.locator("#case-alerts tbody tr[data-id]").count()
    expect(page.locator("#case-due")).to_contain_text(re.compile(r"Due \d{4}-\d{2}-\d{2}"))
    other = page.locator(f'#merge-other option[value^="{second}:"]').get_attribute("value")
    page.get_by_label("Merge into this case").select_option(other or "")
    page.get_by_role("button", name="Merge", exact=True).click()
    page.wait_for_url(f"**/ui/cases/{first}?saved=merge")
    expect(page.locator("#case-alerts tbody tr[data-id]")).to_have_count(kept + moved)
    expect(page.locator("a.merged-from")).to_have_text(second)
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text(f"Case {second} merged in")
    expect(timeline).to_contain_text("Case opened automatically (MONEYTRAIL_AUTO_CASES)")
    assert page.locator('#timeline tr[data-kind="transaction"]').count() >= 1
    assert page.locator('#timeline tr[data-kind="alert"]').count() >= kept + moved
    dates = [d[:10] for d in page.locator("#timeline tbody tr td:first-child").all_inner_texts()]
    assert dates == sorted(dates)
    assert page.evaluate(UNLABELLED) == []
    shot(page, "case-merged", full_page=True)
    expect(page.locator("#merged-into")).to_have_count(0)
    page.goto(bench.url + f"/ui/cases/{second}")
    expect(page.locator("#case-status")).to_have_text("closed")
    expect(page.locator("#merged-into")).to_have_text(first)

    page.goto(bench.url + f"/ui/cases/{first}")
    alert_id = page.locator("#case-alerts tbody tr[data-id]").last.get_attribute("data-id")
    page.locator(f"#split-{alert_id}").check()
    page.get_by_label("Title of a new case for the ticked alerts").fill("Split for review")
    page.get_by_role("button", name="Split the ticked alerts out").click()
    page.wait_for_url(re.compile(r"/ui/cases/case-[0-9a-f]+\?saved=split$"))
    assert first not in page.url
    expect(page.locator("h1")).to_have_text("Split for review")
    expect(page.locator("#case-alerts tbody tr[data-id]")).to_have_count(1)
    expect(page.locator("#timeline")).to_contain_text(f"by splitting case {first}")
    page.goto(bench.url + f"/ui/cases/{first}")
    expect(page.locator("#case-alerts tbody tr[data-id]")).to_have_count(kept + moved - 1)


def test_a_stale_merge_form_comes_back_with_409(page: Page, bench: Bench) -> None:
    first, second = _case_ids(page, "?kind=typology")[:2]
    page.goto(bench.url + f"/ui/cases/{first}")  # the merge form now carries this version
    csrf = page.locator("#status-form input[name=csrf]").input_value()
    version = page.locator("#status-form input[name=version]").input_value()
    moved = page.request.post(
        bench.url + f"/ui/cases/{first}/status",
        form={"csrf": csrf, "version": version, "status": "in_review"},
    )
    assert moved.ok
    other = page.locator(f'#merge-other option[value^="{second}:"]').get_attribute("value")
    page.get_by_label("Merge into this case").select_option(other or "")
    with page.expect_response(lambda r: r.url.endswith("/merge")) as answer:
        page.get_by_role("button", name="Merge", exact=True).click()
    assert answer.value.status == 409
    expect(page.locator("#case-error")).to_contain_text("someone else changed case")
    expect(page.locator("#case-status")).to_have_text("in review")
    expect(page.get_by_label("Merge into this case")).to_have_value(other or "")


def test_search_finds_a_transliteration_customers_accounts_and_cases(
    page: Page, bench: Bench
) -> None:
    page.get_by_role("link", name="Search").click()
    page.wait_for_url("**/ui/search")
    page.get_by_label("Name or id").fill("Qasim Taji al-Din")
    page.get_by_role("button", name="Search").click()
    entities = page.locator("#hits-entity tbody tr")
    expect(entities.first).to_contain_text("TAJIDEEN")  # the list's spelling
    expect(page.locator("#hits-customer")).to_contain_text("cust-001")
    assert page.evaluate(UNLABELLED) == []
    shot(page, "search", full_page=True)
    entities.first.locator("a").click()
    page.wait_for_url(re.compile(r"/ui/entities/"))
    expect(page.locator("h1")).to_contain_text("TAJIDEEN")

    page.goto(bench.url + "/ui/search?q=SL01-1024")
    account = page.locator("#hits-account tbody tr", has_text="SL01-1024")
    expect(account).to_have_count(1)
    expect(account).to_contain_text("held by Abu Bangura")
    account.locator("a").click()
    expect(page.locator("h1")).to_contain_text("Account SL01-1024")

    page.goto(bench.url + "/ui/search?q=Abu Bangura")
    case = page.locator("#hits-case tbody tr").first
    expect(case).to_contain_text("Abu Bangura")
    case.locator("a").click()
    page.wait_for_url(re.compile(r"/ui/cases/case-[0-9a-f]+$"))

    page.goto(bench.url + "/ui/search")
    page.get_by_label("Name or id").fill("x" * 150 + " " + "y" * 50)
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#search-error")).to_be_visible()
    expect(page.get_by_label("Name or id")).to_have_value("x" * 150 + " " + "y" * 50)
