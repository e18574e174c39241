"""A case's page (its tier, allocation history and tier history), agreeing a new
tier, a worker's own cases, and the absences a manager records."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.caseloads.forms import RequestDeclineForm
from safeworkload.caseloads.forms_cases import AbsenceForm, TierAgreeForm, TierProposalForm
from safeworkload.caseloads.models import Case, TierAgreement
from safeworkload.caseloads.selectors.allocation import allocation_check, pending_requests_to
from safeworkload.caseloads.selectors.cases import (
    MANAGER,
    SIDE_NAMES,
    WORKER,
    Side,
    absence_for_person,
    absence_state,
    allocation_history,
    case_for_request,
    my_cases,
    pending_proposal,
    person_absences,
    person_for_absences,
    proposed_by,
    tier_history,
    tier_sides,
)
from safeworkload.caseloads.services import cases as services
from safeworkload.core.forms import posted
from safeworkload.organisations.access import tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Person


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    proposal_form: TierProposalForm | None = None,
    failed: forms.Form | None = None,
) -> HttpResponse:
    tenancy = tenancy_of(request)
    sides = tier_sides(tenancy=tenancy, case=case)
    proposal = pending_proposal(case=case)
    history = tier_history(case=case)
    can_agree = False
    waiting: Side | None = None
    if proposal is not None:
        waiting = WORKER if proposal.worker_agreed_at is None else MANAGER
        proposer = proposal.changed_by_id
        can_agree = waiting in sides and proposer != request.user.pk
    context: dict[str, Any] = {
        "title": f"Case {case.reference}",
        "case": case,
        "sides": sides,
        "is_worker": WORKER in sides,
        "proposal": proposal,
        "proposal_side": SIDE_NAMES[proposed_by(proposal)] if proposal else "",
        "waiting_for": SIDE_NAMES[waiting] if waiting else "",
        "can_agree": can_agree,
        "history": history,
        "allocations": list(allocation_history(case=case)),
        "discussions": list(case.supervision_discussions.select_related("session__supervisor")),
        "proposal_form": proposal_form or TierProposalForm(),
        "can_propose": case.status != Case.Status.CLOSED,
        "localtime": timezone.localtime,
    }
    if failed is not None:
        context["form"] = failed  # the base template's error summary
    return render(request, "caseloads/case_detail.html", context)


def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, case_for_request(request, pk))


def _side_for_proposal(sides: frozenset[Side]) -> Side:
    # Someone who both holds the case and manages it proposes as its worker, so
    # that another manager must agree.
    return WORKER if WORKER in sides else MANAGER


@require_POST
def tier_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_request(request, pk)
    form = TierProposalForm(request.POST)
    if form.is_valid():
        sides = tier_sides(tenancy=tenancy_of(request), case=case)
        try:
            services.tier_propose(
                case=case,
                tier=form.cleaned_data["tier"],
                reason=form.cleaned_data["reason"],
                side=_side_for_proposal(sides),
                actor=request.user,
            )
        except services.TierRefused as refused:
            form.add_error(refused.field or None, str(refused))
        else:
            tier = form.cleaned_data["tier"]
            messages.success(request, f"Tier {tier} proposed for case {case.reference}")
            return redirect("caseloads:case-detail", pk=case.pk)
    return _case_page(request, case, proposal_form=form, failed=form)


@require_POST
def tier_agree_view(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    case = case_for_request(request, pk)
    sides = tier_sides(tenancy=tenancy_of(request), case=case)
    form = TierAgreeForm(request.POST)
    agreement = TierAgreement.objects.filter(case=case, pk=agreement_pk).first()
    if agreement is None:
        form.add_error(None, "That proposal has been replaced or agreed already")
        return _case_page(request, case, failed=form)
    waiting = WORKER if agreement.worker_agreed_at is None else MANAGER
    side = waiting if waiting in sides else next(iter(sorted(sides)))
    try:
        services.tier_agree(agreement=agreement, side=side, actor=request.user)
    except services.TierRefused as refused:
        form.add_error(None, str(refused))
        return _case_page(request, case, failed=form)
    messages.success(request, f"Case {case.reference} is now tier {agreement.tier}")
    return redirect("caseloads:case-detail", pk=case.pk)


@permission_required("can_view_own_record")
def my_cases_view(request: HttpRequest) -> HttpResponse:
    person = tenancy_of(request).person
    rows = my_cases(person=person) if person is not None else []
    today = timezone.localdate()
    # Each request to take a case above the ceiling, with what it does to them now.
    requests = (
        [
            (r, allocation_check(case=r.case, worker=person, on=today))
            for r in pending_requests_to(person=person)
        ]
        if person is not None
        else []
    )
    return render(
        request,
        "caseloads/case_mine.html",
        {
            "title": "Your cases",
            "person": person,
            "rows": rows,
            "to_agree": [r for r in rows if r.waiting_for_me],
            "requests": requests,
            "decline_form": RequestDeclineForm(),
        },
    )


# ---------------------------------------------------------------------------
# Absences


def _absence_page(request: HttpRequest, person: Person, form: AbsenceForm) -> HttpResponse:
    today = timezone.localdate()
    absences = list(person_absences(person=person))
    return render(
        request,
        "caseloads/absence_list.html",
        {
            "title": f"Absences: {person.full_name}",
            "person": person,
            "form": form,
            "today": today,
            "current": [a for a in absences if a.ends_on >= today],
            "past": [a for a in absences if a.ends_on < today],
            "state": absence_state,
        },
    )


def absence_list_view(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for_absences(request, person_pk)
    form = AbsenceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            absence = services.absence_record(
                person=person,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                note=form.cleaned_data["note"],
            )
        except services.AbsenceRefused as refused:
            form.add_error(refused.field or None, str(refused))
        else:
            messages.success(
                request,
                f"{absence.get_kind_display()} recorded for {person.full_name}",
            )
            return redirect("caseloads:absences", person_pk=person.pk)
    return _absence_page(request, person, form)


@require_POST
def absence_end_view(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for_absences(request, person_pk)
    absence = absence_for_person(person=person, pk=pk)
    try:
        ended = services.absence_end(absence=absence, actor=request.user, on=timezone.localdate())
    except services.AbsenceRefused as refused:
        form = AbsenceForm()
        form.add_error(None, str(refused))
        return _absence_page(request, person, form)
    if ended is None:
        messages.success(request, f"Absence cancelled: {person.full_name} is not away then")
    else:
        messages.success(request, f"Absence ended: {person.full_name} is back today")
    return redirect("caseloads:absences", person_pk=person.pk)


urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/", case_detail_view, name="case-detail"),
    path("cases/<int:pk>/tier/", tier_propose_view, name="case-tier-propose"),
    path("cases/<int:pk>/tier/<int:agreement_pk>/agree/", tier_agree_view, name="case-tier-agree"),
    path("my-cases/", my_cases_view, name="my-cases"),
    path("people/<int:person_pk>/absences/", absence_list_view, name="absences"),
    path("people/<int:person_pk>/absences/<int:pk>/end/", absence_end_view, name="absence-end"),
]
