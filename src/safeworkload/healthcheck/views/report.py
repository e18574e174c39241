"""The health check's reports: the wave list, the report page, its CSV and its PDF,
and the regional comparison for inspectors.

Every figure comes from ``selectors.report``, already suppressed; the CSV and the
PDF carry only what the page shows. Nobody, the platform's administrators
included, reaches a single response from here.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone

from safeworkload.core.pdf import pdf_response
from safeworkload.healthcheck import charts
from safeworkload.healthcheck.models import Survey
from safeworkload.healthcheck.selectors.report import (
    AREA_LABELS,
    SCORED_AREAS,
    HealthCheckReport,
    region_health_check,
    region_years,
    report_surveys,
    survey_report,
)
from safeworkload.healthcheck.selectors.report_findings import generate_findings
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Organisation

HIDDEN = "Too few to show"


def survey_for_request(
    request: HttpRequest, pk: int, permission: str = "can_view_health_check"
) -> Survey:
    """A wave of the acting organisation: 404 for another organisation's (or none),
    403 for a role without ``permission``."""
    survey = get_object_or_404(
        Survey.objects.filter(organisation=organisation_of(request)).select_related(
            "organisation__region"
        ),
        pk=pk,
    )
    if not tenancy_of(request).has(permission):
        raise PermissionDenied
    return survey


@permission_required("can_view_health_check")
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "healthcheck/report_list.html",
        {
            "title": "Health check reports",
            "surveys": report_surveys(organisation=organisation_of(request)),
        },
    )


def _context(report: HealthCheckReport) -> dict[str, Any]:
    return {
        "report": report,
        "survey": report.survey,
        "generated": generate_findings(report),
        "charts": charts.report_charts(report),
        "scored_areas": SCORED_AREAS,
        "area_labels": AREA_LABELS,
        "hidden_text": HIDDEN,
    }


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_request(request, pk)
    report = survey_report(survey=survey)
    return render(
        request,
        "healthcheck/report_detail.html",
        {"title": f"Health check {survey.year}: {survey.title}", **_context(report)},
    )


def _figure(value: Decimal | int | None) -> str:
    return HIDDEN if value is None else str(value)


def report_rows(report: HealthCheckReport) -> Iterable[list[str]]:
    """The published figures as (section, group, measure, value) rows, for the CSV."""
    yield ["Respondents", "Everyone", "Respondents", _figure(report.respondents)]
    if not report.published:
        return
    for area in report.areas:
        yield ["Scores", "Everyone", f"{area.label} (0-100)", _figure(area.score)]
        if area.last_year is not None:
            yield ["Scores", "Last year", f"{area.label} (0-100)", str(area.last_year)]
        if area.region is not None:
            yield ["Scores", "Region", f"{area.label} (0-100)", str(area.region)]
    for s in report.shares:
        yield ["Shares", "Everyone", s.label, "" if s.share is None else f"{s.share}%"]
    if report.hours is not None:
        for band in report.hours.bands:
            yield ["Hours worked against contracted", "Everyone", band.label, f"{band.share}%"]
        yield [
            "Hours worked against contracted",
            "Everyone",
            "Extra hours a week on average",
            str(report.hours.mean_extra),
        ]
    for band in report.supervision:
        yield ["Supervision last month", "Everyone", band.label, f"{band.share}%"]
    for band in report.intention:
        yield ["Intention to stay", "Everyone", band.label, f"{band.share}%"]
    asked = [a.area for a in report.areas]
    for cut in report.cuts:
        rows = [*cut.rows, *([cut.combined] if cut.combined else [])]
        for row in rows:
            yield [f"By {cut.label.lower()}", row.label, "Respondents", _figure(row.respondents)]
            if row.hidden:
                continue
            for code in asked:
                if code in row.scores:
                    yield [
                        f"By {cut.label.lower()}",
                        row.label,
                        f"{AREA_LABELS[code]} (0-100)",
                        _figure(row.scores[code]),
                    ]
    for team in report.teams:
        yield ["Teams", team.team, "Manager support (0-100)", _figure(team.manager_support)]
        yield [
            "Teams",
            team.team,
            "Workers in sustained caseload breach",
            str(team.workers_in_sustained_breach),
        ]
        yield [
            "Teams",
            team.team,
            "Had 90 minutes of supervision last month",
            "" if team.supervision_share is None else f"{team.supervision_share}%",
        ]


def _csv(filename: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_request(request, pk)
    report = survey_report(survey=survey)
    return _csv(
        f"health-check-{survey.organisation.code}-{survey.year}-{survey.pk}.csv",
        ["section", "group", "measure", "value"],
        report_rows(report),
    )


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for_request(request, pk)
    report = survey_report(survey=survey)
    html = render_to_string(
        "healthcheck/report_pdf.html",
        {
            **_context(report),
            "organisation": survey.organisation,
            "today": timezone.localdate(),
            "generated_at": timezone.localtime(),
        },
        request=request,
    )
    return pdf_response(
        request,
        html,
        filename=f"health-check-{survey.organisation.code}-{survey.year}.pdf",
        instead="the figures as CSV",
    )


# ---------------------------------------------------------------------------
# Region


def _region(request: HttpRequest) -> tuple[list[Organisation], list[int], int | None]:
    tenancy = tenancy_of(request)
    organisations = list(
        Organisation.objects.filter(pk__in=tenancy.region_organisation_ids).order_by("name")
    )
    years = region_years(organisation_ids=[o.pk for o in organisations])
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    return organisations, years, year


@permission_required("can_view_region")
def region_view(request: HttpRequest) -> HttpResponse:
    organisations, years, year = _region(request)
    rows = region_health_check(organisations=organisations, year=year) if year else []
    return render(
        request,
        "healthcheck/region_comparison.html",
        {
            "title": "Health checks across the region",
            "rows": rows,
            "years": years,
            "year": year,
            "scored_areas": SCORED_AREAS,
            "area_labels": AREA_LABELS,
            "hidden_text": HIDDEN,
        },
    )


@permission_required("can_view_region")
def region_csv(request: HttpRequest) -> HttpResponse:
    organisations, _, year = _region(request)
    rows = region_health_check(organisations=organisations, year=year) if year else []
    tenancy = tenancy_of(request)
    code = tenancy.region.code if tenancy.region else "region"
    return _csv(
        f"{code}-health-checks-{year or 'none'}.csv",
        ["organisation", "respondents", *(f"{AREA_LABELS[a]} (0-100)" for a in SCORED_AREAS)],
        (
            [
                r.organisation.name,
                _figure(r.respondents) if r.survey else "No health check",
                *(_figure(r.scores[a]) if r.respondents is not None else "" for a in SCORED_AREAS),
            ]
            for r in rows
        ),
    )


urlpatterns: list[URLPattern] = [
    path("reports/", report_list, name="report-list"),
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/export.csv", report_csv, name="report-export-csv"),
    path("reports/<int:pk>/report.pdf", report_pdf, name="report-export-pdf"),
    path("region/", region_view, name="region"),
    path("region/export.csv", region_csv, name="region-export-csv"),
]
