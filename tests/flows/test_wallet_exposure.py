"""Exposure to listed crypto addresses (flows/wallets.py) on the bundled SDN list.

The transactions are written here; the addresses and their holders are the bundled
2024 sdn.csv's (Lazarus Group's ETH address, Nikaeen Ravari's XBT addresses), and the
CLI run reads the enhanced XML slice of the IRGC programme that lists the same wallets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.flows import build_graph, parse_map, read_transactions
from moneytrail.flows.accounts import Accounts, parse_accounts_map, read_accounts
from moneytrail.flows.exposure import Reach, designate, exposure
from moneytrail.screening import Screener, screener_from_store
from moneytrail.store import Store
from tests.conftest import FIXTURES, run_cli

IRGC = FIXTURES / "ofac_enhanced_slices" / "IRGC_sanctions_slice.xml"
LAZARUS_ETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"  # ofac-27307
NIKAEEN_XBT = "bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc"  # ofac-38420
TX_MAP = "id=tx,source=from,target=to,amount=amount,date=date"
# C1 pays the Lazarus address, written in lower case as block explorers print it; C2
# pays C1 only afterwards (none of C2's money can have reached it); C3 receives from
# Nikaeen's address (upper-case bech32); C4 pays C5, apart from all of it.
TRANSACTIONS = f"""\
tx,from,to,amount,date
t1,C1,{LAZARUS_ETH.lower()},5000,2024-06-01
t2,C2,C1,700,2024-07-01
t3,{NIKAEEN_XBT.upper()},C3,250,2024-06-02
t4,C4,C5,90,2024-06-03
"""
ACCOUNTS = f"""\
account,name,wallet,coin
C1,Awa Ceesay,,
C2,Lamin Jatta,,
C3,Brikama Hardware Ltd,,
C4,Isatou Bah,,
W9,,{LAZARUS_ETH.upper().replace("0X", "0x")},BSC
"""


@pytest.fixture(scope="module")
def screener(bundled_store_path: Path) -> Screener:
    with Store(bundled_store_path, read_only=True) as store:
        return screener_from_store(store)


def write(tmp_path: Path) -> tuple[Path, Path]:
    tx, acc = tmp_path / "tx.csv", tmp_path / "accounts.csv"
    tx.write_text(TRANSACTIONS, encoding="utf-8")
    acc.write_text(ACCOUNTS, encoding="utf-8")
    return tx, acc


def holders(path: Path) -> Accounts:
    return read_accounts(path, parse_accounts_map("publicKey=wallet,currencySymbol=coin"))


def test_account_ids_that_are_listed_addresses_are_designated(
    tmp_path: Path, screener: Screener
) -> None:
    tx, acc = write(tmp_path)
    graph = build_graph(read_transactions(tx, parse_map(TX_MAP)))
    found = designate(holders(acc), screener, graph_accounts=graph.accounts.to_pylist())
    assert set(found) == {LAZARUS_ETH.lower(), NIKAEEN_XBT.upper(), "W9"}
    (lazarus,) = found[LAZARUS_ETH.lower()].designations
    assert (lazarus.entity_id, lazarus.caption, lazarus.basis) == (
        "ofac-27307",
        "LAZARUS GROUP",
        "account-id",
    )
    assert lazarus.explanation["wallet"]["rule"] == "evm-hex"
    assert len(lazarus.explanation["wallet"]["statements"]) == 3
    (by_column,) = found["W9"].designations
    assert (by_column.entity_id, by_column.basis) == ("ofac-27307", "wallet")
    # Listed as ETH; one key holds an EVM address on every EVM chain: a hit, with a note.
    assert by_column.explanation["wallet"]["currency_agrees"] is False
    assert found[NIKAEEN_XBT.upper()].designations[0].entity_id == "ofac-38420"


def test_a_transfer_to_a_listed_address_is_exposure(tmp_path: Path, screener: Screener) -> None:
    tx, acc = write(tmp_path)
    graph = build_graph(read_transactions(tx, parse_map(TX_MAP)))
    result = exposure(graph, holders(acc), screener, reach=Reach.BOTH)
    got = {(str(e.direction), e.account): e for e in result.exposures}
    assert set(got) == {("backward", "C1"), ("forward", "C3")}  # not C2: it paid C1 after t1
    sender = got[("backward", "C1")]
    assert sender.holder is not None and sender.holder.name == "Awa Ceesay"
    assert sender.amount == 5000.0 and sender.path == ["t1"]
    (via,) = sender.designated
    assert via.holder.name == LAZARUS_ETH.lower()
    assert via.designations[0].entity_id == "ofac-27307"


def test_a_base58_address_in_another_case_is_not_designated(screener: Screener) -> None:
    accounts = Accounts("-", {})
    found = designate(accounts, screener, graph_accounts=["1h939dom7i4wdlckygbxup3fs9cstnrzgl"])
    assert found == {}


def test_cli_exposure_names_the_wallets_holder(tmp_path: Path) -> None:
    tx, acc = write(tmp_path)
    out = tmp_path / "exposure.jsonl"
    proc = run_cli("exposure", "--transactions", str(tx), "--map", TX_MAP, "--accounts",
                   str(acc), "--accounts-map", "publicKey=wallet,currencySymbol=coin",
                   "--list", str(IRGC), "--direction", "both", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert (row["direction"], row["account"], row["amount"]) == ("forward", "C3", 250.0)
    (designated,) = row["designated"]
    assert designated["account"] == NIKAEEN_XBT.upper()
    (why,) = designated["designations"]
    assert (why["entity_id"], why["caption"]) == ("ofac-38420", "NIKAEEN RAVARI, Amir Hossein")
    assert why["explanation"]["rule"] == "the account id is a listed address"
    assert "1 designated accounts of 5" in proc.stderr


def test_cli_trace_starts_from_listed_addresses(tmp_path: Path) -> None:
    tx, _ = write(tmp_path)
    out = tmp_path / "trace.jsonl"
    proc = run_cli("trace", "--transactions", str(tx), "--map", TX_MAP, "--listed-wallets",
                   "--list", str(IRGC), "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "1 accounts are listed addresses" in proc.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["account"], r["hops"], r["path"]) for r in rows] == [("C3", 1, ["t3"])]


def test_cli_trace_needs_seeds_or_listed_wallets(tmp_path: Path) -> None:
    tx, _ = write(tmp_path)
    proc = run_cli("trace", "--transactions", str(tx), "--map", TX_MAP, "-o", "-")
    assert proc.returncode == 2
    assert "give --from, --listed-wallets or both" in proc.stderr
