"""Extra hours, time off in lieu and development time at /api/v1/, read only.

Scoped to the token's organisation like every endpoint. The output names
nobody and carries no free text: a worker is an id, and the reasons and
descriptions people write stay out of it, as they stay out of the audit log.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.selectors.team import team_rows
from safeworkload.organisations.access import organisation_of
from safeworkload.organisations.selectors import current_people

router = Router(tags=["extra hours and development time"])

# Spelt out, as in caseloads.api, so the OpenAPI document names each set;
# entitlements/tests/test_api.py checks that they match the models.
Compensation = Literal["pay", "toil", "unclaimed"]
ExtraHoursStatus = Literal["claimed", "approved", "declined", "recorded"]


class HoursBalanceOut(Schema):
    person_id: int
    on: date
    extra_hours_per_week: Decimal
    unpaid_hours_per_week: Decimal
    toil_balance: Decimal
    claims_waiting: int
    development_hours: Decimal
    development_entitlement: Decimal
    newly_qualified: bool
    protected_hours: Decimal | None
    protected_entitlement: Decimal | None


class ExtraHoursOut(Schema):
    id: int
    person_id: int
    worked_on: date
    hours: Decimal
    compensation: Compensation
    status: ExtraHoursStatus
    decided_at: str | None

    @staticmethod
    def resolve_decided_at(obj: ExtraHours) -> str | None:
        return obj.decided_at.isoformat() if obj.decided_at else None


class ExtraHoursFilter(Schema):
    person_id: int | None = None
    status: ExtraHoursStatus | None = None
    worked_on_from: date | None = None
    worked_on_to: date | None = None


@router.get("/hours/balances", response=list[HoursBalanceOut])
@paginate(LimitOffsetPagination)
def list_hour_balances(request: HttpRequest) -> list[dict[str, object]]:
    """Each person in post today: extra and unpaid hours a week over the last
    4 weeks, time off in lieu owed, claims waiting, and development time over
    the last 13 weeks against 10% of contracted hours."""
    today = timezone.localdate()
    people = list(
        current_people(on=today)
        .filter(organisation=organisation_of(request))
        .select_related("organisation")
        .order_by("pk")
    )
    return [
        {
            "person_id": row.person.pk,
            "on": today,
            "extra_hours_per_week": row.extra_per_week,
            "unpaid_hours_per_week": row.unpaid_per_week,
            "toil_balance": row.toil_balance,
            "claims_waiting": row.pending_claims,
            "development_hours": row.development.recorded,
            "development_entitlement": row.development.entitlement,
            "newly_qualified": row.protected is not None,
            "protected_hours": row.protected.recorded if row.protected else None,
            "protected_entitlement": row.protected.entitlement if row.protected else None,
        }
        for row in team_rows(people=people, on=today)
    ]


@router.get("/hours/extra", response=list[ExtraHoursOut])
@paginate(LimitOffsetPagination)
def list_extra_hours(
    request: HttpRequest, filters: Query[ExtraHoursFilter]
) -> QuerySet[ExtraHours]:
    """Each occasion of extra hours, oldest first, without the worker's reason."""
    entries = ExtraHours.objects.filter(organisation=organisation_of(request)).order_by(
        "worked_on", "pk"
    )
    if filters.person_id is not None:
        entries = entries.filter(person_id=filters.person_id)
    if filters.status is not None:
        entries = entries.filter(status=filters.status)
    if filters.worked_on_from is not None:
        entries = entries.filter(worked_on__gte=filters.worked_on_from)
    if filters.worked_on_to is not None:
        entries = entries.filter(worked_on__lte=filters.worked_on_to)
    return entries
