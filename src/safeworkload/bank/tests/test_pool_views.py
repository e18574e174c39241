"""The coordinator's pool pages, the worker's availability and the rate card:
registering once per region, recording checks, marking free days, rates."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from safeworkload.bank.models import Availability, BankWorker, Check, RateCard
from safeworkload.bank.selectors.pool import calendar_weeks
from safeworkload.bank.services.pool import PoolError, worker_register
from safeworkload.organisations.models import RegionalMembership
from safeworkload.organisations.roles import RegionalRole

pytestmark = pytest.mark.django_db


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def registration(bank, **changes):
    data = {
        "given_name": "Sam",
        "family_name": "Relief",
        "email": "sam.relief@example.org",
        "job_role": "social_worker",
        "grade": "Grade 8",
        "registration_number": "SW123456",
        "specialisms": ["amhp", "bia"],
        "service_areas": ["adults"],
        "years_experience": "6",
        "home": str(bank.middle.pk),
        "max_travel_miles": "25",
        "max_days_per_week": "2",
        "former_employer": "",
    }
    data.update(changes)
    return data


def test_the_coordinator_registers_a_worker_once_for_the_region_with_a_sign_in(client, bank):
    world = bank.world
    response = as_(client, world, "bank_coordinator").post(
        "/bank/pool/register/", registration(bank)
    )
    worker = BankWorker.objects.get(email="sam.relief@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/bank/pool/{worker.pk}/"
    assert worker.region == world.region
    assert worker.specialisms == ["amhp", "bia"]
    assert worker.home == bank.middle
    assert worker.user is not None and not worker.user.has_usable_password()
    assert RegionalMembership.objects.filter(
        user=worker.user, region=world.region, role=RegionalRole.BANK_WORKER
    ).exists()


def test_a_second_registration_with_the_same_email_is_refused_with_a_clear_error(client, bank):
    client = as_(client, bank.world, "bank_coordinator")
    client.post("/bank/pool/register/", registration(bank))
    response = client.post(
        "/bank/pool/register/", registration(bank, email="Sam.Relief@Example.org")
    )
    assert response.status_code == 200
    assert "sam.relief@example.org is already registered in the Testshire pool" in (
        response.content.decode()
    )
    assert BankWorker.objects.filter(email__iexact="sam.relief@example.org").count() == 1


def test_the_same_person_may_register_in_another_region_only_with_another_sign_in(
    bank, other_region_coordinator
):
    _, other_region, far = other_region_coordinator
    fields = {
        "given_name": "Sam",
        "family_name": "Relief",
        "job_role": "social_worker",
        "home": bank.north,
    }
    worker_register(region=bank.world.region, actor=None, email="sam@example.org", **fields)
    fields["home"] = far.home
    with pytest.raises(PoolError, match="another region"):
        worker_register(region=other_region, actor=None, email="sam@example.org", **fields)


def test_an_existing_sign_in_keeps_its_password(bank):
    user = get_user_model().objects.create_user(username="staff@a.example", password="x" * 20)
    worker = worker_register(
        region=bank.world.region,
        actor=None,
        email="staff@a.example",
        given_name="Staff",
        family_name="Member",
        job_role="social_worker",
        home=bank.north,
    )
    assert worker.user == user
    user.refresh_from_db()
    assert user.has_usable_password()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Enter their email address"),
        ({"service_areas": []}, "service_areas", "Select at least one service area"),
        ({"max_days_per_week": "8"}, "max_days_per_week", "Days a week must be a whole number"),
        (
            {"former_employer": "{a}"},
            "left_former_employer_on",
            "Enter the date they left",
        ),
    ],
)
def test_the_registration_form_says_what_is_wrong(client, bank, changes, field, message):
    changes = {
        k: v.format(a=bank.world.a.pk) if isinstance(v, str) else v for k, v in changes.items()
    }
    response = as_(client, bank.world, "bank_coordinator").post(
        "/bank/pool/register/", registration(bank, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'href="#{field}' in response.content.decode()
    assert not BankWorker.objects.filter(email="sam.relief@example.org").exists()


def test_a_leaver_is_registered_with_their_former_employer_and_date(client, bank):
    world = bank.world
    as_(client, world, "bank_coordinator").post(
        "/bank/pool/register/",
        registration(
            bank,
            former_employer=str(world.a.pk),
            left_former_employer_on_day="15",
            left_former_employer_on_month="1",
            left_former_employer_on_year="2026",
        ),
    )
    worker = BankWorker.objects.get(email="sam.relief@example.org")
    assert worker.former_employer == world.a
    assert str(worker.left_former_employer_on) == "2026-01-15"


def test_a_check_is_recorded_once_with_the_coordinator_as_verifier(client, bank):
    world = bank.world
    response = as_(client, world, "bank_coordinator").post(
        f"/bank/pool/{bank.unreferenced.pk}/checks/new/",
        {
            "kind": "references",
            "reference": "REF-2",
            "verified_on_day": "2",
            "verified_on_month": "3",
            "verified_on_year": "2026",
        },
    )
    assert response.status_code == 302
    check = Check.objects.get(worker=bank.unreferenced, kind="references")
    assert check.verified_by == world.users["bank_coordinator"]
    assert check.expires_on is None
    page = client.get(f"/bank/pool/{bank.unreferenced.pk}/").content.decode()
    assert "REF-2" in page and "bank_coordinator@region.example" in page


def test_a_check_expiring_before_it_was_verified_is_refused(client, bank):
    response = as_(client, bank.world, "bank_coordinator").post(
        f"/bank/pool/{bank.ready.pk}/checks/new/",
        {
            "kind": "dbs",
            "verified_on_day": "2",
            "verified_on_month": "3",
            "verified_on_year": "2026",
            "expires_on_day": "1",
            "expires_on_month": "3",
            "expires_on_year": "2026",
        },
    )
    assert "The expiry date must be on or after the date verified" in response.content.decode()


def test_the_pool_list_filters_by_role_specialism_place_and_expiring_checks(client, bank):
    client = as_(client, bank.world, "bank_coordinator")
    everyone = client.get("/bank/pool/").content.decode()
    for worker in (bank.ready, bank.expiring, bank.unreferenced):
        assert worker.family_name in everyone
    amhp = client.get("/bank/pool/?specialism=amhp").content.decode()
    assert bank.ready.family_name in amhp and bank.expiring.family_name not in amhp
    assert "1 worker" in amhp
    elsewhere = client.get(f"/bank/pool/?place={bank.south.pk}").content.decode()
    assert "No workers match" in elsewhere


def test_the_expiring_filter_keeps_workers_with_a_check_ending_within_30_days(client, bank):
    Check.objects.filter(worker=bank.expiring, kind="dbs").update(
        expires_on=timezone.localdate() + timedelta(days=10)
    )
    page = as_(client, bank.world, "bank_coordinator").get("/bank/pool/?expiring=on")
    body = page.content.decode()
    assert bank.expiring.family_name in body
    assert bank.ready.family_name not in body


def test_the_pool_csv_has_a_row_per_worker(client, bank):
    response = as_(client, bank.world, "bank_coordinator").get("/bank/pool/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("worker_id,given_name")
    assert len(lines) == 4


def test_a_coordinator_of_another_region_gets_404_for_this_regions_worker(
    client, bank, other_region_coordinator
):
    user, _, far = other_region_coordinator
    client.force_login(user)
    assert client.get(f"/bank/pool/{bank.ready.pk}/").status_code == 404
    assert client.get(f"/bank/pool/{bank.ready.pk}/checks/new/").status_code == 404
    assert client.get(f"/bank/pool/{far.pk}/").status_code == 200
    assert bank.ready.family_name not in client.get("/bank/pool/").content.decode()
    card = bank.social_worker_rate.pk
    assert client.get(f"/bank/rates/{card}/edit/").status_code == 404


def week_field(day):
    return f"week_{day - timedelta(days=day.weekday()):%Y%m%d}"


def test_the_worker_marks_free_days_week_by_week_with_travel_and_days(client, bank):
    world = bank.world
    today = timezone.localdate()
    weeks = calendar_weeks(today=today, weeks=8)
    future = [d for week in weeks for d in week if d > today]
    chosen = future[:2] + future[-1:]
    Availability.objects.filter(worker=bank.ready).delete()
    ticked: dict[str, list[str]] = {}
    for day in chosen:
        ticked.setdefault(week_field(day), []).append(day.isoformat())
    limits = {"max_travel_miles": "12", "max_days_per_week": "4"}
    client = as_(client, world, "bank_worker")
    page = client.get("/bank/me/availability/").content.decode()
    assert page.count("<fieldset") >= 8 and "<legend" in page
    response = client.post("/bank/me/availability/", {**limits, **ticked})
    assert response.status_code == 302
    assert set(Availability.objects.filter(worker=bank.ready).values_list("day", flat=True)) == set(
        chosen
    )
    bank.ready.refresh_from_db()
    assert (bank.ready.max_travel_miles, bank.ready.max_days_per_week) == (12, 4)
    # Unticking a day removes it and keeps the others.
    ticked[week_field(chosen[-1])].remove(chosen[-1].isoformat())
    client.post("/bank/me/availability/", {**limits, **ticked})
    assert Availability.objects.filter(worker=bank.ready).count() == 2
    coordinator_page = as_(client, world, "bank_coordinator").get(f"/bank/pool/{bank.ready.pk}/")
    assert chosen[0].strftime("%a %-d") in coordinator_page.content.decode()


def test_the_availability_form_refuses_a_travel_limit_that_is_not_a_number(client, bank):
    response = as_(client, bank.world, "bank_worker").post(
        "/bank/me/availability/", {"max_travel_miles": "far", "max_days_per_week": "2"}
    )
    assert response.status_code == 200
    assert "The distance must be a whole number of miles" in response.content.decode()


def test_a_bank_worker_not_yet_registered_is_told_so(client, world):
    page = as_(client, world, "bank_worker").get("/bank/me/availability/").content.decode()
    assert "You are not registered in the Testshire relief pool yet" in page


def test_the_coordinator_adds_and_changes_rates_and_everyone_in_the_region_reads_them(client, bank):
    world = bank.world
    client = as_(client, world, "bank_coordinator")
    response = client.post(
        "/bank/rates/new/",
        {
            "job_role": "team_manager",
            "grade": "",
            "base_pence_per_hour": "46.00",
            "cap_pence_per_hour": "£55.50",
            "mileage_pence_per_mile": "45",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
    )
    assert response.status_code == 302
    card = RateCard.objects.get(job_role="team_manager")
    assert (card.base_pence_per_hour, card.cap_pence_per_hour) == (4600, 5550)
    for role in ("team_manager", "bank_worker"):
        page = as_(client, world, role).get("/bank/rates/").content.decode()
        assert "£55.50" in page


@pytest.mark.parametrize(
    ("base", "cap", "message"),
    [
        ("46.00", "40.00", "The cap must be at least the base rate"),
        ("", "40.00", "Enter the base rate"),
        ("46.123", "50.00", "Enter the base rate in pounds and pence, like 38.50"),
    ],
)
def test_the_rate_form_says_what_is_wrong(client, bank, base, cap, message):
    response = as_(client, bank.world, "bank_coordinator").post(
        "/bank/rates/new/",
        {
            "job_role": "team_manager",
            "base_pence_per_hour": base,
            "cap_pence_per_hour": cap,
            "mileage_pence_per_mile": "45",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
    )
    assert message in response.content.decode()
    assert not RateCard.objects.filter(job_role="team_manager").exists()


def test_a_second_rate_for_the_same_role_grade_and_date_is_refused(client, bank):
    card = bank.social_worker_rate
    response = as_(client, bank.world, "bank_coordinator").post(
        "/bank/rates/new/",
        {
            "job_role": card.job_role,
            "base_pence_per_hour": "39.00",
            "cap_pence_per_hour": "45.00",
            "mileage_pence_per_mile": "45",
            "effective_from_day": str(card.effective_from.day),
            "effective_from_month": str(card.effective_from.month),
            "effective_from_year": str(card.effective_from.year),
        },
    )
    assert "There is already a rate for this role and grade from that date" in (
        response.content.decode()
    )
