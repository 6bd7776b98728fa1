"""Each rule against the red flag it encodes, written from its published source."""

from __future__ import annotations

from typing import Any

from moneytrail.trade import RULES, Shipment, default_rules, parse_shipment
from moneytrail.trade.prices import PeerPrices
from moneytrail.trade.rules import (
    BankConsignee,
    ChplGoods,
    ForwarderConsignee,
    ListedVessel,
    NearMissParty,
    PartyHit,
    RuleContext,
    UnitPriceOutlier,
    UnitPriceOutlierConfig,
    chpl_tiers,
)
from tests.conftest import ROOT


def shipment(**fields: Any) -> Shipment:
    return parse_shipment({"id": "s", **fields})


def party(role: str, name: str, country: str | None = None) -> dict[str, str]:
    return {"role": role, "name": name, **({"country": country} if country else {})}


def test_rules_are_versioned_documented_and_ordered() -> None:
    names = [rule.NAME for rule in RULES]
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.NAME.rsplit("-v", 1)[1].isdigit()
        doc = " ".join((rule.__doc__ or "").split())
        assert "Source:" in doc and "does not prove" in doc
    assert [r.NAME for r in default_rules()] == names


def test_bundled_chpl_has_fifty_codes_in_tiers() -> None:
    tiers = chpl_tiers()
    assert len(tiers) == 50
    assert {tiers[c] for c in ("854231", "854232", "854233", "854239")} == {"1"}


# -- BIS red flag: "A freight forwarding firm is listed as the product's final destination."


def test_forwarder_as_final_destination_is_flagged() -> None:
    s = shipment(parties=[party("ultimate_consignee", "Gulf Freight Forwarding LLC", "ae")])
    flag = ForwarderConsignee().check(s, RuleContext())
    assert flag is not None and flag.score == 0.6
    assert "ultimate consignee" in flag.explanation and flag.evidence[0]["words"] == [
        "freight",
        "forwarding",
    ]


def test_logistics_consign_to_party_weighs_less_and_a_factory_is_not_flagged() -> None:
    consign = shipment(parties=[party("consignee", "Transitaire Logística SARL")])
    flag = ForwarderConsignee().check(consign, RuleContext())
    assert flag is not None and flag.score == 0.35  # accents folded: "logistica"
    factory = shipment(
        parties=[
            party("freight_forwarder", "Harborline Freight Forwarding Inc"),  # its own role
            party("ultimate_consignee", "Rheinland Steuerungstechnik GmbH"),
        ]
    )
    assert ForwarderConsignee().check(factory, RuleContext()) is None


# -- CHPL (BIS, 2024-02-23) and FIN-2022-Alert003's transshipment points.


def test_tier1_ics_to_a_licence_destination() -> None:
    s = shipment(goods=[{"hs": "85423190"}], route={"loading": "USNYC", "discharge": "RULED"})
    flag = ChplGoods().check(s, RuleContext())
    assert flag is not None and flag.score == 0.9
    assert "RU, which needs a licence" in flag.explanation
    assert flag.evidence[0] == {"field": "goods[0].hs", "hs": "85423190", "chpl_tier": "1"}


def test_chpl_through_a_transshipment_point_and_not_elsewhere() -> None:
    routed = shipment(
        goods=[{"hs": "847150"}], route={"discharge": "AMEVN", "transshipment": ["TRMER"]}
    )
    flag = ChplGoods().check(routed, RuleContext())
    assert flag is not None and "through TR" in flag.explanation
    direct = shipment(goods=[{"hs": "854231"}], route={"loading": "USNYC", "discharge": "DEHAM"})
    assert ChplGoods().check(direct, RuleContext()) is None
    cars = shipment(goods=[{"hs": "870323"}], route={"discharge": "RULED"})
    assert ChplGoods().check(cars, RuleContext()) is None


def test_a_partys_nationality_is_never_read() -> None:
    """Only ports and party addresses' countries count: a buyer's country is not a route."""
    s = shipment(goods=[{"hs": "854231"}], parties=[party("buyer", "A Person", "ru")])
    assert ChplGoods().check(s, RuleContext()) is None


# -- FATF/Egmont TBML indicators (2021): values far from fair market value.


def _cars(prices: list[float]) -> list[Shipment]:
    return [
        parse_shipment(
            {
                "id": f"c{i}",
                "goods": [
                    {
                        "hs": "870323",
                        "quantity": 10,
                        "unit": "pcs",
                        "value": p * 10,
                        "currency": "USD",
                    }
                ],
            }
        )
        for i, p in enumerate(prices)
    ]


def test_under_and_over_invoicing_against_peers() -> None:
    ships = _cars([9000, 9400, 8800, 9100, 9300, 8900, 9200, 9050, 1500, 40000])
    ctx = RuleContext(prices=PeerPrices.from_shipments(ships))
    flags = {s.id: UnitPriceOutlier().check(s, ctx) for s in ships}
    assert {k for k, f in flags.items() if f} == {"c8", "c9"}
    under, over = flags["c8"], flags["c9"]
    assert under is not None and "under-invoicing" in under.explanation
    assert over is not None and "over-invoicing" in over.explanation
    assert under.evidence[0]["peers"] == 10


def test_too_few_peers_means_no_reference_price() -> None:
    ships = _cars([9000, 9100, 1500])
    ctx = RuleContext(prices=PeerPrices.from_shipments(ships))
    assert all(UnitPriceOutlier().check(s, ctx) is None for s in ships)
    loose = UnitPriceOutlier(UnitPriceOutlierConfig(min_peers=3))
    assert loose.check(ships[2], ctx) is not None


# -- Screening-based rules read the screen-v1 match objects.


def _match(
    score: float, hit: bool, caption: str = "PHENICIA SHIPPING OFFSHORE SARL"
) -> dict[str, Any]:
    return {
        "id": "ofac-12543",
        "caption": caption,
        "score": score,
        "match": hit,
        "datasets": ["us_ofac_sdn"],
        "explanation": {"name": {"statement": "st-name"}, "features": {}},
    }


def test_near_miss_between_floor_and_threshold() -> None:
    p = {"role": "notify_party", "name": "Phenicia Shipping Lines"}
    near = PartyHit("notify_party", p, _match(0.67, False))
    low = PartyHit("notify_party", p, _match(0.55, False))
    flag = NearMissParty().check(shipment(), RuleContext(near_misses=(near, low)))
    assert flag is not None and len(flag.evidence) == 1
    assert flag.evidence[0]["statements"] == ["st-name"]
    assert NearMissParty().check(shipment(), RuleContext(near_misses=(low,))) is None


def test_listed_vessel_by_imo() -> None:
    vessel = {"name": "MARIS STAR", "imo": "7406784"}
    hit = PartyHit("vessel", vessel, _match(0.45, False, "EBANO"), basis="imo")
    flag = ListedVessel().check(shipment(), RuleContext(hits=(hit,)))
    assert flag is not None and "by IMO number" in flag.explanation
    party_hit = PartyHit("buyer", {"name": "X"}, _match(1.0, True))
    assert ListedVessel().check(shipment(), RuleContext(hits=(party_hit,))) is None


def test_every_rule_has_a_section_in_the_docs() -> None:
    docs = (ROOT / "docs" / "trade.md").read_text()
    for rule in RULES:
        assert f"### {rule.NAME}\n" in docs


# -- FIN-2023-GLOBALEXPORT: "purchases under a letter of credit consigned to the issuing
# bank, not to the actual end user".


def test_consigned_to_the_issuing_bank_without_end_user() -> None:
    lc = shipment(
        parties=[
            party("bank", "Banque Atlantique du Levant SAL", "lb"),
            party("consignee", "BANQUE ATLANTIQUE DU LEVANT SAL", "lb"),
        ]
    )
    flag = BankConsignee().check(lc, RuleContext())
    assert flag is not None and "no ultimate consignee or end user" in flag.explanation
    with_end_user = shipment(
        parties=[
            party("consignee", "Gulf Commercial Bank", "ae"),
            party("end_user", "Rheinland Steuerungstechnik GmbH", "de"),
        ]
    )
    assert BankConsignee().check(with_end_user, RuleContext()) is None
    bankside = shipment(parties=[party("consignee", "Riverbank Farms Ltd")])  # whole words
    assert BankConsignee().check(bankside, RuleContext()) is None
