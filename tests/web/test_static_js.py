"""No workbench script hands data to an HTML parser.

List entries, transaction ids and account names come from files an attacker may
have written; the scripts put them into the page with ``textContent`` and
``createElement`` only. This scan fails on any ``innerHTML`` / ``outerHTML``
assignment, ``insertAdjacentHTML`` call or d3 ``.html(...)`` whose value is not a
plain string literal, and on ``document.write``. Vendor libraries are not ours.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[2] / "moneytrail" / "web" / "static"
OURS = sorted(p for p in STATIC.rglob("*.js") if "vendor" not in p.relative_to(STATIC).parts)

# The value an HTML sink receives, up to the end of the statement or call.
SINKS = re.compile(
    r"""(?:\.(?:innerHTML|outerHTML)\s*\+?=(?!=)\s*(?P<assigned>[^;\n]*)"""
    r"""|\.insertAdjacentHTML\s*\((?P<adjacent>[^)\n]*)\)"""
    r"""|\.html\s*\((?P<d3>[^)\n]*)\)"""
    r"""|document\.write(?:ln)?\s*\((?P<write>[^)\n]*)\))"""
)
LITERAL = re.compile(r"""^\s*(?:"[^"\\]*"|'[^'\\]*')?\s*$""")


def html_sinks_with_data(source: str) -> list[str]:
    """Each sink given anything but one string literal (or nothing), as ``line: text``."""
    found = []
    for match in SINKS.finditer(source):
        value = next(v for v in match.groupdict().values() if v is not None)
        if match.group("write") is not None or not LITERAL.match(value):
            line = source.count("\n", 0, match.start()) + 1
            found.append(f"{line}: {match.group(0).strip()}")
    return found


def test_there_are_scripts_to_scan() -> None:
    assert {p.name for p in OURS} >= {"flows.js", "network.js", "review.js"}


@pytest.mark.parametrize("script", OURS, ids=lambda p: p.name)
def test_no_script_writes_data_as_html(script: Path) -> None:
    assert html_sinks_with_data(script.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        'box.innerHTML = "<li>" + t.id + "</li>";',
        "el.innerHTML += name;",
        "el.outerHTML = `<b>${x}</b>`;",
        "el.insertAdjacentHTML('beforeend', row);",
        'd3.select("#x").html(label);',
        "document.write(data);",
    ],
)
def test_the_scan_finds_data_in_html_sinks(snippet: str) -> None:
    assert html_sinks_with_data(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    ['body.innerHTML = "";', "d3.select('#t').html('')", "if (a.innerHTML == b) {}"],
)
def test_the_scan_lets_literals_through(snippet: str) -> None:
    assert html_sinks_with_data(snippet) == []
