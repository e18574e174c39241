"""Time use at /api/v1/, read only: each team's aggregates over a period.

Only teams in which at least SAFEWORKLOAD_TIME_USE_MIN_GROUP people recorded
a week in the period are listed; a smaller team is left out altogether, as on
the pages. No individual's sample is ever served.
"""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from safeworkload.organisations.access import organisation_of
from safeworkload.timeuse.selectors import (
    DEFAULT_MONTHS,
    PERIOD_CHOICES,
    TEAM,
    group_table,
    min_group,
    period_ending,
)

router = Router(tags=["time use"])


class TeamTimeUseOut(Schema):
    team_id: int
    period_start: date
    period_end: date
    people: int
    sample_weeks: int
    direct_percent: Decimal
    gap_to_target_points: Decimal
    recording_and_admin_percent: Decimal
    travel_percent: Decimal
    development_percent: Decimal
    other_percent: Decimal
    mean_hours_over_contract: Decimal
    weeks_over_contract_percent: Decimal


class TimeUseFilter(Schema):
    months: int = DEFAULT_MONTHS

    @field_validator("months")
    @classmethod
    def _offered(cls, value: int) -> int:
        if value not in PERIOD_CHOICES:
            raise ValueError(f"use one of {', '.join(map(str, PERIOD_CHOICES))}")
        return value


@router.get("/time-use/teams", response=list[TeamTimeUseOut])
@paginate(LimitOffsetPagination)
def list_team_time_use(request: HttpRequest, filters: Query[TimeUseFilter]) -> list[TeamTimeUseOut]:
    """Teams with enough people sampled, in the order of their names."""
    organisation = organisation_of(request)
    period = period_ending(timezone.localdate(), filters.months)
    table = group_table(organisation=organisation, period=period, minimum=min_group())
    return [
        TeamTimeUseOut(
            team_id=g.scope.team.pk,
            period_start=period.start,
            period_end=period.end,
            people=g.people,
            sample_weeks=g.samples,
            direct_percent=g.shares.direct_pct,
            gap_to_target_points=g.shares.gap_to_target,
            recording_and_admin_percent=g.shares.recording_admin_pct,
            travel_percent=g.shares.travel_pct,
            development_percent=g.shares.development_pct,
            other_percent=g.shares.other_pct,
            mean_hours_over_contract=g.extra_per_week or Decimal(0),
            weeks_over_contract_percent=g.over_contract_pct or Decimal(0),
        )
        for g in table
        if g.scope.kind == TEAM and g.scope.team is not None and g.shares is not None
    ]
