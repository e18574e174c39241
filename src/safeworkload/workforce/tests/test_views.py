"""The vacancy pages as leads and union representatives see them: the register
and its filters, adding, vacating and filling posts, cover, plans, the
measures and their CSV, and nothing of another organisation's."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.calc.workforce import census_date
from safeworkload.testing import PersonFactory, PostFactory
from safeworkload.workforce import services
from safeworkload.workforce.models import ActionPlan, ActionStep, Post, VacancyCover

pytestmark = pytest.mark.django_db


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def today():
    return timezone.localdate()


def date_fields(name, on):
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def vacant(world):
    return Post.objects.get(team=world.team_a, holder__isnull=True)


@pytest.fixture
def held(world):
    return Post.objects.get(holder=world.practitioner_person)


def test_the_register_lists_every_post_and_filters_by_status(client, world):
    page = as_(client, world, "service_lead").get("/vacancies/posts/").content.decode()
    assert "2 posts" in page and world.practitioner_person.full_name in page
    vacant_only = client.get("/vacancies/posts/", {"status": "vacant"}).content.decode()
    assert "1 post," in vacant_only and world.practitioner_person.full_name not in vacant_only


def test_a_union_representative_sees_that_a_post_is_filled_not_by_whom(client, world, held):
    as_(client, world, "union_rep")
    for url in ("/vacancies/posts/", f"/vacancies/posts/{held.pk}/"):
        page = client.get(url).content.decode()
        assert world.practitioner_person.family_name not in page
        assert "Filled" in page
    export = rows(client.get("/vacancies/posts/export.csv"))
    assert next(r[5:7] for r in export if r[0] == str(held.pk)) == ["filled", "filled"]


def test_the_register_exports_as_csv(client, world, vacant):
    response = as_(client, world, "org_admin").get("/vacancies/posts/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    table = rows(response)
    assert table[0][:4] == ["post_id", "team", "job_role", "grade"]
    line = next(r for r in table if r[0] == str(vacant.pk))
    assert line[5] == "vacant" and line[7] == "2026-01-05" and line[8] == "agency"


def test_adding_a_post_with_nothing_entered_gives_the_gov_uk_errors(client, world):
    response = as_(client, world, "service_lead").post(
        "/vacancies/posts/new/", {"funded_fte": "", "vacant_since_day": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    for message in (
        "Select the team",
        "Enter the funded FTE",
        "Enter date the post became vacant",
    ):
        assert message in page
    assert 'href="#vacant_since-day"' in page


def test_a_funded_fte_above_one_is_refused_in_words(client, world):
    response = as_(client, world, "service_lead").post(
        "/vacancies/posts/new/",
        {
            "team": world.team_a.pk,
            "job_role": "social_worker",
            "funded_fte": "1.5",
            **date_fields("vacant_since", today()),
        },
    )
    assert "Funded FTE must be 1 or less" in response.content.decode()


def test_a_lead_adds_a_post_and_it_is_audited(client, world):
    response = as_(client, world, "service_lead").post(
        "/vacancies/posts/new/",
        {
            "team": world.other_team_a.pk,
            "job_role": "senior_practitioner",
            "grade": "SP1",
            "funded_fte": "0.6",
            **date_fields("vacant_since", today()),
        },
    )
    post = Post.objects.get(team=world.other_team_a)
    assert response.status_code == 302 and response["Location"] == f"/vacancies/posts/{post.pk}/"
    assert post.funded_fte == Decimal("0.60") and post.is_vacant
    assert AuditEntry.objects.filter(organisation=world.a, action="post.created").exists()


def test_another_organisations_team_cannot_be_chosen(client, world):
    response = as_(client, world, "service_lead").post(
        "/vacancies/posts/new/",
        {
            "team": world.team_b.pk,
            "job_role": "social_worker",
            "funded_fte": "1",
            **date_fields("vacant_since", today()),
        },
    )
    assert "Select the team" in response.content.decode()
    assert not Post.objects.filter(team=world.team_b, organisation=world.a).exists()


def test_a_lead_vacates_a_post_when_its_holder_leaves(client, world, held):
    response = as_(client, world, "org_admin").post(
        f"/vacancies/posts/{held.pk}/vacate/", {**date_fields("on", today()), "leaving": "on"}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    world.practitioner_person.refresh_from_db()
    assert held.vacant_since == today()
    assert world.practitioner_person.end_date == today() - timedelta(days=1)


def test_filling_a_post_with_no_one_chosen_says_so(client, world, vacant):
    response = as_(client, world, "service_lead").post(
        f"/vacancies/posts/{vacant.pk}/fill/", date_fields("on", today())
    )
    assert "Select who holds the post" in response.content.decode()


def test_a_lead_fills_a_post_with_someone_who_holds_none(client, world, vacant):
    as_(client, world, "service_lead")
    page = client.get(f"/vacancies/posts/{vacant.pk}/fill/").content.decode()
    assert world.colleague_elsewhere.full_name in page
    assert world.practitioner_person.full_name not in page  # holds a post already
    client.post(
        f"/vacancies/posts/{vacant.pk}/fill/",
        {"person": world.colleague_elsewhere.pk, **date_fields("on", today())},
    )
    vacant.refresh_from_db()
    assert vacant.holder == world.colleague_elsewhere


def test_a_fill_date_before_the_vacancy_shows_the_services_reason(client, world, vacant):
    response = as_(client, world, "service_lead").post(
        f"/vacancies/posts/{vacant.pk}/fill/",
        {"person": world.colleague_elsewhere.pk, **date_fields("on", date(2025, 12, 1))},
    )
    page = response.content.decode()
    assert "There is a problem" in page and "on or after 5 January 2026" in page


def test_paid_cover_needs_hours_and_a_rate(client, world, vacant):
    response = as_(client, world, "service_lead").post(
        f"/vacancies/posts/{vacant.pk}/cover/",
        {"kind": "agency", **date_fields("starts_on", date(2026, 2, 1))},
    )
    page = response.content.decode()
    assert "Enter the hours of cover a week" in page
    assert "Enter what an hour of cover costs" in page


def test_a_lead_records_agency_cover_and_sees_what_it_costs(client, world, vacant):
    as_(client, world, "service_lead").post(
        f"/vacancies/posts/{vacant.pk}/cover/",
        {
            "kind": "agency",
            **date_fields("starts_on", date(2026, 2, 1)),
            "hours_per_week": "37",
            "pounds_per_hour": "52.50",
        },
    )
    cover = VacancyCover.objects.get(post=vacant)
    assert cover.pence_per_hour == 5250
    page = client.get(f"/vacancies/posts/{vacant.pk}/").content.decode()
    assert "£1,942.50" in page  # a week: 37 hours at £52.50
    assert "£101,010.00" in page  # 52 weeks
    assert "No bank rate for this role" in page


def test_a_lead_ends_a_cover_arrangement(client, world, vacant):
    cover = services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.BANK,
        starts_on=date(2026, 2, 1),
        ends_on=None,
        hours_per_week=Decimal("37"),
        pence_per_hour=4000,
    )
    response = as_(client, world, "service_lead").post(
        f"/vacancies/posts/{vacant.pk}/cover/{cover.pk}/end/", date_fields("ends_on", today())
    )
    assert response.status_code == 302
    cover.refresh_from_db()
    assert cover.ends_on == today()


def test_a_plan_is_started_with_its_posts_and_steps_added(client, world, vacant):
    as_(client, world, "service_lead")
    form = client.get(f"/vacancies/plans/new/?post={vacant.pk}").content.decode()
    assert f'value="{vacant.pk}" checked' in form
    response = client.post(
        "/vacancies/plans/new/", {"title": "Recruit to adults long-term", "posts": [vacant.pk]}
    )
    plan = ActionPlan.objects.get()
    assert response["Location"] == f"/vacancies/plans/{plan.pk}/"
    client.post(
        f"/vacancies/plans/{plan.pk}/steps/new/",
        {"kind": "advertised", **date_fields("due_on", today() - timedelta(days=3))},
    )
    page = client.get(f"/vacancies/plans/{plan.pk}/").content.decode()
    assert "Advertise" in page and "Overdue" in page
    listing = client.get("/vacancies/plans/").content.decode()
    assert "1 with overdue steps" in listing


def test_a_plan_with_no_title_or_posts_gets_the_gov_uk_errors(client, world):
    page = as_(client, world, "service_lead").post("/vacancies/plans/new/", {}).content.decode()
    assert "Enter a title for the plan" in page
    assert "Select at least one post the plan is to fill" in page


def test_a_step_done_in_the_future_is_refused(client, world, vacant):
    plan = services.plan_create(
        organisation=world.a, actor=None, title="Plan", posts=[vacant], owner=None
    )
    response = as_(client, world, "service_lead").post(
        f"/vacancies/plans/{plan.pk}/steps/new/",
        {
            "kind": "interviews",
            **date_fields("due_on", today()),
            **date_fields("done_on", today() + timedelta(days=2)),
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert not ActionStep.objects.exists()


def test_marking_the_next_step_done_records_today(client, world, vacant):
    plan = services.plan_create(
        organisation=world.a, actor=None, title="Plan", posts=[vacant], owner=None
    )
    step = services.step_add(
        plan=plan, actor=None, kind="offers", owner=None, due_on=today() + timedelta(days=7)
    )
    as_(client, world, "org_admin").post(f"/vacancies/plans/{plan.pk}/steps/{step.pk}/done/")
    step.refresh_from_db()
    assert step.done_on == today()


def test_the_measures_default_to_the_last_30_september(client, world):
    page = as_(client, world, "union_rep").get("/vacancies/measures/").content.decode()
    assert f"Workforce measures at {census_date(today()):%-d %B %Y}" in page
    assert "Vacancy rate" in page and "Adults long-term" in page


def test_the_measures_at_a_chosen_date_and_their_csv(client, world):
    PersonFactory(organisation=world.a, team=world.team_a, end_date=date(2026, 3, 31))
    query = {**date_fields("census", date(2026, 9, 30)), "scope": "all"}
    as_(client, world, "service_lead")
    page = client.get("/vacancies/measures/", query).content.decode()
    assert "Workforce measures at 30 September 2026" in page
    table = rows(client.get("/vacancies/measures/export.csv", query))
    header, total = table[0], table[1]
    line = dict(zip(header, total, strict=True))
    assert line["census_date"] == "2026-09-30" and line["team"] == ""
    # In post: the manager, the practitioner and the colleague; 1 FTE vacant in team A.
    assert line["in_post_headcount"] == "3" and line["vacancy_fte"] == "1.00"
    assert line["vacancy_rate_percent"] == "25.0"
    assert line["leavers_headcount"] == "1" and line["turnover_rate_fte_percent"] == "33.3"
    assert {r[3] for r in table[2:]} == {"Adults long-term", "Children duty"}


def test_a_date_that_is_not_real_gets_the_gov_uk_error(client, world):
    response = as_(client, world, "service_lead").get(
        "/vacancies/measures/", {"census_day": "31", "census_month": "2", "census_year": "2026"}
    )
    page = response.content.decode()
    assert "There is a problem" in page and "must be a real date" in page


def test_the_costs_page_and_csv_show_running_cover(client, world, vacant):
    services.cover_add(
        post=vacant,
        actor=None,
        kind=Post.Cover.AGENCY,
        starts_on=date(2026, 1, 5),
        ends_on=None,
        hours_per_week=Decimal("30"),
        pence_per_hour=5000,
    )
    as_(client, world, "union_rep")
    assert "£1,500.00" in client.get("/vacancies/costs/").content.decode()
    table = rows(client.get("/vacancies/costs/export.csv"))
    assert table[1][4:11] == ["agency", "2026-01-05", "", "30.0", "5000", "150000", "7800000"]


def test_the_vacancy_list_links_to_the_new_pages(client, world):
    page = as_(client, world, "service_lead").get("/vacancies/").content.decode()
    for href in ("/vacancies/posts/", "/vacancies/plans/", "/vacancies/measures/"):
        assert f'href="{href}"' in page


@pytest.mark.parametrize(
    "path",
    ["", "change/", "vacate/", "fill/", "cover/"],
)
def test_another_organisations_post_is_not_found(client, world, path):
    post_b = PostFactory(team=world.team_b, holder=None, vacant_since=date(2026, 1, 1))
    response = as_(client, world, "org_admin").get(f"/vacancies/posts/{post_b.pk}/{path}")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["", "change/", "steps/new/"])
def test_another_organisations_plan_is_not_found(client, world, path):
    post_b = PostFactory(team=world.team_b, holder=None, vacant_since=date(2026, 1, 1))
    plan_b = services.plan_create(
        organisation=world.b, actor=None, title="B's plan", posts=[post_b], owner=None
    )
    response = as_(client, world, "org_admin").get(f"/vacancies/plans/{plan_b.pk}/{path}")
    assert response.status_code == 404
