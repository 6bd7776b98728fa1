"""The queue's case-side filters and case column on both stores.

Alerts come from screening three customers against the real 2021 OFAC SDN slice; two of
them (the Tajideens) are put in one case assigned to "ann", the third stays in none.
"""

from __future__ import annotations

import pytest

from moneytrail.alerts import Alert, AuditLog, Repository, Role, add_user, raise_alerts
from moneytrail.alerts.cases import open_case
from moneytrail.alerts.kinds import Kind, QueueFilter, cases_of, queue
from moneytrail.alerts.models import AlertStatus
from tests.alerts.activity import VERSIONS, Screened


@pytest.fixture
def raised(repo: Repository, screened: Screened) -> dict[str, Alert]:
    audit = AuditLog(repo)
    add_user(repo, audit, "ann", Role.ANALYST, "test")
    add_user(repo, audit, "rita", Role.REVIEWER, "test")
    return {q.id: raise_alerts(repo, q, m, VERSIONS)[0] for q, m in screened}


def _ids(repo: Repository, where: QueueFilter) -> set[str]:
    return {a.id for a in queue(repo, where)}


def test_filters_by_case_assignee_and_entries(repo: Repository, raised: dict[str, Alert]) -> None:
    kassim, hasan, ali = raised["c-kassim"], raised["c-hasan"], raised["c-ali"]
    case = open_case(repo, "ann", "Tajideen family firm", [kassim.id, ali.id], assignee="ann")
    every = {kassim.id, hasan.id, ali.id}
    assert _ids(repo, QueueFilter(status=None)) == every
    assert _ids(repo, QueueFilter(assignee="ann")) == {kassim.id, ali.id}
    assert _ids(repo, QueueFilter(assignee="rita")) == set()
    assert _ids(repo, QueueFilter(has_case=True)) == {kassim.id, ali.id}
    assert _ids(repo, QueueFilter(has_case=False)) == {hasan.id}
    # The programme filter arrives as the programme's list entries.
    assert _ids(repo, QueueFilter(entity_ids=(hasan.entity_id,))) == {hasan.id}
    assert _ids(repo, QueueFilter(entity_ids=())) == set()
    # Combined with the filters that were there before: all must hold.
    both = QueueFilter(
        kind=Kind.SCREENING, status=AlertStatus.OPEN, dataset="us_ofac_sdn", has_case=False
    )
    assert _ids(repo, both) == {hasan.id}
    assert _ids(repo, QueueFilter(dataset="eu_fsf", has_case=False)) == set()
    assert _ids(repo, QueueFilter(kind=Kind.TRACE, assignee="ann")) == set()
    # The case column: one lookup for the page's alerts, with the case's assignee.
    assert cases_of(repo, sorted(every)) == {
        kassim.id: (case.id, "ann"),
        ali.id: (case.id, "ann"),
    }
    assert cases_of(repo, []) == {}


def test_unassigned_case_counts_as_a_case_but_not_for_an_assignee(
    repo: Repository, raised: dict[str, Alert]
) -> None:
    hasan = raised["c-hasan"]
    case = open_case(repo, "ann", "Nasrallah", [hasan.id])
    assert _ids(repo, QueueFilter(has_case=True)) == {hasan.id}
    assert _ids(repo, QueueFilter(assignee="ann")) == set()
    assert cases_of(repo, [hasan.id]) == {hasan.id: (case.id, None)}
