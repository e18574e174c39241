"""Development time against the entitlement, per person, over the last 13 weeks.

Two checks (``safeworkload.calc.development``):

- every social worker: all development time recorded (continuing professional
  development and protected time alike) against 10% of contracted hours;
- the newly qualified also: protected development time alone against 10% of
  contracted hours, pro rata (WL-11, WL-12).

The weeks counted start no earlier than the person's start date, and for
protected time no earlier than the day they qualified, so a newcomer is not
owed time from before they came.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from safeworkload.calc import development as calc
from safeworkload.entitlements.models import DevelopmentTime
from safeworkload.organisations.models import Organisation, Person

ZERO = Decimal("0")
# The staff the Social Work Contract's development right is checked for.
SOCIAL_WORK_ROLES = (
    Person.JobRole.SOCIAL_WORKER,
    Person.JobRole.SENIOR_PRACTITIONER,
    Person.JobRole.NEWLY_QUALIFIED,
)


@dataclass(frozen=True)
class RecordedHours:
    total: Decimal = ZERO
    protected: Decimal = ZERO


def development_hours(
    *,
    organisation: Organisation,
    person_ids: Iterable[int],
    on: date,
    weeks: int = calc.PERIOD_WEEKS,
) -> dict[int, RecordedHours]:
    """Development hours recorded in the ``weeks`` weeks ending ``on``, all
    kinds and protected time alone, for the people who have any. One query."""
    rows = (
        DevelopmentTime.objects.filter(
            organisation=organisation,
            person_id__in=list(person_ids),
            done_on__gte=calc.period_start(on=on, weeks=weeks),
            done_on__lte=on,
        )
        .values("person_id")
        .annotate(
            total=Sum("hours"),
            protected=Sum("hours", filter=Q(kind=DevelopmentTime.Kind.PROTECTED)),
        )
        .order_by()
    )
    return {
        row["person_id"]: RecordedHours(row["total"] or ZERO, row["protected"] or ZERO)
        for row in rows
    }


def is_newly_qualified(person: Person, *, on: date) -> bool:
    return calc.is_newly_qualified(
        newly_qualified_role=person.job_role == Person.JobRole.NEWLY_QUALIFIED,
        qualified_on=person.qualification_date,
        on=on,
    )


@dataclass(frozen=True)
class DevelopmentChecks:
    development: calc.EntitlementCheck
    protected: calc.EntitlementCheck | None  # None: not newly qualified
    weekly_entitlement: Decimal


def development_checks(
    person: Person,
    recorded: RecordedHours,
    *,
    on: date,
    weeks: int = calc.PERIOD_WEEKS,
    at_least: Decimal = Decimal("1"),
) -> DevelopmentChecks:
    """The person's recorded hours against both entitlements (``at_least``: 1
    for the whole entitlement, ``calc.BREACH_BELOW`` for the breach rule)."""
    hours = person.contracted_hours
    development = calc.entitlement_check(
        recorded.total,
        contracted_hours=hours,
        weeks=calc.weeks_in_period(on=on, since=person.start_date, weeks=weeks),
        at_least=at_least,
    )
    protected = None
    if is_newly_qualified(person, on=on):
        since = max(d for d in (person.start_date, person.qualification_date) if d is not None)
        protected = calc.entitlement_check(
            recorded.protected,
            contracted_hours=hours,
            weeks=calc.weeks_in_period(on=on, since=since, weeks=weeks),
            at_least=at_least,
            what="protected development time",
        )
    return DevelopmentChecks(development, protected, calc.protected_hours_per_week(hours))


def person_development(
    *, person: Person, on: date
) -> tuple[DevelopmentChecks, list[DevelopmentTime]]:
    """The person's checks over the last 13 weeks and the entries in them, newest first."""
    recorded = development_hours(
        organisation=person.organisation, person_ids=[person.pk], on=on
    ).get(person.pk, RecordedHours())
    entries = list(person_development_time(person=person, on=on))
    return development_checks(person, recorded, on=on), entries


def person_development_time(*, person: Person, on: date) -> QuerySet[DevelopmentTime]:
    return DevelopmentTime.objects.filter(
        organisation=person.organisation,
        person=person,
        done_on__gte=calc.period_start(on=on),
        done_on__lte=on,
    )
