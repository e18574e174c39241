"""The coordinator's matching page and the worker's answers, through the views."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safeworkload.bank.models import Availability, Check, CoverRequest, MatchRun, Offer
from safeworkload.bank.tests.conftest import Bank
from safeworkload.bank.tests.test_matching_adapter import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(bank: Bank):
    """A duty shift three days from the wall clock's today, with the pool free then."""
    day = timezone.localdate() + timedelta(days=3)
    for worker in (bank.ready, bank.expiring):
        Availability.objects.get_or_create(worker=worker, day=day)
    return make_request(bank, day=day, specialisms=["amhp"])


def test_the_coordinator_runs_matching_and_reads_why_each_offer_was_made(
    client, bank: Bank, soon: CoverRequest
):
    client.force_login(bank.world.users["bank_coordinator"])
    response = client.post("/bank/matching/run/", follow=True)
    assert response.status_code == 200
    assert "Matching run: 1 offers made for 1 open requests." in response.text
    assert MatchRun.objects.count() == 1
    text = response.text
    assert "Booking desk (first come, cheapest free worker)" in text
    assert "Approved mental health professional (AMHP)" in text
    assert "Relief Ready" in text


def test_the_matching_page_says_why_a_request_was_left_unfilled(client, bank: Bank):
    make_request(bank, day=timezone.localdate() + timedelta(days=5), place=bank.south)
    client.force_login(bank.world.users["bank_coordinator"])
    response = client.get("/bank/matching/")
    assert "live within their travel distance of Southby" in response.text


def test_a_worker_declines_with_a_reason_and_the_request_goes_to_the_next(
    client, bank: Bank, soon: CoverRequest
):
    CoverRequest.objects.filter(pk=soon.pk).update(specialisms=[])
    Check.objects.filter(worker=bank.expiring).update(expires_on=None)  # renewed
    client.force_login(bank.world.users["bank_coordinator"])
    client.post("/bank/matching/run/")
    offer = Offer.objects.get()
    mine = offer.worker == bank.ready
    if not mine:  # the tie went to the other worker; give it to the signed-in one
        Offer.objects.filter(pk=offer.pk).update(worker=bank.ready)
    client.force_login(bank.world.users["bank_worker"])
    response = client.post(
        f"/bank/offers/mine/{offer.pk}/decline/", {"reason": "On leave"}, follow=True
    )
    assert "Offer declined" in response.text
    offer.refresh_from_db()
    assert (offer.status, offer.response_note) == (Offer.Status.DECLINED, "On leave")
    again = Offer.objects.get(status=Offer.Status.OFFERED)
    assert again.worker == bank.expiring


def test_the_coordinator_withdraws_an_offer(client, bank: Bank, soon: CoverRequest):
    client.force_login(bank.world.users["bank_coordinator"])
    client.post("/bank/matching/run/")
    offer = Offer.objects.get()
    response = client.post(f"/bank/offers/{offer.pk}/withdraw/", {"reason": "Shift moved"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.response_note) == (Offer.Status.WITHDRAWN, "Shift moved")


def test_the_coordinator_of_another_region_cannot_withdraw_its_offers(
    client, bank: Bank, soon: CoverRequest, other_region_coordinator
):
    client.force_login(bank.world.users["bank_coordinator"])
    client.post("/bank/matching/run/")
    offer = Offer.objects.get()
    user, _, _ = other_region_coordinator
    client.force_login(user)
    assert client.get(f"/bank/offers/{offer.pk}/withdraw/").status_code == 404


def test_a_worker_submits_a_timesheet_with_gov_uk_errors_first(client, bank: Bank):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    request = make_request(bank, day=monday, status=CoverRequest.Status.FILLED)
    offer = Offer.objects.create(
        organisation=request.organisation,
        request=request,
        worker=bank.ready,
        status=Offer.Status.ACCEPTED,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Test",
    )
    client.force_login(bank.world.users["bank_worker"])
    url = f"/bank/offers/mine/{offer.pk}/timesheets/new/"
    response = client.post(url, {"week_starting": monday.isoformat(), "hours": "", "miles": "0"})
    assert "Enter the number of hours, like 7.5" in response.text
    response = client.post(url, {"week_starting": monday.isoformat(), "hours": "7.5", "miles": "4"})
    assert response.status_code == 302
    assert offer.timesheets.get().hours == 7.5
