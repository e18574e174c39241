"""What the allocation guard shows: the queue, each worker's current and potential load,
the team's distribution, and a suggested allocation of the queue.

The rules that say who may take a case live in ``ineligibility`` and are the
same for the page and for ``caseloads.services.allocation``, so the guard never
offers a worker the service would refuse. A worker absent on the day (an
``organisations.Absence`` covering it) may not take new work: the guard shows
them as on leave with the last day of their absence, and the suggestion gives
them nothing.
"""

import statistics
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from safeworkload.calc import allocation as calc
from safeworkload.calc.capacity import hours_percent
from safeworkload.calc.experience import LABELS as EXPERIENCE_LABELS
from safeworkload.calc.standards import BANDS, band
from safeworkload.caseloads.models import (
    Allocation,
    AllocationRequest,
    CapacityDeclaration,
    Case,
    WeightingScheme,
)
from safeworkload.caseloads.selectors.capacity import (
    COUNTING_STATUSES,
    WorkerLoad,
    case_points,
    potential_load,
    scheme_in_force,
    weight_tables,
    worker_loads,
)
from safeworkload.caseloads.selectors.reports import waiting_since
from safeworkload.core.govuk import format_date
from safeworkload.entitlements.selectors.ledger import unpaid_hours_per_week
from safeworkload.organisations.access import organisation_of, tenancy_of
from safeworkload.organisations.models import Absence, Person, Team
from safeworkload.organisations.tenancy import Tenancy

# Roles that hold cases. Managers, service leads and administrators do not.
CASE_HOLDING_ROLES = (
    Person.JobRole.SOCIAL_WORKER,
    Person.JobRole.SENIOR_PRACTITIONER,
    Person.JobRole.NEWLY_QUALIFIED,
    Person.JobRole.OCCUPATIONAL_THERAPIST,
    Person.JobRole.ASSISTANT,
)
OPEN_STATUSES = (Case.Status.ACTIVE, Case.Status.AWAITING_CLOSURE, Case.Status.DORMANT)
NO_SCHEME = "No weighting scheme is in force for their team, so their load cannot be checked"


# ---------------------------------------------------------------------------
# Access: the one way an allocation view reaches a team, a case or a person


def allocatable_teams(*, tenancy: Tenancy) -> QuerySet[Team]:
    """The teams whose cases the acting roles may allocate: every team for a lead,
    the teams they manage for a team manager, none for anyone else."""
    teams = Team.objects.filter(organisation=tenancy.organisation).select_related("manager")
    if not tenancy.has("can_allocate_cases"):
        return teams.none()
    if tenancy.has("can_view_all_people"):
        return teams
    if tenancy.person is None:
        return teams.none()
    return teams.filter(manager=tenancy.person)


def _allocation_rights(request: HttpRequest, team: Team) -> None:
    """403 for a role that may not allocate; 404 for a team the user does not manage,
    the same answer as for a team that does not exist."""
    tenancy = tenancy_of(request)
    if not tenancy.has("can_allocate_cases"):
        raise PermissionDenied
    if not allocatable_teams(tenancy=tenancy).filter(pk=team.pk).exists():
        raise Http404


def team_for_allocation(request: HttpRequest, pk: int) -> Team:
    team: Team = get_object_or_404(
        Team.objects.filter(organisation=organisation_of(request)), pk=pk
    )
    _allocation_rights(request, team)
    return team


def case_for_allocation(request: HttpRequest, pk: int) -> Case:
    cases = Case.objects.filter(organisation=organisation_of(request)).select_related(
        "team", "case_type", "worker"
    )
    case: Case = get_object_or_404(cases, pk=pk)
    _allocation_rights(request, case.team)
    if case.status == Case.Status.CLOSED:
        raise Http404
    return case


def person_for_reassignment(request: HttpRequest, pk: int) -> Person:
    people = Person.objects.filter(organisation=organisation_of(request)).select_related("team")
    person: Person = get_object_or_404(people, pk=pk)
    tenancy = tenancy_of(request)
    if not tenancy.has("can_allocate_cases"):
        raise PermissionDenied
    if person.team is None:
        if not tenancy.has("can_view_all_people"):
            raise Http404
    else:
        _allocation_rights(request, person.team)
    return person


# ---------------------------------------------------------------------------
# The queue


def _waiting(**filters: object) -> QuerySet[Case]:
    return Case.objects.filter(status=Case.Status.ACTIVE, worker=None, **filters).annotate(
        waiting_since=waiting_since()
    )


def allocation_queue(*, team: Team) -> QuerySet[Case]:
    """The team's active cases that nobody holds, longest waiting first."""
    return (
        _waiting(organisation=team.organisation_id, team=team)
        .select_related("case_type")
        .order_by("waiting_since", "reference")
    )


def queue_teams(*, tenancy: Tenancy) -> list[Team]:
    """The teams the user allocates for, each with its count of waiting cases and
    the day the longest-waiting one started waiting."""
    teams = list(allocatable_teams(tenancy=tenancy))
    rows = (
        _waiting(team__in=teams)
        .values("team")
        .annotate(n=Count("pk"), oldest=Min("waiting_since"))
        .values_list("team", "n", "oldest")
    )
    by_team = {team_id: (n, oldest) for team_id, n, oldest in rows}
    for team in teams:
        team.waiting, team.oldest = by_team.get(team.pk, (0, None))  # type: ignore[attr-defined]
    return teams


def days_waiting(case: Case, on: date) -> int:
    """Days since the case started waiting (see ``reports.waiting_since``)."""
    since = getattr(case, "waiting_since", None) or case.opened_on
    return max(0, (on - since).days)


# ---------------------------------------------------------------------------
# Who may take a case


def leave_ends(*, people: list[Person], on: date) -> dict[int, date]:
    """For each person absent on the day, the last day of their absence.

    Absences that follow one another without a working day between them count as
    one, so the date is the last day before the person is back.
    """
    spells: dict[int, list[tuple[date, date]]] = {}
    rows = (
        Absence.objects.filter(person__in=people, ends_on__gte=on)
        .order_by("starts_on")
        .values_list("person_id", "starts_on", "ends_on")
    )
    for person_id, starts_on, ends_on in rows:
        spells.setdefault(person_id, []).append((starts_on, ends_on))
    away = {}
    for person_id, their_spells in spells.items():
        until: date | None = None
        for starts_on, ends_on in their_spells:
            if until is None:
                if starts_on <= on:
                    until = ends_on
            elif starts_on <= until + timedelta(days=1):
                until = max(until, ends_on)
        if until is not None:
            away[person_id] = until
    return away


def ineligibility(
    *,
    case: Case,
    worker: Person,
    on: date,
    load: WorkerLoad | None,
    on_leave_until: date | None = None,
) -> str:
    """Why the worker may not take the case, or "" if they may.

    Going above the ceiling is not on this list: it is allowed with a recorded
    override (reference/01 section 5 item 3), so the guard asks for one instead.
    """
    if worker.organisation_id != case.organisation_id:
        return "Not in this organisation"
    if worker.pk == case.worker_id:
        return "Holds this case now"
    # A leaver, past or to come: new work should not go to someone serving notice.
    if worker.end_date is not None:
        verb = "Left" if worker.end_date < on else "Leaving"
        return f"{verb} on {format_date(worker.end_date)}"
    if worker.start_date > on:
        return f"Starts on {format_date(worker.start_date)}"
    if on_leave_until is not None:
        return f"On leave until {format_date(on_leave_until)}"
    if worker.job_role not in CASE_HOLDING_ROLES:
        return f"Does not hold cases ({worker.get_job_role_display().lower()})"
    if worker.team_id is None:
        return "Not in a team, so their load cannot be weighed"
    if case.case_type.reserved and not worker.registered:
        return "Not a registered social worker: this work is reserved to registered social workers"
    if load is None:
        return NO_SCHEME
    if load.available_points == 0:
        return "Has no points available: their reductions take all their hours"
    return ""


@dataclass(frozen=True)
class Option:
    """One worker on the guard page."""

    worker: Person
    current: WorkerLoad | None
    potential: WorkerLoad | None
    why_not: str
    experience: str
    # An "at capacity" declaration not yet reviewed: shown to the manager, not a bar.
    declared_at: datetime | None = None

    @property
    def eligible(self) -> bool:
        return not self.why_not

    @property
    def over_ceiling(self) -> bool:
        return self.potential is not None and self.potential.over_ceiling


def team_workers(*, team: Team, on: date) -> list[Person]:
    """The team's case-holding staff in post on the day, leavers included (shown as such)."""
    return list(
        Person.objects.filter(
            organisation=team.organisation_id,
            team=team,
            job_role__in=CASE_HOLDING_ROLES,
            start_date__lte=on,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("organisation", "team")
    )


def _potential(
    *, case: Case, worker: Person, load: WorkerLoad, points: Decimal, on: date
) -> WorkerLoad | None:
    if worker.team is None:
        return None
    scheme = scheme_in_force(
        organisation=worker.organisation, service_area=worker.team.service_area, on=on
    )
    if scheme is None:
        return None
    if case.status not in COUNTING_STATUSES:  # a dormant case weighs nothing
        return potential_load(load, extra_points=Decimal(0), extra_cases=0, scheme=scheme)
    return potential_load(load, extra_points=points, scheme=scheme)


def allocation_check(
    *, case: Case, worker: Person, on: date, points: Decimal | None = None
) -> Option:
    """The guard's view of one worker for one case."""
    load = worker_loads(people=[worker], on=on).get(worker.pk)
    if points is None:
        points = case_points(case=case, on=on)
    away = leave_ends(people=[worker], on=on).get(worker.pk)
    return _option(case=case, worker=worker, load=load, points=points, on=on, away=away)


def _option(
    *,
    case: Case,
    worker: Person,
    load: WorkerLoad | None,
    points: Decimal,
    on: date,
    away: date | None = None,
) -> Option:
    why_not = ineligibility(case=case, worker=worker, on=on, load=load, on_leave_until=away)
    potential = None
    if load is not None and worker.pk != case.worker_id:
        potential = _potential(case=case, worker=worker, load=load, points=points, on=on)
    if load is not None and potential is None and not why_not:
        why_not = NO_SCHEME
    return Option(
        worker=worker,
        current=load,
        potential=potential,
        why_not=why_not,
        experience=_experience(worker, on),
    )


def _experience(person: Person, on: date) -> str:
    if person.qualification_date is not None and person.qualification_date > on:
        return EXPERIENCE_LABELS["not-qualified"]
    return EXPERIENCE_LABELS[person.experience_band(on)]


def allocation_options(*, case: Case, on: date) -> list[Option]:
    """Every case-holding worker of the case's team: eligible ones first, lightest
    potential load first; then those who cannot take it, with the reason."""
    people = team_workers(team=case.team, on=on)
    loads = worker_loads(people=people, on=on)
    points = case_points(case=case, on=on)
    declared = declared_at_capacity(people=people)
    away = leave_ends(people=people, on=on)
    options = [
        replace(
            _option(
                case=case, worker=p, load=loads.get(p.pk), points=points, on=on, away=away.get(p.pk)
            ),
            declared_at=declared.get(p.pk),
        )
        for p in people
    ]
    return sorted(options, key=_option_order)


def declared_at_capacity(*, people: list[Person]) -> dict[int, datetime]:
    """For each person with an "at capacity" declaration not yet reviewed, when they
    first made it."""
    rows = (
        CapacityDeclaration.objects.filter(person__in=people, reviewed_at__isnull=True)
        .order_by("-declared_at")
        .values_list("person_id", "declared_at")
    )
    return dict(rows)  # the earliest wins, being last


def _option_order(option: Option) -> tuple[int, Decimal, str]:
    if not option.eligible or option.potential is None:
        return (1, Decimal(0), option.worker.full_name)
    return (0, option.potential.percent_of_ceiling, option.worker.full_name)


# ---------------------------------------------------------------------------
# The team's distribution


@dataclass(frozen=True)
class TeamLoad:
    worker: Person
    load: WorkerLoad | None
    experience: str
    declared_at: datetime | None = None
    # Mean unpaid hours a week over the last four weeks, when there are any.
    unpaid: Decimal | None = None

    @property
    def hours_percent(self) -> Decimal | None:
        if not self.unpaid:
            return None
        return hours_percent(
            contracted_hours=self.worker.contracted_hours, unpaid_hours=self.unpaid
        )

    @property
    def hours_band(self) -> str | None:
        """The band of the hours worked, when it is worse than the points band:
        points say there is room, but the unpaid hours say there is not."""
        worked = self.hours_percent
        if worked is None or self.load is None:
            return None
        worse = band(worked)
        return worse if BANDS.index(worse) > BANDS.index(self.load.band) else None


@dataclass(frozen=True)
class Distribution:
    """The whole team's loads (reference/01 section 5 item 8: distributions, not
    just means)."""

    rows: list[TeamLoad]

    @property
    def percents(self) -> list[Decimal]:
        return [r.load.percent for r in self.rows if r.load is not None and r.load.available_points]

    @property
    def lowest(self) -> Decimal | None:
        return min(self.percents, default=None)

    @property
    def unpaid_workers(self) -> int:
        return sum(1 for r in self.rows if r.unpaid)

    @property
    def hidden_in_unpaid_hours(self) -> int:
        return sum(1 for r in self.rows if r.hours_band)

    @property
    def median(self) -> Decimal | None:
        return (
            Decimal(statistics.median(self.percents)).quantize(Decimal("0.1"))
            if self.percents
            else None
        )

    @property
    def highest(self) -> Decimal | None:
        return max(self.percents, default=None)

    @property
    def over_ceiling(self) -> int:
        return sum(1 for r in self.rows if r.load is not None and r.load.over_ceiling)

    def by_band(self) -> dict[str, int]:
        counts = {"blue": 0, "green": 0, "amber": 0, "red": 0}
        for row in self.rows:
            if row.load is not None:
                counts[row.load.band] = counts.get(row.load.band, 0) + 1
        return counts


def team_distribution(*, team: Team, on: date) -> Distribution:
    people = team_workers(team=team, on=on)
    loads = worker_loads(people=people, on=on)
    declared = declared_at_capacity(people=people)
    unpaid = unpaid_hours_per_week(
        organisation=team.organisation, person_ids=[p.pk for p in people], on=on
    )
    rows = [
        TeamLoad(p, loads.get(p.pk), _experience(p, on), declared.get(p.pk), unpaid.get(p.pk))
        for p in people
    ]
    rows.sort(
        key=lambda r: (r.load is None, -(r.load.percent if r.load else 0), r.worker.full_name)
    )
    return Distribution(rows)


def held_cases(*, person: Person) -> QuerySet[Case]:
    """The open cases a person holds: what a reassignment moves."""
    return (
        Case.objects.filter(
            organisation=person.organisation_id, worker=person, status__in=OPEN_STATUSES
        )
        .select_related("case_type", "team")
        .order_by("reference")
    )


# ---------------------------------------------------------------------------
# Suggested allocation


@dataclass(frozen=True)
class SuggestedLine:
    case: Case
    worker: Person | None
    reason: str
    points: Decimal


@dataclass(frozen=True)
class TeamSuggestion:
    lines: list[SuggestedLine]
    workers: list[Person]  # those who may be chosen when a line is edited
    result: calc.AllocationResult | None


def allocatable_workers(*, team: Team, on: date) -> list[Person]:
    """The team's workers who can take any work at all: in post, not leaving and not
    on leave, with a scheme to weigh their load and some points available."""
    people = team_workers(team=team, on=on)
    loads = worker_loads(people=people, on=on)
    away = leave_ends(people=people, on=on)
    return [p for p in people if not _cannot_work(p, loads.get(p.pk)) and p.pk not in away]


def _cannot_work(person: Person, load: WorkerLoad | None) -> bool:
    return load is None or person.end_date is not None or load.available_points == 0


def suggestion_for_team(*, team: Team, on: date, time_limit: float = 5.0) -> TeamSuggestion:
    """The solver's suggestion for the team's queue (calc.allocation), turned back
    into cases and people. Only ``allocatable_workers`` are offered work; reserved
    work goes only to registered staff. Workers on leave are passed to the solver
    as on leave, so it gives them nothing and can say why."""
    cases = list(allocation_queue(team=team))
    people = team_workers(team=team, on=on)
    loads = worker_loads(people=people, on=on)
    away = leave_ends(people=people, on=on)
    workers = [p for p in people if not _cannot_work(p, loads.get(p.pk))]
    available = [p for p in workers if p.pk not in away]
    if not cases:
        return TeamSuggestion([], available, None)
    points = cases_points(cases=cases, on=on)
    earlier = _previous_workers(cases)
    by_key = {p.staff_number: p for p in workers}
    result = calc.suggest_allocation(
        [
            calc.Case(
                id=c.reference,
                points=float(points[c.pk]),
                reserved=c.case_type.reserved,
                previous_worker_ids=frozenset(earlier.get(c.pk, ())),
            )
            for c in cases
        ],
        [_calc_worker(p, loads[p.pk], on_leave=p.pk in away) for p in workers],
        time_limit=time_limit,
    )
    lines = [
        SuggestedLine(
            case=case,
            worker=by_key.get(suggestion.worker_id) if suggestion.worker_id else None,
            reason=suggestion.reason,
            points=points[case.pk],
        )
        for case, suggestion in zip(cases, result.suggestions, strict=True)
    ]
    return TeamSuggestion(lines, available, result)


def cases_points(*, cases: list[Case], on: date) -> dict[int, Decimal]:
    """What each case weighs, as ``case_points`` says, in two queries for any number."""
    schemes: dict[tuple[int, str], WeightingScheme | None] = {}
    for case in cases:
        key = (case.organisation_id, case.case_type.service_area)
        if key not in schemes:
            schemes[key] = scheme_in_force(
                organisation=case.organisation, service_area=key[1], on=on
            )
    tables = weight_tables(s for s in schemes.values() if s is not None)
    points = {}
    for case in cases:
        scheme = schemes[(case.organisation_id, case.case_type.service_area)]
        if scheme is None:
            points[case.pk] = Decimal(0)
        elif scheme.mode == WeightingScheme.Mode.COUNT:
            points[case.pk] = Decimal(1)
        else:
            points[case.pk] = tables[scheme.pk].get((case.case_type_id, case.tier), Decimal(0))
    return points


def _calc_worker(person: Person, load: WorkerLoad, *, on_leave: bool = False) -> calc.Worker:
    return calc.Worker(
        id=person.staff_number,
        label=person.full_name,
        available_points=float(load.available_points),
        current_points=float(load.points),
        eligible_for_reserved=person.registered,
        ceiling_percent=float(load.ceiling_percent),
        on_leave=on_leave,
    )


def _previous_workers(cases: list[Case]) -> dict[int, set[str]]:
    """For each case, the staff numbers of everyone who has held it before."""
    earlier: dict[int, set[str]] = {}
    rows = Allocation.objects.filter(case__in=cases).values_list("case_id", "worker__staff_number")
    for case_id, staff_number in rows:
        earlier.setdefault(case_id, set()).add(staff_number)
    return earlier


# ---------------------------------------------------------------------------
# Reassignment and declarations


@dataclass(frozen=True)
class Receiving:
    """What a reassignment does to one receiving worker."""

    worker: Person
    cases: int
    current: WorkerLoad | None
    potential: WorkerLoad | None

    @property
    def over_ceiling(self) -> bool:
        return self.potential is not None and self.potential.over_ceiling


def reassignment_preview(
    *, cases: list[Case], assignments: dict[int, Person], on: date
) -> list[Receiving]:
    """Each receiving worker's load now and after taking every case given to them."""
    given: dict[int, list[Case]] = {}
    for case in cases:
        if case.pk in assignments:
            given.setdefault(assignments[case.pk].pk, []).append(case)
    workers = {p.pk: p for p in assignments.values()}
    loads = worker_loads(people=list(workers.values()), on=on)
    preview = []
    for pk, their_cases in given.items():
        worker, load = workers[pk], loads.get(pk)
        potential = None
        counting = [c for c in their_cases if c.status in COUNTING_STATUSES]
        scheme = (
            scheme_in_force(
                organisation=worker.organisation, service_area=worker.team.service_area, on=on
            )
            if worker.team is not None
            else None
        )
        if load is not None and scheme is not None:
            extra = sum((case_points(case=c, on=on) for c in counting), Decimal(0))
            potential = potential_load(
                load, extra_points=extra, extra_cases=len(counting), scheme=scheme
            )
        preview.append(Receiving(worker, len(their_cases), load, potential))
    return sorted(preview, key=lambda r: r.worker.full_name)


def pending_declarations(*, person: Person) -> QuerySet[CapacityDeclaration]:
    """The person's declarations not yet reviewed, newest first."""
    return CapacityDeclaration.objects.filter(
        organisation=person.organisation_id, person=person, reviewed_at__isnull=True
    )


# ---------------------------------------------------------------------------
# Requests to take a case above the ceiling


def _pending_requests() -> QuerySet[AllocationRequest]:
    return AllocationRequest.objects.filter(status=AllocationRequest.Status.PENDING).select_related(
        "case", "case__team", "case__case_type", "worker", "requested_by"
    )


def pending_request_for(*, case: Case) -> AllocationRequest | None:
    """The request waiting for a worker's acknowledgement of the case, if any."""
    return _pending_requests().filter(organisation=case.organisation_id, case=case).first()


def pending_requests_for(*, cases: list[Case]) -> dict[int, AllocationRequest]:
    """For each of the cases with a request waiting, that request."""
    if not cases:
        return {}
    requests = _pending_requests().filter(
        organisation=cases[0].organisation_id, case__in=[c.pk for c in cases]
    )
    return {r.case_id: r for r in requests}


def pending_requests_to(*, person: Person) -> list[AllocationRequest]:
    """The requests waiting for the person's own acknowledgement, oldest first."""
    return list(
        _pending_requests()
        .filter(organisation=person.organisation_id, worker=person)
        .order_by("requested_at", "id")
    )


def request_for_worker(request: HttpRequest, pk: int) -> AllocationRequest:
    """A pending request to the signed-in worker; 404 for anyone else, as if it did
    not exist."""
    person = tenancy_of(request).person
    if person is None:
        raise Http404
    found: AllocationRequest = get_object_or_404(
        _pending_requests().filter(organisation=organisation_of(request), worker=person), pk=pk
    )
    return found


def request_for_allocator(request: HttpRequest, pk: int) -> AllocationRequest:
    """A pending request for a case the user may allocate."""
    found: AllocationRequest = get_object_or_404(
        _pending_requests().filter(organisation=organisation_of(request)), pk=pk
    )
    _allocation_rights(request, found.case.team)
    return found


def last_declined_for(*, case: Case) -> AllocationRequest | None:
    """The latest request for the case that its worker declined, with their note."""
    return (
        AllocationRequest.objects.filter(
            organisation=case.organisation_id,
            case=case,
            status=AllocationRequest.Status.DECLINED,
        )
        .select_related("worker")
        .order_by("-responded_at", "-id")
        .first()
    )
