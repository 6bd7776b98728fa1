"""Account holders: which person or company stands behind each account id in the transactions.

Transactions name accounts, sanctions lists name people and companies; exposure needs
the bridge between the two. An accounts file (CSV, Parquet or JSONL, gzip allowed) has
one row per account with the holder as a followthemoney-shaped record, the same shape
a screening query has, so a holder is screened exactly as ``moneytrail screen`` would
screen it. Every row is validated before anything is traced: a holder without a name
cannot be screened, and silently skipping it would hide exactly the account a bank
must not miss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from followthemoney import model

from moneytrail.errors import InvalidInput
from moneytrail.screening.query import PERSON_NAME_PARTS, QUERY_SCHEMATA, Query
from moneytrail.screening.wallets import WALLET_SCHEMA
from moneytrail.sources.column_map import parse_map
from moneytrail.sources.table_reader import read_raw

ACCOUNT_KEYS = ("account", "id", "schema")
# A crypto address the account holds (and its currency): designated if listed (wallets.py).
WALLET_KEYS = ("publicKey", "currencySymbol")
DEFAULT_SCHEMA = "LegalEntity"
NAME_KEYS = ("name", "alias", "weakAlias", "previousName", *PERSON_NAME_PARTS)


@cache
def holder_properties() -> frozenset[str]:
    """Every followthemoney property a screenable schema has: the keys a map may name."""
    props: set[str] = set()
    for name in QUERY_SCHEMATA:
        schema = model.get(name)
        assert schema is not None
        props.update(schema.properties)
    return frozenset(props)


@dataclass(frozen=True)
class Holder:
    """One account and its holder, with the query it is screened as."""

    account: str
    id: str | None
    schema: str
    properties: dict[str, list[str]]
    query: Query
    line: int
    wallets: tuple[tuple[str, str | None], ...] = ()  # (address, currency) from the file

    @property
    def name(self) -> str:
        """The holder's name; for a wallet known by its address only, the address."""
        if self.query.names:
            return self.query.names[0]
        return self.wallets[0][0] if self.wallets else self.account

    def as_record(self) -> dict[str, Any]:
        """The short form written into exposure lines: enough to recognise the holder."""
        return {"id": self.id, "schema": self.schema, "name": self.name}


@dataclass(frozen=True)
class Accounts:
    """Holders by account id, and the file they came from (for error messages)."""

    file: str
    holders: dict[str, Holder]

    def __len__(self) -> int:
        return len(self.holders)

    def get(self, account: str) -> Holder | None:
        return self.holders.get(account)


def parse_accounts_map(spec: str | None) -> dict[str, str]:
    """``id=holder_id,name=holder_name`` -> {"id": "holder_id", "name": "holder_name"}."""
    return parse_map(
        spec,
        keys={*ACCOUNT_KEYS, *WALLET_KEYS, *holder_properties()},
        option="--accounts-map",
        known="account, id, schema, publicKey, currencySymbol or a followthemoney property",
    )


def read_accounts(path: Path, mapping: Mapping[str, str] | None = None) -> Accounts:
    """Read and validate an accounts file.

    Columns named like a key (``account``, ``id``, ``schema``, ``name``, ``birthDate``,
    ...) are read as that key; ``mapping`` renames (key -> column) and its columns must
    exist. Only ``account`` and a name are required.
    """
    mapping = dict(mapping or {})
    columns = {k: k for k in (*ACCOUNT_KEYS, *WALLET_KEYS, *sorted(holder_properties()))}
    columns.update(mapping)
    optional = {k for k in columns if k != "account" and k not in mapping}
    raw, lines = read_raw(path, columns, optional, what="accounts")
    values = {k: v.to_pylist() for k, v in raw.items()}
    holders: dict[str, Holder] = {}
    for i, line in enumerate(lines.tolist()):
        row = {k: v[i] for k, v in values.items()}
        holder = _holder(row, columns, str(path), line)
        if holder.account in holders:
            raise InvalidInput(
                f"account {holder.account!r} is listed twice (first on line "
                f"{holders[holder.account].line})",
                file=str(path),
                line=line,
                field=columns["account"],
            )
        holders[holder.account] = holder
    return Accounts(str(path), holders)


def _holder(row: dict[str, str | None], columns: dict[str, str], file: str, line: int) -> Holder:
    """One row -> Holder; errors name the file's own column, not our key."""
    clean = {k: v.strip() for k, v in row.items() if v is not None and v.strip()}
    account = clean.pop("account", None)
    if account is None:
        raise InvalidInput("missing account id", file=file, line=line, field=columns["account"])
    holder_id = clean.pop("id", None)
    schema = clean.pop("schema", DEFAULT_SCHEMA)
    wallets = _wallets(clean)
    if not any(k in clean for k in NAME_KEYS) and wallets:
        schema = WALLET_SCHEMA  # known by its address alone: screened as a CryptoWallet
        clean = {"publicKey": wallets[0][0], **({"currency": c} if (c := wallets[0][1]) else {})}
    elif not any(k in clean for k in NAME_KEYS):
        name_column = columns.get("name", "name")
        raise InvalidInput(
            f"account {account!r}: the holder has no name", file=file, line=line, field=name_column
        )
    properties = {k: [v] for k, v in clean.items()}
    record = {"id": holder_id or f"account:{account}", "schema": schema, "properties": properties}
    try:
        query = Query.from_record(record, file=file, line=line)
    except InvalidInput as exc:
        key = (exc.field or "").removeprefix("properties.")
        field = columns.get(key, exc.field)
        raise InvalidInput(exc.reason, file=file, line=line, field=field) from exc
    return Holder(account, holder_id, query.schema, properties, query, line, wallets)


def _wallets(clean: dict[str, str]) -> tuple[tuple[str, str | None], ...]:
    """The row's crypto address and currency, taken out of the holder's properties.

    The currency is ``currencySymbol``, else ``currency`` when a wallet is given (a
    Company's ``currency`` property is otherwise left to the holder).
    """
    address = clean.pop("publicKey", None)
    symbol = clean.pop("currencySymbol", None)
    if address is None:
        return ()
    return ((address, symbol or clean.get("currency")),)
