"""The allocation guard (caseloads.services.allocation and selectors.allocation).

The world's team A (adults) weighs work on a 100-point scheme with no fixed
element, so a full-timer's points are their percent: 90 points held is 90%.
The helpers at the top are shared with the view tests.
"""

import json
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.caseloads.models import (
    Allocation,
    CapacityDeclaration,
    Case,
    CaseType,
    CaseWeight,
    Reduction,
    WeightingScheme,
)
from safeworkload.caseloads.selectors.allocation import (
    allocation_options,
    allocation_queue,
    cases_points,
    queue_teams,
    reassignment_preview,
    suggestion_for_team,
    team_distribution,
)
from safeworkload.caseloads.selectors.capacity import case_points
from safeworkload.caseloads.services.allocation import (
    CONFIRM_AGREED,
    ENTER_OVERRIDE_REASON,
    AllocationRefused,
    ReassignmentRefused,
    capacity_declare,
    case_allocate,
    caseload_reassign,
    suggestion_apply,
)
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.organisations.roles import permissions_for
from safeworkload.organisations.tenancy import Tenancy
from safeworkload.testing import PersonFactory, World

pytestmark = pytest.mark.django_db

_references = count(1)
SECRET_TYPE = "Section 42 enquiry"  # case detail that must never reach the audit log


def today() -> date:
    return timezone.localdate()


def scheme_for(organisation: Organisation, area: str = Team.ServiceArea.ADULTS) -> WeightingScheme:
    """A 100-point scheme with no fixed points, banded 95 / 100 / 110."""
    return WeightingScheme.objects.create(
        organisation=organisation,
        service_area=area,
        name="Test scheme",
        effective_from=date(2024, 1, 1),
        nominal_target=100,
        fixed_points=Decimal(0),
        green_from_percent=Decimal(95),
        amber_from_percent=Decimal(100),
        red_from_percent=Decimal(110),
    )


def case_type_for(
    organisation: Organisation, name: str, *, reserved: bool = False, points: str = "10"
) -> CaseType:
    """A case type weighing ``points`` at every tier in the organisation's adults scheme."""
    scheme = WeightingScheme.objects.filter(organisation=organisation).first() or scheme_for(
        organisation
    )
    case_type = CaseType.objects.create(
        organisation=organisation,
        service_area=Team.ServiceArea.ADULTS,
        code=name.lower().replace(" ", "-"),
        name=name,
        reserved=reserved,
    )
    for tier in (1, 2, 3):
        CaseWeight.objects.create(
            scheme=scheme, case_type=case_type, tier=tier, points=Decimal(points)
        )
    return case_type


def case_in(team: Team, case_type: CaseType, *, worker: Person | None = None, **fields) -> Case:
    case = Case.objects.create(
        organisation=team.organisation,
        team=team,
        reference=f"REF-{next(_references):05d}",
        case_type=case_type,
        opened_on=fields.pop("opened_on", today() - timedelta(days=12)),
        worker=worker,
        **fields,
    )
    if worker is not None:
        Allocation.objects.create(
            organisation=team.organisation,
            case=case,
            worker=worker,
            starts_on=case.opened_on,
            reason="Set up",
        )
    return case


def load_up(worker: Person, points: str) -> None:
    """Give the worker one case weighing ``points``."""
    case_type = case_type_for(worker.organisation, f"Load {next(_references)}", points=points)
    case_in(worker.team, case_type, worker=worker)


def worker_in(team: Team, **fields) -> Person:
    return PersonFactory(organisation=team.organisation, team=team, **fields)


@pytest.fixture
def setting(world: World):
    """Team A with a scheme, a plain and a reserved case type, and two workers."""
    scheme_for(world.a)
    plain = case_type_for(world.a, "Review", points="10")
    reserved = case_type_for(world.a, SECRET_TYPE, reserved=True, points="10")
    assistant = worker_in(
        world.team_a,
        job_role=Person.JobRole.ASSISTANT,
        registered=False,
        qualified=False,
        registration_number="",
        qualification_date=None,
    )
    return world, plain, reserved, world.practitioner_person, assistant


def allocate(case: Case, worker: Person, world: World, **kwargs) -> Allocation:
    return case_allocate(
        case=case,
        worker=worker,
        actor=world.users["team_manager"],
        reason="Test",
        on=today(),
        **kwargs,
    )


# ---------------------------------------------------------------------------
# Who may take a case


def test_a_case_goes_to_an_eligible_worker_and_the_queue_empties(setting):
    world, plain, _, worker, _ = setting
    case = case_in(world.team_a, plain)
    assert list(allocation_queue(team=world.team_a)) == [case]

    allocation = allocate(case, worker, world)

    case.refresh_from_db()
    assert case.worker == worker
    assert allocation.worker == worker and allocation.ends_on is None
    assert not allocation.over_ceiling and allocation.potential_percent is None
    assert list(allocation_queue(team=world.team_a)) == []


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("assistant", "this work is reserved to registered social workers"),
        ("leaver", "leaving on"),
        ("left", "left on"),
        ("administrator", "does not hold cases (administrator)"),
        ("outsider", "not in this organisation"),
        ("no_points", "has no points available"),
        ("no_scheme", "no weighting scheme is in force"),
        ("holder", "holds this case now"),
    ],
)
def test_the_guard_refuses_a_worker_who_may_not_hold_the_case(setting, who, message):
    world, _, reserved, worker, assistant = setting
    case = case_in(world.team_a, reserved)
    if who == "assistant":
        chosen = assistant
    elif who == "leaver":
        chosen = worker_in(world.team_a, end_date=today() + timedelta(days=20))
    elif who == "left":
        chosen = worker_in(world.team_a, end_date=today() - timedelta(days=1))
    elif who == "administrator":
        chosen = worker_in(world.team_a, job_role=Person.JobRole.ADMINISTRATOR)
    elif who == "outsider":
        chosen = world.person_b
    elif who == "no_points":
        chosen = worker_in(world.team_a, contracted_hours=Decimal("10"))
        Reduction.objects.create(
            organisation=world.a,
            person=chosen,
            kind=Reduction.Kind.UNION_DUTIES,
            hours_per_week=Decimal("10"),
            reason="Branch secretary",
            starts_on=today() - timedelta(days=30),
            expires_on=today() + timedelta(days=30),
        )
    elif who == "no_scheme":
        chosen = world.colleague_elsewhere  # a children's team, and no children's scheme
    else:
        allocate(case, worker, world)
        chosen = worker

    with pytest.raises(AllocationRefused) as refused:
        allocate(case, chosen, world)

    assert message in str(refused.value).lower()
    assert set(refused.value.errors) == {"worker"}
    assert not refused.value.needs_override
    case.refresh_from_db()
    assert case.worker_id == (worker.pk if who == "holder" else None)


def test_reserved_work_goes_to_a_registered_social_worker(setting):
    world, _, reserved, worker, _ = setting
    case = case_in(world.team_a, reserved)
    allocate(case, worker, world)
    case.refresh_from_db()
    assert case.worker == worker


def test_a_closed_case_cannot_be_allocated(setting):
    world, plain, _, worker, _ = setting
    case = case_in(world.team_a, plain, status=Case.Status.CLOSED)
    with pytest.raises(AllocationRefused, match="is closed"):
        allocate(case, worker, world)


def test_the_options_list_every_team_worker_with_current_and_potential_load(setting):
    world, _, reserved, worker, assistant = setting
    load_up(worker, "50")
    case = case_in(world.team_a, reserved)

    options = {o.worker: o for o in allocation_options(case=case, on=today())}

    assert set(options) == {worker, assistant}  # the team manager holds no cases
    mine = options[worker]
    assert mine.eligible and not mine.over_ceiling
    assert (mine.current.percent, mine.potential.percent) == (Decimal("50.0"), Decimal("60.0"))
    assert mine.potential.cases == mine.current.cases + 1
    assert not options[assistant].eligible
    assert "reserved" in options[assistant].why_not


# ---------------------------------------------------------------------------
# The ceiling


@pytest.mark.parametrize(
    ("held", "case_points", "over"),
    [
        ("90", "10", False),  # exactly 100%: at the ceiling is allowed
        ("90", "10.1", True),  # 100.1%: just above
        ("99.9", "0", False),
    ],
)
def test_the_ceiling_is_reached_without_an_override_but_not_passed(
    setting, held, case_points, over
):
    world, _, _, worker, _ = setting
    load_up(worker, held)
    case = case_in(world.team_a, case_type_for(world.a, "New work", points=case_points))

    if over:
        with pytest.raises(AllocationRefused) as refused:
            allocate(case, worker, world)
        assert refused.value.needs_override
    else:
        assert not allocate(case, worker, world).over_ceiling


def test_a_newly_qualified_worker_is_stopped_at_their_90_percent_ceiling(setting):
    world, plain, _, _, _ = setting
    newly_qualified = worker_in(
        world.team_a,
        job_role=Person.JobRole.NEWLY_QUALIFIED,
        qualification_date=today() - timedelta(days=100),
    )
    load_up(newly_qualified, "85")
    with pytest.raises(AllocationRefused) as refused:
        allocate(case_in(world.team_a, plain), newly_qualified, world)  # 95% > 90%
    assert refused.value.option.potential.ceiling_percent == 90


@pytest.mark.parametrize(
    ("reason", "acknowledged", "errors"),
    [
        (
            "",
            False,
            {"override_reason": ENTER_OVERRIDE_REASON, "worker_acknowledged": CONFIRM_AGREED},
        ),
        ("   ", True, {"override_reason": ENTER_OVERRIDE_REASON}),
        ("No one else is registered", False, {"worker_acknowledged": CONFIRM_AGREED}),
    ],
)
def test_above_the_ceiling_needs_both_a_reason_and_the_workers_agreement(
    setting, reason, acknowledged, errors
):
    world, plain, _, worker, _ = setting
    load_up(worker, "95")
    case = case_in(world.team_a, plain)

    with pytest.raises(AllocationRefused) as refused:
        allocate(case, worker, world, override_reason=reason, worker_acknowledged=acknowledged)

    assert refused.value.errors == errors
    assert not Allocation.objects.filter(case=case).exists()
    assert not AuditEntry.objects.filter(action__startswith="case.allocated").exists()


def test_above_the_ceiling_with_both_is_allocated_and_audited_without_case_detail(setting):
    world, _, reserved, worker, _ = setting
    load_up(worker, "95")
    case = case_in(world.team_a, reserved)
    manager = world.users["team_manager"]

    allocation = allocate(
        case, worker, world, override_reason="Only registered worker free", worker_acknowledged=True
    )

    assert allocation.over_ceiling
    assert allocation.potential_percent == Decimal("105.0")
    assert allocation.override_reason == "Only registered worker free"
    assert allocation.authorised_by == manager
    assert allocation.allocated_by == manager
    assert allocation.acknowledged_by_worker_at is not None
    entries = {e.action: e for e in AuditEntry.objects.filter(organisation=world.a)}
    assert {"case.allocated", "case.allocated_over_ceiling"} <= set(entries)
    over = entries["case.allocated_over_ceiling"]
    assert over.actor == manager
    assert over.data["case"] == case.reference
    assert over.data["reason"] == "Only registered worker free"
    assert over.data["authorised_by"] == manager.get_username()
    assert over.data["worker_agreed"] is True
    assert over.data["capacity_after"] == "105.0"
    for entry in entries.values():
        text = json.dumps(entry.data)
        assert SECRET_TYPE not in text and "tier" not in text


def test_reallocating_ends_the_previous_spell_and_keeps_the_history(setting):
    world, plain, _, worker, _ = setting
    other = worker_in(world.team_a)
    case = case_in(world.team_a, plain)
    first = allocate(case, worker, world)

    second = allocate(case, other, world)

    first.refresh_from_db()
    assert first.ends_on == today()
    assert second.ends_on is None
    assert Allocation.objects.filter(case=case, ends_on__isnull=True).get() == second
    moved = AuditEntry.objects.filter(action="case.allocated").last()
    assert moved.data["previous_worker"] == worker.staff_number


def test_a_line_already_allocated_elsewhere_is_not_taken_back(setting):
    world, plain, _, worker, _ = setting
    other = worker_in(world.team_a)
    case = case_in(world.team_a, plain)
    allocate(case, other, world)
    with pytest.raises(AllocationRefused, match="allocated already"):
        allocate(case, worker, world, unallocated_only=True)


# ---------------------------------------------------------------------------
# Bulk reassignment


def test_a_leavers_whole_caseload_moves_through_the_guard(setting):
    world, plain, reserved, worker, assistant = setting
    leaver = worker_in(world.team_a, end_date=today() + timedelta(days=10))
    cases = [case_in(world.team_a, t, worker=leaver) for t in (plain, reserved, plain)]

    allocations = caseload_reassign(
        from_worker=leaver,
        to_assignments={cases[0].pk: assistant, cases[1].pk: worker, cases[2].pk: worker},
        actor=world.users["team_manager"],
        reason="Leaving",
        on=today(),
    )

    assert len(allocations) == 3
    assert list(Case.objects.filter(worker=leaver)) == []
    summary = AuditEntry.objects.get(action="caseload.reassigned")
    assert summary.data["cases"] == 3
    assert summary.data["to_workers"] == sorted([assistant.staff_number, worker.staff_number])


def test_a_reassignment_with_one_refused_case_moves_nothing(setting):
    world, plain, reserved, worker, assistant = setting
    leaver = worker_in(world.team_a, end_date=today() + timedelta(days=10))
    ok, refused_case = (
        case_in(world.team_a, plain, worker=leaver),
        case_in(world.team_a, reserved, worker=leaver),
    )

    with pytest.raises(ReassignmentRefused) as refused:
        caseload_reassign(
            from_worker=leaver,
            to_assignments={ok.pk: worker, refused_case.pk: assistant},
            actor=world.users["team_manager"],
            reason="Leaving",
            on=today(),
        )

    assert set(refused.value.refusals) == {refused_case.pk}
    assert Case.objects.filter(worker=leaver).count() == 2
    assert Allocation.objects.filter(worker=worker).count() == 0
    assert not AuditEntry.objects.filter(action__in=["case.allocated", "caseload.reassigned"])


def test_cases_that_together_pass_a_ceiling_cannot_be_moved_in_bulk(setting):
    world, plain, _, worker, _ = setting
    load_up(worker, "85")
    leaver = worker_in(world.team_a, end_date=today() + timedelta(days=10))
    cases = [case_in(world.team_a, plain, worker=leaver) for _ in range(2)]  # 85 + 20 = 105
    assignments = {c.pk: worker for c in cases}
    preview = reassignment_preview(cases=cases, assignments=assignments, on=today())
    assert [(r.worker, r.potential.percent, r.over_ceiling) for r in preview] == [
        (worker, Decimal("105.0"), True)
    ]
    move = {
        "from_worker": leaver,
        "to_assignments": assignments,
        "actor": world.users["team_manager"],
        "reason": "Leaving",
        "on": today(),
    }

    with pytest.raises(ReassignmentRefused) as refused:
        caseload_reassign(**move)
    [message] = {m for r in refused.value.refusals.values() for m in r.errors.values()}
    assert "would go above their ceiling" in message and "allocation guard" in message
    assert Case.objects.filter(worker=leaver).count() == 2


# ---------------------------------------------------------------------------
# Suggested allocation and the team's distribution


def test_the_suggestion_gives_reserved_work_only_to_registered_staff_and_says_why(setting):
    world, plain, reserved, worker, assistant = setting
    load_up(assistant, "20")
    load_up(worker, "30")
    reserved_case, plain_case = case_in(world.team_a, reserved), case_in(world.team_a, plain)

    suggestion = suggestion_for_team(team=world.team_a, on=today(), time_limit=5)

    given = {line.case: line.worker for line in suggestion.lines}
    assert given == {reserved_case: worker, plain_case: assistant}
    assert all(line.reason for line in suggestion.lines)
    assert set(suggestion.workers) == {worker, assistant}


def test_accepted_lines_are_allocated_and_a_refused_line_says_why(setting):
    world, plain, reserved, worker, assistant = setting
    load_up(worker, "95")
    fits, too_much = case_in(world.team_a, plain), case_in(world.team_a, reserved)

    outcomes = suggestion_apply(
        lines=[(fits, assistant), (too_much, worker)], actor=world.users["team_manager"], on=today()
    )

    assert [o.allocation is not None for o in outcomes] == [True, False]
    assert "above their ceiling of 100%" in outcomes[1].refusal
    too_much.refresh_from_db()
    assert too_much.worker is None


def test_the_distribution_shows_everyone_in_the_team(setting):
    world, _, _, worker, assistant = setting
    load_up(worker, "120")
    load_up(assistant, "40")

    distribution = team_distribution(team=world.team_a, on=today())

    assert [r.worker for r in distribution.rows] == [worker, assistant]
    assert (distribution.lowest, distribution.highest) == (Decimal("40.0"), Decimal("120.0"))
    assert distribution.over_ceiling == 1
    assert distribution.by_band()["red"] == 1


# ---------------------------------------------------------------------------
# Declaring "at capacity"


def test_a_worker_declares_at_capacity_and_the_note_stays_out_of_the_audit_log(setting):
    world, _, _, worker, _ = setting
    declaration = capacity_declare(
        person=worker, actor=world.users["practitioner"], note="Three court reports due"
    )
    assert CapacityDeclaration.objects.get() == declaration
    assert declaration.reviewed_at is None
    entry = AuditEntry.objects.get(action="capacity.declared")
    assert entry.data == {"person": worker.staff_number, "with_note": True}


def test_the_queue_is_weighed_in_bulk_exactly_as_one_case_at_a_time(setting):
    world, plain, reserved, _, _ = setting
    WeightingScheme.objects.filter(organisation=world.a).update(
        responsive_uplift_percent=Decimal("12.5")
    )
    unweighted = CaseType.objects.create(
        organisation=world.a, service_area=Team.ServiceArea.ADULTS, code="new", name="New"
    )
    cases = [case_in(world.team_a, t, tier=tier) for t in (plain, reserved) for tier in (1, 3)]
    cases.append(case_in(world.team_a, unweighted))
    children = world.other_team_a  # no children's scheme: weighs nothing
    cases.append(case_in(children, case_type_for_area(world.a, Team.ServiceArea.CHILDREN)))

    bulk = cases_points(cases=cases, on=today())

    assert bulk == {c.pk: case_points(case=c, on=today()) for c in cases}
    assert bulk[cases[0].pk] == Decimal("11.25")


def case_type_for_area(organisation: Organisation, area: str) -> CaseType:
    return CaseType.objects.create(
        organisation=organisation, service_area=area, code="cin", name="Child in need"
    )


def test_a_case_waits_from_the_day_its_last_worker_let_it_go_not_from_opening(setting):
    world, plain, _, worker, _ = setting
    case = case_in(world.team_a, plain, opened_on=today() - timedelta(days=400))
    Allocation.objects.create(
        organisation=world.a,
        case=case,
        worker=worker,
        reason="Set up",
        starts_on=today() - timedelta(days=400),
        ends_on=today() - timedelta(days=30),
    )
    [queued] = list(allocation_queue(team=world.team_a))
    assert queued.waiting_since == today() - timedelta(days=30)
    lead = Tenancy(organisation=world.a, permissions=permissions_for({"service_lead"}))
    [team] = [t for t in queue_teams(tenancy=lead) if t.pk == world.team_a.pk]
    assert (team.waiting, team.oldest) == (1, today() - timedelta(days=30))
