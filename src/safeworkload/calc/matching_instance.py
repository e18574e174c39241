"""A random relief-bank instance like reference/07 §2.1 (Appendix B's generator),
with the rules the bank adds: roles, specialisms, rates against maxima, day
availability with checks that expire, the cool-off and case-holding blocks.

About 5% of (request, worker) pairs come out eligible at any size, as in the
reference, because travel limits are in miles while the region stays 120 km
square. Used by the benchmark command, benchmarks/bank_matching.py and tests.
"""

import numpy as np

from safeworkload.calc.matching import CASE_HOLDING, DUTY_SHIFT, Pool, Requests

SIDE_KM = 120.0
EMPLOYERS = 12
ROLE_SHARES = (0.6, 0.25, 0.15)  # social worker, senior, advanced practitioner
ROLE_BASE_PENCE = (3_000, 3_500, 4_000)
SPECIALISMS = 4  # AMHP, BIA, practice educator, court
TRAVEL_MILES = (5, 10, 15, 20, 25, 30, 35)


def generate(*, workers: int, requests: int, seed: int, days: int = 28) -> tuple[Pool, Requests]:
    rng = np.random.default_rng(seed)
    return _pool(rng, workers, days), _requests(rng, requests, workers, days)


def _pool(rng: np.random.Generator, n: int, days: int) -> Pool:
    role = rng.choice(len(ROLE_SHARES), n, p=ROLE_SHARES)
    held = rng.random((n, SPECIALISMS)) < 0.35
    # Most workers are free on some days; one in five is free throughout and can hold cases.
    steady = rng.random(n) < 0.2
    available = steady[:, None] | (rng.random((n, days)) < 0.6)
    # One in twenty has a check that lapses during the horizon.
    lapses = rng.random(n) < 0.05
    lapse_day = rng.integers(0, days, n)
    available &= ~(lapses[:, None] & (np.arange(days) >= lapse_day[:, None]))
    barred = rng.random(n) < 0.05
    return Pool(
        worker_ids=np.arange(1, n + 1, dtype=np.int64),
        role=role.astype(np.int64),
        specialisms=(held * (1 << np.arange(SPECIALISMS))).sum(axis=1).astype(np.int64),
        x_km=rng.uniform(0, SIDE_KM, n),
        y_km=rng.uniform(0, SIDE_KM, n),
        max_travel_miles=rng.choice(TRAVEL_MILES, n).astype(np.float64),
        rate_pence_per_hour=(np.take(ROLE_BASE_PENCE, role) + rng.integers(0, 700, n)).astype(
            np.int64
        ),
        max_days_per_week=rng.integers(1, 6, n).astype(np.int64),
        available=available,
        barred_employer=np.where(barred, rng.integers(0, EMPLOYERS, n), -1).astype(np.int64),
        barred_until_day=np.where(barred, rng.integers(0, days, n), 0).astype(np.int64),
        prior_assignments=(rng.random(n) < 0.1).astype(np.int64),
    )


def _requests(rng: np.random.Generator, n: int, workers: int, days: int) -> Requests:
    centres = rng.uniform(10, SIDE_KM - 10, (EMPLOYERS, 2))
    employer = rng.integers(0, EMPLOYERS, n)
    xy = np.clip(centres[employer] + rng.normal(0, 15, (n, 2)), 0, SIDE_KM)
    role = rng.choice(len(ROLE_SHARES), n, p=ROLE_SHARES)
    one = rng.integers(0, SPECIALISMS, n)
    specialisms = np.where(rng.random(n) < 0.3, 1 << one, 0)
    weeks_in_horizon = days // 7
    block = (rng.random(n) < 0.05) & (weeks_in_horizon >= 2)
    # Duty shifts fall on weekdays; blocks start on a Monday and run 2 to 4 weeks.
    weekdays = np.flatnonzero(np.arange(days) % 7 < 5)
    shift_day = rng.choice(weekdays, n)
    weeks = rng.integers(2, max(3, min(4, weeks_in_horizon) + 1), n)
    weeks = np.minimum(weeks, weeks_in_horizon)
    start_week = (rng.random(n) * (weeks_in_horizon - weeks + 1)).astype(np.int64)
    first = np.where(block, start_week * 7, shift_day)
    last = np.where(block, first + weeks * 7 - 1, first)
    hours = np.where(
        block, rng.choice([7.5, 15.0, 22.5], n), np.where(rng.random(n) < 0.8, 7.5, 4.0)
    )
    cap = np.take(ROLE_BASE_PENCE, role) + np.where(rng.random(n) < 0.9, 900, 300)
    held_before = block & (rng.random(n) < 0.3)
    return Requests(
        request_ids=np.arange(1, n + 1, dtype=np.int64),
        kind=np.where(block, CASE_HOLDING, DUTY_SHIFT).astype(np.int64),
        role=role.astype(np.int64),
        specialisms=specialisms.astype(np.int64),
        first_day=first.astype(np.int64),
        last_day=last.astype(np.int64),
        hours=hours.astype(np.float64),
        x_km=xy[:, 0],
        y_km=xy[:, 1],
        max_pence_per_hour=cap.astype(np.int64),
        statutory=rng.random(n) < 0.6,
        employer=employer.astype(np.int64),
        continuity_worker=np.where(held_before, rng.integers(0, workers, n), -1).astype(np.int64),
    )
