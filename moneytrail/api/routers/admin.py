"""Admin only: accounts and the audit log."""

from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from moneytrail.alerts import audit, users
from moneytrail.alerts.audit import AuditLog
from moneytrail.alerts.models import Role, User
from moneytrail.api.auth import admin_user
from moneytrail.api.routers import ERRORS
from moneytrail.api.schemas import (
    AuditEntryOut,
    AuditMismatchOut,
    AuditPage,
    AuditProblemOut,
    AuditVerifyOut,
    UserCreated,
    UserIn,
    UserOut,
)
from moneytrail.services.http import services_of

router = APIRouter(tags=["Admin"])


@router.get("/users", response_model=list[UserOut], responses=ERRORS)
def list_users(request: Request, user: Annotated[User, Depends(admin_user)]) -> list[UserOut]:
    return [UserOut.model_validate(u.as_record()) for u in services_of(request).repo.users()]


@router.post("/users", response_model=UserCreated, status_code=201, responses=ERRORS)
def add_user(
    request: Request, body: UserIn, user: Annotated[User, Depends(admin_user)]
) -> UserCreated:
    """A new account; its API key is in this answer and nowhere else."""
    repo = services_of(request).repo
    created, key = users.add_user(repo, AuditLog(repo), body.name, Role(body.role), user.name)
    return UserCreated(user=UserOut.model_validate(created.as_record()), api_key=key)


@router.get("/audit", response_model=AuditPage, responses=ERRORS)
def read_audit(
    request: Request,
    user: Annotated[User, Depends(admin_user)],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Audit lines with seq > ``after``, oldest first."""
    entries = services_of(request).repo.audit_entries()
    page = islice((e for e in entries if e.seq > after), limit)
    return AuditPage(
        entries=[AuditEntryOut.model_validate(e.as_record()) for e in page],
        after=after,
        limit=limit,
    )


@router.get("/audit/verify", response_model=AuditVerifyOut, responses=ERRORS)
def verify_audit(request: Request, user: Annotated[User, Depends(admin_user)]) -> AuditVerifyOut:
    report = audit.verify(services_of(request).repo)
    return AuditVerifyOut(
        ok=report.ok,
        lines=report.lines,
        head=report.head,
        problems=[
            AuditProblemOut(seq=p.seq, kind=p.kind, detail=p.detail) for p in report.problems
        ],
        mismatches=[
            AuditMismatchOut(table=m.table, row=m.row, log=m.log, stored=m.stored)
            for m in report.mismatches
        ],
    )
