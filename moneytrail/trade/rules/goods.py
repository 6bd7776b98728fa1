"""Rules about what is shipped and where it goes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, ClassVar

from moneytrail.errors import ConfigError
from moneytrail.trade.rules.base import Flag, RuleContext
from moneytrail.trade.shipment import Shipment

# Destinations for which CHPL items need a licence under the EAR (ISO 3166 codes of the
# place the goods go, never anyone's nationality): Russia and Belarus (15 CFR 746.8),
# Iran (746.7), North Korea (746.4), Syria (746.9), Cuba (746.2).
LICENCE_DESTINATIONS: tuple[str, ...] = ("ru", "by", "ir", "kp", "sy", "cu")
# Countries FinCEN and BIS named as common transshipment points for goods diverted to
# Russia and Belarus (FIN-2022-Alert003, 28 June 2022). A published list, kept as data:
# update it (and the rule's version) when the agencies publish a new one.
TRANSSHIPMENT_POINTS: tuple[str, ...] = (
    "am", "br", "cn", "ge", "in", "il", "kz", "kg", "mx", "ni", "rs", "sg", "za", "tw",
    "tj", "tr", "uz",
)  # fmt: skip
TIER_SCORES: dict[str, float] = {
    "1": 0.9, "2": 0.8, "3A": 0.65, "3B": 0.6, "4A": 0.5, "4B": 0.5,
}  # fmt: skip


@cache
def chpl_tiers() -> dict[str, str]:
    """HS-6 code -> CHPL tier, from the bundled file (moneytrail/data/trade/PROVENANCE.md)."""
    try:
        text = (files("moneytrail") / "data" / "trade" / "chpl_hs6.csv").read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"the bundled CHPL file is missing: {exc}") from exc
    return {row["hs6"]: row["tier"] for row in csv.DictReader(io.StringIO(text))}


@dataclass(frozen=True, slots=True)
class ChplGoodsConfig:
    licence_destinations: tuple[str, ...] = LICENCE_DESTINATIONS
    transshipment_points: tuple[str, ...] = TRANSSHIPMENT_POINTS
    tier_scores: dict[str, float] = field(default_factory=lambda: dict(TIER_SCORES))
    # Routed only through a transshipment point (no licence destination): less certain.
    transshipment_discount: float = 0.1


class ChplGoods:
    """Common High Priority List goods going where they need a licence, or via a
    published transshipment point.

    Source: BIS with the EU, UK and Japan, "Common High Priority Items List" (HS-6 codes
    in tiers, version of 2024-02-23); FinCEN/BIS joint alert FIN-2022-Alert003 (June
    2022, which names the transshipment points), its supplement of May 2023 (high
    priority items by HS code) and the joint notice of November 2023
    (FIN-2023-GLOBALEXPORT); BIS red flags (15 CFR Part 732, Supplement 3) on routings
    that make no sense for the goods.

    What it does: a goods line whose HS code falls under a CHPL code is flagged when
    the discharge port or the consignee, ultimate consignee or end user is in a
    licence destination (``LICENCE_DESTINATIONS``), or when a transshipment port or an
    intermediate consignee is in a published transshipment point
    (``TRANSSHIPMENT_POINTS``). The score follows the tier (tier 1, integrated
    circuits, highest). Countries come from UN/LOCODEs and party addresses, never from
    anyone's nationality. What it does not prove: a declared HS code is not a legal
    classification; most CHPL trade through these countries is lawful; a licence may
    exist. It asks the reviewer to check classification, licence and end use.
    """

    NAME: ClassVar[str] = "chpl_goods-v1"

    def __init__(self, config: ChplGoodsConfig | None = None) -> None:
        self.config = config or ChplGoodsConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        tiers = chpl_tiers()
        lines = [(i, g, tiers[g.hs6]) for i, g in enumerate(shipment.goods) if g.hs6 in tiers]
        if not lines:
            return None
        cfg = self.config
        licence = _destinations(shipment) & set(cfg.licence_destinations)
        through = _transit(shipment) & set(cfg.transshipment_points)
        if not licence and not through:
            return None
        best = max(cfg.tier_scores.get(tier, 0.5) for _, _, tier in lines)
        score = best if licence else best - cfg.transshipment_discount
        goods = ", ".join(f"HS {g.hs6} (tier {t})" for _, g, t in lines)
        where = (
            f"to {', '.join(sorted(c.upper() for c in licence))}, which needs a licence"
            if licence
            else f"through {', '.join(sorted(c.upper() for c in through))}, "
            "a published transshipment point"
        )
        evidence: list[dict[str, Any]] = [
            {"field": f"goods[{i}].hs", "hs": g.hs, "chpl_tier": t} for i, g, t in lines
        ]
        evidence.append({"field": "route", "ports": list(shipment.route.ports())})
        return Flag(
            rule=ChplGoods.NAME,
            score=score,
            explanation=(
                f"Common High Priority List goods ({goods}) shipped {where} "
                "(BIS CHPL; FinCEN/BIS alerts of June 2022 and May 2023)."
            ),
            evidence=tuple(evidence),
        )


def _country(locode: str | None) -> str | None:
    return locode[:2].lower() if locode else None


def _destinations(shipment: Shipment) -> set[str]:
    parties = shipment.parties_in("consignee", "ultimate_consignee", "end_user")
    out = {p.country for p in parties if p.country}
    port = _country(shipment.route.discharge)
    return out | ({port} if port else set())


def _transit(shipment: Shipment) -> set[str]:
    ports = {c for p in shipment.route.transshipment if (c := _country(p))}
    parties = shipment.parties_in("intermediate_consignee")
    return ports | {p.country for p in parties if p.country}
