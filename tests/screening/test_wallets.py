"""Crypto addresses screened exactly after per-currency normalisation (screening/wallets.py).

On real data: the bundled 2024 SDN CSV (its Remarks name the addresses) and the OFAC
enhanced XML slice of the IRGC programme (tests/fixtures/ofac_enhanced_slices, whose
PROVENANCE.txt names the public file it was cut from), which lists the same two holders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from moneytrail.alerts import AuditLog, DuckDBRepository, Role, add_user
from moneytrail.errors import InvalidInput
from moneytrail.screening import Query, ScreenConfig, Screener
from moneytrail.screening.wallets import normalize_address
from moneytrail.server import ApiConfig, create_app
from moneytrail.services.lists import load_source
from moneytrail.settings import Settings
from moneytrail.sources import parse_list
from moneytrail.store import Store
from tests.conftest import FIXTURES, ROOT

BUNDLED_SDN = ROOT / "moneytrail" / "data" / "lists" / "us_ofac_sdn"
IRGC = FIXTURES / "ofac_enhanced_slices" / "IRGC_sanctions_slice.xml"
LAZARUS_ETH = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"  # sdn.csv, entry 27307
NIKAEEN_XBT = "bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc"  # entry 38420, both files
SHARED_XBT = "1H939dom7i4WDLCKyGbXUp3fs9CSTNRzgL"  # listed for 38419 and 38420
TRX = "TMStbg5fgb4uTV7fK1gEYF9hKAzP3siPsG"


def wallet_query(address: str, currency: str | None = None) -> Query:
    props = {"publicKey": [address], **({"currency": [currency]} if currency else {})}
    return Query.from_record({"id": "q", "schema": "CryptoWallet", "properties": props})


@pytest.mark.parametrize(
    ("given", "currency", "key", "rule"),
    [
        (LAZARUS_ETH, "ETH", LAZARUS_ETH.lower(), "evm-hex"),
        (LAZARUS_ETH.upper().replace("0X", "0x"), None, LAZARUS_ETH.lower(), "evm-hex"),
        (LAZARUS_ETH[2:], "USDT", LAZARUS_ETH.lower(), "evm-hex"),
        (f"ethereum:pay-{LAZARUS_ETH}@1/transfer?value=1", None, LAZARUS_ETH.lower(), "evm-hex"),
        (LAZARUS_ETH[2:], "XBT", LAZARUS_ETH[2:], "exact"),  # bare hex is no EVM address
        (NIKAEEN_XBT.upper(), "BTC", NIKAEEN_XBT, "bech32"),
        (f" bitcoin:{SHARED_XBT}?amount=0.1 ", None, SHARED_XBT, "exact"),
        (SHARED_XBT.lower(), "XBT", SHARED_XBT.lower(), "exact"),  # base58: case is the key
        (f"tron:{TRX}", "TRX", TRX, "exact"),
        ("bitcoincash:QPF2CPHC5DKUCLKQUR7LHJ2YUQQ9PK3HMUKLE77VHQ", None,
         "qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq", "cashaddr"),
        ("QZJV8HRDVZ6EDU4GKZPND4W6JC7ZF296G5E9KKQ4LX", "BCH",
         "qzjv8hrdvz6edu4gkzpnd4w6jc7zf296g5e9kkq4lx", "cashaddr"),
    ],
)  # fmt: skip
def test_normalisation_table(given: str, currency: str | None, key: str, rule: str) -> None:
    found = normalize_address(given, currency)
    assert found is not None
    assert (found.key, found.rule) == (key, rule)


def test_evm_address_screens_to_its_sdn_entry_in_any_case(screener: Screener) -> None:
    (match,) = screener.screen(wallet_query(LAZARUS_ETH.lower(), "ETH"), ScreenConfig())
    record = match.as_record(0.7)
    assert (record["id"], record["caption"], record["score"]) == (
        "ofac-27307",
        "LAZARUS GROUP",
        1.0,
    )
    assert record["match"] and "us_ofac_sdn" in record["datasets"]
    feature = record["explanation"]["features"]["identifier"]
    assert feature["list"] == LAZARUS_ETH
    assert feature["detail"].startswith("publicKey equal after evm-hex normalisation")
    assert record["explanation"]["wallet"]["holder"] == "ofac-27307"


def test_hit_cites_the_wallets_statements(screener: Screener, bundled_store_path: Path) -> None:
    (match,) = screener.screen(wallet_query(NIKAEEN_XBT.upper()), ScreenConfig())
    wallet = match.explanation.wallet
    assert wallet is not None
    assert match.entry.id == "ofac-38420" and wallet.rule == "bech32"
    with Store(bundled_store_path, read_only=True) as store:
        cited = store.engine.rows(
            "SELECT prop, value FROM statements WHERE id IN ("
            + ",".join("?" * len(wallet.statements))
            + ") ORDER BY prop",
            list(wallet.statements),
        )
    assert cited == [
        ("currencySymbol", "XBT"),
        ("holder", "ofac-38420"),
        ("publicKey", NIKAEEN_XBT),
    ]


def test_one_address_of_two_holders_names_both(screener: Screener) -> None:
    found = screener.screen(wallet_query(SHARED_XBT), ScreenConfig())
    assert [m.entry.id for m in found] == ["ofac-38419", "ofac-38420"]


def test_base58_is_case_sensitive_and_near_addresses_do_not_match(screener: Screener) -> None:
    assert screener.screen(wallet_query(SHARED_XBT.swapcase()), ScreenConfig()) == []
    assert screener.screen(wallet_query(SHARED_XBT[:-1] + "M"), ScreenConfig()) == []


def test_wallet_query_never_goes_through_name_matching(screener: Screener) -> None:
    named = Query.from_record(
        {"id": "q", "schema": "CryptoWallet", "properties": {"name": ["LAZARUS GROUP"]}}
    )
    assert screener.screen(named, ScreenConfig()) == []
    org = Query.from_record(
        {"id": "q", "schema": "Organization", "properties": {"name": ["LAZARUS GROUP"]}}
    )
    assert screener.screen(org, ScreenConfig())[0].entry.id == "ofac-27307"


def test_wallet_query_needs_an_address() -> None:
    with pytest.raises(InvalidInput, match="needs a name or an identifier"):
        Query.from_record({"id": "q", "schema": "CryptoWallet", "properties": {}})


def wallets_of(path: Path, holders: set[str]) -> dict[str, dict[str, set[str]]]:
    """Wallet id -> property -> values, for the wallets of the given holders."""
    out: dict[str, dict[str, set[str]]] = {}
    for st in parse_list(path).statements:
        if st.schema == "CryptoWallet" and st.prop in ("publicKey", "currencySymbol", "holder"):
            out.setdefault(st.entity_id, {}).setdefault(st.prop, set()).add(st.value)
    return {k: v for k, v in out.items() if v["holder"] & holders}


def test_csv_and_enhanced_xml_state_the_same_wallets() -> None:
    """The CSV's Remarks and the enhanced XML's features give the same 7 wallets."""
    holders = {"ofac-38419", "ofac-38420"}
    from_xml = wallets_of(IRGC, holders)
    from_csv = wallets_of(BUNDLED_SDN, holders)
    assert len(from_xml) == 7
    assert from_csv == from_xml


@pytest.fixture(scope="module")
def irgc_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    path = tmp_path_factory.mktemp("wallets") / "store.duckdb"
    with Store(path) as store:
        load_source(store, IRGC)
    repo = DuckDBRepository(path)
    try:
        _, key = add_user(repo, AuditLog(repo), "ann", Role.ANALYST, "test")
    finally:
        repo.close()
    app = create_app(Settings(store=path, progress=False), ApiConfig(rate=0, anon_rate=0))
    with TestClient(app) as client:
        yield client, key


def test_api_match_takes_a_crypto_wallet(irgc_api: tuple[TestClient, str]) -> None:
    client, key = irgc_api
    query = {"schema": "CryptoWallet", "properties": {"publicKey": [NIKAEEN_XBT.upper()]}}
    resp = client.post("/match/default", json={"queries": {"w": query}}, headers={"X-API-Key": key})
    assert resp.status_code == 200, resp.text
    (result,) = resp.json()["responses"]["w"]["results"]
    assert (result["id"], result["score"], result["match"]) == ("ofac-38420", 1.0, True)
    assert result["caption"] == "NIKAEEN RAVARI, Amir Hossein"
    assert result["features"]["identifier"] == 1.0
