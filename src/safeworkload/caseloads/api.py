"""Cases, allocations, capacity snapshots and breaches at /api/v1/, read only.

Scoped to the token's organisation like every endpoint: another
organisation's object is 404, as if it did not exist. The output names
nobody: cases carry a pseudonymised reference and a worker's id, and free
text that may name someone (allocation reasons and overrides, breach plans)
is left out. A breach says nothing about any case.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from safeworkload.caseloads.models import Allocation, Breach, CapacitySnapshot, Case
from safeworkload.organisations.access import organisation_of

router = Router(tags=["caseloads"])

# The models' choices, spelt out so that the OpenAPI document lists each set
# under its own name (two enums both called Status would collide there).
# caseloads/tests/test_api.py checks that they match the models.
CaseStatus = Literal["active", "awaiting_closure", "dormant", "closed"]
BreachStatus = Literal["open", "resolved"]
BreachKind = Literal[
    "red_band",
    "sustained_overload",
    "count_cap",
    "declaration",
    "development_time",
    "protected_time",
]


class CaseOut(Schema):
    id: int
    reference: str
    team_id: int
    case_type_id: int
    tier: int
    status: CaseStatus
    opened_on: date
    closed_on: date | None
    last_contact_on: date | None
    worker_id: int | None


class AllocationOut(Schema):
    id: int
    case_id: int
    worker_id: int
    starts_on: date
    ends_on: date | None
    over_ceiling: bool
    potential_percent: Decimal | None


class SnapshotOut(Schema):
    id: int
    person_id: int
    week_start: date
    cases: int
    points: Decimal
    available_points: int
    percent: Decimal
    band: str


class BreachOut(Schema):
    id: int
    person_id: int
    team_id: int | None
    kind: BreachKind
    status: BreachStatus
    opened_on: date
    due_on: date
    level_id: int | None
    percent_when_opened: Decimal | None
    work_removed: bool
    co_worker_added: bool
    case_reallocated: bool
    resolved_on: date | None


class CaseFilter(Schema):
    team_id: int | None = None
    status: CaseStatus | None = None
    worker_id: int | None = None


class SnapshotFilter(Schema):
    person_id: int | None = None
    week_start_from: date | None = None
    week_start_to: date | None = None


class BreachFilter(Schema):
    status: BreachStatus | None = None
    kind: BreachKind | None = None


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_object_or_404(Case, organisation=organisation_of(request), pk=case_id)


@router.get("/cases", response=list[CaseOut])
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> QuerySet[Case]:
    cases = Case.objects.filter(organisation=organisation_of(request)).order_by("pk")
    if filters.team_id is not None:
        cases = cases.filter(team_id=filters.team_id)
    if filters.status is not None:
        cases = cases.filter(status=filters.status)
    if filters.worker_id is not None:
        cases = cases.filter(worker_id=filters.worker_id)
    return cases


@router.get("/cases/{case_id}", response=CaseOut)
def get_case(request: HttpRequest, case_id: int) -> Case:
    return _case(request, case_id)


@router.get("/cases/{case_id}/allocations", response=list[AllocationOut])
@paginate(LimitOffsetPagination)
def list_case_allocations(request: HttpRequest, case_id: int) -> QuerySet[Allocation]:
    """The case's allocations, newest first: the open one, then the history."""
    case = _case(request, case_id)
    return Allocation.objects.filter(organisation=case.organisation, case=case).order_by(
        "-starts_on", "-pk"
    )


@router.get("/snapshots", response=list[SnapshotOut])
@paginate(LimitOffsetPagination)
def list_snapshots(
    request: HttpRequest, filters: Query[SnapshotFilter]
) -> QuerySet[CapacitySnapshot]:
    snapshots = CapacitySnapshot.objects.filter(organisation=organisation_of(request)).order_by(
        "week_start", "person_id", "pk"
    )
    if filters.person_id is not None:
        snapshots = snapshots.filter(person_id=filters.person_id)
    if filters.week_start_from is not None:
        snapshots = snapshots.filter(week_start__gte=filters.week_start_from)
    if filters.week_start_to is not None:
        snapshots = snapshots.filter(week_start__lte=filters.week_start_to)
    return snapshots


@router.get("/breaches", response=list[BreachOut])
@paginate(LimitOffsetPagination)
def list_breaches(request: HttpRequest, filters: Query[BreachFilter]) -> QuerySet[Breach]:
    breaches = Breach.objects.filter(organisation=organisation_of(request)).order_by("pk")
    if filters.status is not None:
        breaches = breaches.filter(status=filters.status)
    if filters.kind is not None:
        breaches = breaches.filter(kind=filters.kind)
    return breaches


@router.get("/breaches/{breach_id}", response=BreachOut)
def get_breach(request: HttpRequest, breach_id: int) -> Breach:
    return get_object_or_404(Breach, organisation=organisation_of(request), pk=breach_id)
