from datetime import date

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from safeworkload.calc.matching import (
    CASE_HOLDING,
    DUTY_SHIFT,
    KM_PER_MILE,
    MatchSettings,
    Pool,
    Requests,
    eligible_pairs,
    generate_instance,
    match_greedy,
    match_optimal,
    why_ineligible,
)

SW, SENIOR = 0, 1
AMHP, BIA = 1, 2
MONDAY = date(2025, 3, 3)
NAMED = MatchSettings(
    role_names=("Social worker", "Senior social worker"),
    specialism_names=("AMHP", "BIA"),
    horizon_start=MONDAY,
)


def pool(n: int, days: int = 14, **fields) -> Pool:
    values = {
        "worker_ids": np.arange(1, n + 1),
        "role": np.zeros(n, np.int64),
        "specialisms": np.zeros(n, np.int64),
        "x_km": np.zeros(n),
        "y_km": np.zeros(n),
        "max_travel_miles": np.full(n, 20.0),
        "rate_pence_per_hour": np.full(n, 3000),
        "max_days_per_week": np.full(n, 5),
        "available": np.ones((n, days), bool),
        "barred_employer": np.full(n, -1),
        "barred_until_day": np.zeros(n, np.int64),
        "prior_assignments": np.zeros(n, np.int64),
    }
    for name, value in fields.items():
        values[name] = np.asarray(value, values[name].dtype)
    return Pool(**values)


def requests(n: int, **fields) -> Requests:
    values = {
        "request_ids": np.arange(1, n + 1),
        "kind": np.full(n, DUTY_SHIFT),
        "role": np.zeros(n, np.int64),
        "specialisms": np.zeros(n, np.int64),
        "first_day": np.zeros(n, np.int64),
        "last_day": None,
        "hours": np.full(n, 7.5),
        "x_km": np.zeros(n),
        "y_km": np.zeros(n),
        "max_pence_per_hour": np.full(n, 4200),
        "statutory": np.zeros(n, bool),
        "employer": np.zeros(n, np.int64),
        "continuity_worker": np.full(n, -1),
    }
    for name, value in fields.items():
        values[name] = np.asarray(value, None if name == "last_day" else values[name].dtype)
    if values["last_day"] is None:
        values["last_day"] = values["first_day"].copy()
    return Requests(**values)


def eligible(p: Pool, r: Requests, settings: MatchSettings = NAMED) -> set[tuple[int, int]]:
    return set(zip(*(a.tolist() for a in eligible_pairs(p, r, settings)), strict=True))


# ---------------------------------------------------------------------------
# What the issue asks to see


@pytest.mark.parametrize(
    ("why", "workers", "shifts"),
    [
        # Worker 0 is the cheapest for shift 0 and the only one with AMHP for shift 1.
        ("one shift a day", {}, {"first_day": [0, 0]}),
        ("the weekly limit", {"max_days_per_week": [1, 5]}, {"first_day": [0, 1]}),
        ("the most assignments in a run", {"prior_assignments": [4, 0]}, {"first_day": [0, 1]}),
    ],
)
def test_the_greedy_leaves_requests_uncovered_that_the_optimal_matching_covers(
    why, workers, shifts
):
    p = pool(2, specialisms=[AMHP, 0], rate_pence_per_hour=[3000, 3900], **workers)
    r = requests(2, specialisms=[0, AMHP], **shifts)
    greedy, optimal = match_greedy(p, r, NAMED), match_optimal(p, r, NAMED)
    assert greedy.assigned.tolist() == [0, -1]
    assert optimal.assigned.tolist() == [1, 0]
    assert (greedy.covered, optimal.covered) == (1, 2)
    assert optimal.cost_pence < greedy.cost_pence


def dbs_lapses_on(day: int, *, days: int = 14) -> np.ndarray:
    available = np.ones((2, days), bool)
    available[0, day:] = False
    return available


def test_a_check_that_expires_mid_assignment_makes_the_worker_ineligible():
    # Two weeks of case-holding; worker 0 is cheaper but their DBS lapses on day 10.
    p = pool(2, available=dbs_lapses_on(10), rate_pence_per_hour=[3000, 3400])
    r = requests(1, kind=[CASE_HOLDING], first_day=[0], last_day=[13], hours=[15.0])
    assert eligible(p, r) == {(0, 1)}
    assert match_optimal(p, r, NAMED).assigned.tolist() == [1]
    assert match_greedy(p, r, NAMED).assigned.tolist() == [1]
    reasons = why_ineligible(p, r, 0, 0, NAMED)
    assert reasons == [
        "Not free, or a compliance check not valid, on 13 March, 14 March, 15 March, 16 March."
    ]


@pytest.mark.parametrize(("day", "eligible_to_worker_0"), [(9, True), (10, False)])
def test_a_duty_shift_on_the_last_valid_day_of_a_check_is_still_eligible(day, eligible_to_worker_0):
    p = pool(2, available=dbs_lapses_on(10))
    r = requests(1, first_day=[day])
    assert ((0, 0) in eligible(p, r)) is eligible_to_worker_0
    assert (why_ineligible(p, r, 0, 0, NAMED) == []) is eligible_to_worker_0


# ---------------------------------------------------------------------------
# Capacity


@pytest.mark.parametrize(
    ("days", "covered"),
    [([0, 0], 1), ([0, 1], 2), ([3, 3, 4], 2)],
)
@pytest.mark.parametrize("method", [match_optimal, match_greedy])
def test_a_worker_takes_one_shift_a_day(method, days, covered):
    p = pool(1)
    r = requests(len(days), first_day=days)
    assert method(p, r, NAMED).covered == covered


@pytest.mark.parametrize(
    ("limit", "days", "covered"),
    [
        (2, [0, 1, 2], 2),  # three in week 1, two allowed
        (2, [0, 1, 7], 3),  # the third is in week 2
        (1, [5, 6], 1),  # Saturday and Sunday are the same week
        (1, [6, 7], 2),  # Sunday, then Monday of the next week
    ],
)
@pytest.mark.parametrize("method", [match_optimal, match_greedy])
def test_the_weekly_limit_counts_days_in_each_calendar_week(method, limit, days, covered):
    p = pool(1, max_days_per_week=[limit])
    r = requests(len(days), first_day=days)
    assert method(p, r, NAMED).covered == covered


def test_case_holding_cover_takes_its_days_from_the_workers_weekly_limit():
    # 15 hours a week is 2 days a week of 7.5 hours; the worker gives 3 a week.
    p = pool(1, max_days_per_week=[3])
    r = requests(
        4,
        kind=[CASE_HOLDING, DUTY_SHIFT, DUTY_SHIFT, DUTY_SHIFT],
        first_day=[0, 1, 2, 8],
        last_day=[13, 1, 2, 8],
        hours=[15.0, 7.5, 7.5, 7.5],
        statutory=[True, False, False, False],
    )
    for method in (match_optimal, match_greedy):
        result = method(p, r, NAMED)
        assert result.assigned[0] == 0
        assert result.covered == 3  # the block, one shift in week 1, one in week 2


@pytest.mark.parametrize(
    ("prior", "shares"),
    [([0, 0], [2, 2]), ([2, 0], [1, 3]), ([0, 4], [4, 0])],
)
@pytest.mark.parametrize("method", [match_optimal, match_greedy])
def test_fairness_spreads_work_when_costs_are_equal(method, prior, shares):
    p = pool(2, prior_assignments=prior)
    r = requests(4, first_day=[0, 1, 2, 3])
    result = method(p, r, NAMED)
    assert result.covered == 4
    assert np.bincount(result.assigned, minlength=2).tolist() == shares


@pytest.mark.parametrize("statutory", [[True, False], [False, True]])
def test_statutory_work_is_filled_before_other_work_when_capacity_is_short(statutory):
    p = pool(1)
    # The statutory shift is the dearer one, and still chosen.
    r = requests(
        2, statutory=statutory, first_day=[0, 0], hours=[7.5 if s else 4.0 for s in statutory]
    )
    result = match_optimal(p, r, NAMED)
    assert result.assigned.tolist() == [0 if s else -1 for s in statutory]
    assert result.covered_statutory == 1


def test_the_greedy_takes_requests_in_arrival_order_even_when_later_ones_are_statutory():
    p = pool(1)
    r = requests(2, statutory=[False, True], first_day=[0, 0])
    assert match_greedy(p, r, NAMED).assigned.tolist() == [0, -1]


# ---------------------------------------------------------------------------
# Eligibility


@pytest.mark.parametrize(
    ("barred_employer", "barred_until", "employer", "day", "ok"),
    [
        (3, 10, 3, 9, False),  # the former employer, before the bar ends
        (3, 10, 3, 10, True),  # the day the bar ends
        (3, 10, 4, 0, True),  # another employer
        (-1, 0, 3, 0, True),  # no former employer
    ],
)
def test_the_cool_off_bars_the_former_employer_only_and_only_before_it_ends(
    barred_employer, barred_until, employer, day, ok
):
    p = pool(1, barred_employer=[barred_employer], barred_until_day=[barred_until])
    r = requests(1, employer=[employer], first_day=[day])
    assert bool(eligible(p, r)) is ok
    if not ok:
        assert why_ineligible(p, r, 0, 0, NAMED) == [
            "Left this employer's permanent staff within the cool-off period, which ends on "
            "13 March."
        ]


@pytest.mark.parametrize(("rate", "ok"), [(4199, True), (4200, True), (4201, False)])
def test_a_rate_above_the_requests_maximum_is_ineligible(rate, ok):
    p = pool(1, rate_pence_per_hour=[rate])
    r = requests(1, max_pence_per_hour=[4200])
    assert bool(eligible(p, r)) is ok
    if not ok:
        assert why_ineligible(p, r, 0, 0, NAMED) == [
            "£42.01 an hour is above the request's maximum of £42.00."
        ]


@pytest.mark.parametrize(("miles", "ok"), [(19.99, True), (20.0, True), (20.01, False)])
def test_a_worker_exactly_at_their_travel_limit_is_eligible(miles, ok):
    p = pool(1, max_travel_miles=[20.0], x_km=[10.0], y_km=[5.0])
    r = requests(1, x_km=[10.0 + miles * KM_PER_MILE], y_km=[5.0])
    assert bool(eligible(p, r)) is ok
    if not ok:
        assert why_ineligible(p, r, 0, 0, NAMED) == [
            "20.0 miles from home, beyond their limit of 20."
        ]


COVERS = np.array([[True, False], [True, True]])  # a senior covers a social worker, not the reverse


@pytest.mark.parametrize(
    ("worker_role", "request_role", "covers", "ok"),
    [
        (SW, SW, None, True),
        (SENIOR, SW, None, False),
        (SENIOR, SW, COVERS, True),
        (SW, SENIOR, COVERS, False),
    ],
)
def test_a_role_covers_a_request_by_the_role_table(worker_role, request_role, covers, ok):
    settings = MatchSettings(role_covers=covers, role_names=NAMED.role_names)
    p = pool(1, role=[worker_role])
    r = requests(1, role=[request_role])
    assert bool(eligible(p, r, settings)) is ok


@pytest.mark.parametrize(
    ("held", "needed", "ok"),
    [(0, 0, True), (AMHP, AMHP, True), (AMHP | BIA, AMHP, True), (AMHP, AMHP | BIA, False)],
)
def test_every_required_specialism_must_be_held(held, needed, ok):
    p = pool(1, specialisms=[held])
    r = requests(1, specialisms=[needed])
    assert bool(eligible(p, r)) is ok
    if not ok:
        assert why_ineligible(p, r, 0, 0, NAMED) == ["Does not hold BIA."]


def test_case_holding_cover_needs_its_days_a_week_within_the_workers_limit():
    p = pool(1, max_days_per_week=[2])
    r = requests(1, kind=[CASE_HOLDING], first_day=[0], last_day=[6], hours=[22.5])
    assert why_ineligible(p, r, 0, 0, NAMED) == [
        "The cover needs 3 days a week; they work at most 2."
    ]


# ---------------------------------------------------------------------------
# Cost and reasons


@pytest.mark.parametrize(
    ("kind", "last_day", "hours", "cover", "a_day"),
    [
        # 7.5 h x £30 + 2 x 10 miles x 45p
        (DUTY_SHIFT, 0, 7.5, 22_500 + 900, 900),
        # 15 h a week x 2 weeks x £30, and 2 days a week x 2 weeks of mileage
        (CASE_HOLDING, 13, 15.0, 90_000 + 4 * 900, 900),
        # 16 h a week is 3 days a week of travel
        (CASE_HOLDING, 6, 16.0, 48_000 + 3 * 900, 900),
    ],
)
def test_the_cost_of_cover_is_rate_by_hours_and_mileage_by_days_worked(
    kind, last_day, hours, cover, a_day
):
    p = pool(1)
    r = requests(1, kind=[kind], last_day=[last_day], hours=[hours], x_km=[10 * KM_PER_MILE])
    (match,) = match_optimal(p, r, NAMED).matches
    assert (match.cost_pence, match.mileage_pence, match.rate_pence) == (cover, a_day, 3000)


@pytest.mark.parametrize(("dearer_by", "chosen"), [(166, 1), (167, 0)])
def test_the_continuity_bonus_keeps_the_same_worker(dearer_by, chosen):
    # Two weeks at 15 hours a week is 30 hours: 166p an hour dearer is £49.80 more,
    # within the £50 bonus; 167p is £50.10, beyond it.
    p = pool(2, rate_pence_per_hour=[3000, 3000 + dearer_by])
    r = requests(1, kind=[CASE_HOLDING], last_day=[13], hours=[15.0], continuity_worker=[1])
    for method in (match_optimal, match_greedy):
        assert method(p, r, NAMED).assigned.tolist() == [chosen]


def test_each_match_says_why_in_words():
    p = pool(
        3,
        specialisms=[AMHP, AMHP, AMHP],
        rate_pence_per_hour=[3800, 3800, 3800],
        prior_assignments=[2, 5, 5],
    )
    r = requests(1, specialisms=[AMHP], x_km=[8.2 * KM_PER_MILE], max_pence_per_hour=[4200])
    (match,) = match_optimal(p, r, NAMED).matches
    assert match.worker == 0
    assert match.fairness_pence == 1_500
    assert match.reason == (
        "Social worker with AMHP; 8.2 miles from home (limit 20); £38.00 an hour against a "
        "maximum of £42.00; available and checked on 3 March; their 3rd shift in this run "
        "(+£15.00 fairness)."
    )


def test_a_block_says_every_day_it_needs_and_the_continuity():
    p = pool(1, role=[SENIOR])
    r = requests(1, kind=[CASE_HOLDING], last_day=[13], hours=[15.0], continuity_worker=[0])
    settings = MatchSettings(role_covers=COVERS, role_names=NAMED.role_names, horizon_start=MONDAY)
    (match,) = match_greedy(p, r, settings).matches
    assert match.reason == (
        "Senior social worker (covers Social worker); 0.0 miles from home (limit 20); £30.00 an "
        "hour against a maximum of £42.00; available and checked on every day from 3 March to "
        "16 March; their 1st assignment in this run (no fairness cost); held this work before "
        "(-£50.00 continuity)."
    )


def test_an_eligible_pair_has_no_reasons_against_it():
    assert why_ineligible(pool(1), requests(1), 0, 0, NAMED) == []


# ---------------------------------------------------------------------------
# The optimum against HiGHS


def random_instance(seed: int, *, blocks: bool = False) -> tuple[Pool, Requests]:
    rng = np.random.default_rng(seed)
    n_workers, n_requests, days = 8, 24, 14
    p = pool(
        n_workers,
        days,
        role=rng.integers(0, 2, n_workers),
        specialisms=rng.integers(0, 4, n_workers),
        x_km=rng.uniform(0, 40, n_workers),
        y_km=rng.uniform(0, 40, n_workers),
        max_travel_miles=rng.choice([10.0, 20.0, 30.0], n_workers),
        rate_pence_per_hour=rng.integers(3000, 4000, n_workers),
        max_days_per_week=rng.integers(1, 4, n_workers),
        available=rng.random((n_workers, days)) < (0.9 if blocks else 0.6),
        prior_assignments=rng.integers(0, 3, n_workers),
    )
    first = rng.integers(0, days, n_requests)
    weeks = rng.integers(1, 3, n_requests)
    r = requests(
        n_requests,
        kind=np.full(n_requests, CASE_HOLDING if blocks else DUTY_SHIFT),
        role=rng.integers(0, 2, n_requests),
        specialisms=np.where(rng.random(n_requests) < 0.3, 1, 0),
        first_day=np.where(blocks, np.minimum(first // 7, 2 - weeks) * 7, first),
        last_day=np.where(blocks, np.minimum(first // 7, 2 - weeks) * 7 + 7 * weeks - 1, first),
        hours=rng.choice([7.5, 15.0] if blocks else [4.0, 7.5], n_requests),
        x_km=rng.uniform(0, 40, n_requests),
        y_km=rng.uniform(0, 40, n_requests),
        max_pence_per_hour=rng.integers(3500, 4500, n_requests),
        statutory=rng.random(n_requests) < 0.5,
        continuity_worker=np.where(
            rng.random(n_requests) < 0.3, rng.integers(0, n_workers, n_requests), -1
        ),
    )
    return p, r


def highs_optimum(p: Pool, r: Requests, settings: MatchSettings) -> int:
    """The same problem as a MIP, written out from the rules, not from the network:
    x a (request, worker) pair, u a request left unfilled, y a worker's kth assignment."""
    pr, pw = eligible_pairs(p, r, settings)
    n_req, n_work = len(r.kind), len(p.worker_ids)
    days_a_week = np.where(r.kind == CASE_HOLDING, np.ceil(r.hours / 7.5), 1).astype(int)
    weeks = np.where(r.kind == CASE_HOLDING, (r.last_day - r.first_day) // 7 + 1, 1)
    miles = np.hypot(p.x_km[pw] - r.x_km[pr], p.y_km[pw] - r.y_km[pr]) / KM_PER_MILE
    cost = (
        np.rint(p.rate_pence_per_hour[pw] * r.hours[pr] * weeks[pr])
        + np.rint(2 * miles * 45) * days_a_week[pr] * weeks[pr]
        - np.where(r.continuity_worker[pr] == pw, 5_000, 0)
    )
    steps = np.array(settings.fairness_steps_pence)
    penalty = np.where(r.statutory, 300_000, 100_000) * days_a_week * weeks
    n_x, n_y = pr.size, n_work * len(steps)
    c = np.concatenate([cost, penalty, np.tile(steps, n_work)])
    upper = np.ones(n_x + n_req + n_y)
    # y beyond the steps left after a worker's prior assignments is closed.
    upper[n_x + n_req :] = (np.arange(len(steps))[None, :] >= p.prior_assignments[:, None]).ravel()
    rows, cols, vals, lo, hi = [], [], [], [], []

    def constraint(columns, values, low, high):
        rows.extend([len(lo)] * len(columns))
        cols.extend(columns)
        vals.extend(values)
        lo.append(low)
        hi.append(high)

    for req in range(n_req):  # each request filled once or left
        on = np.flatnonzero(pr == req)
        constraint([*on, n_x + req], [1] * (on.size + 1), 1, 1)
    for worker in range(n_work):
        on = np.flatnonzero(pw == worker)
        ys = n_x + n_req + worker * len(steps) + np.arange(len(steps))
        constraint([*on, *ys], [1] * on.size + [-1] * len(steps), 0, 0)  # counted by the steps
        if r.kind[0] == CASE_HOLDING:
            constraint(list(on), [1] * on.size, 0, 1)  # one block a run
            continue
        for week in range(2):
            in_week = on[r.first_day[pr[on]] // 7 == week]
            constraint(list(in_week), [1] * in_week.size, 0, p.max_days_per_week[worker])
        for day in range(p.available.shape[1]):
            that_day = on[r.first_day[pr[on]] == day]
            constraint(list(that_day), [1] * that_day.size, 0, 1)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), c.size))
    result = milp(
        c,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=np.ones(c.size),
        bounds=Bounds(0, upper),
    )
    assert result.status == 0
    return round(result.fun)


@pytest.mark.parametrize("seed", range(6))
def test_the_optimum_equals_highs_on_small_random_duty_shift_instances(seed):
    p, r = random_instance(seed)
    optimal = match_optimal(p, r, MatchSettings())
    assert optimal.cost_pence == highs_optimum(p, r, MatchSettings())
    assert optimal.cost_pence <= match_greedy(p, r, MatchSettings()).cost_pence


@pytest.mark.parametrize("seed", range(3))
def test_the_optimum_equals_highs_on_small_random_case_holding_instances(seed):
    p, r = random_instance(seed, blocks=True)
    optimal = match_optimal(p, r, MatchSettings())
    assert optimal.cost_pence == highs_optimum(p, r, MatchSettings())


# ---------------------------------------------------------------------------
# The generated instance


def test_the_generator_gives_about_five_percent_eligible_pairs_at_2000_by_5000():
    p, r = generate_instance(workers=2000, requests=5000, seed=7)
    pairs = eligible_pairs(p, r, MatchSettings())[0].size
    assert 0.03 <= pairs / (2000 * 5000) <= 0.07


def test_the_generator_gives_the_same_instance_for_the_same_seed():
    first, second = (
        generate_instance(workers=50, requests=100, seed=3),
        generate_instance(workers=50, requests=100, seed=3),
    )
    assert np.array_equal(first[0].available, second[0].available)
    assert np.array_equal(first[1].first_day, second[1].first_day)


@pytest.mark.parametrize("seed", [1, 2])
def test_on_a_generated_instance_the_optimum_is_no_worse_than_the_greedy(seed):
    p, r = generate_instance(workers=200, requests=500, seed=seed)
    optimal, greedy = match_optimal(p, r), match_greedy(p, r)
    assert optimal.pairs == greedy.pairs > 0
    assert optimal.cost_pence <= greedy.cost_pence
    assert optimal.covered >= greedy.covered
    assert len(optimal.matches) == optimal.covered
    assert np.all(np.bincount(optimal.assigned[optimal.assigned >= 0]) <= 5)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (13, 14, "within the horizon of 14 days"),
        (-1, 0, "within the horizon of 14 days"),
        (5, 4, "cannot end before it starts"),
    ],
)
def test_days_outside_the_horizon_are_refused(first, last, message):
    with pytest.raises(ValueError, match=message):
        match_optimal(pool(1), requests(1, first_day=[first], last_day=[last]), NAMED)


def test_fairness_steps_that_fall_are_refused():
    with pytest.raises(ValueError, match="non-decreasing"):
        MatchSettings(fairness_steps_pence=(0, 3_000, 1_500))
