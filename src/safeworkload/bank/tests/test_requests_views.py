"""Asking for cover: validation, the rate cap and its escalation, who sees which
request, cancelling, and the pool's availability without names."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.bank.models import Availability, Check, CoverRequest, Offer, RateEscalation
from safeworkload.bank.selectors.requests import anonymised_availability
from safeworkload.bank.services.requests import (
    RequestError,
    cover_request_create,
    rate_escalate,
)
from safeworkload.bank.tests.conftest import (
    give_checks,
    make_free,
    make_place,
    make_rate,
    make_worker,
)

pytestmark = pytest.mark.django_db


def as_(client, world, role):
    client.force_login(world.users[role])
    return client


def ask(bank, **changes):
    day = timezone.localdate() + timedelta(days=7)
    data = {
        "kind": "duty_shift",
        "team": str(bank.world.team_a.pk),
        "job_role": "social_worker",
        "specialisms": [],
        "starts_on_day": str(day.day),
        "starts_on_month": str(day.month),
        "starts_on_year": str(day.year),
        "hours_per_day": "7.5",
        "place": str(bank.middle.pk),
        "max_pence_per_hour": "",
        "priority": "statutory",
    }
    data.update(changes)
    return data


def case_holding(bank, weeks=3, **changes):
    end = timezone.localdate() + timedelta(days=7 + 7 * weeks)
    data = ask(
        bank,
        kind="case_holding",
        hours_per_day="",
        ends_on_day=str(end.day),
        ends_on_month=str(end.month),
        ends_on_year=str(end.year),
        hours_per_week="22.5",
        handover_note="Six cases; two reviews due.",
    )
    data.update(changes)
    return data


def a_request(bank, team=None, **fields):
    start = timezone.localdate() + timedelta(days=7)
    values = {
        "kind": CoverRequest.Kind.DUTY_SHIFT,
        "job_role": "social_worker",
        "starts_on": start,
        "ends_on": start,
        "place": bank.middle,
        "priority": CoverRequest.Priority.STATUTORY,
    }
    values.update(fields)
    return cover_request_create(
        team=team or bank.world.team_a, actor=None, today=timezone.localdate(), **values
    )


def test_a_duty_shift_defaults_to_the_base_rate_and_is_audited(client, bank):
    world = bank.world
    response = as_(client, world, "team_manager").post("/bank/requests/new/", ask(bank))
    assert response.status_code == 302
    request = CoverRequest.objects.get()
    assert response["Location"] == f"/bank/requests/{request.pk}/"
    assert request.max_pence_per_hour == 3800
    assert request.ends_on == request.starts_on
    assert request.requested_by == world.users["team_manager"]
    entry = AuditEntry.objects.get(organisation=world.a, action="cover_request.created")
    assert entry.data["max_pence_per_hour"] == 3800


def test_case_holding_cover_keeps_its_weeks_hours_and_handover(client, bank):
    as_(client, bank.world, "service_lead").post(
        "/bank/requests/new/", case_holding(bank, max_pence_per_hour="42.00")
    )
    request = CoverRequest.objects.get()
    assert request.kind == "case_holding"
    assert (request.ends_on - request.starts_on).days == 21
    assert request.hours_per_week == Decimal("22.5")
    assert request.handover_note == "Six cases; two reviews due."
    assert request.max_pence_per_hour == 4200


@pytest.mark.parametrize(
    ("kind", "changes", "field", "message"),
    [
        ("case_holding", {"hours_per_week": ""}, "hours_per_week", "Enter the hours per week"),
        (
            "case_holding",
            {"ends_on_day": "", "ends_on_month": "", "ends_on_year": ""},
            "ends_on",
            "Enter the end date",
        ),
        (
            "case_holding",
            {"ends_on_year": "2020"},
            "ends_on",
            "The end date must be on or after the start date",
        ),
        (
            "case_holding",
            {"hours_per_week": "60"},
            "hours_per_week",
            "Hours per week must be 48 or fewer",
        ),
        ("duty_shift", {"hours_per_day": ""}, "hours_per_day", "Enter the hours of the shift"),
        (
            "duty_shift",
            {"hours_per_day": "lots"},
            "hours_per_day",
            "Hours of the shift must be a number, like 7.5",
        ),
        (
            "duty_shift",
            {"starts_on_year": "2020"},
            "starts_on",
            "The start date must be today or in the future",
        ),
        ("duty_shift", {"starts_on_month": "13"}, "starts_on", "Start date must be a real date"),
        ("duty_shift", {"kind": ""}, "kind", "Select a duty shift or case-holding cover"),
        ("duty_shift", {"priority": ""}, "priority", "Select the priority"),
        ("duty_shift", {"place": ""}, "place", "Select the place"),
        (
            "duty_shift",
            {"max_pence_per_hour": "45.01"},
            "max_pence_per_hour",
            "The rate must be no more than the cap of £45.00 an hour unless a lead raises it",
        ),
        (
            "duty_shift",
            {"max_pence_per_hour": "forty"},
            "max_pence_per_hour",
            "Enter the rate in pounds and pence, like 38.50",
        ),
        (
            "duty_shift",
            {"job_role": "team_manager"},
            "job_role",
            "The region has no rate for this role yet",
        ),
    ],
)
def test_the_request_form_says_what_is_wrong(client, bank, kind, changes, field, message):
    data = case_holding(bank, **changes) if kind == "case_holding" else ask(bank, **changes)
    response = as_(client, bank.world, "service_lead").post("/bank/requests/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'href="#{field}' in body
    assert not CoverRequest.objects.exists()


def test_the_cap_itself_is_allowed(client, bank):
    as_(client, bank.world, "service_lead").post(
        "/bank/requests/new/", ask(bank, max_pence_per_hour="45.00")
    )
    assert CoverRequest.objects.get().max_pence_per_hour == 4500


def test_a_team_manager_asks_only_for_the_teams_they_manage(client, bank):
    world = bank.world
    client = as_(client, world, "team_manager")
    form = client.get("/bank/requests/new/").content.decode()
    assert world.team_a.name in form and world.other_team_a.name not in form
    response = client.post("/bank/requests/new/", ask(bank, team=str(world.other_team_a.pk)))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CoverRequest.objects.exists()


def test_a_team_manager_sees_only_their_teams_requests(client, bank):
    world = bank.world
    mine = a_request(bank)
    theirs = a_request(bank, team=world.other_team_a)
    client = as_(client, world, "team_manager")
    listing = client.get("/bank/requests/").content.decode()
    assert f"/bank/requests/{mine.pk}/" in listing
    assert f"/bank/requests/{theirs.pk}/" not in listing
    assert client.get(f"/bank/requests/{theirs.pk}/").status_code == 404
    assert client.get(f"/bank/requests/{theirs.pk}/cancel/").status_code == 404
    lead = as_(client, world, "service_lead").get("/bank/requests/").content.decode()
    assert f"/bank/requests/{theirs.pk}/" in lead


def test_the_list_filters_by_status_kind_priority_team_and_filled(client, bank):
    world = bank.world
    duty = a_request(bank)
    other = a_request(
        bank, team=world.other_team_a, priority=CoverRequest.Priority.OTHER, kind="case_holding"
    )
    other.ends_on = other.starts_on + timedelta(days=14)
    other.status = CoverRequest.Status.FILLED
    other.save()
    client = as_(client, world, "service_lead")

    def shown(query):
        body = client.get(f"/bank/requests/?{query}").content.decode()
        return {r.pk for r in (duty, other) if f"/bank/requests/{r.pk}/" in body}

    assert shown("") == {duty.pk, other.pk}
    assert shown("priority=statutory") == {duty.pk}
    assert shown("kind=case_holding") == {other.pk}
    assert shown("filled=yes") == {other.pk}
    assert shown("filled=no") == {duty.pk}
    assert shown("status=open") == {duty.pk}
    assert shown(f"team={world.team_a.pk}") == {duty.pk}


def test_the_csv_has_a_row_per_request(client, bank):
    a_request(bank)
    response = as_(client, bank.world, "service_lead").get("/bank/requests/export.csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("request_id,employer,team")
    assert len(lines) == 2 and "Council A" in lines[1]


def test_the_coordinator_sees_every_member_employers_requests_but_not_other_regions(
    client, bank, other_region_coordinator
):
    world = bank.world
    request = a_request(bank)
    client = as_(client, world, "bank_coordinator")
    assert "Council A" in client.get("/bank/requests/").content.decode()
    assert client.get(f"/bank/requests/{request.pk}/").status_code == 200
    user, _, _ = other_region_coordinator
    client.force_login(user)
    assert client.get(f"/bank/requests/{request.pk}/").status_code == 404
    assert "Council A" not in client.get("/bank/requests/").content.decode()


@pytest.fixture
def rate_for_b(bank):
    return make_rate(bank.world.b.region)


def test_another_organisations_request_is_404(client, bank, rate_for_b):
    world = bank.world
    elsewhere = make_place(world.b.region, "Elsewhere office", 0, 0)
    theirs = a_request(bank, team=world.team_b, place=elsewhere, job_role="social_worker")
    for role in ("service_lead", "team_manager"):
        client = as_(client, world, role)
        for suffix in ("", "cancel/"):
            assert client.get(f"/bank/requests/{theirs.pk}/{suffix}").status_code == 404
        assert f"/bank/requests/{theirs.pk}/" not in client.get("/bank/requests/").content.decode()


def test_a_lead_raises_the_rate_above_the_cap_named_and_with_a_reason(client, bank):
    world = bank.world
    request = a_request(bank)
    response = as_(client, world, "service_lead").post(
        f"/bank/requests/{request.pk}/escalate/",
        {"to_pence_per_hour": "52.00", "reason": "Court deadline on Friday; no one at the cap."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.max_pence_per_hour == 5200
    escalation = RateEscalation.objects.get()
    assert escalation.authorised_by == world.users["service_lead"]
    assert (escalation.from_pence_per_hour, escalation.to_pence_per_hour) == (3800, 5200)
    entry = AuditEntry.objects.get(organisation=world.a, action="cover_request.rate_escalated")
    assert entry.data["reason"] == "Court deadline on Friday; no one at the cap."
    assert entry.actor == world.users["service_lead"]
    page = client.get(f"/bank/requests/{request.pk}/").content.decode()
    assert "service_lead@a.example" in page and "Court deadline on Friday" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_pence_per_hour": "52.00", "reason": "   "}, "Enter the reason for raising the rate"),
        ({"to_pence_per_hour": "", "reason": "Urgent"}, "Enter the new rate"),
        (
            {"to_pence_per_hour": "38.00", "reason": "Urgent"},
            "The new rate must be more than the current £38.00 an hour",
        ),
    ],
)
def test_an_escalation_without_a_reason_or_a_higher_rate_is_refused(client, bank, data, message):
    request = a_request(bank)
    response = as_(client, bank.world, "org_admin").post(
        f"/bank/requests/{request.pk}/escalate/", data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RateEscalation.objects.exists()
    assert not AuditEntry.objects.filter(action="cover_request.rate_escalated").exists()


@pytest.mark.parametrize("role", ["team_manager", "bank_coordinator"])
def test_only_a_lead_may_raise_the_rate(client, bank, role):
    request = a_request(bank)
    response = as_(client, bank.world, role).post(
        f"/bank/requests/{request.pk}/escalate/",
        {"to_pence_per_hour": "52.00", "reason": "Urgent"},
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.max_pence_per_hour == 3800
    assert not RateEscalation.objects.exists()


def test_the_service_refuses_an_escalation_without_a_reason_or_a_named_user(bank):
    request = a_request(bank)
    with pytest.raises(RequestError, match="named"):
        rate_escalate(cover_request=request, actor=None, to_pence_per_hour=5000, reason="x")
    user = bank.world.users["service_lead"]
    with pytest.raises(RequestError, match="Enter the reason"):
        rate_escalate(cover_request=request, actor=user, to_pence_per_hour=5000, reason=" ")


def test_the_service_refuses_a_rate_over_the_cap_without_escalation(bank):
    with pytest.raises(RequestError, match=r"cap of £45\.00"):
        a_request(bank, max_pence_per_hour=4501)


def test_cancelling_withdraws_waiting_offers_and_is_audited(client, bank):
    world = bank.world
    request = a_request(bank)
    offer = Offer.objects.create(
        organisation=world.a,
        request=request,
        worker=bank.ready,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Nearest free worker",
    )
    client = as_(client, world, "team_manager")
    assert (
        "Cancel the request" in client.get(f"/bank/requests/{request.pk}/cancel/").content.decode()
    )
    response = client.post(f"/bank/requests/{request.pk}/cancel/")
    assert response.status_code == 302
    request.refresh_from_db()
    offer.refresh_from_db()
    assert request.status == CoverRequest.Status.CANCELLED
    assert offer.status == Offer.Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="cover_request.cancelled")
    assert entry.data == {"offers_withdrawn": 1}
    # A cancelled request cannot be cancelled again.
    client.post(f"/bank/requests/{request.pk}/cancel/")
    assert AuditEntry.objects.filter(action="cover_request.cancelled").count() == 1


def test_the_request_page_shows_each_offers_checks_as_every_employer_sees_them(client, bank):
    world = bank.world
    request = a_request(bank)
    Offer.objects.create(
        organisation=world.a,
        request=request,
        worker=bank.unreferenced,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Nearest free worker",
    )
    page = as_(client, world, "team_manager").get(f"/bank/requests/{request.pk}/").content.decode()
    assert "Not recorded: References" in page
    assert "Nearest free worker" in page


# ---------------------------------------------------------------------------
# The pool's availability without names


def test_availability_counts_workers_free_with_valid_checks_within_their_travel(bank):
    world = bank.world
    start = timezone.localdate()
    days = [start + timedelta(days=n) for n in range(28)]
    # Re-date the fixture pool around the real today: free the first fortnight.
    Availability.objects.all().delete()
    for worker in (bank.ready, bank.expiring, bank.unreferenced):
        make_free(worker, days[:14])
    Check.objects.filter(worker=bank.expiring, kind="dbs").update(expires_on=days[4])
    # A worker in Southby, 60 km (37 miles) from Northtown, will travel 20 miles.
    far = make_worker(world.region, bank.south, "far@relief.example")
    give_checks(far, verified_on=start - timedelta(days=10))
    make_free(far, days)

    weeks = anonymised_availability(
        region=world.region, place=bank.north, job_role="social_worker", specialism="", start=start
    )
    counts = [n for week in weeks for n in week.counts]
    assert len(weeks) == 4 and len(counts) == 28
    # ready all fortnight; expiring until its DBS expires on day 4; unreferenced never.
    assert counts[:5] == [2] * 5
    assert counts[5:14] == [1] * 9
    assert counts[14:] == [0] * 14
    # From Middleton (30 km, about 19 miles) the Southby worker is in reach.
    middle = anonymised_availability(
        region=world.region, place=bank.middle, job_role="social_worker", specialism="", start=start
    )
    assert [n for week in middle for n in week.counts][14:] == [1] * 14
    amhp = anonymised_availability(
        region=world.region,
        place=bank.north,
        job_role="social_worker",
        specialism="amhp",
        start=start,
    )
    assert [n for week in amhp for n in week.counts][:14] == [1] * 14


def test_the_availability_page_shows_counts_and_no_names(client, bank):
    world = bank.world
    Availability.objects.all().delete()
    make_free(bank.ready, [timezone.localdate() + timedelta(days=n) for n in range(28)])
    page = as_(client, world, "team_manager").get(
        f"/bank/availability/?place={bank.north.pk}&job_role=social_worker"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Workers free each day near Northtown" in body
    for worker in (bank.ready, bank.expiring, bank.unreferenced):
        assert worker.family_name not in body
        assert worker.email not in body
    assert ">1<" in body.replace(" ", "").replace("\n", "")
