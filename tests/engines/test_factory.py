"""Choosing an engine by name, and the error a user sees when Spark cannot run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from moneytrail.engines import DuckDBEngine
from moneytrail.engines.factory import get_engine
from moneytrail.errors import ConfigError, EngineUnavailable
from tests.conftest import FIXTURES

HINT = "pip install moneytrail[spark]"


def test_duckdb_by_name() -> None:
    engine = get_engine("duckdb")
    assert isinstance(engine, DuckDBEngine)
    assert engine.query("SELECT 41 + 1 AS x").column("x").to_pylist() == [42]
    engine.close()


def test_unknown_engine_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="duckdb, spark"):
        get_engine("flink")


def test_missing_pyspark_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(EngineUnavailable, match=r"PySpark.*pip install moneytrail\[spark\]"):
        get_engine("spark")


def test_missing_java_gives_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("pyspark")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jre"))
    monkeypatch.delenv("MONEYTRAIL_SPARK_MASTER", raising=False)
    with pytest.raises(EngineUnavailable, match=r"JAVA_HOME.*pip install moneytrail\[spark\]"):
        get_engine("spark", master="local[1]")


def test_importing_the_engines_never_imports_pyspark() -> None:
    code = (
        "import sys, moneytrail.engines, moneytrail.engines.factory, moneytrail.engines.spark, "
        "moneytrail.cli.main; assert 'pyspark' not in sys.modules, 'pyspark imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_cli_without_pyspark_prints_one_line_and_exits_3(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pyspark'] = None; sys.modules['pyspark.sql'] = None; "
        "from moneytrail.cli.main import run; sys.argv[0] = 'moneytrail'; run()"
    )
    args = ["ownership", "--entities", str(FIXTURES / "ownership_tajideen.jsonl")]
    args += ["--output", str(tmp_path / "out.jsonl"), "--engine", "spark"]
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 3, proc.stderr
    assert HINT in proc.stderr
    assert "Traceback" not in proc.stderr
