"""Caseload reports: distributions, trends, the unallocated queue, dormant cases
and average caseloads, for an organisation, a team or a region.

Every measure says how it is counted, because the same word hides different
sums (reference/01 §4 AVG-1 and §5 items 8, 14 and 15):

- **Distribution** of capacity: the latest week's snapshots (one per worker),
  as minimum, median, maximum, the share over 100% and over 110% ("over" is
  strictly more than), the count in each band, and a histogram in bins of 10
  points. Not the mean alone: one average hides caseloads from 5 to 50.
- **Trend**: the median and the share over 110% each week.
- **Average caseload (DfE)**: open cases held ÷ FTE of the workers who hold
  at least one, FTE being contracted hours ÷ the organisation's standard week
  (reference/03 §1.2). As at today, from the cases themselves.
- **Median caseload per person**: the middle of the case-holders' counts, each
  person once whatever their hours, as practitioner surveys report it.
- **Unallocated queue**: active cases with no worker, aged from the day their
  last allocation ended, or from the day they opened if they never had one.
- **Dormant cases**: open cases with no contact for ``dormant_days`` days or
  more (counted from the day they opened when no contact is recorded).

A team's figures are those of the people now in the team (their snapshots,
their cases held) and of the cases recorded against the team (queue, dormant).

Each report is a fixed number of queries, whatever the number of staff or cases:
rows are fetched once and summed in Python, or counted in the database.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from safeworkload.calc.standards import (
    BANDS,
    AverageCaseload,
    dfe_average_caseload,
    median_caseload,
)
from safeworkload.caseloads.models import Allocation, CapacitySnapshot, Case
from safeworkload.caseloads.selectors.breaches import BreachCounts, breach_counts
from safeworkload.entitlements.selectors.ledger import unpaid_hours_per_week
from safeworkload.organisations.models import Organisation, Team
from safeworkload.organisations.tenancy import Tenancy

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
THRESHOLDS = (100, 110)
BIN_WIDTH = 10
# The histogram always spans at least 50-150%, so charts of different teams
# line up; anything at 200% or more shares one open-ended bin.
BIN_FLOOR, BIN_CEILING, BIN_OPEN_FROM = 50, 150, 200
DEFAULT_TREND_WEEKS = 26
TREND_WEEK_CHOICES = (26, 52, 104)
OPEN_STATUSES = (Case.Status.ACTIVE, Case.Status.AWAITING_CLOSURE, Case.Status.DORMANT)
# Age bands of the unallocated queue: (label, from days, to days exclusive).
QUEUE_AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 1 week", 0, 7),
    ("1 to 4 weeks", 7, 28),
    ("4 to 12 weeks", 28, 84),
    ("12 weeks or more", 84, None),
)

DEFINITIONS = {
    "distribution": (
        "Each worker's capacity in their latest weekly snapshot: points held as a share of "
        "points available. Over 100% and over 110% mean strictly more than."
    ),
    "trend": "Each week: the median worker's capacity, and the share of workers over 110%.",
    "queue": (
        "Active cases with no allocated worker. Waiting is counted from the day the last "
        "allocation ended, or from the day the case opened if it was never allocated."
    ),
    "dormant": (
        "Open cases (active, awaiting closure or marked dormant) whose last recorded contact "
        "was {days} days ago or more; a case with no contact recorded counts from the day it "
        "opened."
    ),
}


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(TENTH, ROUND_HALF_UP)


def _tenth(value: Decimal | float | int) -> Decimal:
    return Decimal(value).quantize(TENTH, ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Pure summaries


@dataclass(frozen=True)
class Bin:
    lower: int
    upper: int | None  # None: the open-ended top bin
    count: int

    @property
    def label(self) -> str:
        if self.upper is None:
            return f"{self.lower}% or more"
        return f"{self.lower}–{self.upper - 1}.9%"


def histogram_bins(percents: Sequence[Decimal], *, width: int = BIN_WIDTH) -> list[Bin]:
    """Bins of ``width`` points, each including its lower edge: 110.0 is in 110 to 119.9."""
    if not percents:
        return []
    low = min(BIN_FLOOR, int(min(percents) // width) * width)
    top = max(percents)
    high = max(BIN_CEILING, min(int(top // width) * width + width, BIN_OPEN_FROM))
    counts: dict[int, int] = dict.fromkeys(range(low, high, width), 0)
    open_count = 0
    for percent in percents:
        if percent >= BIN_OPEN_FROM:
            open_count += 1
        else:
            counts[int(percent // width) * width] += 1
    bins = [Bin(lower, lower + width, n) for lower, n in counts.items()]
    if open_count:
        bins.append(Bin(BIN_OPEN_FROM, None, open_count))
    return bins


@dataclass(frozen=True)
class Distribution:
    week_start: date | None
    workers: int
    minimum: Decimal | None
    median: Decimal | None
    maximum: Decimal | None
    over_100: int
    over_110: int
    bands: dict[str, int]
    bins: list[Bin]

    @property
    def share_over_100(self) -> Decimal | None:
        return _share(self.over_100, self.workers)

    @property
    def share_over_110(self) -> Decimal | None:
        return _share(self.over_110, self.workers)

    def band_share(self, band: str) -> Decimal | None:
        return _share(self.bands.get(band, 0), self.workers)


def distribution_of(
    percents: Sequence[Decimal], *, week_start: date | None, bands: Iterable[str] = ()
) -> Distribution:
    """The summary of one week's capacity figures (one per worker)."""
    in_band = dict.fromkeys(BANDS, 0)
    for name in bands:
        in_band[name] = in_band.get(name, 0) + 1
    if not percents:
        return Distribution(week_start, 0, None, None, None, 0, 0, in_band, [])
    return Distribution(
        week_start=week_start,
        workers=len(percents),
        minimum=min(percents),
        median=_tenth(statistics.median(percents)),
        maximum=max(percents),
        over_100=sum(1 for p in percents if p > THRESHOLDS[0]),
        over_110=sum(1 for p in percents if p > THRESHOLDS[1]),
        bands=in_band,
        bins=histogram_bins(percents),
    )


@dataclass(frozen=True)
class Averages:
    """The two published averages, side by side, each with its label (AVG-1)."""

    cases: int
    case_holders: int
    case_holding_fte: Decimal
    dfe: AverageCaseload | None
    per_person_median: AverageCaseload | None


def averages_of(holdings: Sequence[tuple[int, Decimal]], *, standard_hours: Decimal) -> Averages:
    """``holdings``: (open cases held, contracted hours) for each worker holding at least one."""
    held = [(n, hours) for n, hours in holdings if n > 0]
    cases = sum(n for n, _ in held)
    fte = sum((Decimal(hours) for _, hours in held), Decimal(0)) / Decimal(standard_hours)
    if not held or fte <= 0:
        return Averages(cases, len(held), Decimal("0.0"), None, None)
    return Averages(
        cases=cases,
        case_holders=len(held),
        case_holding_fte=_tenth(fte),
        dfe=dfe_average_caseload(cases=cases, case_holding_fte=fte),
        per_person_median=median_caseload(n for n, _ in held),
    )


@dataclass(frozen=True)
class TrendPoint:
    week_start: date
    workers: int
    median: Decimal
    over_110: int

    @property
    def share_over_110(self) -> Decimal:
        return _share(self.over_110, self.workers) or Decimal("0.0")


def weekly_trend(snapshots: QuerySet[CapacitySnapshot]) -> list[TrendPoint]:
    """The median and the count over 110% of each week, in one query that
    returns one or two rows a week whatever the number of workers: window
    functions (SQLite 3.25+ and PostgreSQL alike) number each week's figures in
    order and count them, and only the middle one (odd count) or two (even)
    come back, each carrying its week's counts."""
    over = Sum(
        models.Case(
            When(percent__gt=THRESHOLDS[1], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    week = [F("week_start")]
    middle = (
        snapshots.order_by()
        .annotate(
            position=Window(
                RowNumber(), partition_by=week, order_by=[F("percent").asc(), F("pk").asc()]
            ),
            size=Window(Count("pk"), partition_by=week),
            over=Window(over, partition_by=week),
        )
        # Integer division: the middle row of an odd count, the middle two of an even one.
        .filter(Q(position=(F("size") + 1) / 2) | Q(position=(F("size") + 2) / 2))
        .values_list("week_start", "percent", "size", "over")
    )
    figures: dict[date, list[Decimal]] = defaultdict(list)
    counts: dict[date, tuple[int, int]] = {}
    for week_start, percent, size, over_110 in middle:
        figures[week_start].append(percent)
        counts[week_start] = (size, over_110)
    return [
        TrendPoint(
            week_start=week_start,
            workers=size,
            median=_tenth(statistics.mean(figures[week_start])),
            over_110=over_110,
        )
        for week_start, (size, over_110) in sorted(counts.items())
    ]


@dataclass(frozen=True)
class QueueSummary:
    count: int
    oldest_days: int | None
    median_days: Decimal | None
    bands: list[tuple[str, int]]


def queue_of(days_waiting: Sequence[int]) -> QueueSummary:
    bands = [
        (label, sum(1 for d in days_waiting if d >= low and (high is None or d < high)))
        for label, low, high in QUEUE_AGE_BANDS
    ]
    if not days_waiting:
        return QueueSummary(0, None, None, bands)
    return QueueSummary(
        count=len(days_waiting),
        oldest_days=max(days_waiting),
        median_days=_tenth(statistics.median(days_waiting)),
        bands=bands,
    )


# ---------------------------------------------------------------------------
# Queries


def waiting_since() -> Coalesce:
    """When a case started waiting: the day its last allocation ended, or the
    day it opened if nobody ever held it. The queue and the reports share it."""
    last_ended = (
        Allocation.objects.filter(case=OuterRef("pk"), ends_on__isnull=False)
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    return Coalesce(Subquery(last_ended, output_field=DateField()), F("opened_on"))


class _Waiting(TypedDict):
    waiting_since: date


class _LastSeen(TypedDict):
    last_seen: date


if TYPE_CHECKING:  # the annotations, for the type checker; plain Case at run time
    QueuedCase = WithAnnotations[Case, _Waiting]
    QuietCase = WithAnnotations[Case, _LastSeen]
else:
    QueuedCase = QuietCase = Case


def unallocated_cases(*, organisation_ids: Iterable[int]) -> QuerySet[QueuedCase]:
    return Case.objects.filter(
        organisation_id__in=list(organisation_ids),
        worker__isnull=True,
        status=Case.Status.ACTIVE,
    ).annotate(waiting_since=waiting_since())


def dormant_days_or_setting(days: int | None) -> int:
    """The threshold asked for, or SAFEWORKLOAD_DORMANT_DAYS."""
    return int(settings.SAFEWORKLOAD_DORMANT_DAYS) if days is None else days


def dormant_cases(
    *, organisation_ids: Iterable[int], today: date, dormant_days: int | None = None
) -> QuerySet[QuietCase]:
    """Open cases with no contact for ``dormant_days`` or more: a last contact
    exactly ``dormant_days`` ago is dormant, one a day later is not."""
    dormant_days = dormant_days_or_setting(dormant_days)
    return (
        Case.objects.filter(organisation_id__in=list(organisation_ids), status__in=OPEN_STATUSES)
        .annotate(last_seen=Coalesce("last_contact_on", "opened_on"))
        .filter(last_seen__lte=today - timedelta(days=dormant_days))
    )


def _latest_week(organisation_ids: list[int], team_id: int | None = None) -> date | None:
    snapshots = CapacitySnapshot.objects.filter(organisation_id__in=organisation_ids)
    if team_id is not None:
        snapshots = snapshots.filter(person__team_id=team_id)
    return snapshots.aggregate(latest=Max("week_start"))["latest"]


def _holdings(organisation_ids: list[int], team_id: int | None = None) -> QuerySet:
    """(worker, organisation, team, contracted hours, open cases held) for every case-holder."""
    cases = Case.objects.filter(
        organisation_id__in=organisation_ids, worker__isnull=False, status__in=OPEN_STATUSES
    )
    if team_id is not None:
        cases = cases.filter(worker__team_id=team_id)
    # Grouped by worker: the columns after the id only ride along with it.
    return (
        cases.order_by()
        .values_list("worker_id", "organisation_id", "worker__team_id", "worker__contracted_hours")
        .annotate(n=Count("pk"))
    )


@dataclass(frozen=True)
class TeamRow:
    team: Team
    distribution: Distribution
    averages: Averages
    queue: QueueSummary
    dormant: int


@dataclass(frozen=True)
class UnpaidSummary:
    """Overload hidden in unpaid hours (LGA standard 3, refreshed): who worked
    unpaid hours over the last four weeks, and how many of them look to have
    room by points alone."""

    workers: int
    mean_hours: Decimal | None
    under_100: int


@dataclass(frozen=True)
class Report:
    """One organisation's or one team's caseload report."""

    organisation: Organisation
    team: Team | None
    today: date
    dormant_days: int
    trend_weeks: int
    distribution: Distribution
    trend: list[TrendPoint]
    averages: Averages
    queue: QueueSummary
    dormant: int
    breaches: BreachCounts | None
    teams: list[TeamRow] = field(default_factory=list)
    unpaid: UnpaidSummary | None = None

    @property
    def dormant_definition(self) -> str:
        return DEFINITIONS["dormant"].format(days=self.dormant_days)


def caseload_report(
    *,
    organisation: Organisation,
    today: date,
    team: Team | None = None,
    dormant_days: int | None = None,
    trend_weeks: int = DEFAULT_TREND_WEEKS,
) -> Report:
    """The organisation's report (with a row per team), or one team's.

    Eleven queries for an organisation, whatever its size.
    """
    ids = [organisation.pk]
    team_id = team.pk if team is not None else None
    latest = _latest_week(ids, team_id)

    latest_rows: list[tuple[Decimal, str, int | None]] = []
    trend: list[TrendPoint] = []
    unpaid = None
    if latest is not None:
        since = latest - timedelta(weeks=trend_weeks - 1)
        snapshots = CapacitySnapshot.objects.filter(
            organisation_id__in=ids, week_start__gte=since, week_start__lte=latest
        )
        if team_id is not None:
            snapshots = snapshots.filter(person__team_id=team_id)
        latest_rows = list(
            snapshots.filter(week_start=latest).values_list("percent", "band", "person__team_id")
        )
        trend = weekly_trend(snapshots)
        unpaid = unpaid_summary(organisation, snapshots.filter(week_start=latest), today)

    holdings = list(_holdings(ids, team_id))

    queue_cases = unallocated_cases(organisation_ids=ids)
    dormant = dormant_cases(organisation_ids=ids, today=today, dormant_days=dormant_days)
    if team_id is not None:
        queue_cases = queue_cases.filter(team_id=team_id)
        dormant = dormant.filter(team_id=team_id)
    queue_rows = [
        (case_team, (today - since).days)
        for case_team, since in queue_cases.values_list("team_id", "waiting_since")
    ]
    dormant_by_team = dict(
        dormant.order_by().values("team_id").annotate(n=Count("pk")).values_list("team_id", "n")
    )

    hours = organisation.standard_weekly_hours
    teams: list[TeamRow] = []
    if team is None:
        team_snapshots: dict[int | None, list[tuple[Decimal, str]]] = defaultdict(list)
        for percent, band, member_of in latest_rows:
            team_snapshots[member_of].append((percent, band))
        team_holdings: dict[int | None, list[tuple[int, Decimal]]] = defaultdict(list)
        for _, _, member_of, contracted, n in holdings:
            team_holdings[member_of].append((n, contracted))
        team_queues: dict[int, list[int]] = defaultdict(list)
        for case_team, days in queue_rows:
            team_queues[case_team].append(days)
        for each in Team.objects.filter(organisation=organisation).order_by("name"):
            figures = team_snapshots.get(each.pk, [])
            teams.append(
                TeamRow(
                    team=each,
                    distribution=distribution_of(
                        [p for p, _ in figures], week_start=latest, bands=[b for _, b in figures]
                    ),
                    averages=averages_of(team_holdings.get(each.pk, []), standard_hours=hours),
                    queue=queue_of(team_queues.get(each.pk, [])),
                    dormant=dormant_by_team.get(each.pk, 0),
                )
            )
    return Report(
        organisation=organisation,
        team=team,
        today=today,
        dormant_days=dormant_days_or_setting(dormant_days),
        trend_weeks=trend_weeks,
        distribution=distribution_of(
            [r[0] for r in latest_rows], week_start=latest, bands=[r[1] for r in latest_rows]
        ),
        trend=trend,
        averages=averages_of([(n, h) for _, _, _, h, n in holdings], standard_hours=hours),
        queue=queue_of([d for _, d in queue_rows]),
        dormant=sum(dormant_by_team.values()),
        breaches=(
            breach_counts(organisation_ids=ids, today=today)[organisation.pk]
            if team is None
            else None
        ),
        teams=teams,
        unpaid=unpaid,
    )


def unpaid_summary(
    organisation: Organisation, latest: QuerySet[CapacitySnapshot], today: date
) -> UnpaidSummary:
    percents = dict(latest.values_list("person_id", "percent"))
    unpaid = unpaid_hours_per_week(organisation=organisation, person_ids=percents, on=today)
    mean = _tenth(sum(unpaid.values()) / len(unpaid)) if unpaid else None
    under = sum(1 for person_id in unpaid if percents[person_id] < 100)
    return UnpaidSummary(workers=len(unpaid), mean_hours=mean, under_100=under)


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    distribution: Distribution
    averages: Averages
    queue: QueueSummary
    dormant: int
    breaches: BreachCounts


def region_report(
    *, organisations: Sequence[Organisation], today: date, dormant_days: int | None = None
) -> list[OrganisationRow]:
    """The same measures for each organisation, side by side, in seven queries
    whatever the number of organisations or staff. Each organisation's
    distribution is from its own latest week."""
    ids = [o.pk for o in organisations]
    latest = dict(
        CapacitySnapshot.objects.filter(organisation_id__in=ids)
        .values("organisation_id")
        .annotate(latest=Max("week_start"))
        .values_list("organisation_id", "latest")
    )
    weeks = Q(pk__in=[])
    for organisation_id, week in latest.items():
        weeks |= Q(organisation_id=organisation_id, week_start=week)
    snapshots: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    if latest:
        for organisation_id, percent, band in CapacitySnapshot.objects.filter(weeks).values_list(
            "organisation_id", "percent", "band"
        ):
            snapshots[organisation_id].append((percent, band))
    holdings: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for _, organisation_id, _, hours, n in _holdings(ids):
        holdings[organisation_id].append((n, hours))
    queues: dict[int, list[int]] = defaultdict(list)
    for organisation_id, since in unallocated_cases(organisation_ids=ids).values_list(
        "organisation_id", "waiting_since"
    ):
        queues[organisation_id].append((today - since).days)
    dormant = dict(
        dormant_cases(organisation_ids=ids, today=today, dormant_days=dormant_days)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    breaches = breach_counts(organisation_ids=ids, today=today)
    rows = []
    for organisation in organisations:
        figures = snapshots.get(organisation.pk, [])
        rows.append(
            OrganisationRow(
                organisation=organisation,
                distribution=distribution_of(
                    [p for p, _ in figures],
                    week_start=latest.get(organisation.pk),
                    bands=[b for _, b in figures],
                ),
                averages=averages_of(
                    holdings.get(organisation.pk, []),
                    standard_hours=organisation.standard_weekly_hours,
                ),
                queue=queue_of(queues.get(organisation.pk, [])),
                dormant=dormant.get(organisation.pk, 0),
                breaches=breaches[organisation.pk],
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Case lists, for those who may see cases (never union representatives)


def case_teams_visible(*, tenancy: Tenancy) -> list[int] | None:
    """The teams whose cases the acting roles may list: None for all of them;
    a team manager's own teams otherwise."""
    if tenancy.has("can_view_all_people"):
        return None
    me = tenancy.person.pk if tenancy.person else None
    if me is None:
        return []
    return list(Team.objects.filter(manager_id=me).values_list("pk", flat=True))


def queue_list(
    *, organisation: Organisation, team_ids: list[int] | None, team_id: int | None = None
) -> QuerySet[QueuedCase]:
    cases = unallocated_cases(organisation_ids=[organisation.pk]).select_related(
        "team", "case_type"
    )
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    if team_id:
        cases = cases.filter(team_id=team_id)
    return cases.order_by("waiting_since", "reference")


def dormant_list(
    *,
    organisation: Organisation,
    today: date,
    team_ids: list[int] | None,
    dormant_days: int | None = None,
    team_id: int | None = None,
) -> QuerySet[QuietCase]:
    cases = dormant_cases(
        organisation_ids=[organisation.pk], today=today, dormant_days=dormant_days
    ).select_related("team", "case_type", "worker")
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    if team_id:
        cases = cases.filter(team_id=team_id)
    return cases.order_by("last_seen", "reference")


def report_teams(*, organisation: Organisation, team_ids: list[int] | None) -> QuerySet[Team]:
    teams = Team.objects.filter(organisation=organisation).only("pk", "name").order_by("name")
    return teams if team_ids is None else teams.filter(pk__in=team_ids)
