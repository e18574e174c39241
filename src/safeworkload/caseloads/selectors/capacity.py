"""How loaded each worker is: cases held, points, points available, percent and band.

The sums are the rules in ``safeworkload.calc`` (capacity and standards),
applied to the records: the weighting scheme in force for the worker's
service area on the day asked about, the cases the worker holds now, their
reductions in force that day and their contracted hours. Sources for every
number: shared reference/01 sections 1.1, 1.2 and 3.

Two modes (``WeightingScheme.mode``):

- points: the scheme's fixed "stable" points (Wirral: 15 of a full-timer's
  100) plus each case's points for its type and tier, each raised by the
  responsive-activity uplift (WMT 2022, up to 30%) and rounded to 0.01, so
  that a worker's points are exactly the sum of what each case weighs;
- count: every case is one point, nothing is fixed, and the nominal target
  is the full-time maximum number of cases.

The weekly snapshot engine (``caseloads.services.snapshots``) uses the same
helpers, so a snapshot and a live load agree for the same week.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from safeworkload.calc.capacity import available_points, capacity_percent
from safeworkload.calc.experience import ASYE, experience_band
from safeworkload.calc.standards import LOCAL_AGREED, RED, Thresholds, at_or_over, band
from safeworkload.caseloads.models import Case, CaseWeight, Reduction, WeightingScheme
from safeworkload.organisations.models import Organisation, Person, Team

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
FULL_CEILING_PERCENT = 100

# Dormant cases (no contact for 60 days or more) and closed cases are not part
# of a worker's load; a case awaiting closure still is, since the work to close
# it is real.
COUNTING_STATUSES = (Case.Status.ACTIVE, Case.Status.AWAITING_CLOSURE)


@dataclass(frozen=True)
class WorkerLoad:
    """One worker's load on one day, as the scheme then in force weighs it."""

    person_id: int
    cases: int
    points: Decimal
    available_points: int
    percent: Decimal
    band: str
    ceiling_percent: int
    # Cases held whose type and tier have no weight in the scheme: they count
    # as cases but weigh 0 points, so a screen should say how many there are.
    unweighted_cases: int = 0

    @property
    def over_ceiling(self) -> bool:
        """Over the worker's own ceiling: 100%, or 90% in the first year after
        qualifying (Wirral; reference/01 WL-10). A worker with no points
        available who holds any case is over it whatever the percent says
        (capacity_percent shows 0% when nothing is available)."""
        if self.available_points == 0:
            return self.cases > 0
        return self.percent > self.ceiling_percent

    @property
    def percent_of_ceiling(self) -> Decimal:
        """The percent against the worker's own ceiling: 93% against 90 is 103.3%."""
        if self.ceiling_percent == 0:
            return ZERO
        return (self.percent * HUNDRED / self.ceiling_percent).quantize(TENTH, ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Scheme helpers, shared with the snapshot engine


def scheme_in_force(
    *, organisation: Organisation, service_area: str, on: date
) -> WeightingScheme | None:
    """The version of the organisation's scheme for a service area in force on a day:
    the latest one with ``effective_from`` on or before it."""
    return (
        WeightingScheme.objects.filter(
            organisation=organisation, service_area=service_area, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )


def scheme_thresholds(scheme: WeightingScheme) -> Thresholds | None:
    """The organisation's own band edges, for a local-agreed scheme that has
    them; None means the profile's published edges. Each edge is inclusive:
    "amber from 100" puts exactly 100.0 in amber."""
    if scheme.profile != LOCAL_AGREED or scheme.red_from_percent is None:
        return None
    green, amber = scheme.green_from_percent, scheme.amber_from_percent
    return Thresholds(
        green=at_or_over(green) if green is not None else None,
        amber=at_or_over(amber) if amber is not None else None,
        red=at_or_over(scheme.red_from_percent),
    )


def scheme_band(scheme: WeightingScheme, percent: Decimal) -> str:
    return band(percent, profile=scheme.profile, thresholds=scheme_thresholds(scheme))


def uplifted(points: Decimal, scheme: WeightingScheme) -> Decimal:
    """One case's points with the responsive-activity uplift, to 0.01."""
    factor = ONE + Decimal(scheme.responsive_uplift_percent) / HUNDRED
    return (Decimal(points) * factor).quantize(CENT, ROUND_HALF_UP)


WeightTable = dict[tuple[int, int], Decimal]


def weight_tables(schemes: Iterable[WeightingScheme]) -> dict[int, WeightTable]:
    """For each scheme: (case type id, tier) -> what one such case weighs, uplift
    included. One query for any number of schemes."""
    by_id = {scheme.pk: scheme for scheme in schemes}
    tables: dict[int, WeightTable] = {pk: {} for pk in by_id}
    rows = CaseWeight.objects.filter(scheme_id__in=list(by_id)).values_list(
        "scheme_id", "case_type_id", "tier", "points"
    )
    for scheme_id, case_type_id, tier, points in rows:
        tables[scheme_id][(case_type_id, tier)] = uplifted(points, by_id[scheme_id])
    return tables


def fixed_points(scheme: WeightingScheme) -> Decimal:
    """The stable element every worker carries; none in count mode."""
    if scheme.mode == WeightingScheme.Mode.COUNT:
        return ZERO
    return Decimal(scheme.fixed_points)


def newly_qualified_on(*, job_role: str, qualification_date: date | None, on: date) -> bool:
    """A newly qualified social worker, or anyone in the first year after qualifying (ASYE)."""
    if job_role == Person.JobRole.NEWLY_QUALIFIED:
        return True
    if qualification_date is None or qualification_date > on:
        return False
    return experience_band(qualification_date, on=on) == ASYE


def ceiling_percent(person: Person, scheme: WeightingScheme, on: date) -> int:
    """100, or the scheme's newly qualified ceiling (Wirral: 90) in the ASYE year."""
    if newly_qualified_on(
        job_role=person.job_role, qualification_date=person.qualification_date, on=on
    ):
        return int(scheme.newly_qualified_ceiling_percent)
    return FULL_CEILING_PERCENT


def load_from(
    *,
    person_id: int,
    scheme: WeightingScheme,
    cases: int,
    points: Decimal,
    available: int,
    ceiling: int,
    unweighted_cases: int = 0,
) -> WorkerLoad:
    """A WorkerLoad from its sums: percent by calc.capacity, band by the scheme's profile.

    With no points available, a worker holding any case is shown red: they have
    no capacity at all, although the formula gives 0%.
    """
    percent = capacity_percent(points=points, available_points=available)
    shown_band = RED if available == 0 and cases > 0 else scheme_band(scheme, percent)
    return WorkerLoad(
        person_id=person_id,
        cases=cases,
        points=points,
        available_points=available,
        percent=percent,
        band=shown_band,
        ceiling_percent=ceiling,
        unweighted_cases=unweighted_cases,
    )


def _latest_schemes(
    organisation_ids: Iterable[int], on: date
) -> dict[tuple[int, str], WeightingScheme]:
    """(organisation id, service area) -> scheme in force on the day, in one query."""
    in_force: dict[tuple[int, str], WeightingScheme] = {}
    schemes = WeightingScheme.objects.filter(
        organisation_id__in=list(organisation_ids), effective_from__lte=on
    ).order_by("effective_from", "pk")
    for scheme in schemes:
        in_force[(scheme.organisation_id, scheme.service_area)] = scheme  # later wins
    return in_force


# ---------------------------------------------------------------------------
# Loads


def worker_loads(*, people: list[Person], on: date) -> dict[int, WorkerLoad]:
    """The load of each person on a day, keyed by person id, in five queries
    whatever the number of people.

    Cases are those the person holds now (``Case.worker``) with a counting
    status; the scheme, the reductions and the newly qualified ceiling are
    those of the day ``on``. People with no team, or whose team's service area
    has no scheme in force that day, are left out.
    """
    team_ids = {p.team_id for p in people if p.team_id is not None}
    if not team_ids:
        return {}
    area_of_team = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "service_area"))
    organisation_ids = {p.organisation_id for p in people}
    schemes = _latest_schemes(organisation_ids, on)
    scheme_of: dict[int, WeightingScheme] = {}
    for person in people:
        if person.team_id is None or person.team_id not in area_of_team:
            continue
        scheme = schemes.get((person.organisation_id, area_of_team[person.team_id]))
        if scheme is not None:
            scheme_of[person.pk] = scheme
    if not scheme_of:
        return {}
    tables = weight_tables({s.pk: s for s in scheme_of.values()}.values())

    held: dict[int, list[tuple[int, int]]] = {pk: [] for pk in scheme_of}
    rows = Case.objects.filter(
        organisation_id__in=organisation_ids,
        worker_id__in=list(scheme_of),
        status__in=COUNTING_STATUSES,
    ).values_list("worker_id", "case_type_id", "tier")
    for worker_id, case_type_id, tier in rows:
        held[worker_id].append((case_type_id, tier))

    reduced: dict[int, Decimal] = dict.fromkeys(scheme_of, ZERO)
    reductions = Reduction.objects.filter(
        organisation_id__in=organisation_ids,
        person_id__in=list(scheme_of),
        starts_on__lte=on,
        expires_on__gte=on,
    ).values_list("person_id", "hours_per_week")
    for person_id, hours in reductions:
        reduced[person_id] += hours

    loads: dict[int, WorkerLoad] = {}
    for person in people:
        if person.pk not in scheme_of or person.pk in loads:
            continue
        scheme = scheme_of[person.pk]
        cases = held[person.pk]
        unweighted = 0
        if scheme.mode == WeightingScheme.Mode.COUNT:
            points = Decimal(len(cases))
        else:
            table = tables[scheme.pk]
            points = fixed_points(scheme)
            for key in cases:
                weight = table.get(key)
                if weight is None:
                    unweighted += 1
                else:
                    points += weight
        available = available_points(
            nominal_target=scheme.nominal_target,
            contracted_hours=person.contracted_hours,
            reduction_hours=reduced[person.pk],
            default_hours=scheme.default_hours,
        )
        loads[person.pk] = load_from(
            person_id=person.pk,
            scheme=scheme,
            cases=len(cases),
            points=points,
            available=available,
            ceiling=ceiling_percent(person, scheme, on),
            unweighted_cases=unweighted,
        )
    return loads


def potential_load(
    load: WorkerLoad, *, extra_points: Decimal, extra_cases: int = 1, scheme: WeightingScheme
) -> WorkerLoad:
    """The load after adding work: what the allocation guard shows as current → potential.
    ``extra_points`` is what the new case weighs (``case_points``)."""
    points = load.points + Decimal(extra_points)
    cases = load.cases + extra_cases
    changed = load_from(
        person_id=load.person_id,
        scheme=scheme,
        cases=cases,
        points=points,
        available=load.available_points,
        ceiling=load.ceiling_percent,
        unweighted_cases=load.unweighted_cases,
    )
    return replace(load, cases=cases, points=points, percent=changed.percent, band=changed.band)


def case_points(*, case: Case, on: date) -> Decimal:
    """What one case weighs under the scheme in force on the day for its case
    type's service area, uplift included: 1 in count mode, 0 when there is no
    scheme or the scheme has no weight for its type and tier."""
    service_area = case.case_type.service_area
    scheme = (
        WeightingScheme.objects.filter(
            organisation_id=case.organisation_id, service_area=service_area, effective_from__lte=on
        )
        .order_by("-effective_from")
        .first()
    )
    if scheme is None:
        return ZERO
    if scheme.mode == WeightingScheme.Mode.COUNT:
        return ONE
    weight = (
        CaseWeight.objects.filter(scheme=scheme, case_type_id=case.case_type_id, tier=case.tier)
        .values_list("points", flat=True)
        .first()
    )
    return ZERO if weight is None else uplifted(weight, scheme)
