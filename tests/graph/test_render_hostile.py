"""``network --format html`` survives names written to break out of its data block."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from moneytrail.graph.network import Edge
from moneytrail.graph.paths import NetworkReport
from moneytrail.graph.render import render_html, script_json

HOSTILE = (
    "<!--<script>",
    "</script><img src=x onerror=alert(1)>",
    "</SCRIPT >x",
    "a & b \u2028 c \u2029 d",
    "<img src=x onerror=alert(2)>",
)


def _node(node_id: str, caption: str, distance: int) -> dict[str, object]:
    return {
        "id": node_id,
        "caption": caption,
        "schema": "Company",
        "designated": distance == 1,
        "datasets": ["x<y>"],
        "distance": distance,
        "indicators": [],
    }


def hostile_report() -> NetworkReport:
    nodes = {f"n{i}<'\">": _node(f"n{i}<'\">", name, min(i, 1)) for i, name in enumerate(HOSTILE)}
    ids = list(nodes)
    edges = [
        Edge(ids[0], other, "ownership", HOSTILE[k % len(HOSTILE)], ("st-</script>",), "via<!--")
        for k, other in enumerate(ids[1:])
    ]
    return NetworkReport(ids[0], 1, nodes, edges, [], [], False)


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_round_trips_and_holds_no_markup(text: str) -> None:
    encoded = script_json({"name": text})
    assert json.loads(encoded) == {"name": text}
    assert not set(encoded) & {"<", ">", "&", "\u2028", "\u2029"}


def test_the_page_has_exactly_its_own_two_scripts_and_all_the_data() -> None:
    report = hostile_report()
    page = render_html(report)
    assert len(re.findall(r"<script", page, re.I)) == 2
    assert len(re.findall(r"</script", page, re.I)) == 2
    block = re.search(r'<script id="data" type="application/json">(.*?)</script>', page, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == json.loads(json.dumps(report.as_dict()))
    assert "<img" not in page and "<!--" not in page


def test_no_dialog_when_chromium_opens_the_page(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.web.conftest import CHROMIUM, FLAGS

    if not CHROMIUM.exists():
        pytest.fail(f"no chromium at {CHROMIUM}")
    page_file = tmp_path / "net.html"
    page_file.write_text(render_html(hostile_report()), encoding="utf-8")
    dialogs: list[str] = []
    errors: list[str] = []
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page()

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(page_file.as_uri())
        for i in range(len(HOSTILE)):  # open every node's panel: it renders the names
            page.locator(".n").nth(i).dispatch_event("mousedown")
        page.locator(".e line").first.dispatch_event("mousedown")
        panel = page.locator("#d").inner_text()
        browser.close()
    assert dialogs == [] and errors == []
    assert "via<!--" in panel  # the edge's data reached the panel as text
