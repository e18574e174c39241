"""Time-use pages: your own sample weeks and recording one; a supervisor's view
of their team members' samples; and the aggregate dashboards.

An individual's samples are seen only by the person and their supervisor (the
manager of their team, or their supervisor under a current supervision
agreement): anyone else gets 404, as for a sample that does not exist. The
dashboards (``can_view_time_use``) show groups only, and only groups in which
at least SAFEWORKLOAD_TIME_USE_MIN_GROUP people recorded a week in the period.
"""

import csv
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from safeworkload.calc.timeuse import (
    CATEGORIES,
    DELEGABLE_OTHER_ADMIN,
    DELEGABLE_RECORDING,
    TARGET,
)
from safeworkload.core.forms import posted
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person, Team
from safeworkload.timeuse import services
from safeworkload.timeuse.forms import SampleForm
from safeworkload.timeuse.selectors import (
    DEFAULT_MONTHS,
    PERIOD_CHOICES,
    GroupFigures,
    Period,
    group_figures,
    group_table,
    managed_teams,
    min_group,
    organisation_scope,
    period_ending,
    person_for_time_use,
    person_summary,
    sample_for_request,
    sample_for_week,
    sees_individual,
    service_scope,
    team_for_time_use,
    team_scope,
)

# ---------------------------------------------------------------------------
# A person's own samples


def _person_page(request: HttpRequest, person: Person, *, own: bool) -> HttpResponse:
    summary = person_summary(person=person)
    return render(
        request,
        "timeuse/person.html",
        {
            "title": "Your time use" if own else f"Time use: {person.full_name}",
            "person": person,
            "own": own,
            "summary": summary,
            "target": TARGET,
            "categories": CATEGORIES,
        },
    )


@permission_required("can_view_own_record")
def mine_view(request: HttpRequest) -> HttpResponse:
    person = tenancy_of(request).person
    if person is None:
        return render(request, "timeuse/no_record.html", {"title": "Your time use"})
    return _person_page(request, person, own=True)


@permission_required("can_view_own_record")
def record_view(request: HttpRequest) -> HttpResponse:
    person = tenancy_of(request).person
    if person is None:
        raise PermissionDenied
    today = timezone.localdate()
    form = SampleForm(posted(request), today=today)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.time_sample_record(
                person=person,
                week_starting=form.week,
                hours=form.hours,
                actor=request.user,
                today=today,
            )
        except services.SampleRefused as refused:
            form.add_error(refused.field or None, str(refused))
        else:
            verb = "replaced" if recorded.replaced else "recorded"
            week = f"{form.week:%-d %B %Y}"
            messages.success(request, f"Your week starting {week} is {verb}")
            return redirect("timeuse:mine")
    existing = None
    if request.method != "POST":
        existing = sample_for_week(
            person=person, week_starting=form.fields["week_starting"].initial
        )
        if existing is not None:
            form.initial.update(existing.hours)
    return render(
        request,
        "timeuse/record.html",
        {"title": "Record a week", "form": form, "existing": existing},
    )


def person_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_time_use(request, pk)
    own = tenancy_of(request).person == person
    return _person_page(request, person, own=own)


def sample_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    sample = sample_for_request(request, pk)
    summary = person_summary(person=sample.person)
    row = next(r for r in summary.rows if r.sample.pk == sample.pk)
    own = tenancy_of(request).person == sample.person
    return render(
        request,
        "timeuse/sample_detail.html",
        {
            "title": f"Week starting {sample.week_starting:%-d %B %Y}",
            "sample": sample,
            "row": row,
            "own": own,
            "categories": CATEGORIES,
            "target": TARGET,
        },
    )


# ---------------------------------------------------------------------------
# Dashboards


def _months(request: HttpRequest) -> int:
    raw = request.GET.get("months", "")
    return int(raw) if raw.isdigit() and int(raw) in PERIOD_CHOICES else DEFAULT_MONTHS


def _period(request: HttpRequest) -> Period:
    return period_ending(timezone.localdate(), _months(request))


def _dashboard(
    request: HttpRequest,
    figures: GroupFigures,
    period: Period,
    *,
    table: list[GroupFigures] | None = None,
    members: list[Person] | None = None,
) -> HttpResponse:
    tenancy = tenancy_of(request)
    return render(
        request,
        "timeuse/dashboard.html",
        {
            "title": f"Time use: {figures.scope.label}",
            "figures": figures,
            "period": period,
            "months": period.months,
            "period_choices": PERIOD_CHOICES,
            "table": table or [],
            "members": members or [],
            "my_teams": managed_teams(tenancy=tenancy),
            "target": TARGET,
            "categories": CATEGORIES,
            "delegable_other_admin": DELEGABLE_OTHER_ADMIN * 100,
            "delegable_recording": DELEGABLE_RECORDING * 100,
            "service_areas": Team.ServiceArea.choices,
            "query": f"months={period.months}",
        },
    )


@permission_required("can_view_time_use")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    period = _period(request)
    minimum = min_group()
    figures = group_figures(
        organisation=organisation,
        scope=organisation_scope(organisation),
        period=period,
        minimum=minimum,
    )
    table = group_table(organisation=organisation, period=period, minimum=minimum)[1:]
    return _dashboard(request, figures, period, table=table)


@permission_required("can_view_time_use")
def service_view(request: HttpRequest, area: str) -> HttpResponse:
    organisation = organisation_of(request)
    scope = service_scope(area)
    period = _period(request)
    minimum = min_group()
    figures = group_figures(organisation=organisation, scope=scope, period=period, minimum=minimum)
    table = [
        row
        for row in group_table(organisation=organisation, period=period, minimum=minimum)
        if row.scope.team is not None and row.scope.team.service_area == area
    ]
    return _dashboard(request, figures, period, table=table)


def team_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_time_use(request, pk)
    period = _period(request)
    figures = group_figures(
        organisation=team.organisation, scope=team_scope(team), period=period, minimum=min_group()
    )
    tenancy = tenancy_of(request)
    # The team's manager may open each member's samples; nobody else sees a name here.
    members = [
        p
        for p in Person.objects.filter(organisation=team.organisation, team=team).select_related(
            "team"
        )
        if p.end_date is None and p != tenancy.person and sees_individual(tenancy, p)
    ]
    return _dashboard(request, figures, period, members=members)


# ---------------------------------------------------------------------------
# CSV

HUNDREDTH = Decimal("0.01")
CSV_HEADER = [
    "group",
    "kind",
    "period_start",
    "period_end",
    "people_who_recorded",
    "sample_weeks",
    "shown",
    "direct_percent",
    "gap_to_80_percent_points",
    "recording_and_admin_percent",
    "travel_percent",
    "development_percent",
    "other_percent",
    "mean_hours_worked",
    "mean_hours_over_contract",
    "weeks_over_contract_percent",
    "hours_a_year_if_unpaid",
    "days_a_year_if_unpaid",
    "admin_post_social_workers",
    "admin_post_hours_taken",
    "admin_post_hours_freed_per_social_worker",
    "direct_percent_if_freed",
]


def _csv_row(g: GroupFigures, period: Period) -> list[object]:
    first = [g.scope.label, g.scope.kind, period.start.isoformat(), period.end.isoformat()]
    if g.shares is None:
        # Not even the number of people who recorded: it would say who took part.
        return [*first, "", "", "no", *[""] * (len(CSV_HEADER) - 7)]
    s, unpaid, admin = g.shares, g.unpaid_year, g.admin
    return [
        *first,
        g.people,
        g.samples,
        "yes",
        s.direct_pct,
        s.gap_to_target,
        s.recording_admin_pct,
        s.travel_pct,
        s.development_pct,
        s.other_pct,
        (s.worked_hours / g.samples).quantize(HUNDREDTH, ROUND_HALF_UP),
        g.extra_per_week,
        g.over_contract_pct,
        unpaid[0] if unpaid else "",
        unpaid[1] if unpaid else "",
        g.admin_social_workers or "",
        admin.hours_taken_per_post if admin else "",
        admin.freed_per_worker if admin else "",
        admin.direct_pct_if_freed if admin else "",
    ]


def _csv(filename: str, rows: Iterable[list[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return response


@permission_required("can_view_time_use")
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    period = _period(request)
    table = group_table(organisation=organisation, period=period, minimum=min_group())
    return _csv(
        f"{organisation.code}-time-use-{period.end:%Y-%m-%d}.csv",
        (_csv_row(g, period) for g in table),
    )


urlpatterns: list[URLPattern] = [
    path("mine/", mine_view, name="mine"),
    path("mine/record/", record_view, name="record"),
    path("people/<int:pk>/", person_view, name="person"),
    path("samples/<int:pk>/", sample_detail_view, name="sample-detail"),
    path("dashboard/", dashboard_view, name="dashboard"),
    path("dashboard/export.csv", dashboard_csv, name="dashboard-export"),
    path("dashboard/service/<str:area>/", service_view, name="dashboard-service"),
    path("dashboard/team/<int:pk>/", team_view, name="dashboard-team"),
]
