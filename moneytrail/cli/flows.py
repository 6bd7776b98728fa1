"""``moneytrail trace`` and ``moneytrail detect``: money flows from a transaction file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moneytrail import flows as flow_lib  # lazy: the tracer loads on first use
from moneytrail import typologies as typology_lib  # lazy: the pattern searches load on first use
from moneytrail.cli.context import state, stderr
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName, get_engine
from moneytrail.errors import ConfigError, InvalidInput
from moneytrail.flows.kinds import Direction, Method
from moneytrail.settings import Settings, parse_date_bound
from moneytrail.typologies.kinds import FeatureSet, LabelKind

if TYPE_CHECKING:
    from moneytrail.flows import FlowGraph
    from moneytrail.flows import Transactions as TransactionTable
    from moneytrail.typologies.ranker import RankerModel


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
    typer.Option(
        help="duckdb (embedded) or spark (pip install moneytrail\\[spark]; docs/spark.md)."
    ),
]


MinDate = Annotated[
    str | None,
    typer.Option(
        "--min-date",
        help="Refuse transactions dated before this day (YYYY-MM-DD). "
        "Default: $MONEYTRAIL_MIN_DATE or 1900-01-01.",
        show_default=False,
    ),
]
MaxDate = Annotated[
    str | None,
    typer.Option(
        "--max-date",
        help="Refuse transactions dated after this day (YYYY-MM-DD). "
        "Default: $MONEYTRAIL_MAX_DATE or 2100-12-31.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class TxInput:
    """The options that say how to read a transaction file, shared by every flow command."""

    path: Path
    mapping: str | None = None
    rates: Path | None = None
    rejects: Path | None = None
    min_date: str | None = None
    max_date: str | None = None

    def read(self, settings: Settings) -> TransactionTable:
        """Validated transactions; bad rows stop the run or go to the rejects file."""
        low = parse_date_bound(self.min_date, "--min-date") if self.min_date else None
        high = parse_date_bound(self.max_date, "--max-date") if self.max_date else None
        txs = flow_lib.read_transactions(
            self.path,
            flow_lib.parse_map(self.mapping),
            rates=flow_lib.read_rates(self.rates) if self.rates else None,
            rejects=self.rejects,
            min_date=low or settings.min_date,
            max_date=high or settings.max_date,
        )
        if txs.rejected:
            stderr.print(f"{txs.rejected:,} rows rejected, see {self.rejects}", highlight=False)
        return txs

    def graph(self, settings: Settings) -> FlowGraph:
        return flow_lib.build_graph(self.read(settings))


def _seeds(path: Path) -> list[str]:
    if not path.is_file():
        raise InvalidInput("no such seeds file", file=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text: save it as UTF-8", file=str(path)) from None
    seeds = [line.strip() for line in text.splitlines()]
    return [s for s in seeds if s]


def trace_command(
    ctx: typer.Context,
    transactions: Transactions,
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
    min_date: MinDate = None,
    max_date: MaxDate = None,
    engine: EngineOption = EngineName.DUCKDB,
    seeds: Annotated[
        Path | None, typer.Option("--from", help="Seed accounts: one id a line.")
    ] = None,
    listed_wallets: Annotated[
        bool,
        typer.Option(
            "--listed-wallets",
            help="Also start from every account id that is a listed crypto address.",
        ),
    ] = False,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--list", help="Lists for --listed-wallets; default: the store's."),
    ] = None,
) -> None:
    """Trace money from seed accounts through time-ordered chains of transactions."""
    check_target(output)
    if seeds is None and not listed_wallets:
        raise InvalidInput("give --from, --listed-wallets or both", field="--from")
    tx = TxInput(transactions, mapping, rates, rejects, min_date, max_date)
    graph = tx.graph(state(ctx).settings)
    start = _seeds(seeds) if seeds else []
    if listed_wallets:
        start += _listed_wallets(ctx, graph, lists)
    # The embedded search is in-memory numpy; only another engine is asked for.
    backend = None if engine is EngineName.DUCKDB else get_engine(engine.value)
    try:
        result = flow_lib.trace(
            graph,
            start,
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
            from moneytrail.flows.html import render

            out.write(render(result))
        else:
            for rec in result.records():
                out.write(json_line(rec) + "\n")
    stderr.print(f"{len(result.accounts):,} accounts reached", highlight=False)


def _listed_wallets(ctx: typer.Context, graph: FlowGraph, lists: list[Path] | None) -> list[str]:
    """Account ids of the transactions that are listed addresses (flows/wallets.py)."""
    from moneytrail.cli.context import open_store
    from moneytrail.flows.wallets import listed_accounts
    from moneytrail.screening.service import wallets_from_sources, wallets_from_store

    if lists:
        index = wallets_from_sources(lists)
    else:
        with open_store(ctx) as store:
            index = wallets_from_store(store)
    found = listed_accounts((str(a) for a in graph.accounts.to_pylist()), index)
    stderr.print(f"{len(found):,} accounts are listed addresses", highlight=False)
    return found


def detect_command(
    ctx: typer.Context,
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
    min_date: MinDate = None,
    max_date: MaxDate = None,
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
    train: Annotated[
        Path | None,
        typer.Option("--train", help="Labels file: learn a ranker and write it to --model."),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Ranker model file: written by --train, else scored."),
    ] = None,
    labels_map: Annotated[
        str | None, typer.Option("--labels-map", help="KEY=COLUMN,... for keys id, label.")
    ] = None,
    labels_kind: Annotated[
        LabelKind | None,
        typer.Option("--labels-kind", help="account or transaction ids (default: detected)."),
    ] = None,
    features: Annotated[
        FeatureSet,
        typer.Option("--features", help="What the ranker learns from (docs/flows.md)."),
    ] = FeatureSet.RULES,
) -> None:
    """Scan transactions for laundering typologies; one JSON alert a line.

    With --train LABELS --model OUT, learn a ranker from past labels instead; with
    --model FILE, the ranker's alerts follow the rules' alerts (docs/flows.md)."""
    from moneytrail.typologies.config import DETECT, default_config_toml, load_config

    if print_config:
        with open_output(output or "-") as out:
            out.write(default_config_toml())
        return
    if train is not None:
        if transactions is None or model is None:
            absent = "--transactions" if transactions is None else "--model"
            raise typer.BadParameter("required with --train", param_hint=absent)
        tx = TxInput(transactions, mapping, rates, rejects, min_date, max_date)
        _train_ranker(tx.graph(state(ctx).settings), engine, train, model, labels_map,
                      labels_kind, features)  # fmt: skip
        return
    if transactions is None or output is None:
        absent = "--transactions" if transactions is None else "--output"
        raise typer.BadParameter("required unless --print-config is given", param_hint=absent)
    ranker = _load_ranker(model) if model is not None else None
    configs = load_config(config) if config else {}
    typology = typology or configs.get(DETECT)
    if engine is EngineName.SPARK:
        typology = typology or list(typology_lib.PORTABLE)
        missing = sorted(
            {t.NAME for t in typology_lib.resolve(typology)} - set(typology_lib.PORTABLE)
        )
        if missing:
            raise ConfigError(f"not yet on Spark: {', '.join(missing)}; use --engine duckdb")
    typologies = typology_lib.resolve(typology, configs)
    check_target(output)
    graph = TxInput(transactions, mapping, rates, rejects, min_date, max_date).graph(
        state(ctx).settings
    )
    backend = get_engine(engine.value)
    count = 0
    try:
        with open_output(output) as out:
            for alert in typology_lib.run(graph, backend, typologies):
                out.write(json_line(typology_lib.record(alert, graph)) + "\n")
                count += 1
            for alert in ranker.alerts(graph, backend) if ranker else []:
                out.write(json_line(typology_lib.record(alert, graph)) + "\n")
                count += 1
    finally:
        backend.close()
    stderr.print(f"{count:,} alerts from {len(typologies)} typologies", highlight=False)


def _load_ranker(path: Path) -> RankerModel:
    from moneytrail.typologies.ranker import load_model  # scikit-learn: load only when used

    return load_model(path)


def _train_ranker(
    graph: FlowGraph,
    engine: EngineName,
    labels: Path,
    model: Path,
    labels_map: str | None,
    labels_kind: LabelKind | None,
    features: FeatureSet,
) -> None:
    from moneytrail.typologies.labels import parse_labels_map, read_labels

    resolved = read_labels(labels, parse_labels_map(labels_map), graph, labels_kind)
    from moneytrail.typologies.ranker import train as train_ranker  # scikit-learn: load late

    backend = get_engine(engine.value)
    try:
        trained = train_ranker(graph, backend, resolved, feature_set=features)
    finally:
        backend.close()
    trained.save(model)
    cv = trained.cv
    stderr.print(
        f"{trained.NAME} ({features.value} features) trained on {graph.n_edges:,} transactions "
        f"({int(resolved.edges.sum()):,} positive, {resolved.kind.value} labels); "
        f"{cv.folds}-fold CV: precision {cv.precision:.3f}, recall {cv.recall:.3f}, "
        f"F1 {cv.f1:.3f}, PR-AUC {cv.pr_auc:.3f}, precision in top 1%/5% of accounts "
        f"{cv.precision_top1_accounts:.3f}/{cv.precision_top5_accounts:.3f}; "
        f"threshold {cv.threshold:.3f} (top {cv.flag_share:.1%}); written to {model}",
        highlight=False,
    )
