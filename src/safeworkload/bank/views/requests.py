"""Cover requests: the list and its CSV, asking for cover, a request's page with
its offers and rate escalations, raising the rate, cancelling.

An employer sees its own requests (a team manager, their teams'); the
region's coordinator sees every member's. Another organisation's request is
404, as if it did not exist.
"""

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.bank.forms_requests import CoverRequestForm, EscalationForm, RequestFilterForm
from safeworkload.bank.models import CoverRequest
from safeworkload.bank.selectors.pool import check_summaries, region_places, role_rate
from safeworkload.bank.selectors.requests import (
    acting_region,
    request_escalations,
    request_list,
    request_offers,
    requestable_teams,
    visible_requests,
)
from safeworkload.bank.services.requests import (
    OPEN_STATUSES,
    RequestError,
    cover_request_cancel,
    cover_request_create,
    pounds,
    rate_escalate,
)
from safeworkload.bank.views.pool import any_permission
from safeworkload.core.forms import posted
from safeworkload.organisations.access import tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Team

PAGE_SIZE = 50


def cover_request_for_request(
    request: HttpRequest, pk: int, *, permission: str = ""
) -> CoverRequest:
    """A request the acting roles may see: 404 for another organisation's (or
    region's), and for a team manager asking about a team they do not manage;
    403 for a role without the bank. ``permission`` is the one a change needs;
    a change to a team's request also needs the right to ask for that team."""
    tenancy = tenancy_of(request)
    if tenancy.organisation is not None:
        base = CoverRequest.objects.filter(organisation=tenancy.organisation)
    elif tenancy.region is not None and tenancy.has("can_coordinate_bank"):
        base = CoverRequest.objects.filter(organisation__region=tenancy.region)
    else:
        raise Http404
    get_object_or_404(base, pk=pk)
    if not (tenancy.has("can_view_bank") or tenancy.has("can_coordinate_bank")):
        raise PermissionDenied
    cover_request: CoverRequest = get_object_or_404(visible_requests(tenancy=tenancy), pk=pk)
    if permission and not tenancy.has(permission):
        raise PermissionDenied
    if permission == "can_request_cover" and not (
        requestable_teams(tenancy=tenancy).filter(pk=cover_request.team_id).exists()
    ):
        raise Http404
    return cover_request


def _filter_teams(request: HttpRequest) -> list[tuple[int, str]]:
    tenancy = tenancy_of(request)
    if tenancy.organisation is not None:
        teams = Team.objects.filter(organisation=tenancy.organisation)
    else:
        teams = Team.objects.filter(organisation__region=tenancy.region)
    visible = visible_requests(tenancy=tenancy).values("team_id")
    return list(teams.filter(pk__in=visible).order_by("name").values_list("pk", "name"))


def _filtered(request: HttpRequest) -> tuple[RequestFilterForm, Any]:
    form = RequestFilterForm(request.GET or None, teams=_filter_teams(request))
    return form, request_list(tenancy=tenancy_of(request), **form.filters())


@any_permission("can_view_bank", "can_coordinate_bank")
def request_list_view(request: HttpRequest) -> HttpResponse:
    filters, requests = _filtered(request)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bank/request_list.html",
        {
            "title": "Relief bank: cover requests",
            "region": acting_region(tenancy_of(request)),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "pounds": pounds,
        },
    )


CSV_HEADER = [
    "request_id",
    "employer",
    "team",
    "kind",
    "role",
    "specialisms",
    "starts_on",
    "ends_on",
    "hours_per_day",
    "hours_per_week",
    "place",
    "max_pence_per_hour",
    "priority",
    "status",
    "offers",
    "escalations",
    "created_at",
]


@any_permission("can_view_bank", "can_coordinate_bank")
def request_export_csv(request: HttpRequest) -> HttpResponse:
    _, requests = _filtered(request)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cover-requests-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for r in requests:
        writer.writerow(
            [
                r.pk,
                r.organisation.name,
                r.team.name,
                r.get_kind_display(),
                r.get_job_role_display(),
                "; ".join(r.specialisms),
                r.starts_on.isoformat(),
                r.ends_on.isoformat(),
                r.hours_per_day if r.kind == CoverRequest.Kind.DUTY_SHIFT else "",
                r.hours_per_week if r.hours_per_week is not None else "",
                r.place.name,
                r.max_pence_per_hour,
                r.get_priority_display(),
                r.get_status_display(),
                r.offer_count,
                r.escalation_count,
                timezone.localtime(r.created_at).isoformat(timespec="minutes"),
            ]
        )
    return response


@permission_required("can_request_cover")
def request_create(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    assert tenancy.organisation is not None  # can_request_cover is an organisation role's
    region = tenancy.organisation.region
    today = timezone.localdate()
    teams = list(requestable_teams(tenancy=tenancy))
    form = CoverRequestForm(
        posted(request), teams=teams, places=list(region_places(region=region)), today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            cover_request = cover_request_create(
                actor=request.user, today=today, **form.request_fields()
            )
        except RequestError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Cover requested")
            return redirect("bank:request-detail", pk=cover_request.pk)
    return render(
        request,
        "bank/request_form.html",
        {"title": "Ask the relief bank for cover", "form": form, "teams": teams},
    )


def _detail(
    request: HttpRequest,
    cover_request: CoverRequest,
    *,
    failed: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    tenancy = tenancy_of(request)
    today = timezone.localdate()
    offers = list(request_offers(cover_request=cover_request))
    rate = role_rate(
        region=cover_request.organisation.region, job_role=cover_request.job_role, on=today
    )
    is_open = cover_request.status in OPEN_STATUSES
    may_change = (
        tenancy.has("can_request_cover")
        and requestable_teams(tenancy=tenancy).filter(pk=cover_request.team_id).exists()
    )
    context: dict[str, Any] = {
        "title": str(cover_request),
        "cover_request": cover_request,
        "offers": offers,
        "check_summaries": check_summaries(workers=[o.worker for o in offers], today=today),
        "escalations": request_escalations(cover_request=cover_request),
        "rate": rate,
        "pounds": pounds,
        "can_escalate": is_open and tenancy.has("can_authorise_bank_rates") and may_change,
        "can_cancel": is_open and may_change,
        "escalate_form": failed if isinstance(failed, EscalationForm) else EscalationForm(),
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "bank/request_detail.html", context, status=status)


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, cover_request_for_request(request, pk))


@require_POST
def request_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    cover_request = cover_request_for_request(request, pk, permission="can_authorise_bank_rates")
    if not requestable_teams(tenancy=tenancy_of(request)).filter(pk=cover_request.team_id).exists():
        raise Http404
    form = EscalationForm(request.POST)
    if form.is_valid():
        try:
            escalation = rate_escalate(
                cover_request=cover_request,
                actor=request.user,
                to_pence_per_hour=form.cleaned_data["to_pence_per_hour"],
                reason=form.cleaned_data["reason"],
            )
        except RequestError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                f"Rate raised to {pounds(escalation.to_pence_per_hour)} an hour",
            )
            return redirect("bank:request-detail", pk=cover_request.pk)
    return _detail(request, cover_request, failed=form)


def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    cover_request = cover_request_for_request(request, pk, permission="can_request_cover")
    if request.method == "POST":
        try:
            withdrawn = cover_request_cancel(cover_request=cover_request, actor=request.user)
        except RequestError as error:
            messages.error(request, str(error))
        else:
            note = (
                f"; {withdrawn} offer{'' if withdrawn == 1 else 's'} withdrawn" if withdrawn else ""
            )
            messages.success(request, f"Request cancelled{note}")
        return redirect("bank:request-detail", pk=cover_request.pk)
    return render(
        request,
        "bank/request_cancel.html",
        {
            "title": "Cancel this request",
            "cover_request": cover_request,
            "is_open": cover_request.status in OPEN_STATUSES,
        },
    )


urlpatterns: list[URLPattern] = [
    path("requests/", request_list_view, name="request-list"),
    path("requests/export.csv", request_export_csv, name="request-export-csv"),
    path("requests/new/", request_create, name="request-create"),
    path("requests/<int:pk>/", request_detail, name="request-detail"),
    path("requests/<int:pk>/escalate/", request_escalate, name="request-escalate"),
    path("requests/<int:pk>/cancel/", request_cancel, name="request-cancel"),
]
