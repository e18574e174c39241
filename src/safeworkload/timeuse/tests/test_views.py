"""The time-use pages as each role sees them, and the CSV download."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.testing import PersonFactory, World
from safeworkload.timeuse.models import TimeSample
from safeworkload.timeuse.services import time_sample_record

pytestmark = pytest.mark.django_db

D = Decimal
FORM = {
    "face_to_face": "6",
    "remote_contact": "2",
    "recording": "18",
    "other_admin": "2",
    "travel": "6",
    "supervision": "1.5",
    "learning": "0.5",
    "meetings": "4",
}


def last_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday(), weeks=1)


def as_(client, world: World, role: str):
    client.force_login(world.users[role])
    return client


def record(person, week=None):
    hours = {key: D(value) for key, value in FORM.items()}
    return time_sample_record(
        person=person,
        week_starting=week or last_monday(),
        hours=hours,
        actor=None,
        today=timezone.localdate(),
    ).sample


def five_in_team_a(world: World) -> list:
    people = [world.practitioner_person] + [
        PersonFactory(organisation=world.a, team=world.team_a) for _ in range(4)
    ]
    return [record(p) for p in people]


# ---------------------------------------------------------------------------
# Recording a week


def test_the_form_offers_last_week_first_and_eight_kinds_of_work(client, world):
    page = as_(client, world, "practitioner").get("/time-use/mine/record/").content.decode()
    assert f'value="{last_monday().isoformat()}" checked' in page
    for label in ("Face to face with people", "Phone or video with people", "Meetings"):
        assert label in page
    assert page.count('inputmode="decimal"') == 8


def test_a_practitioner_records_a_week_and_sees_their_share_against_the_target(client, world):
    c = as_(client, world, "practitioner")
    response = c.post("/time-use/mine/record/", {"week_starting": last_monday(), **FORM})
    assert response.status_code == 302
    assert response["Location"] == "/time-use/mine/"
    sample = TimeSample.objects.get(person=world.practitioner_person)
    assert sample.week_starting == last_monday()
    page = c.get("/time-use/mine/").content.decode()
    assert "20.0% of the week with people: 60.0 points below the 80% target" in page
    assert "is recorded" in page


def test_blank_boxes_count_as_no_hours(client, world):
    c = as_(client, world, "practitioner")
    c.post("/time-use/mine/record/", {"week_starting": last_monday(), "recording": "7.5"})
    sample = TimeSample.objects.get(person=world.practitioner_person)
    assert (sample.recording, sample.face_to_face) == (D("7.5"), D(0))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"face_to_face": "seven"},
            "Enter the hours for face to face with people as a number, like 7.5",
        ),
        ({"travel": "7.1"}, "Enter hours for travel in quarter hours, like 7.25 or 7.5"),
        ({"learning": "101"}, "Hours for learning must be 100 or fewer"),
        ({"meetings": "-2"}, "Hours for meetings must be 0 or more"),
        ({}, "Enter the hours for at least one kind of work"),
        ({"week_starting": "2020-01-06", "recording": "1"}, "Select one of the weeks shown"),
    ],
)
def test_each_mistake_gets_its_own_message(client, world, data, message):
    c = as_(client, world, "practitioner")
    response = c.post("/time-use/mine/record/", {"week_starting": last_monday(), **data})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not TimeSample.objects.exists()


def test_the_form_fills_in_last_week_when_it_was_recorded_already(client, world):
    record(world.practitioner_person)
    page = as_(client, world, "practitioner").get("/time-use/mine/record/").content.decode()
    assert "Saving replaces them" in page
    assert 'value="18.00"' in page


def test_a_lead_without_a_staff_record_is_told_why_there_is_nothing_to_record(client, world):
    page = as_(client, world, "service_lead").get("/time-use/mine/").content.decode()
    assert "not linked to a staff record" in page


# ---------------------------------------------------------------------------
# Individual samples: the person and their supervisor only


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("practitioner", 200),
        ("team_manager", 200),
        ("service_lead", 404),
        ("union_rep", 404),
        ("org_admin", 404),
        ("outsider", 404),
    ],
)
def test_a_sample_is_seen_by_the_person_and_their_teams_manager_only(client, world, role, status):
    sample = record(world.practitioner_person)
    c = as_(client, world, role)
    assert c.get(f"/time-use/samples/{sample.pk}/").status_code == status
    assert c.get(f"/time-use/people/{world.practitioner_person.pk}/").status_code == status


def test_a_manager_gets_not_found_for_another_teams_individual(client, world):
    sample = record(world.colleague_elsewhere)
    c = as_(client, world, "team_manager")
    assert c.get(f"/time-use/samples/{sample.pk}/").status_code == 404
    assert c.get(f"/time-use/people/{world.colleague_elsewhere.pk}/").status_code == 404


def test_a_sample_page_shows_the_hours_and_the_extra_over_contract(client, world):
    sample = record(world.practitioner_person)
    page = as_(client, world, "team_manager").get(f"/time-use/samples/{sample.pk}/")
    text = page.content.decode()
    assert "18.00 hours" in text
    assert "3.00 hours" in text  # 40 worked on a 37-hour contract


# ---------------------------------------------------------------------------
# Dashboards


def test_a_team_of_four_is_not_shown(client, world):
    for person in [
        world.practitioner_person,
        *(PersonFactory(organisation=world.a, team=world.team_a) for _ in range(3)),
    ]:
        record(person)
    page = as_(client, world, "union_rep").get(f"/time-use/dashboard/team/{world.team_a.pk}/")
    text = page.content.decode()
    assert "Fewer than 5 people recorded a week, so this is not shown" in text
    assert "of sampled time was with people" not in text


def test_a_team_of_five_shows_its_shares_trend_extra_hours_and_administrator(client, world):
    five_in_team_a(world)
    text = (
        as_(client, world, "union_rep")
        .get(f"/time-use/dashboard/team/{world.team_a.pk}/")
        .content.decode()
    )
    assert "20.0% of the week with people: 60.0 points below the 80% target" in text
    assert "Month by month against the 80% target" in text
    assert "3.00 hours over contract" in text
    assert "could take 23.00 hours a week of their admin" in text
    # Aggregates only: no one is named to a union representative.
    assert world.practitioner_person.family_name not in text


def test_a_manager_sees_their_teams_aggregate_and_links_to_their_members(client, world):
    five_in_team_a(world)
    text = (
        as_(client, world, "team_manager")
        .get(f"/time-use/dashboard/team/{world.team_a.pk}/")
        .content.decode()
    )
    assert "20.0% of the week with people" in text
    assert f"/time-use/people/{world.practitioner_person.pk}/" in text


def test_a_lead_sees_the_team_aggregate_but_no_names(client, world):
    five_in_team_a(world)
    text = (
        as_(client, world, "service_lead")
        .get(f"/time-use/dashboard/team/{world.team_a.pk}/")
        .content.decode()
    )
    assert "20.0% of the week with people" in text
    assert "/time-use/people/" not in text


def test_the_organisation_dashboard_lists_each_group_and_holds_back_the_small_ones(client, world):
    five_in_team_a(world)
    text = as_(client, world, "service_lead").get("/time-use/dashboard/").content.decode()
    assert "Adults long-term" in text
    assert "Children duty" in text
    assert text.count("Fewer than 5 people recorded a week") >= 2  # children's area and team


def test_the_service_dashboard_shows_its_own_teams(client, world):
    five_in_team_a(world)
    text = (
        as_(client, world, "union_rep").get("/time-use/dashboard/service/adults/").content.decode()
    )
    assert "Adults long-term" in text and "Children duty" not in text
    assert (
        as_(client, world, "union_rep").get("/time-use/dashboard/service/pets/").status_code == 404
    )


def test_the_csv_gives_every_group_and_blanks_the_small_ones(client, world):
    five_in_team_a(world)
    response = as_(client, world, "union_rep").get("/time-use/dashboard/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Adults long-term"]["direct_percent"] == "20.0"
    assert rows["Adults long-term"]["people_who_recorded"] == "5"
    assert rows["Adults long-term"]["hours_a_year_if_unpaid"] == "144.00"
    assert rows["Children duty"]["shown"] == "no"
    assert rows["Children duty"]["people_who_recorded"] == ""
    assert rows["Children duty"]["direct_percent"] == ""


def test_the_period_can_be_changed_and_a_wrong_one_is_ignored(client, world):
    c = as_(client, world, "union_rep")
    assert "The last 12 months" in c.get("/time-use/dashboard/?months=12").content.decode()
    assert c.get("/time-use/dashboard/?months=7").status_code == 200


def test_a_larger_minimum_group_holds_back_a_team_of_five(client, world, settings):
    settings.SAFEWORKLOAD_TIME_USE_MIN_GROUP = 6
    five_in_team_a(world)
    text = (
        as_(client, world, "union_rep")
        .get(f"/time-use/dashboard/team/{world.team_a.pk}/")
        .content.decode()
    )
    assert "Fewer than 6 people recorded a week, so this is not shown" in text


def test_a_supervisor_under_an_agreement_may_open_the_persons_samples(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from safeworkload.supervision.models import Agreement
    from safeworkload.testing import PersonFactory

    supervisor = PersonFactory(organisation=world.a, team=world.other_team_a)
    Agreement.objects.create(
        organisation=world.a,
        supervisee=world.practitioner_person,
        supervisor=supervisor,
        kind=Agreement.Kind.PROFESSIONAL,
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    from safeworkload.organisations.models import Membership
    from safeworkload.testing import make_user

    user = make_user("supervisor@a.example")
    Membership.objects.create(
        user=user, organisation=world.a, role="practitioner", person=supervisor
    )
    client.force_login(user)
    assert client.get(f"/time-use/people/{world.practitioner_person.pk}/").status_code == 200
    assert client.get(f"/time-use/people/{world.colleague_elsewhere.pk}/").status_code == 404
