"""Checks recorded once for the region: the days they cover, for one worker and
for the whole pool at once, and how every employer sees them."""

from datetime import date, timedelta

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeworkload.bank.models import Check
from safeworkload.bank.selectors.pool import (
    check_coverage,
    check_status,
    check_summaries,
    checks_valid_matrix,
    valid_days,
    worker_check_states,
)
from safeworkload.bank.tests.conftest import TODAY, give_checks, make_place, make_worker

pytestmark = pytest.mark.django_db

D0 = date(2026, 6, 1)
DAYS = [D0 + timedelta(days=n) for n in range(5)]  # 1 to 5 June


@pytest.fixture
def worker(world):
    return make_worker(world.region, make_place(world.region, "Here", 0, 0), "w@relief.example")


@pytest.mark.parametrize(
    ("checks", "expected_days"),
    [
        # (kind, verified_on, expires_on) for each check beyond three that never expire
        pytest.param([("dbs", D0, None)], {1, 2, 3, 4, 5}, id="no expiry covers every day"),
        pytest.param(
            [("dbs", D0, D0 + timedelta(days=2))], {1, 2, 3}, id="valid on its expiry day"
        ),
        pytest.param([("dbs", D0, D0)], {1}, id="expiring the day it is verified"),
        pytest.param(
            [("dbs", D0 - timedelta(days=9), D0 - timedelta(days=1))], set(), id="expired"
        ),
        pytest.param([("dbs", D0 + timedelta(days=3), None)], {4, 5}, id="verified mid-way"),
        pytest.param([], set(), id="one kind missing"),
        pytest.param(
            [("dbs", D0, D0 + timedelta(days=1)), ("dbs", D0 + timedelta(days=3), None)],
            {1, 2, 4, 5},
            id="a gap between a check and its renewal",
        ),
    ],
)
def test_the_days_a_worker_may_work_are_those_every_check_covers(worker, checks, expected_days):
    give_checks(
        worker,
        verified_on=D0 - timedelta(days=30),
        kinds=["registration", "right_to_work", "references"],
    )
    for kind, verified_on, expires_on in checks:
        Check.objects.create(
            worker=worker, kind=kind, verified_on=verified_on, expires_on=expires_on
        )
    assert valid_days(worker=worker, days=DAYS) == {date(2026, 6, n) for n in expected_days}
    assert check_coverage(worker=worker, days=DAYS) == {d: d.day in expected_days for d in DAYS}


def test_the_pool_matrix_answers_for_every_worker_in_one_query(bank):
    ids = [bank.ready.pk, bank.expiring.pk, bank.unreferenced.pk]
    days = [TODAY + timedelta(days=n) for n in range(14)]
    with CaptureQueriesContext(connection) as queries:
        matrix = checks_valid_matrix(region=bank.world.region, workers=ids, days=days)
    assert len(queries.captured_queries) == 1
    assert matrix.shape == (3, 14)
    assert matrix[0].all()
    # The DBS expires ten days on: valid to day 10 inclusive, not after.
    assert matrix[1].tolist() == [True] * 11 + [False] * 3
    assert not matrix[2].any()


def test_the_matrix_ignores_a_worker_of_another_region(bank, other_region_coordinator):
    _, _, far = other_region_coordinator
    give_checks(far)
    matrix = checks_valid_matrix(region=bank.world.region, workers=[far.pk], days=[TODAY])
    assert matrix.tolist() == [[False]]


def test_an_empty_pool_or_horizon_gives_an_empty_matrix(bank):
    assert checks_valid_matrix(region=bank.world.region, workers=[], days=[TODAY]).shape == (0, 1)
    matrix = checks_valid_matrix(region=bank.world.region, workers=[bank.ready.pk], days=[])
    assert isinstance(matrix, np.ndarray) and matrix.shape == (1, 0)


@pytest.mark.parametrize(
    ("verified_on", "expires_on", "status"),
    [
        (TODAY, None, "valid"),
        (TODAY + timedelta(days=1), None, "missing"),
        (TODAY - timedelta(days=400), TODAY - timedelta(days=1), "expired"),
        (TODAY - timedelta(days=400), TODAY, "expiring"),
        (TODAY - timedelta(days=400), TODAY + timedelta(days=30), "expiring"),
        (TODAY - timedelta(days=400), TODAY + timedelta(days=31), "valid"),
    ],
)
def test_a_check_is_valid_expiring_within_30_days_or_expired(verified_on, expires_on, status):
    check = Check(kind="dbs", verified_on=verified_on, expires_on=expires_on)
    assert check_status(check, today=TODAY) == status


def test_every_employer_sees_each_kind_of_check_with_its_state(bank):
    states = {s.kind: s.status for s in worker_check_states(worker=bank.expiring, today=TODAY)}
    assert states == {
        "registration": "valid",
        "dbs": "expiring",
        "right_to_work": "valid",
        "references": "valid",
    }
    missing = {s.kind: s.status for s in worker_check_states(worker=bank.unreferenced, today=TODAY)}
    assert missing["references"] == "missing"


def test_the_summary_names_the_checks_that_need_attention(bank):
    summaries = check_summaries(workers=[bank.ready, bank.expiring, bank.unreferenced], today=TODAY)
    assert summaries[bank.ready.pk] == "All valid"
    assert summaries[bank.expiring.pk] == "Expiring soon: DBS check"
    assert summaries[bank.unreferenced.pk] == "Not recorded: References"
