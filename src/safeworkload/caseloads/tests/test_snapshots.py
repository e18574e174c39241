"""Weekly capacity snapshots: the vectorised engine, the services, the tasks and the command."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import Allocation, CapacitySnapshot, Case, WeightingScheme
from safeworkload.caseloads.selectors.capacity import worker_loads
from safeworkload.caseloads.services.snapshots import (
    mondays_between,
    snapshot_week,
    snapshots_backfill,
    snapshots_compute,
    weekly_loads,
)
from safeworkload.caseloads.tasks import capacity_snapshot_week, capacity_snapshots_backfill
from safeworkload.caseloads.tests.test_capacity_selectors import (
    case_hold,
    case_type_make,
    reduction_make,
    scheme_make,
    worker_make,
)
from safeworkload.organisations.models import Person
from safeworkload.organisations.selectors import current_people
from safeworkload.testing import World

TODAY = date(2026, 3, 4)  # a Wednesday
THIS_WEEK = date(2026, 3, 2)
CHANGE = date(2025, 9, 1)  # the adults' scheme changes version on this Monday


@dataclass
class History:
    world: World
    practitioner: Person
    part_timer: Person
    asye: Person
    leaver: Person
    children_worker: Person
    children_part_timer: Person


def history_build(world: World) -> History:
    """A year and a bit of two teams: adults weighed in points (a new scheme version
    from 1 Sep 2025, with an uplift), children's counted in cases; part-timers,
    reductions, a newly qualified worker, a leaver whose case moved on, and
    dormant, closed and awaiting-closure cases."""
    a = world.a
    review, s42 = case_type_make(a, "review"), case_type_make(a, "s42-enquiry", reserved=True)
    carers = case_type_make(a, "carers-assessment")
    cin = case_type_make(a, "child-in-need", service_area="children")
    scheme_make(
        a,
        effective_from=date(2024, 12, 30),
        weights={(review, 2): 8, (s42, 3): 12, (carers, 1): 4},
    )
    scheme_make(
        a,
        effective_from=CHANGE,
        fixed_points=12,
        uplift=10,
        weights={(review, 2): 10, (s42, 3): "14.5"},  # carers' assessments lost their weight
    )
    scheme_make(
        a,
        service_area="children",
        effective_from=date(2025, 1, 1),
        mode=WeightingScheme.Mode.COUNT,
        nominal_target=18,
        profile="probation-2010",
        thresholds=None,
    )

    practitioner = world.practitioner_person
    part_timer = worker_make(world.team_a, contracted_hours=Decimal("22.2"))
    asye = worker_make(
        world.team_a,
        job_role=Person.JobRole.NEWLY_QUALIFIED,
        qualification_date=date(2025, 6, 1),
        start_date=date(2025, 7, 7),
    )
    leaver = worker_make(world.team_a, end_date=date(2025, 10, 31))
    children_worker = world.colleague_elsewhere
    children_part_timer = worker_make(world.other_team_a, contracted_hours=Decimal("18.5"))

    reduction_make(part_timer, "2.0", starts_on=date(2025, 1, 1), expires_on=date(2026, 12, 31))
    reduction_make(practitioner, "3.7", starts_on=date(2025, 2, 3), expires_on=date(2025, 5, 30))
    reduction_make(asye, "3.7", starts_on=date(2025, 7, 7), expires_on=date(2026, 7, 6))

    start = date(2025, 1, 6)
    for i in range(9):
        case_hold(practitioner, review, opened_on=start + timedelta(weeks=i))
    case_hold(practitioner, s42, tier=3, opened_on=date(2025, 4, 2))
    case_hold(practitioner, carers, tier=1, opened_on=date(2025, 3, 3))
    case_hold(practitioner, review, status=Case.Status.AWAITING_CLOSURE, opened_on=start)
    case_hold(
        practitioner,
        review,
        status=Case.Status.DORMANT,
        opened_on=start,
        last_contact_on=date(2025, 11, 10),
    )
    case_hold(
        practitioner,
        review,
        status=Case.Status.CLOSED,
        opened_on=start,
        closed_on=date(2026, 1, 14),
    )
    for i in range(5):
        case_hold(part_timer, review, opened_on=start + timedelta(days=3 * i))
    case_hold(part_timer, s42, tier=3, opened_on=date(2025, 10, 1))
    for i in range(6):
        case_hold(asye, review, opened_on=date(2025, 7, 14) + timedelta(weeks=i))

    # The leaver's case moved to the practitioner the Monday after they left.
    moved = case_hold(leaver, s42, tier=3, opened_on=date(2025, 2, 10))
    Allocation.objects.filter(case=moved).update(ends_on=date(2025, 11, 3))
    Allocation.objects.create(
        organisation=a,
        case=moved,
        worker=practitioner,
        starts_on=date(2025, 11, 3),
        reason="Previous worker left",
    )
    Case.objects.filter(pk=moved.pk).update(worker=practitioner)

    for i in range(14):
        case_hold(children_worker, cin, opened_on=start + timedelta(weeks=i))
    for i in range(10):
        case_hold(children_part_timer, cin, opened_on=start + timedelta(weeks=2 * i))
    case_hold(children_part_timer, cin, status=Case.Status.DORMANT, opened_on=start)
    return History(
        world, practitioner, part_timer, asye, leaver, children_worker, children_part_timer
    )


@pytest.fixture
def history(world) -> History:
    return history_build(world)


def test_the_engine_agrees_with_worker_loads_for_the_current_week(history):
    organisation = history.world.a
    people = list(current_people(on=THIS_WEEK).filter(organisation=organisation))
    live = worker_loads(people=people, on=THIS_WEEK)

    engine = weekly_loads(organisation=organisation, weeks=[THIS_WEEK], today=TODAY)[THIS_WEEK]

    # Everyone live who holds cases or could: the manager, with none, has no snapshot.
    assert set(engine) == set(live) - {history.world.manager_person.pk}
    assert {pk: engine[pk] for pk in engine} == {pk: live[pk] for pk in engine}
    # The fixture reaches every branch: points and count modes, a reduction, an
    # ASYE ceiling, an unweighted case.
    assert {load.available_points for load in engine.values()} == {54, 90, 100, 9, 18}
    assert engine[history.asye.pk].ceiling_percent == 90
    assert engine[history.practitioner.pk].unweighted_cases == 1


def test_the_engine_weighs_a_past_week_by_the_scheme_version_then_in_force(history):
    organisation = history.world.a
    before, after = CHANGE - timedelta(weeks=1), CHANGE
    loads = weekly_loads(organisation=organisation, weeks=[before, after], today=TODAY)

    practitioner_before = loads[before][history.practitioner.pk]
    practitioner_after = loads[after][history.practitioner.pk]
    # 15 + 9 reviews x 8 + s42 12 + carers 4 + awaiting closure 8 + dormant 8 + closed 8
    assert practitioner_before.cases == 14
    assert practitioner_before.points == Decimal(15 + 9 * 8 + 12 + 4 + 8 * 3)
    # 12 + (9 + 3) reviews x 11 + s42 15.95 + carers unweighted
    assert practitioner_after.points == Decimal(12) + 12 * Decimal(11) + Decimal("15.95")
    assert practitioner_after.unweighted_cases == 1
    # The leaver still held their case then.
    assert loads[after][history.leaver.pk].cases == 1


def test_the_engine_follows_reductions_leavers_handovers_and_closures(history):
    organisation = history.world.a
    weeks = [date(2025, 3, 3), date(2025, 11, 3), date(2026, 1, 12), date(2026, 1, 19)]
    loads = weekly_loads(organisation=organisation, weeks=weeks, today=TODAY)
    practitioner = history.practitioner.pk

    assert loads[date(2025, 3, 3)][practitioner].available_points == 90  # 3.7 h reduction
    assert loads[date(2025, 11, 3)][practitioner].available_points == 100
    assert history.leaver.pk not in loads[date(2025, 11, 3)]  # left on 31 Oct
    # The handover week: the case is the practitioner's, not counted twice.
    assert loads[date(2025, 11, 3)][practitioner].cases == 15
    # Closed on Wednesday 14 Jan: counted on the 12th, not on the 19th.
    assert loads[date(2026, 1, 12)][practitioner].cases - 1 == (
        loads[date(2026, 1, 19)][practitioner].cases
    )
    # Dormant from 60 days after its last contact (10 Nov 2025), 9 Jan: gone in both.
    assert loads[date(2026, 1, 19)][practitioner].cases == 13


def test_a_new_worker_has_no_snapshot_before_they_started_and_none_before_any_scheme(history):
    loads = weekly_loads(
        organisation=history.world.a, weeks=[date(2024, 12, 23), date(2025, 6, 30)], today=TODAY
    )

    assert loads[date(2024, 12, 23)] == {}  # no scheme in force yet
    assert history.asye.pk not in loads[date(2025, 6, 30)]


def test_snapshots_compute_writes_one_row_per_worker_and_week_and_is_idempotent(history):
    organisation = history.world.a
    weeks = mondays_between(date(2025, 1, 6), THIS_WEEK)

    first = snapshots_compute(organisation=organisation, weeks=weeks, today=TODAY)
    rows_after_first = list(CapacitySnapshot.objects.values_list().order_by("person", "week_start"))
    second = snapshots_compute(organisation=organisation, weeks=weeks, today=TODAY)
    rows_after_second = list(
        CapacitySnapshot.objects.values_list().order_by("person", "week_start")
    )

    assert first == second == len(rows_after_first) > 6 * 50
    assert [r[1:] for r in rows_after_first] == [r[1:] for r in rows_after_second]
    assert not CapacitySnapshot.objects.exclude(week_start__week_day=2).exists()  # Mondays


def test_a_snapshot_row_holds_the_load_of_that_week(history):
    organisation = history.world.a
    snapshot_week(organisation=organisation, week_start=TODAY, today=TODAY)
    load = worker_loads(people=[history.children_part_timer], on=THIS_WEEK)[
        history.children_part_timer.pk
    ]

    row = CapacitySnapshot.objects.get(person=history.children_part_timer, week_start=THIS_WEEK)

    assert (row.cases, row.points, row.available_points) == (10, Decimal(10), 9)
    assert (row.percent, row.band) == (load.percent, load.band) == (Decimal("111.1"), "red")


def test_recomputing_some_weeks_leaves_the_others_alone(history):
    organisation = history.world.a
    snapshots_compute(organisation=organisation, weeks=[date(2025, 6, 2), THIS_WEEK], today=TODAY)
    CapacitySnapshot.objects.filter(week_start=date(2025, 6, 2)).update(band="changed")

    snapshot_week(organisation=organisation, week_start=THIS_WEEK, today=TODAY)

    assert CapacitySnapshot.objects.filter(week_start=date(2025, 6, 2), band="changed").exists()
    assert not CapacitySnapshot.objects.filter(week_start=THIS_WEEK, band="changed").exists()


def test_backfill_covers_every_week_from_the_first_allocation_to_now(history):
    rows = snapshots_backfill(organisation=history.world.a, today=TODAY)

    weeks = set(CapacitySnapshot.objects.values_list("week_start", flat=True))
    assert weeks == set(mondays_between(date(2025, 1, 6), THIS_WEEK))
    assert rows == CapacitySnapshot.objects.count()
    entry = AuditEntry.objects.filter(action="caseloads.snapshots_computed").get()
    assert entry.data["rows"] == rows
    assert entry.data["first_week"] == "2025-01-06"


def test_a_sustained_overload_shows_in_four_weekly_snapshots(history):
    from safeworkload.calc.standards import sustained_overload

    snapshots_backfill(organisation=history.world.a, today=TODAY)
    percents = list(
        CapacitySnapshot.objects.filter(person=history.children_part_timer)
        .order_by("week_start")
        .values_list("percent", flat=True)
    )

    assert sustained_overload(percents[-4:])
    assert not sustained_overload(percents[:4])


def test_backfill_with_no_allocations_writes_nothing(world):
    assert snapshots_backfill(organisation=world.a, today=TODAY) == 0
    assert snapshots_compute(organisation=world.a, weeks=[], today=TODAY) == 0


def test_the_tasks_run_inside_the_organisations_scope(history, monkeypatch):
    from django_scopes import get_scope

    from safeworkload.caseloads import tasks

    seen: list[dict[str, object]] = []
    real_snapshot_week = tasks.snapshot_week

    def watched(**kwargs: object) -> int:
        seen.append(dict(get_scope()))
        return real_snapshot_week(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tasks, "snapshot_week", watched)

    result = capacity_snapshot_week.enqueue(history.world.a.pk, "2026-03-04")

    assert seen == [{"_enabled": True, "organisation": history.world.a.pk}]
    assert result.return_value == CapacitySnapshot.objects.filter(week_start=THIS_WEEK).count() > 0
    backfill = capacity_snapshots_backfill.enqueue(history.world.a.pk)
    assert backfill.return_value == CapacitySnapshot.objects.count()


def test_the_command_snapshots_this_week_for_one_organisation(history):
    out = StringIO()
    call_command("snapshot_capacity", "--organisation", "council-a", stdout=out)

    assert "council-a:" in out.getvalue()
    assert CapacitySnapshot.objects.exists()
    assert not CapacitySnapshot.objects.filter(organisation=history.world.b).exists()


def test_the_command_backfills_every_organisation(history):
    out = StringIO()
    call_command("snapshot_capacity", "--backfill", stdout=out)

    assert "council-a:" in out.getvalue() and "council-b: 0 snapshots" in out.getvalue()
    assert CapacitySnapshot.objects.values("week_start").distinct().count() > 50


def test_the_command_refuses_an_unknown_organisation_code(world):
    with pytest.raises(CommandError, match="No organisation has the code 'nowhere'"):
        call_command("snapshot_capacity", "--organisation", "nowhere", stdout=StringIO())
