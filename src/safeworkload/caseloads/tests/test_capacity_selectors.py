"""Loads, bands and ceilings from the records (caseloads.selectors.capacity).

The helpers at the top (scheme_make, case_type_make, case_hold, reduction_make)
are shared with the snapshot tests.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.caseloads.models import (
    Allocation,
    Case,
    CaseType,
    CaseWeight,
    Reduction,
    WeightingScheme,
)
from safeworkload.caseloads.selectors.capacity import (
    WorkerLoad,
    case_points,
    potential_load,
    scheme_in_force,
    worker_loads,
)
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.testing import PersonFactory

_counter = {"case": 0}


def case_type_make(
    organisation: Organisation,
    code: str,
    *,
    service_area: str = Team.ServiceArea.ADULTS,
    reserved: bool = False,
) -> CaseType:
    case_type, _ = CaseType.objects.get_or_create(
        organisation=organisation,
        service_area=service_area,
        code=code,
        defaults={"name": code.replace("-", " ").capitalize(), "reserved": reserved},
    )
    return case_type


def scheme_make(
    organisation: Organisation,
    *,
    service_area: str = Team.ServiceArea.ADULTS,
    effective_from: date = date(2024, 1, 1),
    mode: str = WeightingScheme.Mode.POINTS,
    nominal_target: int = 100,
    fixed_points: str | int = 15,
    uplift: str | int = 0,
    profile: str = "local-agreed",
    thresholds: tuple[int, int, int] | None = (95, 100, 110),
    newly_qualified_ceiling: int = 90,
    weights: dict[tuple[CaseType, int], str | int] | None = None,
) -> WeightingScheme:
    green, amber, red = thresholds if thresholds else (None, None, None)
    scheme = WeightingScheme.objects.create(
        organisation=organisation,
        service_area=service_area,
        name=f"{service_area} scheme",
        effective_from=effective_from,
        mode=mode,
        profile=profile,
        nominal_target=nominal_target,
        fixed_points=Decimal(fixed_points),
        responsive_uplift_percent=Decimal(uplift),
        newly_qualified_ceiling_percent=newly_qualified_ceiling,
        green_from_percent=green,
        amber_from_percent=amber,
        red_from_percent=red,
    )
    CaseWeight.objects.bulk_create(
        CaseWeight(scheme=scheme, case_type=case_type, tier=tier, points=Decimal(points))
        for (case_type, tier), points in (weights or {}).items()
    )
    return scheme


def case_hold(
    worker: Person | None,
    case_type: CaseType,
    *,
    tier: int = 2,
    status: str = Case.Status.ACTIVE,
    opened_on: date = date(2025, 1, 6),
    allocated_on: date | None = None,
    closed_on: date | None = None,
    last_contact_on: date | None = None,
    team: Team | None = None,
) -> Case:
    """A case with its open allocation to ``worker`` (none when unallocated)."""
    _counter["case"] += 1
    holder_team = team or (worker.team if worker else None)
    assert holder_team is not None
    case = Case.objects.create(
        organisation=holder_team.organisation,
        team=holder_team,
        reference=f"T-{_counter['case']:06d}",
        case_type=case_type,
        tier=tier,
        status=status,
        opened_on=opened_on,
        closed_on=closed_on,
        last_contact_on=last_contact_on,
        worker=worker if status != Case.Status.CLOSED else None,
    )
    if worker is not None:
        Allocation.objects.create(
            organisation=case.organisation,
            case=case,
            worker=worker,
            starts_on=allocated_on or opened_on,
            ends_on=closed_on,
            reason="Allocated",
        )
    return case


def reduction_make(
    person: Person,
    hours: str,
    *,
    starts_on: date = date(2025, 1, 1),
    expires_on: date = date(2026, 12, 31),
    kind: str = Reduction.Kind.TRAINING,
) -> Reduction:
    return Reduction.objects.create(
        organisation=person.organisation,
        person=person,
        kind=kind,
        hours_per_week=Decimal(hours),
        reason="Test",
        starts_on=starts_on,
        expires_on=expires_on,
    )


def worker_make(team: Team, **fields: object) -> Person:
    return PersonFactory(organisation=team.organisation, team=team, **fields)


ON = date(2026, 3, 2)  # a Monday


def one_load(person: Person, on: date = ON) -> WorkerLoad:
    return worker_loads(people=[person], on=on)[person.pk]


# ---------------------------------------------------------------------------
# Worked examples (reference/01 section 4)


def test_wl9_a_full_timer_on_95_of_100_points_is_green_and_within_the_ceiling(world):
    """Wirral: 15 stable + 70 case + 10 extra = 95/100. The model has no field for
    extra responsibilities, so the 10 extra points are held as a weighted record."""
    visit = case_type_make(world.a, "review")
    extra = case_type_make(world.a, "extra-responsibility-practice-educator")
    scheme_make(world.a, weights={(visit, 2): 10, (extra, 1): 10})
    worker = world.practitioner_person
    for _ in range(7):
        case_hold(worker, visit)
    case_hold(worker, extra, tier=1)

    load = one_load(worker)

    assert (load.points, load.available_points, load.percent) == (Decimal(95), 100, Decimal("95.0"))
    assert load.band == "green"
    assert load.ceiling_percent == 100
    assert not load.over_ceiling


def test_wl10_a_newly_qualified_worker_on_93_points_is_over_their_90_ceiling(world):
    """Wirral: an ASYE has 90 points; 15 stable + 78 case = 93 -> 103.3% of own ceiling."""
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, weights={(visit, 2): 10, (visit, 1): 9})
    asye = worker_make(
        world.team_a,
        job_role=Person.JobRole.NEWLY_QUALIFIED,
        qualification_date=ON - timedelta(days=200),
    )
    for _ in range(6):
        case_hold(asye, visit)
    for _ in range(2):
        case_hold(asye, visit, tier=1)

    load = one_load(asye)

    assert (load.points, load.percent, load.ceiling_percent) == (Decimal(93), Decimal("93.0"), 90)
    assert load.over_ceiling
    assert load.percent_of_ceiling == Decimal("103.3")


@pytest.mark.parametrize(
    ("job_role", "qualified_days_ago", "ceiling"),
    [
        (Person.JobRole.NEWLY_QUALIFIED, None, 90),
        (Person.JobRole.SOCIAL_WORKER, 100, 90),
        (Person.JobRole.SOCIAL_WORKER, 364, 90),
        (Person.JobRole.SOCIAL_WORKER, 366, 100),
        (Person.JobRole.SENIOR_PRACTITIONER, 3000, 100),
        (Person.JobRole.ASSISTANT, None, 100),
    ],
)
def test_the_newly_qualified_ceiling_applies_in_the_first_year_after_qualifying(
    world, job_role, qualified_days_ago, ceiling
):
    scheme_make(world.a)
    qualified_on = ON - timedelta(days=qualified_days_ago) if qualified_days_ago else None
    person = worker_make(world.team_a, job_role=job_role, qualification_date=qualified_on)

    assert one_load(person).ceiling_percent == ceiling


# ---------------------------------------------------------------------------
# Available points


@pytest.mark.parametrize(
    ("reductions", "available"),
    [
        ([], 100),
        (["3.7"], 90),  # 10% protected development time
        (["3.7", "1.8"], 85),  # trunc(100 x 31.5 / 37) = 85.13...
        (["37"], 0),
    ],
)
def test_reductions_in_force_lower_the_points_available(world, reductions, available):
    scheme_make(world.a)
    for hours in reductions:
        reduction_make(world.practitioner_person, hours)

    assert one_load(world.practitioner_person).available_points == available


def test_reductions_not_yet_started_or_already_expired_do_not_count(world):
    scheme_make(world.a)
    worker = world.practitioner_person
    reduction_make(worker, "10", starts_on=ON + timedelta(days=1))
    reduction_make(worker, "10", starts_on=date(2025, 1, 1), expires_on=ON - timedelta(days=1))
    reduction_make(worker, "3.7", starts_on=ON, expires_on=ON)

    assert one_load(worker).available_points == 90


@pytest.mark.parametrize(
    ("hours", "available", "percent"),
    [("37.0", 100, "55.0"), ("29.6", 80, "68.8"), ("22.2", 60, "91.7"), ("18.5", 50, "110.0")],
)
def test_part_timers_have_points_pro_rata_to_their_hours(world, hours, available, percent):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, weights={(visit, 2): 10})
    worker = worker_make(world.team_a, contracted_hours=Decimal(hours))
    for _ in range(4):
        case_hold(worker, visit)

    load = one_load(worker)

    assert (load.points, load.available_points) == (Decimal(55), available)
    assert load.percent == Decimal(percent)


def test_a_worker_holding_cases_with_no_points_available_is_red_and_over_ceiling(world):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, weights={(visit, 2): 10})
    reduction_make(world.practitioner_person, "37")
    case_hold(world.practitioner_person, visit)

    load = one_load(world.practitioner_person)

    assert (load.available_points, load.percent) == (0, Decimal("0.0"))
    assert load.band == "red"
    assert load.over_ceiling


# ---------------------------------------------------------------------------
# Which cases count


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (Case.Status.ACTIVE, True),
        (Case.Status.AWAITING_CLOSURE, True),
        (Case.Status.DORMANT, False),
        (Case.Status.CLOSED, False),
    ],
)
def test_only_active_cases_and_cases_awaiting_closure_count(world, status, counts):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, weights={(visit, 2): 10})
    worker = world.practitioner_person
    case_hold(worker, visit)
    case = case_hold(worker, visit)
    Case.objects.filter(pk=case.pk).update(status=status)

    load = one_load(worker)

    assert load.cases == (2 if counts else 1)
    assert load.points == Decimal(35 if counts else 25)


def test_unallocated_cases_and_other_workers_cases_are_not_in_a_load(world):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, weights={(visit, 2): 10})
    case_hold(None, visit, team=world.team_a)
    case_hold(worker_make(world.team_a), visit)

    assert one_load(world.practitioner_person).cases == 0


def test_a_case_with_no_weight_in_the_scheme_counts_as_a_case_but_weighs_nothing(world):
    visit, other = case_type_make(world.a, "review"), case_type_make(world.a, "carers")
    scheme_make(world.a, weights={(visit, 2): 10})
    case_hold(world.practitioner_person, visit)
    case_hold(world.practitioner_person, other)

    load = one_load(world.practitioner_person)

    assert (load.cases, load.points, load.unweighted_cases) == (2, Decimal(25), 1)


def test_the_responsive_uplift_raises_each_case_to_the_nearest_hundredth(world):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, uplift="12.5", weights={(visit, 2): "7.50"})
    case_hold(world.practitioner_person, visit)
    case_hold(world.practitioner_person, visit)

    # 7.50 x 1.125 = 8.4375 -> 8.44 each; the stable points are not uplifted.
    assert one_load(world.practitioner_person).points == Decimal("31.88")


# ---------------------------------------------------------------------------
# Schemes and bands


def test_scheme_in_force_is_the_latest_version_on_or_before_the_day(world):
    old = scheme_make(world.a, effective_from=date(2024, 4, 1))
    new = scheme_make(world.a, effective_from=date(2025, 4, 1))
    scheme_make(world.a, service_area=Team.ServiceArea.CHILDREN, effective_from=date(2025, 5, 1))
    scheme_make(world.b, effective_from=date(2025, 6, 1))

    def in_force(on: date) -> WeightingScheme | None:
        return scheme_in_force(organisation=world.a, service_area="adults", on=on)

    assert in_force(date(2024, 3, 31)) is None
    assert in_force(date(2024, 4, 1)) == old
    assert in_force(date(2025, 3, 31)) == old
    assert in_force(date(2025, 4, 1)) == new
    assert in_force(date(2030, 1, 1)) == new


def test_a_load_is_weighed_by_the_scheme_version_in_force_on_the_day(world):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, effective_from=date(2024, 4, 1), weights={(visit, 2): 8})
    scheme_make(world.a, effective_from=date(2025, 4, 1), fixed_points=10, weights={(visit, 2): 12})
    case_hold(world.practitioner_person, visit)

    assert one_load(world.practitioner_person, date(2025, 3, 31)).points == Decimal(23)
    assert one_load(world.practitioner_person, date(2025, 4, 1)).points == Decimal(22)


def test_count_mode_counts_each_case_as_one_against_the_maximum_number_of_cases(world):
    visit = case_type_make(world.a, "review")
    scheme_make(
        world.a,
        mode=WeightingScheme.Mode.COUNT,
        nominal_target=20,
        profile="probation-2010",
        thresholds=None,
        weights={(visit, 2): 10},
    )
    for _ in range(19):
        case_hold(world.practitioner_person, visit)
    part_timer = worker_make(world.team_a, contracted_hours=Decimal("18.5"))
    for _ in range(11):
        case_hold(part_timer, visit)

    loads = worker_loads(people=[world.practitioner_person, part_timer], on=ON)

    full = loads[world.practitioner_person.pk]
    assert (full.cases, full.points, full.available_points) == (19, Decimal(19), 20)
    assert (full.percent, full.band) == (Decimal("95.0"), "green")
    half = loads[part_timer.pk]
    assert (half.points, half.available_points, half.percent) == (Decimal(11), 10, Decimal("110.0"))
    assert half.band == "red"
    assert half.over_ceiling


@pytest.mark.parametrize(
    ("thresholds", "percent", "expected"),
    [
        ((95, 100, 110), 94, "blue"),
        ((95, 100, 110), 95, "green"),
        ((95, 100, 110), 100, "amber"),
        ((95, 100, 110), 110, "red"),
        ((80, 90, 105), 85, "green"),
        ((80, 90, 105), 100, "amber"),
        ((80, 90, 105), 105, "red"),
        (None, 100, "amber"),  # local-agreed with no edges of its own: probation-2010
    ],
)
def test_a_local_agreed_scheme_bands_by_the_organisations_own_thresholds(
    world, thresholds, percent, expected
):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, thresholds=thresholds, fixed_points=percent - 10, weights={(visit, 2): 10})
    case_hold(world.practitioner_person, visit)

    load = one_load(world.practitioner_person)

    assert load.percent == Decimal(percent)
    assert load.band == expected


def test_people_with_no_team_or_no_scheme_are_left_out(world):
    scheme_make(world.a)  # adults only: colleague_elsewhere's team is in children's
    no_team = PersonFactory(organisation=world.a, team=None)

    loads = worker_loads(
        people=[world.practitioner_person, world.colleague_elsewhere, no_team], on=ON
    )

    assert set(loads) == {world.practitioner_person.pk}
    assert worker_loads(people=[no_team], on=ON) == {}


def test_loads_take_the_same_number_of_queries_for_one_person_or_many(
    world, django_assert_max_num_queries
):
    visit = case_type_make(world.a, "review")
    kids = case_type_make(world.a, "cin", service_area=Team.ServiceArea.CHILDREN)
    scheme_make(world.a, weights={(visit, 2): 10})
    scheme_make(world.a, service_area="children", weights={(kids, 2): 10})
    people = [worker_make(world.team_a) for _ in range(4)]
    people += [worker_make(world.other_team_a) for _ in range(4)]
    for person in people:
        case_hold(person, kids if person.team == world.other_team_a else visit)
        reduction_make(person, "1.0")

    with django_assert_max_num_queries(5):
        assert len(worker_loads(people=people[:1], on=ON)) == 1
    with django_assert_max_num_queries(5):
        assert len(worker_loads(people=people, on=ON)) == 8


# ---------------------------------------------------------------------------
# Potential load and case points (the allocation guard)


def test_potential_load_shows_the_load_after_one_more_case(world):
    visit = case_type_make(world.a, "review")
    scheme = scheme_make(world.a, weights={(visit, 2): 10, (visit, 3): 14})
    for _ in range(8):
        case_hold(world.practitioner_person, visit)
    current = one_load(world.practitioner_person)
    new_case = case_hold(None, visit, tier=3, team=world.team_a)

    extra = case_points(case=new_case, on=ON)
    potential = potential_load(current, extra_points=extra, scheme=scheme)

    assert (current.percent, current.band, current.over_ceiling) == (
        Decimal("95.0"),
        "green",
        False,
    )
    assert extra == Decimal(14)
    assert (potential.cases, potential.points) == (9, Decimal(109))
    assert (potential.percent, potential.band, potential.over_ceiling) == (
        Decimal("109.0"),
        "amber",
        True,
    )
    # Allocating it really does give that load.
    Case.objects.filter(pk=new_case.pk).update(worker=world.practitioner_person)
    assert one_load(world.practitioner_person) == potential


@pytest.mark.parametrize(
    ("mode", "tier", "expected"),
    [
        (WeightingScheme.Mode.POINTS, 2, Decimal("6.60")),  # 6 + 10% uplift
        (WeightingScheme.Mode.POINTS, 3, Decimal(0)),  # no weight for tier 3
        (WeightingScheme.Mode.COUNT, 2, Decimal(1)),
    ],
)
def test_case_points_is_what_one_case_weighs_under_the_scheme_in_force(world, mode, tier, expected):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, mode=mode, uplift=10, weights={(visit, 2): 6})
    case = case_hold(None, visit, tier=tier, team=world.team_a)

    assert case_points(case=case, on=ON) == expected


def test_a_case_weighs_nothing_before_any_scheme_is_in_force(world):
    visit = case_type_make(world.a, "review")
    scheme_make(world.a, effective_from=date(2026, 1, 1), weights={(visit, 2): 6})
    case = case_hold(None, visit, team=world.team_a)

    assert case_points(case=case, on=date(2025, 12, 31)) == Decimal(0)
