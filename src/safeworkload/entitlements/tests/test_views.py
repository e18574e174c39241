"""The pages: a worker records their own hours; a manager decides their teams' claims."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.caseloads.models import Breach
from safeworkload.entitlements.models import DevelopmentTime, ExtraHours, ToilTaken
from safeworkload.entitlements.tests.factories import development, extra

pytestmark = pytest.mark.django_db

S = ExtraHours.Status
C = ExtraHours.Compensation


def _client(client, world, persona):
    client.force_login(world.users[persona])
    return client


def _date(prefix: str, day) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_a_worker_records_extra_hours_and_sees_them_waiting(client, world):
    today = timezone.localdate()
    c = _client(client, world, "practitioner")
    response = c.post(
        "/hours/mine/extra-hours/new/",
        {
            **_date("worked_on", today),
            "hours": "1.5",
            "reason": "Visit ran late",
            "compensation": "toil",
        },
    )
    assert response.status_code == 302
    entry = ExtraHours.objects.get()
    assert (entry.person, entry.hours, entry.status) == (
        world.practitioner_person,
        Decimal("1.5"),
        S.CLAIMED,
    )
    page = c.get("/hours/mine/").content.decode()
    assert "Visit ran late" in page and "Waiting" in page


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("", "Enter the number of hours, like 1.5"),
        ("lots", "The number of hours must be a number, like 1.5"),
        ("0.1", "The number of hours must be 0.25 or more"),
        ("25", "The number of hours must be 24 or less"),
        ("1.125", "The number of hours can have 2 decimal places at most"),
    ],
)
def test_the_hours_are_checked_with_gov_uk_messages(client, world, hours, message):
    today = timezone.localdate()
    response = _client(client, world, "practitioner").post(
        "/hours/mine/extra-hours/new/",
        {**_date("worked_on", today), "hours": hours, "reason": "Late", "compensation": "pay"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExtraHours.objects.exists()


def test_an_empty_form_says_what_to_enter(client, world):
    page = _client(client, world, "practitioner").post("/hours/mine/extra-hours/new/", {})
    text = page.content.decode()
    for message in (
        "Enter the date you worked the extra hours",
        "Enter the number of hours, like 1.5",
        "Enter why you worked the extra hours",
        "Select what you ask for",
    ):
        assert message in text
    assert "There is a problem" in text


def test_a_future_date_is_refused_on_the_field(client, world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = _client(client, world, "practitioner").post(
        "/hours/mine/extra-hours/new/",
        {**_date("worked_on", tomorrow), "hours": "1", "reason": "Late", "compensation": "pay"},
    )
    assert "The date you worked must be today or in the past" in page.content.decode()


def test_time_off_beyond_the_balance_is_refused_with_the_balance(client, world):
    extra(world.practitioner_person, timezone.localdate(), "2", status=S.APPROVED)
    c = _client(client, world, "practitioner")
    data = {**_date("taken_on", timezone.localdate()), "hours": "3"}
    page = c.post("/hours/mine/time-off/new/", data)
    assert "You have 2 hours of approved time off in lieu to take" in page.content.decode()
    data["hours"] = "2"
    assert c.post("/hours/mine/time-off/new/", data).status_code == 302
    assert ToilTaken.objects.get().hours == Decimal("2")


def test_a_worker_records_development_time_and_sees_it_against_the_ten_percent(client, world):
    c = _client(client, world, "practitioner")
    response = c.post(
        "/hours/mine/development/new/",
        {
            **_date("done_on", timezone.localdate()),
            "hours": "7.5",
            "kind": "cpd",
            "description": "Mental capacity training",
        },
    )
    assert response.status_code == 302
    assert DevelopmentTime.objects.get().hours == Decimal("7.5")
    page = c.get("/hours/mine/").content.decode()
    assert "3.70 hours a week" in page  # WL-11 on 37 hours
    assert "7.50 of 48.10 hours" in page


def test_a_sign_in_without_a_staff_record_is_told_so(client, world):
    page = _client(client, world, "service_lead").get("/hours/mine/extra-hours/new/")
    assert "You have no staff record" in page.content.decode()


def test_the_manager_sees_their_teams_claims_and_not_another_teams(client, world):
    today = timezone.localdate()
    extra(world.practitioner_person, today, "2")
    extra(world.colleague_elsewhere, today, "3")
    extra(world.practitioner_person, today, "4", C.UNCLAIMED)
    page = _client(client, world, "team_manager").get("/hours/team/").content.decode()
    assert world.practitioner_person.full_name in page
    assert world.colleague_elsewhere.full_name not in page
    assert "1 claim waiting" in page


def test_the_manager_approves_a_claim(client, world):
    claim = extra(world.practitioner_person, timezone.localdate(), "2")
    c = _client(client, world, "team_manager")
    assert c.get(f"/hours/claims/{claim.pk}/").status_code == 200
    assert c.post(f"/hours/claims/{claim.pk}/approve/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == S.APPROVED


def test_declining_without_a_reason_is_refused(client, world):
    claim = extra(world.practitioner_person, timezone.localdate(), "2")
    page = _client(client, world, "team_manager").post(f"/hours/claims/{claim.pk}/decline/", {})
    assert "Enter why you are declining the claim" in page.content.decode()
    claim.refresh_from_db()
    assert claim.status == S.CLAIMED


def test_a_declined_claim_shows_the_worker_the_reason(client, world):
    claim = extra(world.practitioner_person, timezone.localdate(), "2")
    _client(client, world, "service_lead").post(
        f"/hours/claims/{claim.pk}/decline/", {"reason": "Covered by flexitime"}
    )
    client.logout()
    page = _client(client, world, "practitioner").get("/hours/mine/").content.decode()
    assert "Covered by flexitime" in page and "Declined" in page


def test_a_team_manager_cannot_open_a_claim_from_another_team(client, world):
    claim = extra(world.colleague_elsewhere, timezone.localdate(), "2")
    c = _client(client, world, "team_manager")
    assert c.get(f"/hours/claims/{claim.pk}/").status_code == 404
    assert c.post(f"/hours/claims/{claim.pk}/approve/").status_code == 404


def test_the_team_csv_has_a_row_per_worker_with_unpaid_hours_and_development(client, world):
    today = timezone.localdate()
    extra(world.practitioner_person, today, "8", C.UNCLAIMED)
    development(world.practitioner_person, today, "12")
    response = _client(client, world, "team_manager").get("/hours/team/export.csv")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("staff_number,worker,team,job_role,contracted_hours")
    assert len(lines) == 2
    row = lines[1].split(",")
    assert row[0] == world.practitioner_person.staff_number
    header = lines[0].split(",")
    assert row[header.index("unpaid_hours_per_week")] == "2.00"
    assert row[header.index("development_hours_13_weeks")] == "12.00"
    assert row[header.index("development_entitlement_13_weeks")] == "48.10"


def test_development_breaches_show_in_the_register_by_name(client, world):
    from safeworkload.entitlements.services.development import development_breaches_check

    development_breaches_check(organisation=world.a, on=timezone.localdate())
    page = _client(client, world, "union_rep").get("/caseloads/breaches/").content.decode()
    assert "Under the 10% development time" in page
    csv = client.get("/caseloads/breaches/export.csv?kind=development_time").content.decode()
    assert (
        csv.count("Under the 10% development time")
        == Breach.objects.filter(kind=Breach.Kind.DEVELOPMENT_TIME).count()
    )
