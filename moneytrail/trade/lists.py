"""The lists a trade screen runs against: the screening index, and what trade adds to it.

Screening knows names; an exporter also needs each Consolidated Screening List entry's
legal terms (a BIS Entity List hit means "licence required, presumption of denial",
not "blocked"), and the BIS Affiliates rule needs to know which entries are on the
Entity List or the Military End User list. Both come from the same statements as the
index, so a list file is parsed once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from moneytrail.model.statement import STATEMENT_COLUMNS
from moneytrail.screening import Screener
from moneytrail.screening.index import ListIndex
from moneytrail.sources import parse_list
from moneytrail.sources.base import Progress, no_progress
from moneytrail.sources.us_csl import COMBINED, SLUGS
from moneytrail.store import Store
from moneytrail.store.digest import entry_digests

log = logging.getLogger(__name__)
# Sanction properties the CSL parser fills from the licence columns.
LICENCE_PROPS = ("entity", "provisions", "status", "reason")
_SLUG_PREFIXES = tuple(
    (f"us-csl-{slug.replace('_', '-')}-", slug) for slug in sorted(SLUGS.values(), key=len)[::-1]
)


@dataclass(frozen=True, slots=True)
class Licence:
    """A CSL entry's licence terms, as the list states them."""

    list: str  # the list's dataset, e.g. us_trade_csl_entity_list
    requirement: str | None
    policy: str | None
    federal_register: str | None

    def as_record(self) -> dict[str, str | None]:
        return {
            "list": self.list,
            "requirement": self.requirement,
            "policy": self.policy,
            "federal_register": self.federal_register,
        }


def csl_list(entity_id: str, dataset: str) -> str:
    """The per-list dataset of a CSL entry, also when the file was loaded as one list
    (dataset ``us_trade_csl``): the parser's entity ids name the list."""
    if dataset.startswith(f"{COMBINED}_"):
        return dataset
    for prefix, slug in _SLUG_PREFIXES:
        if entity_id.startswith(prefix):
            return f"{COMBINED}_{slug}"
    return dataset


def licences_from_rows(rows: Iterable[dict[str, Any]]) -> dict[str, Licence]:
    """Listed entity id -> its licence terms, from Sanction statements of CSL datasets."""
    sanctions: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["schema"] != "Sanction" or not str(row["dataset"]).startswith(COMBINED):
            continue
        if row["prop"] in LICENCE_PROPS:
            terms = sanctions.setdefault(row["entity_id"], {"dataset": row["dataset"]})
            terms.setdefault(row["prop"], row["value"])
    out: dict[str, Licence] = {}
    for terms in sanctions.values():
        entity = terms.get("entity")
        if entity is None:
            continue
        out.setdefault(
            entity,
            Licence(
                list=csl_list(entity, terms["dataset"]),
                requirement=terms.get("provisions"),
                policy=terms.get("status"),
                federal_register=terms.get("reason"),
            ),
        )
    return out


@dataclass
class TradeLists:
    """The screener plus what trade reads beside it."""

    screener: Screener
    licences: dict[str, Licence] = field(default_factory=dict)
    # Every listed entity id (for the ownership rules' designation).
    listed: set[str] = field(default_factory=set)


def lists_from_sources(paths: Sequence[Path], progress: Progress = no_progress) -> TradeLists:
    """Parse list files once: the index (as ``screener_from_sources``) and the terms."""
    rows: list[dict[str, Any]] = []
    digests: dict[str, str] = {}
    for path in paths:
        parsed = parse_list(path, progress=progress)
        rows.extend(st.as_row() for st in parsed.statements)
        digests.update({k: d.digest for k, d in entry_digests(parsed.statements).items()})
    table = pa.Table.from_pylist(
        rows, schema=pa.schema([(c, pa.string()) for c in STATEMENT_COLUMNS])
    )
    screener = Screener(ListIndex.from_statements(table, digests))
    listed = {str(r["entity_id"]) for r in rows if r["schema"] != "Sanction"}
    return TradeLists(screener, licences_from_rows(rows), listed)


def lists_from_store(store: Store, screener: Screener) -> TradeLists:
    """The terms of the store's current CSL lists, beside its screener."""
    rows = store.engine.query(
        f"""SELECT s.entity_id, s.schema, s.prop, s.value, s.dataset FROM statements s
        JOIN list_versions v ON v.dataset = s.dataset AND v.version = s.list_version
        WHERE v.is_current AND s.dataset LIKE '{COMBINED}%' AND s.schema = 'Sanction'"""
    ).to_pylist()
    listed = {e.id for e in screener.index.entries}
    log.info("%d CSL licence records from the store", len(rows))
    return TradeLists(screener, licences_from_rows(rows), listed)


__all__ = ["Licence", "TradeLists", "csl_list", "licences_from_rows", "lists_from_sources"]
