"""Re-screens owed to the portfolio: written before a list loads, cleared once its alerts are.

A list update loads the new version (one transaction) and then screens the portfolio on
the entries that changed. A crash between the two would leave the new version current
and its alerts never raised: the next update would see no change and raise nothing.
So each load first records what it owes (dataset, from version, to version); the record
is cleared only after the alerts are stored, and any update finds and pays what an
earlier one left owing. Alerts are keyed (record, entry, entry digest), so paying twice
raises nothing twice.

The records are kept in the case store beside the alerts they promise (PostgreSQL when
configured: alerts/portfolio_queries.py); the delta itself is read from the statement
store, whose list versions they name.
"""

from __future__ import annotations

from dataclasses import dataclass

from moneytrail.alerts.repository import Repository
from moneytrail.store import Store


@dataclass(frozen=True, slots=True)
class Owed:
    dataset: str
    from_version: str | None
    to_version: str


def owe(repo: Repository, dataset: str, from_version: str | None, to_version: str) -> Owed:
    """Record, before loading ``to_version``, that its delta must be re-screened."""
    with repo.transaction():
        repo.owe_rescreen(dataset, from_version, to_version)
    return Owed(dataset, from_version, to_version)


def owed(repo: Repository) -> list[Owed]:
    """Everything recorded and not yet paid."""
    return [Owed(ds, fv, tv) for ds, fv, tv in repo.owed_rescreens()]


def paid(repo: Repository, debts: list[Owed]) -> None:
    """Clear ``debts``, in one transaction, once their alerts are stored."""
    with repo.transaction():
        for debt in debts:
            repo.paid_rescreen(debt.dataset, debt.from_version, debt.to_version)


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
