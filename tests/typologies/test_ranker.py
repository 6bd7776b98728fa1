"""ranker-v1: labels, grouped cross-validated training, the model file, alerts, the CLI.

Trained on ten days of the team's AMLSim development run (353 labelled transactions
from 30 alerts, per-transaction labels) and scored on the first 3,000 rows of IBM's
AMLSim 20K sample (account labels): two independently configured simulations.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from moneytrail.engines import DuckDBEngine
from moneytrail.errors import InvalidInput
from moneytrail.flows import FlowGraph, build_graph, parse_map, read_transactions
from moneytrail.typologies import record
from moneytrail.typologies._ranker_alerts import HUB
from moneytrail.typologies.features import FEATURE_VERSION, signed_features
from moneytrail.typologies.labels import LabelKind, Labels, parse_labels_map, read_labels
from moneytrail.typologies.ranker import RankerModel, load_model, ring_groups, train
from moneytrail.typologies.ranker_features import FeatureSet
from tests.conftest import FIXTURES, run_cli

DEV = FIXTURES / "transactions_amlsim_dev_slice" / "transactions.csv"
IBM = FIXTURES / "transactions_amlsim_slice" / "transactions.csv"
NODES = FIXTURES / "transactions_amlsim_slice" / "nodes.csv"
TX_MAP = "id=tran_id,source=orig_acct,target=bene_acct,amount=base_amt,date=tran_timestamp"


@pytest.fixture(scope="module")
def engine() -> DuckDBEngine:
    return DuckDBEngine()


@pytest.fixture(scope="module")
def dev() -> FlowGraph:
    return build_graph(read_transactions(DEV, parse_map(TX_MAP)))


@pytest.fixture(scope="module")
def ibm() -> FlowGraph:
    return build_graph(read_transactions(IBM, parse_map(TX_MAP)))


@pytest.fixture(scope="module")
def dev_labels(dev: FlowGraph) -> Labels:
    return read_labels(DEV, parse_labels_map("id=tran_id,label=is_sar"), dev)


@pytest.fixture(scope="module")
def model(dev: FlowGraph, engine: DuckDBEngine, dev_labels: Labels) -> RankerModel:
    """The graph-feature ranker (``--features gfp``): the richest explanations."""
    return train(dev, engine, dev_labels, folds=3, seed=1, feature_set=FeatureSet.GFP)


def test_the_default_ranker_learns_from_the_rules_verdicts(
    dev: FlowGraph, engine: DuckDBEngine, dev_labels: Labels, ibm: FlowGraph, tmp_path: Path
) -> None:
    """Default features: what the v2 rules say of each payment (rules-v2)."""
    rules = train(dev, engine, dev_labels, folds=3, seed=1)
    manifest = rules.manifest()
    assert manifest["feature_set"] == "rules" and manifest["feature_version"] == "rules-v2"
    assert manifest["features"][:2] == ["rel_burst", "rel_novel"]
    assert "rule_fan_in" in manifest["features"] and "rule_cycle" in manifest["features"]
    # 353 of 3,744 payments are laundering (9 %): an F1 of 0.6 is far above chance
    assert rules.cv.f1 > 0.6 and rules.cv.precision_top1_accounts >= 0.8
    rules.save(tmp_path / "rules.zip")
    again = load_model(tmp_path / "rules.zip")
    assert np.array_equal(
        again.score_transactions(ibm, engine), rules.score_transactions(ibm, engine)
    )
    alerts = again.alerts(dev, engine, top=5)
    assert len(alerts) == 5
    assert all("rule" in a.explanation or "pair" in a.explanation for a in alerts)
    assert [a.score for a in alerts] == sorted((a.score for a in alerts), reverse=True)


@pytest.fixture(scope="module")
def saved(model: RankerModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "ranker.zip"
    model.save(path)
    return path


def test_transaction_labels(dev: FlowGraph, dev_labels: Labels) -> None:
    assert dev_labels.kind is LabelKind.TRANSACTION
    assert dev_labels.counts()["positive_transactions"] == 353
    # an account is positive when it sent or received a positive transaction
    touched = np.zeros(dev.n_accounts, dtype=bool)
    touched[dev.src[dev_labels.edges]] = True
    touched[dev.dst[dev_labels.edges]] = True
    assert np.array_equal(dev_labels.accounts, touched)


def test_account_labels(ibm: FlowGraph) -> None:
    labels = read_labels(NODES, parse_labels_map("id=nodeid,label=isFraud"), ibm)
    assert labels.kind is LabelKind.ACCOUNT  # although node ids also look like line numbers
    assert int(labels.accounts.sum()) == 456
    assert np.array_equal(labels.edges, labels.accounts[ibm.src] & labels.accounts[ibm.dst])
    assert int(labels.edges.sum()) == 71
    forced = read_labels(
        NODES, parse_labels_map("id=nodeid,label=isFraud"), ibm, LabelKind.TRANSACTION
    )
    assert forced.kind is LabelKind.TRANSACTION


def test_parquet_and_jsonl_labels(ibm: FlowGraph, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # account ids above 3,000, which no transaction id (1-3,000) can be
    table = pa.table({"acct": ["14730", "5431", "19972"], "sar": [True, False, True]})
    pq.write_table(table, tmp_path / "labels.parquet")
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_text('{"acct": 14730, "sar": "Yes"}\n{"acct": 19972, "sar": 1}\n', encoding="utf-8")
    for path in (tmp_path / "labels.parquet", jsonl):
        labels = read_labels(path, parse_labels_map("id=acct,label=sar"), ibm)
        assert labels.kind is LabelKind.ACCOUNT
        named = ibm.accounts.take(np.flatnonzero(labels.accounts)).to_pylist()
        assert sorted(named) == ["14730", "19972"]


def test_bad_labels(ibm: FlowGraph, tmp_path: Path) -> None:
    bad = tmp_path / "labels.csv"
    bad.write_text("acct,sar\n14,TRUE\n16,no\n17,maybe\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_labels(bad, parse_labels_map("id=acct,label=sar"), ibm)
    assert (err.value.file, err.value.line, err.value.field) == (str(bad), 4, "sar")
    assert "'maybe'" in str(err.value)
    stranger = tmp_path / "strangers.csv"
    stranger.write_text("id,label\nnobody,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no label id names"):
        read_labels(stranger, None, ibm)
    with pytest.raises(InvalidInput, match="unknown --labels-map key"):
        parse_labels_map("account=acct")


def test_rings_stay_in_one_fold(dev: FlowGraph, dev_labels: Labels) -> None:
    groups, how = ring_groups(dev, dev_labels.edges, 3)
    assert how.startswith("rings")
    positive = dev_labels.edges
    # both ends of every positive transaction are in its group
    assert np.array_equal(groups[positive], ring_groups(dev, positive, 3)[0][positive])
    assert len(np.unique(groups[positive])) >= 3


def test_training_figures(model: RankerModel, dev: FlowGraph, dev_labels: Labels) -> None:
    cv = model.cv
    assert cv.folds == 3
    assert cv.f1 > 0.8 and cv.pr_auc > 0.8  # bipartite/stack days are easy within one bank
    assert 0 < model.threshold < 1 and 0 < model.flag_share < 0.2
    manifest = model.manifest()
    assert manifest["feature_version"] == FEATURE_VERSION
    assert manifest["features"] == signed_features(model.windows)
    assert manifest["windows"] == [86_400, 604_800]
    assert manifest["training"]["positive_transactions"] == 353
    assert len(manifest["training"]["digest"]) == 64
    assert manifest["parameters"]["folds"] == 3


def test_round_trip_scores_identically(
    model: RankerModel, saved: Path, ibm: FlowGraph, engine: DuckDBEngine
) -> None:
    loaded = load_model(saved)
    assert loaded.manifest() == model.manifest()
    # One feature matrix for both: the engine's parallel sums may differ in the last bit
    # between two computations, which says nothing about the saved estimator.
    features = model.matrix(ibm, engine)
    expected = model.predict(features)
    assert np.array_equal(loaded.predict(features), expected)
    accounts = loaded.score_accounts(ibm, engine)
    assert accounts.shape == (ibm.n_accounts,)
    assert accounts.max() == pytest.approx(expected.max(), abs=1e-9)


def test_alerts_group_rings(model: RankerModel, dev: FlowGraph, engine: DuckDBEngine) -> None:
    alerts = model.alerts(dev, engine)
    scores = model.score_transactions(dev, engine)
    cut = model.cut(scores)
    flagged = set(np.flatnonzero(scores >= cut).tolist())
    rows = [r for a in alerts for r in a.rows]
    assert alerts and len(rows) == len(flagged) and set(rows) == flagged
    flagged_rows = np.asarray(sorted(flagged))
    degree = np.bincount(
        np.concatenate([dev.src[flagged_rows], dev.dst[flagged_rows]]), minlength=dev.n_accounts
    )
    seen: set[int] = set()
    for alert in alerts:  # one alert per connected group: only busy hubs are in two
        shared = seen & set(alert.accounts)
        assert all(degree[a] > HUB for a in shared)
        seen |= set(alert.accounts)
    assert any(len(a.rows) > 1 for a in alerts)  # rings are grouped
    assert [a.score for a in alerts] == sorted((a.score for a in alerts), reverse=True)
    first = record(alerts[0], dev)
    assert first["typology"] == "ranker-v1"
    # the features that raised it, at most three (fewer when only those move the score)
    assert 1 <= first["explanation"].count("(typical") <= 3
    assert "Driven by: payments between this pair" in first["explanation"]
    top = model.alerts(dev, engine, top=2)
    assert [a.id for a in top] == [a.id for a in alerts[:2]]


def _rewrite(source: Path, target: Path, **changes: object) -> None:
    with zipfile.ZipFile(source) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        blob = zf.read("estimator.skops")
    manifest.update(changes)
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("estimator.skops", blob)


def test_refusals(saved: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.zip"
    _rewrite(saved, other, feature_version="gfp-v0")
    with pytest.raises(InvalidInput, match=r"'gfp-v0'.*retrain") as err:
        load_model(other)
    assert err.value.file == str(other)
    _rewrite(saved, other, features=["amt_pct"])
    with pytest.raises(InvalidInput, match="feature list differs"):
        load_model(other)
    _rewrite(saved, other, threshold=0.5, estimator_sha256="0" * 64)
    with pytest.raises(InvalidInput, match="sha256"):
        load_model(other)
    text = tmp_path / "notes.zip"
    text.write_text("not a model", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a zip"):
        load_model(text)
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InvalidInput, match=r"no estimator\.skops, manifest\.json"):
        load_model(other)


def test_untrusted_estimator_is_refused(saved: Path, tmp_path: Path) -> None:
    """An estimator smuggling a callable (here ``print``) never gets loaded."""
    import hashlib

    blob = sio.dumps(make_pipeline(FunctionTransformer(print)))
    with zipfile.ZipFile(saved) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["estimator_sha256"] = hashlib.sha256(blob).hexdigest()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("estimator.skops", blob)
    with pytest.raises(InvalidInput, match=r"untrusted types: .*print"):
        load_model(bad)


def test_too_few_labels(dev: FlowGraph, engine: DuckDBEngine) -> None:
    few = np.zeros(dev.n_edges, dtype=bool)
    few[:2] = True
    labels = Labels(LabelKind.TRANSACTION, few, np.zeros(dev.n_accounts, dtype=bool), 2, 0)
    with pytest.raises(InvalidInput, match="at least 5 positive"):
        train(dev, engine, labels)


def test_cli_train_then_score(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    trained = run_cli(
        "detect", "--transactions", str(DEV), "--map", TX_MAP, "--train", str(DEV),
        "--labels-map", "id=tran_id,label=is_sar", "--model", str(path),
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert "CV: precision" in trained.stderr and path.exists()
    assert load_model(path).manifest()["training"]["positive_transactions"] == 353
    out = tmp_path / "alerts.jsonl"
    scored = run_cli(
        "detect", "--transactions", str(DEV), "--map", TX_MAP, "--model", str(path),
        "--typology", "fan_in", "-o", str(out),
    )  # fmt: skip
    assert scored.returncode == 0, scored.stderr
    kinds = [json.loads(line)["typology"] for line in out.read_text().splitlines()]
    assert "ranker-v1" in kinds
    first = kinds.index("ranker-v1")
    assert all(k == "ranker-v1" for k in kinds[first:])  # rules first, then the ranker
    broken = tmp_path / "broken.zip"
    broken.write_text("no", encoding="utf-8")
    refused = run_cli(
        "detect", "--transactions", str(DEV), "--map", TX_MAP, "--model", str(broken),
        "-o", str(out),
    )  # fmt: skip
    assert refused.returncode == 2 and "not a zip" in refused.stderr
