"""Request and response bodies of the case policy's routes: merge, split, the case list's
filters, the timeline and the search across everything (schemas.py holds the rest)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from moneytrail.api.schemas import CaseOut


class MergeIn(BaseModel):
    version: int = Field(..., ge=1, description="The version of this case the merge is based on.")
    other: str = Field(..., min_length=1, max_length=100, description="The case merged in.")
    other_version: int = Field(..., ge=1, description="The version of the other case.")


class SplitIn(BaseModel):
    version: int = Field(..., ge=1, description="The version the change is based on.")
    alert_ids: list[str] = Field(..., min_length=1, max_length=500)
    title: str = Field(..., min_length=1, max_length=200)


class CaseRowOut(CaseOut):
    """A case in the list: its due date, whether it is late, age and the kinds in it."""

    age_days: int
    kinds: list[str]


class CaseRows(BaseModel):
    cases: list[CaseRowOut]
    limit: int
    offset: int


class EventOut(BaseModel):
    at: str = Field(..., description="ISO date or time of the event")
    kind: str
    title: str
    subject: str
    source: str = Field(..., description="audit line, statement or transaction it comes from")
    actor: str | None = None
    link: str | None = None


class TimelineOut(BaseModel):
    case_id: str
    events: list[EventOut]


class HitOut(BaseModel):
    kind: str = Field(..., description="entity, customer, account, alert or case")
    id: str
    title: str
    detail: str = ""
    score: float | None = None
    link: str = Field(..., description="The workbench page of the subject")


class FoundOut(BaseModel):
    q: str
    results: list[HitOut]
