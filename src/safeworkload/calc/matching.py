"""Relief-bank matching: which bank worker covers which request, at least cost.

Pure calculation on numpy arrays, no Django: the bank app's adapter builds a
``Pool`` and ``Requests`` from its records and stores the ``Match`` list as
offers. docs/relief-bank-matching.md explains the network; reference/07 §2
measured the methods.

The optimum is a min-cost flow (OR-Tools ``SimpleMinCostFlow``, built with the
vectorised arc calls, integer costs in pence). Duty shifts are a pure flow:
source -> worker (parallel unit arcs costing the convex fairness steps) ->
worker-week (days a week) -> worker-day (one shift a day) -> shift -> sink,
with an unfilled arc per shift at its penalty so that supply always balances.
Case-holding cover must stay with one worker for its whole run, and "the same
worker for a block" is not a flow (reference/07 §2.6), so blocks are solved
first as their own flow, each block one node, and the duty shifts then get
the weekly days the blocks leave. The whole is therefore optimal for the duty
shifts given the blocks, not jointly.

Money is integer pence. An unfilled request costs its penalty for each day of
work it needs (one for a duty shift), so a long block is not cheaper to leave
than to fill.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import KDTree

from safeworkload.calc.money import pounds

DUTY_SHIFT, CASE_HOLDING = 0, 1
KM_PER_MILE = 1.609344
# Distances are compared in floating point; a worker exactly at their limit is within it.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Pool:
    """One entry per worker, arrays of length W; ``available`` is W x D (free that
    day and every compliance check valid that day)."""

    worker_ids: np.ndarray
    role: np.ndarray
    specialisms: np.ndarray
    x_km: np.ndarray
    y_km: np.ndarray
    max_travel_miles: np.ndarray
    rate_pence_per_hour: np.ndarray
    max_days_per_week: np.ndarray
    available: np.ndarray
    barred_employer: np.ndarray
    barred_until_day: np.ndarray
    prior_assignments: np.ndarray


@dataclass(frozen=True)
class Requests:
    """One entry per request, arrays of length R; days index the horizon, day 0 a
    Monday. ``hours`` is a duty shift's hours, or case-holding hours a week."""

    request_ids: np.ndarray
    kind: np.ndarray
    role: np.ndarray
    specialisms: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray
    hours: np.ndarray
    x_km: np.ndarray
    y_km: np.ndarray
    max_pence_per_hour: np.ndarray
    statutory: np.ndarray
    employer: np.ndarray
    continuity_worker: np.ndarray


@dataclass(frozen=True)
class MatchSettings:
    unfilled_statutory_pence: int = 300_000
    unfilled_other_pence: int = 100_000
    mileage_pence_per_mile: int = 45
    # The 1st, 2nd, 3rd... assignment of a worker; the length is also the most
    # assignments one worker can take in a run. Non-decreasing, so that the
    # flow takes the cheap steps first.
    fairness_steps_pence: tuple[int, ...] = (0, 0, 1_500, 3_000, 6_000)
    continuity_bonus_pence: int = 5_000
    hours_per_day: float = 7.5
    # role_covers[worker_role, request_role]; None: a role covers only itself.
    role_covers: np.ndarray | None = field(default=None, compare=False)
    # Words for the reasons; without them the reasons say "role 2", "day 3".
    role_names: tuple[str, ...] = ()
    specialism_names: tuple[str, ...] = ()  # bit i of the masks
    horizon_start: date | None = None  # the date of day 0

    def __post_init__(self) -> None:
        steps = self.fairness_steps_pence
        if not steps or any(b < a for a, b in itertools.pairwise(steps)):
            raise ValueError("The fairness steps must be a non-empty, non-decreasing list.")


@dataclass(frozen=True)
class Match:
    """``cost_pence`` is the cover's cost to the employer (rate and mileage, no
    fairness or continuity terms); ``mileage_pence`` is per day worked, return."""

    request: int
    worker: int
    cost_pence: int
    rate_pence: int
    mileage_pence: int
    fairness_pence: int
    miles: float
    reason: str


@dataclass(frozen=True)
class Matching:
    assigned: np.ndarray  # worker index per request, -1 unfilled
    matches: list[Match]
    cost_pence: int  # the objective: cover costs - continuity + fairness + unfilled penalties
    covered: int
    covered_statutory: int
    pairs: int
    build_seconds: float
    solve_seconds: float


# ---------------------------------------------------------------------------
# Eligibility and cost, per candidate pair (arrays r, w of equal length)


def _days_a_week(requests: Requests, settings: MatchSettings) -> np.ndarray:
    """Days worked a week: 1 for a duty shift, hours a week over hours a day, rounded up."""
    blocks = np.ceil(requests.hours / settings.hours_per_day - _EPSILON).astype(np.int64)
    return np.where(requests.kind == CASE_HOLDING, blocks, 1)


def _weeks(requests: Requests) -> np.ndarray:
    return (requests.last_day - requests.first_day) // 7 + 1


def _days_needed(requests: Requests, settings: MatchSettings) -> np.ndarray:
    return _days_a_week(requests, settings) * np.where(
        requests.kind == CASE_HOLDING, _weeks(requests), 1
    )


def _miles(pool: Pool, requests: Requests, r: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.hypot(pool.x_km[w] - requests.x_km[r], pool.y_km[w] - requests.y_km[r]) / KM_PER_MILE


def _checks(
    pool: Pool, requests: Requests, settings: MatchSettings, r: np.ndarray, w: np.ndarray
) -> dict[str, np.ndarray]:
    """Each rule's pass/fail for every pair: the one source of truth for
    eligible_pairs and why_ineligible."""
    covers = settings.role_covers
    role_ok = (
        pool.role[w] == requests.role[r]
        if covers is None
        else covers[pool.role[w], requests.role[r]]
    )
    unavailable = np.zeros((pool.available.shape[0], pool.available.shape[1] + 1), np.int32)
    np.cumsum(~pool.available, axis=1, out=unavailable[:, 1:])
    return {
        "role": role_ok,
        "specialisms": (requests.specialisms[r] & ~pool.specialisms[w]) == 0,
        "distance": _miles(pool, requests, r, w) <= pool.max_travel_miles[w] + _EPSILON,
        "rate": pool.rate_pence_per_hour[w] <= requests.max_pence_per_hour[r],
        "available": unavailable[w, requests.last_day[r] + 1]
        == unavailable[w, requests.first_day[r]],
        "cool_off": ~(
            (pool.barred_employer[w] == requests.employer[r])
            & (requests.first_day[r] < pool.barred_until_day[w])
        ),
        "days_a_week": _days_a_week(requests, settings)[r] <= pool.max_days_per_week[w],
    }


def _candidates(pool: Pool, requests: Requests, settings: MatchSettings) -> tuple[np.ndarray, ...]:
    """Pairs within each worker's travel limit whose roles fit: a KD-tree per
    request role, queried with each covering worker's own radius."""
    n_roles = int(max(pool.role.max(initial=0), requests.role.max(initial=0))) + 1
    covers = settings.role_covers
    if covers is None:
        covers = np.eye(n_roles, dtype=bool)
    rs, ws = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for role in np.unique(requests.role):
        wanting = np.flatnonzero(requests.role == role)
        workers = np.flatnonzero(covers[pool.role, role])
        if workers.size == 0:
            continue
        tree = KDTree(np.column_stack([requests.x_km[wanting], requests.y_km[wanting]]))
        radius = pool.max_travel_miles[workers] * KM_PER_MILE + 1e-6
        found = tree.query_ball_point(
            np.column_stack([pool.x_km[workers], pool.y_km[workers]]), radius, return_sorted=False
        )
        sizes = np.fromiter((len(f) for f in found), np.int64, count=len(found))
        if sizes.sum() == 0:
            continue
        rs.append(wanting[np.concatenate([f for f in found if f]).astype(np.int64)])
        ws.append(np.repeat(workers, sizes))
    return np.concatenate(rs), np.concatenate(ws)


def eligible_pairs(
    pool: Pool, requests: Requests, settings: MatchSettings
) -> tuple[np.ndarray, np.ndarray]:
    """The (request, worker) index pairs that pass every rule, sorted by request then worker."""
    days = pool.available.shape[1]
    if np.any(requests.first_day < 0) or np.any(requests.last_day >= days):
        raise ValueError(f"Every request's days must lie within the horizon of {days} days.")
    if np.any(requests.last_day < requests.first_day):
        raise ValueError("A request cannot end before it starts.")
    r, w = _candidates(pool, requests, settings)
    ok = np.logical_and.reduce(list(_checks(pool, requests, settings, r, w).values()))
    r, w = r[ok], w[ok]
    order = np.lexsort((w, r))
    return r[order], w[order]


@dataclass(frozen=True)
class _Costs:
    cover: np.ndarray  # rate x hours + mileage, pence
    rate: np.ndarray  # rate x hours, pence
    mileage_a_day: np.ndarray  # return, pence
    miles: np.ndarray
    objective: np.ndarray  # cover less the continuity bonus


def _costs(
    pool: Pool, requests: Requests, settings: MatchSettings, r: np.ndarray, w: np.ndarray
) -> _Costs:
    block = requests.kind[r] == CASE_HOLDING
    hours = requests.hours[r] * np.where(block, _weeks(requests)[r], 1)
    rate = np.rint(pool.rate_pence_per_hour[w] * hours).astype(np.int64)
    miles = _miles(pool, requests, r, w)
    a_day = np.rint(2 * miles * settings.mileage_pence_per_mile).astype(np.int64)
    cover = rate + a_day * _days_needed(requests, settings)[r]
    bonus = np.where(requests.continuity_worker[r] == w, settings.continuity_bonus_pence, 0)
    return _Costs(cover, rate, a_day, miles, cover - bonus)


def _penalties(requests: Requests, settings: MatchSettings) -> np.ndarray:
    each = np.where(
        requests.statutory, settings.unfilled_statutory_pence, settings.unfilled_other_pence
    )
    return each.astype(np.int64) * _days_needed(requests, settings)


def _week_use(requests: Requests, settings: MatchSettings, n_weeks: int) -> np.ndarray:
    """R x weeks: days a week each request takes from its worker's weekly limit
    (a block no more than its days in that week)."""
    days = np.arange(n_weeks * 7)
    inside = (days >= requests.first_day[:, None]) & (days <= requests.last_day[:, None])
    in_week = inside.reshape(len(requests.kind), n_weeks, 7).sum(axis=2)
    return np.minimum(in_week, _days_a_week(requests, settings)[:, None])


# ---------------------------------------------------------------------------
# The optimum


def _solve(
    tails: list[np.ndarray],
    heads: list[np.ndarray],
    capacities: list[np.ndarray],
    costs: list[np.ndarray],
    source: int,
    sink: int,
    supply: int,
) -> tuple[min_cost_flow.SimpleMinCostFlow, float]:
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(capacities).astype(np.int64),
        np.concatenate(costs).astype(np.int64),
    )
    flow.set_nodes_supplies(
        np.array([source, sink], np.int32), np.array([supply, -supply], np.int64)
    )
    started = time.perf_counter()
    status = flow.solve()
    elapsed = time.perf_counter() - started
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The min-cost flow did not solve: {status}.")
    return flow, elapsed


def _fairness_arcs(
    prior: np.ndarray, steps: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Worker index and cost of each source -> worker unit arc: the steps after
    ``prior``, at most ``limit`` of them."""
    free = np.clip(len(steps) - prior, 0, limit)
    workers = np.repeat(np.arange(len(prior)), free)
    nth = np.arange(len(workers)) - np.repeat(np.cumsum(free) - free, free)
    return workers, steps[prior[workers] + nth]


def _solve_blocks(
    pool: Pool, requests: Requests, settings: MatchSettings, pairs: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, float, int]:
    """Stage 1: each block to one worker, a worker at most one block. Nodes:
    source, sink, workers, blocks."""
    r, w, cost, penalty = pairs
    blocks = np.flatnonzero(requests.kind == CASE_HOLDING)
    assigned = np.full(len(requests.kind), -1, np.int64)
    if blocks.size == 0:
        return assigned, 0.0, 0
    n_workers = len(pool.worker_ids)
    local = np.full(len(requests.kind), -1, np.int64)
    local[blocks] = np.arange(blocks.size)
    source, sink, block_node = 0, 1, 2 + n_workers + local
    steps = np.asarray(settings.fairness_steps_pence, np.int64)
    fair_w, fair_cost = _fairness_arcs(pool.prior_assignments, steps, 1)
    flow, elapsed = _solve(
        [np.full(fair_w.size, source), 2 + w, block_node[blocks], np.full(blocks.size, source)],
        [2 + fair_w, block_node[r], np.full(blocks.size, sink), block_node[blocks]],
        [np.ones(fair_w.size), np.ones(r.size), np.ones(blocks.size), np.ones(blocks.size)],
        [fair_cost, cost, np.zeros(blocks.size), penalty[blocks]],
        source,
        sink,
        blocks.size,
    )
    used = flow.flows(np.arange(fair_w.size, fair_w.size + r.size, dtype=np.int32)) > 0
    assigned[r[used]] = w[used]
    return assigned, elapsed, flow.optimal_cost()


def _solve_shifts(
    pool: Pool,
    requests: Requests,
    settings: MatchSettings,
    pairs: tuple[np.ndarray, ...],
    week_left: np.ndarray,
    prior: np.ndarray,
) -> tuple[np.ndarray, float, int]:
    """Stage 2: the duty shifts. Nodes: source, sink, workers, worker-weeks,
    worker-days, shifts."""
    r, w, cost, penalty = pairs
    shifts = np.flatnonzero(requests.kind == DUTY_SHIFT)
    assigned = np.full(len(requests.kind), -1, np.int64)
    if shifts.size == 0:
        return assigned, 0.0, 0
    n_workers, n_days = pool.available.shape
    n_weeks = week_left.shape[1]
    local = np.full(len(requests.kind), -1, np.int64)
    local[shifts] = np.arange(shifts.size)
    source, sink = 0, 1
    day = requests.first_day[r]
    # Only the worker-days some shift can use get a node.
    worker_day = np.unique(w * n_days + day)
    day_w, day_d = worker_day // n_days, worker_day % n_days
    week_base = 2 + n_workers
    day_base = week_base + n_workers * n_weeks
    shift_node = day_base + worker_day.size + local
    steps = np.asarray(settings.fairness_steps_pence, np.int64)
    fair_w, fair_cost = _fairness_arcs(prior, steps, len(steps))
    all_weeks = np.arange(n_workers * n_weeks)
    flow, elapsed = _solve(
        [
            np.full(fair_w.size, source),
            2 + all_weeks // n_weeks,
            week_base + day_w * n_weeks + day_d // 7,
            day_base + np.searchsorted(worker_day, w * n_days + day),
            shift_node[shifts],
            np.full(shifts.size, source),
        ],
        [
            2 + fair_w,
            week_base + all_weeks,
            day_base + np.arange(worker_day.size),
            shift_node[r],
            np.full(shifts.size, sink),
            shift_node[shifts],
        ],
        [
            np.ones(fair_w.size),
            week_left.ravel(),
            np.ones(worker_day.size),
            np.ones(r.size),
            np.ones(shifts.size),
            np.ones(shifts.size),
        ],
        [
            fair_cost,
            np.zeros(all_weeks.size),
            np.zeros(worker_day.size),
            cost,
            np.zeros(shifts.size),
            penalty[shifts],
        ],
        source,
        sink,
        shifts.size,
    )
    first_pair = fair_w.size + all_weeks.size + worker_day.size
    used = flow.flows(np.arange(first_pair, first_pair + r.size, dtype=np.int32)) > 0
    assigned[r[used]] = w[used]
    return assigned, elapsed, flow.optimal_cost()


def match_optimal(
    pool: Pool, requests: Requests, settings: MatchSettings = MatchSettings()
) -> Matching:
    """The least-cost matching: blocks first, then duty shifts (see the module's docstring)."""
    started = time.perf_counter()
    r, w = eligible_pairs(pool, requests, settings)
    costs = _costs(pool, requests, settings, r, w)
    penalty = _penalties(requests, settings)
    block = requests.kind[r] == CASE_HOLDING
    build = time.perf_counter() - started
    assigned, solve_blocks, cost_blocks = _solve_blocks(
        pool, requests, settings, (r[block], w[block], costs.objective[block], penalty)
    )
    started = time.perf_counter()
    n_weeks = -(-pool.available.shape[1] // 7)
    week_left = np.repeat(pool.max_days_per_week[:, None], n_weeks, axis=1).astype(np.int64)
    held = np.flatnonzero(assigned >= 0)
    np.subtract.at(week_left, assigned[held], _week_use(requests, settings, n_weeks)[held])
    prior = pool.prior_assignments + np.bincount(assigned[held], minlength=len(pool.worker_ids))
    build += time.perf_counter() - started
    shifts, solve_shifts, cost_shifts = _solve_shifts(
        pool,
        requests,
        settings,
        (r[~block], w[~block], costs.objective[~block], penalty),
        np.maximum(week_left, 0),
        prior,
    )
    assigned = np.where(assigned >= 0, assigned, shifts)
    # Blocks count first in a worker's run, then shifts by day, as the flow priced them.
    order = np.lexsort((requests.first_day, requests.kind == DUTY_SHIFT))
    result = _matching(
        pool, requests, settings, (r, w, costs), assigned, order, build, solve_blocks + solve_shifts
    )
    if result.cost_pence != cost_blocks + cost_shifts:
        raise RuntimeError("The matching's cost differs from the flow's optimum.")
    return result


# ---------------------------------------------------------------------------
# The booking desk


def match_greedy(
    pool: Pool, requests: Requests, settings: MatchSettings = MatchSettings()
) -> Matching:
    """Requests in arrival (array) order, each to the eligible worker with room
    left whose marginal cost (cover, continuity, next fairness step) is least."""
    started = time.perf_counter()
    r, w = eligible_pairs(pool, requests, settings)
    costs = _costs(pool, requests, settings, r, w)
    build = time.perf_counter() - started
    started = time.perf_counter()
    n_workers, n_days = pool.available.shape
    n_weeks = -(-n_days // 7)
    steps = np.asarray((*settings.fairness_steps_pence, 0), np.int64)
    week_use = _week_use(requests, settings, n_weeks)
    week_left = np.repeat(pool.max_days_per_week[:, None], n_weeks, axis=1).astype(np.int64)
    day_used = np.zeros((n_workers, n_days), bool)
    count = pool.prior_assignments.astype(np.int64).copy()
    has_block = np.zeros(n_workers, bool)
    bounds = np.searchsorted(r, np.arange(len(requests.kind) + 1))
    assigned = np.full(len(requests.kind), -1, np.int64)
    for request in range(len(requests.kind)):
        cand = w[bounds[request] : bounds[request + 1]]
        room = count[cand] < len(settings.fairness_steps_pence)
        if requests.kind[request] == CASE_HOLDING:
            room &= ~has_block[cand] & (week_left[cand] >= week_use[request]).all(axis=1)
        else:
            day = requests.first_day[request]
            room &= ~day_used[cand, day] & (week_left[cand, day // 7] >= 1)
        if not room.any():
            continue
        marginal = costs.objective[bounds[request] : bounds[request + 1]] + steps[count[cand]]
        chosen = int(cand[np.flatnonzero(room)[np.argmin(marginal[room])]])
        assigned[request] = chosen
        count[chosen] += 1
        week_left[chosen] -= week_use[request]
        if requests.kind[request] == CASE_HOLDING:
            has_block[chosen] = True
        else:
            day_used[chosen, requests.first_day[request]] = True
    solve = time.perf_counter() - started
    order = np.arange(len(requests.kind))
    return _matching(pool, requests, settings, (r, w, costs), assigned, order, build, solve)


# ---------------------------------------------------------------------------
# The result and its reasons


def _matching(
    pool: Pool,
    requests: Requests,
    settings: MatchSettings,
    pairs: tuple[np.ndarray, np.ndarray, _Costs],
    assigned: np.ndarray,
    order: np.ndarray,
    build: float,
    solve: float,
) -> Matching:
    """The Matching for ``assigned``; ``order`` is the order in which each
    worker's assignments count towards their fairness steps."""
    r, w, costs = pairs
    filled = np.flatnonzero(assigned >= 0)
    pair_of = np.searchsorted(
        r * len(pool.worker_ids) + w, filled * len(pool.worker_ids) + assigned[filled]
    )
    # The nth assignment of each worker, in ``order``.
    ranked = order[assigned[order] >= 0]
    by_worker = ranked[np.argsort(assigned[ranked], kind="stable")]
    starts = np.searchsorted(assigned[by_worker], assigned[by_worker], side="left")
    nth = np.empty(len(requests.kind), np.int64)
    nth[by_worker] = np.arange(by_worker.size) - starts
    steps = np.asarray(settings.fairness_steps_pence, np.int64)
    matches = []
    total_fairness = 0
    for request, pair in zip(filled, pair_of, strict=True):
        worker = int(assigned[request])
        number = int(pool.prior_assignments[worker] + nth[request])
        fairness = int(steps[number])
        total_fairness += fairness
        continuity = requests.continuity_worker[request] == worker
        matches.append(
            Match(
                request=int(request),
                worker=worker,
                cost_pence=int(costs.cover[pair]),
                rate_pence=int(pool.rate_pence_per_hour[worker]),
                mileage_pence=int(costs.mileage_a_day[pair]),
                fairness_pence=fairness,
                miles=float(costs.miles[pair]),
                reason=_reason(
                    pool,
                    requests,
                    settings,
                    int(request),
                    worker,
                    float(costs.miles[pair]),
                    number,
                    fairness,
                    bool(continuity),
                ),
            )
        )
    unfilled = _penalties(requests, settings)[assigned < 0].sum()
    return Matching(
        assigned=assigned,
        matches=matches,
        cost_pence=int(costs.objective[pair_of].sum() + total_fairness + unfilled),
        covered=int(filled.size),
        covered_statutory=int(requests.statutory[filled].sum()),
        pairs=int(r.size),
        build_seconds=build,
        solve_seconds=solve,
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day(settings: MatchSettings, day: int) -> str:
    if settings.horizon_start is None:
        return f"day {day}"
    return f"{settings.horizon_start + timedelta(days=int(day)):%-d %B}"


def _days(settings: MatchSettings, first: int, last: int) -> str:
    if first == last:
        return _day(settings, first)
    return f"every day from {_day(settings, first)} to {_day(settings, last)}"


def _role(settings: MatchSettings, role: int) -> str:
    names = settings.role_names
    return names[role] if 0 <= role < len(names) else f"role {role}"


def _specialisms(settings: MatchSettings, mask: int) -> list[str]:
    names = settings.specialism_names
    bits = [bit for bit in range(int(mask).bit_length()) if mask >> bit & 1]
    return [names[bit] if bit < len(names) else f"specialism {bit}" for bit in bits]


def _reason(
    pool: Pool,
    requests: Requests,
    settings: MatchSettings,
    request: int,
    worker: int,
    miles: float,
    number: int,
    fairness: int,
    continuity: bool,
) -> str:
    role = _role(settings, int(pool.role[worker]))
    if pool.role[worker] != requests.role[request]:
        role += f" (covers {_role(settings, int(requests.role[request]))})"
    needed = _specialisms(settings, int(requests.specialisms[request]))
    what = "assignment" if requests.kind[request] == CASE_HOLDING else "shift"
    parts = [
        role + (f" with {', '.join(needed)}" if needed else ""),
        f"{miles:.1f} miles from home (limit {pool.max_travel_miles[worker]:g})",
        f"{pounds(int(pool.rate_pence_per_hour[worker]))} an hour against a maximum of "
        f"{pounds(int(requests.max_pence_per_hour[request]))}",
        "available and checked on "
        + _days(settings, int(requests.first_day[request]), int(requests.last_day[request])),
        f"their {_ordinal(number + 1)} {what} in this run ("
        + (f"+{pounds(fairness)} fairness" if fairness else "no fairness cost")
        + ")",
    ]
    if continuity:
        parts.append(
            f"held this work before (-{pounds(settings.continuity_bonus_pence)} continuity)"
        )
    return "; ".join(parts) + "."


def why_ineligible(
    pool: Pool, requests: Requests, request: int, worker: int, settings: MatchSettings
) -> list[str]:
    """Why this worker cannot be offered this request, in words; empty when they can."""
    r, w = np.array([request]), np.array([worker])
    checks = {rule: bool(ok[0]) for rule, ok in _checks(pool, requests, settings, r, w).items()}
    reasons = []
    if not checks["role"]:
        reasons.append(
            f"A {_role(settings, int(pool.role[worker]))} does not cover the request's role "
            f"({_role(settings, int(requests.role[request]))})."
        )
    if not checks["specialisms"]:
        missing = int(requests.specialisms[request]) & ~int(pool.specialisms[worker])
        reasons.append(f"Does not hold {', '.join(_specialisms(settings, missing))}.")
    if not checks["distance"]:
        reasons.append(
            f"{_miles(pool, requests, r, w)[0]:.1f} miles from home, beyond their limit of "
            f"{pool.max_travel_miles[worker]:g}."
        )
    if not checks["rate"]:
        reasons.append(
            f"{pounds(int(pool.rate_pence_per_hour[worker]))} an hour is above the request's "
            f"maximum of {pounds(int(requests.max_pence_per_hour[request]))}."
        )
    if not checks["available"]:
        first, last = int(requests.first_day[request]), int(requests.last_day[request])
        missing_days = first + np.flatnonzero(~pool.available[worker, first : last + 1])
        reasons.append(
            "Not free, or a compliance check not valid, on "
            + ", ".join(_day(settings, int(day)) for day in missing_days)
            + "."
        )
    if not checks["cool_off"]:
        reasons.append(
            "Left this employer's permanent staff within the cool-off period, which ends on "
            f"{_day(settings, int(pool.barred_until_day[worker]))}."
        )
    if not checks["days_a_week"]:
        reasons.append(
            f"The cover needs {_days_a_week(requests, settings)[request]} days a week; they work "
            f"at most {pool.max_days_per_week[worker]}."
        )
    return reasons


def generate_instance(
    *, workers: int, requests: int, seed: int, days: int = 28
) -> tuple[Pool, Requests]:
    """A random region like reference/07's (about 5% of pairs eligible); see matching_instance."""
    from safeworkload.calc.matching_instance import generate

    return generate(workers=workers, requests=requests, seed=seed, days=days)
