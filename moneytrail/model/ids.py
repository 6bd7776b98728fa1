"""Entity ids and dataset names that other tools depend on: never change one.

Ids come from each authority's own reference, so the same list entry keeps its id
across versions and a decision taken on it stays attached.
"""

from __future__ import annotations

import re

from moneytrail.errors import InvalidInput

# Dataset names (the store's ``dataset`` column).
OFAC_SDN = "us_ofac_sdn"
OFAC_CONS = "us_ofac_cons"
UN_SC = "un_sc_sanctions"
EU_FSF = "eu_fsf"
UK_FCDO = "gb_fcdo_sanctions"

_SAFE = re.compile(r"[^A-Za-z0-9.\-]+")


def _clean(ref: str) -> str:
    ref = _SAFE.sub("-", ref.strip()).strip("-")
    if not ref:
        raise InvalidInput("an id needs a non-empty reference", field="id")
    return ref


def ofac_id(ent_num: str | int) -> str:
    """``ofac-<ent_num>`` for SDN and Consolidated entries alike (OFAC numbers are unique)."""
    return f"ofac-{_clean(str(ent_num))}"


def unsc_id(dataid: str | int) -> str:
    """``unsc-<DATAID>``: the UN's own record id, stable across list versions."""
    return f"unsc-{_clean(str(dataid))}"


def eu_id(reference: str | None, logical_id: str | int | None = None) -> str:
    """``eu-fsf-<euReferenceNumber>`` (``eu-fsf-EU.27.28``): the EU's published reference.

    The reference is what EU regulations and other lists quote, so it is the id; an
    entry published without one falls back to ``eu-fsf-logical-<logicalId>``, the
    file's internal number (the same ids OpenSanctions uses, so links carry over).
    """
    if reference and reference.strip():
        return f"eu-fsf-{_clean(reference)}"
    if logical_id is None:
        raise InvalidInput("an EU id needs euReferenceNumber or logicalId", field="id")
    return f"eu-fsf-logical-{_clean(str(logical_id))}"


def uk_id(unique_id: str) -> str:
    """``gb-fcdo-<Unique ID>``: the UK Sanctions List's reference (e.g. RUS0001)."""
    return f"gb-fcdo-{_clean(unique_id)}"


def derived_id(parent: str, kind: str, *parts: str) -> str:
    """An id for a fact-bearing side entity (a sanction, a link) derived from its parent."""
    suffix = "-".join(_clean(p) for p in parts if p)
    return f"{parent}-{kind}" + (f"-{suffix}" if suffix else "")
