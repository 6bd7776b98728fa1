"""Request and response shapes; those of /match and /search are yente's, field for field.

yente clients send ``{"queries": {key: {"schema", "properties"}}}`` and read
``responses[key].results``; extra fields here (``explanation``, ``token``) are ones a
yente client ignores.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from moneytrail.names.invisible import has_lone_surrogate


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["customer-42"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["John Doe"]}])


def broken_text_at(value: object, path: str = "") -> str | None:
    """Where in a JSON value (keys included) a lone UTF-16 surrogate sits, or None.

    JSON may spell "\\ud800" although it is no character: nothing can encode it, so it
    would fail later in the audit line or the response (a 500 and no audit). The path is
    written with backslash escapes, so the refusal itself can be encoded and audited.
    """
    if isinstance(value, str):
        return path or "body" if has_lone_surrogate(value) else None
    items: list[tuple[object, object]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, inner in items:
        step = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
        here = f"{path}.{step}" if path else step
        if isinstance(key, str) and has_lone_surrogate(key):
            return here
        found = broken_text_at(inner, here)
        if found is not None:
            return found
    return None


class EntityMatchQuery(BaseModel):
    """yente's body; ``weights`` and ``config`` are accepted and ignored (screen-v1 is fixed)."""

    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)
    queries: dict[str, EntityExample]

    @model_validator(mode="before")
    @classmethod
    def _no_broken_text(cls, data: Any) -> Any:
        """Refuse (422) a body holding a lone surrogate anywhere; see ``broken_text_at``."""
        where = broken_text_at(data)
        if where is not None:
            raise ValueError(f"invalid text at {where}: a lone UTF-16 surrogate")
        return data


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float
    features: dict[str, float]
    match: bool
    token: str = Field(..., description="The entry digest: quote it when deciding on a hit.")
    explanation: dict[str, Any] = Field(default_factory=dict)


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float | None = None
    url: str | None = None


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchResponse(BaseModel):
    results: list[ScoredEntityResponse]
    total: TotalSpec
    limit: int
    offset: int = 0
    facets: dict[str, Any] = Field(default_factory=dict)


class StatementOut(BaseModel):
    id: str
    entity_id: str
    schema_: str = Field(..., alias="schema")
    prop: str
    value: str
    original_value: str | None
    dataset: str
    list_version: str
    source_record: str
    first_seen: str
    last_seen: str


class LinkOut(BaseModel):
    via_id: str
    via_schema: str
    role: str
    other_id: str
    other_caption: str
    other_schema: str
    statements: list[StatementOut]


class SanctionOut(BaseModel):
    id: str
    statements: list[StatementOut]


class EntityDetail(EntityResponse):
    statements: list[StatementOut]
    sanctions: list[SanctionOut]
    links: list[LinkOut]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


class StatusResponse(BaseModel):
    status: str = "ok"


class AlertOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    query_id: str
    entity_id: str
    entry_digest: str
    caption: str
    schema_: str = Field(..., alias="schema")
    datasets: list[str]
    score: float
    algorithm: str
    query: dict[str, Any]
    explanation: dict[str, Any]
    list_versions: dict[str, str]
    status: str
    created_at: str
    updated_at: str
    version: int = Field(1, description="Name it when deciding; a change meanwhile is a 409.")


class DecisionOut(BaseModel):
    id: str
    alert_id: str
    decision: str
    reason: str
    actor: str
    at: str
    state: str = Field("final", description="proposed, final or rejected (four-eyes review)")
    reason_code: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    review_note: str | None = None


class AlertDetail(BaseModel):
    alert: AlertOut
    decisions: list[DecisionOut]


class AlertList(BaseModel):
    alerts: list[AlertOut]
    limit: int
    offset: int


class DecisionIn(BaseModel):
    decision: Literal["true_match", "false_positive", "escalate"]
    reason: str = Field(..., min_length=1, max_length=4000)
    version: int | None = Field(None, ge=1, description="The alert version decided on.")


class ReopenIn(BaseModel):
    reason: str = Field(..., min_length=1, max_length=4000)


class UserIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=100)
    role: Literal["analyst", "reviewer", "admin"] = "analyst"


class UserOut(BaseModel):
    id: str
    name: str
    role: str
    key_id: str
    created_at: str
    expires_at: str | None = Field(None, description="The key is refused from then on (UTC).")
    disabled_at: str | None = Field(None, description="Set once the account is disabled.")


class UserCreated(BaseModel):
    user: UserOut
    api_key: str = Field(..., description="Shown once; only a salted hash is kept.")


class AuditEntryOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]
    after: int
    limit: int


class AuditProblemOut(BaseModel):
    seq: int
    kind: str
    detail: str


class AuditMismatchOut(BaseModel):
    """A row whose state differs from what the audit log recorded (docs/audit.md)."""

    table: str
    row: str
    log: str
    stored: str


class AuditVerifyOut(BaseModel):
    ok: bool
    lines: int
    head: str
    problems: list[AuditProblemOut]
    mismatches: list[AuditMismatchOut] = []


class ErrorResponse(BaseModel):
    detail: str
    field: str | None = None
    limit: str | None = None


# -- casework: four-eyes review and cases (services/cases.py) -----------------------

DecisionName = Literal["true_match", "false_positive", "escalate"]


def _version() -> Any:
    """A required version field (a fresh FieldInfo per model)."""
    return Field(..., ge=1, description="The version the change is based on (409 if it moved).")


class ProposalIn(BaseModel):
    decision: DecisionName
    version: int = _version()
    reason_code: str | None = Field(None, max_length=64, examples=["name_only"])
    note: str = Field("", max_length=4000)


class ReviewIn(BaseModel):
    version: int = _version()
    note: str = Field("", max_length=4000)


class AlertVersion(BaseModel):
    id: str = Field(..., min_length=1, max_length=100)
    version: int = Field(..., ge=1)


class BulkProposalIn(BaseModel):
    alerts: list[AlertVersion] = Field(..., min_length=1, max_length=500)
    decision: DecisionName
    reason_code: str = Field(..., min_length=1, max_length=64)
    note: str = Field("", max_length=4000)


class BulkProposalOut(BaseModel):
    alerts: list[AlertDetail]


class ReasonCodes(BaseModel):
    codes: dict[str, str]


class CaseIn(BaseModel):
    title: str = Field(..., min_length=1, max_length=200)
    alert_ids: list[str] = Field(..., min_length=1, max_length=500)
    subject: str | None = Field(None, max_length=200)
    assignee: str | None = Field(None, max_length=100)
    move: bool = Field(False, description="Take alerts from the cases they are in (a split).")


class CaseOut(BaseModel):
    id: str
    title: str
    subject: str
    status: str
    assignee: str | None
    narrative: str
    conclusion: str
    created_by: str
    created_at: str
    updated_at: str
    version: int
    alert_ids: list[str]
    due_at: str | None = None  # the case policy (docs/cases.md)
    overdue: bool = False
    merged_into: str | None = None


class CaseDetail(BaseModel):
    case: CaseOut
    alerts: list[AlertDetail]


class CaseList(BaseModel):
    cases: list[CaseOut]
    limit: int
    offset: int


class CaseAlertsIn(BaseModel):
    version: int = _version()
    alert_ids: list[str] = Field(..., min_length=1, max_length=500)
    move: bool = Field(False, description="Take alerts from the case they are in.")


class AssignIn(BaseModel):
    version: int = _version()
    assignee: str | None = Field(None, max_length=100, description="An account name; null: none.")


class CaseStatusIn(BaseModel):
    version: int = _version()
    status: Literal["open", "in_review", "closed"]


class NarrativeIn(BaseModel):
    version: int = _version()
    narrative: str | None = Field(None, max_length=20_000)
    conclusion: str | None = Field(None, max_length=20_000)
