"""The manager's view: each worker's extra hours, unpaid hours, time off owed,
claims waiting and development time, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from safeworkload.calc import development as calc
from safeworkload.entitlements.models import ExtraHours
from safeworkload.entitlements.selectors.development import (
    RecordedHours,
    development_checks,
    development_hours,
)
from safeworkload.entitlements.selectors.ledger import (
    RECENT_WEEKS,
    WeekHours,
    toil_balances,
    unpaid_hours_per_week,
    week_windows,
    weekly_hours,
)
from safeworkload.organisations.models import Person

ZERO = Decimal("0")


@dataclass(frozen=True)
class TeamRow:
    person: Person
    weeks: list[WeekHours]
    unpaid_per_week: Decimal
    toil_balance: Decimal
    pending_claims: int
    development: calc.EntitlementCheck
    protected: calc.EntitlementCheck | None

    @property
    def extra_per_week(self) -> Decimal:
        return calc.mean_per_week(sum((w.extra for w in self.weeks), ZERO), len(self.weeks))


def team_rows(*, people: list[Person], on: date, weeks: int = RECENT_WEEKS) -> list[TeamRow]:
    """One row per person given (all of one organisation), in their order."""
    if not people:
        return []
    organisation = people[0].organisation
    ids = [p.pk for p in people]
    by_week = weekly_hours(organisation=organisation, person_ids=ids, on=on, weeks=weeks)
    unpaid = unpaid_hours_per_week(organisation=organisation, person_ids=ids, on=on, weeks=weeks)
    balances = toil_balances(organisation=organisation, person_ids=ids)
    pending = Counter(
        ExtraHours.objects.filter(
            organisation=organisation, person_id__in=ids, status=ExtraHours.Status.CLAIMED
        ).values_list("person_id", flat=True)
    )
    recorded = development_hours(organisation=organisation, person_ids=ids, on=on)
    rows = []
    for person in people:
        checks = development_checks(person, recorded.get(person.pk, RecordedHours()), on=on)
        rows.append(
            TeamRow(
                person=person,
                weeks=by_week[person.pk],
                unpaid_per_week=unpaid.get(person.pk, ZERO),
                toil_balance=balances[person.pk],
                pending_claims=pending[person.pk],
                development=checks.development,
                protected=checks.protected,
            )
        )
    return rows


def week_labels(*, on: date, weeks: int = RECENT_WEEKS) -> list[str]:
    """Column headings for the weeks, oldest first: "27 Oct to 2 Nov"."""
    return [f"{first:%-d %b} to {last:%-d %b}" for first, last in week_windows(on=on, weeks=weeks)]
