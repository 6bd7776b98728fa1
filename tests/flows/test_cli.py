"""``moneytrail trace`` and ``detect`` through the real command line on the AMLSim slice."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

SLICE = FIXTURES / "transactions_amlsim_slice" / "transactions.csv"
MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_trace_forward_on_the_amlsim_slice(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("1551\n2525\n")
    out = tmp_path / "trace.jsonl"
    proc = run_cli("trace", "--transactions", str(SLICE), "--map", MAP, "--from", str(seeds),
                   "--output", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = {r["account"]: r for r in lines(out)}
    assert set(next(iter(rows.values()))) == {"account", "hops", "first_date", "amount", "path"}
    assert rows["19968"] == {
        "account": "19968", "hops": 3, "first_date": 17, "amount": 107.69,
        "path": ["251", "763", "2115"],
    }  # fmt: skip
    assert "1551" not in rows and "2525" not in rows


def test_trace_backward_hops_and_html(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("19968\n")
    out = tmp_path / "back.jsonl"
    proc = run_cli("trace", "--transactions", str(SLICE), "--map", MAP, "--from", str(seeds),
                   "--direction", "backward", "--hops", "3", "--attribution", "fifo",
                   "--output", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = {r["account"]: r for r in lines(out)}
    assert rows["1551"]["hops"] == 3 and rows["1551"]["path"] == ["251", "763", "2115"]
    page = tmp_path / "trace.html"
    common = ("--transactions", str(SLICE), "--map", MAP, "--from", str(seeds))
    proc = run_cli("trace", *common, "--direction", "backward", "--format", "html",
                   "--output", str(page))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    html = page.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "1551" in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_detect_writes_the_contract_fields(tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    proc = run_cli("detect", "--transactions", str(SLICE), "--map", MAP, "--typology", "fan_in",
                   "--typology", "cycle-v2", "--output", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for alert in lines(out):
        assert set(alert) == {"id", "typology", "accounts", "transactions", "score", "explanation"}


def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("tran_id,orig_acct,bene_acct,base_amt,tran_timestamp\n1,A,B,-3,4\n")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("A\n")
    proc = run_cli("trace", "--transactions", str(bad), "--map", MAP, "--from", str(seeds),
                   "--output", str(tmp_path / "o.jsonl"))  # fmt: skip
    assert proc.returncode == 2
    assert "line 2" in proc.stderr and "amount" in proc.stderr and "negative" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()
