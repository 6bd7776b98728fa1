"""``moneytrail trace`` and ``moneytrail detect``: money flows from a transaction file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import state, stderr
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName
from moneytrail.errors import InvalidInput
from moneytrail.flows.kinds import Direction, Method
from moneytrail.services.transactions import TransactionSource
from moneytrail.typologies.kinds import FeatureSet, LabelKind


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


def notify(message: str) -> None:
    """A note for the person waiting (rows rejected, addresses found), on stderr."""
    stderr.print(message, highlight=False)


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
    from moneytrail.cli.context import open_store
    from moneytrail.services.money_flows import TraceRequest, trace_money

    check_target(output)
    if seeds is None and not listed_wallets:
        raise InvalidInput("give --from, --listed-wallets or both", field="--from")
    request = TraceRequest(
        transactions=TransactionSource(transactions, mapping, rates, rejects, min_date, max_date),
        seeds=_seeds(seeds) if seeds else (),
        listed_wallets=listed_wallets,
        lists=tuple(lists or ()),
        direction=direction,
        hops=hops,
        method=attribution,
        engine=engine,
    )
    settings = state(ctx).settings
    result = trace_money(request, settings, open_store=lambda: open_store(ctx), notify=notify)
    with open_output(output) as out:
        if fmt is Format.HTML:
            from moneytrail.flows.html import render

            out.write(render(result))
        else:
            for rec in result.records():
                out.write(json_line(rec) + "\n")
    stderr.print(f"{len(result.accounts):,} accounts reached", highlight=False)


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
    from moneytrail.services.detection import DetectRequest, detect_typologies
    from moneytrail.typologies.config import default_config_toml

    if print_config:
        with open_output(output or "-") as out:
            out.write(default_config_toml())
        return
    source = (
        TransactionSource(transactions, mapping, rates, rejects, min_date, max_date)
        if transactions is not None
        else None
    )
    if train is not None:
        if source is None or model is None:
            absent = "--transactions" if source is None else "--model"
            raise typer.BadParameter("required with --train", param_hint=absent)
        _train(ctx, source, train, model, labels_map, labels_kind, features, engine)
        return
    if source is None or output is None:
        absent = "--transactions" if source is None else "--output"
        raise typer.BadParameter("required unless --print-config is given", param_hint=absent)
    check_target(output)
    request = DetectRequest(source, tuple(typology or ()), config, model, engine)
    with open_output(output) as out:
        run = detect_typologies(
            request,
            state(ctx).settings,
            sink=lambda alert: out.write(json_line(alert) + "\n"),
            notify=notify,
        )
    stderr.print(f"{run.alerts:,} alerts from {run.typologies} typologies", highlight=False)


def _train(
    ctx: typer.Context,
    source: TransactionSource,
    labels: Path,
    model: Path,
    labels_map: str | None,
    labels_kind: LabelKind | None,
    features: FeatureSet,
    engine: EngineName,
) -> None:
    from moneytrail.services.detection import TrainRequest, train_ranker

    request = TrainRequest(source, labels, model, labels_map, labels_kind, features, engine)
    run = train_ranker(request, state(ctx).settings, notify=notify)
    trained, resolved, cv = run.model, run.labels, run.model.cv
    stderr.print(
        f"{trained.NAME} ({features.value} features) trained on {run.transactions:,} "
        f"transactions ({int(resolved.edges.sum()):,} positive, {resolved.kind.value} labels); "
        f"{cv.folds}-fold CV: precision {cv.precision:.3f}, recall {cv.recall:.3f}, "
        f"F1 {cv.f1:.3f}, PR-AUC {cv.pr_auc:.3f}, precision in top 1%/5% of accounts "
        f"{cv.precision_top1_accounts:.3f}/{cv.precision_top5_accounts:.3f}; "
        f"threshold {cv.threshold:.3f} (top {cv.flag_share:.1%}); written to {model}",
        highlight=False,
    )
