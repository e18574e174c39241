"""Recharge statements and fill rates: what the bank's work cost each employer,
and how much of what they asked for was filled.

Money is integer pence throughout. A timesheet is charged at its offer's
hourly rate, plus its miles at the rate card's mileage rate for the worker's
role and grade (45p a mile, the HMRC approved rate, when the card has none),
each rounded half up to the penny. A month's statement holds every approved
timesheet whose week starts in that month.

Fill rates count the requests that start in the period, leaving out cancelled
ones. A request is filled when an offer for it was accepted; its time to fill
runs from the request being made to that acceptance. "Filled at base rate"
means the accepted hourly rate was no more than the rate card's lowest base
rate for the requested role: no escalation, no premium grade.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from safeworkload.bank.models import CoverRequest, Offer, RateCard, Timesheet
from safeworkload.organisations.models import Organisation, Person, Region

DEFAULT_MILEAGE_PENCE_PER_MILE = 45


def pence(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


# ---------------------------------------------------------------------------
# Recharge statements


@dataclass(frozen=True)
class StatementLine:
    timesheet_id: int
    worker: str
    team: str
    kind: str
    week_starting: date
    hours: Decimal
    rate_pence_per_hour: int
    miles: Decimal
    mileage_pence_per_mile: int

    @property
    def hours_pence(self) -> int:
        return pence(self.hours * self.rate_pence_per_hour)

    @property
    def mileage_pence(self) -> int:
        return pence(self.miles * self.mileage_pence_per_mile)

    @property
    def total_pence(self) -> int:
        return self.hours_pence + self.mileage_pence


@dataclass(frozen=True)
class EmployerStatement:
    organisation: Organisation
    lines: tuple[StatementLine, ...]

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def hours_pence(self) -> int:
        return sum(line.hours_pence for line in self.lines)

    @property
    def mileage_pence(self) -> int:
        return sum(line.mileage_pence for line in self.lines)

    @property
    def total_pence(self) -> int:
        return sum(line.total_pence for line in self.lines)


@dataclass(frozen=True)
class Statement:
    region: Region
    month: date
    employers: tuple[EmployerStatement, ...]

    @property
    def total_pence(self) -> int:
        return sum(e.total_pence for e in self.employers)


def _mileage_rates(region: Region) -> Callable[[str, str, date], int]:
    """A lookup of the mileage rate for a role and grade on a day, from one query."""
    cards: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
    for role, grade, since, per_mile in (
        RateCard.objects.filter(region=region)
        .order_by("-effective_from")
        .values_list("job_role", "grade", "effective_from", "mileage_pence_per_mile")
    ):
        cards[(role, grade)].append((since, per_mile))

    def rate(role: str, grade: str, on: date) -> int:
        for key in ((role, grade), (role, "")):
            for since, pence_per_mile in cards.get(key, []):
                if since <= on:
                    return pence_per_mile
        return DEFAULT_MILEAGE_PENCE_PER_MILE

    return rate


def recharge_statement(
    *, region: Region, month: date, organisations: Sequence[Organisation]
) -> Statement:
    """The month's charges for each of ``organisations`` (every one listed, even
    with nothing to charge), from two queries."""
    first = month_start(month)
    mileage = _mileage_rates(region)
    rows = (
        Timesheet.objects.filter(
            organisation__in=organisations,
            status=Timesheet.Status.APPROVED,
            week_starting__gte=first,
            week_starting__lt=next_month(first),
        )
        .order_by("offer__request__team__name", "week_starting", "pk")
        .values_list(
            "pk",
            "organisation_id",
            "offer__worker__given_name",
            "offer__worker__family_name",
            "offer__worker__job_role",
            "offer__worker__grade",
            "offer__request__team__name",
            "offer__request__kind",
            "week_starting",
            "hours",
            "offer__rate_pence_per_hour",
            "miles",
        )
    )
    kinds = dict(CoverRequest.Kind.choices)
    by_organisation: dict[int, list[StatementLine]] = defaultdict(list)
    for pk, org, given, family, role, grade, team, kind, week, hours, rate, miles in rows:
        by_organisation[org].append(
            StatementLine(
                timesheet_id=pk,
                worker=f"{given} {family}",
                team=team,
                kind=str(kinds.get(kind, kind)),
                week_starting=week,
                hours=hours,
                rate_pence_per_hour=rate,
                miles=miles,
                mileage_pence_per_mile=mileage(role, grade, week),
            )
        )
    return Statement(
        region=region,
        month=first,
        employers=tuple(
            EmployerStatement(o, tuple(by_organisation.get(o.pk, []))) for o in organisations
        ),
    )


# ---------------------------------------------------------------------------
# Fill rates


@dataclass(frozen=True)
class RequestOutcome:
    """One request, reduced to what the fill rates need."""

    employer: str
    team: str
    role: str
    priority: str
    created_at: datetime
    accepted: bool = False
    accepted_at: datetime | None = None
    accepted_rate_pence: int | None = None
    base_rate_pence: int | None = None

    @property
    def filled(self) -> bool:
        return self.accepted

    @property
    def hours_to_fill(self) -> float | None:
        if self.accepted_at is None:
            return None
        return (self.accepted_at - self.created_at).total_seconds() / 3600

    @property
    def at_base_rate(self) -> bool:
        return (
            self.accepted_rate_pence is not None
            and self.base_rate_pence is not None
            and self.accepted_rate_pence <= self.base_rate_pence
        )


@dataclass(frozen=True)
class FillRow:
    label: str
    requests: int
    filled: int
    median_hours_to_fill: float | None
    filled_at_base: int

    @property
    def fill_percent(self) -> float | None:
        return 100 * self.filled / self.requests if self.requests else None

    @property
    def base_percent(self) -> float | None:
        """Of the filled requests, the share filled at base rate."""
        return 100 * self.filled_at_base / self.filled if self.filled else None

    @property
    def median_days_to_fill(self) -> float | None:
        hours = self.median_hours_to_fill
        return None if hours is None else hours / 24


def fill_row(label: str, outcomes: Iterable[RequestOutcome]) -> FillRow:
    """The fill-rate arithmetic for one group of requests."""
    outcomes = list(outcomes)
    filled = [o for o in outcomes if o.filled]
    hours = [h for o in filled if (h := o.hours_to_fill) is not None]
    return FillRow(
        label=label,
        requests=len(outcomes),
        filled=len(filled),
        median_hours_to_fill=statistics.median(hours) if hours else None,
        filled_at_base=sum(1 for o in filled if o.at_base_rate),
    )


GROUPS: dict[str, tuple[str, Callable[[RequestOutcome], str]]] = {
    "employer": ("Employer", lambda o: o.employer),
    "team": ("Team", lambda o: f"{o.team} ({o.employer})"),
    "role": ("Role", lambda o: o.role),
    "priority": ("Priority", lambda o: o.priority),
}


@dataclass(frozen=True)
class FillRates:
    start: date
    end: date
    overall: FillRow
    tables: dict[str, tuple[FillRow, ...]] = field(default_factory=dict)


def fill_rates_from(
    outcomes: Sequence[RequestOutcome], *, start: date, end: date, groups: Sequence[str]
) -> FillRates:
    tables: dict[str, tuple[FillRow, ...]] = {}
    for name in groups:
        _, key = GROUPS[name]
        grouped: dict[str, list[RequestOutcome]] = defaultdict(list)
        for outcome in outcomes:
            grouped[key(outcome)].append(outcome)
        tables[name] = tuple(fill_row(label, grouped[label]) for label in sorted(grouped))
    return FillRates(start, end, fill_row("All requests", outcomes), tables)


def _base_rates(region: Region, on: date) -> dict[str, int]:
    """The lowest base rate for each role on the card in force on ``on``."""
    latest: dict[tuple[str, str], tuple[date, int]] = {}
    for role, grade, since, base in RateCard.objects.filter(
        region=region, effective_from__lte=on
    ).values_list("job_role", "grade", "effective_from", "base_pence_per_hour"):
        if (role, grade) not in latest or latest[(role, grade)][0] < since:
            latest[(role, grade)] = (since, base)
    lowest: dict[str, int] = {}
    for (role, _), (_, base) in latest.items():
        lowest[role] = min(base, lowest.get(role, base))
    return lowest


def request_outcomes(
    *, region: Region, organisations: Sequence[Organisation], start: date, end: date
) -> list[RequestOutcome]:
    """Every request starting in [start, end) of these employers, from three queries."""
    requests = list(
        CoverRequest.objects.filter(
            organisation__in=organisations, starts_on__gte=start, starts_on__lt=end
        )
        .exclude(status=CoverRequest.Status.CANCELLED)
        .values_list(
            "pk",
            "organisation__name",
            "team__name",
            "job_role",
            "priority",
            "created_at",
            "starts_on",
        )
    )
    accepted = {
        request: (at, rate)
        for request, at, rate in Offer.objects.filter(
            request__in=[r[0] for r in requests], status=Offer.Status.ACCEPTED
        ).values_list("request_id", "responded_at", "rate_pence_per_hour")
    }
    base = _base_rates(region, end)
    roles = dict(Person.JobRole.choices)
    priorities = dict(CoverRequest.Priority.choices)
    outcomes = []
    for pk, employer, team, role, priority, created_at, _starts in requests:
        at, rate = accepted.get(pk, (None, None))
        outcomes.append(
            RequestOutcome(
                employer=employer,
                team=team,
                role=str(roles.get(role, role)),
                priority=str(priorities.get(priority, priority)),
                created_at=created_at,
                accepted=pk in accepted,
                accepted_at=at,
                accepted_rate_pence=rate,
                base_rate_pence=base.get(role),
            )
        )
    return outcomes


def fill_rates(
    *,
    region: Region,
    organisations: Sequence[Organisation],
    start: date,
    end: date,
    groups: Sequence[str] = ("employer", "team", "role", "priority"),
) -> FillRates:
    outcomes = request_outcomes(region=region, organisations=organisations, start=start, end=end)
    return fill_rates_from(outcomes, start=start, end=end, groups=groups)
