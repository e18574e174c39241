"""A matching run stores its figures and one offer per match, with its reason;
a decline matches the request again; offers expire and can be withdrawn."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from safeworkload.audit.models import AuditEntry
from safeworkload.bank.models import CoverRequest, MatchRun, Offer
from safeworkload.bank.selectors.matching import unfilled_requests
from safeworkload.bank.services.matching import (
    OfferError,
    match_run,
    offer_accept,
    offer_decline,
    offer_withdraw,
    offers_expire,
)
from safeworkload.bank.tests.conftest import TODAY, Bank
from safeworkload.bank.tests.test_matching_adapter import make_request

MORNING = timezone.make_aware(datetime.combine(TODAY, time(9)))


@pytest.fixture
def coordinator(world):
    return world.users["bank_coordinator"]


def _near_and_far(bank: Bank) -> None:
    """``expiring`` moves to Middleton, 30 km (18.6 miles) from Northtown."""
    bank.expiring.home = bank.middle
    bank.expiring.save()


def test_a_run_stores_its_figures_and_an_offer_with_its_reason(bank: Bank, coordinator):
    request = make_request(bank, specialisms=["amhp"])
    outcome = match_run(region=bank.world.region, actor=coordinator, today=TODAY)
    run = MatchRun.objects.get()
    assert (run.requests, run.optimal_covered, run.greedy_covered) == (1, 1, 1)
    assert run.started_by == coordinator
    offer = Offer.objects.get()
    assert offer.worker == bank.ready
    assert offer.match_run == run
    assert offer.rate_pence_per_hour == 3800
    assert offer.cost_pence == 3800 * 7.5  # no miles: she lives in Northtown
    assert "Approved mental health professional (AMHP)" in offer.reason
    assert "0.0 miles from home" in offer.reason
    assert "3 June" in offer.reason
    request.refresh_from_db()
    assert request.status == CoverRequest.Status.OFFERED
    assert outcome.offers == [offer]
    assert AuditEntry.objects.filter(action="bank.matching.run").count() == 1


def test_the_greedy_leaves_a_request_uncovered_that_the_optimum_covers(bank: Bank, coordinator):
    # The desk gives the first shift to the nearest worker, the only AMHP,
    # and then has nobody for the AMHP shift the same day.
    _near_and_far(bank)
    make_request(bank)
    make_request(bank, specialisms=["amhp"])
    outcome = match_run(region=bank.world.region, actor=coordinator, today=TODAY)
    run = outcome.run
    assert (run.optimal_covered, run.greedy_covered) == (2, 1)
    assert run.greedy_cost_pence > run.optimal_cost_pence
    assert {o.worker for o in outcome.offers} == {bank.ready, bank.expiring}


def test_a_check_expiring_mid_assignment_makes_the_worker_ineligible(bank: Bank, coordinator):
    # The DBS of ``expiring`` runs out on day 10 of a run from day 7 to day 13.
    bank.ready.active = False
    bank.ready.save()
    request = make_request(
        bank,
        kind=CoverRequest.Kind.CASE_HOLDING,
        day=TODAY + timedelta(days=7),
        ends_on=TODAY + timedelta(days=13),
        hours_per_week=Decimal("15"),
    )
    match_run(region=bank.world.region, actor=coordinator, today=TODAY)
    assert not Offer.objects.exists()
    [unfilled], total = unfilled_requests(region=bank.world.region, today=TODAY)
    assert total == 1
    assert unfilled.request == request
    assert unfilled.why == (
        "Of 2 workers, 2 can take social worker work; none of them are free and checked on "
        "every day from 8 June to 14 June."
    )


def test_the_unfilled_explanation_narrows_the_pool_rule_by_rule(bank: Bank, coordinator):
    make_request(bank, place=bank.south, specialisms=["amhp"])
    [unfilled], _ = unfilled_requests(region=bank.world.region, today=TODAY)
    assert unfilled.why == (
        "Of 3 workers, 3 can take social worker work; 1 of them hold Approved mental health "
        "professional (AMHP); none of those live within their travel distance of Southby."
    )


def test_a_decline_offers_the_request_to_the_next_worker(bank: Bank, coordinator):
    _near_and_far(bank)
    request = make_request(bank)
    [first] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    assert first.worker == bank.ready
    second = offer_decline(
        offer=first, actor=bank.world.users["bank_worker"], reason="Away", today=TODAY
    )
    assert second is not None
    assert second.worker == bank.expiring
    assert second.reason.startswith("Offered again after a decline.")
    first.refresh_from_db()
    assert (first.status, first.response_note) == (Offer.Status.DECLINED, "Away")
    request.refresh_from_db()
    assert request.status == CoverRequest.Status.OFFERED
    # The second declines too: nobody is left, and the request is open again.
    assert offer_decline(offer=second, actor=None, today=TODAY) is None
    request.refresh_from_db()
    assert request.status == CoverRequest.Status.OPEN


def test_accepting_fills_the_request_and_cannot_be_done_twice(bank: Bank, coordinator):
    request = make_request(bank)
    [offer] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    offer_accept(offer=offer, actor=bank.world.users["bank_worker"], now=MORNING)
    request.refresh_from_db()
    assert request.status == CoverRequest.Status.FILLED
    assert request.filled_at is not None
    with pytest.raises(OfferError, match="answered already"):
        offer_decline(offer=offer, actor=None, today=TODAY)


def test_an_accepted_shift_is_not_offered_again_to_the_same_worker_that_day(
    bank: Bank, coordinator
):
    make_request(bank)
    [offer] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    offer_accept(offer=offer, actor=None, now=MORNING)
    make_request(bank)
    [second] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    assert second.worker != offer.worker


def test_the_coordinator_withdraws_an_offer_and_the_request_opens_again(bank: Bank, coordinator):
    request = make_request(bank)
    [offer] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    offer_withdraw(offer=offer, actor=coordinator, reason="")
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert offer.response_note == "Withdrawn by the coordinator"
    assert request.status == CoverRequest.Status.OPEN


@pytest.mark.parametrize(("hours_later", "expired"), [(47, 0), (49, 1)])
def test_an_offer_unanswered_for_48_hours_expires(bank: Bank, coordinator, hours_later, expired):
    make_request(bank, day=TODAY + timedelta(days=10))
    [offer] = match_run(region=bank.world.region, actor=coordinator, today=TODAY).offers
    Offer.objects.filter(pk=offer.pk).update(created_at=MORNING)
    now = MORNING + timedelta(hours=hours_later)
    assert offers_expire(region=bank.world.region, now=now) == expired


def test_an_offer_for_cover_that_has_started_cannot_be_accepted(bank: Bank):
    request = make_request(
        bank, day=timezone.localdate() - timedelta(days=1), status=CoverRequest.Status.OFFERED
    )
    offer = Offer.objects.create(
        organisation=request.organisation,
        request=request,
        worker=bank.ready,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Test",
    )
    with pytest.raises(OfferError, match="expired"):
        offer_accept(offer=offer, actor=None)


def test_the_command_matches_a_region_and_says_what_it_did(bank: Bank):
    make_request(bank)
    out = StringIO()
    call_command("bank_match", "--region", "testshire", "--today", TODAY.isoformat(), stdout=out)
    assert "1 open requests" in out.getvalue()
    assert "Made 1 offers." in out.getvalue()
    assert Offer.objects.count() == 1


def test_the_command_refuses_a_region_that_does_not_exist(db):
    with pytest.raises(CommandError, match="No region has the code 'nowhere'"):
        call_command("bank_match", "--region", "nowhere")
