"""The monitored portfolio and the re-screens owed to it, in the case store (both dialects).

Customers and the re-screens a list update owes them are what monitoring produces, so
they live where alerts do: in PostgreSQL when a team shares one, else in the store
file. Kept in the statement store, a team's server and CLI would each see the
portfolio of their own file, and a re-screen owed by one could never be paid by the
other. The services (services/portfolio.py, services/pending.py) say what the rows
mean; this module only reads and writes them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence

from moneytrail.alerts.sql_base import SqlAccess

# Both dialects; run after the alert tables on every open (idempotent).
PORTFOLIO_DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS portfolio (
        id VARCHAR PRIMARY KEY, schema VARCHAR NOT NULL, record VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL, added_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL,
        pending BOOLEAN DEFAULT FALSE)""",
    # Store files from before the pending mark have the table without the column.
    "ALTER TABLE portfolio ADD COLUMN IF NOT EXISTS pending BOOLEAN DEFAULT FALSE",
    """CREATE TABLE IF NOT EXISTS pending_rescreens (
        dataset VARCHAR NOT NULL, from_version VARCHAR, to_version VARCHAR NOT NULL)""",
)

PORTFOLIO_COLUMNS = "id, schema, record, fingerprint, added_at, updated_at"

# (id, schema, record JSON, fingerprint, added at, updated at), as stored.
CustomerRow = tuple[str, str, str, str, str, str]
# (dataset, from version, to version) of a re-screen owed.
OwedRow = tuple[str, str | None, str]


class PortfolioQueries(SqlAccess):
    """Customers (with their pending mark) and owed re-screens (repositories supply the
    connection; writes that belong together run in the caller's ``transaction()``)."""

    @abstractmethod
    def _ordered(self, *columns: str) -> str: ...

    # -- customers ----------------------------------------------------------------

    def customer_fingerprints(self) -> dict[str, str]:
        """Customer id -> fingerprint of the record stored for it."""
        return {str(r[0]): str(r[1]) for r in self._rows("SELECT id, fingerprint FROM portfolio")}

    def add_customer(self, row: CustomerRow) -> None:
        """Insert a new customer, marked pending until it has been screened."""
        self._execute(
            self._q(
                f"INSERT INTO portfolio ({PORTFOLIO_COLUMNS}, pending) "
                "VALUES (?, ?, ?, ?, ?, ?, TRUE)"
            ),
            list(row),
        )

    def replace_customer(self, row: CustomerRow) -> None:
        """Replace a customer's record (keeping when it was added), marked pending."""
        cid, schema, record, fingerprint, _added, updated = row
        self._execute(
            self._q(
                "UPDATE portfolio SET schema = ?, record = ?, fingerprint = ?, updated_at = ?, "
                "pending = TRUE WHERE id = ?"
            ),
            [schema, record, fingerprint, updated, cid],
        )

    def customer_rows(self) -> list[CustomerRow]:
        """Every customer, by id (byte order in both stores)."""
        rows = self._rows(
            f"SELECT {PORTFOLIO_COLUMNS} FROM portfolio ORDER BY {self._ordered('id')}"
        )
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5])) for r in rows]

    def pending_customer_ids(self) -> set[str]:
        """Customers stored by an add that has not (yet) screened them."""
        return {str(r[0]) for r in self._rows("SELECT id FROM portfolio WHERE pending")}

    def mark_customers_screened(self, ids: Sequence[str]) -> None:
        for cid in ids:
            self._execute(self._q("UPDATE portfolio SET pending = FALSE WHERE id = ?"), [cid])

    def find_customers(self, text: str, limit: int) -> list[tuple[str, str]]:
        """(id, record JSON) of customers whose id or record contains ``text``, any case."""
        like = f"%{text.lower()}%"
        rows = self._rows(
            self._q(
                "SELECT id, record FROM portfolio WHERE lower(id) LIKE ? OR lower(record) LIKE ? "
                f"ORDER BY {self._ordered('id')} LIMIT ?"
            ),
            [like, like, limit],
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    # -- re-screens owed ------------------------------------------------------------

    def owe_rescreen(self, dataset: str, from_version: str | None, to_version: str) -> None:
        self._execute(
            self._q(
                "INSERT INTO pending_rescreens (dataset, from_version, to_version) VALUES (?, ?, ?)"
            ),
            [dataset, from_version, to_version],
        )

    def owed_rescreens(self) -> list[OwedRow]:
        rows = self._rows("SELECT dataset, from_version, to_version FROM pending_rescreens")
        return [(str(ds), None if fv is None else str(fv), str(tv)) for ds, fv, tv in rows]

    def paid_rescreen(self, dataset: str, from_version: str | None, to_version: str) -> None:
        self._execute(
            self._q(
                "DELETE FROM pending_rescreens WHERE dataset = ? AND to_version = ? AND "
                "from_version IS NOT DISTINCT FROM ?"
            ),
            [dataset, to_version, from_version],
        )
