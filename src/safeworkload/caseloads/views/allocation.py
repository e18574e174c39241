"""The allocation guard's pages: the queue, allocating one case, a suggested
allocation for a team's queue, moving a person's caseload, and declaring
"at capacity"."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from safeworkload.caseloads.forms import (
    AllocateForm,
    CapacityDeclarationForm,
    ReassignForm,
    RequestDeclineForm,
    SuggestionForm,
    case_field_name,
)
from safeworkload.caseloads.models import Case
from safeworkload.caseloads.selectors.allocation import (
    Receiving,
    allocatable_workers,
    allocation_options,
    allocation_queue,
    case_for_allocation,
    days_waiting,
    held_cases,
    last_declined_for,
    pending_declarations,
    pending_request_for,
    pending_requests_for,
    person_for_reassignment,
    queue_teams,
    reassignment_preview,
    request_for_allocator,
    request_for_worker,
    suggestion_for_team,
    team_distribution,
    team_for_allocation,
)
from safeworkload.caseloads.selectors.capacity import case_points, worker_loads
from safeworkload.caseloads.services import allocation as services
from safeworkload.core.forms import posted
from safeworkload.organisations.access import tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person, Team

# The solver's time limit for a suggestion made while the manager waits.
SUGGESTION_SECONDS = 5.0
DECLARED = "caseloads.capacity_declared"


def _queue_url(team_id: int) -> str:
    return f"{reverse('caseloads:queue')}?team={team_id}"


@permission_required("can_allocate_cases")
def queue_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    teams = list(queue_teams(tenancy=tenancy_of(request)))
    team_id = request.GET.get("team", "")
    team: Team | None
    if team_id.isdigit():
        team = team_for_allocation(request, int(team_id))
    else:
        team = teams[0] if len(teams) == 1 else None
    cases = list(allocation_queue(team=team)) if team else []
    return render(
        request,
        "caseloads/allocation_queue.html",
        {
            "title": f"Allocate cases: {team.name}" if team else "Allocate cases",
            "teams": teams,
            "team": team,
            "cases": cases,
            "waiting_for": pending_requests_for(cases=cases),
            "distribution": team_distribution(team=team, on=today) if team else None,
            "today": today,
        },
    )


def allocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_allocation(request, pk)
    today = timezone.localdate()
    options = allocation_options(case=case, on=today)
    form = AllocateForm(posted(request), options=options)
    pending = pending_request_for(case=case)
    warning = None
    if request.method == "POST" and pending is None and form.is_valid():
        option = form.chosen()
        assert option is not None
        if option.over_ceiling:
            warning = option
        if warning is not None and form.was_warned_about(option):
            # Above the ceiling the manager only asks: the worker acknowledges themself.
            try:
                services.allocation_request_over_ceiling(
                    case=case,
                    worker=option.worker,
                    actor=request.user,
                    reason=form.cleaned_data["override_reason"],
                    on=today,
                )
            except services.AllocationRefused as refused:
                for name, message in refused.errors.items():
                    form.add_error(name or None, message)
            else:
                messages.success(
                    request,
                    f"{option.worker.full_name} has been asked to acknowledge case "
                    f"{case.reference}. It stays in the queue until they do",
                )
                return redirect(_queue_url(case.team_id))
        elif warning is None:
            try:
                services.case_allocate(
                    case=case,
                    worker=option.worker,
                    actor=request.user,
                    reason="Allocated through the guard",
                    on=today,
                )
            except services.AllocationRefused as refused:
                for name, message in refused.errors.items():
                    form.add_error(name or None, message)
            else:
                messages.success(
                    request, f"Case {case.reference} allocated to {option.worker.full_name}"
                )
                return redirect(_queue_url(case.team_id))
    return render(
        request,
        "caseloads/allocation_guard.html",
        {
            "title": f"Allocate case {case.reference}",
            "case": case,
            "points_text": f"{case_points(case=case, on=today).normalize():f}",
            "days_waiting": days_waiting(case, today),
            "eligible": [o for o in options if o.eligible],
            "ineligible": [o for o in options if not o.eligible],
            "form": form,
            "warning": warning,
            "pending": pending,
            "declined": last_declined_for(case=case) if pending is None else None,
            "distribution": team_distribution(team=case.team, on=today),
            "queue_url": _queue_url(case.team_id),
        },
    )


def suggest_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_allocation(request, pk)
    today = timezone.localdate()
    if request.method == "POST":
        waiting: list[tuple[Case, Person | None]] = [
            (case, None) for case in allocation_queue(team=team)
        ]
        posted_form = SuggestionForm(
            request.POST, lines=waiting, workers=allocatable_workers(team=team, on=today)
        )
        if posted_form.is_valid():
            outcomes = services.suggestion_apply(
                lines=posted_form.accepted(), actor=request.user, on=today
            )
            return render(
                request,
                "caseloads/allocation_suggest_done.html",
                {
                    "title": "Suggested allocation applied",
                    "team": team,
                    "allocated": [o for o in outcomes if o.allocation is not None],
                    "refused": [o for o in outcomes if o.allocation is None],
                    "queue_url": _queue_url(team.pk),
                },
            )
    suggestion = suggestion_for_team(team=team, on=today, time_limit=SUGGESTION_SECONDS)
    form = SuggestionForm(
        posted(request),
        lines=[(line.case, line.worker) for line in suggestion.lines],
        workers=suggestion.workers,
    )
    if form.is_bound:
        form.is_valid()  # show why the choices posted were refused
    return render(
        request,
        "caseloads/allocation_suggest.html",
        {
            "title": f"Suggested allocation: {team.name}",
            "team": team,
            "suggestion": suggestion,
            "form": form,
            "today": today,
            "queue_url": _queue_url(team.pk),
        },
    )


def reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_reassignment(request, pk)
    today = timezone.localdate()
    cases = list(held_cases(person=person))
    workers = (
        [p for p in allocatable_workers(team=person.team, on=today) if p.pk != person.pk]
        if person.team is not None
        else []
    )
    form = ReassignForm(posted(request), cases=cases, workers=workers)
    preview: list[Receiving] = []
    over: list[Receiving] = []
    if request.method == "POST" and cases and form.is_valid():
        assignments = form.assignments()
        preview = reassignment_preview(cases=cases, assignments=assignments, on=today)
        over = [r for r in preview if r.over_ceiling]
        if not over:
            try:
                services.caseload_reassign(
                    from_worker=person,
                    to_assignments=assignments,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    on=today,
                )
            except services.ReassignmentRefused as refused:
                _reassignment_errors(form, refused)
            else:
                messages.success(
                    request, f"{len(cases)} cases moved from {person.full_name} to their team"
                )
                return redirect(_queue_url(person.team_id) if person.team_id else "caseloads:queue")
    return render(
        request,
        "caseloads/allocation_reassign.html",
        {
            "title": f"Move {person.full_name}'s cases",
            "person": person,
            "today": today,
            "cases": cases,
            "workers": workers,
            "form": form,
            "preview": preview,
            "over": over,
            "case_fields": [(case, form[case_field_name(case)]) for case in cases],
        },
    )


def _reassignment_errors(form: ReassignForm, refused: services.ReassignmentRefused) -> None:
    wanted: dict[str, str] = {}
    for case_id, refusal in refused.refusals.items():
        for name, message in refusal.errors.items():
            if name == services.WORKER and f"case_{case_id}" in form.fields:
                wanted[f"case_{case_id}"] = message
            else:
                wanted.setdefault("", message)
    for name, message in wanted.items():
        form.add_error(name or None, message)


@permission_required("can_declare_capacity")
def declare_view(request: HttpRequest) -> HttpResponse:
    person = tenancy_of(request).person
    form = CapacityDeclarationForm(posted(request))
    if request.method == "POST" and person is not None and form.is_valid():
        declaration = services.capacity_declare(
            person=person, actor=request.user, note=form.cleaned_data["note"]
        )
        request.session[DECLARED] = declaration.pk
        return redirect("caseloads:declare-capacity")
    context: dict[str, Any] = {"title": "Declare that you are at capacity", "form": form}
    if person is not None:
        just_declared = request.session.pop(DECLARED, None)
        pending = list(pending_declarations(person=person))
        context.update(
            person=person,
            load=worker_loads(people=[person], on=timezone.localdate()).get(person.pk),
            pending=pending,
            declared=next((d for d in pending if d.pk == just_declared), None),
        )
    return render(request, "caseloads/allocation_declare.html", context)


def request_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_request = request_for_worker(request, pk)
    if request.method == "POST":
        try:
            services.allocation_request_acknowledge(request=allocation_request, actor=request.user)
        except (services.AllocationRefused, services.RequestRefused) as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, f"Case {allocation_request.case.reference} is now allocated to you"
            )
    return redirect("caseloads:my-cases")


def request_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_request = request_for_worker(request, pk)
    form = RequestDeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_request_decline(
                request=allocation_request, actor=request.user, note=form.cleaned_data["note"]
            )
        except services.RequestRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"You have declined case {allocation_request.case.reference}. "
                "It stays in the queue for your manager",
            )
    elif request.method == "POST":
        messages.error(request, "; ".join(str(e) for e in form.errors.get("note", [])))
    return redirect("caseloads:my-cases")


def request_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_request = request_for_allocator(request, pk)
    case = allocation_request.case
    if request.method == "POST":
        try:
            services.allocation_request_withdraw(request=allocation_request, actor=request.user)
        except services.RequestRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"The request to {allocation_request.worker.full_name} has been withdrawn",
            )
    return redirect("caseloads:allocate", pk=case.pk)


urlpatterns: list[URLPattern] = [
    path("allocate/", queue_view, name="queue"),
    path("allocate/<int:pk>/", allocate_view, name="allocate"),
    path("allocate/team/<int:pk>/suggest/", suggest_view, name="suggest"),
    path("reassign/<int:pk>/", reassign_view, name="reassign"),
    path("at-capacity/", declare_view, name="declare-capacity"),
    path("requests/<int:pk>/acknowledge/", request_acknowledge_view, name="request-acknowledge"),
    path("requests/<int:pk>/decline/", request_decline_view, name="request-decline"),
    path("requests/<int:pk>/withdraw/", request_withdraw_view, name="request-withdraw"),
]
