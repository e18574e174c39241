"""Case pages, tier agreement and absences.

A case is opened by the worker holding it, its team's manager and the leads; a
union representative sees no case, so gets the same 404 as a stranger. Absences
are recorded by those who allocate: a team manager for their own teams, leads
for anyone."""

from datetime import date, timedelta

from django.utils import timezone

from safeworkload.caseloads.models import Allocation, Case, CaseType, TierAgreement
from safeworkload.organisations.models import Absence, Organisation, Person
from safeworkload.testing import World
from tests.matrix import LEADS, ORG_ROLES, Row, obj, only

ALLOCATORS = ("team_manager", *LEADS)
CASE_VIEWERS = ("practitioner", "team_manager", *LEADS)


def _held_case(organisation: Organisation, worker: Person) -> Case:
    assert worker.team is not None
    case_type, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=worker.team.service_area,
        code="review",
        defaults={"name": "Review"},
    )
    case, created = Case.objects.get_or_create(
        organisation=organisation,
        reference=f"HELD-{worker.pk}",
        defaults={
            "team": worker.team,
            "case_type": case_type,
            "opened_on": date(2026, 1, 5),
            "worker": worker,
        },
    )
    if created:
        Allocation.objects.create(
            organisation=organisation,
            case=case,
            worker=worker,
            starts_on=case.opened_on,
            reason="Set up",
        )
    return case


def _case_a(w: World) -> int:
    return _held_case(w.a, w.practitioner_person).pk


def _case_b(w: World) -> int:
    return _held_case(w.b, w.person_b).pk


def _proposal(case: Case, world: World) -> str:
    """A tier proposed by the worker, waiting for a manager."""
    agreement = TierAgreement.objects.create(
        case=case,
        tier=3,
        changed_by=world.users["practitioner"],
        worker_agreed_at=timezone.now(),
    )
    return f"/caseloads/cases/{case.pk}/tier/{agreement.pk}/agree/"


def _absence(person: Person) -> int:
    today = timezone.localdate()
    absence = Absence.objects.create(
        organisation=person.organisation,
        person=person,
        kind=Absence.Kind.ANNUAL_LEAVE,
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=5),
    )
    return absence.pk


NO_CASE_FOR_REPS = {"union_rep": 404}

ROWS: dict[str, Row] = {
    "caseloads:case-detail": Row(
        lambda w: f"/caseloads/cases/{_case_a(w)}/",
        {**obj(*CASE_VIEWERS), **NO_CASE_FOR_REPS},
        url_in_b=lambda w: f"/caseloads/cases/{_case_b(w)}/",
    ),
    "caseloads:case-tier-propose": Row(
        lambda w: f"/caseloads/cases/{_case_a(w)}/tier/",
        {**obj(*CASE_VIEWERS, ok=302), **NO_CASE_FOR_REPS},
        method="post",
        data={"tier": "3", "reason": "More visits are needed."},
        url_in_b=lambda w: f"/caseloads/cases/{_case_b(w)}/tier/",
    ),
    # The worker proposed: a manager agrees (302); the worker cannot agree their
    # own proposal, so their page shows why (200).
    "caseloads:case-tier-agree": Row(
        lambda w: _proposal(_held_case(w.a, w.practitioner_person), w),
        {**obj(*ALLOCATORS, ok=302), "practitioner": 200, **NO_CASE_FOR_REPS},
        method="post",
        url_in_b=lambda w: _proposal(_held_case(w.b, w.person_b), w),
    ),
    "caseloads:my-cases": Row(lambda w: "/caseloads/my-cases/", only(*ORG_ROLES, "outsider")),
    "caseloads:absences": Row(
        lambda w: f"/caseloads/people/{w.practitioner_person.pk}/absences/",
        obj(*ALLOCATORS),
        url_in_b=lambda w: f"/caseloads/people/{w.person_b.pk}/absences/",
    ),
    "caseloads:absence-end": Row(
        lambda w: (
            f"/caseloads/people/{w.practitioner_person.pk}/absences/"
            f"{_absence(w.practitioner_person)}/end/"
        ),
        obj(*ALLOCATORS, ok=302),
        method="post",
        url_in_b=lambda w: (
            f"/caseloads/people/{w.person_b.pk}/absences/{_absence(w.person_b)}/end/"
        ),
    ),
}
