"""The workbench's routes: parse the request, call one service, render a template.

Pages live under ``/ui``; the JSON the explorer pages fetch under ``/ui/api``. A
moneytrail error on a page is shown as a page (the API's JSON handler answers for
``/ui/api``), a missing session sends the browser to the login form.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from moneytrail.alerts import queue as review
from moneytrail.alerts.kinds import KIND_HELP, Kind, cases_of, queue
from moneytrail.alerts.models import AlertStatus, DecisionState
from moneytrail.alerts.repository import Repository
from moneytrail.alerts.users import LOCAL_USER
from moneytrail.errors import Conflict, InvalidInput, MoneytrailError
from moneytrail.services import cases as casework
from moneytrail.services.http import client_address, services_of, status_for
from moneytrail.settings import Settings
from moneytrail.web import evidence, pages
from moneytrail.web.graphdata import Explorer
from moneytrail.web.session import (
    COOKIE,
    LOGIN_COOKIE,
    BadToken,
    LoginRequired,
    Session,
    Sessions,
    check_csrf,
    current,
    same,
    secure_cookies,
)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
DONE_COOKIE = "moneytrail_done"
BULK_COOKIE = "moneytrail_bulk"
DECISIONS = (
    ("true_match", "t", "True match"),
    ("false_positive", "f", "False positive"),
    ("escalate", "e", "Escalate"),
)


class PageRoute(APIRoute):
    """Routes whose moneytrail errors become an HTML page with the same status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except (LoginRequired, BadToken):
                raise  # answered by their own handlers: a redirect to the login page
            except MoneytrailError as exc:
                status = status_for(exc)
                return render(
                    request, "error.html", {"message": str(exc), "status": status}, status
                )

        return page


router = APIRouter(prefix="/ui", route_class=PageRoute, include_in_schema=False)
api = APIRouter(prefix="/ui/api", include_in_schema=False)


def explorer(request: Request) -> Explorer:
    found: Explorer = request.app.state.workbench
    return found


def sessions_of(request: Request) -> Sessions:
    found: Sessions = request.app.state.sessions
    return found


def session(request: Request) -> Session:
    """The caller's session; under --insecure-local everyone is the local admin."""
    if services_of(request).config.insecure_local:
        sessions = sessions_of(request)
        found = sessions.get(request.cookies.get(COOKIE))
        return found or Session("local", LOCAL_USER, "local", float("inf"))
    return current(request, sessions_of(request))


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    found = sessions_of(request).get(request.cookies.get(COOKIE))
    base = {"user": found.user if found else None, "csrf": found.csrf if found else ""}
    if services_of(request).config.insecure_local and found is None:
        base = {"user": LOCAL_USER, "csrf": "local"}
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status)


def _secure(request: Request) -> bool:
    settings: Settings = request.app.state.workbench_settings
    return secure_cookies(request, settings.cookie_secure)


def _back(target: str | None, fallback: str) -> str:
    """Only our own pages are redirect targets, so a form cannot bounce a user elsewhere."""
    return target if target and target.startswith("/ui/") and "//" not in target else fallback


# -- log in and out -----------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def home() -> RedirectResponse:
    return RedirectResponse("/ui/alerts", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str = "", next: str = "") -> HTMLResponse:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    context = {"error": error, "login_csrf": token, "next": _back(next, "")}
    response = render(request, "login.html", context)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/ui", secure=_secure(request)
    )
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    key: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    if not same(csrf, request.cookies.get(LOGIN_COOKIE)):
        return RedirectResponse("/ui/login?error=expired", status_code=303)
    services = services_of(request)
    who = (f"addr:{client_address(request)}", f"user:{name.strip()}")
    wait = services.logins.blocked(*who)
    if wait > 0:
        return _throttled(request, wait, next)
    user = await run_in_threadpool(services.authenticator.authenticate, key.strip())
    if user is None or (name.strip() and name.strip() != user.name):
        services.logins.fail(*who)
        return RedirectResponse("/ui/login?error=invalid", status_code=303)
    opened = sessions_of(request).open(user)
    response = RedirectResponse(_back(next, "/ui/alerts"), status_code=303)
    secure = _secure(request)
    response.set_cookie(
        COOKIE, opened.id, httponly=True, samesite="strict", path="/", secure=secure
    )
    response.delete_cookie(LOGIN_COOKIE, path="/ui", secure=secure, httponly=True)
    return response


def _throttled(request: Request, wait: float, next: str) -> Response:
    """429 with Retry-After: too many failed logins from this address or for this name."""
    seconds = max(1, math.ceil(wait))
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    context = {"error": "throttled", "retry": seconds, "login_csrf": token, "next": _back(next, "")}
    response = render(request, "login.html", context, 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> RedirectResponse:
    check_csrf(session(request), csrf)
    sessions_of(request).close(request.cookies.get(COOKIE))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# -- alerts -------------------------------------------------------------------------


def _banner(request: Request) -> list[pages.ListAge]:
    """Every loaded list with its publication date; the templates mark the stale ones."""
    settings: Settings = request.app.state.workbench_settings
    work = explorer(request)
    with work.lock:
        return pages.list_ages(work.store, settings.stale_days)


@router.get("/alerts", response_class=HTMLResponse)
def alert_queue(
    request: Request,
    kind: str = "",
    status: str = "open",
    min_score: str = "",
    dataset: str = "",
    assignee: str = "",
    program: str = "",
    case: str = "",
    focus: str = "",
) -> HTMLResponse:
    session(request)
    services = services_of(request)
    f = {"kind": kind, "status": status, "min_score": min_score, "dataset": dataset,
         "assignee": assignee, "program": program, "case": case}  # fmt: skip
    error: InvalidInput | None = None
    work = explorer(request)
    members = services.lists.program_entities(program) if program else None
    program_names = services.lists.programs()
    try:
        where = pages.parse_queue_filter(
            kind, status, min_score, dataset, assignee=assignee, case=case, entity_ids=members
        )
    except InvalidInput as exc:  # the form comes back as typed, the message by its field
        error, where = exc, pages.parse_queue_filter(None, "open", None, None)
    found = queue(services.repo, where)
    with work.lock:
        programs = pages.programs_by_entity(work.store, [a.entity_id for a in found])
    rows = pages.queue_rows(found, programs, cases=cases_of(services.repo, [a.id for a in found]))
    here = str(request.url.path) + "?" + urlencode({k: v for k, v in f.items() if v})
    context = {
        "rows": rows,
        "groups": pages.queue_groups(rows),
        "assignees": any(r.assignee for r in rows),
        "kinds": [(k.value, KIND_HELP[k]) for k in Kind],
        "statuses": [s.value for s in AlertStatus],
        "datasets": sorted(services.lists.snapshot().versions),
        "programs": program_names,
        "people": sorted(u.name for u in services.repo.users()),
        "f": f,
        "error": error,
        "decisions": DECISIONS,
        "here": here,
        "done": _recorded(services.repo, request.cookies.get(DONE_COOKIE, "")),
        "focus": focus,
        "lists": _banner(request),
        "reason_codes": casework.REASON_CODES,
        "four_eyes": services.four_eyes,
        "bulk": pages.bulk_done(request.cookies.get(BULK_COOKIE, "")),
    }
    response = render(request, "queue.html", context, 400 if error else 200)
    response.delete_cookie(DONE_COOKIE, path="/ui")
    response.delete_cookie(BULK_COOKIE, path="/ui")
    return response


def _recorded(repo: Repository, alert_id: str) -> dict[str, Any] | None:
    """What was just decided on ``alert_id``, for the confirmation line."""
    if not alert_id:
        return None
    try:
        view = review.read_alert(repo, alert_id)
    except MoneytrailError:
        return None
    if not view.decisions:
        return None
    last = view.decisions[-1]
    return {
        "id": alert_id,
        "caption": view.alert.caption,
        "decision": last.kind.value.replace("_", " "),
        "status": view.alert.status.value.replace("_", " "),
        "actor": last.actor,
        "proposed": last.state is DecisionState.PROPOSED,
        "reviewer": last.reviewer or "",
    }


def alert_context(request: Request, alert_id: str) -> dict[str, Any]:
    services = services_of(request)
    page = pages.alert_page(services.repo, services.lists, alert_id)
    work = explorer(request)
    with work.lock:
        found = (
            evidence.alert_evidence(work.store, page.alert) if page.kind != "screening" else None
        )
    previous, following = pages.neighbours(services.repo, alert_id)
    waiting = [d for d in page.decisions if d.state is DecisionState.PROPOSED]
    return {
        "p": page,
        "ev": found,
        "decisions": DECISIONS,
        "reason_codes": casework.REASON_CODES,
        "pending": waiting[0] if waiting else None,
        "four_eyes": services.four_eyes,
        "previous": previous,
        "following": following,
        "lists": _banner(request),
    }


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_detail(request: Request, alert_id: str) -> HTMLResponse:
    session(request)
    context = alert_context(request, alert_id)
    context["done"] = _recorded(services_of(request).repo, request.cookies.get(DONE_COOKIE, ""))
    response = render(request, "alert.html", context)
    response.delete_cookie(DONE_COOKIE, path="/ui")
    return response


@router.post("/alerts/{alert_id}/decide", response_model=None)
def decide(
    request: Request,
    alert_id: str,
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
    after: Annotated[str, Form()] = "",
) -> Response:
    """Propose (four-eyes review) or record, then go back to the same queue at the next alert.

    The form names the alert version it showed: if someone decided meanwhile, the page
    comes back (409) in its current state with the note kept, never silently overwritten.
    """
    who = session(request)
    check_csrf(who, csrf)
    try:
        casework.propose(
            services_of(request), who.user, alert_id, decision,
            version=pages.parse_version(version), reason_code=reason_code or None, note=reason,
        )  # fmt: skip
    except MoneytrailError as exc:
        context = alert_context(request, alert_id)
        field = getattr(exc, "field", None) or "reason"
        context["form"] = {"decision": decision, "reason": reason, "reason_code": reason_code,
                           "next": next, "after": after, "error": str(exc), "field": field,
                           "conflict": isinstance(exc, Conflict)}  # fmt: skip
        return render(request, "alert.html", context, status_for(exc))
    target = _back(next, f"/ui/alerts/{quote(alert_id)}").partition("#")[0]
    if after and (target == "/ui/alerts" or target.startswith("/ui/alerts?")):
        joiner = "&" if "?" in target else "?"
        target += f"{joiner}{urlencode({'focus': after})}#row-{quote(after)}"
    response = RedirectResponse(target, status_code=303)
    # What was recorded is said once on the next page (a cookie, so URLs stay clean).
    response.set_cookie(
        DONE_COOKIE,
        alert_id,
        max_age=60,
        httponly=True,
        samesite="strict",
        path="/ui",
        secure=_secure(request),
    )
    return response


# -- entities, network, flows --------------------------------------------------------


async def _login_redirect(request: Request, exc: Exception) -> Response:
    here = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    target = quote(here, safe="")
    if request.url.path.startswith("/ui/api/"):
        return JSONResponse({"detail": "log in first"}, status_code=401)
    return RedirectResponse(f"/ui/login?next={target}", status_code=303)


async def _bad_token(request: Request, exc: Exception) -> Response:
    message = "This form has expired (its security token does not match). Reload and retry."
    return render(request, "error.html", {"message": message}, 403)


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Coroutine[Any, Any, Response]]] = {
    LoginRequired: _login_redirect,
    BadToken: _bad_token,
}
