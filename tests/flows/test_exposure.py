"""Exposure: designation by id and by screening, joined with the time-respecting trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.flows import Direction, build_graph, parse_map, read_transactions, trace
from moneytrail.flows.accounts import Accounts, parse_accounts_map, read_accounts
from moneytrail.flows.exposure import Reach, designate, exposure
from moneytrail.screening import Screener, screener_from_sources
from tests.conftest import FIXTURES, ROOT, run_cli
from tests.flows.helpers import Row, graph

SLICE = FIXTURES / "ofac_sdn_2021-07_slice"
DEMO = ROOT / "moneytrail" / "data" / "demo"
DEMO_MAP = "id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date"
HEADER = "account,holder_id,schema,holder_name,birthDate,nationality,country\n"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return screener_from_sources([SLICE])


def accounts(tmp_path: Path, rows: str, spec: str = "id=holder_id,name=holder_name") -> Accounts:
    path = tmp_path / "accounts.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return read_accounts(path, parse_accounts_map(spec))


HOLDERS = """\
S1,ofac-12452,Company,TAJCO,,,gm
S2,,Company,Tajco Company Ltd,,,sl
A,cust-1,Person,Awa Ceesay,1988-04-12,gm,
B,cust-2,Person,Lamin Jatta,,gm,
C,cust-3,Company,Brikama Hardware Ltd,,,gm
D,cust-4,Person,Isatou Bah,,gm,
"""


def test_designated_by_id_and_by_screening(tmp_path: Path, screener: Screener) -> None:
    found = designate(accounts(tmp_path, HOLDERS), screener)
    assert set(found) == {"S1", "S2"}
    (by_id,) = found["S1"].designations
    assert (by_id.entity_id, by_id.basis, by_id.score) == ("ofac-12452", "id", 1.0)
    (screened,) = found["S2"].designations
    assert (screened.entity_id, screened.basis) == ("ofac-12452", "screening")
    assert screened.score >= 0.7
    assert screened.explanation["name"]["query"] == "Tajco Company Ltd"
    assert screened.explanation["algorithm"] == "screen-v1"


ROWS: list[Row] = [
    ("t1", "S1", "A", 100.0, 1),
    ("t2", "X", "A", 100.0, 2),
    ("t3", "A", "B", 150.0, 3),
    ("t4", "B", "C", 30.0, 4),
    ("t5", "S2", "C", 40.0, 5),
    ("t6", "C", "D", 10.0, 6),
]


def test_forward_equals_trace_for_the_designated_seeds(tmp_path: Path, screener: Screener) -> None:
    g = graph(ROWS)
    result = exposure(g, accounts(tmp_path, HOLDERS), screener, hops=3)
    got = {e.account: e.as_record() for e in result.exposures}
    expected = {r["account"]: r for r in trace(g, ["S1", "S2"], hops=3).records()}
    assert set(got) == set(expected) == {"A", "B", "C", "D"}
    for account, rec in expected.items():
        assert {k: got[account][k] for k in rec} == rec
    assert got["B"]["amount"] == 75.0 and got["B"]["path"] == ["t1", "t3"]
    assert got["A"]["holder"] == {"id": "cust-1", "schema": "Person", "name": "Awa Ceesay"}


def test_every_designated_source_is_named_path_origin_first(
    tmp_path: Path, screener: Screener
) -> None:
    result = exposure(graph(ROWS), accounts(tmp_path, HOLDERS), screener, hops=3)
    by_account = {e.account: e for e in result.exposures}
    assert [d.account for d in by_account["A"].designated] == ["S1"]
    # C: S1's money arrived in 3 hops, S2's in 1 (the path); both are named, S2 first.
    assert by_account["C"].path == ["t5"]
    assert [d.account for d in by_account["C"].designated] == ["S2", "S1"]
    rec = by_account["C"].as_record()["designated"][0]
    assert rec["designations"][0]["basis"] == "screening"
    assert rec["designations"][0]["explanation"]["name"]["list"]


def test_money_cannot_leave_before_it_arrived(tmp_path: Path, screener: Screener) -> None:
    rows: list[Row] = [("t1", "S1", "A", 100.0, 5), ("t2", "A", "C", 100.0, 3)]
    result = exposure(graph(rows), accounts(tmp_path, HOLDERS), screener)
    assert [e.account for e in result.exposures] == ["A"]


def test_backward_finds_who_paid_a_designated_party(tmp_path: Path, screener: Screener) -> None:
    rows: list[Row] = [
        ("t1", "D", "C", 50.0, 1),
        ("t2", "C", "S1", 40.0, 2),
        ("t3", "B", "C", 70.0, 3),  # after C paid S1: did not reach S1
        ("t4", "S1", "A", 10.0, 4),
    ]
    g = graph(rows)
    result = exposure(g, accounts(tmp_path, HOLDERS), screener, reach=Reach.BACKWARD)
    got = {e.account: e.as_record() for e in result.exposures}
    assert set(got) == {"C", "D"}
    assert got["D"]["hops"] == 2 and got["D"]["path"] == ["t1", "t2"]
    assert got["D"]["direction"] == "backward"
    assert got["D"]["designated"][0]["account"] == "S1"
    expected = {
        r["account"]: r for r in trace(g, ["S1", "S2"], direction=Direction.BACKWARD).records()
    }
    assert {a: (r["hops"], r["amount"]) for a, r in expected.items()} == {
        a: (r["hops"], r["amount"]) for a, r in got.items()
    }


def test_both_directions_and_min_amount(tmp_path: Path, screener: Screener) -> None:
    holders = accounts(tmp_path, HOLDERS)
    rows = [*ROWS, ("t0", "D", "S1", 5.0, 0)]
    result = exposure(graph(rows), holders, screener, reach=Reach.BOTH, hops=3)
    assert {(str(e.direction), e.account) for e in result.exposures} == {
        ("forward", "A"), ("forward", "B"), ("forward", "C"), ("forward", "D"), ("backward", "D"),
    }  # fmt: skip
    small = exposure(graph(ROWS), holders, screener, hops=3, min_amount=60)
    assert {e.account for e in small.exposures} == {"A", "B"}


def test_unknown_accounts_and_no_designated_payments(tmp_path: Path, screener: Screener) -> None:
    rows: list[Row] = [("t1", "S1", "Z", 5.0, 1)]
    result = exposure(graph(rows), accounts(tmp_path, HOLDERS), screener)
    assert result.exposures[0].as_record()["holder"] is None
    quiet: list[Row] = [("t1", "A", "B", 5.0, 1)]
    none = exposure(graph(quiet), accounts(tmp_path, HOLDERS), screener, reach=Reach.BOTH)
    assert none.exposures == [] and set(none.designated) == {"S1", "S2"}


@pytest.mark.parametrize(
    ("rows", "spec", "line", "field"),
    [
        (HOLDERS, "account=acct_no,name=holder_name", 1, "account"),
        ("A,cust-1,Person,Awa Ceesay,,,\nB,cust-2,Person,,,,\n", None, 3, "holder_name"),
        ("A,cust-1,Person,Awa Ceesay,,,\n,cust-2,Person,Lamin Jatta,,,\n", None, 3, "account"),
        ("A,cust-1,Person,Awa Ceesay,,,\nA,cust-2,Person,Lamin Jatta,,,\n", None, 3, "account"),
        ("C,cust-3,Company,Brikama Hardware Ltd,2001-01-01,,\n", None, 2, "birthDate"),
        ("C,cust-3,Bank robber,Brikama Hardware Ltd,,,\n", None, 2, "schema"),
    ],
)
def test_bad_accounts_name_file_line_and_field(
    tmp_path: Path, rows: str, spec: str | None, line: int, field: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        accounts(tmp_path, rows, spec or "id=holder_id,name=holder_name")
    assert err.value.file == str(tmp_path / "accounts.csv")
    assert (err.value.line, err.value.field) == (line, field)


def test_an_accounts_map_key_must_be_known() -> None:
    with pytest.raises(InvalidInput, match="unknown --accounts-map key 'colour'"):
        parse_accounts_map("account=acct,colour=c")


def test_demo_money_reaches_the_front_companies(screener: Screener) -> None:
    txs = read_transactions(DEMO / "transactions.csv", parse_map(DEMO_MAP))
    holders = read_accounts(DEMO / "accounts.csv", parse_accounts_map("id=holder_id"))
    result = exposure(build_graph(txs), holders, screener, reach=Reach.BOTH, hops=4)
    basis = {a: d.designations[0].basis for a, d in result.designated.items()}
    assert basis == {
        "GM01-7001": "id", "SL01-7002": "screening", "GM02-7003": "screening", "LB01-7004": "id",
    }  # fmt: skip
    forward = {e.account: e for e in result.exposures if e.direction is Direction.FORWARD}
    fronts = {e.holder.id for e in forward.values() if e.holder and e.holder.id}
    assert {f"demo-co-{x}" for x in ("banjul-wholesale", "river-logistics", "westcoast",
            "serrekunda-foods", "kairaba-trading", "cold-storage", "cedar-holdings",
            "ovlas-shipping")} <= fronts  # fmt: skip
    assert forward["GM01-1001"].hops == 3 and forward["GM01-1001"].amount == 12400.0
    assert "GM01-1028" not in forward  # paid by Cedar Holdings before Kassim's money arrived
    backward = {e.account for e in result.exposures if e.direction is Direction.BACKWARD}
    assert {"GM01-2009", "SL01-1024", "LB01-1025"} <= backward


def test_cli_jsonl_table_and_html(tmp_path: Path) -> None:
    common = ("--transactions", str(DEMO / "transactions.csv"), "--map", DEMO_MAP,
              "--accounts", str(DEMO / "accounts.csv"), "--accounts-map", "id=holder_id",
              "--list", str(SLICE), "--hops", "4")  # fmt: skip
    out = tmp_path / "exposure.jsonl"
    proc = run_cli("exposure", *common, "--direction", "both", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert set(rows[0]) == {
        "direction", "account", "holder", "hops", "first_date", "amount", "path", "designated",
    }  # fmt: skip
    assert {r["direction"] for r in rows} == {"forward", "backward"}
    assert "4 designated accounts of 53" in proc.stderr
    table = run_cli("exposure", *common, "--min-amount", "1000", "--format", "table", "-o", "-")
    assert table.returncode == 0, table.stderr
    # An exact name with the country agreeing, no birth date or identifier: 0.96, not 1.0.
    assert "BANJUL WHOLESALE IMPORTS LTD" in table.stdout and "screening 0.96" in table.stdout
    page = tmp_path / "exposure.html"
    proc = run_cli("exposure", *common, "--format", "html", "--output", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "Tajco Company Ltd" in html


def test_cli_bad_accounts_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "accounts.csv"
    bad.write_text("account,name\nA,Awa Ceesay\nB,\n", encoding="utf-8")
    proc = run_cli("exposure", "--transactions", str(DEMO / "transactions.csv"), "--map",
                   DEMO_MAP, "--accounts", str(bad), "--list", str(SLICE), "-o", "-")  # fmt: skip
    assert proc.returncode == 2
    assert f"{bad}, line 3, field name: account 'B': the holder has no name" in proc.stderr
