"""Unit prices far from their peers: over- and under-invoicing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from moneytrail.trade.prices import PeerStats
from moneytrail.trade.rules.base import Flag, RuleContext
from moneytrail.trade.shipment import GoodsLine, Shipment

# 0.6745 makes the MAD of a normal distribution comparable to its standard deviation
# (Iglewicz and Hoaglin's modified z-score; they suggest 3.5 as an outlier bound).
_MAD_TO_SD = 0.6745


@dataclass(frozen=True, slots=True)
class UnitPriceOutlierConfig:
    min_peers: int = 8  # fewer lines with this HS-6, unit and currency: no reference price
    max_z: float = 3.5  # modified z-score beyond which a price is an outlier
    min_ratio: float = 2.0  # and at least this far from the median, as a ratio either way
    mad_floor: float = 0.05  # MAD taken as at least this share of the median (equal prices)


class UnitPriceOutlier:
    """A unit price far from what the same goods cost in the rest of the user's input.

    Source: FATF/Egmont "Trade-based money laundering: risk indicators" (2021):
    significant discrepancies between the declared value and the fair market value of
    goods; over- and under-invoicing. FinCEN/BIS joint notice FIN-2023-GLOBALEXPORT
    (November 2023): a customer that seems to be significantly overpaying for an item
    based on known market prices.

    What it does: for each goods line with a value, a positive quantity, a unit and a
    currency, compares the unit price with the median of every line in the same input
    with the same HS-6 code, unit and currency (at least ``min_peers`` of them), using
    the modified z-score (median and MAD) and a minimum ratio; far above is possible
    over-invoicing, far below possible under-invoicing. What it does not prove: the
    peers are the user's own data, not a market price; quality, condition (used cars),
    discounts and HS codes that hold very different goods all move prices lawfully.
    """

    NAME: ClassVar[str] = "unit_price_outlier-v1"

    def __init__(self, config: UnitPriceOutlierConfig | None = None) -> None:
        self.config = config or UnitPriceOutlierConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        found = []
        for i, line in enumerate(shipment.goods):
            stats = ctx.prices.get(line)
            outlier = self._outlier(line, stats)
            if outlier is not None and stats is not None:
                found.append((i, line, stats, *outlier))
        if not found:
            return None
        parts, evidence = [], []
        for i, line, stats, z, ratio in found:
            kind = "over-invoicing" if z > 0 else "under-invoicing"
            parts.append(
                f"HS {line.hs6} at {line.unit_price:,.2f} {line.currency}/{line.unit} is "
                f"{ratio:.1f}x {'above' if z > 0 else 'below'} the median {stats.median:,.2f} "
                f"of {stats.count} lines (possible {kind})"
            )
            evidence.append(_evidence(i, line, stats, z))
        top = max(abs(z) for *_, z, _ in found)
        return Flag(
            rule=self.NAME,
            score=min(0.9, 0.5 + 0.02 * (top - self.config.max_z)),
            explanation="; ".join(parts) + " (FATF/Egmont TBML indicators 2021).",
            evidence=tuple(evidence),
        )

    def _outlier(self, line: GoodsLine, stats: PeerStats | None) -> tuple[float, float] | None:
        """(modified z-score, ratio to the median) when the line is an outlier."""
        cfg = self.config
        price = line.unit_price
        if price is None or stats is None or stats.count < cfg.min_peers or stats.median <= 0:
            return None
        mad = max(stats.mad, cfg.mad_floor * stats.median)
        z = _MAD_TO_SD * (price - stats.median) / mad
        ratio = price / stats.median if price >= stats.median else stats.median / max(price, 1e-9)
        if abs(z) < cfg.max_z or ratio < cfg.min_ratio:
            return None
        return z, ratio


def _evidence(i: int, line: GoodsLine, stats: PeerStats, z: float) -> dict[str, Any]:
    return {
        "field": f"goods[{i}]",
        "hs": line.hs,
        "unit_price": round(line.unit_price or 0.0, 4),
        "unit": line.unit,
        "currency": line.currency,
        "peer_median": round(stats.median, 4),
        "peer_mad": round(stats.mad, 4),
        "peers": stats.count,
        "modified_z": round(z, 2),
    }
