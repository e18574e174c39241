"""The shared rules: the cool-off after leaving a member employer, and the rate
a request may offer for its role."""

from datetime import date

import pytest
from django.test import override_settings

from safeworkload.bank.selectors.pool import (
    barred_until,
    cool_off_ends,
    current_rate_cards,
    role_rate,
)
from safeworkload.bank.tests.conftest import make_place, make_rate, make_worker
from safeworkload.calc.supervision import add_months
from safeworkload.organisations.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2026, 3, 31), 0, date(2026, 3, 31)),
    ],
)
def test_months_are_added_to_the_same_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "barred"),
    [
        (date(2026, 4, 14), True),  # the day before three months have passed
        (date(2026, 4, 15), False),  # exactly three months: free again
        (date(2026, 4, 16), False),
    ],
)
def test_a_leaver_is_barred_from_their_employer_until_exactly_three_months_pass(world, day, barred):
    worker = make_worker(
        world.region,
        make_place(world.region, "Here", 0, 0),
        "leaver@relief.example",
        former_employer=world.a,
        left_former_employer_on=date(2026, 1, 15),
    )
    bar = barred_until(worker)
    assert bar is not None
    employer_id, until = bar
    assert employer_id == world.a.pk
    assert (day < until) is barred


def test_the_cool_off_follows_the_setting(world):
    worker = make_worker(
        world.region,
        make_place(world.region, "Here", 0, 0),
        "leaver@relief.example",
        former_employer=world.a,
        left_former_employer_on=date(2026, 1, 15),
    )
    with override_settings(SAFEWORKLOAD_BANK_COOL_OFF_MONTHS=6):
        assert barred_until(worker) == (world.a.pk, date(2026, 7, 15))
    assert barred_until(worker, months=1) == (world.a.pk, date(2026, 2, 15))
    assert cool_off_ends(date(2026, 1, 15), 3) == date(2026, 4, 15)


def test_a_worker_who_left_no_member_employer_is_never_barred(world):
    worker = make_worker(world.region, make_place(world.region, "Here", 0, 0), "x@relief.example")
    assert barred_until(worker) is None


def test_the_default_cool_off_is_three_months(settings):
    assert settings.SAFEWORKLOAD_BANK_COOL_OFF_MONTHS == 3


def test_a_role_defaults_to_its_ungraded_base_and_is_capped_at_its_highest_cap(world):
    region = world.region
    make_rate(region, base=3800, cap=4500)
    make_rate(region, base=4000, cap=4700, grade="Grade 9")
    rate = role_rate(region=region, job_role=Person.JobRole.SOCIAL_WORKER, on=date(2026, 6, 1))
    assert rate is not None and (rate.base_pence, rate.cap_pence) == (3800, 4700)
    assert (
        role_rate(region=region, job_role=Person.JobRole.TEAM_MANAGER, on=date(2026, 6, 1)) is None
    )


def test_a_later_card_replaces_an_earlier_one_from_its_date(world):
    region = world.region
    make_rate(region, base=3800, cap=4500, effective_from=date(2026, 4, 1))
    make_rate(region, base=3900, cap=4600, effective_from=date(2026, 7, 1))
    before = role_rate(region=region, job_role=Person.JobRole.SOCIAL_WORKER, on=date(2026, 6, 30))
    after = role_rate(region=region, job_role=Person.JobRole.SOCIAL_WORKER, on=date(2026, 7, 1))
    assert before is not None and before.cap_pence == 4500
    assert after is not None and after.cap_pence == 4600
    assert len(current_rate_cards(region=region, on=date(2026, 7, 1))) == 1
    assert (
        role_rate(region=region, job_role=Person.JobRole.SOCIAL_WORKER, on=date(2026, 3, 31))
        is None
    )
