"""Extra hours, time off in lieu and development time: the worker's pages and the manager's.

A worker sees and records only their own (``can_view_own_record``; a user
without a staff record here is told so). A manager with
``can_approve_extra_hours`` sees and decides claims for the people they may
decide for (``selectors.ledger.approvable_people``): a team manager their own
teams, a service lead or administrator everyone. Another organisation's
claim, or one outside the manager's teams, is 404 as if it did not exist.
"""

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.calc.development import PERIOD_WEEKS
from safeworkload.core.forms import posted
from safeworkload.entitlements.forms import (
    DeclineForm,
    DevelopmentTimeForm,
    ExtraHoursForm,
    ToilTakenForm,
)
from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.selectors.development import person_development
from safeworkload.entitlements.selectors.ledger import (
    RECENT_WEEKS,
    approvable_people,
    claims_to_decide,
    person_extra_hours,
    person_toil_taken,
    team_people,
    toil_balance,
    unpaid_hours_per_week,
)
from safeworkload.entitlements.selectors.team import team_rows, week_labels
from safeworkload.entitlements.services.ledger import (
    LedgerError,
    development_time_record,
    extra_hours_approve,
    extra_hours_decline,
    extra_hours_record,
    toil_take,
)
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person

RECENT_ENTRIES = 50


def _refused(form: forms.Form, error: LedgerError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _no_record(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "entitlements/no_record.html", {"title": title})


# ---------------------------------------------------------------------------
# The worker's own pages


@permission_required("can_view_own_record")
def mine(request: HttpRequest) -> HttpResponse:
    person = tenancy_of(request).person
    if person is None:
        return _no_record(request, "Your hours")
    today = timezone.localdate()
    checks, development = person_development(person=person, on=today)
    unpaid = unpaid_hours_per_week(
        organisation=person.organisation, person_ids=[person.pk], on=today
    )
    extra = list(person_extra_hours(person=person)[:RECENT_ENTRIES])
    return render(
        request,
        "entitlements/mine.html",
        {
            "title": "Your hours",
            "person": person,
            "balance": toil_balance(person=person),
            "unpaid_per_week": unpaid.get(person.pk),
            "pending": [e for e in extra if e.status == ExtraHours.Status.CLAIMED],
            "extra": extra,
            "taken": list(person_toil_taken(person=person)[:RECENT_ENTRIES]),
            "checks": checks,
            "development": development,
            "recent_weeks": RECENT_WEEKS,
            "period_weeks": PERIOD_WEEKS,
            "today": today,
        },
    )


def _own_form(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    title: str,
    template: str,
    save: Any,
    done: str,
) -> HttpResponse:
    person = tenancy_of(request).person
    if person is None:
        return _no_record(request, title)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            save(person, form.cleaned_data)
        except LedgerError as error:
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect("entitlements:mine")
    context = {"title": title, "form": form, "person": person}
    if form_class is ToilTakenForm:
        context["balance"] = toil_balance(person=person)
    return render(request, template, context)


@permission_required("can_view_own_record")
def extra_hours_new(request: HttpRequest) -> HttpResponse:
    def save(person: Person, data: dict[str, Any]) -> None:
        extra_hours_record(person=person, actor=request.user, **data)

    return _own_form(
        request,
        form_class=ExtraHoursForm,
        title="Record extra hours",
        template="entitlements/extra_hours_form.html",
        save=save,
        done="Extra hours recorded",
    )


@permission_required("can_view_own_record")
def toil_new(request: HttpRequest) -> HttpResponse:
    def save(person: Person, data: dict[str, Any]) -> None:
        toil_take(person=person, actor=request.user, **data)

    return _own_form(
        request,
        form_class=ToilTakenForm,
        title="Record time off in lieu",
        template="entitlements/toil_form.html",
        save=save,
        done="Time off in lieu recorded",
    )


@permission_required("can_view_own_record")
def development_new(request: HttpRequest) -> HttpResponse:
    def save(person: Person, data: dict[str, Any]) -> None:
        development_time_record(person=person, actor=request.user, **data)

    return _own_form(
        request,
        form_class=DevelopmentTimeForm,
        title="Record development time",
        template="entitlements/development_form.html",
        save=save,
        done="Development time recorded",
    )


# ---------------------------------------------------------------------------
# The manager's pages


@permission_required("can_approve_extra_hours")
def team(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    today = timezone.localdate()
    return render(
        request,
        "entitlements/team.html",
        {
            "title": "Extra hours and development time",
            "rows": team_rows(people=team_people(tenancy=tenancy, on=today), on=today),
            "claims": list(claims_to_decide(tenancy=tenancy)),
            "labels": week_labels(on=today),
            "recent_weeks": RECENT_WEEKS,
            "period_weeks": PERIOD_WEEKS,
            "today": today,
        },
    )


CSV_HEADER = [
    "staff_number",
    "worker",
    "team",
    "job_role",
    "contracted_hours",
    *(f"extra_hours_week_{n}" for n in range(1, RECENT_WEEKS + 1)),
    "unpaid_hours_per_week",
    "toil_balance_hours",
    "claims_waiting",
    f"development_hours_{PERIOD_WEEKS}_weeks",
    f"development_entitlement_{PERIOD_WEEKS}_weeks",
    "development_percent",
    "newly_qualified",
    f"protected_hours_{PERIOD_WEEKS}_weeks",
    f"protected_entitlement_{PERIOD_WEEKS}_weeks",
]


@permission_required("can_approve_extra_hours")
def team_export_csv(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = timezone.localdate()
    rows = team_rows(people=team_people(tenancy=tenancy_of(request), on=today), on=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="hours-{organisation.code}-{today:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    # The first week is the oldest; each runs seven days, the last ending today.
    writer.writerow(CSV_HEADER)
    for row in rows:
        p = row.person
        writer.writerow(
            [
                p.staff_number,
                p.full_name,
                p.team.name if p.team else "",
                p.get_job_role_display(),
                p.contracted_hours,
                *(w.extra for w in row.weeks),
                row.unpaid_per_week,
                row.toil_balance,
                row.pending_claims,
                row.development.recorded,
                row.development.entitlement,
                "" if row.development.percent is None else row.development.percent,
                "yes" if row.protected else "no",
                row.protected.recorded if row.protected else "",
                row.protected.entitlement if row.protected else "",
            ]
        )
    return response


def claim_for_request(request: HttpRequest, pk: int) -> ExtraHours:
    """A claim of the acting organisation that the acting roles may decide.

    404 for another organisation's (or none), and for a team manager asking
    about someone outside the teams they manage; 403 for a role that decides
    no claims."""
    organisation = organisation_of(request)
    get_object_or_404(ExtraHours.objects.filter(organisation=organisation), pk=pk)
    tenancy = tenancy_of(request)
    if not tenancy.has("can_approve_extra_hours"):
        raise PermissionDenied
    return get_object_or_404(
        ExtraHours.objects.filter(person__in=approvable_people(tenancy=tenancy)).select_related(
            "person", "person__team", "decided_by"
        ),
        pk=pk,
    )


def _claim_page(
    request: HttpRequest, claim: ExtraHours, *, form: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": f"Extra hours: {claim.person.full_name}",
        "claim": claim,
        "decline_form": form or DeclineForm(),
        "balance": toil_balance(person=claim.person),
    }
    if form is not None:
        context["form"] = form  # the base template's error summary
    return render(request, "entitlements/claim_detail.html", context, status=status)


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_page(request, claim_for_request(request, pk))


@require_POST
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_request(request, pk)
    try:
        extra_hours_approve(entry=claim, actor=request.user)
    except LedgerError as error:
        form = DeclineForm()
        form.add_error(None, str(error))
        return _claim_page(request, claim, form=form)
    messages.success(request, f"Claim approved: {claim.person.full_name}, {claim.hours} hours")
    return redirect("entitlements:team")


@require_POST
def claim_decline(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_request(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            extra_hours_decline(entry=claim, actor=request.user, reason=form.cleaned_data["reason"])
        except LedgerError as error:
            _refused(form, error)
        else:
            messages.success(
                request, f"Claim declined: {claim.person.full_name}, {claim.hours} hours"
            )
            return redirect("entitlements:team")
    return _claim_page(request, claim, form=form)


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("mine/extra-hours/new/", extra_hours_new, name="extra-hours-new"),
    path("mine/time-off/new/", toil_new, name="toil-new"),
    path("mine/development/new/", development_new, name="development-new"),
    path("team/", team, name="team"),
    path("team/export.csv", team_export_csv, name="team-export-csv"),
    path("claims/<int:pk>/", claim_detail, name="claim-detail"),
    path("claims/<int:pk>/approve/", claim_approve, name="claim-approve"),
    path("claims/<int:pk>/decline/", claim_decline, name="claim-decline"),
]
