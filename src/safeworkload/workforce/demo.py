"""Cover arrangements and plans to fill vacancies for each demo employer.

Called by ``organisations.demo.demo_region_build`` with its random generator,
after the posts exist. The posts already say how each vacancy is covered
(``Post.cover``: agency for many, some bank, some overtime, the rest none);
this records each paid arrangement with its hours and hourly charge, names
the agency or bank worker's staff record where the demo made one for that
post, and gives about one vacancy in four an uncovered gap before its agency
cover began. Some teams' vacancies get a plan to fill them, with steps done,
due and overdue.

The charges are illustrative, not any council's: near the London
memorandum's hourly pay caps (reference/04 §3.2, £25 to £42) with on-costs and
the agency's fee on top, bank rates below them, overtime at time and a half.
Everything goes through the services, so the audit log is written as in
real use. The posts themselves are not changed: the establishment's figures
stay as the organisations demo built them.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from safeworkload.calc import workforce as wf
from safeworkload.caseloads.demo import DemoEmployer
from safeworkload.organisations.models import Person
from safeworkload.workforce import services
from safeworkload.workforce.models import ActionPlan, ActionStep, Post

JobRole = Person.JobRole

# Pence an hour charged to the employer, (low, high), by role.
AGENCY_CHARGE: dict[str, tuple[int, int]] = {
    JobRole.SOCIAL_WORKER: (4600, 5800),
    JobRole.SENIOR_PRACTITIONER: (5200, 6400),
    JobRole.NEWLY_QUALIFIED: (3800, 4400),
    JobRole.OCCUPATIONAL_THERAPIST: (4400, 5400),
    JobRole.ASSISTANT: (2400, 3000),
    JobRole.ADMINISTRATOR: (1900, 2400),
    JobRole.TEAM_MANAGER: (6000, 7400),
    JobRole.SERVICE_LEAD: (7000, 8600),
}
BANK_SHARE_OF_AGENCY = (0.68, 0.80)
OVERTIME_HOURS = (Decimal("4"), Decimal("7.5"), Decimal("10"))
GAP_BEFORE_AGENCY = 0.25
PLAN_TEAMS_SHARE = 0.5  # of the teams with a vacancy
LEFT_OVERDUE = 0.35  # a step past its date still not done
ON_HOLD = 0.15
# The steps of a plan, days after it starts.
STEPS: tuple[tuple[str, int], ...] = (
    (ActionStep.Kind.ADVERTISED, 10),
    (ActionStep.Kind.SHORTLISTING, 28),
    (ActionStep.Kind.INTERVIEWS, 42),
    (ActionStep.Kind.OFFERS, 52),
    (ActionStep.Kind.START, 100),
)
NOTES: dict[str, str] = {
    ActionStep.Kind.ADVERTISED: "Advertised on the council's jobs site and the regional board",
    ActionStep.Kind.SHORTLISTING: "Shortlisting with the principal social worker",
    ActionStep.Kind.INTERVIEWS: "Interviews with a practice scenario",
    ActionStep.Kind.OFFERS: "Offers subject to references and checks",
    ActionStep.Kind.START: "First day, with a protected induction fortnight",
}


@dataclass(frozen=True)
class WorkforceFigures:
    covers: int
    agency: int
    bank: int
    overtime: int
    uncovered_gaps: int
    agency_annual_pence: int
    bank_annual_pence: int
    plans: int
    steps: int
    steps_done: int
    steps_overdue: int

    def line(self) -> str:
        return (
            f"{self.covers} cover arrangements ({self.agency} agency, {self.bank} bank, "
            f"{self.overtime} overtime, {self.uncovered_gaps} gaps before agency cover): "
            f"agency £{self.agency_annual_pence // 100:,} a year, bank "
            f"£{self.bank_annual_pence // 100:,}. {self.plans} plans to fill vacancies with "
            f"{self.steps} steps ({self.steps_done} done, {self.steps_overdue} overdue)."
        )


@dataclass
class _Tally:
    covers: int = 0
    agency: int = 0
    bank: int = 0
    overtime: int = 0
    gaps: int = 0
    agency_annual: int = 0
    bank_annual: int = 0
    plans: int = 0
    steps: int = 0
    done: int = 0
    overdue: int = 0


def workforce_demo_build(
    *, rng: random.Random, organisations: Sequence[DemoEmployer], today: date
) -> WorkforceFigures:
    """Record each employer's vacancy cover and plans; return the headline figures."""
    tally = _Tally()
    for employer in organisations:
        vacant = list(
            Post.objects.filter(organisation=employer.organisation, holder__isnull=True)
            .select_related("team", "organisation")
            .order_by("pk")
        )
        _covers(rng, employer, vacant, tally, today=today)
        _plans(rng, employer, vacant, tally, today=today)
    return WorkforceFigures(
        covers=tally.covers,
        agency=tally.agency,
        bank=tally.bank,
        overtime=tally.overtime,
        uncovered_gaps=tally.gaps,
        agency_annual_pence=tally.agency_annual,
        bank_annual_pence=tally.bank_annual,
        plans=tally.plans,
        steps=tally.steps,
        steps_done=tally.done,
        steps_overdue=tally.overdue,
    )


def _workers(employer: DemoEmployer, kind: str) -> dict[tuple[int | None, str], list[Person]]:
    """The employer's agency or bank staff by (team, role): the demo made each
    vacancy they cover in their own team, role and hours."""
    pool: dict[tuple[int | None, str], list[Person]] = {}
    for person in employer.current:
        if person.employment_type == kind:
            pool.setdefault((person.team_id, person.job_role), []).append(person)
    return pool


def _charge(rng: random.Random, role: str) -> int:
    low, high = AGENCY_CHARGE[role]
    return rng.randrange(low, high + 1, 25)


def _covers(
    rng: random.Random,
    employer: DemoEmployer,
    vacant: list[Post],
    tally: _Tally,
    *,
    today: date,
) -> None:
    standard = employer.organisation.standard_weekly_hours
    pools: dict[str, dict[tuple[int | None, str], list[Person]]] = {
        Post.Cover.AGENCY: _workers(employer, Person.EmploymentType.AGENCY),
        Post.Cover.BANK: _workers(employer, Person.EmploymentType.BANK),
    }
    for post in vacant:
        kind = post.cover
        since = post.vacant_since
        if kind == Post.Cover.NONE or since is None or since > today:
            continue
        candidates = pools.get(kind, {}).get((post.team_id, post.job_role), [])
        worker = candidates.pop(0) if candidates else None
        hours = (post.funded_fte * standard).quantize(Decimal("0.1"))
        starts = since
        if worker is not None:
            hours = worker.contracted_hours
            starts = min(max(since, worker.start_date), today)
        agency = _charge(rng, post.job_role)
        if kind == Post.Cover.AGENCY:
            rate = agency
            if worker is None and starts == since and rng.random() < GAP_BEFORE_AGENCY:
                starts = min(since + timedelta(days=rng.randint(7, 42)), today)
            if starts > since:
                _add(post, Post.Cover.NONE, since, Decimal(0), 0, None, today)
                tally.gaps += 1
        elif kind == Post.Cover.BANK:
            rate = round(agency * rng.uniform(*BANK_SHARE_OF_AGENCY) / 25) * 25
        else:  # overtime: a few hours a week from the team, at time and a half
            hours = rng.choice(OVERTIME_HOURS)
            rate = round(agency * 0.6 * 1.5 / 25) * 25
            worker = None
        _add(post, kind, starts, hours, rate, worker, today)
        annual = wf.annual_cost_pence(wf.weekly_cost_pence(hours, rate))
        tally.covers += 1
        if kind == Post.Cover.AGENCY:
            tally.agency += 1
            tally.agency_annual += annual
        elif kind == Post.Cover.BANK:
            tally.bank += 1
            tally.bank_annual += annual
        else:
            tally.overtime += 1


def _add(
    post: Post,
    kind: str,
    starts: date,
    hours: Decimal,
    rate: int,
    worker: Person | None,
    today: date,
) -> None:
    services.cover_add(
        post=post,
        actor=None,
        kind=kind,
        starts_on=starts,
        ends_on=None,
        hours_per_week=hours,
        pence_per_hour=rate,
        worker=worker,
        today=today,
    )


def _plans(
    rng: random.Random,
    employer: DemoEmployer,
    vacant: list[Post],
    tally: _Tally,
    *,
    today: date,
) -> None:
    by_team: dict[int, list[Post]] = {}
    for post in vacant:
        by_team.setdefault(post.team_id, []).append(post)
    teams = {team.pk: team for team in employer.teams}
    chosen = [pk for pk in sorted(by_team) if rng.random() < PLAN_TEAMS_SHARE]
    for number, team_id in enumerate(chosen):
        posts = by_team[team_id][:3]
        team = teams.get(team_id)
        owner = team.manager if team is not None else None
        opened = max(post.vacant_since or today for post in posts)
        started = min(opened + timedelta(days=rng.randint(3, 21)), today)
        plan = services.plan_create(
            organisation=employer.organisation,
            actor=None,
            title=_title(posts, team.name if team else "the service"),
            posts=posts,
            owner=owner,
            today=started,
        )
        tally.plans += 1
        # The first plan of each employer is always behind, so overdue steps show.
        behind = number == 0
        for kind, days in STEPS:
            due = started + timedelta(days=days)
            done = None
            if due <= today and kind != ActionStep.Kind.START:
                if behind or rng.random() < LEFT_OVERDUE:
                    behind = True  # once a step slips, the later ones wait for it
                else:
                    done = min(due + timedelta(days=rng.randint(-4, 6)), today)
            services.step_add(
                plan=plan,
                actor=None,
                kind=kind,
                owner=owner,
                due_on=due,
                done_on=done,
                note=NOTES[kind] if done else "",
                today=today,
            )
            tally.steps += 1
            tally.done += done is not None
            tally.overdue += done is None and due < today
        if rng.random() < ON_HOLD:
            services.plan_change(
                plan=plan,
                actor=None,
                title=plan.title,
                posts=posts,
                owner=owner,
                status=ActionPlan.Status.ON_HOLD,
            )


def _title(posts: list[Post], team: str) -> str:
    roles = {post.get_job_role_display().lower() for post in posts}
    what = roles.pop() if len(roles) == 1 else "staff"
    count = f"{len(posts)} " if len(posts) > 1 else "a "
    plural = "s" if len(posts) > 1 and what != "staff" else ""
    return f"Recruit {count}{what}{plural} to {team}"[:120]
