"""Midshire, a fictional region of five employers, built the same way from the same seed.

Everything comes from one ``random.Random(seed)``, drawn in a fixed order, so a
seed, a scale and a date give the same people, teams and posts on any machine.
The sizes and rates are calibrated to DfE's children's social work workforce
figures for 2025 and Skills for Care's adult figures (reference/03 sections
1.1, 1.4 and 2.1): vacancies about 14% of funded FTE, agency workers about 13%
of social-work roles, turnover about 12%, each employer differing as real
councils do. Names are drawn from short lists of ordinary given and family
names; no person in the demo is real.

Establishment rules the figures rely on:

- every current employee on a permanent or fixed-term contract holds one post
  in their team, funded at their own FTE;
- agency and bank workers hold no post: most of them cover a vacant post, so
  vacant posts with ``cover=agency`` roughly match the agency headcount;
- service leads sit above the teams (``team`` is empty) and so hold no post,
  because a post belongs to a team;
- leavers left within the past year; many of their posts are still vacant.
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_scopes import scopes_disabled

from safeworkload.audit.services import audit_record
from safeworkload.bank.demo import bank_demo_build
from safeworkload.caseloads.demo import CaseloadFigures, caseloads_demo_build
from safeworkload.concerns.demo import concerns_demo_build
from safeworkload.entitlements.demo import entitlements_demo_build
from safeworkload.healthcheck.demo import healthcheck_demo_build
from safeworkload.organisations.models import (
    Membership,
    Organisation,
    Person,
    Region,
    RegionalMembership,
    Team,
)
from safeworkload.organisations.roles import RegionalRole, Role
from safeworkload.supervision.demo import supervision_demo_build
from safeworkload.timeuse.demo import timeuse_demo_build
from safeworkload.workforce.demo import workforce_demo_build
from safeworkload.workforce.models import Post

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 -- the published password of fictional users
REGION_NAME = "Midshire"
REGION_CODE = "midshire"

JobRole = Person.JobRole
Employment = Person.EmploymentType
Area = Team.ServiceArea
TeamType = Team.TeamType


@dataclass(frozen=True)
class EmployerSpec:
    name: str
    code: str
    kind: str
    prefix: str
    staff: int
    vacancy: float
    agency: float
    turnover: float


COUNCIL = Organisation.Kind.COUNCIL
PRACTICE = Organisation.Kind.SOCIAL_WORK_PRACTICE
# Rates straddle the 2025 national medians (vacancy 14.4%, agency 12.8%, turnover 11.8%)
# the way real councils do: one struggling, one stable, a small practice doing well.
EMPLOYERS: tuple[EmployerSpec, ...] = tuple(
    EmployerSpec(name, code, kind, prefix, staff, vacancy=vacancy, agency=agency, turnover=turnover)
    for name, code, kind, prefix, staff, vacancy, agency, turnover in (
        ("Northgate Council", "northgate", COUNCIL, "NG", 380, 0.16, 0.15, 0.14),
        ("Riverside Borough Council", "riverside", COUNCIL, "RB", 260, 0.12, 0.11, 0.11),
        ("Westmoor County Council", "westmoor", COUNCIL, "WM", 310, 0.20, 0.18, 0.15),
        ("Eastbridge City Council", "eastbridge", COUNCIL, "EB", 170, 0.10, 0.09, 0.09),
        ("Kestrel Social Work Practice", "kestrel", PRACTICE, "KS", 120, 0.08, 0.06, 0.10),
    )
)

# Ordinary names, chosen so that no pairing is a well-known person.
GIVEN_NAMES: tuple[str, ...] = tuple(
    """
    Aidan Aisha Alex Amara Amy Andrew Ben Bethany Callum Chloe Claire Daniel Deepa Dylan
    Eleanor Emeka Erin Fatima Gareth Grace Hannah Harvey Helen Imran Isla Jack Jasmine Joanne
    Jordan Karen Kirsty Kofi Laura Lauren Liam Lucy Marcus Megan Mohammed Nathan Niamh Noor
    Olivia Owen Paul Priya Rachel Rhys Rosie Samir Sarah Simon Sophie Stuart Tariq Tom Yasmin
    Zoe
    """.split()  # noqa: SIM905 -- a list of names reads better as text than one per line
)
FAMILY_NAMES: tuple[str, ...] = tuple(
    """
    Ahmed Ashworth Atkins Bailey Barker Begum Bennett Bradley Chapman Chowdhury Dalby Dixon
    Doyle Eccles Fairclough Fletcher Gill Griffiths Hale Holroyd Hussain Iqbal Jennings Kaur
    Kowalski Lloyd Lowe Marsh Mensah Mistry Nolan Nowak Okafor Osei Parry Pennell Pritchard
    Quinn Rahman Redfern Rowe Sandhu Shah Sharma Sutton Thorne Vaughan Walsh Whitlock Yardley
    """.split()  # noqa: SIM905 -- a list of names reads better as text than one per line
)

SOCIAL_WORK_ROLES = frozenset(
    {JobRole.SOCIAL_WORKER, JobRole.SENIOR_PRACTITIONER, JobRole.NEWLY_QUALIFIED}
)
REGISTERED_AS: dict[str, str] = {
    JobRole.SOCIAL_WORKER: "SW",
    JobRole.SENIOR_PRACTITIONER: "SW",
    JobRole.NEWLY_QUALIFIED: "SW",
    JobRole.TEAM_MANAGER: "SW",
    JobRole.SERVICE_LEAD: "SW",
    JobRole.OCCUPATIONAL_THERAPIST: "OT",
}
POST_HOLDING = frozenset({Employment.PERMANENT, Employment.FIXED_TERM})

TEAM_SIZE = 17  # people per team, manager included, when the employer is big enough
SECOND_LEAD_FROM = 250  # staff; larger employers split adults' and children's leadership
MIN_SEATS = 5  # people under each manager, so even tiny scales have working teams
FULL_TIME = Decimal("37.0")
PART_TIME_HOURS = (
    Decimal("30.0"),
    Decimal("29.6"),
    Decimal("22.5"),
    Decimal("22.2"),
    Decimal("18.5"),
)
PART_TIME_SHARE = 0.2
FIXED_TERM_SHARE = 0.04
BANK_SHARE = 0.03  # of social workers and assistants, on casual contracts with the employer
# DfE 2025: 81% of agency FTE covers a vacancy; the rest covers absence or extra demand.
AGENCY_COVERING_VACANCY = 0.81
DAYS_IN_TEN_YEARS = 3652
VACANCY_WINDOW_DAYS = 540  # about 18 months

COUNCIL_TEAMS = (
    (Area.ADULTS, TeamType.DUTY),
    (Area.ADULTS, TeamType.LONG_TERM),
    (Area.ADULTS, TeamType.HOSPITAL),
    (Area.ADULTS, TeamType.SAFEGUARDING),
    (Area.CHILDREN, TeamType.DUTY),
    (Area.CHILDREN, TeamType.LONG_TERM),
    (Area.CHILDREN, TeamType.SAFEGUARDING),
)
# Bigger councils add long-term teams first: that is where most cases sit.
COUNCIL_EXTRA_TEAMS = (
    (Area.CHILDREN, TeamType.LONG_TERM),
    (Area.ADULTS, TeamType.LONG_TERM),
    (Area.CHILDREN, TeamType.DUTY),
    (Area.ADULTS, TeamType.DUTY),
    (Area.CHILDREN, TeamType.SAFEGUARDING),
    (Area.ADULTS, TeamType.HOSPITAL),
    (Area.CHILDREN, TeamType.LONG_TERM),
    (Area.ADULTS, TeamType.LONG_TERM),
    (Area.ADULTS, TeamType.SAFEGUARDING),
)
PRACTICE_TEAMS = (
    (Area.ADULTS, TeamType.DUTY),
    (Area.ADULTS, TeamType.LONG_TERM),
    (Area.CHILDREN, TeamType.DUTY),
    (Area.CHILDREN, TeamType.LONG_TERM),
)
PRACTICE_EXTRA_TEAMS = ((Area.CHILDREN, TeamType.LONG_TERM), (Area.ADULTS, TeamType.LONG_TERM))
TEAM_WEIGHT: dict[str, float] = {
    TeamType.LONG_TERM: 1.2,
    TeamType.DUTY: 1.0,
    TeamType.SAFEGUARDING: 0.9,
    TeamType.HOSPITAL: 0.9,
}
AREA_PREFIX: dict[str, str] = {Area.ADULTS: "Adults", Area.CHILDREN: "Children's"}
TYPE_WORDS: dict[str, str] = {
    TeamType.DUTY: "duty and assessment",
    TeamType.LONG_TERM: "long-term",
    TeamType.HOSPITAL: "hospital",
    TeamType.SAFEGUARDING: "safeguarding",
}

# The first seats of every team, so a small team still has the core of a real one.
FIRST_SEATS: dict[str, tuple[str, ...]] = {
    Area.ADULTS: (
        JobRole.SOCIAL_WORKER,
        JobRole.SENIOR_PRACTITIONER,
        JobRole.OCCUPATIONAL_THERAPIST,
        JobRole.ASSISTANT,
        JobRole.SOCIAL_WORKER,
    ),
    Area.CHILDREN: (
        JobRole.SOCIAL_WORKER,
        JobRole.SENIOR_PRACTITIONER,
        JobRole.SOCIAL_WORKER,
        JobRole.ASSISTANT,
        JobRole.NEWLY_QUALIFIED,
    ),
}
# The rest of each team, by share of seats.
ROLE_MIX: dict[str, dict[str, float]] = {
    Area.ADULTS: {
        JobRole.SOCIAL_WORKER: 0.42,
        JobRole.SENIOR_PRACTITIONER: 0.12,
        JobRole.NEWLY_QUALIFIED: 0.06,
        JobRole.OCCUPATIONAL_THERAPIST: 0.14,
        JobRole.ASSISTANT: 0.16,
        JobRole.ADMINISTRATOR: 0.10,
    },
    Area.CHILDREN: {
        JobRole.SOCIAL_WORKER: 0.52,
        JobRole.SENIOR_PRACTITIONER: 0.14,
        JobRole.NEWLY_QUALIFIED: 0.10,
        JobRole.ASSISTANT: 0.12,
        JobRole.ADMINISTRATOR: 0.12,
    },
}
EVERY_TEAM_ROLE = (
    JobRole.NEWLY_QUALIFIED,
    JobRole.ADMINISTRATOR,
    JobRole.OCCUPATIONAL_THERAPIST,
    JobRole.ASSISTANT,
    JobRole.SENIOR_PRACTITIONER,
)

# Social workers by years since qualifying: (lowest days, highest days, share).
SOCIAL_WORKER_BANDS = (
    (30, 360, 0.05),
    (370, 725, 0.20),
    (735, 1820, 0.33),
    (1830, 3645, 0.25),
    (3660, 9000, 0.17),
)
QUALIFIED_YEARS: dict[
    str, tuple[int, int]
] = {  # (fewest, most) years since qualifying, for the other qualified roles
    JobRole.SENIOR_PRACTITIONER: (4, 25),
    JobRole.TEAM_MANAGER: (8, 28),
    JobRole.SERVICE_LEAD: (15, 32),
    JobRole.OCCUPATIONAL_THERAPIST: (1, 25),
}
POST_GRADES: dict[str, tuple[str, ...]] = {
    JobRole.SOCIAL_WORKER: ("SW2", "SW3"),
    JobRole.SENIOR_PRACTITIONER: ("SP1", "SP2"),
    JobRole.NEWLY_QUALIFIED: ("SW1",),
    JobRole.OCCUPATIONAL_THERAPIST: ("OT2", "OT3"),
    JobRole.ASSISTANT: ("SWA1", "SWA2"),
    JobRole.ADMINISTRATOR: ("Admin A", "Admin B", "Admin C"),
    JobRole.TEAM_MANAGER: ("TM1", "TM2"),
    JobRole.SERVICE_LEAD: ("SL1",),
}
VACANCY_COVER: dict[str, float] = {
    Post.Cover.BANK: 0.15,
    Post.Cover.OVERTIME: 0.25,
    Post.Cover.NONE: 0.60,
}

ORGANISATION_SIGN_INS = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.SERVICE_LEAD,
    Role.UNION_REP,
    Role.ORG_ADMIN,
)
SIGN_IN_NAMES = {
    Role.PRACTITIONER: "practitioner",
    Role.TEAM_MANAGER: "manager",
    Role.SERVICE_LEAD: "lead",
    Role.UNION_REP: "union",
    Role.ORG_ADMIN: "admin",
}
REGIONAL_SIGN_INS = ((RegionalRole.INSPECTOR, "inspector"), (RegionalRole.BANK_COORDINATOR, "bank"))
MULTI_ORGANISATION_CODES = ("northgate", "riverside")


@dataclass(frozen=True)
class OrganisationFigures:
    code: str
    teams: int
    staff: int
    leavers: int
    posts: int
    vacant_posts: int
    funded_fte: Decimal
    vacant_fte: Decimal
    employees: int
    agency: int
    social_work_roles: int

    @property
    def vacancy_percent(self) -> float:
        return float(self.vacant_fte * 100 / self.funded_fte) if self.funded_fte else 0.0

    @property
    def agency_percent(self) -> float:
        return 100 * self.agency / self.social_work_roles if self.social_work_roles else 0.0

    @property
    def turnover_percent(self) -> float:
        """Leavers in the past year as a share of employees now, as DfE measures turnover."""
        return 100 * self.leavers / self.employees if self.employees else 0.0


# The areas built on top of staff and caseloads, in this order (the order
# matters: they share one seeded generator).
AREA_BUILDERS = (
    supervision_demo_build,
    timeuse_demo_build,
    entitlements_demo_build,
    concerns_demo_build,
    healthcheck_demo_build,
    workforce_demo_build,
    bank_demo_build,
)


@dataclass(frozen=True)
class DemoSummary:
    region: str
    organisations: tuple[OrganisationFigures, ...]
    users: int
    memberships: int
    regional_memberships: int
    caseloads: CaseloadFigures | None = None
    # Each later area's figures (supervision, time use, ...): anything with ``line()``.
    areas: tuple[Any, ...] = ()

    def total(self, name: str) -> Any:
        return sum(getattr(figures, name) for figures in self.organisations)

    @property
    def vacancy_percent(self) -> float:
        funded = self.total("funded_fte")
        return float(self.total("vacant_fte") * 100 / funded) if funded else 0.0

    @property
    def agency_percent(self) -> float:
        roles = self.total("social_work_roles")
        return 100 * self.total("agency") / roles if roles else 0.0

    @property
    def turnover_percent(self) -> float:
        employees = self.total("employees")
        return 100 * self.total("leavers") / employees if employees else 0.0

    def line(self) -> str:
        return (
            f"Built {self.region}: {len(self.organisations)} organisations, "
            f"{self.total('teams')} teams, {self.total('staff')} current staff and "
            f"{self.total('leavers')} leavers, {self.total('posts')} posts "
            f"({self.total('vacant_posts')} vacant, {self.vacancy_percent:.1f}% of funded FTE), "
            f"agency {self.agency_percent:.1f}% of social-work roles, "
            f"turnover {self.turnover_percent:.1f}%, {self.users} sign-ins."
            + (f" Caseloads: {self.caseloads.line()}" if self.caseloads else "")
            + "".join(f" {area.line()}" for area in self.areas)
        )


@dataclass
class _Built:
    organisation: Organisation
    teams: list[Team]
    current: list[Person]
    leavers: list[Person]
    posts: list[Post]


def demo_region_build(*, seed: int, scale: float = 1.0, today: date) -> DemoSummary:
    """Build Midshire into an empty database and return what was made."""
    if not scale > 0:
        raise ValueError("The scale must be greater than 0.")
    rng = random.Random(seed)  # noqa: S311 -- reproducible fiction, not secrets
    taken: set[str] = set()
    # One hash for every demo user: hashing is deliberately slow, and the password is shared.
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic(), scopes_disabled():
        region = Region.objects.create(name=REGION_NAME, code=REGION_CODE)
        built = [
            _organisation_build(rng, spec, region, scale=scale, today=today, taken=taken)
            for spec in EMPLOYERS
        ]
        users, memberships, regional = _sign_ins_build(region, built, password_hash)
        caseloads = caseloads_demo_build(rng=rng, organisations=built, today=today)
        areas = tuple(build(rng=rng, organisations=built, today=today) for build in AREA_BUILDERS)
        figures = tuple(_figures(b) for b in built)
        for b, f in zip(built, figures, strict=True):
            audit_record(
                organisation=b.organisation,
                actor=None,
                action="demo.loaded",
                data=_audit_data(f, seed=seed, scale=scale),
                system_label="demo generator",
            )
    return DemoSummary(REGION_NAME, figures, users, memberships, regional, caseloads, areas)


def _organisation_build(
    rng: random.Random,
    spec: EmployerSpec,
    region: Region,
    *,
    scale: float,
    today: date,
    taken: set[str],
) -> _Built:
    organisation = Organisation.objects.create(
        region=region, name=spec.name, code=spec.code, kind=spec.kind
    )
    leads = 1 if spec.staff * scale < SECOND_LEAD_FROM else 2
    teams = _teams(organisation, spec.kind, spec.staff * scale)
    Team.objects.bulk_create(teams)
    in_teams = max(round(spec.staff * scale) - leads, len(teams) * (MIN_SEATS + 1))
    seats = _seats(rng, teams, in_teams)
    seats += [(None, JobRole.SERVICE_LEAD)] * leads
    employment = _employment_types(rng, seats, spec.agency)
    current = [
        _person(rng, organisation, team, role, kind, today=today, taken=taken)
        for (team, role), kind in zip(seats, employment, strict=True)
    ]
    employed = sum(1 for person in current if person.employment_type != Employment.AGENCY)
    leavers = [
        _leaver(rng, organisation, teams, today=today, taken=taken)
        for _ in range(round(spec.turnover * employed))
    ]
    _number_staff(spec.prefix, current + leavers)
    Person.objects.bulk_create(current + leavers)
    _managers_appoint(teams, current)
    posts = _posts(rng, organisation, current, leavers, teams, spec.vacancy, today=today)
    Post.objects.bulk_create(posts)
    return _Built(organisation, teams, current, leavers, posts)


def _teams(organisation: Organisation, kind: str, staff: float) -> list[Team]:
    base, extra = (
        (PRACTICE_TEAMS, PRACTICE_EXTRA_TEAMS)
        if kind == Organisation.Kind.SOCIAL_WORK_PRACTICE
        else (COUNCIL_TEAMS, COUNCIL_EXTRA_TEAMS)
    )
    wanted = max(len(base), round(staff / TEAM_SIZE))
    kinds = list(base) + [extra[i % len(extra)] for i in range(wanted - len(base))]
    total = {k: kinds.count(k) for k in kinds}
    seen: dict[tuple[str, str], int] = {}
    teams = []
    for area, team_type in sorted(kinds, key=lambda k: (base + extra).index(k)):
        seen[(area, team_type)] = seen.get((area, team_type), 0) + 1
        name = f"{AREA_PREFIX[area]} {TYPE_WORDS[team_type]}"
        if total[(area, team_type)] > 1:
            name = f"{name} {seen[(area, team_type)]}"
        teams.append(
            Team(organisation=organisation, name=name, service_area=area, team_type=team_type)
        )
    return teams


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number in proportion to weights, largest remainders first."""
    if total <= 0:
        return [0] * len(weights)
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _seats(rng: random.Random, teams: list[Team], staff: int) -> list[tuple[Team | None, str]]:
    """Each team's manager and members, as (team, job role), before anyone is named."""
    under_managers = staff - len(teams)
    weights = [TEAM_WEIGHT[team.team_type] * rng.uniform(0.85, 1.15) for team in teams]
    sizes = [
        MIN_SEATS + extra for extra in _apportion(under_managers - MIN_SEATS * len(teams), weights)
    ]
    seats: list[tuple[Team | None, str]] = []
    for team, size in zip(teams, sizes, strict=True):
        seats.append((team, JobRole.TEAM_MANAGER))
        seats.extend((team, role) for role in _team_roles(team, size))
    _every_role_ensure(seats)
    return seats


def _team_roles(team: Team, size: int) -> list[str]:
    first: list[str] = list(FIRST_SEATS[team.service_area][:size])
    mix = ROLE_MIX[team.service_area]
    counts = _apportion(size - len(first), list(mix.values()))
    return first + [role for role, n in zip(mix, counts, strict=True) for _ in range(n)]


def _every_role_ensure(seats: list[tuple[Team | None, str]]) -> None:
    """At tiny scales a role can round away; give it a social worker's seat instead."""
    for role in EVERY_TEAM_ROLE:
        if any(seat_role == role for _, seat_role in seats):
            continue
        for i in range(len(seats) - 1, -1, -1):
            team, seat_role = seats[i]
            if seat_role != JobRole.SOCIAL_WORKER or team is None:
                continue
            fits = role != JobRole.OCCUPATIONAL_THERAPIST or team.service_area == Area.ADULTS
            colleagues = sum(1 for t, r in seats if t is team and r == JobRole.SOCIAL_WORKER)
            if fits and colleagues > 1:
                seats[i] = (team, role)
                break


def _employment_types(
    rng: random.Random, seats: list[tuple[Team | None, str]], agency_share: float
) -> list[str]:
    kinds = [str(Employment.PERMANENT)] * len(seats)
    social_work = [i for i, (_, role) in enumerate(seats) if role in SOCIAL_WORK_ROLES]
    # Newly qualified staff do their assessed year as employees, never through an agency.
    eligible = [i for i in social_work if seats[i][1] != JobRole.NEWLY_QUALIFIED]
    wanted = min(len(eligible) - 1, round(agency_share * len(social_work)))
    for i in rng.sample(eligible, max(wanted, 0)):
        kinds[i] = Employment.AGENCY
    for i, (_, role) in enumerate(seats):
        if kinds[i] != Employment.PERMANENT or role in (JobRole.TEAM_MANAGER, JobRole.SERVICE_LEAD):
            continue
        draw = rng.random()
        if draw < FIXED_TERM_SHARE:
            kinds[i] = Employment.FIXED_TERM
        elif draw < FIXED_TERM_SHARE + BANK_SHARE and role in (
            JobRole.SOCIAL_WORKER,
            JobRole.ASSISTANT,
        ):
            kinds[i] = Employment.BANK
    return kinds


def _days_before(on: date, fewest: int, most: int, rng: random.Random) -> date:
    return on - timedelta(days=rng.randint(fewest, most))


def _qualified_on(rng: random.Random, role: str, on: date) -> date | None:
    if role == JobRole.NEWLY_QUALIFIED:
        # Within the assessed year, so the experience band is always the first one.
        return _days_before(on, 30, 360, rng)
    if role == JobRole.SOCIAL_WORKER:
        bands = SOCIAL_WORKER_BANDS
        fewest, most, _ = rng.choices(bands, weights=[share for *_, share in bands])[0]
        return _days_before(on, fewest, most, rng)
    if role in QUALIFIED_YEARS:
        fewest_years, most_years = QUALIFIED_YEARS[role]
        return _days_before(on, fewest_years * 365 + 5, most_years * 365, rng)
    return None


def _between(rng: random.Random, earliest: date, latest: date) -> date:
    earliest = min(earliest, latest)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _started_on(
    rng: random.Random, employment: str, qualified_on: date | None, *, until: date
) -> date:
    """A start date after qualifying, within ten years, or recent for agency workers."""
    window = VACANCY_WINDOW_DAYS if employment == Employment.AGENCY else DAYS_IN_TEN_YEARS
    earliest = until - timedelta(days=window)
    if qualified_on is not None:
        earliest = max(earliest, qualified_on + timedelta(days=7))
    return _between(rng, earliest, until)


def _hours(rng: random.Random, role: str, employment: str) -> Decimal:
    # Managers and agency workers work full weeks; others are part-time about one in five.
    if role in (JobRole.TEAM_MANAGER, JobRole.SERVICE_LEAD) or employment == Employment.AGENCY:
        return FULL_TIME
    return rng.choice(PART_TIME_HOURS) if rng.random() < PART_TIME_SHARE else FULL_TIME


def _grade(rng: random.Random, role: str, qualified_on: date | None, on: date) -> str:
    years = (on - qualified_on).days / 365.25 if qualified_on else 0.0
    if role == JobRole.SOCIAL_WORKER:
        return "SW1" if years < 1 else "SW2" if years < 2 else rng.choice(("SW2", "SW3", "SW3"))
    if role == JobRole.OCCUPATIONAL_THERAPIST:
        return "OT2" if years < 3 else "OT3"
    return rng.choice(POST_GRADES[role])


def _registration(rng: random.Random, role: str, taken: set[str]) -> str:
    prefix = REGISTERED_AS.get(role)
    if prefix is None:
        return ""
    while True:
        number = f"{prefix}{rng.randrange(1_000_000):06d}"
        if number not in taken:
            taken.add(number)
            return number


def _person(
    rng: random.Random,
    organisation: Organisation,
    team: Team | None,
    role: str,
    employment: str,
    *,
    today: date,
    taken: set[str],
    left_on: date | None = None,
) -> Person:
    last_day = left_on or today
    qualified_on = _qualified_on(rng, role, last_day)
    latest_start = last_day - timedelta(days=14)
    return Person(
        organisation=organisation,
        given_name=rng.choice(GIVEN_NAMES),
        family_name=rng.choice(FAMILY_NAMES),
        team=team,
        job_role=role,
        qualified=qualified_on is not None,
        registered=qualified_on is not None,
        registration_number=_registration(rng, role, taken),
        contracted_hours=_hours(rng, role, employment),
        qualification_date=qualified_on,
        start_date=_started_on(rng, employment, qualified_on, until=latest_start),
        end_date=left_on,
        employment_type=employment,
        grade=_grade(rng, role, qualified_on, last_day),
    )


def _leaver(
    rng: random.Random,
    organisation: Organisation,
    teams: list[Team],
    *,
    today: date,
    taken: set[str],
) -> Person:
    team = rng.choice(teams)
    mix = {
        role: share
        for role, share in ROLE_MIX[team.service_area].items()
        if role != JobRole.NEWLY_QUALIFIED
    }
    role = rng.choices(list(mix), weights=list(mix.values()))[0]
    employment = Employment.FIXED_TERM if rng.random() < 0.1 else Employment.PERMANENT
    return _person(
        rng,
        organisation,
        team,
        role,
        employment,
        today=today,
        taken=taken,
        left_on=_days_before(today, 1, 364, rng),
    )


def _number_staff(prefix: str, people: list[Person]) -> None:
    """Payroll numbers in order of joining, as an employer issues them."""
    by_start = sorted(range(len(people)), key=lambda i: (people[i].start_date, i))
    for number, i in enumerate(by_start, start=1):
        people[i].staff_number = f"{prefix}{number:05d}"


def _managers_appoint(teams: list[Team], people: list[Person]) -> None:
    for person in people:
        if person.job_role == JobRole.TEAM_MANAGER and person.team is not None:
            person.team.manager = person
    Team.objects.bulk_update(teams, ["manager"])


def _fte(hours: Decimal) -> Decimal:
    return (hours / FULL_TIME).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _posts(
    rng: random.Random,
    organisation: Organisation,
    current: list[Person],
    leavers: list[Person],
    teams: list[Team],
    vacancy: float,
    *,
    today: date,
) -> list[Post]:
    held = [
        Post(
            organisation=organisation,
            team=person.team,
            job_role=person.job_role,
            grade=person.grade,
            funded_fte=_fte(person.contracted_hours),
            holder=person,
        )
        for person in current
        if person.team is not None and person.employment_type in POST_HOLDING
    ]
    filled = sum((post.funded_fte for post in held), Decimal(0))
    target = filled * Decimal(str(vacancy)) / (1 - Decimal(str(vacancy)))
    vacant: list[Post] = []
    vacant_fte = Decimal(0)
    candidates = _vacancy_candidates(rng, organisation, current, leavers, teams, today=today)
    for post in candidates:
        # Stop at the post that would take the total further from the target than it is.
        if vacant_fte + post.funded_fte / 2 > target:
            break
        vacant.append(post)
        vacant_fte += post.funded_fte
    return held + vacant


def _vacancy_candidates(
    rng: random.Random,
    organisation: Organisation,
    current: list[Person],
    leavers: list[Person],
    teams: list[Team],
    *,
    today: date,
) -> Iterator[Post]:
    """Vacant posts in the order they are most likely: agency-covered first, then leavers'."""
    oldest = today - timedelta(days=VACANCY_WINDOW_DAYS)
    for person in current:
        if person.employment_type == Employment.AGENCY and rng.random() < AGENCY_COVERING_VACANCY:
            # The post fell vacant a little before the agency worker arrived to cover it.
            since = max(oldest, _days_before(person.start_date, 0, 60, rng))
            yield _vacancy_left_by(person, since, Post.Cover.AGENCY)
        elif person.employment_type == Employment.BANK:
            since = _days_before(today, 14, VACANCY_WINDOW_DAYS, rng)
            yield _vacancy_left_by(person, since, Post.Cover.BANK)
    for person in rng.sample(leavers, len(leavers)):
        left_on = person.end_date or today
        yield _vacancy_left_by(person, left_on + timedelta(days=1), _cover(rng))
    while True:
        team = rng.choice(teams)
        mix = ROLE_MIX[team.service_area]
        role = rng.choices(list(mix), weights=list(mix.values()))[0]
        fte = (
            Decimal("1.00")
            if rng.random() >= PART_TIME_SHARE
            else _fte(rng.choice(PART_TIME_HOURS))
        )
        yield _vacant_post(
            organisation,
            team,
            role,
            rng.choice(POST_GRADES[role]),
            fte,
            _days_before(today, 14, VACANCY_WINDOW_DAYS, rng),
            _cover(rng),
        )


def _cover(rng: random.Random) -> str:
    return rng.choices(list(VACANCY_COVER), weights=list(VACANCY_COVER.values()))[0]


def _vacancy_left_by(person: Person, since: date, cover: str) -> Post:
    """The post a person covers or left, in their team, role, grade and hours."""
    fte = _fte(person.contracted_hours)
    return _vacant_post(
        person.organisation, person.team, person.job_role, person.grade, fte, since, cover
    )


def _vacant_post(
    organisation: Organisation,
    team: Team | None,
    role: str,
    grade: str,
    fte: Decimal,
    since: date,
    cover: str,
) -> Post:
    return Post(
        organisation=organisation,
        team=team,
        job_role=role,
        grade=grade,
        funded_fte=fte,
        holder=None,
        vacant_since=since,
        cover=cover,
    )


def _sign_in_people(built: _Built) -> dict[str, Person | None]:
    """The staff records the organisation's demo sign-ins belong to."""
    current = built.current
    practitioners = [
        p
        for p in current
        if p.job_role == JobRole.SOCIAL_WORKER
        and p.employment_type == Employment.PERMANENT
        and p.team is not None
    ]
    practitioner = practitioners[0]
    union = next(
        (
            p
            for p in current
            if p.job_role in SOCIAL_WORK_ROLES
            and p is not practitioner
            and p.employment_type == Employment.PERMANENT
            and p.team != practitioner.team
        ),
        None,
    )
    return {
        Role.PRACTITIONER: practitioner,
        Role.TEAM_MANAGER: practitioner.team.manager if practitioner.team else None,
        Role.SERVICE_LEAD: next(p for p in current if p.job_role == JobRole.SERVICE_LEAD),
        Role.UNION_REP: union,
        Role.ORG_ADMIN: next((p for p in current if p.job_role == JobRole.ADMINISTRATOR), None),
    }


def _sign_ins_build(
    region: Region, built: list[_Built], password_hash: str
) -> tuple[int, int, int]:
    user_model = get_user_model()
    emails: list[str] = []
    memberships: list[tuple[str, Organisation, str, Person | None]] = []
    for b in built:
        people = _sign_in_people(b)
        for role in ORGANISATION_SIGN_INS:
            email = f"{SIGN_IN_NAMES[role]}@{b.organisation.code}.example"
            emails.append(email)
            memberships.append((email, b.organisation, role, people[role]))
    multi = f"multi@{region.code}.example"
    emails.append(multi)
    for b in built:
        if b.organisation.code in MULTI_ORGANISATION_CODES:
            memberships.append((multi, b.organisation, Role.SERVICE_LEAD, None))
    regional = [(f"{name}@{region.code}.example", role) for role, name in REGIONAL_SIGN_INS]
    emails.extend(email for email, _ in regional)
    users = user_model.objects.bulk_create(
        [user_model(username=email, email=email, password=password_hash) for email in emails]
    )
    by_email = {user.email: user for user in users}
    Membership.objects.bulk_create(
        [
            Membership(user=by_email[email], organisation=organisation, role=role, person=person)
            for email, organisation, role, person in memberships
        ]
    )
    RegionalMembership.objects.bulk_create(
        [
            RegionalMembership(user=by_email[email], region=region, role=role)
            for email, role in regional
        ]
    )
    return len(users), len(memberships), len(regional)


def _figures(built: _Built) -> OrganisationFigures:
    vacant = [post for post in built.posts if post.holder is None]
    social_work = [p for p in built.current if p.job_role in SOCIAL_WORK_ROLES]
    return OrganisationFigures(
        code=built.organisation.code,
        teams=len(built.teams),
        staff=len(built.current),
        leavers=len(built.leavers),
        posts=len(built.posts),
        vacant_posts=len(vacant),
        funded_fte=sum((post.funded_fte for post in built.posts), Decimal(0)),
        vacant_fte=sum((post.funded_fte for post in vacant), Decimal(0)),
        employees=sum(1 for p in built.current if p.employment_type != Employment.AGENCY),
        agency=sum(1 for p in social_work if p.employment_type == Employment.AGENCY),
        social_work_roles=len(social_work),
    )


def _audit_data(figures: OrganisationFigures, *, seed: int, scale: float) -> dict[str, Any]:
    return {
        "seed": seed,
        "scale": scale,
        "teams": figures.teams,
        "staff": figures.staff,
        "leavers": figures.leavers,
        "posts": figures.posts,
        "vacant_posts": figures.vacant_posts,
        "vacant_fte": str(figures.vacant_fte),
        "funded_fte": str(figures.funded_fte),
    }
