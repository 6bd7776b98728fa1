"""Peer unit prices in the user's own input: median and MAD per HS-6 code, unit and currency.

The median and the median absolute deviation are robust: a few mis-invoiced lines
cannot drag the reference price towards themselves, as they would a mean and a
standard deviation. Only lines that state a value, a positive quantity, a unit and a
currency are peers; prices in different units or currencies are never compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from moneytrail.trade.shipment import GoodsLine, Shipment

PriceKey = tuple[str, str, str]  # (hs6, unit, currency)


@dataclass(frozen=True, slots=True)
class PeerStats:
    count: int
    median: float
    mad: float


def price_key(line: GoodsLine) -> PriceKey | None:
    if line.unit_price is None or not line.unit or not line.currency:
        return None
    return (line.hs6, line.unit, line.currency)


class PeerPrices:
    """Reference unit prices, computed once over the whole input before any flag."""

    def __init__(self, stats: dict[PriceKey, PeerStats] | None = None) -> None:
        self.stats = stats or {}

    @classmethod
    def from_shipments(cls, shipments: Iterable[Shipment]) -> PeerPrices:
        prices: dict[PriceKey, list[float]] = defaultdict(list)
        for shipment in shipments:
            for line in shipment.goods:
                key = price_key(line)
                if key is not None and line.unit_price is not None:
                    prices[key].append(line.unit_price)
        stats = {}
        for key, values in prices.items():
            mid = median(values)
            stats[key] = PeerStats(len(values), mid, median(abs(v - mid) for v in values))
        return cls(stats)

    def get(self, line: GoodsLine) -> PeerStats | None:
        key = price_key(line)
        return self.stats.get(key) if key is not None else None
