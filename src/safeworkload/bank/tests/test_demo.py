"""The relief bank's demo: a pool of about 300, a month of requests, offers in
every state, timesheets both approved and waiting, and the worker's sign-in."""

import random
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth import authenticate

from safeworkload.bank.demo import WORKERS, bank_demo_build
from safeworkload.bank.models import (
    BankWorker,
    Check,
    CoverRequest,
    MatchRun,
    Offer,
    Timesheet,
)
from safeworkload.bank.selectors.reports import fill_rates, recharge_statement
from safeworkload.organisations.demo import DEMO_PASSWORD
from safeworkload.organisations.models import Organisation, Person, RegionalMembership, Team
from safeworkload.organisations.roles import RegionalRole

TODAY = date(2026, 4, 15)


@dataclass
class Employer:
    organisation: Organisation
    teams: list[Team]
    current: list[Person] = field(default_factory=list)
    leavers: list[Person] = field(default_factory=list)


@pytest.fixture
def built(world):
    employer = Employer(world.a, [world.team_a, world.other_team_a])
    figures = bank_demo_build(rng=random.Random(1), organisations=[employer], today=TODAY)
    return world, figures


def test_the_pool_has_about_300_workers_with_some_checks_expired(built):
    world, figures = built
    assert BankWorker.objects.filter(region=world.region).count() == WORKERS + 1
    assert figures.expired_checks > 0
    assert Check.objects.filter(expires_on__lt=TODAY).exists()
    assert Check.objects.filter(expires_on__gte=TODAY, expires_on__lte=date(2026, 6, 10)).exists()


def test_offers_are_in_every_state_and_timesheets_approved_and_submitted(built):
    assert set(Offer.objects.values_list("status", flat=True)) == set(Offer.Status.values)
    assert set(Timesheet.objects.values_list("status", flat=True)) >= {"approved", "submitted"}
    assert MatchRun.objects.count() == 2
    assert CoverRequest.objects.filter(kind=CoverRequest.Kind.CASE_HOLDING).exists()
    assert CoverRequest.objects.filter(priority=CoverRequest.Priority.OTHER).exists()


def test_statements_and_fill_rates_have_data(built):
    world, _ = built
    statement = recharge_statement(
        region=world.region, month=date(2026, 3, 1), organisations=[world.a]
    )
    april = recharge_statement(region=world.region, month=TODAY, organisations=[world.a])
    assert statement.total_pence + april.total_pence > 0
    rates = fill_rates(
        region=world.region, organisations=[world.a], start=date(2026, 3, 16), end=TODAY
    )
    assert rates.overall.requests > 0
    assert 0 < rates.overall.filled <= rates.overall.requests


def test_the_demo_bank_worker_signs_in_with_the_demo_password(built):
    membership = RegionalMembership.objects.get(
        role=RegionalRole.BANK_WORKER, user__email="bankworker@testshire.example"
    )
    user = membership.user
    assert user.email == "bankworker@testshire.example"
    assert authenticate(username=user.email, password=DEMO_PASSWORD) == user
    worker = BankWorker.objects.get(user=user)
    assert "amhp" in worker.specialisms
    assert worker.home.name == "Quarry End"
    assert BankWorker.objects.filter(home=worker.home).count() == 1
