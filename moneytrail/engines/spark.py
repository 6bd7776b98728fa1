"""Apache Spark as an Engine: the same SQL as DuckDB, run on a cluster (or local[2]).

This is the only module that imports pyspark, and only inside functions, so
``import moneytrail.engines`` never needs it. Install with ``pip install
moneytrail[spark]`` (PySpark 4, which reads and writes Arrow without pandas, and
Java 17 or later).

Spark has temporary *views* but no temporary *tables*, no ``INSERT`` into a view and
no transactions. The analyses write ``CREATE OR REPLACE TEMP TABLE x AS SELECT``,
``INSERT INTO x SELECT`` and ``DROP TABLE IF EXISTS x`` (the DuckDB idiom); this
engine turns each into a checkpointed DataFrame registered as a view. Checkpointing
is what makes iterative algorithms (fixed points, breadth-first search) affordable:
every round starts from materialised data instead of a plan that grows by one join
per round. With a ``checkpoint_dir`` (HDFS, s3a://) checkpoints survive a lost
executor; without one they are kept in executor memory (``localCheckpoint``).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

from moneytrail.errors import EngineUnavailable

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

HINT = "pip install moneytrail[spark]"

DEFAULT_CONFIG: dict[str, str] = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.cleaner.referenceTracking.cleanCheckpoints": "true",
}
# Only for local masters: a cluster's driver must be reachable and sized by its admin.
LOCAL_CONFIG: dict[str, str] = {
    # Servers listen on the loopback only; nothing is exposed by a local run.
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # One machine's shuffles are small; the default 200 partitions are 200 tiny tasks.
    "spark.sql.shuffle.partitions": "8",
}

_CREATE = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+TABLE\s+(\w+)\s+AS\s+(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_INSERT = re.compile(
    r"^\s*INSERT\s+INTO\s+(\w+)\s+((?:SELECT|WITH)\b.*)$", re.IGNORECASE | re.DOTALL
)
_DROP = re.compile(r"^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)\s*;?\s*$", re.IGNORECASE)


def _require_pyspark() -> None:
    """Fail with the install hint rather than a bare ImportError deep in an analysis."""
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession  # noqa: F401
    except ImportError as exc:
        raise EngineUnavailable(f"the Spark engine needs PySpark: {HINT} ({exc})") from exc


def _require_java() -> None:
    """Spark's driver is a JVM: check for it before PySpark fails with a gateway error."""
    home = os.environ.get("JAVA_HOME")
    if home:
        if not (Path(home) / "bin" / "java").exists():
            raise EngineUnavailable(
                f"the Spark engine needs Java 17+, but JAVA_HOME={home} has no bin/java; "
                f"fix JAVA_HOME or install a JRE (apt-get install default-jre-headless), "
                f"then {HINT}"
            )
    elif shutil.which("java") is None:
        raise EngineUnavailable(
            "the Spark engine needs Java 17+ on PATH or in JAVA_HOME "
            f"(apt-get install default-jre-headless), then {HINT}"
        )


def _master(master: str | None) -> str | None:
    """The master to set, or None under spark-submit (which has set it already)."""
    if master:
        return master
    if os.environ.get("MONEYTRAIL_SPARK_MASTER"):
        return os.environ["MONEYTRAIL_SPARK_MASTER"]
    return None if "PYSPARK_GATEWAY_PORT" in os.environ else "local[2]"


def start_session(
    master: str | None = None, config: Mapping[str, str] | None = None, app_name: str = "moneytrail"
) -> SparkSession:
    """A Spark session with moneytrail's defaults (loopback only, no UI, few partitions).

    ``master`` defaults to $MONEYTRAIL_SPARK_MASTER, else to whatever spark-submit
    chose, else ``local[2]``.
    """
    _require_pyspark()
    from pyspark.sql import SparkSession

    chosen = _master(master)
    local = chosen is not None and chosen.startswith("local")
    settings = {**DEFAULT_CONFIG, **(LOCAL_CONFIG if local else {}), **(config or {})}
    builder = SparkSession.builder.appName(app_name)
    if chosen is not None:
        _require_java()  # under spark-submit the JVM is already running
        builder = builder.master(chosen)
    if local:
        # Python workers must be this interpreter (with moneytrail and pyarrow), not
        # whatever python3 is first on PATH; PySpark reads only the variable here.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # PySparkRuntimeError, Py4JError: the JVM did not start
        raise EngineUnavailable(
            f"Spark could not start ({exc}); check Java 17+ and {HINT}"
        ) from exc
    if local:  # a cluster's logging is its admin's; locally, warnings would drown the output
        session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """The Engine protocol on a Spark session; temp views stand in for temp tables."""

    NAME: ClassVar[str] = "spark"

    def __init__(
        self,
        master: str | None = None,
        *,
        config: Mapping[str, str] | None = None,
        checkpoint_dir: str | None = None,
        session: SparkSession | None = None,
    ) -> None:
        """Use ``session`` if given (it stays open on ``close``), else start one."""
        self._owns = session is None
        self.spark: SparkSession = session or start_session(master, config)
        self._reliable = checkpoint_dir is not None
        if checkpoint_dir is not None:
            self.spark.sparkContext.setCheckpointDir(checkpoint_dir)
        self._views: set[str] = set()

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        table: pa.Table = self._sql(sql, params).toArrow()
        return table

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if match := _CREATE.match(sql):
            self.materialise(match.group(1), self._sql(match.group(2), params))
        elif match := _INSERT.match(sql):
            self._insert(match.group(1), self._sql(match.group(2), params))
        elif match := _DROP.match(sql):
            self.unregister(match.group(1))
        else:
            self._sql(sql, params)

    def register(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table).createOrReplaceTempView(name)
        self._views.add(name)

    def unregister(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)
        self._views.discard(name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """No-op: Spark has no transactions. Jobs that write should write a new path and
        swap it in on success (the atomic-write convention), never update in place."""
        yield

    def close(self) -> None:
        for name in list(self._views):
            self.unregister(name)
        if self._owns:
            self.spark.stop()

    def materialise(self, name: str, frame: DataFrame) -> None:
        """Compute ``frame`` now, cut its lineage, and name it (a temp table)."""
        done = frame.checkpoint(eager=True) if self._reliable else frame.localCheckpoint()
        done.createOrReplaceTempView(name)
        self._views.add(name)

    def map_arrow(
        self,
        table: pa.Table,
        fn: Callable[[pa.RecordBatch, Any], pa.RecordBatch],
        schema: str,
        shared: Any,
        partitions: int | None = None,
    ) -> pa.Table:
        """``fn(batch, shared)`` on the executors, ``shared`` broadcast once per executor.

        For work that is Python, not SQL (scoring names): ``shared`` is typically a
        built index, so it is shipped once per executor rather than once per task.
        Batches travel as pickled Arrow record batches through the RDD API, because
        ``mapInArrow`` requires pandas, which moneytrail does not otherwise need.
        ``schema`` documents the output ("i BIGINT, result STRING").
        """
        context = self.spark.sparkContext
        count = max(1, min(partitions or context.defaultParallelism * 4, table.num_rows))
        size = max(1, -(-table.num_rows // count))
        batches = table.combine_chunks().to_batches(max_chunksize=size)
        broadcast = context.broadcast(shared)

        def run(part: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            value = broadcast.value
            for batch in part:
                yield fn(batch, value)

        try:
            done = context.parallelize(batches, len(batches)).mapPartitions(run).collect()
        finally:
            broadcast.destroy()
        if not done:
            return table.schema.empty_table()
        return pa.Table.from_batches(done)

    def _sql(self, sql: str, params: Sequence[Any]) -> DataFrame:
        return self.spark.sql(sql, args=list(params)) if params else self.spark.sql(sql)

    def _insert(self, name: str, rows: DataFrame) -> None:
        """Append by union with the target's column types, then checkpoint."""
        from pyspark.sql.functions import col

        target = self.spark.table(name)
        cast = rows.select(
            [
                col(f"`{c}`").cast(f.dataType).alias(f.name)
                for c, f in zip(rows.columns, target.schema.fields, strict=True)
            ]
        )
        self.materialise(name, target.unionByName(cast))
