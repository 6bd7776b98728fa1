"""Accounts that are listed crypto addresses: designated by the address, not by a name.

On a blockchain the account id *is* the address, and OFAC lists addresses. An account
counts as a listed wallet when

* its accounts-file row gives a ``publicKey`` (``--accounts-map publicKey=COLUMN``,
  optionally ``currencySymbol=COLUMN``) that is listed, or
* its account id itself, in the accounts file or only in the transactions, is a listed
  address,

both compared exactly after the per-currency normalisation of ``screening/wallets.py``
(lower-case hex for EVM chains, lower-case bech32, base58 as given). The designation
names the wallet's holder (the list entry) and cites the wallet's statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from moneytrail.flows.accounts import Accounts, Holder
from moneytrail.screening.query import Query
from moneytrail.screening.wallets import WALLET_SCHEMA, ListedWallet, WalletIndex


@dataclass(frozen=True, slots=True)
class WalletHit:
    """One listed wallet an account is, and the value that matched it."""

    wallet: ListedWallet
    given: str
    currency: str | None
    basis: str  # "wallet": the accounts file's publicKey; "account-id": the id itself


def wallet_hits(
    accounts: Accounts, graph_accounts: Iterable[str], index: WalletIndex | None
) -> dict[str, list[WalletHit]]:
    """Listed wallets by account id, for accounts of the file and of the transactions."""
    if index is None or not index.by_key:
        return {}
    out: dict[str, list[WalletHit]] = {}
    for account, holder in accounts.holders.items():
        hits = [
            WalletHit(w, value, currency, "wallet")
            for value, currency in holder.wallets
            for w in index.lookup(value, currency)
        ]
        hits += [WalletHit(w, account, None, "account-id") for w in index.lookup(account)]
        if hits:
            out[account] = _distinct(hits)
    for account in graph_accounts:
        if account not in accounts.holders and account not in out:
            hits = [WalletHit(w, account, None, "account-id") for w in index.lookup(account)]
            if hits:
                out[account] = _distinct(hits)
    return out


def _distinct(hits: list[WalletHit]) -> list[WalletHit]:
    """One hit per holder entry: the first (the file's own address before the id)."""
    seen: dict[str, WalletHit] = {}
    for hit in hits:
        seen.setdefault(hit.wallet.entry.id, hit)
    return list(seen.values())


def address_holder(account: str) -> Holder:
    """The holder of an account known only from the transactions: its address."""
    record = {"id": f"account:{account}", "schema": WALLET_SCHEMA,
              "properties": {"publicKey": [account]}}  # fmt: skip
    query = Query.from_record(record)
    return Holder(
        account, None, WALLET_SCHEMA, {"publicKey": [account]}, query, 0, ((account, None),)
    )


def listed_accounts(accounts: Iterable[str], index: WalletIndex) -> list[str]:
    """The account ids that are listed addresses, in the order given (trace's seeds)."""
    return [a for a in accounts if index.lookup(a)]
