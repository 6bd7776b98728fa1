"""The screening validation pack (``moneytrail validate``): made, written and audited.

A pack is evidence a compliance officer files: the customer data's quality, recall
on variations of real list entries, the threshold sweep and a review sample, against
the list versions named in it. Making one is audited (who, from what, the files'
digests) like any other act that an examiner may ask about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from moneytrail.services.batch_screening import ProgressBar, StoreOpener
from moneytrail.services.transactions import Notify
from moneytrail.settings import Settings

if TYPE_CHECKING:
    from moneytrail.screening import Screener
    from moneytrail.store.store import ListInfo
    from moneytrail.validation.lists import ListState
    from moneytrail.validation.run import Validation


@dataclass(frozen=True)
class ValidationRequest:
    """The customer file (``'-'``: JSONL on stdin), where the pack goes, and how it is drawn."""

    customers: str
    output: Path
    threshold: float
    mapping: dict[str, str] = field(default_factory=dict)
    schema: str = "Person"
    lists: Sequence[Path] = ()
    seed: int = 0
    sample: int = 100
    workers: int | None = None


@dataclass(frozen=True)
class ValidationRun:
    result: Validation
    written: dict[str, Path]


def make_validation_pack(
    request: ValidationRequest,
    settings: Settings,
    *,
    open_store: StoreOpener,
    progress: ProgressBar,
    notify: Notify,
    actor: str,
) -> ValidationRun:
    """Assess the customers, screen the variations, write the pack and audit it."""
    from moneytrail.screening.inputs import spool_stdin
    from moneytrail.services.batch_screening import check_limits
    from moneytrail.validation.quality import assess
    from moneytrail.validation.render import write_pack
    from moneytrail.validation.run import validate

    source, spooled = spool_stdin(request.customers)
    try:
        label = "<stdin>" if spooled else None
        check_limits(source, request.mapping, request.schema, label, settings.limits)
        quality, queries = assess(source, request.mapping, request.schema)
        notify(f"read {quality.records:,} customer record(s)")
        screener, states = _screener(request.lists, settings, open_store, progress)
        with progress("screening") as bar:
            result = validate(
                screener, queries, quality, states, seed=request.seed,
                per_kind=request.sample, threshold=request.threshold,
                workers=request.workers, progress=bar, note=notify,
            )  # fmt: skip
    finally:
        if spooled is not None:
            spooled.unlink(missing_ok=True)
    written = write_pack(result, request.output)
    _audit(settings, actor, result, request, written)
    return ValidationRun(result, written)


def _screener(
    lists: Sequence[Path], settings: Settings, open_store: StoreOpener, progress: ProgressBar
) -> tuple[Screener, list[ListState]]:
    """The screener over the list files or the store's lists, and the versions it holds."""
    from moneytrail.screening import screener_from_sources, screener_from_store
    from moneytrail.validation.lists import list_states, store_lists

    infos: list[ListInfo] = []
    files: dict[tuple[str, str], list[tuple[str, str]]] = {}  # none without a store
    with progress("indexing lists") as bar:
        if lists:
            screener = screener_from_sources(lists, bar)
        else:
            with open_store() as store:
                screener = screener_from_store(store)
                infos, files = store_lists(store)
    return screener, list_states(screener.index, infos, files, settings.stale_days)


def _audit(
    settings: Settings,
    actor: str,
    result: Validation,
    request: ValidationRequest,
    written: dict[str, Path],
) -> None:
    """One audit line: who made which pack, from what, with the files' digests."""
    from moneytrail.alerts.audit import AuditLog
    from moneytrail.alerts.factory import open_repository
    from moneytrail.validation.run import audit_payload

    repo = open_repository(settings)
    try:
        payload = audit_payload(result, request.customers, written)
        AuditLog(repo).append(actor, "screening.validate", str(request.output), payload)
    finally:
        repo.close()
