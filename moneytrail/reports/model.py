"""The case report: what a prosecutor or a regulator reads, in one structure for all formats.

Every claim carries the ids it rests on (statements of the store, transactions of the
flow table), and the report carries every cited statement with its provenance, so
each line of each export answers "where does this come from?". HTML, PDF, FtM and
goAML are renderings of this one model and never compute anything of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moneytrail.alerts.models import Alert, AuditEntry, Decision
from moneytrail.flows.stored import Tx

# The STR profile goaml.py writes: UNODC's generic goAML 4.0 report schema.
GOAML_PROFILE = "UNODC goAML 4.0 generic schema (goAMLSchema.xsd), report_code STR"


@dataclass(frozen=True, slots=True)
class CitedStatement:
    """A statement as the report's appendix lists it: the fact and where it was read."""

    id: str
    entity_id: str
    schema: str
    prop: str
    value: str
    dataset: str
    list_version: str
    source_record: str
    first_seen: str
    last_seen: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "prop": self.prop,
            "value": self.value,
            "dataset": self.dataset,
            "list_version": self.list_version,
            "source_record": self.source_record,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One line of the evidence table: a sentence and what it cites."""

    number: int
    about: str
    source: str
    text: str
    statements: tuple[str, ...] = ()
    transactions: tuple[str, ...] = ()

    @property
    def cited(self) -> bool:
        return bool(self.statements or self.transactions)


@dataclass(frozen=True, slots=True)
class AlertSection:
    """An alert with its decisions and every audit line about it, oldest first."""

    alert: Alert
    kind: str
    decisions: tuple[Decision, ...]
    audit: tuple[AuditEntry, ...]


@dataclass(frozen=True, slots=True)
class EntitySection:
    """An entity as the report introduces it."""

    id: str
    caption: str
    schema: str
    designated: bool
    programs: tuple[str, ...]
    datasets: tuple[str, ...]


@dataclass
class CaseReport:
    """Summary, evidence, pictures, decisions and audit trail of one case."""

    id: str
    title: str
    created_at: str
    author: str
    summary: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    statements: dict[str, CitedStatement] = field(default_factory=dict)
    alerts: list[AlertSection] = field(default_factory=list)
    entities: list[EntitySection] = field(default_factory=list)
    transactions: list[Tx] = field(default_factory=list)
    network_entity: str | None = None
    network_png: bytes | None = None
    flow_entity: str | None = None
    flow_svg: str | None = None
    currency: str = "USD"
    fiu_profile: str = GOAML_PROFILE
    # The analyst's own words (from the case when there is one), shown before the evidence.
    narrative: str = ""
    conclusion: str = ""
    case_id: str | None = None

    def cited_statements(self) -> list[CitedStatement]:
        """The appendix, in order of first citation."""
        order: dict[str, None] = {}
        for claim in self.claims:
            order.update(dict.fromkeys(claim.statements))
        return [self.statements[s] for s in order if s in self.statements]

    def total_amount(self) -> float:
        return round(sum(t.amount for t in self.transactions), 2)

    def cited_transactions(self) -> list[Tx]:
        """The payments the claims cite (what an STR reports); every listed one when none is.

        The transaction table also lists the traced flows of the focus entities for the
        reader's context, but a suspicious transaction report names only the payments the
        alerts rest on, not every small payment the trace happened to reach.
        """
        cited = {t for c in self.claims for t in c.transactions}
        chosen = [t for t in self.transactions if t.id in cited]
        return chosen or list(self.transactions)
