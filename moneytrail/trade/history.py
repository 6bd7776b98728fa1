"""Each buyer's purchase history in the user's own input: which HS chapters it bought before.

A buyer's line of business is not in a shipment record, but its past orders show it.
The input is walked once in date order (input order among equal or missing dates);
for each shipment the history keeps how many earlier shipments the buyer had and which
HS-2 chapters of this one it never bought before. The buyer is the ``buyer`` party,
else the ``consignee``; names are compared folded (case, accents, punctuation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from moneytrail.trade.shipment import Party, Shipment

BUYER_ROLES = ("buyer", "consignee")


@lru_cache(maxsize=1 << 16)  # names recur on many shipments: fold each once
def name_key(name: str) -> str:
    """A party name folded for comparison: case, accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def buyer_of(shipment: Shipment) -> Party | None:
    for role in BUYER_ROLES:
        found = shipment.parties_in(role)
        if found:
            return found[0]
    return None


@dataclass(frozen=True, slots=True)
class Novelty:
    """What the buyer's history says about one shipment."""

    buyer: str
    earlier: int  # the buyer's shipments before this one
    new_chapters: tuple[str, ...]  # HS-2 chapters of this shipment it never bought before
    known_chapters: tuple[str, ...]  # what it did buy (only kept when something is new)


@dataclass
class BuyerHistory:
    """Shipment id -> Novelty, computed once over the whole input."""

    novelty: dict[str, Novelty] = field(default_factory=dict)

    @classmethod
    def from_shipments(cls, shipments: Sequence[Shipment]) -> BuyerHistory:
        order = sorted(range(len(shipments)), key=lambda i: (shipments[i].date or "", i))
        seen: dict[str, tuple[int, set[str]]] = {}
        out: dict[str, Novelty] = {}
        for i in order:
            shipment = shipments[i]
            buyer = buyer_of(shipment)
            if buyer is None:
                continue
            key = name_key(buyer.name)
            count, chapters = seen.get(key, (0, set()))
            mine = {g.hs[:2] for g in shipment.goods}
            new = tuple(sorted(mine - chapters))
            known = tuple(sorted(chapters)) if new and count else ()
            out[shipment.id] = Novelty(buyer.name, count, new, known)
            chapters |= mine
            seen[key] = (count + 1, chapters)
        return cls(out)

    def get(self, shipment: Shipment) -> Novelty | None:
        return self.novelty.get(shipment.id)
