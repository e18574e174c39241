"""After the work: timesheets, their approval, recharge statements and fill rates.

A worker submits timesheets for their own accepted offers. The requesting
team approves or queries them: a lead any of the employer's, a team manager
only their own teams' (another team's timesheet is a 404). Statements: the
coordinator sees every employer's, an employer (``can_view_bank``) its own.
Fill rates: an employer sees its own; the coordinator the region by employer,
team, role and priority; an inspector the region by employer and priority.
"""

import csv
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.bank.forms_after import QueryForm, TimesheetForm
from safeworkload.bank.models import Offer, Timesheet
from safeworkload.bank.selectors.reports import (
    GROUPS,
    FillRates,
    Statement,
    fill_rates,
    month_start,
    next_month,
    recharge_statement,
)
from safeworkload.bank.selectors.requests import requestable_teams
from safeworkload.bank.services.after import (
    TimesheetError,
    timesheet_approve,
    timesheet_query,
    timesheet_submit,
    weeks_of_offer,
)
from safeworkload.bank.views.matching import own_offer
from safeworkload.core.forms import posted
from safeworkload.core.pdf import pdf_response
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Organisation, Region


def _refused(form: forms.Form, error: TimesheetError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# ---------------------------------------------------------------------------
# The worker's timesheets


@permission_required("can_work_bank")
def timesheet_new(request: HttpRequest, pk: int) -> HttpResponse:
    _, offer = own_offer(request, pk)
    if offer.status != Offer.Status.ACCEPTED:
        raise Http404
    today = timezone.localdate()
    weeks = [w for w in weeks_of_offer(offer) if w <= today]
    form = TimesheetForm(posted(request), weeks=weeks)
    if form.is_valid():
        try:
            timesheet_submit(offer=offer, actor=request.user, **form.cleaned_data)
        except TimesheetError as error:
            _refused(form, error)
        else:
            messages.success(request, "Timesheet submitted. The team will approve it.")
            return redirect("bank:offer-detail", pk=offer.pk)
    return render(
        request,
        "bank/timesheet_form.html",
        {"title": "Submit a timesheet", "offer": offer, "form": form},
    )


# ---------------------------------------------------------------------------
# The team's decisions


def _team_timesheets(request: HttpRequest) -> QuerySet[Timesheet]:
    tenancy = tenancy_of(request)
    return Timesheet.objects.filter(
        organisation=organisation_of(request),
        offer__request__team__in=requestable_teams(tenancy=tenancy),
    ).select_related("offer", "offer__worker", "offer__request", "offer__request__team")


@permission_required("can_request_cover")
def timesheet_list(request: HttpRequest) -> HttpResponse:
    timesheets = list(_team_timesheets(request).order_by("-week_starting", "pk")[:200])
    return render(
        request,
        "bank/timesheet_list.html",
        {
            "title": "Bank timesheets",
            "waiting": [t for t in timesheets if t.status == Timesheet.Status.SUBMITTED],
            "decided": [t for t in timesheets if t.status != Timesheet.Status.SUBMITTED],
        },
    )


def timesheet_for_request(request: HttpRequest, pk: int) -> Timesheet:
    """404 for another employer's timesheet or another team's; 403 without the permission."""
    get_object_or_404(Timesheet.objects.filter(organisation=organisation_of(request)), pk=pk)
    if not tenancy_of(request).has("can_request_cover"):
        raise PermissionDenied
    return get_object_or_404(_team_timesheets(request), pk=pk)


def _timesheet_page(
    request: HttpRequest, timesheet: Timesheet, *, form: forms.Form | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": f"Timesheet: {timesheet.offer.worker}",
        "timesheet": timesheet,
        "query_form": form or QueryForm(),
    }
    if form is not None:
        context["form"] = form
    return render(request, "bank/timesheet_detail.html", context)


def timesheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _timesheet_page(request, timesheet_for_request(request, pk))


@require_POST
def timesheet_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    timesheet = timesheet_for_request(request, pk)
    try:
        timesheet_approve(timesheet=timesheet, actor=request.user)
    except TimesheetError as error:
        form = QueryForm()
        form.add_error(None, str(error))
        return _timesheet_page(request, timesheet, form=form)
    messages.success(
        request, f"Timesheet approved: {timesheet.offer.worker}, {timesheet.hours} hours"
    )
    return redirect("bank:timesheet-list")


@require_POST
def timesheet_query_view(request: HttpRequest, pk: int) -> HttpResponse:
    timesheet = timesheet_for_request(request, pk)
    form = QueryForm(request.POST)
    if form.is_valid():
        try:
            timesheet_query(timesheet=timesheet, actor=request.user, **form.cleaned_data)
        except TimesheetError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Timesheet queried: {timesheet.offer.worker}")
            return redirect("bank:timesheet-list")
    return _timesheet_page(request, timesheet, form=form)


# ---------------------------------------------------------------------------
# Statements and fill rates


def _month(request: HttpRequest) -> date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return month_start(timezone.localdate())


def _previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def _statement_scope(request: HttpRequest) -> tuple[Region, list[Organisation]]:
    tenancy = tenancy_of(request)
    if tenancy.region is not None and tenancy.has("can_coordinate_bank"):
        return tenancy.region, list(Organisation.objects.filter(region=tenancy.region))
    if tenancy.organisation is not None and tenancy.has("can_view_bank"):
        return tenancy.organisation.region, [tenancy.organisation]
    raise PermissionDenied


def _statement(request: HttpRequest) -> Statement:
    region, organisations = _statement_scope(request)
    return recharge_statement(region=region, month=_month(request), organisations=organisations)


def _months(first: date) -> dict[str, str]:
    return {
        "previous": f"{_previous_month(first):%Y-%m}",
        "next": f"{next_month(first):%Y-%m}",
        "this": f"{first:%Y-%m}",
    }


def statement_page(request: HttpRequest) -> HttpResponse:
    statement = _statement(request)
    return render(
        request,
        "bank/statement_page.html",
        {
            "title": "Recharge statements",
            "statement": statement,
            "months": _months(statement.month),
            "whole_region": tenancy_of(request).region is not None,
        },
    )


STATEMENT_HEADER = [
    "employer",
    "month",
    "timesheet",
    "worker",
    "team",
    "cover",
    "week_starting",
    "hours",
    "rate_pence_per_hour",
    "hours_pence",
    "miles",
    "mileage_pence_per_mile",
    "mileage_pence",
    "total_pence",
]


def statement_export_csv(request: HttpRequest) -> HttpResponse:
    statement = _statement(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bank-recharges-{statement.month:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(STATEMENT_HEADER)
    for employer in statement.employers:
        for line in employer.lines:
            writer.writerow(
                [
                    employer.organisation.name,
                    f"{statement.month:%Y-%m}",
                    line.timesheet_id,
                    line.worker,
                    line.team,
                    line.kind,
                    line.week_starting.isoformat(),
                    line.hours,
                    line.rate_pence_per_hour,
                    line.hours_pence,
                    line.miles,
                    line.mileage_pence_per_mile,
                    line.mileage_pence,
                    line.total_pence,
                ]
            )
    return response


def statement_export_pdf(request: HttpRequest) -> HttpResponse:
    statement = _statement(request)
    html = render_to_string(
        "bank/statement_pdf.html",
        {"statement": statement, "generated_at": timezone.localtime()},
        request=request,
    )
    return pdf_response(
        request,
        html,
        filename=f"bank-recharges-{statement.month:%Y-%m}.pdf",
        instead="the statement as CSV",
    )


def _fill_scope(request: HttpRequest) -> tuple[Region, list[Organisation], tuple[str, ...]]:
    tenancy = tenancy_of(request)
    if tenancy.region is not None and tenancy.has("can_view_region"):
        organisations = list(Organisation.objects.filter(region=tenancy.region))
        if tenancy.has("can_coordinate_bank"):
            return tenancy.region, organisations, tuple(GROUPS)
        return tenancy.region, organisations, ("employer", "priority")
    if tenancy.organisation is not None and tenancy.has("can_view_bank"):
        return tenancy.organisation.region, [tenancy.organisation], ("team", "role", "priority")
    raise PermissionDenied


def _fill_rates(request: HttpRequest) -> FillRates:
    region, organisations, groups = _fill_scope(request)
    first = _month(request)
    return fill_rates(
        region=region,
        organisations=organisations,
        start=first,
        end=next_month(first),
        groups=groups,
    )


def fill_page(request: HttpRequest) -> HttpResponse:
    rates = _fill_rates(request)
    return render(
        request,
        "bank/fill_page.html",
        {
            "title": "Bank fill rates",
            "rates": rates,
            "group_names": {name: label for name, (label, _) in GROUPS.items()},
            "months": _months(rates.start),
        },
    )


FILL_HEADER = [
    "month",
    "grouped_by",
    "group",
    "requests",
    "filled",
    "fill_rate_percent",
    "median_days_to_fill",
    "filled_at_base_rate",
    "share_filled_at_base_rate_percent",
]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def fill_export_csv(request: HttpRequest) -> HttpResponse:
    rates = _fill_rates(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bank-fill-rates-{rates.start:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(FILL_HEADER)
    tables = [("all", (rates.overall,)), *rates.tables.items()]
    for name, rows in tables:
        for row in rows:
            writer.writerow(
                [
                    f"{rates.start:%Y-%m}",
                    name,
                    row.label,
                    row.requests,
                    row.filled,
                    _number(row.fill_percent),
                    _number(row.median_days_to_fill),
                    row.filled_at_base,
                    _number(row.base_percent),
                ]
            )
    return response


urlpatterns: list[URLPattern] = [
    path("offers/mine/<int:pk>/timesheets/new/", timesheet_new, name="timesheet-new"),
    path("timesheets/", timesheet_list, name="timesheet-list"),
    path("timesheets/<int:pk>/", timesheet_detail, name="timesheet-detail"),
    path("timesheets/<int:pk>/approve/", timesheet_approve_view, name="timesheet-approve"),
    path("timesheets/<int:pk>/query/", timesheet_query_view, name="timesheet-query"),
    path("statements/", statement_page, name="statement-page"),
    path("statements/export.csv", statement_export_csv, name="statement-export-csv"),
    path("statements/export.pdf", statement_export_pdf, name="statement-export-pdf"),
    path("fill-rates/", fill_page, name="fill-page"),
    path("fill-rates/export.csv", fill_export_csv, name="fill-export-csv"),
]
