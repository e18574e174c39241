"""The concern pages as each role sees them: raising, following progress,
closing and taking higher, answering, and the register and its CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from safeworkload.concerns.models import Concern, Level
from safeworkload.concerns.tests.factories import ANSWER, DETAIL, SUBJECT, raise_concern

pytestmark = pytest.mark.django_db


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def today():
    return timezone.localdate()


def test_a_practitioner_raises_a_concern_and_sees_its_deadline(client, world):
    as_(client, world, "practitioner")
    response = client.post(
        "/concerns/new/",
        {"subject": SUBJECT, "detail": DETAIL, "level": str(Level.DIRECTOR)},
        follow=True,
    )
    concern = Concern.objects.get()
    assert concern.raised_by == world.practitioner_person
    assert concern.level == Level.DIRECTOR
    page = response.content.decode()
    assert f"Answer due by {concern.answer_due_on.strftime('%-d %B %Y')}" in page
    assert DETAIL in page
    listing = client.get("/concerns/").content.decode()
    assert SUBJECT in listing


def test_an_empty_form_gets_the_gov_uk_errors(client, world):
    response = as_(client, world, "practitioner").post("/concerns/new/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter what your concern is about" in page
    assert "Enter your concern" in page
    assert "Select how high your concern goes" in page
    assert page.count('href="#subject"') == 1
    assert not Concern.objects.exists()


def test_the_top_rung_on_the_form_is_named_for_a_council(client, world):
    page = as_(client, world, "practitioner").get("/concerns/new/").content.decode()
    assert "Elected member (councillor)" in page


def test_someone_without_a_staff_record_is_told_why_they_cannot_raise_one(client, world):
    as_(client, world, "union_rep")
    page = client.get("/concerns/new/").content.decode()
    assert "not linked to a staff record" in page
    response = client.post("/concerns/new/", {"subject": SUBJECT, "detail": DETAIL, "level": "2"})
    assert response.status_code == 200
    assert not Concern.objects.exists()


def test_an_overdue_concern_says_by_how_many_days(client, world):
    concern = raise_concern(world.practitioner_person, on=today() - timedelta(days=32))
    page = as_(client, world, "practitioner").get(f"/concerns/{concern.pk}/").content.decode()
    assert "Overdue by 4 days" in page


def test_a_concern_due_today_is_not_overdue(client, world):
    concern = raise_concern(world.practitioner_person, on=today() - timedelta(days=28))
    page = as_(client, world, "practitioner").get(f"/concerns/{concern.pk}/").content.decode()
    assert "Answer due today" in page
    assert "Overdue" not in page


@pytest.mark.parametrize("role", ["team_manager", "service_lead", "union_rep", "org_admin"])
def test_nobody_else_opens_a_practitioners_own_concern_page(client, world, role):
    concern = raise_concern(world.practitioner_person, on=today())
    assert as_(client, world, role).get(f"/concerns/{concern.pk}/").status_code == 404


def test_a_team_manager_never_sees_their_staffs_concerns(client, world):
    raise_concern(world.practitioner_person, on=today())
    as_(client, world, "team_manager")
    assert SUBJECT not in client.get("/concerns/").content.decode()
    assert client.get("/concerns/to-answer/").status_code == 403
    assert client.get("/concerns/register/").status_code == 403


def test_the_practitioner_takes_an_answered_concern_higher(client, world):
    concern = raise_concern(world.practitioner_person, on=today(), answered=True)
    as_(client, world, "practitioner")
    page = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert ANSWER in page
    assert "Take it higher" in page
    response = client.post(
        f"/concerns/{concern.pk}/escalate/", {"escalate-level": str(Level.GOVERNANCE)}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.level == Level.GOVERNANCE
    assert concern.status == Concern.Status.RAISED
    page = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert ANSWER in page  # the earlier answer is still there
    assert "Taken higher" in page


def test_taking_a_concern_higher_before_an_answer_shows_why_not(client, world):
    concern = raise_concern(world.practitioner_person, on=today())
    response = as_(client, world, "practitioner").post(
        f"/concerns/{concern.pk}/escalate/", {"escalate-level": str(Level.DIRECTOR)}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    concern.refresh_from_db()
    assert concern.level == Level.SERVICE_LEAD


def test_the_practitioner_closes_their_concern(client, world):
    concern = raise_concern(world.practitioner_person, on=today(), answered=True)
    as_(client, world, "practitioner").post(f"/concerns/{concern.pk}/close/")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED


def test_a_service_lead_acknowledges_and_answers(client, world):
    concern = raise_concern(world.practitioner_person, on=today())
    as_(client, world, "service_lead")
    listing = client.get("/concerns/to-answer/").content.decode()
    assert SUBJECT in listing
    assert world.practitioner_person.full_name in listing
    page = client.get(f"/concerns/to-answer/{concern.pk}/").content.decode()
    assert DETAIL in page
    client.post(f"/concerns/to-answer/{concern.pk}/acknowledge/")
    client.post(f"/concerns/to-answer/{concern.pk}/answer/", {"answer": ANSWER})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ANSWERED
    assert concern.answer == ANSWER
    assert concern.answered_by == world.users["service_lead"]
    assert list(concern.events.values_list("kind", flat=True)) == [
        "raised",
        "acknowledged",
        "answered",
    ]


def test_an_empty_answer_gets_the_gov_uk_error(client, world):
    concern = raise_concern(world.practitioner_person, on=today())
    response = as_(client, world, "org_admin").post(
        f"/concerns/to-answer/{concern.pk}/answer/", {"answer": ""}
    )
    assert "Enter the answer" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RAISED


def test_a_closed_concern_has_no_answer_form_and_refuses_an_answer(client, world):
    concern = raise_concern(world.practitioner_person, on=today())
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.CLOSED)
    as_(client, world, "service_lead")
    assert (
        "Record the answer" not in client.get(f"/concerns/to-answer/{concern.pk}/").content.decode()
    )
    response = client.post(f"/concerns/to-answer/{concern.pk}/answer/", {"answer": ANSWER})
    assert "it can no longer be answered" in response.content.decode()


@pytest.mark.parametrize("role", ["union_rep", "service_lead", "org_admin"])
def test_the_register_shows_no_subject_detail_answer_or_name(client, world, role):
    concern = raise_concern(
        world.practitioner_person, on=today() - timedelta(days=35), answered=False
    )
    answered = raise_concern(world.colleague_elsewhere, on=today(), answered=True)
    page = as_(client, world, role).get("/concerns/register/").content.decode()
    assert f">{concern.pk}<" in page and f">{answered.pk}<" in page
    assert "Overdue by 7 days" in page
    assert "does not show what a concern is about" in page
    for secret in (
        SUBJECT,
        DETAIL,
        ANSWER,
        world.practitioner_person.family_name,
        world.colleague_elsewhere.family_name,
        world.team_a.name,
    ):
        assert secret not in page


def test_the_register_downloads_as_csv_without_content(client, world):
    concern = raise_concern(world.practitioner_person, on=today() - timedelta(days=35))
    response = as_(client, world, "union_rep").get("/concerns/register/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["concern_id"] == str(concern.pk)
    assert row["level_name"] == "Service lead or principal social worker"
    assert row["month_raised"] == concern.raised_on.strftime("%Y-%m")
    assert row["status"] == "raised"
    assert (row["overdue"], row["days_overdue"]) == ("yes", "7")
    text = response.content.decode()
    assert SUBJECT not in text and DETAIL not in text
    assert world.practitioner_person.family_name not in text


def test_the_register_csv_follows_the_filter(client, world):
    raise_concern(world.practitioner_person, on=today() - timedelta(days=35))
    raise_concern(world.practitioner_person, on=today())
    response = as_(client, world, "union_rep").get("/concerns/register/export.csv?status=overdue")
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 1


def test_the_navigation_offers_concerns_to_every_member(client, world):
    page = as_(client, world, "practitioner").get("/").content.decode()
    assert 'href="/concerns/"' in page
