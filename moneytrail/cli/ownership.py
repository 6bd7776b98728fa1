"""``moneytrail ownership``: entities blocked by ownership under OFAC's or the EU's rule.

A contract other tools call (see docs/ownership-rules.md): the options, the JSONL
fields and the exit codes only ever grow.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from moneytrail.cli.context import stderr
from moneytrail.cli.output import check_target, json_line, open_output
from moneytrail.engines.factory import EngineName, get_engine


class RuleChoice(StrEnum):
    ofac = "ofac"
    eu = "eu"
    eu_2024 = "eu-2024"
    bis_affiliates = "bis-affiliates"


def ownership(
    entities: Annotated[
        Path,
        typer.Option(
            "--entities",
            help="FtM JSONL: people, companies, ... and Ownership (owner, asset, percentage).",
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="JSONL output file; '-' is stdout.")
    ],
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="A list file or folder whose entries are designated; repeatable. Entities "
            "with topic 'sanction' are designated anyway.",
        ),
    ] = None,
    rule: Annotated[
        RuleChoice,
        typer.Option(
            help="ofac: 50% or more, aggregated (2014 guidance). eu: more than 50% or "
            "control; joint holdings for review (Best Practices before July 2024). "
            "eu-2024: 50% or more aggregated, or control.",
        ),
    ] = RuleChoice.ofac,
    engine: Annotated[
        EngineName,
        typer.Option(
            help="duckdb (embedded) or spark (pip install moneytrail\\[spark]; docs/spark.md)."
        ),
    ] = EngineName.DUCKDB,
) -> None:
    """Find entities blocked because designated persons own (or, under EU rules, control) them."""
    from moneytrail.graph import ownership_report

    check_target(output)  # a missing folder fails before the work, not after it
    backend = get_engine(engine.value)
    try:
        result = ownership_report(entities, lists or [], rule.value, engine=backend)
    finally:
        backend.close()
    with open_output(output) as out:
        for record in result.records:
            out.write(json_line(record) + "\n")
    for record in result.records:
        if record.get("over_100_percent"):
            stderr.print(
                f"warning: {entities}: the owners of {record['id']!r} are stated to hold "
                f"{record['stated_total']:g}% in total, more than 100%; check the register",
                highlight=False,
            )
    stderr.print(
        f"{result.entities:,} entities, {result.designated:,} designated: "
        f"{result.blocked:,} blocked by ownership ({rule.value}, {result.rounds} "
        f"round{'' if result.rounds == 1 else 's'}), "
        f"{result.review:,} to review",
        highlight=False,
    )
