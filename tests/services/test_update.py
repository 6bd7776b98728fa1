"""A list update raises exactly the alerts of the entries it added or changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moneytrail.alerts import AlertFilter, AlertStatus, verify
from moneytrail.errors import SourceError
from moneytrail.services.updates import run_update
from tests.services.conftest import Monitored


def test_update_alerts_on_changed_entries_only(monitored: Monitored) -> None:
    result = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-01"
    )
    assert result.delta == ("ofac-2686", "ofac-4243", "ofac-7782")
    (load,) = result.loads
    assert (load.version, load.added, load.changed, load.removed) == ("2021-08-01", 0, 3, 0)
    # c-new matches the new alias; c-nasrallah's decided entry changed, so it alerts
    # again; c-kassim's decided entry did not, so it stays quiet.
    assert {(a.query_id, a.entity_id) for a in result.alerts} == {
        ("c-new", "ofac-7782"),
        ("c-nasrallah", "ofac-2686"),
    }
    assert all(a.list_versions["us_ofac_sdn"] == "2021-08-01" for a in result.alerts)
    repo = monitored.repo
    fps = repo.alerts(AlertFilter(status=AlertStatus.FALSE_POSITIVE))
    assert {(a.query_id, a.entity_id) for a in fps} == {
        ("c-kassim", "ofac-11494"),
        ("c-nasrallah", "ofac-2686"),  # the old digest's decision stays on record
    }
    lines = list(repo.audit_entries())
    update = next(e for e in lines if e.action == "lists.update")
    assert update.actor == "ops" and update.payload["alerts"] == 2
    assert update.payload["lists"][0]["previous"] == "2021-07-07"
    assert verify(repo).ok


def test_same_version_again_raises_nothing(monitored: Monitored) -> None:
    first = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-01"
    )
    assert len(first.alerts) == 2
    again = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-02"
    )
    assert again.delta == () and again.alerts == ()


def test_scores_equal_a_full_screen(monitored: Monitored) -> None:
    """The small delta index weighs tokens like the whole list: same score as screen."""
    from moneytrail.screening import Query, ScreenConfig, screener_from_store
    from tests.services.conftest import CUSTOMERS

    result = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-01"
    )
    full = screener_from_store(monitored.store)
    for alert in result.alerts:
        record = next(c for c in CUSTOMERS if c["id"] == alert.query_id)
        matches = full.screen(Query.from_record(record), ScreenConfig())
        score = next(m.score for m in matches if m.entry.id == alert.entity_id)
        assert alert.score == round(score, 4)


def test_bad_folder_changes_nothing(monitored: Monitored, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "sdn.csv").write_text('1,"X","individual"\n')  # too few fields
    with pytest.raises(SourceError) as caught:
        run_update(monitored.store, monitored.repo, str(broken), actor="ops")
    assert monitored.versions() == {"us_ofac_sdn": "2021-07-07"}
    failed = [e for e in monitored.repo.audit_entries() if e.action == "lists.update.failed"]
    assert failed and failed[-1].payload["error"] == str(caught.value)


def test_crash_between_load_and_alerts_is_made_good_by_the_next_update(
    monitored: Monitored, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new version is current but its alerts were never raised: the next update,
    even one that changes nothing, raises them, once."""
    import moneytrail.services.updates as update

    real = update.screen_customers  # type: ignore[attr-defined]

    def crash(*args: object, **kwargs: object) -> object:
        raise RuntimeError("power cut")

    monkeypatch.setattr(update, "screen_customers", crash)
    with pytest.raises(RuntimeError):
        run_update(
            monitored.store,
            monitored.repo,
            str(monitored.changed),
            actor="ops",
            version="2021-08-01",
        )
    assert monitored.versions() == {"us_ofac_sdn": "2021-08-01"}
    assert not monitored.repo.alerts(AlertFilter(status=AlertStatus.OPEN))
    monkeypatch.setattr(update, "screen_customers", real)
    again = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-02"
    )
    assert again.delta == ("ofac-2686", "ofac-4243", "ofac-7782")
    assert {(a.query_id, a.entity_id) for a in again.alerts} == {
        ("c-new", "ofac-7782"),
        ("c-nasrallah", "ofac-2686"),
    }
    third = run_update(
        monitored.store, monitored.repo, str(monitored.changed), actor="ops", version="2021-08-03"
    )
    assert third.delta == () and third.alerts == ()


def test_without_source_reloads_the_bundled_lists(
    monitored: Monitored, monkeypatch: pytest.MonkeyPatch
) -> None:
    import moneytrail.services.updates as update

    # Bundled lists are dated by their manifest; without one the copy would be undated
    # and refused over the dated slice (store/versions.py).
    files = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
    manifest = {"files": {name: {"version": "2021-08-01", "origin": "test"} for name in files}}
    (monitored.changed / "moneytrail-source.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(update, "bundled_paths", lambda: [monitored.changed])
    result = run_update(monitored.store, monitored.repo, None, actor="ops")
    assert result.source == "bundled" and len(result.delta) == 3
    assert {a.query_id for a in result.alerts} == {"c-new", "c-nasrallah"}
