"""``moneytrail trace`` and ``moneytrail detect``: money flows from a transaction file."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import stderr
from moneytrail.cli.output import open_output
from moneytrail.engines.factory import EngineName, get_engine
from moneytrail.errors import ConfigError, InvalidInput
from moneytrail.flows import (
    Direction,
    FlowGraph,
    Method,
    build_graph,
    parse_map,
    read_rates,
    read_transactions,
    trace,
)
from moneytrail.flows.html import render
from moneytrail.typologies import PORTABLE, record, resolve, run
from moneytrail.typologies.config import DETECT, default_config_toml, load_config


class Format(StrEnum):
    JSONL = "jsonl"
    HTML = "html"


Transactions = Annotated[
    Path, typer.Option("--transactions", help="CSV, Parquet or JSONL (gzip allowed).")
]
Mapping = Annotated[
    str | None,
    typer.Option(
        "--map", help="KEY=COLUMN,... for keys id, source, target, amount, date, currency."
    ),
]
Rates = Annotated[
    Path | None,
    typer.Option(help="CSV currency,rate: converts amounts; without it, one currency only."),
]
Rejects = Annotated[
    Path | None,
    typer.Option(help="Write bad rows here (line, field, reason) and go on without them."),
]
Output = Annotated[str, typer.Option("--output", "-o", help="Output file; '-' is stdout.")]
EngineOption = Annotated[
    EngineName,
    typer.Option(help="duckdb (embedded) or spark (pip install moneytrail[spark]; docs/spark.md)."),
]


def _graph(path: Path, mapping: str | None, rates: Path | None, rejects: Path | None) -> FlowGraph:
    txs = read_transactions(
        path, parse_map(mapping), rates=read_rates(rates) if rates else None, rejects=rejects
    )
    if txs.rejected:
        stderr.print(f"{txs.rejected:,} rows rejected, see {rejects}", highlight=False)
    return build_graph(txs)


def _seeds(path: Path) -> list[str]:
    if not path.exists():
        raise InvalidInput("no such seeds file", file=str(path))
    seeds = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [s for s in seeds if s]


def trace_command(
    transactions: Transactions,
    seeds: Annotated[Path, typer.Option("--from", help="Seed accounts: one id a line.")],
    output: Output,
    mapping: Mapping = None,
    direction: Annotated[
        Direction, typer.Option(help="forward: where money went; backward: where it came from.")
    ] = Direction.FORWARD,
    hops: Annotated[int, typer.Option(help="At most this many hops.", min=1, max=50)] = 6,
    attribution: Annotated[
        Method, typer.Option(help="How amounts are attributed (see docs/flows.md).")
    ] = Method.PROPORTIONAL,
    fmt: Annotated[Format, typer.Option("--format", help="jsonl, or html (a picture).")] = (
        Format.JSONL
    ),
    rates: Rates = None,
    rejects: Rejects = None,
    engine: EngineOption = EngineName.DUCKDB,
) -> None:
    """Trace money from seed accounts through time-ordered chains of transactions."""
    graph = _graph(transactions, mapping, rates, rejects)
    # The embedded search is in-memory numpy; only another engine is asked for.
    backend = None if engine is EngineName.DUCKDB else get_engine(engine.value)
    try:
        result = trace(
            graph,
            _seeds(seeds),
            direction=direction,
            hops=hops,
            method=attribution,
            engine=backend,
        )
    finally:
        if backend is not None:
            backend.close()
    with open_output(output) as out:
        if fmt is Format.HTML:
            out.write(render(result))
        else:
            for rec in result.records():
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    stderr.print(f"{len(result.accounts):,} accounts reached", highlight=False)


def detect_command(
    transactions: Annotated[
        Path | None,
        typer.Option("--transactions", help="CSV, Parquet or JSONL (gzip allowed); required."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output file; '-' is stdout; required.")
    ] = None,
    mapping: Mapping = None,
    typology: Annotated[
        list[str] | None,
        typer.Option("--typology", help="Typology name (repeatable); default: all."),
    ] = None,
    rates: Rates = None,
    rejects: Rejects = None,
    engine: EngineOption = EngineName.DUCKDB,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="TOML file of typology settings (see --print-config)."),
    ] = None,
    print_config: Annotated[
        bool,
        typer.Option(
            "--print-config", help="Write the default settings as a config file and stop."
        ),
    ] = False,
) -> None:
    """Scan transactions for laundering typologies; one JSON alert a line."""
    if print_config:
        with open_output(output or "-") as out:
            out.write(default_config_toml())
        return
    if transactions is None or output is None:
        absent = "--transactions" if transactions is None else "--output"
        raise typer.BadParameter("required unless --print-config is given", param_hint=absent)
    configs = load_config(config) if config else {}
    typology = typology or configs.get(DETECT)
    if engine is EngineName.SPARK:
        typology = typology or list(PORTABLE)
        missing = sorted({t.NAME for t in resolve(typology)} - set(PORTABLE))
        if missing:
            raise ConfigError(f"not yet on Spark: {', '.join(missing)}; use --engine duckdb")
    typologies = resolve(typology, configs)
    graph = _graph(transactions, mapping, rates, rejects)
    backend = get_engine(engine.value)
    count = 0
    try:
        with open_output(output) as out:
            for alert in run(graph, backend, typologies):
                out.write(json.dumps(record(alert, graph), ensure_ascii=False) + "\n")
                count += 1
    finally:
        backend.close()
    stderr.print(f"{count:,} alerts from {len(typologies)} typologies", highlight=False)
