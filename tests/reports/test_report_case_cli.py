"""``moneytrail report --case``: the case's alerts, title and words, with the analyst's
narrative from a file replacing the case's."""

from __future__ import annotations

from pathlib import Path

from moneytrail.alerts import DuckDBRepository
from moneytrail.alerts.cases import list_cases
from tests.conftest import run_cli
from tests.reports.demo_store import DemoStore, copy_of


def test_report_of_a_case_carries_its_alerts_and_the_narrative_given(
    seeded: DemoStore, tmp_path: Path
) -> None:
    store = copy_of(seeded, tmp_path / "cli.duckdb")
    repo = DuckDBRepository(store.path)
    try:
        # The demo's alerts are grouped into one case per subject: take the largest.
        case = max(list_cases(repo), key=lambda c: (len(c.alert_ids), c.id))
    finally:
        repo.close()
    assert len(case.alert_ids) >= 2
    words = tmp_path / "narrative.txt"
    words.write_text("Funds moved through BANJUL WHOLESALE within days of designation.\n")
    out = tmp_path / "case.html"
    done = run_cli(
        "--store", str(store.path), "report", "--case", case.id, "--narrative", f"@{words}",
        "--output", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Funds moved through BANJUL WHOLESALE within days of designation." in html
    assert case.title in html
    assert all(alert_id in html for alert_id in case.alert_ids)

    missing = run_cli("--store", str(store.path), "report", "--case", "case-nope", "-o", "-")
    assert missing.returncode == 4 and "no case 'case-nope'" in missing.stderr
    unreadable = run_cli(
        "--store", str(store.path), "report", "--case", case.id, "--narrative",
        f"@{tmp_path / 'absent.txt'}", "-o", "-",
    )  # fmt: skip
    assert unreadable.returncode == 2 and "--narrative" in unreadable.stderr
