"""DfE's workforce measures, and what cover costs against the bank."""

import csv
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from safeworkload.calc import workforce as wf
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.workforce.forms import (
    MeasuresForm,
)
from safeworkload.workforce.selectors import (
    Measures,
    MeasuresReport,
    cover_costs,
    workforce_measures,
)
from safeworkload.workforce.views.common import (
    READ,
    context,
    csv_response,
    local_today,
)

# ---------------------------------------------------------------------------
# The measures and what cover costs


def _measures(request: HttpRequest) -> tuple[MeasuresForm, MeasuresReport]:
    form = MeasuresForm(request.GET or None)
    census, social_work_only = wf.census_date(local_today()), False
    if form.is_bound and form.is_valid():
        census = form.cleaned_data["census"] or census
        social_work_only = form.cleaned_data["scope"] == "social_work"
    report = workforce_measures(
        organisation=organisation_of(request), census=census, social_work_only=social_work_only
    )
    return form, report


@permission_required(READ)
def measures_view(request: HttpRequest) -> HttpResponse:
    form, report = _measures(request)
    organisation = organisation_of(request)
    # The base template's error summary reads ``form``.
    with_errors: dict[str, Any] = {"form": form} if form.is_bound and form.errors else {}
    return render(
        request,
        "workforce/measures.html",
        context(
            request,
            title="Workforce measures",
            report=report,
            filters=form,
            costs=cover_costs(organisation=organisation, on=local_today()),
            query=request.GET.urlencode(),
            **with_errors,
        ),
    )


MEASURES_HEADER = [
    "census_date",
    "year_from",
    "scope",
    "team",
    "in_post_fte",
    "in_post_headcount",
    "vacancy_fte",
    "vacant_posts",
    "vacancy_rate_percent",
    "agency_fte",
    "agency_headcount",
    "agency_rate_percent",
    "agency_cover_fte",
    "agency_covering_vacancies_percent",
    "vacancies_covered_by_agency_percent",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte_percent",
    "turnover_rate_headcount_percent",
]


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _fte(value: Decimal) -> str:
    return f"{value:.2f}"


def _measure_cells(m: Measures) -> list[object]:
    return [
        _fte(m.in_post_fte),
        m.in_post_headcount,
        _fte(m.vacancy_fte),
        m.vacant_posts,
        _rate(m.vacancy_rate),
        _fte(m.agency_fte),
        m.agency_headcount,
        _rate(m.agency_rate),
        _fte(m.agency_cover_fte),
        _rate(m.agency_covering_vacancies),
        _rate(m.vacancies_covered_by_agency),
        _fte(m.starters_fte),
        m.starters_headcount,
        _fte(m.leavers_fte),
        m.leavers_headcount,
        _rate(m.turnover_rate),
        _rate(m.turnover_rate_headcount),
    ]


@permission_required(READ)
def measures_csv_view(request: HttpRequest) -> HttpResponse:
    _, report = _measures(request)
    organisation = organisation_of(request)
    response = csv_response(f"workforce-measures-{organisation.code}-{report.census}.csv")
    writer = csv.writer(response)
    writer.writerow(MEASURES_HEADER)
    scope = "social_work" if report.social_work_only else "all"
    lead = [report.census.isoformat(), report.year_start.isoformat(), scope]
    writer.writerow([*lead, "", *_measure_cells(report.organisation)])
    for team, measures in report.teams:
        writer.writerow([*lead, team.name, *_measure_cells(measures)])
    return response


COSTS_HEADER = [
    "post_id",
    "team",
    "job_role",
    "grade",
    "cover",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "pence_per_hour",
    "weekly_pence",
    "annual_pence",
    "bank_base_pence_per_hour",
    "bank_annual_pence",
    "annual_above_bank_pence",
]


@permission_required(READ)
def costs_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    return render(
        request,
        "workforce/costs.html",
        context(
            request,
            title="What cover costs",
            costs=cover_costs(organisation=organisation, on=local_today()),
        ),
    )


@permission_required(READ)
def costs_csv_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = local_today()
    costs = cover_costs(organisation=organisation, on=today)
    response = csv_response(f"cover-costs-{organisation.code}-{today:%Y-%m-%d}.csv")
    writer = csv.writer(response)
    writer.writerow(COSTS_HEADER)
    for row in costs.rows:
        cover, post = row.cover, row.cover.post
        writer.writerow(
            [
                post.pk,
                post.team.name,
                post.job_role,
                post.grade,
                cover.kind,
                cover.starts_on.isoformat(),
                cover.ends_on.isoformat() if cover.ends_on else "",
                cover.hours_per_week,
                cover.pence_per_hour,
                row.weekly_pence,
                row.annual_pence,
                row.bank_card.base_pence_per_hour if row.bank_card else "",
                "" if row.bank_annual_pence is None else row.bank_annual_pence,
                "" if row.over_bank_annual_pence is None else row.over_bank_annual_pence,
            ]
        )
    return response


urlpatterns: list[URLPattern] = [
    path("vacancies/measures/", measures_view, name="measures"),
    path("vacancies/measures/export.csv", measures_csv_view, name="measures-csv"),
    path("vacancies/costs/", costs_view, name="costs"),
    path("vacancies/costs/export.csv", costs_csv_view, name="costs-csv"),
]
