"""Breaches: what opens one, the plan, the escalation ladder, and what each change records.

The rules are reference/01 §3 (bands, sustained overload), §4 (WL-6 to WL-8)
and §5 items 2 and 4 (red forces action; a declaration triggers review).
"""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.calc.standards import band
from safeworkload.caseloads.models import (
    Breach,
    BreachEvent,
    CapacityDeclaration,
    CapacitySnapshot,
    EscalationLevel,
    WeightingScheme,
)
from safeworkload.caseloads.services.breaches import (
    DEFAULT_DAYS_TO_ACT,
    BreachError,
    breach_escalate,
    breach_open,
    breach_open_for_declaration,
    breach_record_plan,
    breach_resolve,
    breaches_escalate_overdue,
    breaches_open_from_snapshots,
)
from safeworkload.caseloads.tasks_breaches import breaches_open_for_week
from safeworkload.organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 10, 5)
LADDER = [
    (1, "Team manager", 5),
    (2, "Service lead", 10),
    (3, "Director", 10),
    (4, "Elected member", 20),
]


def snapshot(person: Person, week_start: date, percent: str | int, **fields) -> CapacitySnapshot:
    """A weekly snapshot banded by the default profile (probation-2010), as the engine bands it."""
    value = Decimal(str(percent))
    return CapacitySnapshot.objects.create(
        organisation=person.organisation,
        person=person,
        week_start=week_start,
        cases=fields.pop("cases", 12),
        points=value,
        available_points=100,
        percent=value,
        band=fields.pop("band", band(value)),
        **fields,
    )


def ladder(organisation: Organisation, rungs=LADDER) -> list[EscalationLevel]:
    # Created top rung first, so the order must come from the rank, not the insert.
    made = [
        EscalationLevel.objects.create(
            organisation=organisation, rank=rank, title=title, days_to_act=days
        )
        for rank, title, days in reversed(rungs)
    ]
    return sorted(made, key=lambda level: level.rank)


def open_breach(person: Person, kind: str = Breach.Kind.RED_BAND, **kwargs) -> Breach:
    breach = breach_open(
        organisation=person.organisation,
        person=person,
        kind=kind,
        opened_on=kwargs.pop("opened_on", MONDAY),
        **kwargs,
    )
    assert breach is not None
    return breach


# ---------------------------------------------------------------------------
# Opening


@pytest.mark.parametrize(
    ("percent", "opens"),
    [("109.9", False), ("110.0", True), ("110.1", True), ("100.0", False)],
    ids=["109.9-amber", "110.0-red", "110.1-red", "100.0-amber"],
)
def test_a_red_snapshot_opens_a_breach_at_the_band_boundary(world, percent, opens):
    snapshot(world.practitioner_person, MONDAY, percent)

    opened = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)

    assert [b.kind for b in opened] == ([Breach.Kind.RED_BAND] if opens else [])
    if opens:
        breach = opened[0]
        assert (breach.person, breach.team, breach.status) == (
            world.practitioner_person,
            world.team_a,
            Breach.Status.OPEN,
        )
        assert breach.percent_when_opened == Decimal(percent)
        assert breach.opened_on == MONDAY


def test_the_stored_band_decides_not_the_percent_alone(world):
    """A local-agreed scheme may put red elsewhere; the snapshot's band is what it showed."""
    snapshot(world.practitioner_person, MONDAY, "105.0", band="red")
    opened = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)
    assert [b.kind for b in opened] == [Breach.Kind.RED_BAND]


def _series(person: Person, percents: list[str]) -> None:
    for n, percent in enumerate(percents):
        snapshot(person, MONDAY - timedelta(weeks=len(percents) - 1 - n), percent)


@pytest.mark.parametrize(
    ("series", "sustained"),
    [
        (["111", "112", "115", "111"], True),  # WL-7
        (["111", "112", "109", "115"], False),  # WL-8: the run is broken
        (["110.0", "110.0", "110.0", "110.0"], False),  # WL-8: the rule is strictly over 110
        (["120", "111", "112", "115", "111"], True),  # only the last four weeks are read
        (["111", "112", "115", "111", "105"], False),  # this week is not over 110
    ],
    ids=["WL-7", "WL-8-broken", "WL-8-exactly-110", "five-weeks", "over-before-this-week"],
)
def test_sustained_overload_reads_the_last_four_weekly_snapshots(world, series, sustained):
    _series(world.practitioner_person, series)

    opened = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)

    kinds = {b.kind for b in opened}
    assert (Breach.Kind.SUSTAINED_OVERLOAD in kinds) is sustained
    if sustained:
        breach = next(b for b in opened if b.kind == Breach.Kind.SUSTAINED_OVERLOAD)
        event = breach.events.get()
        assert event.note.endswith(", ".join(f"{Decimal(p):.1f}%" for p in series[-4:]))


def test_a_missing_week_breaks_the_run(world):
    person = world.practitioner_person
    for weeks_ago, percent in ((3, "111"), (2, "112"), (0, "115")):  # no snapshot a week ago
        snapshot(person, MONDAY - timedelta(weeks=weeks_ago), percent)
    opened = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)
    assert Breach.Kind.SUSTAINED_OVERLOAD not in {b.kind for b in opened}


def test_red_in_a_count_scheme_is_a_breached_count_cap(world):
    WeightingScheme.objects.create(
        organisation=world.a,
        service_area=world.team_a.service_area,
        name="Counted",
        effective_from=MONDAY - timedelta(days=30),
        mode=WeightingScheme.Mode.COUNT,
        profile="scotland-2022",
        nominal_target=20,
    )
    snapshot(world.practitioner_person, MONDAY, "105.0", band="red")
    snapshot(world.colleague_elsewhere, MONDAY, "120.0")  # children's team: no count scheme

    opened = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)

    assert {(b.person, b.kind) for b in opened} == {
        (world.practitioner_person, Breach.Kind.COUNT_CAP),
        (world.colleague_elsewhere, Breach.Kind.RED_BAND),
    }


def test_no_second_open_breach_for_the_same_person_and_kind(world):
    person = world.practitioner_person
    snapshot(person, MONDAY, "115")
    snapshot(person, MONDAY + timedelta(weeks=1), "116")

    first = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)
    again = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)
    next_week = breaches_open_from_snapshots(
        organisation=world.a, week_start=MONDAY + timedelta(weeks=1)
    )
    direct = breach_open(
        organisation=world.a, person=person, kind=Breach.Kind.RED_BAND, opened_on=MONDAY
    )

    assert len(first) == 1 and again == [] and next_week == [] and direct is None
    assert Breach.objects.filter(person=person).count() == 1


def test_a_breach_resolved_mid_week_is_not_reopened_by_the_same_weeks_snapshot(world):
    person = world.practitioner_person
    snapshot(person, MONDAY, "115")
    (breach,) = breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY)
    breach_record_plan(
        breach=breach,
        actor=None,
        plan="Move two cases",
        work_removed=False,
        co_worker_added=False,
        case_reallocated=True,
    )
    breach_resolve(breach=breach, actor=None)

    assert breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY) == []

    snapshot(person, MONDAY + timedelta(weeks=1), "112")
    reopened = breaches_open_from_snapshots(
        organisation=world.a, week_start=MONDAY + timedelta(weeks=1)
    )
    assert [b.kind for b in reopened] == [Breach.Kind.RED_BAND]


def test_another_organisations_snapshots_are_not_read(world):
    snapshot(world.person_b, MONDAY, "130")
    assert breaches_open_from_snapshots(organisation=world.a, week_start=MONDAY) == []


def test_a_declaration_opens_one_breach_whatever_the_score(world):
    person = world.practitioner_person
    snapshot(person, MONDAY, "85.0")
    declaration = CapacityDeclaration.objects.create(
        organisation=world.a, person=person, note="Case ABC-123 is taking all my time"
    )

    breach = breach_open_for_declaration(declaration=declaration)
    second = CapacityDeclaration.objects.create(organisation=world.a, person=person)

    assert breach is not None
    assert (breach.kind, breach.percent_when_opened) == (Breach.Kind.DECLARATION, Decimal("85.0"))
    assert breach.opened_on == timezone.localdate(declaration.declared_at)
    assert breach_open_for_declaration(declaration=second) is None
    assert Breach.objects.filter(person=person).count() == 1
    # The worker's note may name a case; the breach does not copy it.
    assert "ABC-123" not in breach.events.get().note


# ---------------------------------------------------------------------------
# Deadlines and the ladder


def test_the_deadline_is_the_first_rungs_days_to_act(world):
    ladder(world.a)
    breach = open_breach(world.practitioner_person)
    assert breach.level.rank == 1
    assert breach.due_on == MONDAY + timedelta(days=5)


def test_without_a_ladder_the_deadline_is_ten_days(world):
    breach = open_breach(world.practitioner_person)
    assert breach.level is None
    assert breach.due_on == MONDAY + timedelta(days=DEFAULT_DAYS_TO_ACT) == date(2026, 10, 15)


def test_escalation_climbs_the_ladder_in_rank_order_to_the_top(world):
    rungs = ladder(world.a)
    breach = open_breach(world.practitioner_person)
    day = date(2026, 10, 20)

    climbed = []
    for _ in range(3):
        breach_escalate(breach=breach, actor=world.users["team_manager"], note="", today=day)
        climbed.append((breach.level.title, breach.due_on))

    assert climbed == [
        ("Service lead", day + timedelta(days=10)),
        ("Director", day + timedelta(days=10)),
        ("Elected member", day + timedelta(days=20)),
    ]
    with pytest.raises(BreachError, match="top of the escalation ladder"):
        breach_escalate(breach=breach, actor=None, today=day)
    assert breach.level == rungs[-1]


def test_escalating_with_no_ladder_says_so(world):
    breach = open_breach(world.practitioner_person)
    with pytest.raises(BreachError, match="no escalation ladder"):
        breach_escalate(breach=breach, actor=None)


def test_a_breach_opened_before_the_ladder_existed_escalates_to_the_first_rung(world):
    breach = open_breach(world.practitioner_person)
    ladder(world.a)
    breach_escalate(breach=breach, actor=None, today=date(2026, 10, 20))
    assert breach.level.rank == 1
    assert breach.due_on == date(2026, 10, 25)


@pytest.mark.parametrize(
    ("due_days_from_today", "escalated"),
    [(0, False), (-1, True), (1, False), (-30, True)],
    ids=["due-today", "due-yesterday", "due-tomorrow", "a-month-late"],
)
def test_overdue_breaches_escalate_automatically(world, due_days_from_today, escalated):
    ladder(world.a)
    today = date(2026, 10, 20)
    breach = open_breach(world.practitioner_person)
    Breach.objects.filter(pk=breach.pk).update(due_on=today + timedelta(days=due_days_from_today))

    run = breaches_escalate_overdue(organisation=world.a, today=today)

    breach.refresh_from_db()
    assert [b.pk for b in run.escalated] == ([breach.pk] if escalated else [])
    assert breach.level.rank == (2 if escalated else 1)
    if escalated:
        # One rung per run, with a new deadline from the new rung: not overdue any more.
        assert breach.due_on == today + timedelta(days=10)
        event = breach.events.get(kind=BreachEvent.Kind.ESCALATED)
        assert event.by is None and "automatically" in event.note
        assert breaches_escalate_overdue(organisation=world.a, today=today).escalated == []


def test_an_overdue_breach_at_the_top_is_reported_not_escalated(world):
    ladder(world.a, rungs=[(1, "Director", 5)])
    breach = open_breach(world.practitioner_person)
    run = breaches_escalate_overdue(organisation=world.a, today=MONDAY + timedelta(days=6))
    assert run.escalated == [] and [b.pk for b in run.overdue_at_top] == [breach.pk]


def test_resolved_and_other_organisations_breaches_are_not_escalated(world):
    ladder(world.a)
    ladder(world.b)
    resolved = open_breach(world.practitioner_person)
    Breach.objects.filter(pk=resolved.pk).update(status=Breach.Status.RESOLVED, plan="Done")
    other = open_breach(world.person_b)

    run = breaches_escalate_overdue(organisation=world.a, today=MONDAY + timedelta(days=60))

    assert run.escalated == []
    other.refresh_from_db()
    assert other.level.rank == 1


def test_the_command_escalates_every_organisations_overdue_breaches(world):
    ladder(world.a)
    ladder(world.b)
    a = open_breach(world.practitioner_person)
    b = open_breach(world.person_b)
    out = StringIO()

    call_command("escalate_breaches", today="2026-10-11", stdout=out)

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.level.rank, b.level.rank) == (2, 2)
    assert "council-a: 1 escalated" in out.getvalue()
    assert "Escalated 2 overdue breaches." in out.getvalue()


def test_the_command_refuses_an_unknown_organisation(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No organisation"):
        call_command("escalate_breaches", organisation="nowhere", stdout=StringIO())


def test_the_weekly_task_opens_the_weeks_breaches(world):
    snapshot(world.practitioner_person, MONDAY, "125")
    # Any day of the week will do.
    assert breaches_open_for_week.call(world.a.pk, "2026-10-08") == 1


# ---------------------------------------------------------------------------
# Plan, resolution, and what each change records


def test_every_change_writes_an_event_and_an_audit_entry(world):
    ladder(world.a)
    manager = world.users["team_manager"]
    breach = open_breach(world.practitioner_person, percent=Decimal("118.0"))
    breach_record_plan(
        breach=breach,
        actor=manager,
        plan="Two cases to a co-worker; duty rota paused for two weeks.",
        work_removed=True,
        co_worker_added=True,
        case_reallocated=False,
    )
    breach_escalate(breach=breach, actor=manager, note="Plan not enough", today=MONDAY)
    breach_resolve(breach=breach, actor=manager, note="Back to 96%", today=date(2026, 10, 30))

    events = list(breach.events.values_list("kind", "level__rank", "by__username"))
    assert events == [
        ("opened", 1, None),
        ("plan_recorded", 1, "team_manager@a.example"),
        ("escalated", 2, "team_manager@a.example"),
        ("resolved", 2, "team_manager@a.example"),
    ]
    audit = AuditEntry.objects.filter(organisation=world.a, object_id=str(breach.pk))
    assert list(audit.order_by("sequence").values_list("action", "actor_label")) == [
        ("breach.opened", "system"),
        ("breach.plan_recorded", "team_manager@a.example"),
        ("breach.escalated", "team_manager@a.example"),
        ("breach.resolved", "team_manager@a.example"),
    ]
    plan_entry = audit.get(action="breach.plan_recorded")
    assert plan_entry.data["actions"] == ["work_removed", "co_worker_added"]
    assert "duty rota" not in str(plan_entry.data)  # what the plan does, not its words
    assert audit.get(action="breach.escalated").data["to_rank"] == 2
    breach.refresh_from_db()
    assert (breach.status, breach.resolved_on) == (Breach.Status.RESOLVED, date(2026, 10, 30))
    assert (breach.work_removed, breach.co_worker_added, breach.case_reallocated) == (
        True,
        True,
        False,
    )


def test_a_plan_must_say_something(world):
    breach = open_breach(world.practitioner_person)
    with pytest.raises(BreachError, match="Enter the plan"):
        breach_record_plan(
            breach=breach,
            actor=None,
            plan="   ",
            work_removed=False,
            co_worker_added=False,
            case_reallocated=False,
        )


def test_a_breach_is_not_resolved_without_a_written_plan(world):
    breach = open_breach(world.practitioner_person)
    with pytest.raises(BreachError, match="Record the plan"):
        breach_resolve(breach=breach, actor=None)
    assert breach.events.count() == 1


def test_a_resolved_breach_cannot_be_changed(world):
    ladder(world.a)
    breach = open_breach(world.practitioner_person)
    Breach.objects.filter(pk=breach.pk).update(plan="Done")
    breach.refresh_from_db()
    breach_resolve(breach=breach, actor=None)
    for change in (
        lambda: breach_escalate(breach=breach, actor=None),
        lambda: breach_resolve(breach=breach, actor=None),
        lambda: breach_record_plan(
            breach=breach,
            actor=None,
            plan="More",
            work_removed=False,
            co_worker_added=False,
            case_reallocated=False,
        ),
    ):
        with pytest.raises(BreachError, match="resolved"):
            change()


def test_declaring_at_capacity_through_the_guard_opens_a_breach(world):
    from safeworkload.caseloads.services.allocation import capacity_declare

    capacity_declare(person=world.practitioner_person, actor=None, note="Too many visits")
    breach = Breach.objects.get(person=world.practitioner_person)
    assert breach.kind == Breach.Kind.DECLARATION and breach.status == Breach.Status.OPEN


def test_the_weekly_snapshot_job_opens_that_weeks_breaches(world, monkeypatch):
    from safeworkload.caseloads import tasks

    week = date(2026, 11, 16)
    monkeypatch.setattr(tasks, "snapshot_week", lambda **kwargs: 0)
    snapshot(world.practitioner_person, week, "112.0")
    tasks.capacity_snapshot_week.call(world.a.pk, week.isoformat())
    assert Breach.objects.filter(
        person=world.practitioner_person, kind=Breach.Kind.RED_BAND
    ).exists()
