"""Reading the extra-hours ledger: balances, unpaid hours and claims to decide.

Weeks here are runs of seven days ending on the day asked about (both ends
included), not calendar weeks, so that "the last four weeks" always holds
four whole weeks of records.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from safeworkload.calc import development as calc
from safeworkload.entitlements.models import ExtraHours, ToilTaken
from safeworkload.organisations.models import Organisation, Person
from safeworkload.organisations.selectors import current_people
from safeworkload.organisations.tenancy import Tenancy

ZERO = Decimal("0")
RECENT_WEEKS = 4
UNPAID = Q(compensation=ExtraHours.Compensation.UNCLAIMED) | Q(status=ExtraHours.Status.DECLINED)


def approvable_people(*, tenancy: Tenancy) -> QuerySet[Person]:
    """Whose extra hours the acting roles may decide: everyone for a service
    lead or administrator; for a team manager, the members of the teams they
    manage, but not themself (their own claims go to someone above them)."""
    if tenancy.organisation is None or not tenancy.has("can_approve_extra_hours"):
        return Person.objects.none()
    people = Person.objects.filter(organisation=tenancy.organisation).select_related("team")
    if tenancy.has("can_view_all_people"):
        return people
    if tenancy.person is None:
        return people.none()
    return people.filter(team__manager_id=tenancy.person.pk).exclude(pk=tenancy.person.pk)


def team_people(*, tenancy: Tenancy, on: date) -> list[Person]:
    """The people in post on the day whose hours the acting roles may decide."""
    ids = approvable_people(tenancy=tenancy).values("pk")
    return list(
        current_people(on=on)
        .filter(pk__in=ids)
        .select_related("team", "organisation")
        .order_by("team__name", "family_name", "given_name", "pk")
    )


def week_windows(*, on: date, weeks: int) -> list[tuple[date, date]]:
    """The ``weeks`` seven-day windows ending ``on``, oldest first, as (first, last) days."""
    return [
        (on - timedelta(days=7 * n + 6), on - timedelta(days=7 * n))
        for n in range(weeks - 1, -1, -1)
    ]


def unpaid_hours_per_week(
    *, organisation: Organisation, person_ids: Iterable[int], on: date, weeks: int = RECENT_WEEKS
) -> dict[int, Decimal]:
    """The mean unpaid hours a week (unclaimed, or claimed and declined) over
    the ``weeks`` weeks ending ``on``, for the people who have any. One query.

    For the caseload team report: a worker under 100% capacity who works ten
    unpaid hours a week is not green (reference/01 §5 item 7).
    """
    first, _ = week_windows(on=on, weeks=weeks)[0]
    rows = (
        ExtraHours.objects.filter(
            organisation=organisation,
            person_id__in=list(person_ids),
            worked_on__gte=first,
            worked_on__lte=on,
        )
        .filter(UNPAID)
        .values("person_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return {
        row["person_id"]: calc.mean_per_week(row["total"], weeks) for row in rows if row["total"]
    }


def toil_balances(*, organisation: Organisation, person_ids: Iterable[int]) -> dict[int, Decimal]:
    """Approved time off in lieu less time taken, for every person named (zero
    for those with none), over all time. Two queries."""
    ids = list(person_ids)
    earned = (
        ExtraHours.objects.filter(
            organisation=organisation,
            person_id__in=ids,
            compensation=ExtraHours.Compensation.TOIL,
            status=ExtraHours.Status.APPROVED,
        )
        .values("person_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    taken = (
        ToilTaken.objects.filter(organisation=organisation, person_id__in=ids)
        .values("person_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    balances = dict.fromkeys(ids, ZERO)
    for row in earned:
        balances[row["person_id"]] += row["total"]
    for row in taken:
        balances[row["person_id"]] -= row["total"]
    return {pid: calc.hours(balance) for pid, balance in balances.items()}


def toil_balance(*, person: Person) -> Decimal:
    return toil_balances(organisation=person.organisation, person_ids=[person.pk])[person.pk]


@dataclass(frozen=True)
class WeekHours:
    first: date
    last: date
    extra: Decimal
    unpaid: Decimal


def weekly_hours(
    *, organisation: Organisation, person_ids: Iterable[int], on: date, weeks: int = RECENT_WEEKS
) -> dict[int, list[WeekHours]]:
    """Extra and unpaid hours in each of the ``weeks`` weeks ending ``on``, per
    person named (zeros for a week with none). One query."""
    ids = list(person_ids)
    windows = week_windows(on=on, weeks=weeks)
    rows = ExtraHours.objects.filter(
        organisation=organisation,
        person_id__in=ids,
        worked_on__gte=windows[0][0],
        worked_on__lte=on,
    ).values_list("person_id", "worked_on", "hours", "compensation", "status")
    extra: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    unpaid: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for person_id, worked_on, hours, compensation, status in rows:
        index = weeks - 1 - (on - worked_on).days // 7
        extra[person_id, index] += hours
        if (
            compensation == ExtraHours.Compensation.UNCLAIMED
            or status == ExtraHours.Status.DECLINED
        ):
            unpaid[person_id, index] += hours
    return {
        pid: [
            WeekHours(first, last, extra[pid, i], unpaid[pid, i])
            for i, (first, last) in enumerate(windows)
        ]
        for pid in ids
    }


def claims_to_decide(*, tenancy: Tenancy) -> QuerySet[ExtraHours]:
    """Claims waiting for a decision from the acting roles, oldest first."""
    return (
        ExtraHours.objects.filter(
            person__in=approvable_people(tenancy=tenancy), status=ExtraHours.Status.CLAIMED
        )
        .select_related("person", "person__team")
        .order_by("worked_on", "pk")
    )


def person_extra_hours(*, person: Person) -> QuerySet[ExtraHours]:
    return ExtraHours.objects.filter(
        organisation=person.organisation, person=person
    ).select_related("decided_by")


def person_toil_taken(*, person: Person) -> QuerySet[ToilTaken]:
    return ToilTaken.objects.filter(organisation=person.organisation, person=person)
