"""Keeping the establishment: vacating, filling, cover and plans, each audited."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.audit.models import AuditEntry
from safeworkload.organisations.models import Person
from safeworkload.testing import PersonFactory, PostFactory
from safeworkload.workforce import services
from safeworkload.workforce.models import ActionPlan, ActionStep, FilledVacancy, Post

pytestmark = pytest.mark.django_db
D = Decimal


def actions(organisation) -> list[str]:
    return list(
        AuditEntry.objects.filter(organisation=organisation)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


@pytest.fixture
def held(world) -> Post:
    return Post.objects.get(holder=world.practitioner_person)


@pytest.fixture
def vacant(world) -> Post:
    return Post.objects.get(team=world.team_a, holder__isnull=True)


def test_a_new_post_starts_vacant_and_is_audited(world):
    post = services.post_create(
        organisation=world.a,
        actor=None,
        team=world.team_a,
        job_role=Person.JobRole.SOCIAL_WORKER,
        grade=" SW2 ",
        funded_fte=D("0.8"),
        vacant_since=date(2026, 4, 1),
    )
    assert post.is_vacant and post.vacant_since == date(2026, 4, 1) and post.grade == "SW2"
    assert actions(world.a)[-1] == "post.created"


def test_a_post_cannot_be_put_in_another_organisations_team(world):
    with pytest.raises(services.WorkforceError, match="this organisation"):
        services.post_create(
            organisation=world.a,
            actor=None,
            team=world.team_b,
            job_role=Person.JobRole.SOCIAL_WORKER,
            grade="",
            funded_fte=D("1"),
            vacant_since=date(2026, 4, 1),
        )


def test_changing_a_post_audits_only_what_changed(world, held):
    services.post_change(
        post=held,
        actor=None,
        team=held.team,
        job_role=held.job_role,
        grade="SW3",
        funded_fte=held.funded_fte,
    )
    entry = AuditEntry.objects.filter(organisation=world.a).order_by("-sequence").first()
    assert entry.action == "post.changed"
    assert entry.data["changed"] == {"grade": ["", "SW3"]}


def test_vacating_a_post_starts_the_vacancy_on_the_day(world, held):
    services.post_vacate(post=held, actor=None, on=date(2026, 5, 1))
    held.refresh_from_db()
    assert held.is_vacant and held.vacant_since == date(2026, 5, 1)
    world.practitioner_person.refresh_from_db()
    assert world.practitioner_person.end_date is None  # moving on, not leaving
    assert actions(world.a)[-1] == "post.vacated"


def test_a_holder_leaving_ends_their_record_the_day_before(world, held):
    services.post_vacate(post=held, actor=None, on=date(2026, 5, 1), leaving=True)
    world.practitioner_person.refresh_from_db()
    assert world.practitioner_person.end_date == date(2026, 4, 30)


def test_a_vacant_post_cannot_be_vacated_again(vacant):
    with pytest.raises(services.WorkforceError, match="already vacant"):
        services.post_vacate(post=vacant, actor=None, on=date(2026, 5, 1))


def test_filling_a_post_keeps_the_vacancy_and_ends_its_cover(world, vacant):
    cover = services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 2, 1),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5200,
        today=date(2026, 3, 1),
    )
    starter = PersonFactory(organisation=world.a, team=world.team_a, start_date=date(2026, 6, 1))
    services.post_fill(post=vacant, actor=None, person=starter, on=date(2026, 6, 1))
    vacant.refresh_from_db()
    cover.refresh_from_db()
    assert vacant.holder == starter and vacant.vacant_since is None
    assert vacant.cover == Post.Cover.NONE
    assert cover.ends_on == date(2026, 5, 31)
    past = FilledVacancy.objects.get(post=vacant)
    assert (past.opened_on, past.filled_on) == (date(2026, 1, 5), date(2026, 6, 1))
    assert actions(world.a)[-1] == "post.filled"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"on": date(2026, 1, 4)}, "on or after 5 January 2026", id="before vacant"),
        pytest.param(
            {"employment_type": Person.EmploymentType.AGENCY}, "permanent", id="agency worker"
        ),
        pytest.param({"end_date": date(2026, 2, 1)}, "left on", id="someone who has left"),
    ],
)
def test_a_post_is_filled_only_by_someone_who_can_hold_it(world, vacant, change, message):
    on = change.pop("on", date(2026, 3, 1))
    person = PersonFactory(organisation=world.a, team=world.team_a, **change)
    with pytest.raises(services.WorkforceError, match=message):
        services.post_fill(post=vacant, actor=None, person=person, on=on)


def test_someone_holding_a_post_cannot_fill_a_second(world, vacant):
    with pytest.raises(services.WorkforceError, match="already holds a post"):
        services.post_fill(
            post=vacant, actor=None, person=world.practitioner_person, on=date(2026, 3, 1)
        )


def test_a_person_of_another_organisation_cannot_fill_a_post(world, vacant):
    with pytest.raises(services.WorkforceError, match="this organisation"):
        services.post_fill(post=vacant, actor=None, person=world.person_b, on=date(2026, 3, 1))


def test_new_cover_ends_the_arrangement_before_it_and_sets_the_posts_cover(world, vacant):
    first = services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5500,
        today=date(2026, 3, 1),
    )
    services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.BANK,
        starts_on=date(2026, 3, 1),
        ends_on=None,
        hours_per_week=D("30"),
        pence_per_hour=3900,
        today=date(2026, 3, 1),
    )
    first.refresh_from_db()
    vacant.refresh_from_db()
    assert first.ends_on == date(2026, 2, 28)
    assert vacant.cover == Post.Cover.BANK
    assert actions(world.a)[-2:] == ["post.cover_added", "post.cover_added"]


def test_ending_the_running_cover_leaves_the_post_not_covered(world, vacant):
    cover = services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.OVERTIME,
        starts_on=date(2026, 2, 1),
        ends_on=None,
        hours_per_week=D("7.5"),
        pence_per_hour=3000,
        today=date(2026, 2, 10),
    )
    services.cover_end(cover=cover, actor=None, on=date(2026, 2, 9), today=date(2026, 2, 10))
    vacant.refresh_from_db()
    assert vacant.cover == Post.Cover.NONE
    assert actions(world.a)[-1] == "post.cover_ended"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"hours_per_week": D("0")}, "hours of cover", id="paid cover with no hours"),
        pytest.param({"pence_per_hour": 0}, "what an hour", id="paid cover with no rate"),
        pytest.param({"starts_on": date(2026, 1, 4)}, "fell vacant", id="before the vacancy"),
        pytest.param({"ends_on": date(2026, 1, 31)}, "on or after its first day", id="ends first"),
    ],
)
def test_cover_must_make_sense(vacant, kwargs, message):
    args = {
        "kind": Post.Cover.AGENCY,
        "starts_on": date(2026, 2, 1),
        "ends_on": None,
        "hours_per_week": D("37"),
        "pence_per_hour": 5000,
        **kwargs,
    }
    with pytest.raises(services.WorkforceError, match=message):
        services.cover_add(post=vacant, actor=None, **args)


def test_cover_of_a_filled_post_is_refused(held):
    with pytest.raises(services.WorkforceError, match="Only a vacant post"):
        services.cover_add(
            post=held,
            actor=None,
            kind=Post.Cover.BANK,
            starts_on=date(2026, 2, 1),
            ends_on=None,
            hours_per_week=D("37"),
            pence_per_hour=4000,
        )


def test_no_cover_costs_nothing_whatever_is_entered(vacant):
    cover = services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.NONE,
        starts_on=date(2026, 2, 1),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=4000,
    )
    assert (cover.hours_per_week, cover.pence_per_hour) == (0, 0)


def test_a_plan_with_steps_is_created_changed_and_audited(world, vacant):
    plan = services.plan_create(
        organisation=world.a,
        actor=None,
        title="Recruit to the long-term team",
        posts=[vacant],
        owner=world.manager_person,
        today=date(2026, 2, 1),
    )
    step = services.step_add(
        plan=plan,
        actor=None,
        kind=ActionStep.Kind.ADVERTISED,
        owner=world.manager_person,
        due_on=date(2026, 2, 14),
    )
    services.step_change(
        step=step,
        actor=None,
        kind=step.kind,
        owner=step.owner,
        due_on=step.due_on,
        done_on=date(2026, 2, 12),
        note="Advertised on the council's jobs site",
    )
    services.plan_change(
        plan=plan,
        actor=None,
        title=plan.title,
        posts=[vacant],
        owner=None,
        status=ActionPlan.Status.ON_HOLD,
    )
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.ON_HOLD and plan.owner is None
    assert list(plan.posts.all()) == [vacant]
    assert actions(world.a)[-4:] == [
        "action_plan.created",
        "action_plan.step_added",
        "action_plan.step_changed",
        "action_plan.changed",
    ]


def test_a_plan_needs_a_title_and_a_post(world, vacant):
    with pytest.raises(services.WorkforceError, match="title"):
        services.plan_create(
            organisation=world.a, actor=None, title=" ", posts=[vacant], owner=None
        )
    with pytest.raises(services.WorkforceError, match="at least one post"):
        services.plan_create(organisation=world.a, actor=None, title="Plan", posts=[], owner=None)


def test_a_plan_cannot_take_another_organisations_post(world):
    post_b = PostFactory(team=world.team_b, holder=None, vacant_since=date(2026, 1, 1))
    with pytest.raises(services.WorkforceError, match="this organisation"):
        services.plan_create(
            organisation=world.a, actor=None, title="Plan", posts=[post_b], owner=None
        )


@pytest.mark.parametrize(
    ("due_on", "done_on", "today", "overdue"),
    [
        pytest.param(date(2026, 3, 1), None, date(2026, 3, 1), False, id="due today"),
        pytest.param(date(2026, 3, 1), None, date(2026, 3, 2), True, id="a day late"),
        pytest.param(date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 9), False, id="done late"),
    ],
)
def test_a_step_is_overdue_only_when_not_done_after_its_day(due_on, done_on, today, overdue):
    assert ActionStep(due_on=due_on, done_on=done_on).is_overdue(today) is overdue
