"""What a case page and a worker's case list show, who may open them, and the
absences a manager records.

A case is seen by the worker who holds it, by the manager of its team and by
leads (the same people the allocation guard lets allocate it): a union
representative, or a practitioner asking about someone else's case, gets the
same 404 as for a case that does not exist.

A tier changes only when the worker and a manager have both agreed
(``caseloads.services.cases``). A proposal is a ``TierAgreement`` with one side
agreed; it becomes a change in the case's tier history when the other side
agrees.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from safeworkload.caseloads.models import Allocation, Case, TierAgreement
from safeworkload.caseloads.selectors.allocation import (
    OPEN_STATUSES,
    allocatable_teams,
    person_for_reassignment,
)
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.models import Absence, Person
from safeworkload.organisations.tenancy import Tenancy

Side = Literal["worker", "manager"]
WORKER: Side = "worker"
MANAGER: Side = "manager"
SIDE_NAMES: dict[Side, str] = {WORKER: "the worker", MANAGER: "a manager"}
PROPOSED = "case.tier_proposed"


# ---------------------------------------------------------------------------
# Access


def tier_sides(*, tenancy: Tenancy, case: Case) -> frozenset[Side]:
    """The sides the acting user may take on the case: the worker's if they hold it,
    a manager's if they allocate in its team (its team manager, or a lead)."""
    sides: set[Side] = set()
    if tenancy.organisation is None or tenancy.organisation.pk != case.organisation_id:
        return frozenset()
    if tenancy.person is not None and case.worker_id == tenancy.person.pk:
        sides.add(WORKER)
    if allocatable_teams(tenancy=tenancy).filter(pk=case.team_id).exists():
        sides.add(MANAGER)
    return frozenset(sides)


def case_for_request(request: HttpRequest, pk: int) -> Case:
    """A case of the acting organisation that the user holds or manages; 404 otherwise,
    the same answer as for a case that does not exist."""
    cases = Case.objects.filter(organisation=organisation_of(request)).select_related(
        "organisation", "team", "team__manager", "case_type", "worker"
    )
    case: Case = get_object_or_404(cases, pk=pk)
    if not tier_sides(tenancy=tenancy_of(request), case=case):
        raise Http404
    return case


def person_for_absences(request: HttpRequest, pk: int) -> Person:
    """The person whose absences are recorded: 403 for a role that may not allocate,
    404 outside the organisation or (for a team manager) outside the teams they manage.
    The same rule as moving a person's caseload."""
    return person_for_reassignment(request, pk)


# ---------------------------------------------------------------------------
# Cases and their tiers


def pending_proposal(*, case: Case) -> TierAgreement | None:
    """The tier proposed for the case and not yet agreed by both sides, if any."""
    return (
        TierAgreement.objects.filter(case=case)
        .filter(Q(worker_agreed_at__isnull=True) | Q(manager_agreed_at__isnull=True))
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
        .first()
    )


def tier_history(*, case: Case) -> list[TierAgreement]:
    """The case's agreed tier changes, newest first."""
    return list(
        TierAgreement.objects.filter(
            case=case, worker_agreed_at__isnull=False, manager_agreed_at__isnull=False
        )
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )


def proposed_by(agreement: TierAgreement) -> Side:
    """The side that proposed: the one that agreed first."""
    if agreement.worker_agreed_at is None:
        return MANAGER
    if agreement.manager_agreed_at is None:
        return WORKER
    return WORKER if agreement.worker_agreed_at <= agreement.manager_agreed_at else MANAGER


def allocation_history(*, case: Case) -> QuerySet[Allocation]:
    """Every spell of the case with a worker, newest first."""
    return (
        Allocation.objects.filter(organisation=case.organisation_id, case=case)
        .select_related("worker", "allocated_by", "authorised_by")
        .order_by("-starts_on", "-id")
    )


@dataclass(frozen=True)
class MyCase:
    case: Case
    proposal: TierAgreement | None

    @property
    def waiting_for_me(self) -> bool:
        """A proposal the worker has still to agree."""
        return self.proposal is not None and self.proposal.worker_agreed_at is None


def my_cases(*, person: Person) -> list[MyCase]:
    """The open cases the person holds, each with any tier proposal still pending."""
    cases = list(
        Case.objects.filter(
            organisation=person.organisation_id, worker=person, status__in=OPEN_STATUSES
        )
        .select_related("case_type", "team")
        .order_by("reference")
    )
    pending: dict[int, TierAgreement] = {}
    proposals = (
        TierAgreement.objects.filter(case__in=cases)
        .filter(Q(worker_agreed_at__isnull=True) | Q(manager_agreed_at__isnull=True))
        .order_by("changed_at", "id")
    )
    for proposal in proposals:
        pending[proposal.case_id] = proposal  # the newest wins, being last
    return [MyCase(case, pending.get(case.pk)) for case in cases]


# ---------------------------------------------------------------------------
# Absences


def person_absences(*, person: Person) -> QuerySet[Absence]:
    return Absence.objects.filter(
        organisation=person.organisation_id, person=person
    ).select_related("created_by")


def absence_for_person(*, person: Person, pk: int) -> Absence:
    absence: Absence = get_object_or_404(person_absences(person=person), pk=pk)
    return absence


def absence_state(absence: Absence, on: date) -> str:
    if absence.ends_on < on:
        return "Over"
    if absence.starts_on > on:
        return "Booked"
    return "Now"
