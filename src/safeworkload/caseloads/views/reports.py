"""Caseload reports for leaders, union representatives, team managers and inspectors.

The organisation and team dashboards and the regional comparison show
aggregates only. The unallocated queue and the dormant list name cases (by
their pseudonymised reference), so they need ``can_view_caseloads``: team
managers (their own teams) and leads, never union representatives.

Every report downloads as CSV. The dormant threshold is the ``dormant_days``
query parameter (default 60) until the organisation can set it.
"""

import csv
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone

from safeworkload.calc.standards import METRIC_LABELS, PER_PERSON_MEDIAN
from safeworkload.caseloads import charts
from safeworkload.caseloads.selectors.reports import (
    DEFAULT_TREND_WEEKS,
    DEFINITIONS,
    TREND_WEEK_CHOICES,
    Averages,
    Distribution,
    QueueSummary,
    Report,
    case_teams_visible,
    caseload_report,
    dormant_list,
    queue_list,
    region_report,
    report_teams,
)
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Organisation, Team

PAGE_SIZE = 100
MAX_DORMANT_DAYS = 3650


def team_for_report(request: HttpRequest, pk: int) -> Team:
    """A team of the acting organisation whose report the acting roles may see.

    404 for a team of another organisation (or none), and for a team manager
    asking about a team they do not manage, as the allocation pages answer;
    403 for a role with no caseload reports at all.
    """
    organisation = organisation_of(request)
    team = get_object_or_404(Team.objects.filter(organisation=organisation), pk=pk)
    tenancy = tenancy_of(request)
    if tenancy.has("can_view_caseload_reports"):
        return team
    if not tenancy.has("can_view_caseloads"):
        raise PermissionDenied
    me = tenancy.person.pk if tenancy.person else None
    if me is None or team.manager_id != me:
        raise Http404
    return team


def _dormant_days(request: HttpRequest) -> int:
    raw = request.GET.get("dormant_days", "")
    if raw.isdigit() and 1 <= int(raw) <= MAX_DORMANT_DAYS:
        return int(raw)
    return int(settings.SAFEWORKLOAD_DORMANT_DAYS)


def _trend_weeks(request: HttpRequest) -> int:
    raw = request.GET.get("weeks", "")
    return int(raw) if raw.isdigit() and int(raw) in TREND_WEEK_CHOICES else DEFAULT_TREND_WEEKS


def _team_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("team", "")
    return int(raw) if raw.isdigit() else None


def _charts(report: Report, prefix: str) -> dict[str, Any]:
    scope = report.team.name if report.team else report.organisation.name
    dist = report.distribution
    week = f"{dist.week_start:%-d %B %Y}" if dist.week_start else ""
    every = max(1, len(report.trend) // 7)
    labels = [(f"{p.week_start:%-d %b}", p) for p in report.trend]
    return {
        "histogram": charts.histogram(
            dist.bins,
            chart_id=f"{prefix}-histogram",
            title=f"{scope}: workers by capacity, week starting {week}",
        )
        if dist.bins
        else None,
        "median_chart": charts.line_chart(
            [(label, p.median) for label, p in labels],
            chart_id=f"{prefix}-median",
            title=f"{scope}: median capacity each week",
            description=f"The median worker's capacity in each of the last {len(labels)} weeks, "
            f"from {labels[0][0]} ({labels[0][1].median}%) to {labels[-1][0]} "
            f"({labels[-1][1].median}%). The figures are in the table below.",
            y_label="Median capacity",
            reference=(100, "100%: a full caseload"),
            label_every=every,
        )
        if labels
        else None,
        "over_chart": charts.line_chart(
            [(label, p.share_over_110) for label, p in labels],
            chart_id=f"{prefix}-over",
            title=f"{scope}: share of workers over 110% each week",
            description=f"The share of workers over 110% in each of the last {len(labels)} "
            f"weeks, from {labels[0][1].share_over_110}% to {labels[-1][1].share_over_110}%. "
            "The figures are in the table below.",
            y_label="Workers over 110%",
            label_every=every,
        )
        if labels
        else None,
    }


def _context(request: HttpRequest, report: Report, prefix: str) -> dict[str, Any]:
    tenancy = tenancy_of(request)
    return {
        "report": report,
        "charts": _charts(report, prefix),
        "definitions": DEFINITIONS,
        "metric_labels": METRIC_LABELS,
        "per_person_median_key": PER_PERSON_MEDIAN,
        "trend_week_choices": TREND_WEEK_CHOICES,
        "can_list_cases": tenancy.has("can_view_caseloads"),
        "query": request.GET.urlencode(),
    }


@permission_required("can_view_caseload_reports")
def organisation_report(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    report = caseload_report(
        organisation=organisation,
        today=timezone.localdate(),
        dormant_days=_dormant_days(request),
        trend_weeks=_trend_weeks(request),
    )
    return render(
        request,
        "caseloads/report_organisation.html",
        {"title": "Caseloads", **_context(request, report, "organisation")},
    )


def team_report(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_report(request, pk)
    report = caseload_report(
        organisation=team.organisation,
        team=team,
        today=timezone.localdate(),
        dormant_days=_dormant_days(request),
        trend_weeks=_trend_weeks(request),
    )
    return render(
        request,
        "caseloads/report_team.html",
        {"title": f"Caseloads: {team.name}", **_context(request, report, "team")},
    )


# ---------------------------------------------------------------------------
# CSV

MEASURE_HEADER = [
    "scope",
    "week_start",
    "workers_with_a_snapshot",
    "capacity_min_percent",
    "capacity_median_percent",
    "capacity_max_percent",
    "workers_over_100_percent",
    "share_over_100_percent",
    "workers_over_110_percent",
    "share_over_110_percent",
    "band_blue",
    "band_green",
    "band_amber",
    "band_red",
    "open_cases_held",
    "case_holders",
    "case_holding_fte",
    "average_caseload_dfe_cases_per_case_holding_fte",
    "median_caseload_per_case_holder",
    "unallocated_cases",
    "unallocated_oldest_days",
    "unallocated_median_days",
    "dormant_cases",
    "dormant_after_days",
]


def _blank(value: object) -> object:
    return "" if value is None else value


def _measures(
    scope: str,
    distribution: Distribution,
    averages: Averages,
    queue: QueueSummary,
    dormant: int,
    dormant_days: int,
) -> list[object]:
    d, a = distribution, averages
    return [
        scope,
        d.week_start.isoformat() if d.week_start else "",
        d.workers,
        _blank(d.minimum),
        _blank(d.median),
        _blank(d.maximum),
        d.over_100,
        _blank(d.share_over_100),
        d.over_110,
        _blank(d.share_over_110),
        *(d.bands.get(band, 0) for band in ("blue", "green", "amber", "red")),
        a.cases,
        a.case_holders,
        a.case_holding_fte,
        _blank(a.dfe.value if a.dfe else None),
        _blank(a.per_person_median.value if a.per_person_median else None),
        queue.count,
        _blank(queue.oldest_days),
        _blank(queue.median_days),
        dormant,
        dormant_days,
    ]


def _csv(filename: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _report_csv(request: HttpRequest, report: Report, name: str) -> HttpResponse:
    table = request.GET.get("table", "measures")
    stamp = f"{report.today:%Y-%m-%d}"
    if table == "trend":
        return _csv(
            f"{name}-trend-{stamp}.csv",
            ["week_start", "workers", "median_percent", "workers_over_110", "share_over_110"],
            (
                [p.week_start.isoformat(), p.workers, p.median, p.over_110, p.share_over_110]
                for p in report.trend
            ),
        )
    if table == "histogram":
        return _csv(
            f"{name}-histogram-{stamp}.csv",
            ["from_percent", "to_percent_below", "workers"],
            ([b.lower, _blank(b.upper), b.count] for b in report.distribution.bins),
        )
    scope = report.team.name if report.team else report.organisation.name
    rows = [
        _measures(
            scope,
            report.distribution,
            report.averages,
            report.queue,
            report.dormant,
            report.dormant_days,
        )
    ]
    rows += [
        _measures(
            f"Team: {t.team.name}",
            t.distribution,
            t.averages,
            t.queue,
            t.dormant,
            report.dormant_days,
        )
        for t in report.teams
    ]
    return _csv(f"{name}-caseloads-{stamp}.csv", MEASURE_HEADER, rows)


@permission_required("can_view_caseload_reports")
def organisation_report_csv(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    report = caseload_report(
        organisation=organisation,
        today=timezone.localdate(),
        dormant_days=_dormant_days(request),
        trend_weeks=_trend_weeks(request),
    )
    return _report_csv(request, report, organisation.code)


def team_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_report(request, pk)
    report = caseload_report(
        organisation=team.organisation,
        team=team,
        today=timezone.localdate(),
        dormant_days=_dormant_days(request),
        trend_weeks=_trend_weeks(request),
    )
    return _report_csv(request, report, f"{team.organisation.code}-team-{team.pk}")


# ---------------------------------------------------------------------------
# Case lists


def _case_list_context(request: HttpRequest) -> dict[str, Any]:
    organisation = organisation_of(request)
    team_ids = case_teams_visible(tenancy=tenancy_of(request))
    return {
        "organisation": organisation,
        "team_ids": team_ids,
        "teams": report_teams(organisation=organisation, team_ids=team_ids),
        "team_id": _team_param(request),
        "today": timezone.localdate(),
    }


@permission_required("can_view_caseloads")
def queue_view(request: HttpRequest) -> HttpResponse:
    c = _case_list_context(request)
    cases = queue_list(organisation=c["organisation"], team_ids=c["team_ids"], team_id=c["team_id"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "caseloads/report_queue.html",
        {
            "title": "Unallocated cases",
            "page": page,
            "definition": DEFINITIONS["queue"],
            "query": f"team={c['team_id'] or ''}",
            **c,
        },
    )


@permission_required("can_view_caseloads")
def queue_csv(request: HttpRequest) -> HttpResponse:
    c = _case_list_context(request)
    today: date = c["today"]
    cases = queue_list(organisation=c["organisation"], team_ids=c["team_ids"], team_id=c["team_id"])
    return _csv(
        f"{c['organisation'].code}-unallocated-{today:%Y-%m-%d}.csv",
        ["reference", "team", "case_type", "tier", "opened_on", "waiting_since", "days_waiting"],
        (
            [
                case.reference,
                case.team.name,
                case.case_type.name,
                case.tier,
                case.opened_on.isoformat(),
                case.waiting_since.isoformat(),
                (today - case.waiting_since).days,
            ]
            for case in cases
        ),
    )


@permission_required("can_view_caseloads")
def dormant_view(request: HttpRequest) -> HttpResponse:
    c = _case_list_context(request)
    days = _dormant_days(request)
    cases = dormant_list(
        organisation=c["organisation"],
        today=c["today"],
        dormant_days=days,
        team_ids=c["team_ids"],
        team_id=c["team_id"],
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "caseloads/report_dormant.html",
        {
            "title": "Dormant cases",
            "page": page,
            "dormant_days": days,
            "definition": DEFINITIONS["dormant"].format(days=days),
            "query": f"team={c['team_id'] or ''}&dormant_days={days}",
            **c,
        },
    )


@permission_required("can_view_caseloads")
def dormant_csv(request: HttpRequest) -> HttpResponse:
    c = _case_list_context(request)
    today: date = c["today"]
    days = _dormant_days(request)
    cases = dormant_list(
        organisation=c["organisation"],
        today=today,
        dormant_days=days,
        team_ids=c["team_ids"],
        team_id=c["team_id"],
    )
    return _csv(
        f"{c['organisation'].code}-dormant-{today:%Y-%m-%d}.csv",
        ["reference", "team", "case_type", "status", "worker", "last_contact_on", "days_since"],
        (
            [
                case.reference,
                case.team.name,
                case.case_type.name,
                case.get_status_display(),
                case.worker.full_name if case.worker else "",
                case.last_contact_on.isoformat() if case.last_contact_on else "",
                (today - case.last_seen).days,
            ]
            for case in cases
        ),
    )


# ---------------------------------------------------------------------------
# Region


def _region_organisations(request: HttpRequest) -> list[Organisation]:
    tenancy = tenancy_of(request)
    ids = list(tenancy.region_organisation_ids)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@permission_required("can_view_region")
def region_view(request: HttpRequest) -> HttpResponse:
    days = _dormant_days(request)
    rows = region_report(
        organisations=_region_organisations(request), today=timezone.localdate(), dormant_days=days
    )
    return render(
        request,
        "caseloads/report_region.html",
        {
            "title": "Caseloads across the region",
            "rows": rows,
            "dormant_days": days,
            "definitions": DEFINITIONS,
            "metric_labels": METRIC_LABELS,
            "query": request.GET.urlencode(),
        },
    )


REGION_HEADER = [
    "organisation",
    *MEASURE_HEADER[1:],
    "breaches_open",
    "breaches_overdue",
    "breaches_escalated_past_first_rung",
    "breaches_resolved",
]


@permission_required("can_view_region")
def region_csv(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    today = timezone.localdate()
    days = _dormant_days(request)
    rows = region_report(
        organisations=_region_organisations(request), today=today, dormant_days=days
    )
    code = tenancy.region.code if tenancy.region else "region"
    return _csv(
        f"{code}-caseloads-{today:%Y-%m-%d}.csv",
        REGION_HEADER,
        (
            [
                *_measures(
                    r.organisation.name, r.distribution, r.averages, r.queue, r.dormant, days
                ),
                r.breaches.open,
                r.breaches.overdue,
                r.breaches.escalated,
                r.breaches.resolved,
            ]
            for r in rows
        ),
    )


urlpatterns: list[URLPattern] = [
    path("reports/", organisation_report, name="report-organisation"),
    path("reports/export.csv", organisation_report_csv, name="report-export"),
    path("reports/team/<int:pk>/", team_report, name="report-team"),
    path("reports/team/<int:pk>/export.csv", team_report_csv, name="report-team-export"),
    path("reports/queue/", queue_view, name="report-queue"),
    path("reports/queue/export.csv", queue_csv, name="report-queue-export"),
    path("reports/dormant/", dormant_view, name="report-dormant"),
    path("reports/dormant/export.csv", dormant_csv, name="report-dormant-export"),
    path("reports/region/", region_view, name="report-region"),
    path("reports/region/export.csv", region_csv, name="report-region-export"),
]
