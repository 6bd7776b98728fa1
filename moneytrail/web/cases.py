"""The workbench's casework routes: four-eyes review, bulk proposals and cases.

Every route calls one use case of ``services.cases`` (the API calls the same ones, so
both faces enforce one policy) and names the version its form showed: a change made
meanwhile comes back as the page in its current state with HTTP 409, what was typed
kept in the form.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from moneytrail.alerts.audit import utc_now
from moneytrail.alerts.kinds import Kind, kind_of
from moneytrail.alerts.models import CaseStatus
from moneytrail.errors import Conflict, InvalidInput, MoneytrailError
from moneytrail.services import cases as casework
from moneytrail.services.case_timeline import case_timeline, stored_payments
from moneytrail.services.http import services_of, status_for
from moneytrail.web import pages
from moneytrail.web.session import check_csrf
from moneytrail.web.views import (
    BULK_COOKIE,
    DECISIONS,
    DONE_COOKIE,
    PageRoute,
    _back,
    _secure,
    alert_context,
    explorer,
    render,
    session,
)

router = APIRouter(prefix="/ui", route_class=PageRoute, include_in_schema=False)


def _done(request: Request, target: str, cookie: str, value: str) -> RedirectResponse:
    """Go to ``target``; the next page says once what was recorded (a short-lived cookie)."""
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        cookie, value, max_age=60, httponly=True, samesite="strict", path="/ui",
        secure=_secure(request),
    )  # fmt: skip
    return response


# -- four-eyes review -------------------------------------------------------------


@router.post("/alerts/{alert_id}/approve", response_model=None)
def approve(
    request: Request,
    alert_id: str,
    version: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A second person makes the waiting proposal final (never its proposer: 403)."""
    return _review(request, alert_id, version, note, csrf, approve=True)


@router.post("/alerts/{alert_id}/reject", response_model=None)
def reject(
    request: Request,
    alert_id: str,
    version: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Send the proposal back with a note saying why; the alert returns where it was."""
    return _review(request, alert_id, version, note, csrf, approve=False)


def _review(
    request: Request, alert_id: str, version: str, note: str, csrf: str, *, approve: bool
) -> Response:
    who = session(request)
    check_csrf(who, csrf)
    services = services_of(request)
    try:
        seen = pages.parse_version(version)
        if approve:
            casework.approve(services, who.user, alert_id, version=seen, note=note)
        else:
            casework.reject(services, who.user, alert_id, version=seen, note=note)
    except MoneytrailError as exc:
        context = alert_context(request, alert_id)
        context["review"] = {
            "error": str(exc),
            "note": note,
            "field": getattr(exc, "field", None) or "note",
            "conflict": isinstance(exc, Conflict),
        }
        return render(request, "alert.html", context, status_for(exc))
    return _done(request, f"/ui/alerts/{quote(alert_id)}", DONE_COOKIE, alert_id)


@router.post("/alerts/bulk", response_model=None)
def bulk(
    request: Request,
    version: Annotated[list[str] | None, Form()] = None,
    decision: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """One decision and reason code on the picked alerts, all or none (one audit line each).

    ``version`` fields read "alert id:version", one per picked alert as the queue showed it.
    """
    who = session(request)
    check_csrf(who, csrf)
    services = services_of(request)
    versions = _versions(version or [])
    made = casework.bulk_propose(
        services, who.user, versions, decision, reason_code=reason_code, note=note
    )
    state = "proposed" if services.four_eyes else "final"
    target = _back(next, "/ui/alerts").partition("#")[0]
    return _done(request, target, BULK_COOKIE, f"{len(made)}:{decision}:{state}")


def _versions(fields: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for text in fields:
        alert_id, _, number = text.rpartition(":")
        found = pages.parse_version(number)
        if not alert_id or found is None:
            raise InvalidInput(f"not an alert and its version: {text!r}", field="alerts")
        out[alert_id] = found
    if not out:
        raise InvalidInput("pick at least one alert (the checkboxes in the queue)", field="alerts")
    return out


# -- cases ------------------------------------------------------------------------


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request,
    status: str = "",
    assignee: str = "",
    kind: str = "",
    late: str = "",
    age: str = "",
    q: str = "",
    dataset: str = "",
    program: str = "",
) -> HTMLResponse:
    """The case list with due dates; filters by status, assignee, alert kind, lateness
    (``late=1``), age in days (``age``: opened at least that long ago), text, and the
    list (``dataset``) or sanctions programme (``program``) of the entries alerted on."""
    session(request)
    services = services_of(request)
    datasets = sorted(services.lists.snapshot().versions)
    programs = services.lists.programs()
    dataset = dataset if dataset in datasets else ""
    program = program if program in programs else ""
    chosen = CaseStatus(status) if status in {s.value for s in CaseStatus} else None
    kinds = [k.value for k in Kind]
    now = utc_now()
    days = int(age) if age.strip().isdigit() and int(age) <= 36_500 else None
    before = (datetime.fromisoformat(now) - timedelta(days=days)).isoformat() if days else None
    where = casework.CaseFilter(
        status=chosen, assignee=assignee.strip() or None, kind=kind if kind in kinds else None,
        overdue_at=now if late == "1" else None, opened_before=before,
        text=q.strip()[:200] or None, dataset=dataset or None,
        entity_ids=services.lists.program_entities(program) if program else None, limit=500,
    )  # fmt: skip
    context = {
        "rows": casework.case_rows(services, where),
        "statuses": [s.value for s in CaseStatus],
        "kinds": kinds,
        "datasets": datasets,
        "programs": programs,
        "users": sorted(u.name for u in services.repo.users()),
        "f": {"status": chosen.value if chosen else "", "assignee": assignee.strip(),
              "kind": where.kind or "", "late": late == "1", "age": days or "", "q": q.strip(),
              "dataset": dataset, "program": program},
    }  # fmt: skip
    return render(request, "cases.html", context)


@router.post("/cases", response_model=None)
def open_case(
    request: Request,
    alert: Annotated[list[str] | None, Form()] = None,
    case_title: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A case over the alerts picked in the queue; its page opens next.

    Picked alerts already in a case (cases open as alerts are raised) move to the new
    one: picking them is the analyst saying they belong together.
    """
    who = session(request)
    check_csrf(who, csrf)
    made = casework.open_case(services_of(request), who.user, case_title, alert or [], move=True)
    return RedirectResponse(f"/ui/cases/{quote(made.case.id)}", status_code=303)


def _case_page(
    request: Request, case_id: str, form: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    services = services_of(request)
    view = casework.read_case(services, case_id)
    rows = [(a, kind_of(a.alert).value) for a in view.alerts]
    work = explorer(request)
    events = case_timeline(services.repo, case_id, entities=services.lists.entity,
                           payments=stored_payments(work.store, work.lock))  # fmt: skip
    others = casework.list_cases(services, where=casework.CaseFilter(limit=500))
    context = {
        "c": view.case,
        "view": view,
        "events": events,
        "others": [o for o in others if o.id != case_id and o.status is not CaseStatus.CLOSED],
        "rows": rows,
        "users": sorted(u.name for u in services.repo.users()),
        "statuses": [s.value for s in CaseStatus],
        "decisions": DECISIONS,
        "form": form,
        "done": request.query_params.get("saved", ""),
    }
    return render(request, "case.html", context, status)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_detail(request: Request, case_id: str) -> HTMLResponse:
    session(request)
    return _case_page(request, case_id)


@router.post("/cases/{case_id}/merge", response_model=None)
def case_merge(
    request: Request,
    case_id: str,
    version: Annotated[str, Form()] = "",
    other: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Merge the chosen case (``other``: "case id:version" as the page showed it) into this one."""
    who = session(request)
    check_csrf(who, csrf)
    other_id, _, other_version = other.rpartition(":")
    try:
        if not other_id:
            raise InvalidInput("choose the case to merge into this one", field="other")
        casework.merge(
            services_of(request), who.user, case_id, other_id,
            version=pages.parse_version(version), other_version=pages.parse_version(other_version),
        )  # fmt: skip
    except MoneytrailError as exc:
        typed = {"action": "merge", "other": other, "error": str(exc),
                 "field": getattr(exc, "field", None) or "other",
                 "conflict": isinstance(exc, Conflict)}  # fmt: skip
        return _case_page(request, case_id, typed, status_for(exc))
    return RedirectResponse(f"/ui/cases/{quote(case_id)}?saved=merge", status_code=303)


@router.post("/cases/{case_id}/split", response_model=None)
def case_split(
    request: Request,
    case_id: str,
    version: Annotated[str, Form()] = "",
    alert: Annotated[list[str] | None, Form()] = None,
    split_title: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Take the ticked alerts into a new case, whose page opens next."""
    who = session(request)
    check_csrf(who, csrf)
    try:
        made = casework.split(
            services_of(request), who.user, case_id, alert or [],
            version=pages.parse_version(version), title=split_title,
        )  # fmt: skip
    except MoneytrailError as exc:
        typed = {"action": "split", "split_title": split_title, "picked": alert or [],
                 "error": str(exc), "field": getattr(exc, "field", None) or "split_title",
                 "conflict": isinstance(exc, Conflict)}  # fmt: skip
        return _case_page(request, case_id, typed, status_for(exc))
    return RedirectResponse(f"/ui/cases/{quote(made.case.id)}?saved=split", status_code=303)


@router.post("/cases/{case_id}/{action}", response_model=None)
def case_change(
    request: Request,
    case_id: str,
    action: str,
    version: Annotated[str, Form()] = "",
    narrative: Annotated[str, Form()] = "",
    conclusion: Annotated[str, Form()] = "",
    assignee: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Save the narrative and conclusion, assign, or change the status (``action``)."""
    who = session(request)
    check_csrf(who, csrf)
    services = services_of(request)
    typed: dict[str, Any] = {"narrative": narrative, "conclusion": conclusion, "assignee": assignee,
             "status": status, "action": action}  # fmt: skip
    try:
        seen = pages.parse_version(version)
        if action == "narrative":
            casework.write_narrative(
                services, who.user, case_id, version=seen, narrative=narrative,
                conclusion=conclusion,
            )  # fmt: skip
        elif action == "assign":
            casework.assign(services, who.user, case_id, assignee or None, version=seen)
        elif action == "status":
            casework.set_status(services, who.user, case_id, status, version=seen)
        else:
            raise InvalidInput(f"no case action {action!r}", field="action")
    except MoneytrailError as exc:
        typed.update(error=str(exc), field=getattr(exc, "field", None) or action,
                     conflict=isinstance(exc, Conflict))  # fmt: skip
        return _case_page(request, case_id, typed, status_for(exc))
    return RedirectResponse(f"/ui/cases/{quote(case_id)}?saved={action}", status_code=303)


__all__ = ["router"]
