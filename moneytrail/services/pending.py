"""Re-screens owed to the portfolio: written before a list loads, cleared once its alerts are.

A list update loads the new version (one transaction) and then screens the portfolio on
the entries that changed. A crash between the two would leave the new version current
and its alerts never raised: the next update would see no change and raise nothing.
So each load first records what it owes (dataset, from version, to version); the record
is cleared only after the alerts are stored, and any update finds and pays what an
earlier one left owing. Alerts are keyed (record, entry, entry digest), so paying twice
raises nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from moneytrail.store import Store

DDL = """CREATE TABLE IF NOT EXISTS pending_rescreens (
    dataset VARCHAR NOT NULL,
    from_version VARCHAR,
    to_version VARCHAR NOT NULL
)"""


@dataclass(frozen=True, slots=True)
class Owed:
    dataset: str
    from_version: str | None
    to_version: str


def owe(store: Store, dataset: str, from_version: str | None, to_version: str) -> Owed:
    """Record, before loading ``to_version``, that its delta must be re-screened."""
    store.engine.execute(DDL)
    store.engine.execute(
        "INSERT INTO pending_rescreens VALUES (?, ?, ?)", [dataset, from_version, to_version]
    )
    return Owed(dataset, from_version, to_version)


def owed(store: Store) -> list[Owed]:
    """Everything recorded and not yet paid, oldest first."""
    store.engine.execute(DDL)
    rows = store.engine.rows("SELECT dataset, from_version, to_version FROM pending_rescreens")
    return [Owed(str(ds), None if fv is None else str(fv), str(tv)) for ds, fv, tv in rows]


def paid(store: Store, debts: list[Owed]) -> None:
    for debt in debts:
        store.engine.execute(
            "DELETE FROM pending_rescreens WHERE dataset = ? AND to_version = ? AND "
            "from_version IS NOT DISTINCT FROM ?",
            [debt.dataset, debt.to_version, debt.from_version],
        )


def changed_between(store: Store, debts: list[Owed]) -> dict[str, str]:
    """Entity id -> current digest, for entries that differ in the current version from
    a debt's ``from_version`` (the last one the portfolio was screened on). A debt whose
    version never loaded (the load itself failed) owes nothing."""
    changed: dict[str, str] = {}
    current = {
        str(ds): str(v)
        for ds, v in store.engine.rows(
            "SELECT dataset, version FROM list_versions WHERE is_current"
        )
    }
    loaded = {
        (str(ds), str(v))
        for ds, v in store.engine.rows("SELECT dataset, version FROM list_versions")
    }
    for debt in debts:
        now = current.get(debt.dataset)
        if now is None or (debt.dataset, debt.to_version) not in loaded:
            continue
        rows = store.engine.rows(
            """SELECT n.entity_id, n.digest FROM entry_digests n
            LEFT JOIN entry_digests o ON o.dataset = n.dataset AND o.entity_id = n.entity_id
                AND o.version IS NOT DISTINCT FROM ?
            WHERE n.dataset = ? AND n.version = ?
                AND (o.digest IS NULL OR o.digest <> n.digest)""",
            [debt.from_version, debt.dataset, now],
        )
        changed.update({str(ent): str(dig) for ent, dig in rows})
    return changed
