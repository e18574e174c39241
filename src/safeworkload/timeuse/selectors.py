"""Reading sample weeks: a person's own, and the aggregates of a group.

A group is the organisation, one service area (adults' or children's) or one
team. Its figures pool every sample week recorded in the period: each share is
of all the hours sampled, so a week of 45 hours weighs more than one of 20. A
sample counts for the team the person was in when they recorded it.

A group's figures are shown only when at least ``min_group`` distinct people
recorded a week in the period (SAFEWORKLOAD_TIME_USE_MIN_GROUP, never below
5); each month of the trend is held to the same rule on its own. Where one team
is hidden, complementary suppression (``calc.suppression.suppress_nested``)
hides another in its service area, so the service's figures minus the teams
shown never give one hidden team; service areas under the organisation alike.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeworkload.calc.suppression import suppress_nested
from safeworkload.calc.timeuse import (
    CATEGORY_KEYS,
    AdministratorFrees,
    NoHoursError,
    Shares,
    administrator_frees,
    extra_hours,
    shares,
    unpaid_per_year,
)
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.selectors import current_people
from safeworkload.organisations.tenancy import Tenancy
from safeworkload.supervision.selectors import supervises
from safeworkload.timeuse.models import TimeSample

ZERO = Decimal(0)
PERIOD_CHOICES = (3, 6, 12)
DEFAULT_MONTHS = 6
# The people an administrator post serves, in "what an administrator frees".
SOCIAL_WORK_ROLES = frozenset(
    {
        Person.JobRole.SOCIAL_WORKER,
        Person.JobRole.SENIOR_PRACTITIONER,
        Person.JobRole.NEWLY_QUALIFIED,
    }
)
ORGANISATION, SERVICE, TEAM = "organisation", "service", "team"


def min_group() -> int:
    return max(5, int(settings.SAFEWORKLOAD_TIME_USE_MIN_GROUP))


def suppressed_text(minimum: int) -> str:
    return f"Fewer than {minimum} people recorded a week, so this is not shown"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---------------------------------------------------------------------------
# Who may see an individual's samples


def sees_individual(tenancy: Tenancy, person: Person) -> bool:
    """The person themselves, and their supervisor: the manager of their team, or
    whoever supervises them under a current supervision agreement."""
    me = tenancy.person
    if me is None or tenancy.organisation is None:
        return False
    if person.organisation_id != tenancy.organisation.pk:
        return False
    if person.pk == me.pk:
        return True
    manages = (
        tenancy.has("can_view_time_use")
        and person.team is not None
        and person.team.manager_id == me.pk
    )
    return manages or supervises(supervisor=me, supervisee=person, on=timezone.localdate())


def person_for_time_use(request: HttpRequest, pk: int) -> Person:
    """A person whose samples the acting user may open; 404 for anyone else's."""
    person = get_object_or_404(
        Person.objects.filter(organisation=organisation_of(request)).select_related("team"), pk=pk
    )
    if not sees_individual(tenancy_of(request), person):
        raise Http404
    return person


def sample_for_request(request: HttpRequest, pk: int) -> TimeSample:
    sample = get_object_or_404(
        TimeSample.objects.filter(organisation=organisation_of(request)).select_related(
            "person__team"
        ),
        pk=pk,
    )
    if not sees_individual(tenancy_of(request), sample.person):
        raise Http404
    return sample


def team_for_time_use(request: HttpRequest, pk: int) -> Team:
    """A team of the acting organisation, for its aggregates: 404 for another
    organisation's team, then 403 for a role without the permission."""
    team = get_object_or_404(Team.objects.filter(organisation=organisation_of(request)), pk=pk)
    if not tenancy_of(request).has("can_view_time_use"):
        raise PermissionDenied
    return team


def managed_teams(*, tenancy: Tenancy) -> list[Team]:
    if tenancy.person is None or tenancy.organisation is None:
        return []
    return list(Team.objects.filter(organisation=tenancy.organisation, manager=tenancy.person))


# ---------------------------------------------------------------------------
# A person's own samples


@dataclass(frozen=True)
class SampleRow:
    sample: TimeSample
    shares: Shares
    extra: Decimal


@dataclass(frozen=True)
class PersonSummary:
    rows: list[SampleRow]
    shares: Shares | None  # all their samples pooled
    extra_per_week: Decimal | None
    unpaid_year: tuple[Decimal, Decimal] | None


def _row(sample: TimeSample) -> SampleRow:
    return SampleRow(
        sample,
        shares(sample.hours),
        extra_hours(sample.worked_hours, sample.contracted_hours),
    )


def person_summary(*, person: Person) -> PersonSummary:
    samples = TimeSample.objects.filter(organisation=person.organisation, person=person).order_by(
        "-week_starting"
    )
    rows = [_row(sample) for sample in samples]
    if not rows:
        return PersonSummary([], None, None, None)
    pooled = _pool(r.sample.hours for r in rows)
    extra = _mean([r.extra for r in rows])
    return PersonSummary(rows, shares(pooled), extra, unpaid_per_year(extra))


def last_sample(*, person: Person) -> TimeSample | None:
    return (
        TimeSample.objects.filter(organisation=person.organisation, person=person)
        .order_by("-week_starting")
        .first()
    )


def sample_for_week(*, person: Person, week_starting: date) -> TimeSample | None:
    return TimeSample.objects.filter(
        organisation=person.organisation, person=person, week_starting=week_starting
    ).first()


# ---------------------------------------------------------------------------
# Groups


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    months: int

    @property
    def month_starts(self) -> list[date]:
        return [_add_months(self.start, i) for i in range(self.months)]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_ending(today: date, months: int = DEFAULT_MONTHS) -> Period:
    """The calendar months up to and including this one."""
    return Period(_add_months(today.replace(day=1), -(months - 1)), today, months)


@dataclass(frozen=True)
class Scope:
    kind: str
    label: str
    team: Team | None = None
    service_area: str = ""


@dataclass(frozen=True)
class MonthPoint:
    month: date
    people: int
    shares: Shares | None  # None when fewer than the minimum recorded a week


@dataclass(frozen=True)
class GroupFigures:
    scope: Scope
    people: int
    samples: int
    minimum: int
    shares: Shares | None = None
    mean_hours: dict[str, Decimal] | None = None
    extra_per_week: Decimal | None = None
    over_contract_pct: Decimal | None = None
    unpaid_year: tuple[Decimal, Decimal] | None = None
    admin: AdministratorFrees | None = None
    admin_social_workers: int = 0
    admin_hours: Decimal = ZERO
    trend: tuple[MonthPoint, ...] = ()
    # Hidden although large enough, so that a smaller group cannot be worked out.
    complement: bool = False

    @property
    def shown(self) -> bool:
        return self.shares is not None

    @property
    def suppressed_text(self) -> str:
        if self.complement:
            return (
                "Hidden with a smaller group, so that group's figures cannot be worked out "
                "from the others"
            )
        return suppressed_text(self.minimum)


@dataclass(frozen=True)
class _Sample:
    person_id: int
    team_id: int | None
    service_area: str
    week_starting: date
    hours: dict[str, Decimal]
    contracted: Decimal


def _pool(weeks: Iterable[dict[str, Decimal]]) -> dict[str, Decimal]:
    pooled = dict.fromkeys(CATEGORY_KEYS, ZERO)
    for hours in weeks:
        for key in CATEGORY_KEYS:
            pooled[key] += hours[key]
    return pooled


def _mean(values: Sequence[Decimal]) -> Decimal:
    return (sum(values, ZERO) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _samples(organisation: Organisation, period: Period) -> list[_Sample]:
    rows = TimeSample.objects.filter(
        organisation=organisation,
        week_starting__gte=monday_of(period.start),
        week_starting__lte=period.end,
    ).values_list(
        "person_id", "team_id", "team__service_area", "week_starting", "contracted_hours",
        *CATEGORY_KEYS,
    )  # fmt: skip
    return [
        _Sample(
            person_id=row[0],
            team_id=row[1],
            service_area=row[2] or "",
            week_starting=row[3],
            contracted=row[4],
            hours=dict(zip(CATEGORY_KEYS, row[5:], strict=True)),
        )
        for row in rows
        # A week counts in the month it starts in; a week starting in the last days
        # of the month before the period does not.
        if row[3] >= period.start
    ]


def _key(scope: Scope) -> str:
    if scope.kind == TEAM:
        return f"team:{scope.team.pk if scope.team else ''}"
    if scope.kind == SERVICE:
        return f"service:{scope.service_area}"
    return ORGANISATION


def _hidden(samples: list[_Sample], minimum: int) -> set[str]:
    """The groups complementary suppression hides, top down: services under the
    organisation, teams under their service. Each person counts once, in the
    team of their latest sample, so the groups add up to no more than their parent."""
    latest: dict[int, _Sample] = {}
    for sample in sorted(samples, key=lambda s: s.week_starting):
        latest[sample.person_id] = sample
    people = list(latest.values())
    services: dict[str, int] = defaultdict(int)
    teams: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sample in people:
        if sample.service_area:
            services[f"service:{sample.service_area}"] += 1
            teams[sample.service_area][f"team:{sample.team_id}"] += 1
    top = suppress_nested(len(people), services, min_group=minimum)
    hidden = set(top.hidden)
    for area, members in teams.items():
        parent = services[f"service:{area}"]
        below = suppress_nested(parent, members, min_group=minimum)
        # A hidden service hides its teams too, or they would add up to it again.
        hidden |= set(members) if f"service:{area}" in hidden else set(below.hidden)
    return hidden


def _in_scope(sample: _Sample, scope: Scope) -> bool:
    if scope.kind == TEAM:
        return scope.team is not None and sample.team_id == scope.team.pk
    if scope.kind == SERVICE:
        return sample.service_area == scope.service_area
    return True


def _shares_or_none(samples: list[_Sample], minimum: int) -> Shares | None:
    if len({s.person_id for s in samples}) < minimum:
        return None
    try:
        return shares(_pool(s.hours for s in samples))
    except NoHoursError:
        return None


def _trend(
    everyone: list[_Sample], scope: Scope, period: Period, minimum: int
) -> tuple[MonthPoint, ...]:
    by_month: dict[date, list[_Sample]] = defaultdict(list)
    for sample in everyone:
        by_month[sample.week_starting.replace(day=1)].append(sample)
    points = []
    for month in period.month_starts:
        mine = [s for s in by_month[month] if _in_scope(s, scope)]
        hidden = _key(scope) in _hidden(by_month[month], minimum)
        shown = None if hidden else _shares_or_none(mine, minimum)
        points.append(MonthPoint(month, len({s.person_id for s in mine}), shown))
    return tuple(points)


def _social_workers_by_team(organisation: Organisation, today: date) -> dict[int, tuple[int, str]]:
    """Each team's current social workers, with the team's service area: one query."""
    rows = (
        current_people(on=today)
        .filter(organisation=organisation, job_role__in=SOCIAL_WORK_ROLES, team__isnull=False)
        .values_list("team_id", "team__service_area")
    )
    counts: dict[int, tuple[int, str]] = {}
    for team_id, area in rows:
        counts[team_id] = (counts.get(team_id, (0, area))[0] + 1, area)
    return counts


def _admin(
    organisation: Organisation,
    scope: Scope,
    mean_hours: dict[str, Decimal],
    workers_by_team: dict[int, tuple[int, str]],
) -> tuple[AdministratorFrees | None, int]:
    """One administrator post for a team: the team's own social workers, or for a
    larger group its mean team of social workers."""
    teams = [
        n
        for team_id, (n, area) in workers_by_team.items()
        if (scope.kind == TEAM and scope.team is not None and team_id == scope.team.pk)
        or (scope.kind == SERVICE and area == scope.service_area)
        or scope.kind == ORGANISATION
    ]
    if not teams:
        return None, 0
    per_team = max(1, round(sum(teams) / len(teams)))
    frees = administrator_frees(
        mean_hours=mean_hours,
        social_workers=per_team,
        administrator_hours=organisation.standard_weekly_hours,
    )
    return frees, per_team


def _figures(
    organisation: Organisation,
    scope: Scope,
    samples: list[_Sample],
    period: Period,
    minimum: int,
    workers_by_team: dict[int, tuple[int, str]],
    hidden: set[str],
    *,
    with_trend: bool,
) -> GroupFigures:
    mine = [s for s in samples if _in_scope(s, scope)]
    people = len({s.person_id for s in mine})
    complement = _key(scope) in hidden and people >= minimum
    pooled_shares = None if _key(scope) in hidden else _shares_or_none(mine, minimum)
    if pooled_shares is None:
        return GroupFigures(scope, people, len(mine), minimum, complement=complement)
    pooled = _pool(s.hours for s in mine)
    mean_hours = {key: (value / len(mine)) for key, value in pooled.items()}
    extras = [extra_hours(sum(s.hours.values(), ZERO), s.contracted) for s in mine]
    extra = _mean(extras)
    over = sum(1 for e in extras if e > 0)
    admin, served = _admin(organisation, scope, mean_hours, workers_by_team)
    return GroupFigures(
        scope,
        people,
        len(mine),
        minimum,
        shares=pooled_shares,
        mean_hours={k: v.quantize(Decimal("0.01"), ROUND_HALF_UP) for k, v in mean_hours.items()},
        extra_per_week=extra,
        over_contract_pct=(Decimal(over) * 100 / len(mine)).quantize(Decimal("0.1"), ROUND_HALF_UP),
        unpaid_year=unpaid_per_year(extra),
        admin=admin,
        admin_social_workers=served,
        admin_hours=organisation.standard_weekly_hours,
        trend=_trend(samples, scope, period, minimum) if with_trend else (),
    )


def organisation_scope(organisation: Organisation) -> Scope:
    return Scope(ORGANISATION, organisation.name)


def service_scope(area: str) -> Scope:
    labels = dict(Team.ServiceArea.choices)
    if area not in labels:
        raise Http404
    return Scope(SERVICE, str(labels[area]), service_area=area)


def team_scope(team: Team) -> Scope:
    return Scope(TEAM, team.name, team=team)


def group_figures(
    *, organisation: Organisation, scope: Scope, period: Period, minimum: int
) -> GroupFigures:
    """One group's figures, with its month-by-month trend."""
    samples = _samples(organisation, period)
    workers = _social_workers_by_team(organisation, period.end)
    hidden = _hidden(samples, minimum)
    return _figures(organisation, scope, samples, period, minimum, workers, hidden, with_trend=True)


def group_table(*, organisation: Organisation, period: Period, minimum: int) -> list[GroupFigures]:
    """The organisation, each service area and each team, from one query of samples."""
    samples = _samples(organisation, period)
    workers = _social_workers_by_team(organisation, period.end)
    scopes = [organisation_scope(organisation)]
    scopes += [service_scope(area) for area in Team.ServiceArea.values]
    scopes += [team_scope(t) for t in Team.objects.filter(organisation=organisation)]
    hidden = _hidden(samples, minimum)
    return [
        _figures(organisation, scope, samples, period, minimum, workers, hidden, with_trend=False)
        for scope in scopes
    ]
