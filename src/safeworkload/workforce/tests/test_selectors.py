"""The measures at a date, by team and for the organisation, and what cover costs."""

from datetime import date
from decimal import Decimal

import pytest

from safeworkload.bank.models import RateCard
from safeworkload.organisations.models import Person
from safeworkload.testing import OrganisationFactory, PersonFactory, PostFactory, TeamFactory
from safeworkload.workforce import services
from safeworkload.workforce.models import Post
from safeworkload.workforce.selectors import (
    action_plans,
    cover_costs,
    establishment,
    workforce_measures,
)

pytestmark = pytest.mark.django_db
D = Decimal
CENSUS = date(2025, 9, 30)
Employment = Person.EmploymentType


@pytest.fixture
def org():
    return OrganisationFactory()  # a 37-hour week


@pytest.fixture
def team(org):
    return TeamFactory(organisation=org, name="Hospital")


@pytest.fixture
def other_team(org):
    return TeamFactory(organisation=org, name="Review")


def person(org, team, **kwargs):
    kwargs.setdefault("start_date", date(2020, 1, 6))
    return PersonFactory(organisation=org, team=team, **kwargs)


def vacant_post(team, since, fte="1.00", **kwargs):
    return PostFactory(team=team, holder=None, vacant_since=since, funded_fte=D(fte), **kwargs)


def test_the_measures_follow_dfes_definitions_at_the_census_date(org, team):
    # Three in post (2.5 FTE), one of them a starter in the year.
    for hours, started in (("37", date(2019, 1, 1)), ("37", date(2020, 1, 1))):
        person(org, team, contracted_hours=D(hours), start_date=started)
    person(org, team, contracted_hours=D("18.5"), start_date=date(2025, 3, 1))
    # A leaver in the year (not in post at the census) and one the year before.
    person(org, team, start_date=date(2018, 1, 1), end_date=date(2025, 6, 30))
    person(org, team, start_date=date(2018, 1, 1), end_date=date(2024, 9, 30))
    # One agency worker with a staff record.
    person(org, team, employment_type=Employment.AGENCY, start_date=date(2025, 7, 1))
    # Vacancies: 1.5 FTE open at the census; one opened after it does not count.
    covered = vacant_post(team, date(2025, 6, 1))
    vacant_post(team, date(2025, 9, 30), fte="0.5")
    vacant_post(team, date(2025, 10, 1))
    services.cover_add(
        post=covered,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2025, 7, 1),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5000,
        today=CENSUS,
    )

    m = workforce_measures(organisation=org, census=CENSUS).organisation

    assert (m.in_post_fte, m.in_post_headcount) == (D("2.5"), 3)
    assert (m.vacancy_fte, m.vacant_posts) == (D("1.5"), 2)
    assert m.vacancy_rate == D("37.5")  # 1.5 / (1.5 + 2.5)
    # The agency worker counts once: by their record, and the cover has no worker named.
    assert (m.agency_fte, m.agency_headcount) == (D("2"), 2)
    assert m.agency_rate == D("2") * 100 / D("4.5")
    assert m.agency_cover_fte == D("1")
    assert m.vacancies_covered_by_agency == D("1") * 100 / D("1.5")
    assert m.agency_covering_vacancies == D("50")
    assert (m.starters_headcount, m.starters_fte) == (1, D("0.5"))
    assert (m.leavers_headcount, m.leavers_fte) == (1, D("1"))
    assert m.turnover_rate == D("40")  # 1 / 2.5
    assert m.turnover_rate_headcount == D("1") * 100 / D("3")


def test_an_agency_worker_named_on_the_cover_is_counted_once(org, team):
    person(org, team)
    worker = person(org, None, employment_type=Employment.AGENCY, start_date=date(2025, 7, 1))
    post = vacant_post(team, date(2025, 6, 1))
    services.cover_add(
        post=post,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2025, 7, 1),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5000,
        worker=worker,
        today=CENSUS,
    )
    m = workforce_measures(organisation=org, census=CENSUS).organisation
    assert (m.agency_fte, m.agency_headcount, m.agency_cover_fte) == (D("1"), 1, D("1"))


def test_a_vacancy_filled_since_still_counts_at_a_date_before_it_was_filled(org, team):
    post = vacant_post(team, date(2025, 6, 1))
    starter = person(org, team, start_date=date(2025, 11, 3))
    services.post_fill(post=post, actor=None, person=starter, on=date(2025, 11, 3))
    before = workforce_measures(organisation=org, census=CENSUS).organisation
    after = workforce_measures(organisation=org, census=date(2026, 9, 30)).organisation
    assert (before.vacancy_fte, before.in_post_headcount) == (D("1"), 0)
    assert (after.vacancy_fte, after.in_post_headcount) == (D("0"), 1)
    assert after.starters_headcount == 1


def test_someone_whose_last_day_is_the_census_day_is_in_post_and_a_leaver(org, team):
    person(org, team, end_date=CENSUS)
    m = workforce_measures(organisation=org, census=CENSUS).organisation
    assert (m.in_post_headcount, m.leavers_headcount) == (1, 1)


def test_an_organisation_with_no_posts_or_staff_has_no_figures(org):
    m = workforce_measures(organisation=org, census=CENSUS).organisation
    assert m.vacancy_rate is None and m.agency_rate is None and m.turnover_rate is None


def test_the_measures_split_by_team_and_add_up_to_the_organisations(org, team, other_team):
    person(org, team)
    person(org, other_team, contracted_hours=D("18.5"))
    vacant_post(other_team, date(2025, 1, 1))
    report = workforce_measures(organisation=org, census=CENSUS)
    by_name = {t.name: m for t, m in report.teams}
    assert by_name["Hospital"].vacancy_rate == D("0")
    assert by_name["Review"].vacancy_rate == D("1") * 100 / D("1.5")
    assert report.organisation.in_post_fte == D("1.5")


def test_the_dfe_scope_leaves_out_roles_that_are_not_social_work(org, team):
    person(org, team)
    person(org, team, job_role=Person.JobRole.ADMINISTRATOR)
    vacant_post(team, date(2025, 1, 1), job_role=Person.JobRole.OCCUPATIONAL_THERAPIST)
    everyone = workforce_measures(organisation=org, census=CENSUS).organisation
    dfe = workforce_measures(organisation=org, census=CENSUS, social_work_only=True).organisation
    assert (everyone.in_post_headcount, everyone.vacant_posts) == (2, 1)
    assert (dfe.in_post_headcount, dfe.vacant_posts) == (1, 0)


def test_a_vacancy_marked_agency_before_cover_was_recorded_counts_as_agency_cover(world):
    m = workforce_measures(organisation=world.a, census=date(2026, 9, 30)).organisation
    assert m.agency_cover_fte == D("1")


def test_agency_cover_is_set_against_the_regional_banks_base_rate(world):
    post = Post.objects.get(team=world.team_a, holder__isnull=True)
    post.grade = "SW2"
    post.save()
    services.cover_add(
        post=post,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5500,
        today=date(2026, 3, 1),
    )
    for grade, base in (("SW2", 3800), ("", 3500)):
        RateCard.objects.create(
            region=world.region,
            job_role=Person.JobRole.SOCIAL_WORKER,
            grade=grade,
            base_pence_per_hour=base,
            cap_pence_per_hour=4500,
            effective_from=date(2025, 4, 1),
        )
    costs = cover_costs(organisation=world.a, on=date(2026, 3, 1))
    (row,) = costs.rows
    assert row.weekly_pence == 37 * 5500
    assert row.bank_card.base_pence_per_hour == 3800  # the grade's own card first
    assert costs.agency_compared_annual == 37 * 5500 * 52
    assert costs.agency_at_bank_annual == 37 * 3800 * 52
    assert costs.agency_over_bank_annual == 37 * 1700 * 52


def test_without_a_bank_rate_for_the_role_there_is_nothing_to_compare(world):
    post = Post.objects.get(team=world.team_a, holder__isnull=True)
    services.cover_add(
        post=post,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=D("37"),
        pence_per_hour=5500,
        today=date(2026, 3, 1),
    )
    RateCard.objects.create(
        region=world.region,
        job_role=Person.JobRole.OCCUPATIONAL_THERAPIST,
        base_pence_per_hour=3000,
        cap_pence_per_hour=3500,
        effective_from=date(2025, 4, 1),
    )
    costs = cover_costs(organisation=world.a, on=date(2026, 3, 1))
    assert costs.rows[0].bank_card is None
    assert costs.agency_without_bank_rate == 1 and costs.agency_at_bank_annual == 0


def test_the_register_filters_by_team_role_and_status(world):
    everything = establishment(organisation=world.a)
    assert len(everything) == 2
    assert [p.is_vacant for p in establishment(organisation=world.a, status="vacant")] == [True]
    assert len(establishment(organisation=world.a, team_id=world.other_team_a.pk)) == 0
    assert len(establishment(organisation=world.a, job_role=Person.JobRole.ASSISTANT)) == 0


def test_the_plan_list_puts_the_most_pressing_next_step_first(world):
    vacant = Post.objects.get(team=world.team_a, holder__isnull=True)
    later = services.plan_create(
        organisation=world.a, actor=None, title="Later", posts=[vacant], owner=None
    )
    sooner = services.plan_create(
        organisation=world.a, actor=None, title="Sooner", posts=[vacant], owner=None
    )
    for plan, due in ((later, date(2026, 5, 1)), (sooner, date(2026, 3, 1))):
        services.step_add(plan=plan, actor=None, kind="advertised", owner=None, due_on=due)
    services.step_add(
        plan=sooner,
        actor=None,
        kind="other",
        owner=None,
        due_on=date(2026, 1, 1),
        done_on=date(2026, 2, 1),
    )
    rows = action_plans(organisation=world.a, today=date(2026, 4, 1))
    assert [r.plan.title for r in rows] == ["Sooner", "Later"]
    assert rows[0].next_step.due_on == date(2026, 3, 1)
    assert (rows[0].overdue_steps, rows[0].done_steps, rows[0].steps) == (1, 1, 2)
    assert rows[1].overdue_steps == 0
