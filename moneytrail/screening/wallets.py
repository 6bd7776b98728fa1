"""wallet-v1: crypto addresses screened by exact equality, after per-currency normalisation.

A wallet address is an identifier, not a name: "almost the same address" is another
address (and another owner), so there is no fuzzy matching here. What differs between
two spellings of one address is only what the chain itself ignores:

============  ====================================================  ==========================
rule          applies to                                            normalised form
============  ====================================================  ==========================
evm-hex       ``0x`` + 40 hex digits (ETH, ETC, USDT/USDC on         lower case, ``0x`` prefix
              ERC-20, BSC, ARB, ...); 40 bare hex digits given       (EIP-55 mixed case is a
              with an EVM currency                                   checksum, not a new key)
bech32        SegWit and other bech32 addresses with a known         lower case (bech32 is
              prefix: ``bc1``, ``tb1``, ``bcrt1``, ``ltc1``,         case-insensitive)
              ``tltc1``, ``zs1``, ``addr1``
cashaddr      Bitcoin Cash ``q...``/``p...`` (currency BCH, or the   lower case, without the
              ``bitcoincash:`` prefix)                               ``bitcoincash:`` prefix
exact         everything else: base58 (XBT and LTC legacy, TRX,      as given (base58 is
              XMR, DASH, ZEC t-addresses, XVG, BTG, SOL, ...)        case-sensitive)
============  ====================================================  ==========================

Before any rule: all whitespace is removed, a URI scheme (``bitcoin:``, ``ethereum:``,
``litecoin:`` ...) and a URI's query (``?amount=...``) are dropped, and for EVM URIs
(EIP-681) the ``pay-`` prefix, ``@chain`` and ``/function`` parts. Currency codes are
upper-cased and ``BTC`` read as OFAC's ``XBT``.

The currency does not have to agree for a hit: one key controls an EVM address on every
EVM chain, and OFAC lists one address under several currencies. Whether it agrees is
reported in the explanation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from moneytrail.screening.index import Entry
    from moneytrail.screening.query import Query
    from moneytrail.screening.scorer import Match

ALGORITHM = "wallet-v1"
WALLET_SCHEMA = "CryptoWallet"
WALLET_SCORE = 1.0  # an exact address is the holder's own identifier: nothing is left to doubt
ADDRESS_PROPS = ("publicKey", "cryptoAddress")
CURRENCY_PROPS = ("currencySymbol", "currency")
EVM_CURRENCIES = frozenset(
    {"ETH", "ETC", "USDT", "USDC", "BSC", "BNB", "ARB", "MATIC", "POL", "AVAX", "OP", "DAI",
     "BUSD", "FTM", "BASE"}
)  # fmt: skip
CURRENCY_ALIASES = {"BTC": "XBT"}
RULES = {
    "evm-hex": "case-insensitive hex: lower case, 0x prefix",
    "bech32": "bech32 is case-insensitive: lower case",
    "cashaddr": "Bitcoin Cash cashaddr: lower case, bitcoincash: prefix dropped",
    "exact": "case-sensitive (base58 and others): only whitespace and URI parts removed",
}

_SPACE = re.compile(r"\s+")
_SCHEME = re.compile(r"^([a-z][a-z0-9.+-]*):(?://)?", re.IGNORECASE)
_EVM = re.compile(r"^(?:0x)?([0-9a-f]{40})$", re.IGNORECASE)
_BECH32 = re.compile(r"^(?:bc|tb|bcrt|ltc|tltc|zs|addr)1[02-9ac-hj-np-z]{6,}$", re.IGNORECASE)
_CASHADDR = re.compile(r"^[qp][02-9ac-hj-np-z]{41}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Address:
    """One address in its comparable form, and the rule that made it."""

    key: str
    rule: str


def normalize_currency(value: str | None) -> str | None:
    """``btc `` -> ``XBT``; None or blank stays None."""
    code = (value or "").strip().upper()
    return CURRENCY_ALIASES.get(code, code) or None


def normalize_address(value: str, currency: str | None = None) -> Address | None:
    """The comparable form of an address (see the module's table); None if nothing is left."""
    text = _SPACE.sub("", value)
    scheme = _SCHEME.match(text)
    cashaddr = False
    if scheme:
        cashaddr = scheme.group(1).lower() == "bitcoincash"
        text = text[scheme.end() :]
    text = text.split("?", 1)[0]
    code = normalize_currency(currency)
    evm_text = text.removeprefix("pay-").split("@", 1)[0].split("/", 1)[0]
    evm = _EVM.match(evm_text)
    if evm and (evm_text[:2].lower() == "0x" or code in EVM_CURRENCIES):
        return Address("0x" + evm.group(1).lower(), "evm-hex")
    if not text:
        return None
    if _BECH32.match(text):
        return Address(text.lower(), "bech32")
    if (cashaddr or code == "BCH") and _CASHADDR.match(text):
        return Address(text.lower(), "cashaddr")
    return Address(text, "exact")


@dataclass(frozen=True, slots=True)
class ListedWallet:
    """One listed wallet: its address as listed, currencies, holder and statements."""

    id: str
    address: str
    rule: str
    currencies: tuple[str, ...]
    entry: Entry  # the holder's list entry (or, holderless, an entry for the wallet itself)
    statements: tuple[str, ...]  # publicKey, currencySymbol and holder statement ids

    def explanation(self, given: str, currency: str | None) -> dict[str, Any]:
        """Why a query address or an account id is this wallet, citing its statements."""
        agrees = None if currency is None else normalize_currency(currency) in self.currencies
        detail = f"publicKey equal after {self.rule} normalisation ({RULES[self.rule]})"
        return {
            "algorithm": ALGORITHM,
            "name": {"query": None, "list": self.entry.caption, "contribution": 0.0,
                     "detail": "wallet address: the holder is named by the list"},
            "features": {"identifier": {"contribution": WALLET_SCORE, "query": given,
                                        "list": self.address, "statement": self.statements[0],
                                        "detail": detail}},
            "wallet": {"id": self.id, "publicKey": self.address, "rule": self.rule,
                       "currencies": list(self.currencies), "currency_agrees": agrees,
                       "holder": self.entry.id if self.entry.id != self.id else None,
                       "statements": list(self.statements)},
            "common_name_ceiling": False,
            "list_versions": dict(self.entry.list_versions),
            "entry_digest": self.entry.digest,
        }  # fmt: skip


@dataclass
class _Draft:
    addresses: list[tuple[str, str]] = field(default_factory=list)  # (value, statement id)
    currencies: list[tuple[str, str]] = field(default_factory=list)
    holders: list[tuple[str, str]] = field(default_factory=list)
    dataset: str = ""
    version: str = ""


class WalletIndex:
    """Listed wallets by normalised address."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[ListedWallet]] = defaultdict(list)

    def __len__(self) -> int:
        return len({w.id for ws in self.by_key.values() for w in ws})

    def lookup(self, value: str, currency: str | None = None) -> list[ListedWallet]:
        """The listed wallets an address is, after normalisation (usually none or one)."""
        address = normalize_address(value, currency)
        return list(self.by_key.get(address.key, ())) if address else []

    @classmethod
    def from_statements(cls, table: pa.Table, entries: Sequence[Entry]) -> WalletIndex:
        """Wallets of a statements table; holders are looked up among ``entries``."""
        index = cls()
        cols = ["entity_id", "schema", "prop", "value", "id", "dataset", "list_version"]
        data = {c: table.column(c).to_pylist() for c in cols}
        drafts: dict[str, _Draft] = defaultdict(_Draft)
        for ent, schema, prop, value, sid, ds, version in zip(
            *(data[c] for c in cols), strict=True
        ):
            if schema != WALLET_SCHEMA:
                continue
            draft = drafts[ent]
            draft.dataset, draft.version = ds, max(draft.version, version)
            if prop in ADDRESS_PROPS:
                draft.addresses.append((value, sid))
            elif prop in CURRENCY_PROPS:
                draft.currencies.append((value, sid))
            elif prop == "holder":
                draft.holders.append((value, sid))
        by_id = {e.id: e for e in entries}
        for wallet_id, draft in sorted(drafts.items()):
            index._add(wallet_id, draft, by_id)
        return index

    def _add(self, wallet_id: str, draft: _Draft, by_id: dict[str, Entry]) -> None:
        from moneytrail.screening.index import Entry  # index.py builds this index

        currencies = tuple(
            dict.fromkeys(c for v, _ in draft.currencies if (c := normalize_currency(v)))
        )
        holder = next((by_id[h] for h, _ in draft.holders if h in by_id), None)
        for value, sid in draft.addresses:
            cited = (sid, *(s for _, s in draft.currencies), *(s for _, s in draft.holders))
            entry = holder or Entry(
                id=wallet_id,
                schema=WALLET_SCHEMA,
                caption=value,
                datasets=[draft.dataset],
                list_versions={draft.dataset: draft.version},
            )
            for address in _keys(value, currencies):
                wallets = self.by_key[address.key]
                if all(w.id != wallet_id for w in wallets):
                    wallets.append(
                        ListedWallet(wallet_id, value, address.rule, currencies, entry, cited)
                    )


def _keys(value: str, currencies: Iterable[str]) -> list[Address]:
    """A listed address under each of its currencies (one per distinct key)."""
    keys: dict[str, Address] = {}
    for currency in (*currencies, None):  # the listed currency's rule first
        address = normalize_address(value, currency)
        if address is not None:
            keys.setdefault(address.key, address)
    return list(keys.values())


def wallet_inputs(properties: dict[str, list[str]]) -> tuple[tuple[str, str | None], ...]:
    """A CryptoWallet query's addresses, each with the query's first currency (if any)."""
    currency = next((v for p in CURRENCY_PROPS for v in properties.get(p, [])), None)
    return tuple((v, currency) for p in ADDRESS_PROPS for v in properties.get(p, []))


def screen_wallets(index: WalletIndex | None, query: Query, limit: int) -> list[Match]:
    """Exact address hits of a CryptoWallet query, one per holder, scored WALLET_SCORE."""
    from moneytrail.screening.explanation import Explanation
    from moneytrail.screening.scorer import Match

    found: dict[str, Match] = {}
    for value, currency in query.wallets:
        for wallet in index.lookup(value, currency) if index is not None else ():
            explanation = Explanation.from_dict(wallet.explanation(value, currency))
            match = Match(wallet.entry, WALLET_SCORE, explanation)
            found.setdefault(wallet.entry.id, match)
    return sorted(found.values(), key=lambda m: m.entry.id)[:limit]
