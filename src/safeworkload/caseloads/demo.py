"""Two years of cases, allocations and weekly capacity for the demo region.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the people exist, so the same seed, scale and day give the same cases.

For each employer it sets up what a council would: case types for adults' and
children's services (the reserved ones marked), a points scheme per service
area on the Wirral model (100 points full time, 15 of them stable, an ASYE
ceiling of 90; reference/01 sections 1.1 and 3) in two versions a year apart,
so that versioning shows, bands agreed locally and pre-filled from
probation-2010 (green from 95, amber from 100, red from 110), and an
escalation ladder.

Then it runs each team week by week over the two years. Every case-holding
worker has a level of load they are kept at (drawn around 99% of their
available points, higher in pressed teams and employers, lower for assistants
and the newly qualified, and drifting from week to week), cases close after a
time that depends on their type, and the worker is given new cases from the
team's queue while below their level. Leavers' cases wait in the queue until a
colleague takes them, with the reason recorded. A few workers are pushed over
110% for the last weeks, so the sustained-overload rule has someone to find.
Calibrated to reference/03 and DESIGN section 6: a median around 15-18 cases
and 95-100%, with a long tail above 25 cases (assistants and review-heavy
adults' workers holding many light cases).

Finally it writes the weekly capacity snapshots with the same engine the
scheduled job uses (``caseloads.services.snapshots``).
"""

import random
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Protocol

from django.db import connection, models
from django.utils import timezone

from safeworkload.calc.capacity import available_points
from safeworkload.calc.standards import sustained_overload
from safeworkload.caseloads.models import (
    Allocation,
    CapacitySnapshot,
    Case,
    CaseType,
    CaseWeight,
    EscalationLevel,
    Reduction,
    WeightingScheme,
)
from safeworkload.caseloads.services.breaches import (
    breaches_escalate_overdue,
    breaches_open_from_snapshots,
)
from safeworkload.caseloads.services.snapshots import (
    monday_of,
    mondays_between,
    rows_insert,
    snapshots_compute,
)
from safeworkload.organisations.models import Membership, Organisation, Person, Team
from safeworkload.organisations.roles import Role

JobRole = Person.JobRole
Area = Team.ServiceArea
TeamType = Team.TeamType

HISTORY_WEEKS = 104
NOMINAL_TARGET = 100
STABLE_POINTS = 15
DEFAULT_HOURS = Decimal("37.0")
NEWLY_QUALIFIED_CEILING = 90

# (code, name, reserved, current weights for tiers 1-3, mean weeks open)
CASE_TYPES: dict[str, tuple[tuple[str, str, bool, tuple[int, int, int], int], ...]] = {
    Area.ADULTS: (
        ("care-act-assessment", "Care Act assessment", True, (4, 6, 8), 26),
        ("review", "Review", False, (2, 3, 5), 80),
        ("s42-enquiry", "Safeguarding enquiry (s42)", True, (6, 8, 10), 16),
        ("dols-bia", "DoLS best interests assessment", True, (4, 6, 8), 20),
        ("hospital-discharge", "Hospital discharge", False, (3, 5, 7), 14),
        ("carers-assessment", "Carer's assessment", False, (2, 3, 4), 22),
    ),
    Area.CHILDREN: (
        ("child-in-need", "Child in need", False, (3, 5, 7), 52),
        ("s47-enquiry", "Child protection enquiry (s47)", True, (6, 8, 10), 14),
        ("looked-after-child", "Looked-after child", False, (4, 6, 8), 150),
        ("court-proceedings", "Court proceedings", True, (7, 9, 10), 60),
        ("early-help", "Early help", False, (2, 3, 4), 30),
    ),
}
# The older version, in force for the first year: a few weights a point apart.
OLD_WEIGHT_CHANGES: dict[str, tuple[int, int, int]] = {
    "review": (0, 1, 0),
    "s42-enquiry": (-1, 0, 0),
    "dols-bia": (0, -1, -1),
    "hospital-discharge": (0, -1, 0),
    "child-in-need": (0, -1, 0),
    "looked-after-child": (0, 0, 1),
    "early-help": (0, 1, 0),
}
TIER_SHARES = (0.3, 0.5, 0.2)
# Which kinds of case land in which kind of team.
CASE_MIX: dict[tuple[str, str], dict[str, float]] = {
    (Area.ADULTS, TeamType.DUTY): {
        "care-act-assessment": 0.45,
        "carers-assessment": 0.2,
        "review": 0.15,
        "s42-enquiry": 0.1,
        "hospital-discharge": 0.1,
    },
    (Area.ADULTS, TeamType.LONG_TERM): {
        "review": 0.45,
        "care-act-assessment": 0.25,
        "carers-assessment": 0.1,
        "dols-bia": 0.1,
        "s42-enquiry": 0.1,
    },
    (Area.ADULTS, TeamType.HOSPITAL): {
        "hospital-discharge": 0.6,
        "care-act-assessment": 0.25,
        "carers-assessment": 0.1,
        "s42-enquiry": 0.05,
    },
    (Area.ADULTS, TeamType.SAFEGUARDING): {
        "s42-enquiry": 0.55,
        "dols-bia": 0.25,
        "care-act-assessment": 0.1,
        "review": 0.1,
    },
    (Area.CHILDREN, TeamType.DUTY): {"child-in-need": 0.5, "s47-enquiry": 0.3, "early-help": 0.2},
    (Area.CHILDREN, TeamType.LONG_TERM): {
        "child-in-need": 0.35,
        "looked-after-child": 0.35,
        "court-proceedings": 0.15,
        "s47-enquiry": 0.15,
    },
    (Area.CHILDREN, TeamType.SAFEGUARDING): {
        "s47-enquiry": 0.45,
        "child-in-need": 0.35,
        "court-proceedings": 0.2,
    },
}
DEFAULT_MIX: dict[str, dict[str, float]] = {
    Area.ADULTS: {"review": 0.4, "care-act-assessment": 0.4, "carers-assessment": 0.2},
    Area.CHILDREN: {"child-in-need": 0.6, "looked-after-child": 0.2, "early-help": 0.2},
}
# Wirral: an ASYE holds child protection and court work only when co-working.
NOT_FOR_NEWLY_QUALIFIED = frozenset({"s47-enquiry", "court-proceedings"})
CASE_HOLDERS = frozenset(
    {
        JobRole.SOCIAL_WORKER,
        JobRole.SENIOR_PRACTITIONER,
        JobRole.NEWLY_QUALIFIED,
        JobRole.OCCUPATIONAL_THERAPIST,
        JobRole.ASSISTANT,
    }
)
AREA_LABELS: dict[str, str] = {Area.ADULTS: "Adults'", Area.CHILDREN: "Children's"}
ESCALATION_LADDER = (
    ("Team manager", 5),
    ("Service lead", 10),
    ("Director of children's or adults' services", 15),
    ("Lead elected member", 20),
)
# How hard each employer is pressed, in line with their vacancy rates.
EMPLOYER_PRESSURE = {
    "westmoor": 1.03,
    "northgate": 1.02,
    "riverside": 1.0,
    "eastbridge": 0.98,
    "kestrel": 0.96,
}
LOAD_MEDIAN, LOAD_SPREAD = 99.0, 6.0  # percent of available points
# Week-to-week drift in that level: pressure comes and goes.
DRIFT_KEEP, DRIFT_SPREAD = 0.6, 4.0
PRESSED_TEAM_SHARE, PRESSED_TEAM_FACTOR = 0.2, (1.05, 1.10)
OVERLOADED_SHARE = 0.03  # of current workers, pushed over 110% for the last weeks
OVERLOAD_WEEKS, OVERLOAD_LEVEL = (6, 12), (116.0, 130.0)
NEW_CASES_A_WEEK = 3  # so a starter builds up a caseload over a few weeks
DORMANT_SHARE = 0.04  # of cases open today
DORMANT_AFTER_DAYS = 60
AWAITING_CLOSURE_DAYS = 21
QUEUE_SIZE = (3, 9)
PRESSED_QUEUE_SIZE = (9, 15)
OTHER_REDUCTION_SHARE = 0.07
OVER_CEILING_REASONS = (
    "No one in the team had room; agreed with the worker at supervision",
    "Urgent s42 enquiry with no other qualified worker free; review at next supervision",
    "Continuity: the worker knows the family; another case to move at review",
    "Team over capacity; escalated to the service lead",
)


CASE_FIELDS = (
    "organisation",
    "team",
    "reference",
    "case_type",
    "tier",
    "status",
    "opened_on",
    "closed_on",
    "last_contact_on",
    "worker",
)
ALLOCATION_FIELDS = (
    "organisation",
    "case",
    "worker",
    "starts_on",
    "ends_on",
    "reason",
    "allocated_at",
    "potential_percent",
    "over_ceiling",
    "override_reason",
)


class DemoEmployer(Protocol):
    """What organisations.demo built for one employer."""

    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person]


@dataclass(frozen=True)
class CaseloadFigures:
    cases: int
    open_cases: int
    unallocated: int
    allocations: int
    reallocations: int
    snapshots: int
    breaches: int
    median_cases: float
    median_percent: float
    over_110_percent: float
    sustained_overload: int

    def line(self) -> str:
        return (
            f"{self.cases} cases ({self.open_cases} open, {self.unallocated} unallocated), "
            f"{self.allocations} allocations ({self.reallocations} after a worker left), "
            f"{self.snapshots} weekly snapshots, {self.breaches} breaches opened; "
            f"this week a median of {self.median_cases:g} "
            f"cases and {self.median_percent:.1f}% of capacity, {self.over_110_percent:.1f}% of "
            f"workers over 110%, {self.sustained_overload} over 110% for 4 weeks or more."
        )


# ---------------------------------------------------------------------------
# Simulation state


@dataclass(eq=False)
class _Case:
    team: Team
    case_type: CaseType
    code: str
    tier: int
    weight: float
    opened_on: date
    closes_on: date | None  # None: still open today
    counts_until: date  # the day it stops counting: closed, or dormant
    last_contact_on: date | None = None
    dormant: bool = False
    # (worker, starts_on, ends_on, reason, potential percent when over ceiling)
    spells: list[tuple[Person, date, date | None, str, float | None]] = field(default_factory=list)


@dataclass(eq=False)
class _Worker:
    person: Person
    level: float  # the load, in percent, the worker is kept at
    ceiling: float
    codes: dict[str, float]  # case mix the worker can hold
    low_tier_only: bool
    reductions: list[tuple[date, date, Decimal]]
    overload_from: date | None = None
    overload_level: float = 0.0
    drift: float = 0.0
    held: list[_Case] = field(default_factory=list)


@dataclass
class _Context:
    rng: random.Random
    today: date
    case_types: dict[tuple[str, str], CaseType]
    durations: dict[str, int]
    weights: dict[tuple[str, int], float]
    reserved: frozenset[str]
    available_memo: dict[tuple[Decimal, Decimal], int] = field(default_factory=dict)

    def available(self, hours: Decimal, reduced: Decimal) -> int:
        key = (hours, reduced)
        if key not in self.available_memo:
            self.available_memo[key] = available_points(
                nominal_target=NOMINAL_TARGET,
                contracted_hours=hours,
                reduction_hours=reduced,
                default_hours=DEFAULT_HOURS,
            )
        return self.available_memo[key]


# ---------------------------------------------------------------------------
# The builder


def caseloads_demo_build(
    *,
    rng: random.Random,
    organisations: Sequence[DemoEmployer],
    today: date,
    history_weeks: int = HISTORY_WEEKS,
) -> CaseloadFigures:
    """Build every employer's caseload records and snapshots; return the headline figures."""
    mondays = mondays_between(today - timedelta(weeks=history_weeks), today)
    totals: dict[str, int] = dict.fromkeys(
        (
            "cases",
            "open_cases",
            "unallocated",
            "allocations",
            "reallocations",
            "snapshots",
            "breaches",
        ),
        0,
    )
    for employer in organisations:
        counts = _employer_build(rng, employer, mondays, today=today)
        for key, value in counts.items():
            totals[key] += value
    organisation_ids = [employer.organisation.pk for employer in organisations]
    return _figures(totals, organisation_ids, mondays)


def _employer_build(
    rng: random.Random, employer: DemoEmployer, mondays: list[date], *, today: date
) -> dict[str, int]:
    organisation = employer.organisation
    ctx = _setup(rng, organisation, mondays, today=today)
    pressure = EMPLOYER_PRESSURE.get(organisation.code, 1.0)
    people = [*employer.current, *employer.leavers]
    overloaded = _overloaded_choose(rng, employer.current, today=today)
    signed_in = _signed_in_practitioners(organisation)
    cases: list[_Case] = []
    waiting: list[_Case] = []
    reductions: list[Reduction] = []
    for team in employer.teams:
        pressed = rng.random() < PRESSED_TEAM_SHARE
        factor = pressure * (rng.uniform(*PRESSED_TEAM_FACTOR) if pressed else rng.gauss(1, 0.03))
        members = [p for p in people if p.team_id == team.pk and p.job_role in CASE_HOLDERS]
        workers = []
        for person in members:
            worker, own = _worker(ctx, person, team, factor, overloaded, mondays)
            if person.pk in signed_in and worker.overload_from is None:
                _keep_full(worker, mondays)
            workers.append(worker)
            reductions += own
        team_cases, pending = _simulate(ctx, team, workers, mondays)
        fresh = _queue(ctx, team, rng.randint(*(PRESSED_QUEUE_SIZE if pressed else QUEUE_SIZE)))
        cases += team_cases + fresh
        waiting += pending + fresh
    Reduction.objects.bulk_create(reductions)
    saved = _save(ctx, organisation, cases, waiting)
    return {**saved, **_snapshots(organisation, mondays, today)}


def _setup(
    rng: random.Random, organisation: Organisation, mondays: list[date], *, today: date
) -> _Context:
    """Case types, both scheme versions with their weights, and the escalation ladder."""
    types = [
        CaseType(organisation=organisation, service_area=area, code=code, name=name, reserved=r)
        for area, rows in CASE_TYPES.items()
        for code, name, r, _, _ in rows
    ]
    CaseType.objects.bulk_create(types)
    by_key = {(t.service_area, t.code): t for t in types}
    current_from = monday_of(today - timedelta(weeks=52))
    schemes = []
    for area in CASE_TYPES:
        label = AREA_LABELS[area]
        for effective_from, name in (
            (mondays[0], f"{label} workload scheme {mondays[0].year}"),
            (current_from, f"{label} workload scheme {current_from.year} (revised)"),
        ):
            schemes.append(
                WeightingScheme(
                    organisation=organisation,
                    service_area=area,
                    name=name,
                    effective_from=effective_from,
                    mode=WeightingScheme.Mode.POINTS,
                    profile="local-agreed",
                    nominal_target=NOMINAL_TARGET,
                    default_hours=DEFAULT_HOURS,
                    fixed_points=Decimal(STABLE_POINTS),
                    newly_qualified_ceiling_percent=NEWLY_QUALIFIED_CEILING,
                    green_from_percent=Decimal(95),
                    amber_from_percent=Decimal(100),
                    red_from_percent=Decimal(110),
                )
            )
    WeightingScheme.objects.bulk_create(schemes)
    weights: list[CaseWeight] = []
    for scheme in schemes:
        old = scheme.effective_from == mondays[0]
        for code, _, _, points, _ in CASE_TYPES[scheme.service_area]:
            changes = OLD_WEIGHT_CHANGES.get(code, (0, 0, 0)) if old else (0, 0, 0)
            weights += [
                CaseWeight(
                    scheme=scheme,
                    case_type=by_key[(scheme.service_area, code)],
                    tier=tier,
                    points=Decimal(points[tier - 1] + changes[tier - 1]),
                )
                for tier in (1, 2, 3)
            ]
    CaseWeight.objects.bulk_create(weights)
    EscalationLevel.objects.bulk_create(
        EscalationLevel(organisation=organisation, rank=rank, title=title, days_to_act=days)
        for rank, (title, days) in enumerate(ESCALATION_LADDER, start=1)
    )
    return _Context(
        rng=rng,
        today=today,
        case_types={(t.service_area, t.code): t for t in types},
        durations={code: weeks for rows in CASE_TYPES.values() for code, *_, weeks in rows},
        weights={
            (code, tier): float(points[tier - 1])
            for rows in CASE_TYPES.values()
            for code, _, _, points, _ in rows
            for tier in (1, 2, 3)
        },
        reserved=frozenset(code for rows in CASE_TYPES.values() for code, _, r, *_ in rows if r),
    )


def _overloaded_choose(rng: random.Random, current: list[Person], *, today: date) -> set[int]:
    """A few settled social workers to push over 110% for the last weeks."""
    settled = [
        p
        for p in current
        if p.team_id is not None
        and p.job_role in (JobRole.SOCIAL_WORKER, JobRole.SENIOR_PRACTITIONER)
        and p.start_date <= today - timedelta(weeks=26)
    ]
    wanted = max(1, round(OVERLOADED_SHARE * len(settled))) if settled else 0
    return {p.pk for p in rng.sample(settled, min(wanted, len(settled)))}


def _signed_in_practitioners(organisation: Organisation) -> set[int]:
    """The staff records behind the demo's practitioner sign-ins."""
    return set(
        Membership.objects.filter(
            organisation=organisation, role=Role.PRACTITIONER, person__isnull=False
        ).values_list("person_id", flat=True)
    )


def _keep_full(worker: "_Worker", mondays: list[date]) -> None:
    """Hold the practitioner who signs in above their ceiling for the last weeks,
    so that any case allocated to them shows the guard at work whatever day the
    demo is built (the browser test of the guard relies on it). Fixed values, not
    random draws, so that the rest of the demo is the same as without it."""
    worker.overload_from = mondays[-1] - timedelta(weeks=OVERLOAD_WEEKS[0])
    worker.overload_level = OVERLOAD_LEVEL[0]


def _newly_qualified_until(person: Person) -> date | None:
    """The end of the first year after qualifying (the ASYE), if they worked here in it."""
    qualified_on = person.qualification_date
    if qualified_on is None:
        return None
    anniversary = qualified_on + timedelta(days=365)
    if person.job_role == JobRole.NEWLY_QUALIFIED or anniversary > person.start_date:
        return anniversary
    return None


def _worker(
    ctx: _Context,
    person: Person,
    team: Team,
    factor: float,
    overloaded: set[int],
    mondays: list[date],
) -> tuple[_Worker, list[Reduction]]:
    rng = ctx.rng
    reductions: list[Reduction] = []
    role = person.job_role
    level = max(55.0, rng.gauss(LOAD_MEDIAN, LOAD_SPREAD)) * factor
    if role == JobRole.ASSISTANT:
        level = rng.gauss(80, 8)
    elif person.employment_type == Person.EmploymentType.BANK:
        level *= 0.7
    nq_until = _newly_qualified_until(person)
    ceiling = 100.0
    if nq_until is not None and nq_until > mondays[0]:
        # Protected development time, 10% of contracted hours (Suffolk; reference/01 2.4).
        start = max(person.qualification_date or person.start_date, person.start_date)
        reductions.append(
            _reduction(
                person,
                Reduction.Kind.PROTECTED_DEVELOPMENT,
                person.contracted_hours / 10,
                "ASYE protected development time",
                start,
                nq_until,
            )
        )
        level = min(level, rng.gauss(86, 6))
        ceiling = float(NEWLY_QUALIFIED_CEILING)
    if rng.random() < OTHER_REDUCTION_SHARE:
        kind, hours, reason = rng.choice(
            (
                (Reduction.Kind.TRAINING, Decimal("3.7"), "Practice educator course"),
                (Reduction.Kind.UNION_DUTIES, Decimal("7.4"), "Union branch duties"),
                (Reduction.Kind.REASONABLE_ADJUSTMENT, Decimal("3.7"), "Phased return"),
                (Reduction.Kind.OTHER, Decimal("3.7"), "Project work for the service lead"),
            )
        )
        start = mondays[rng.randrange(len(mondays))] + timedelta(days=rng.randint(0, 4))
        reductions.append(
            _reduction(
                person, kind, hours, reason, start, start + timedelta(weeks=rng.randint(8, 52))
            )
        )
    codes = _mix_for(ctx, team, role)
    worker = _Worker(
        person=person,
        level=level,
        ceiling=ceiling,
        codes=codes,
        low_tier_only=role == JobRole.ASSISTANT,
        reductions=[(r.starts_on, r.expires_on, r.hours_per_week) for r in reductions],
    )
    if person.pk in overloaded:
        weeks = rng.randint(*OVERLOAD_WEEKS)
        worker.overload_from = mondays[-1] - timedelta(weeks=weeks)
        worker.overload_level = rng.uniform(*OVERLOAD_LEVEL)
    return worker, reductions


def _reduction(
    person: Person, kind: str, hours: Decimal, reason: str, starts_on: date, expires_on: date
) -> Reduction:
    return Reduction(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        hours_per_week=Decimal(hours).quantize(Decimal("0.1")),
        reason=reason,
        starts_on=starts_on,
        expires_on=expires_on,
    )


def _mix_for(ctx: _Context, team: Team, role: str) -> dict[str, float]:
    area = team.service_area
    mix = CASE_MIX.get((area, team.team_type), DEFAULT_MIX[area])
    allowed = dict(mix)
    if role in (JobRole.ASSISTANT, JobRole.OCCUPATIONAL_THERAPIST):
        allowed = {code: share for code, share in mix.items() if code not in ctx.reserved}
    elif role == JobRole.NEWLY_QUALIFIED:
        allowed = {
            code: share for code, share in mix.items() if code not in NOT_FOR_NEWLY_QUALIFIED
        }
    if not allowed:
        allowed = {
            code: share for code, share in DEFAULT_MIX[area].items() if code not in ctx.reserved
        }
    return allowed


# ---------------------------------------------------------------------------
# The weekly simulation of one team


def _simulate(
    ctx: _Context, team: Team, workers: list[_Worker], mondays: list[date]
) -> tuple[list[_Case], list[_Case]]:
    """Run the team over the weeks; return every case it held and those still waiting."""
    rng = ctx.rng
    cases: list[_Case] = []
    pending: list[_Case] = []
    first = mondays[0]
    for worker in workers:
        if _in_post(worker, first):
            _fill(ctx, team, worker, first, cases, pending, start=True)
    for this, following in pairwise(mondays):
        for worker in workers:
            worker.held = [c for c in worker.held if c.closes_on is None or c.closes_on > following]
            end = worker.person.end_date
            if end is not None and this <= end < following:
                _handover(worker, pending, end + timedelta(days=1))
        for worker in rng.sample(workers, len(workers)):
            if _in_post(worker, following) and worker.person.start_date < following:
                _fill(ctx, team, worker, this, cases, pending, start=False)
    for worker in workers:  # left this week, after its Monday
        end = worker.person.end_date
        if end is not None and end >= mondays[-1] and worker.held:
            _handover(worker, pending, end + timedelta(days=1))
    return cases, pending


def _in_post(worker: _Worker, on: date) -> bool:
    person = worker.person
    return person.start_date <= on and (person.end_date is None or person.end_date >= on)


def _handover(worker: _Worker, pending: list[_Case], on: date) -> None:
    """A leaver's open cases go back to the team's queue from the day after they leave."""
    for case in worker.held:
        if case.closes_on is not None and case.closes_on <= on:
            continue
        holder, starts_on, _, reason, potential = case.spells[-1]
        case.spells[-1] = (holder, starts_on, on, reason, potential)
        pending.append(case)
    worker.held = []


def _load(ctx: _Context, worker: _Worker, on: date) -> tuple[float, int]:
    """Points held (stable element included) and points available on a day."""
    reduced = sum((h for s, e, h in worker.reductions if s <= on <= e), Decimal(0))
    available = ctx.available(worker.person.contracted_hours, reduced)
    counted = sum(c.weight for c in worker.held if c.counts_until > on)
    return STABLE_POINTS + counted, available


def _fill(
    ctx: _Context,
    team: Team,
    worker: _Worker,
    week: date,
    cases: list[_Case],
    pending: list[_Case],
    *,
    start: bool,
) -> None:
    """Give the worker cases while they are below their level (at most a few a week,
    except on the first day, when they already hold a full caseload)."""
    rng = ctx.rng
    on = week + timedelta(days=7) if not start else week
    if not start:
        worker.drift = DRIFT_KEEP * worker.drift + rng.gauss(0, DRIFT_SPREAD)
    level = worker.level + worker.drift
    if worker.overload_from is not None and week >= worker.overload_from:
        level = worker.overload_level
    points, available = _load(ctx, worker, on)
    target = level * available / 100
    given = 0
    while points < target and (start or given < NEW_CASES_A_WEEK):
        allocated_on = week if start else week + timedelta(days=rng.randint(0, 4))
        case = _from_queue(worker, pending, allocated_on)
        if case is None:
            case = _new_case(ctx, team, worker, allocated_on, start=start)
            cases.append(case)
            if start:
                waited = timedelta(days=rng.randint(0, 21))
                allocated_on = min(week, case.opened_on + waited)
                reason = "Allocated from the team's queue"
            else:
                reason = "Allocated from the team's queue"
        elif case.spells:
            reason = "Previous worker left; reallocated at the allocation meeting"
            handed_back_on = case.spells[-1][2]
            if handed_back_on is not None and handed_back_on > allocated_on:
                allocated_on = handed_back_on
        else:
            reason = "Allocated from the team's queue"
        if points + case.weight / 2 > target and not start and rng.random() > 0.15:
            # Taking it would overshoot the level: it waits for someone else.
            pending.append(case)
            break
        points += case.weight
        potential = 100 * points / available if available else None
        over = potential is not None and potential > worker.ceiling and not start
        case.spells.append(
            (
                worker.person,
                max(allocated_on, case.opened_on),
                case.closes_on,
                reason,
                potential if over else None,
            )
        )
        worker.held.append(case)
        given += 1


def _from_queue(worker: _Worker, pending: list[_Case], on: date) -> _Case | None:
    for i, case in enumerate(pending):
        if case.code in worker.codes and (not worker.low_tier_only or case.tier == 1):
            if case.closes_on is not None and case.closes_on <= on:
                continue
            return pending.pop(i)
    return None


def _new_case(ctx: _Context, team: Team, worker: _Worker, on: date, *, start: bool) -> _Case:
    rng = ctx.rng
    code = rng.choices(list(worker.codes), weights=list(worker.codes.values()))[0]
    tier = 1 if worker.low_tier_only else rng.choices((1, 2, 3), weights=TIER_SHARES)[0]
    # Days with the worker: at least two weeks, so every case counts on some Monday.
    days_held = max(14, round(rng.expovariate(1 / ctx.durations[code]) * 7))
    if start:
        # Already held when the two years begin: part of its time has passed.
        days_held = rng.randint(14, days_held + 14)
        elapsed = rng.randint(0, days_held - 8)
        closes_on: date | None = on + timedelta(days=days_held - elapsed)
        opened_on = on - timedelta(days=elapsed + rng.randint(0, 21))
    else:
        closes_on = on + timedelta(days=days_held)
        opened_on = on - timedelta(days=rng.randint(0, 28))
    assert closes_on is not None
    counts_until = closes_on
    last_contact: date | None = None
    dormant = False
    if closes_on > ctx.today:
        closes_on = None
        counts_until = date.max
        last_contact = ctx.today - timedelta(days=rng.randint(0, 35))
        quiet_since = ctx.today - timedelta(days=DORMANT_AFTER_DAYS)
        if rng.random() < DORMANT_SHARE and on + timedelta(days=14) < quiet_since:
            dormant = True
            last_contact = on + timedelta(days=rng.randint(14, max(14, (quiet_since - on).days)))
            counts_until = last_contact + timedelta(days=DORMANT_AFTER_DAYS)
        last_contact = max(last_contact, opened_on)
    else:
        last_contact = closes_on - timedelta(days=rng.randint(0, 14))
    return _Case(
        team=team,
        case_type=ctx.case_types[(team.service_area, code)],
        code=code,
        tier=tier,
        weight=ctx.weights[(code, tier)],
        opened_on=opened_on,
        closes_on=closes_on,
        counts_until=counts_until,
        last_contact_on=max(last_contact, opened_on),
        dormant=dormant,
    )


def _queue(ctx: _Context, team: Team, size: int) -> list[_Case]:
    """Cases waiting for allocation today, of various ages."""
    rng = ctx.rng
    mix = CASE_MIX.get((team.service_area, team.team_type), DEFAULT_MIX[team.service_area])
    waiting = []
    for _ in range(size):
        code = rng.choices(list(mix), weights=list(mix.values()))[0]
        tier = rng.choices((1, 2, 3), weights=TIER_SHARES)[0]
        age = rng.randint(1, 20) if rng.random() < 0.7 else rng.randint(21, 120)
        opened_on = ctx.today - timedelta(days=age)
        waiting.append(
            _Case(
                team=team,
                case_type=ctx.case_types[(team.service_area, code)],
                code=code,
                tier=tier,
                weight=ctx.weights[(code, tier)],
                opened_on=opened_on,
                closes_on=None,
                counts_until=date.max,
                last_contact_on=opened_on if rng.random() < 0.5 else None,
            )
        )
    return waiting


# ---------------------------------------------------------------------------
# Saving


def _prefix(organisation: Organisation, cases: list[_Case]) -> str:
    for case in cases:
        for person, *_ in case.spells:
            found = re.match(r"[A-Z]+", person.staff_number)
            if found:
                return found.group(0)
    return organisation.code[:2].upper()


def _save(
    ctx: _Context, organisation: Organisation, cases: list[_Case], queue: list[_Case]
) -> dict[str, int]:
    """Write the cases, then their allocations, as plain rows (see rows_insert)."""
    rng = ctx.rng
    waiting = {id(case) for case in queue}
    everything = sorted(cases, key=lambda c: (c.opened_on, c.team.pk))
    prefix = _prefix(organisation, everything)
    numbers: dict[str, int] = {Area.ADULTS: 1000, Area.CHILDREN: 1000}
    references: list[str] = []
    rows: list[tuple[object, ...]] = []
    statuses: list[str] = []
    unallocated = 0
    for case in everything:
        area = case.team.service_area
        numbers[area] += rng.randint(1, 4)
        reference = f"{prefix}-{'A' if area == Area.ADULTS else 'C'}-{numbers[area]:06d}"
        status, worker = _status(ctx, case, waiting)
        references.append(reference)
        statuses.append(status)
        unallocated += worker is None and status != Case.Status.CLOSED
        rows.append(
            (
                organisation.pk,
                case.team.pk,
                reference,
                case.case_type.pk,
                case.tier,
                status,
                case.opened_on,
                case.closes_on,
                case.last_contact_on,
                worker.pk if worker is not None else None,
            )
        )
    rows_insert(Case, CASE_FIELDS, rows)
    # References are unique in an organisation, so they give back the new ids.
    case_ids = dict(Case.objects.filter(organisation=organisation).values_list("reference", "pk"))
    now = timezone.now()
    allocations = []
    reallocations = 0
    for case, reference in zip(everything, references, strict=True):
        for person, starts_on, ends_on, reason, potential in case.spells:
            over = potential is not None
            reallocations += reason.startswith("Previous worker left")
            allocations.append(
                (
                    organisation.pk,
                    case_ids[reference],
                    person.pk,
                    starts_on,
                    ends_on,
                    reason,
                    now,
                    Decimal(f"{potential:.1f}") if over else None,
                    over,
                    rng.choice(OVER_CEILING_REASONS) if over else "",
                )
            )
    rows_insert(Allocation, ALLOCATION_FIELDS, allocations)
    return {
        "cases": len(rows),
        "open_cases": sum(1 for status in statuses if status != Case.Status.CLOSED),
        "unallocated": unallocated,
        "allocations": len(allocations),
        "reallocations": reallocations,
    }


def _status(ctx: _Context, case: _Case, waiting: set[int]) -> tuple[str, Person | None]:
    if case.closes_on is not None:
        return Case.Status.CLOSED, None
    if id(case) in waiting or not case.spells or case.spells[-1][2] is not None:
        return Case.Status.ACTIVE, None
    holder = case.spells[-1][0]
    if case.dormant:
        return Case.Status.DORMANT, holder
    if ctx.rng.random() < 0.04:
        return Case.Status.AWAITING_CLOSURE, holder
    return Case.Status.ACTIVE, holder


def _analyse(*models: type[models.Model]) -> None:
    """Give PostgreSQL's planner statistics for the rows just written. Without
    them it takes the tables for empty and joins a year of allocations to their
    cases by nested loops, which turns seconds into minutes (ANALYZE counts the
    rows this transaction inserted, so it helps inside the demo's transaction too)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _snapshots(organisation: Organisation, mondays: list[date], today: date) -> dict[str, int]:
    _analyse(Case, Allocation, Person)
    snapshots = snapshots_compute(organisation=organisation, weeks=mondays, today=today)
    # Breaches as the weekly job would have opened them: some a month ago, now
    # overdue and escalated a rung, and this week's.
    opened = 0
    for week in (mondays[-5], mondays[-1]):
        opened += len(breaches_open_from_snapshots(organisation=organisation, week_start=week))
    breaches_escalate_overdue(organisation=organisation, today=today)
    return {"snapshots": snapshots, "breaches": opened}


def _figures(
    totals: dict[str, int], organisation_ids: list[int], mondays: list[date]
) -> CaseloadFigures:
    this_week = mondays[-1]
    latest = list(
        CapacitySnapshot.objects.filter(
            organisation_id__in=organisation_ids, week_start=this_week
        ).values_list("cases", "percent")
    )
    recent = CapacitySnapshot.objects.filter(
        organisation_id__in=organisation_ids, week_start__gte=mondays[-4]
    ).values_list("person_id", "percent")
    by_person: dict[int, list[Decimal]] = {}
    for person_id, percent in recent.order_by("person_id", "week_start"):
        by_person.setdefault(person_id, []).append(percent)
    return CaseloadFigures(
        **totals,
        median_cases=float(statistics.median(c for c, _ in latest)) if latest else 0.0,
        median_percent=float(statistics.median(p for _, p in latest)) if latest else 0.0,
        over_110_percent=100 * sum(1 for _, p in latest if p > 110) / len(latest)
        if latest
        else 0.0,
        sustained_overload=sum(
            1 for series in by_person.values() if len(series) == 4 and sustained_overload(series)
        ),
    )
