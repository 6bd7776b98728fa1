"""Rules about who receives the goods."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from moneytrail.trade.rules.base import Flag, RuleContext
from moneytrail.trade.shipment import Shipment

# Words that name an intermediary's trade, in the languages of the documents seen most
# (English, French, Spanish, Portuguese). Matched as whole words, accents removed.
INTERMEDIARY_WORDS: tuple[str, ...] = (
    "freight", "forwarder", "forwarders", "forwarding", "logistics", "logistic",
    "shipping", "cargo", "trading", "traders", "transport", "transports", "transit",
    "courier", "clearing", "consolidators", "impex", "logistique", "transitaire",
    "transitario", "logistica", "despachante",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ForwarderConsigneeConfig:
    """Which roles are checked, the words that mark an intermediary, and the scores."""

    words: tuple[str, ...] = INTERMEDIARY_WORDS
    # The party that is to use the goods: an intermediary there says nobody declared is.
    end_roles: tuple[str, ...] = ("ultimate_consignee", "end_user")
    end_score: float = 0.6
    # The "consign to" party: forwarders often receive goods for a named buyer, so this
    # weighs less.
    consign_roles: tuple[str, ...] = ("consignee",)
    consign_score: float = 0.35


class ForwarderConsignee:
    """The ultimate consignee, end user or "consign to" party is an intermediary.

    Source: BIS, "Know Your Customer" guidance and red flags (15 CFR Part 732,
    Supplement 3): "A freight forwarding firm is listed as the product's final
    destination"; FinCEN/BIS joint alert FIN-2022-Alert003 (June 2022): parties listed
    as ultimate consignees or in the "consign to" field that do not typically use such
    goods (e.g. logistics companies); FinCEN/BIS joint notice FIN-2023-GLOBALEXPORT
    (November 2023): documents that do not name the actual end user; FATF/Egmont
    "Trade-based money laundering: risk indicators" (2021), on intermediaries with no
    apparent link to the goods.

    What it does: reads the party's name for words of the freight-forwarding, shipping,
    logistics and general-trading trade (``INTERMEDIARY_WORDS``, whole words). What it
    does not prove: many forwarders and trading houses lawfully receive goods for their
    clients; a name is not a line of business; an intermediary with an innocuous name
    is missed. It asks the reviewer to find out who will use the goods.
    """

    NAME: ClassVar[str] = "forwarder_consignee-v1"

    def __init__(self, config: ForwarderConsigneeConfig | None = None) -> None:
        self.config = config or ForwarderConsigneeConfig()
        self._words = frozenset(self.config.words)

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        cfg = self.config
        ends = self._intermediaries(shipment, cfg.end_roles)
        consigns = self._intermediaries(shipment, cfg.consign_roles)
        found = ends + consigns
        if not found:
            return None
        score = cfg.end_score if ends else cfg.consign_score
        described = "; ".join(
            f"the {role.replace('_', ' ')} {name!r} is named like an intermediary ({', '.join(ws)})"
            for role, name, ws in found
        )
        return Flag(
            rule=self.NAME,
            score=score,
            explanation=(
                f"{described}: goods consigned to a forwarder or trading company leave "
                "unsaid who will use them (BIS red flag; FinCEN/BIS alert June 2022)."
            ),
            evidence=tuple(
                {"field": "parties", "role": role, "name": name, "words": list(ws)}
                for role, name, ws in found
            ),
        )

    def _intermediaries(
        self, shipment: Shipment, roles: tuple[str, ...]
    ) -> list[tuple[str, str, tuple[str, ...]]]:
        out = []
        for party in shipment.parties_in(*roles):
            hits = tuple(w for w in dict.fromkeys(_words(party.name)) if w in self._words)
            if hits:
                out.append((party.role, party.name, hits))
        return out


@lru_cache(maxsize=1 << 16)  # names recur on many shipments: fold each once
def _words(name: str) -> tuple[str, ...]:
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return tuple(re.findall(r"[a-z0-9]+", plain))


BANK_WORDS: tuple[str, ...] = ("bank", "banque", "banco", "banca", "bancaria")


@dataclass(frozen=True, slots=True)
class BankConsigneeConfig:
    words: tuple[str, ...] = BANK_WORDS
    score: float = 0.45


class BankConsignee:
    """Goods consigned to a bank, with no ultimate consignee or end user named.

    Source: FinCEN/BIS joint notice FIN-2023-GLOBALEXPORT (November 2023): purchases
    under a letter of credit consigned to the issuing bank, not to the actual end user,
    and supporting documents that do not list the actual end user.

    What it does: flags a shipment whose consignee is one of its bank parties (same
    name) or is named as a bank (``BANK_WORDS``, whole words) when neither an ultimate
    consignee nor an end user is declared. What it does not prove: a bill of lading
    "to order of" the issuing bank is ordinary documentary-credit practice to secure
    the bank's title; the end user may be on documents not given to moneytrail. It
    asks the reviewer to find the end user.
    """

    NAME: ClassVar[str] = "bank_consignee-v1"

    def __init__(self, config: BankConsigneeConfig | None = None) -> None:
        self.config = config or BankConsigneeConfig()

    def check(self, shipment: Shipment, ctx: RuleContext) -> Flag | None:
        if shipment.parties_in("ultimate_consignee", "end_user"):
            return None
        banks = {_key(p.name) for p in shipment.parties_in("bank")}
        words = frozenset(self.config.words)
        found = [
            p
            for p in shipment.parties_in("consignee")
            if _key(p.name) in banks or words & set(_words(p.name))
        ]
        if not found:
            return None
        names = ", ".join(repr(p.name) for p in found)
        return Flag(
            rule=self.NAME,
            score=self.config.score,
            explanation=(
                f"the goods are consigned to the bank {names} and no ultimate consignee or "
                "end user is named (FinCEN/BIS joint notice, November 2023)."
            ),
            evidence=tuple({"field": "parties", "role": p.role, "name": p.name} for p in found),
        )


def _key(name: str) -> str:
    return " ".join(_words(name))
