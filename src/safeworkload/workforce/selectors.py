from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from safeworkload.bank.models import RateCard
from safeworkload.calc import workforce as wf
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.workforce.models import ActionPlan, ActionStep, FilledVacancy, Post, VacancyCover

ZERO = Decimal("0")


@dataclass(frozen=True)
class VacancyFigures:
    funded_fte: Decimal
    vacant_fte: Decimal
    vacant_posts: int
    covered_by_agency_fte: Decimal

    @property
    def vacancy_rate(self) -> Decimal:
        """Vacant funded FTE as a share of all funded FTE, across every job role.

        DfE's published rate counts child and family social workers only and
        uses the FTE of the people in post; docs/standards.md sets out the gap.
        """
        if not self.funded_fte:
            return ZERO
        return (self.vacant_fte * 100 / self.funded_fte).quantize(Decimal("0.1"))


def _sum(expression: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), ZERO, output_field=DecimalField())


def vacancy_figures(*, organisations: list[Organisation]) -> dict[int, VacancyFigures]:
    vacant = Q(holder__isnull=True)
    rows = (
        Post.objects.filter(organisation__in=organisations)
        .values("organisation")
        .annotate(
            funded=_sum("funded_fte"),
            vacant_fte=_sum("funded_fte", vacant),
            vacant_posts=Count("pk", filter=vacant),
            agency=_sum("funded_fte", vacant & Q(cover=Post.Cover.AGENCY)),
        )
    )
    by_id = {row["organisation"]: row for row in rows}
    empty = {"funded": ZERO, "vacant_fte": ZERO, "vacant_posts": 0, "agency": ZERO}
    return {
        o.pk: VacancyFigures(
            funded_fte=by_id.get(o.pk, empty)["funded"],
            vacant_fte=by_id.get(o.pk, empty)["vacant_fte"],
            vacant_posts=by_id.get(o.pk, empty)["vacant_posts"],
            covered_by_agency_fte=by_id.get(o.pk, empty)["agency"],
        )
        for o in organisations
    }


def vacancy_list(*, organisation: Organisation) -> QuerySet[Post]:
    return (
        Post.objects.filter(organisation=organisation, holder__isnull=True)
        .select_related("team")
        .order_by("vacant_since")
    )


# ---------------------------------------------------------------------------
# The establishment register


def establishment(
    *, organisation: Organisation, team_id: int | None = None, job_role: str = "", status: str = ""
) -> QuerySet[Post]:
    """Every post, by team; ``status`` is "vacant", "filled" or "" for both."""
    posts = Post.objects.filter(organisation=organisation).select_related("team", "holder")
    if team_id:
        posts = posts.filter(team_id=team_id)
    if job_role:
        posts = posts.filter(job_role=job_role)
    if status == "vacant":
        posts = posts.filter(holder__isnull=True)
    elif status == "filled":
        posts = posts.filter(holder__isnull=False)
    return posts.order_by("team__name", "job_role", "pk")


def post_covers(*, post: Post) -> QuerySet[VacancyCover]:
    return post.covers.select_related("worker").order_by("-starts_on", "-pk")


def running_covers(*, organisation: Organisation, on: date) -> dict[int, VacancyCover]:
    """Each vacant post's arrangement running on ``on``, by post id."""
    covers = (
        VacancyCover.objects.filter(
            organisation=organisation, post__holder__isnull=True, starts_on__lte=on
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("post", "post__team", "worker")
        .order_by("post_id", "-starts_on", "-pk")
    )
    running: dict[int, VacancyCover] = {}
    for cover in covers:
        running.setdefault(cover.post_id, cover)
    return running


# ---------------------------------------------------------------------------
# What cover costs, against the regional bank's rate


def _card_for(cards: list[RateCard], job_role: str, grade: str) -> RateCard | None:
    """The role's card for the post's grade, else its card with no grade, else
    its most recent card for any grade. ``cards`` is newest first."""
    for_role = [card for card in cards if card.job_role == job_role]
    for wanted in (grade, ""):
        for card in for_role:
            if card.grade == wanted:
                return card
    return min(
        for_role, key=lambda c: (-c.effective_from.toordinal(), c.base_pence_per_hour), default=None
    )


def bank_rate_cards(*, organisation: Organisation, on: date) -> list[RateCard]:
    """The region's rate cards in force on ``on``, newest first."""
    return list(
        RateCard.objects.filter(region_id=organisation.region_id, effective_from__lte=on).order_by(
            "-effective_from", "pk"
        )
    )


@dataclass(frozen=True)
class CoverCost:
    cover: VacancyCover
    weekly_pence: int
    bank_card: RateCard | None

    @property
    def annual_pence(self) -> int:
        return wf.annual_cost_pence(self.weekly_pence)

    @property
    def bank_weekly_pence(self) -> int | None:
        if self.bank_card is None:
            return None
        return wf.weekly_cost_pence(self.cover.hours_per_week, self.bank_card.base_pence_per_hour)

    @property
    def bank_annual_pence(self) -> int | None:
        weekly = self.bank_weekly_pence
        return None if weekly is None else wf.annual_cost_pence(weekly)

    @property
    def over_bank_annual_pence(self) -> int | None:
        """What the year costs above the bank's base rate for the same hours."""
        bank = self.bank_annual_pence
        return None if bank is None else self.annual_pence - bank


def cover_cost(cover: VacancyCover, cards: list[RateCard]) -> CoverCost:
    return CoverCost(
        cover=cover,
        weekly_pence=wf.weekly_cost_pence(cover.hours_per_week, cover.pence_per_hour),
        bank_card=_card_for(cards, cover.post.job_role, cover.post.grade),
    )


@dataclass(frozen=True)
class CostTotals:
    rows: list[CoverCost]

    def _of(self, kind: str) -> list[CoverCost]:
        return [row for row in self.rows if row.cover.kind == kind]

    def weekly(self, kind: str) -> int:
        return sum(row.weekly_pence for row in self._of(kind))

    def annual(self, kind: str) -> int:
        return sum(row.annual_pence for row in self._of(kind))

    def count(self, kind: str) -> int:
        return len(self._of(kind))

    @property
    def agency_with_bank_rate(self) -> list[CoverCost]:
        return [row for row in self._of(Post.Cover.AGENCY) if row.bank_card is not None]

    @property
    def agency_without_bank_rate(self) -> int:
        return self.count(Post.Cover.AGENCY) - len(self.agency_with_bank_rate)

    @property
    def agency_compared_annual(self) -> int:
        return sum(row.annual_pence for row in self.agency_with_bank_rate)

    @property
    def agency_at_bank_annual(self) -> int:
        return sum(row.bank_annual_pence or 0 for row in self.agency_with_bank_rate)

    @property
    def agency_over_bank_annual(self) -> int:
        return self.agency_compared_annual - self.agency_at_bank_annual


def cover_costs(*, organisation: Organisation, on: date) -> CostTotals:
    """The paid arrangements running on ``on``, each priced for a week and a year,
    agency cover beside the regional bank's base rate for the same hours."""
    cards = bank_rate_cards(organisation=organisation, on=on)
    rows = [
        cover_cost(cover, cards)
        for cover in running_covers(organisation=organisation, on=on).values()
        if cover.kind in (Post.Cover.AGENCY, Post.Cover.BANK, Post.Cover.OVERTIME)
    ]
    rows.sort(key=lambda row: (row.cover.kind, row.cover.post.team.name, row.cover.post_id))
    return CostTotals(rows)


# ---------------------------------------------------------------------------
# The DfE measures, at a census date and for the year to it

EMPLOYED = (Person.EmploymentType.PERMANENT, Person.EmploymentType.FIXED_TERM)
# DfE counts registered social workers, their managers included (reference/03 §1.2).
SOCIAL_WORK_ROLES = (
    Person.JobRole.SOCIAL_WORKER,
    Person.JobRole.SENIOR_PRACTITIONER,
    Person.JobRole.NEWLY_QUALIFIED,
    Person.JobRole.TEAM_MANAGER,
    Person.JobRole.SERVICE_LEAD,
)


@dataclass
class Measures:
    in_post_fte: Decimal = ZERO
    in_post_headcount: int = 0
    vacancy_fte: Decimal = ZERO
    vacant_posts: int = 0
    agency_fte: Decimal = ZERO
    agency_headcount: int = 0
    agency_cover_fte: Decimal = ZERO
    starters_fte: Decimal = ZERO
    starters_headcount: int = 0
    leavers_fte: Decimal = ZERO
    leavers_headcount: int = 0

    @property
    def vacancy_rate(self) -> Decimal | None:
        return wf.vacancy_rate(self.vacancy_fte, self.in_post_fte)

    @property
    def agency_rate(self) -> Decimal | None:
        return wf.agency_rate(self.agency_fte, self.in_post_fte)

    @property
    def turnover_rate(self) -> Decimal | None:
        return wf.turnover_rate(self.leavers_fte, self.in_post_fte)

    @property
    def turnover_rate_headcount(self) -> Decimal | None:
        return wf.turnover_rate(self.leavers_headcount, self.in_post_headcount)

    @property
    def agency_covering_vacancies(self) -> Decimal | None:
        return wf.agency_covering_vacancies(self.agency_cover_fte, self.agency_fte)

    @property
    def vacancies_covered_by_agency(self) -> Decimal | None:
        return wf.vacancies_covered_by_agency(self.agency_cover_fte, self.vacancy_fte)


@dataclass(frozen=True)
class MeasuresReport:
    census: date
    year_start: date
    social_work_only: bool
    organisation: Measures
    teams: list[tuple[Team, Measures]]


def _on(start: date, end: date | None, day: date) -> bool:
    """Someone works on their last day, so ``end`` is included."""
    return start <= day and (end is None or end >= day)


class _Tally:
    """Adds each figure to the organisation's total and to one team's."""

    def __init__(self) -> None:
        self.total = Measures()
        self.teams: dict[int, Measures] = {}

    def add(self, team_id: int | None, name: str, value: Decimal | int) -> None:
        targets = [self.total]
        if team_id is not None:
            targets.append(self.teams.setdefault(team_id, Measures()))
        for target in targets:
            setattr(target, name, getattr(target, name) + value)


def _people(tally: _Tally, organisation: Organisation, roles: Q, census: date, start: date) -> None:
    standard = organisation.standard_weekly_hours
    rows = Person.objects.filter(roles, organisation=organisation).values_list(
        "team_id", "employment_type", "contracted_hours", "start_date", "end_date"
    )
    for team_id, employment, hours, started, ended in rows:
        fte = wf.fte(hours, standard)
        if employment in EMPLOYED:
            if _on(started, ended, census):
                tally.add(team_id, "in_post_fte", fte)
                tally.add(team_id, "in_post_headcount", 1)
            if start <= started <= census:
                tally.add(team_id, "starters_fte", fte)
                tally.add(team_id, "starters_headcount", 1)
            if ended is not None and start <= ended <= census:
                tally.add(team_id, "leavers_fte", fte)
                tally.add(team_id, "leavers_headcount", 1)
        elif employment == Person.EmploymentType.AGENCY and _on(started, ended, census):
            tally.add(team_id, "agency_fte", fte)
            tally.add(team_id, "agency_headcount", 1)


def _vacancies(
    tally: _Tally, organisation: Organisation, roles: Q, through_post: Q, census: date
) -> None:
    standard = organisation.standard_weekly_hours
    vacant: dict[int, tuple[int, Decimal]] = {}  # post id -> (team id, funded FTE)
    open_posts = Post.objects.filter(
        roles, organisation=organisation, holder__isnull=True, vacant_since__lte=census
    ).values_list("pk", "team_id", "funded_fte", "cover")
    legacy_agency: set[int] = set()
    for pk, team_id, funded, cover in open_posts:
        vacant[pk] = (team_id, funded)
        if cover == Post.Cover.AGENCY:
            legacy_agency.add(pk)
    filled = FilledVacancy.objects.filter(
        through_post, organisation=organisation, opened_on__lte=census, filled_on__gt=census
    ).values_list("post_id", "post__team_id", "funded_fte")
    for pk, team_id, funded in filled:
        vacant[pk] = (team_id, funded)
    for team_id, funded in vacant.values():
        tally.add(team_id, "vacancy_fte", funded)
        tally.add(team_id, "vacant_posts", 1)

    covers = (
        VacancyCover.objects.filter(through_post, organisation=organisation, starts_on__lte=census)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=census))
        .values_list("post_id", "post__team_id", "kind", "hours_per_week", "worker_id")
    )
    agency_hours: dict[int, Decimal] = {}
    with_covers = set()
    for post_id, team_id, kind, hours, worker_id in covers:
        with_covers.add(post_id)
        if kind != Post.Cover.AGENCY:
            continue
        if worker_id is None:
            # An agency worker with no staff record counts through the cover's hours.
            tally.add(team_id, "agency_fte", wf.fte(hours, standard))
            tally.add(team_id, "agency_headcount", 1)
        if post_id in vacant:
            agency_hours[post_id] = agency_hours.get(post_id, ZERO) + hours
    for post_id, hours in agency_hours.items():
        team_id, funded = vacant[post_id]
        tally.add(team_id, "agency_cover_fte", min(wf.fte(hours, standard), funded))
    # A vacancy whose cover was set before arrangements were recorded: its
    # whole funded FTE counts as agency cover while it has no arrangement.
    for post_id in legacy_agency - with_covers:
        team_id, funded = vacant[post_id]
        tally.add(team_id, "agency_cover_fte", funded)


def workforce_measures(
    *, organisation: Organisation, census: date, social_work_only: bool = False
) -> MeasuresReport:
    """DfE's measures for the organisation and each team: in post, vacancies and
    agency at ``census``; starters and leavers in the year to it."""
    start, _ = wf.year_to(census)
    roles = Q(job_role__in=SOCIAL_WORK_ROLES) if social_work_only else Q()
    through_post = Q(post__job_role__in=SOCIAL_WORK_ROLES) if social_work_only else Q()
    tally = _Tally()
    _people(tally, organisation, roles, census, start)
    _vacancies(tally, organisation, roles, through_post, census)
    teams = Team.objects.filter(organisation=organisation).order_by("name")
    return MeasuresReport(
        census=census,
        year_start=start,
        social_work_only=social_work_only,
        organisation=tally.total,
        teams=[(team, tally.teams.get(team.pk, Measures())) for team in teams],
    )


# ---------------------------------------------------------------------------
# Action plans


@dataclass(frozen=True)
class PlanRow:
    plan: ActionPlan
    posts: list[Post]
    next_step: ActionStep | None
    overdue_steps: int
    steps: int
    done_steps: int


def action_plans(*, organisation: Organisation, today: date, status: str = "") -> list[PlanRow]:
    """Every plan with what is due next (the earliest step not yet done), the
    plans with the most pressing next step first."""
    plans = ActionPlan.objects.filter(organisation=organisation).select_related("owner")
    if status:
        plans = plans.filter(status=status)
    plans = plans.prefetch_related("posts__team", "steps__owner")
    rows = []
    for plan in plans:
        steps = list(plan.steps.all())
        waiting = sorted((s for s in steps if s.done_on is None), key=lambda s: (s.due_on, s.pk))
        rows.append(
            PlanRow(
                plan=plan,
                posts=sorted(plan.posts.all(), key=lambda p: (p.team.name, p.pk)),
                next_step=waiting[0] if waiting else None,
                overdue_steps=sum(1 for s in waiting if s.is_overdue(today)),
                steps=len(steps),
                done_steps=len(steps) - len(waiting),
            )
        )
    far = date.max
    rows.sort(
        key=lambda r: (
            r.plan.status != ActionPlan.Status.ACTIVE,
            r.next_step.due_on if r.next_step else far,
            r.plan.pk,
        )
    )
    return rows


def plan_steps(*, plan: ActionPlan) -> QuerySet[ActionStep]:
    return plan.steps.select_related("owner").order_by("due_on", "pk")


def plans_for_post(*, post: Post) -> QuerySet[ActionPlan]:
    return post.action_plans.order_by("status", "-created_on")


def today() -> date:
    return timezone.localdate()
