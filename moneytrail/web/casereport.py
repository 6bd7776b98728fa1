"""The case report form and its export: the routes of ``/ui/report``.

Kept apart from ``views.py`` (same router, same page error handling) so each module
stays readable; ``web/__init__.py`` imports this module before mounting the router.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from moneytrail.errors import InvalidInput, MoneytrailError, NotFound
from moneytrail.reports import ReportFormat, build_case, export
from moneytrail.services.http import services_of, status_for
from moneytrail.web import pages
from moneytrail.web.session import check_csrf
from moneytrail.web.views import explorer, render, router, session


@router.get("/report", response_class=HTMLResponse)
def report_form(
    request: Request,
    alert: Annotated[list[str] | None, Query()] = None,
    entity: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    session(request)
    typed = {"entities": " ".join(entity or []), "title": "Case report", "format": "pdf"}
    return _report_page(request, alert or [], typed)


def _report_page(
    request: Request, alerts: list[str], typed: dict[str, str], error: MoneytrailError | None = None
) -> HTMLResponse:
    """The report form, with what was typed and, after a refusal, the message by its field."""
    services = services_of(request)
    chosen = []
    for alert_id in dict.fromkeys(alerts):
        try:
            chosen.append(pages.alert_page(services.repo, services.lists, alert_id))
        except NotFound:
            continue  # an unknown id is named by the error message, not shown as a choice
    context = {
        "chosen": chosen,
        "typed": typed,
        "formats": list(ReportFormat),
        "error": error,
        "field": getattr(error, "field", None) or "",
    }
    return render(request, "report.html", context, status_for(error) if error else 200)


@router.post("/report", response_model=None)
def report_export(
    request: Request,
    alert: Annotated[list[str] | None, Form()] = None,
    entities: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "Case report",
    fmt: Annotated[str, Form(alias="format")] = "pdf",
    narrative: Annotated[str, Form()] = "",
    conclusion: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    who = session(request)
    check_csrf(who, csrf)
    typed = {"entities": entities, "title": title, "format": fmt,
             "narrative": narrative, "conclusion": conclusion}  # fmt: skip
    try:
        try:
            chosen = ReportFormat(fmt)
        except ValueError:
            raise InvalidInput(f"unknown format {fmt!r}", field="format") from None
        ids = [e for e in entities.replace(",", " ").split() if e]
        work = explorer(request)
        with work.lock:
            case = build_case(
                work.store, services_of(request).repo, alert or [], ids,
                author=who.user.name, title=title.strip() or "Case report",
                narrative=narrative.strip() or None, conclusion=conclusion.strip() or None,
            )  # fmt: skip
            exported = export(work.store, case, chosen)
    except MoneytrailError as exc:
        return _report_page(request, alert or [], typed, exc)
    name = f"{case.id}{exported.suffix}"
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


__all__ = ["report_export", "report_form"]
