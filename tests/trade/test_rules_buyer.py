"""Free-trade zones, line of business, newly incorporated buyers and third-party payers,
each against the example of its published source."""

from __future__ import annotations

from typing import Any

import pytest

from moneytrail.errors import InvalidInput
from moneytrail.trade import Shipment, parse_shipment
from moneytrail.trade.history import BuyerHistory
from moneytrail.trade.rules import (
    FreeTradeZone,
    LineOfBusiness,
    LineOfBusinessConfig,
    NewlyIncorporated,
    RuleContext,
    ThirdPartyPayer,
)


def shipment(sid: str = "s", **fields: Any) -> Shipment:
    return parse_shipment({"id": sid, **fields})


def party(role: str, name: str, **extra: str) -> dict[str, str]:
    return {"role": role, "name": name, **extra}


# -- free-trade zones


def test_consignee_in_jebel_ali_free_zone_is_flagged() -> None:
    """FATF/Egmont TBML risk indicators (2021) on shipments to free-trade zones; FinCEN/BIS
    FIN-2022-Alert003 on re-export hubs: electronics consigned to a Jebel Ali FZE."""
    s = shipment(
        parties=[
            party(
                "consignee",
                "Gulf Horizon General Trading FZE",
                address="Plot S30512, Jebel Ali Free Zone, Dubai",
                country="ae",
            )
        ]
    )
    flag = FreeTradeZone().check(s, RuleContext())
    assert flag is not None and flag.rule == "free_trade_zone-v1" and flag.score == 0.3
    terms = {t for e in flag.evidence for t in e["terms"]}
    assert {"jebel ali", "free zone", "fze"} <= terms


def test_fz_llc_legal_form_and_zona_franca_match_but_a_plain_address_does_not() -> None:
    fz = shipment(parties=[party("ultimate_consignee", "Orbit Components FZ-LLC")])
    assert FreeTradeZone().check(fz, RuleContext()) is not None
    zf = shipment(parties=[party("consignee", "Importadora Sol", address="Zona Franca de Iquique")])
    assert FreeTradeZone().check(zf, RuleContext()) is not None
    plain = shipment(
        parties=[
            party("consignee", "Frezone Bakery", address="12 Freeze Street, Lagos"),
            party("exporter", "Acme FZE", address="Jebel Ali Free Zone"),  # not a receiver
        ]
    )
    assert FreeTradeZone().check(plain, RuleContext()) is None


# -- line of business: BIS's "sophisticated computers for a small bakery"


def bakery_orders(n: int) -> list[dict[str, Any]]:
    """A small bakery buying flour (HS 11) and baking ovens (HS 84, 841720) each month."""
    return [
        {
            "id": f"b{i}",
            "date": f"2025-{i + 1:02d}-05",
            "parties": [party("buyer", "Sunrise Bakery Ltd")],
            "goods": [{"hs": "110100"}, {"hs": "841720"}] if i % 2 else [{"hs": "110100"}],
        }
        for i in range(n)
    ]


def test_bis_bakery_example_computers_for_a_small_bakery() -> None:
    """BIS, 15 CFR Part 732 Supplement 3: "The product's capabilities do not fit the
    buyer's line of business, such as an order for sophisticated computers for a small
    bakery." Computers are HS 8471 (chapter 84, which the bakery bought ovens in) and
    their processors HS 854231 (chapter 85, which it never bought)."""
    computers = {
        "id": "order",
        "date": "2025-12-01",
        "parties": [party("buyer", "SUNRISE BAKERY, LTD")],  # folded: the same buyer
        "goods": [{"hs": "847150"}, {"hs": "854231"}],
    }
    shipments = [parse_shipment(r) for r in [*bakery_orders(6), computers]]
    history = BuyerHistory.from_shipments(shipments)
    flag = LineOfBusiness().check(shipments[-1], RuleContext(history=history))
    assert flag is not None and flag.rule == "line_of_business-v1"
    assert flag.evidence[0]["chapters_bought"] == ["11", "84"]
    assert [e["chapter"] for e in flag.evidence[1:]] == ["85"]
    assert flag.score == 0.6  # HS 854231 is a tier-1 CHPL item
    # The bakery's own routine orders are never flagged.
    assert all(
        LineOfBusiness().check(s, RuleContext(history=history)) is None for s in shipments[:-1]
    )


def test_line_of_business_needs_enough_history() -> None:
    orders = [
        *bakery_orders(3),
        {
            "id": "x",
            "date": "2025-12-01",
            "parties": [party("buyer", "Sunrise Bakery Ltd")],
            "goods": [{"hs": "854231"}],
        },
    ]
    shipments = [parse_shipment(r) for r in orders]
    history = BuyerHistory.from_shipments(shipments)
    assert LineOfBusiness().check(shipments[-1], RuleContext(history=history)) is None
    low = LineOfBusiness(LineOfBusinessConfig(min_history=3))
    assert low.check(shipments[-1], RuleContext(history=history)) is not None


def test_history_follows_dates_not_input_order() -> None:
    """An order dated before the bakery's history is its first, whatever its line."""
    early = {
        "id": "e",
        "date": "2024-01-01",
        "parties": [party("buyer", "Sunrise Bakery Ltd")],
        "goods": [{"hs": "854231"}],
    }
    shipments = [parse_shipment(r) for r in [*bakery_orders(6), early]]
    history = BuyerHistory.from_shipments(shipments)
    seen = history.get(shipments[-1])
    assert seen is not None and seen.earlier == 0
    assert LineOfBusiness().check(shipments[-1], RuleContext(history=history)) is None


# -- newly incorporated


def test_buyer_incorporated_weeks_before_the_order() -> None:
    """BIS, 15 CFR Part 732 Supplement 3: "The customer has little or no business
    background"; FinCEN/BIS joint notice of November 2023 on newly formed counterparties:
    a buyer registered 41 days before it orders integrated circuits."""
    s = shipment(
        date="2026-03-02",
        parties=[party("buyer", "Nordlicht Handels GmbH", incorporation_date="2026-01-20")],
        goods=[{"hs": "854231"}],
    )
    flag = NewlyIncorporated().check(s, RuleContext())
    assert flag is not None and flag.rule == "newly_incorporated-v1"
    assert flag.evidence[0]["days_before"] == 41 and flag.score == 0.35


def test_incorporated_after_the_order_scores_higher_and_old_companies_pass() -> None:
    after = shipment(
        date="2026-03-02",
        parties=[party("consignee", "Newco", incorporation_date="2026-04-01")],
    )
    flag = NewlyIncorporated().check(after, RuleContext())
    assert flag is not None and flag.score == 0.5 and "after" in flag.explanation
    old = shipment(
        date="2026-03-02",
        parties=[party("buyer", "Oldco", incorporation_date="1998-06-30")],
    )
    assert NewlyIncorporated().check(old, RuleContext()) is None
    undated = shipment(parties=[party("buyer", "Newco", incorporation_date="2026-04-01")])
    assert NewlyIncorporated().check(undated, RuleContext()) is None


def test_incorporation_date_is_validated() -> None:
    with pytest.raises(InvalidInput) as info:
        shipment(parties=[party("buyer", "X", incorporation_date="20/01/2026")])
    assert info.value.field == "parties[0].incorporation_date"


# -- third-party payment


def test_payment_from_a_business_not_on_the_export_documents() -> None:
    """FinCEN/BIS joint notice FIN-2023-GLOBALEXPORT (November 2023): payments coming
    from third-party countries or businesses not listed on the end-user statement or
    other export documents."""
    s = shipment(
        parties=[
            party("buyer", "Almaty Precision Instruments LLP", country="kz"),
            party("ultimate_consignee", "Almaty Precision Instruments LLP", country="kz"),
            party("payer", "Silverline Trade Ltd", country="hk"),
            party("bank", "Bank of Hong Kong Branch"),
        ]
    )
    flag = ThirdPartyPayer().check(s, RuleContext())
    assert flag is not None and flag.rule == "third_party_payer-v1"
    assert flag.evidence[0]["name"] == "Silverline Trade Ltd"


def test_buyer_paying_under_a_variant_of_its_name_is_not_a_third_party() -> None:
    s = shipment(
        parties=[
            party("buyer", "Rheinland Steuerungstechnik GmbH"),
            party("payer", "RHEINLAND STEUERUNGSTECHNIK G.M.B.H."),
            party("bank", "Deutsche Bank AG"),  # the payer's bank is not a payer
        ]
    )
    assert ThirdPartyPayer().check(s, RuleContext()) is None
    no_payer = shipment(parties=[party("buyer", "A Ltd"), party("bank", "Other Bank")])
    assert ThirdPartyPayer().check(no_payer, RuleContext()) is None
