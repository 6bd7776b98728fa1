"""Hostile names and ids in every view of the workbench and in every standalone HTML output.

A red team put ``<!--<script>`` in a list name and broke ``network --format html``, and
transaction ids written into ``innerHTML`` ran a script in Chromium. This test seeds the
demo case again from copies of its files in which a registry company, its ownership,
two customers, every account holder, one account id, every transaction id and every
payment reference carry markup, then opens every page in Chromium and fails on a
dialog, a page error, an element with an event-handler attribute, a script that was not
ours, or a link or source starting with ``javascript:``. The CSP would block most
injected handlers from running, so the DOM is checked as well as the dialogs.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from moneytrail.server import ApiConfig, create_app
from moneytrail.services import demo
from moneytrail.services.demo import TX_MAP, data_dir, seed_demo_store
from moneytrail.settings import Settings
from moneytrail.store.snapshots import copy_store
from tests.web.conftest import serving

S1 = "<script>alert(1)</script>"
S2 = '"><img src=x onerror=alert(2)>'
S3 = "<!--<script>"
S4 = "</script><svg onload=alert(3)>"
S5 = "javascript:alert(4)"
LS = "\u2028"
PAYLOADS = (S1, S2, S3, S4, S5 + LS)
COMPANY = "demo-co-hostile"
CUSTOMER = "cust-" + S2
ACCOUNT = "GM03-1030"  # Brikama Hardware's account: on typology and trace paths
HOSTILE_ACCOUNT = ACCOUNT + S2
REGISTRY = "synthetic_tajideen_registry"

# Everything a successful injection leaves in the DOM, whether or not the CSP let it run.
INJECTED = """() => {
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push(e.tagName + ' ' + a.name);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(a.name)
          && v.startsWith('javascript:')) bad.push(e.tagName + ' ' + a.name + '=' + v);
    }
    const run = e.tagName.toUpperCase() === 'SCRIPT' && e.type !== 'application/json';
    if (run && /alert\\(/.test(e.textContent)) bad.push('a script');  // data blocks never run
  }
  // An injected "<!--" turns the rest of the page into a comment: nothing runs, all is lost.
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) {
    if (/alert\\(|<script|<img|<svg/i.test(walker.currentNode.data)) bad.push('a comment');
  }
  return bad;
}"""
# The hostile text is on the page as text (names may be cut short in pictures).
SHOWN = "() => /alert\\(|<img|<script|<!--|<svg/.test(document.documentElement.textContent)"


@dataclass(frozen=True)
class Hostile:
    url: str
    user: str
    key: str
    data: Path
    store: Path


def _registry(path: Path) -> None:
    rows = [
        {
            "id": COMPANY,
            "schema": "Company",
            "datasets": [REGISTRY],
            "properties": {
                "name": [f"HOSTILE TRADING {S1} {S2}"],
                "alias": [f"{S3} {S4}"],
                "address": [f"{S4}{LS}Banjul {S2}"],
                "registrationNumber": [S2],
                "website": [S5],
                "sourceUrl": [S5],
                "country": ["gm"],
            },
        },
        {
            "id": "demo-own-hostile",
            "schema": "Ownership",
            "datasets": [REGISTRY],
            "properties": {
                "owner": ["ofac-12452"],
                "asset": [COMPANY],
                "percentage": ["75%"],
                "summary": [S1],
            },
        },
        {  # a designated director: a network alert as well as the ownership one
            "id": "demo-dir-hostile",
            "schema": "Directorship",
            "datasets": [REGISTRY],
            "properties": {
                "director": ["ofac-11494"],
                "organization": [COMPANY],
                "role": [f"director {S2}"],
            },
        },
    ]
    with path.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)


def _customers(path: Path) -> None:
    """Plain names first so screening still hits; the hostile variants ride along."""
    rows = [
        {
            "id": CUSTOMER,
            "schema": "Person",
            "properties": {
                "name": ["Kassim Tajideen", f"Kassim Tajideen {S4}"],
                "nationality": ["lb"],
                "notes": [S3 + LS],
            },
        },
        {
            "id": "cust-" + S1,
            "schema": "Company",
            "properties": {"name": ["Tajco Company", f"Tajco {S2}"], "address": [S4]},
        },
    ]
    with path.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)


def _rewrite(path: Path, change: Callable[[int, list[str]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as src:
        rows = list(csv.reader(src))
    for i, row in enumerate(rows[1:]):
        change(i, row)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def _transactions(i: int, row: list[str]) -> None:
    row[0] += PAYLOADS[i % len(PAYLOADS)]
    row[2:4] = [HOSTILE_ACCOUNT if a == ACCOUNT else a for a in row[2:4]]
    row[6] += S3


def _accounts(i: int, row: list[str]) -> None:
    row[0] = HOSTILE_ACCOUNT if row[0] == ACCOUNT else row[0]
    row[3] = PAYLOADS[i % len(PAYLOADS)] + " " + row[3]  # first: pictures cut names short


def hostile_data(root: Path) -> Path:
    """A copy of the package's data folder with markup in names, ids and references."""
    target = root / "data"
    shutil.copytree(data_dir(), target)
    _registry(target / "demo" / "tajideen_registry.jsonl")
    _customers(target / "samples" / "customers.jsonl")
    _rewrite(target / "demo" / "transactions.csv", _transactions)
    _rewrite(target / "demo" / "accounts.csv", _accounts)
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_data(root)
    store = root / "hostile.duckdb"
    with mock.patch.object(demo, "data_dir", lambda: data):
        seed = seed_demo_store(store, all_lists=False)
    app = create_app(Settings(store=store, progress=False), ApiConfig(rate=0, anon_rate=0))
    with serving(app) as url:
        yield Hostile(url, seed.user, seed.key, data, store)


class Watched:
    """A page whose dialogs and errors are collected, with a check after each visit."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.problems.append(f"{page.url}: error {exc}"))

    def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"{self.page.url}: dialog {dialog.message}")
        dialog.dismiss()

    def check(self, *, expect_markup: bool = True) -> None:
        """No injected element; and the hostile text is shown as text, so it was loaded."""
        page = self.page
        page.wait_for_load_state("load")
        for found in page.evaluate(INJECTED):
            self.problems.append(f"{page.url}: {found}")
        if expect_markup and not page.evaluate(SHOWN):
            self.problems.append(f"{page.url}: no hostile text shown (did the data load?)")

    def visit(self, url: str, **kwargs: bool) -> None:
        self.page.goto(url)
        self.check(**kwargs)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    found = Watched(context.new_page())
    yield found
    context.close()
    assert found.problems == [], "\n".join(found.problems)


def _log_in(watched: Watched, hostile: Hostile) -> None:
    page = watched.page
    page.goto(hostile.url + "/ui/alerts")
    page.get_by_label("User name").fill(hostile.user)
    page.get_by_label("API key").fill(hostile.key)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.endswith("/ui/alerts"))


def _alert_ids(page: Page, url: str) -> list[str]:
    page.goto(url)
    rows = page.locator("#queue tbody tr[data-id]")
    return [str(rows.nth(i).get_attribute("data-id")) for i in range(rows.count())]


def test_every_workbench_page_shows_hostile_data_as_text(
    watched: Watched, hostile: Hostile
) -> None:
    _log_in(watched, hostile)
    base = hostile.url + "/ui"
    watched.visit(base + "/alerts?status=")
    every = _alert_ids(watched.page, base + "/alerts?status=")
    assert len(every) >= 30
    for kind in ("screening", "ownership", "network", "trace", "typology"):
        ids = _alert_ids(watched.page, f"{base}/alerts?kind={kind}&status=")
        assert ids, kind
        watched.check()
    for alert_id in every:
        watched.visit(f"{base}/alerts/{alert_id}", expect_markup=False)
    assert not watched.problems
    for entity in (COMPANY, CUSTOMER, "cust-" + S1, "cust-0030", HOSTILE_ACCOUNT):
        watched.visit(f"{base}/entities/{_quote(entity)}")
    watched.page.goto(f"{base}/entities/{COMPANY}")
    links = watched.page.locator("a[href*='/ui/statements/']")
    statements = [str(links.nth(i).get_attribute("href")) for i in range(min(links.count(), 5))]
    assert statements, "the entity page cites no statements"
    for href in statements:
        watched.visit(hostile.url + href, expect_markup=False)
    for entity in ("ofac-12452", COMPANY):
        watched.page.goto(f"{base}/network/{entity}")
        expect(watched.page.locator("#cy")).to_have_attribute("data-loaded", "1", timeout=20_000)
        watched.check(expect_markup=False)
    _show_details(watched)
    for entity in ("cust-0030", "ofac-12452", "demo-co-banjul-wholesale", HOSTILE_ACCOUNT):
        watched.page.goto(f"{base}/flows/{_quote(entity)}")
        status = watched.page.locator("#flow-status")
        expect(status).to_contain_text("payments", timeout=20_000)
        watched.check()


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _show_details(watched: Watched) -> None:
    """The side panel is filled from node and edge data: show the hostile company's."""
    page = watched.page
    page.evaluate(f"window.moneytrailGraph.getElementById({json.dumps(COMPANY)}).emit('tap')")
    expect(page.locator("#details")).to_contain_text("HOSTILE TRADING", timeout=20_000)
    watched.check()
    page.evaluate("window.moneytrailGraph.edges()[0].emit('tap')")
    watched.check(expect_markup=False)


def test_the_html_case_report_holds_no_live_markup(
    watched: Watched, hostile: Hostile, tmp_path: Path
) -> None:
    _log_in(watched, hostile)
    page = watched.page
    ids = [
        i
        for kind in ("screening", "ownership", "network", "trace", "typology")
        for i in _alert_ids(page, f"{hostile.url}/ui/alerts?kind={kind}&status=")[:3]
    ]
    query = "&".join(f"alert={i}" for i in ids)
    watched.visit(f"{hostile.url}/ui/report?{query}&entity={COMPANY}")
    page.get_by_label("Title").fill(f"Case {S2}")
    page.get_by_label("Narrative (what happened, in your words; optional)").fill(S1 + S4)
    page.get_by_label("Format").select_option("html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the report").click()
    saved = tmp_path / "report.html"
    info.value.save_as(saved)
    watched.visit(saved.as_uri())
    assert page.locator(".flow svg").count() >= 1, "no money-flow picture in the report"


def _cli(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "moneytrail", *args],
        capture_output=True,
        text=True,
        env={"MONEYTRAIL_PROGRESS": "0", "COLUMNS": "2000", "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_standalone_html_outputs_hold_no_live_markup(
    watched: Watched, hostile: Hostile, tmp_path: Path
) -> None:
    demo_dir = hostile.data / "demo"
    store = tmp_path / "copy.duckdb"
    copy_store(hostile.store, store)  # the server holds the original open
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"{HOSTILE_ACCOUNT}\nGM01-7001\n", encoding="utf-8")
    tx = ("--transactions", str(demo_dir / "transactions.csv"), "--map", TX_MAP)
    outputs = {
        "network": ("--store", str(store), "network", COMPANY, "--format", "html"),
        "exposure": (
            "--store",
            str(store),
            "exposure",
            *tx,
            "--accounts",
            str(demo_dir / "accounts.csv"),
            "--accounts-map",
            "id=holder_id",
            "--format",
            "html",
        ),
        "trace": ("trace", *tx, "--from", str(seeds), "--format", "html"),
    }
    for name, args in outputs.items():
        target = tmp_path / f"{name}.html"
        _cli(*args, "--output", str(target))
        watched.visit(target.as_uri())
