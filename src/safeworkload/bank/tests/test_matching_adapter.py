"""The adapter turns the region's rows into the engine's arrays: checks, free
days, live offers, the cool-off, rates, continuity."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from safeworkload.bank.models import BankWorker, CoverRequest, Offer, Place
from safeworkload.bank.services.matching import (
    ROLE_CODES,
    SPECIALISM_BITS,
    match_input_build,
)
from safeworkload.bank.tests.conftest import TODAY, Bank, make_worker
from safeworkload.organisations.models import Person


def make_request(
    bank: Bank,
    *,
    day: date = TODAY + timedelta(days=2),
    ends_on: date | None = None,
    kind: str = CoverRequest.Kind.DUTY_SHIFT,
    place: Place | None = None,
    specialisms: list[str] | None = None,
    priority: str = CoverRequest.Priority.STATUTORY,
    hours_per_week: Decimal | None = None,
    max_pence: int = 4500,
    status: str = CoverRequest.Status.OPEN,
    job_role: str = Person.JobRole.SOCIAL_WORKER,
) -> CoverRequest:
    world = bank.world
    return CoverRequest.objects.create(
        organisation=world.a,
        team=world.team_a,
        kind=kind,
        job_role=job_role,
        specialisms=specialisms or [],
        starts_on=day,
        ends_on=ends_on or day,
        hours_per_week=hours_per_week,
        place=place or bank.north,
        max_pence_per_hour=max_pence,
        priority=priority,
        status=status,
    )


def accept(bank: Bank, request: CoverRequest, worker: BankWorker) -> Offer:
    return Offer.objects.create(
        organisation=request.organisation,
        request=request,
        worker=worker,
        status=Offer.Status.ACCEPTED,
        rate_pence_per_hour=3800,
        cost_pence=28500,
        reason="Test",
    )


def _row(inputs, worker: BankWorker) -> int:
    return inputs.worker_ids.index(worker.pk)


@pytest.mark.parametrize(
    ("worker_name", "offset", "available"),
    [
        ("ready", 0, True),
        ("ready", 13, True),  # the last free day of the fortnight
        ("ready", 14, False),  # not said to be free
        ("expiring", 10, True),  # the DBS's last valid day
        ("expiring", 11, False),  # the DBS has expired
        ("unreferenced", 0, False),  # no references check at all
    ],
)
def test_a_worker_is_available_only_when_free_and_every_check_is_valid(
    bank: Bank, worker_name: str, offset: int, available: bool
):
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    worker = getattr(bank, worker_name)
    day = (TODAY - inputs.start).days + offset
    assert bool(inputs.pool.available[_row(inputs, worker), day]) is available


def test_the_horizon_starts_on_the_monday_of_today(bank: Bank):
    inputs = match_input_build(region=bank.world.region, today=TODAY + timedelta(days=3), weeks=2)
    assert inputs.start == TODAY
    assert inputs.pool.available.shape == (3, 14)


def test_an_accepted_duty_shift_takes_its_day_and_counts_as_prior_work(bank: Bank):
    taken = make_request(bank, day=TODAY + timedelta(days=4), status=CoverRequest.Status.FILLED)
    accept(bank, taken, bank.ready)
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    row = _row(inputs, bank.ready)
    assert not inputs.pool.available[row, 4]
    assert inputs.pool.available[row, 3]
    assert inputs.pool.prior_assignments[row] == 1


def test_accepted_case_holding_cover_takes_its_days_a_week_from_the_weekly_limit(bank: Bank):
    held = make_request(
        bank,
        kind=CoverRequest.Kind.CASE_HOLDING,
        ends_on=TODAY + timedelta(days=20),
        hours_per_week=Decimal("15"),
        status=CoverRequest.Status.FILLED,
    )
    accept(bank, held, bank.ready)
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    assert inputs.pool.max_days_per_week[_row(inputs, bank.ready)] == 3 - 2


def test_the_cool_off_bars_a_leaver_from_their_former_employer_for_three_months(
    bank: Bank, settings
):
    settings.SAFEWORKLOAD_BANK_COOL_OFF_MONTHS = 3
    bank.ready.former_employer = bank.world.a
    bank.ready.left_former_employer_on = date(2026, 5, 15)
    bank.ready.save()
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    row = _row(inputs, bank.ready)
    assert inputs.pool.barred_employer[row] == bank.world.a.pk
    assert inputs.start + timedelta(days=int(inputs.pool.barred_until_day[row])) == date(
        2026, 8, 15
    )
    assert inputs.pool.barred_employer[_row(inputs, bank.expiring)] == -1


def test_rates_come_from_the_card_and_a_worker_without_one_is_left_out(bank: Bank):
    bank.expiring.job_role = Person.JobRole.SENIOR_PRACTITIONER
    bank.expiring.save()
    bank.unreferenced.job_role = Person.JobRole.OCCUPATIONAL_THERAPIST
    bank.unreferenced.save()
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    assert bank.unreferenced.pk not in inputs.worker_ids
    assert inputs.pool.rate_pence_per_hour[_row(inputs, bank.ready)] == 3800
    assert inputs.pool.rate_pence_per_hour[_row(inputs, bank.expiring)] == 4200
    assert inputs.pool.role[_row(inputs, bank.expiring)] == ROLE_CODES["senior_practitioner"]


def test_requests_carry_their_days_place_specialisms_and_priority(bank: Bank):
    request = make_request(
        bank,
        day=TODAY + timedelta(days=9),
        place=bank.middle,
        specialisms=["amhp", "bia"],
        priority=CoverRequest.Priority.OTHER,
    )
    make_request(bank, day=TODAY - timedelta(days=1))  # already started: not matched
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    assert [r.pk for r in inputs.requests] == [request.pk]
    demand = inputs.demand
    assert (demand.first_day[0], demand.last_day[0]) == (9, 9)
    assert demand.y_km[0] == 30.0
    assert demand.specialisms[0] == SPECIALISM_BITS["amhp"] | SPECIALISM_BITS["bia"]
    assert not demand.statutory[0]
    assert demand.employer[0] == bank.world.a.pk
    assert demand.hours[0] == 7.5


def test_case_holding_cover_asks_for_the_worker_who_held_the_team_s_cases_before(bank: Bank):
    earlier = make_request(
        bank,
        kind=CoverRequest.Kind.CASE_HOLDING,
        day=TODAY - timedelta(days=30),
        ends_on=TODAY - timedelta(days=10),
        hours_per_week=Decimal("15"),
        status=CoverRequest.Status.FILLED,
    )
    accept(bank, earlier, bank.expiring)
    again = make_request(
        bank,
        kind=CoverRequest.Kind.CASE_HOLDING,
        day=TODAY + timedelta(days=7),
        ends_on=TODAY + timedelta(days=20),
        hours_per_week=Decimal("15"),
    )
    shift = make_request(bank, day=TODAY + timedelta(days=8))
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    continuity = dict(
        zip([r.pk for r in inputs.requests], inputs.demand.continuity_worker, strict=True)
    )
    assert continuity[again.pk] == _row(inputs, bank.expiring)
    assert continuity[shift.pk] == -1


def test_workers_of_another_region_never_enter_the_pool(bank: Bank, other_region_coordinator):
    _, _, far = other_region_coordinator
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    assert far.pk not in inputs.worker_ids
    assert len(inputs.worker_ids) == 3


def test_an_inactive_worker_is_left_out(bank: Bank):
    make_worker(bank.world.region, bank.north, "gone@relief.example", active=False)
    inputs = match_input_build(region=bank.world.region, today=TODAY)
    assert len(inputs.worker_ids) == 3
