"""Shared fixtures for the relief bank: Testshire's places, rate cards and a small
pool with checks, on top of the ``world`` fixture.

The dates are fixed relative to a ``today`` the tests pass in, never the wall
clock: a worker's checks run from a year before ``TODAY`` and, for one worker,
expire ten days after it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

import pytest
from django.contrib.auth.models import User

from safeworkload.bank.models import Availability, BankWorker, Check, Place, RateCard
from safeworkload.organisations.models import Person, Region, RegionalMembership
from safeworkload.organisations.roles import RegionalRole
from safeworkload.testing import World, make_user

TODAY = date(2026, 6, 1)  # a Monday
ALL_KINDS = [kind for kind, _ in Check.Kind.choices]


def make_place(region: Region, name: str, x_km: float, y_km: float) -> Place:
    return Place.objects.create(
        region=region, name=name, x_km=Decimal(str(x_km)), y_km=Decimal(str(y_km))
    )


def make_rate(
    region: Region,
    job_role: str = Person.JobRole.SOCIAL_WORKER,
    *,
    base: int = 3800,
    cap: int = 4500,
    grade: str = "",
    effective_from: date = date(2026, 4, 1),
) -> RateCard:
    return RateCard.objects.create(
        region=region,
        job_role=job_role,
        grade=grade,
        base_pence_per_hour=base,
        cap_pence_per_hour=cap,
        effective_from=effective_from,
    )


def make_worker(region: Region, home: Place, email: str, **fields: object) -> BankWorker:
    values: dict[str, object] = {
        "given_name": "Relief",
        "family_name": email.split("@")[0].title(),
        "job_role": Person.JobRole.SOCIAL_WORKER,
        "max_travel_miles": 20,
        "max_days_per_week": 3,
    }
    values.update(fields)
    return BankWorker.objects.create(region=region, home=home, email=email, **values)


def give_checks(
    worker: BankWorker,
    *,
    verified_on: date = TODAY - timedelta(days=365),
    expires_on: date | None = None,
    kinds: list[str] | None = None,
) -> list[Check]:
    return [
        Check.objects.create(
            worker=worker, kind=kind, verified_on=verified_on, expires_on=expires_on
        )
        for kind in (ALL_KINDS if kinds is None else kinds)
    ]


def make_free(worker: BankWorker, days: list[date]) -> None:
    Availability.objects.bulk_create([Availability(worker=worker, day=d) for d in days])


@dataclass
class Bank:
    """The world, with Testshire's pool: three places 0, 30 and 60 km apart on a
    line, social-worker and senior rates, and three workers living in Northtown.

    ``ready``: all four checks valid with no expiry, free the first fortnight,
    an AMHP, signed in as the world's ``bank_worker`` user.
    ``expiring``: all checks valid, the DBS expiring ten days after ``TODAY``.
    ``unreferenced``: no references check at all.
    """

    world: World
    north: Place
    middle: Place
    south: Place
    social_worker_rate: RateCard
    senior_rate: RateCard
    ready: BankWorker
    expiring: BankWorker
    unreferenced: BankWorker


def build_bank(world: World) -> Bank:
    region = world.region
    north = make_place(region, "Northtown", 0, 0)
    middle = make_place(region, "Middleton", 0, 30)
    south = make_place(region, "Southby", 0, 60)
    sw_rate = make_rate(region)
    senior_rate = make_rate(region, Person.JobRole.SENIOR_PRACTITIONER, base=4200, cap=5000)
    ready = make_worker(
        region,
        north,
        "ready@relief.example",
        user=world.users[RegionalRole.BANK_WORKER],
        specialisms=["amhp"],
        service_areas=["adults"],
    )
    expiring = make_worker(region, north, "expiring@relief.example")
    unreferenced = make_worker(region, north, "unreferenced@relief.example")
    give_checks(ready)
    give_checks(expiring, kinds=["registration", "right_to_work", "references"])
    give_checks(expiring, kinds=["dbs"], expires_on=TODAY + timedelta(days=10))
    give_checks(unreferenced, kinds=["registration", "dbs", "right_to_work"])
    fortnight = [TODAY + timedelta(days=n) for n in range(14)]
    for worker in (ready, expiring, unreferenced):
        make_free(worker, fortnight)
    return Bank(world, north, middle, south, sw_rate, senior_rate, ready, expiring, unreferenced)


@pytest.fixture
def bank(world: World) -> Bank:
    return build_bank(world)


@pytest.fixture
def other_region_coordinator(db):
    """A coordinator of another region, with a place and a worker of their own."""
    region = Region.objects.create(name="Otherland", code="otherland")
    user = make_user("coordinator@otherland.example")
    RegionalMembership.objects.create(
        user=cast(User, user), region=region, role=RegionalRole.BANK_COORDINATOR
    )
    place = make_place(region, "Far Town", 0, 0)
    worker = make_worker(region, place, "far@relief.example", family_name="Faraway")
    return user, region, worker
