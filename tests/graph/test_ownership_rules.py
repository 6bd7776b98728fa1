"""The 50% rule on OFAC's own examples, cycles, chains, and the EU rule's differences.

OFAC examples: FAQ 399 (aggregation) and FAQ 401 examples 1-4 (indirect ownership),
published with the revised guidance of 13 August 2014.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from moneytrail.engines import Engine
from tests.graph.helpers import (
    KASSIM,
    TAJCO,
    by_id,
    company,
    directs,
    network,
    owns,
    person,
    run,
)
from tests.graph.helpers import blocked as blocked_ids

X, Y = KASSIM, TAJCO


def test_example_direct_50_percent_blocks(tmp_path: Path, engine: Engine) -> None:
    result = run(tmp_path, [*network("co-a"), owns(X, "co-a", "50%")], engine=engine)
    record = by_id(result)["co-a"]
    assert record["blocked"] is True
    assert record["share"] == 50.0
    assert record["rule"] == "ofac"
    assert record["owners"] == [{"id": X, "share": 50.0, "via": [f"own-{X}-co-a"]}]


def test_faq_399_shares_of_different_blocked_persons_aggregate(
    tmp_path: Path, engine: Engine
) -> None:
    entities = [*network("co-a", blocked=[X, Y]), owns(X, "co-a", "25%"), owns(Y, "co-a", "25%")]
    record = by_id(run(tmp_path, entities, engine=engine))["co-a"]
    assert record["blocked"] is True
    assert record["share"] == 50.0
    assert [o["id"] for o in record["owners"]] == [X, Y]


def test_faq_401_example_1_chain_through_blocked_entity(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a", "co-b"), owns(X, "co-a", "50"), owns("co-a", "co-b", "50")]
    records = by_id(run(tmp_path, entities, engine=engine))
    assert records["co-a"]["round"] == 1
    assert records["co-b"]["round"] == 2
    assert records["co-b"]["owners"][0]["id"] == "co-a"


def test_faq_401_example_2_two_blocked_intermediaries(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-b", "co-c"),
        owns(X, "co-a", "50%"),
        owns(X, "co-b", "50%"),
        owns("co-a", "co-c", "25%"),
        owns("co-b", "co-c", "25%"),
    ]
    assert blocked_ids(run(tmp_path, entities, engine=engine)) == {"co-a", "co-b", "co-c"}


def test_faq_401_example_3_direct_and_indirect_add_up(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-b"),
        owns(X, "co-a", "50%"),
        owns(X, "co-b", "10%"),
        owns("co-a", "co-b", "40%"),
    ]
    record = by_id(run(tmp_path, entities, engine=engine))["co-b"]
    assert record["blocked"] is True
    assert record["share"] == 50.0


def test_indirect_25_plus_25_through_blocked_entity(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-c"),
        owns(X, "co-a", "50%"),
        owns("co-a", "co-c", "25%"),
        owns(X, "co-c", "25%"),
    ]
    assert blocked_ids(run(tmp_path, entities, engine=engine)) == {"co-a", "co-c"}


def test_faq_401_example_4_unblocked_intermediaries_pass_nothing(
    tmp_path: Path, engine: Engine
) -> None:
    entities = [
        *network("co-a", "co-b", "co-c"),
        owns(X, "co-a", "25%"),
        owns(X, "co-b", "25%"),
        owns("co-a", "co-c", "50%"),
        owns("co-b", "co-c", "50%"),
    ]
    assert run(tmp_path, entities, engine=engine).records == []


def test_unblocked_intermediary_even_at_100_percent(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a", "co-b"), owns(X, "co-a", "40%"), owns("co-a", "co-b", "100%")]
    assert run(tmp_path, entities, engine=engine).records == []


def test_just_under_50_does_not_block(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a"), owns(X, "co-a", "49.999999")]
    assert run(tmp_path, entities, engine=engine).records == []


def test_thirds_add_up_exactly(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", blocked=[X, Y]),
        owns(X, "co-a", "33.333333%"),
        owns(Y, "co-a", "16.666667%"),
    ]
    assert by_id(run(tmp_path, entities, engine=engine))["co-a"]["share"] == 50.0


def test_designated_entities_are_not_reported(tmp_path: Path, engine: Engine) -> None:
    entities = [*network(blocked=[X, Y]), owns(X, Y, "100%")]
    assert run(tmp_path, entities, engine=engine).records == []


def test_cross_ownership_cycle_terminates_and_blocks_both(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-b"),
        owns(X, "co-a", "50%"),
        owns("co-b", "co-a", "50%"),
        owns("co-a", "co-b", "60%"),
    ]
    result = run(tmp_path, entities, engine=engine)
    assert blocked_ids(result) == {"co-a", "co-b"}
    assert by_id(result)["co-a"]["share"] == 100.0  # B is blocked too, its half counts
    assert result.rounds == 2


def test_cycle_below_threshold_stays_unblocked(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-b", "co-c"),
        owns(X, "co-a", "30%"),
        owns("co-b", "co-a", "70%"),
        owns("co-a", "co-b", "60%"),
        owns("co-b", "co-c", "100%"),
        owns("co-c", "co-b", "40%"),
    ]
    assert run(tmp_path, entities, engine=engine).records == []


def test_long_chain_to_its_end(tmp_path: Path, engine: Engine) -> None:
    length = 60
    chain = [f"co-{i:03d}" for i in range(length)]
    entities = [*network(*chain), owns(X, chain[0], "100%")]
    entities += [owns(a, b, "50%") for a, b in itertools.pairwise(chain)]
    result = run(tmp_path, entities, engine=engine)
    assert blocked_ids(result) == set(chain)
    assert by_id(result)[chain[-1]]["round"] == length
    assert result.rounds == length


def test_output_is_sorted_by_id(tmp_path: Path, engine: Engine) -> None:
    names = ["co-z", "co-b", "co-m"]
    entities = [*network(*names), *(owns(X, n, "100%") for n in names)]
    assert [r["id"] for r in run(tmp_path, entities, engine=engine).records] == sorted(names)


# Ranges and unknown shares


def test_range_lower_bound_blocks_and_range_is_reported(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", blocked=[X, Y]),
        owns(X, "co-a", "between 25% and 50%"),
        owns(Y, "co-a", "25%"),
    ]
    record = by_id(run(tmp_path, entities, engine=engine))["co-a"]
    assert record["blocked"] is True
    owner = record["owners"][0]
    assert (owner["share"], owner["range"], owner["stated"]) == (
        25.0,
        [25.0, 50.0],
        "between 25% and 50%",
    )


def test_range_that_may_reach_threshold_goes_to_review(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a"), owns(X, "co-a", "ownership-of-shares-25-to-50-percent")]
    record = by_id(run(tmp_path, entities, engine=engine))["co-a"]
    assert record["blocked"] is False
    assert record["review"] is True
    assert "range" in record["reason"]


def test_unknown_share_is_flagged_never_guessed(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a", "co-b"), owns(X, "co-a"), owns("co-a", "co-b", "100%")]
    result = run(tmp_path, entities, engine=engine)
    record = by_id(result)["co-a"]
    assert (record["blocked"], record["review"], record["unknown_shares"]) == (False, True, [X])
    assert record["owners"][0]["share"] is None
    assert "co-b" not in by_id(result)  # not taken as 100: nothing passes on


def test_unknown_share_next_to_blocking_ones_is_listed(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", blocked=[X, Y]),
        owns(X, "co-a", "50%"),
        owns(Y, "co-a"),
    ]
    record = by_id(run(tmp_path, entities, engine=engine))["co-a"]
    assert record["blocked"] is True
    assert record["unknown_shares"] == [Y]


def test_small_known_stake_is_not_reported(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a"), owns(X, "co-a", "10%")]
    assert run(tmp_path, entities, engine=engine).records == []


# EU rule


def test_exactly_50_blocks_under_ofac_not_eu(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a"), owns(X, "co-a", "50%")]
    assert blocked_ids(run(tmp_path, entities, "ofac", engine)) == {"co-a"}
    assert run(tmp_path, entities, "eu", engine).records == []
    assert blocked_ids(run(tmp_path, entities, "eu-2024", engine)) == {"co-a"}


@pytest.mark.parametrize("share", ["50.000001", "51%", "more than 50%", "75% or more"])
def test_more_than_50_blocks_under_eu(tmp_path: Path, engine: Engine, share: str) -> None:
    entities = [*network("co-a"), owns(X, "co-a", share)]
    record = by_id(run(tmp_path, entities, "eu", engine))["co-a"]
    assert (record["blocked"], record["basis"], record["rule"]) == (True, "ownership", "eu")


def test_eu_joint_holdings_are_reported_for_review(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a", blocked=[X, Y]), owns(X, "co-a", "30%"), owns(Y, "co-a", "30%")]
    record = by_id(run(tmp_path, entities, "eu", engine))["co-a"]
    assert (record["blocked"], record["review"], record["share"]) == (False, True, 60.0)
    assert "joint" in record["reason"]
    assert blocked_ids(run(tmp_path, entities, "ofac", engine)) == {"co-a"}


def test_eu_majority_chain_blocks(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a", "co-b"), owns(X, "co-a", "60%"), owns("co-a", "co-b", "51%")]
    assert blocked_ids(run(tmp_path, entities, "eu", engine)) == {"co-a", "co-b"}


def test_same_owner_holdings_add_up_under_eu(tmp_path: Path, engine: Engine) -> None:
    second = owns(X, "co-a", "26%") | {"id": "own-2"}
    entities = [*network("co-a"), owns(X, "co-a", "25%"), second]
    assert blocked_ids(run(tmp_path, entities, "eu", engine)) == {"co-a"}


def test_control_blocks_under_eu_only(tmp_path: Path, engine: Engine) -> None:
    entities = [
        *network("co-a", "co-b"),
        directs(X, "co-a", "significant-influence-or-control"),
        owns("co-a", "co-b", "10%", role="right to appoint and remove directors"),
    ]
    eu = by_id(run(tmp_path, entities, "eu", engine))
    assert (eu["co-a"]["blocked"], eu["co-a"]["basis"]) == (True, "control")
    assert (eu["co-b"]["blocked"], eu["co-b"]["basis"]) == (True, "control")
    ofac = by_id(run(tmp_path, entities, "ofac", engine))
    assert ofac["co-a"]["blocked"] is False
    assert "control" in ofac["co-a"]["reason"]
    assert "co-b" not in ofac


def test_plain_director_is_not_control(tmp_path: Path, engine: Engine) -> None:
    entities = [*network("co-a"), person("p-1", "Jamal HAIDAR"), directs(X, "co-a", "director")]
    assert run(tmp_path, entities, "eu", engine).records == []


def test_company_designated_by_topic_passes_ownership_on(tmp_path: Path, engine: Engine) -> None:
    entities = [
        company(TAJCO, "TAJCO", designated=True),
        company("co-a", "Freetown Cold Storage Ltd"),
        owns(TAJCO, "co-a", "100%"),
    ]
    assert blocked_ids(run(tmp_path, entities, engine=engine)) == {"co-a"}


def test_ended_holdings_do_not_block(tmp_path: Path, engine: Engine) -> None:
    """A ceased PSC or closed interest is evidence of the past, not a current owner."""
    ceased = owns(X, "co-a", "75%")
    ceased["properties"]["status"] = ["ceased"]
    closed = owns(X, "co-b", "75%")
    closed["properties"]["endDate"] = ["2019-12-31"]
    future = owns(X, "co-c", "75%")
    future["properties"]["endDate"] = ["2999-01-01"]
    result = run(
        tmp_path, [*network("co-a", "co-b", "co-c"), ceased, closed, future], engine=engine
    )
    assert blocked_ids(result) == {"co-c"}
