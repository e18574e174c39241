"""Suggested allocation of a team's unallocated cases (issue 4, part 5).

Given the cases waiting in a team's queue and the team's workers, suggest who
should take each case. The manager then accepts, edits or rejects each line;
nothing here allocates anything.

Who can take a case (eligibility):

- nobody on leave, and nobody with no available points;
- work reserved to registered social workers only to workers eligible for it
  (reference/01 and DESIGN.md plan point 2).

A case that nobody can take stays unallocated, with the reason. Every other case
is given to someone: ceilings are soft, because allocating above a ceiling is
allowed with a manager's recorded override (reference/01 section 5 item 3). A
suggestion above a ceiling says so in its reason.

What "best" means, in strict order (lexicographic):

1. Fairness. Minimise the highest load, after allocation, of any worker given new
   work. Load is measured against the worker's own ceiling: 93 points against a
   newly qualified worker's ceiling of 90 is 103.3% (reference/01 example WL-10).
   Measuring against the ceiling, not the available points, stops the solver
   pushing a newly qualified worker over their 90% ceiling to spare an experienced
   colleague at 97%. Only workers given work count: allocating cannot lower anyone's
   load, so a colleague already at 120% would otherwise make every allocation up to
   120% look equally good.
2. Overload. Among the fairest allocations, minimise the points added above
   ceilings. This only matters when (1) cannot keep everyone given work within
   their ceiling; if it can, no points are added above any ceiling.
3. Continuity. Among those, keep as many cases as possible with a worker who has
   worked with the person before.

The order is enforced by solving in stages, each with the earlier measures held
at the values already reached. A single weighted sum cannot guarantee the order,
because loads are fractions with no smallest step. Stage 1 searches levels by
bisection, to within 0.01 percentage points (see _fairest_level); stages 2 and 3
are one solve each. Any ties left after stage 3 are HiGHS's choice, which is the
same for the same input. (A fourth tie-break, giving work to the less loaded
worker, was tried and dropped: at the fairest level almost everyone given work
ends close to it anyway, and it made stage 3 two to three times slower.)

The solver is HiGHS through ``scipy.optimize.milp`` (reference/07 section 3), with
one time limit shared by the stages. A greedy allocation is always computed
first: it is the baseline, it bounds the search, and it is the answer when HiGHS
finds nothing better within the time limit. A result is "optimal" when all three
stages were proved, "time-limit" when the limit stopped a stage and the best
allocation HiGHS found beats the greedy one, and "greedy" otherwise.
"""

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

Method = Literal["optimal", "time-limit", "greedy"]

# Solver statuses from scipy.optimize.milp.
_OPTIMAL = 0
_LIMIT_REACHED = 1
_INFEASIBLE = 2

# How far a later stage may drift from an earlier stage's value (solver round-off).
_HOLD_TOLERANCE = 1e-6
# Relative gap at which HiGHS may stop and call a solution optimal.
_MIP_REL_GAP = 1e-6
# A solve is not started with less time than this left.
_MIN_STAGE_SECONDS = 0.05
# Stage 1 stops when the lowest highest load is known to within this many
# percentage points (of ceiling): finer than the 0.1% the standard reports.
_LEVEL_STEP = 0.01
# A model with more (case, worker) pairs than this is large. Measured on the
# regional benchmark (about 400,000 pairs): HiGHS's presolve took 17 s of a 26 s
# solve, and stage 3 did not finish in a minute. So large models skip presolve,
# and start stage 3 from the continuity-first allocation in case it runs out of time.
_LARGE_MODEL_PAIRS = 100_000


@dataclass(frozen=True)
class Worker:
    id: str
    available_points: float
    current_points: float
    eligible_for_reserved: bool
    ceiling_percent: float = 100.0  # for example 90 for a newly qualified worker
    on_leave: bool = False
    label: str = ""  # shown before the id in reasons, for example a job title

    @property
    def ceiling_points(self) -> float:
        return self.available_points * self.ceiling_percent / 100

    @property
    def display(self) -> str:
        return f"{self.label} ({self.id})" if self.label else self.id


@dataclass(frozen=True)
class Case:
    id: str
    points: float
    reserved: bool  # reserved to registered social workers
    previous_worker_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Suggestion:
    case_id: str
    worker_id: str | None  # None: not allocated; the reason says why
    reason: str
    capacity_percent_after: float | None = None  # the worker's, after all suggestions


@dataclass(frozen=True)
class AllocationResult:
    suggestions: tuple[Suggestion, ...]  # in the order the cases were given
    # Highest load after allocation of any worker given new work (None if nobody is):
    max_capacity_percent: float | None  # against available points
    max_percent_of_ceiling: float | None  # against the worker's own ceiling: objective 1
    total_overload: float  # points added above workers' ceilings: objective 2
    continuity: int  # cases suggested to a worker who worked with them before
    method: Method
    solve_seconds: float


def suggest_allocation(
    cases: Sequence[Case],
    workers: Sequence[Worker],
    *,
    time_limit: float = 10.0,
) -> AllocationResult:
    """The best allocation HiGHS finds within time_limit seconds, else the greedy one.

    The limit is checked between solves and passed to HiGHS for each, which
    overruns it a little: by up to a few seconds at 1,000 cases and 1,500 workers.
    """
    if time_limit <= 0:
        raise ValueError("The time limit must be positive.")
    started = time.perf_counter()
    team = _Team.build(cases, workers)
    greedy = _greedy_assignment(team)
    method: Method = "greedy"
    assignment = greedy
    if team.allocatable.any():
        solved = _solve_in_stages(team, greedy, deadline=started + time_limit)
        if solved is not None:
            method, assignment = solved
            # A solution cut short by the time limit may be worse than the greedy one.
            if method == "time-limit" and team.measures(greedy) < team.measures(assignment):
                method, assignment = "greedy", greedy
    else:
        method = "optimal"  # nothing to decide
    return team.result(assignment, method, time.perf_counter() - started)


def greedy_allocation(cases: Sequence[Case], workers: Sequence[Worker]) -> AllocationResult:
    """The baseline: heaviest case first, each to the eligible worker left least loaded.

    Ties go to a worker who worked with the person before, then to the lowest id.
    """
    started = time.perf_counter()
    team = _Team.build(cases, workers)
    assignment = _greedy_assignment(team)
    return team.result(assignment, "greedy", time.perf_counter() - started)


# The rest of this file works on arrays. Cases and workers are sorted by id, so
# the answer does not depend on the order they were given in. An assignment is an
# array holding, for each case, the index of its worker, or -1.

Assignment = NDArray[np.int64]
_UNALLOCATED = -1


@dataclass(frozen=True)
class _Measures:
    """The three objectives of one assignment, compared in order (smaller is better)."""

    max_percent_of_ceiling: float
    total_overload: float
    continuity: int

    def __lt__(self, other: "_Measures") -> bool:
        for mine, theirs in (
            (self.max_percent_of_ceiling, other.max_percent_of_ceiling),
            (self.total_overload, other.total_overload),
        ):
            if not math.isclose(mine, theirs, rel_tol=1e-6, abs_tol=1e-6):
                return mine < theirs
        return self.continuity > other.continuity


@dataclass(frozen=True)
class _Team:
    cases: list[Case]  # in the order given
    workers: list[Worker]  # sorted by id
    case_order: list[int]  # positions in `cases`, sorted by case id
    points: NDArray[np.float64]  # per case, in case_order
    current: NDArray[np.float64]  # per worker
    available: NDArray[np.float64]
    ceiling: NDArray[np.float64]  # ceiling points
    eligible: NDArray[np.bool_]  # cases x workers
    knows: NDArray[np.bool_]  # cases x workers: worked with the person before
    allocatable: NDArray[np.bool_]  # per case: someone is eligible

    @classmethod
    def build(cls, cases: Sequence[Case], workers: Sequence[Worker]) -> "_Team":
        _check(cases, workers)
        ordered_workers = sorted(workers, key=lambda w: w.id)
        case_order = sorted(range(len(cases)), key=lambda k: cases[k].id)
        ordered_cases = [cases[k] for k in case_order]
        column = {w.id: j for j, w in enumerate(ordered_workers)}

        can_work = np.array(
            [not w.on_leave and w.available_points > 0 for w in ordered_workers], dtype=bool
        )
        registered = np.array([w.eligible_for_reserved for w in ordered_workers], dtype=bool)
        reserved = np.array([c.reserved for c in ordered_cases], dtype=bool)
        eligible = can_work[None, :] & (~reserved[:, None] | registered[None, :])
        knows = np.zeros_like(eligible)
        for i, case in enumerate(ordered_cases):
            for worker_id in case.previous_worker_ids:
                if worker_id in column:
                    knows[i, column[worker_id]] = True
        return cls(
            cases=list(cases),
            workers=ordered_workers,
            case_order=case_order,
            points=np.array([c.points for c in ordered_cases], dtype=float),
            current=np.array([w.current_points for w in ordered_workers], dtype=float),
            available=np.array([w.available_points for w in ordered_workers], dtype=float),
            ceiling=np.array([w.ceiling_points for w in ordered_workers], dtype=float),
            eligible=eligible,
            knows=knows & eligible,
            allocatable=eligible.any(axis=1),
        )

    def loads(self, assignment: Assignment) -> NDArray[np.float64]:
        given = assignment != _UNALLOCATED
        added = np.bincount(
            assignment[given], weights=self.points[given], minlength=len(self.workers)
        )
        return self.current + added

    def measures(self, assignment: Assignment) -> _Measures:
        given = assignment != _UNALLOCATED
        loads = self.loads(assignment)
        receivers = np.unique(assignment[given])
        highest = (
            float((loads[receivers] / self.ceiling[receivers]).max() * 100)
            if len(receivers)
            else 0.0
        )
        overload = np.maximum(loads - self.ceiling, 0) - np.maximum(self.current - self.ceiling, 0)
        kept = int(self.knows[np.flatnonzero(given), assignment[given]].sum())
        return _Measures(highest, float(overload.sum()), kept)

    def result(self, assignment: Assignment, method: Method, seconds: float) -> AllocationResult:
        loads = self.loads(assignment)
        measures = self.measures(assignment)
        given = assignment != _UNALLOCATED
        receivers = np.unique(assignment[given])
        by_position: dict[int, Suggestion] = {}
        for i, position in enumerate(self.case_order):
            j = int(assignment[i])
            if j == _UNALLOCATED:
                by_position[position] = Suggestion(
                    self.cases[position].id, None, self._why_not(i), None
                )
                continue
            worker = self.workers[j]
            capacity = float(loads[j] / self.available[j] * 100)
            by_position[position] = Suggestion(
                self.cases[position].id,
                worker.id,
                self._why(i, j, loads[j], capacity, measures, method),
                capacity,
            )
        return AllocationResult(
            suggestions=tuple(by_position[k] for k in range(len(self.cases))),
            max_capacity_percent=(
                float((loads[receivers] / self.available[receivers]).max() * 100)
                if len(receivers)
                else None
            ),
            max_percent_of_ceiling=measures.max_percent_of_ceiling if len(receivers) else None,
            total_overload=measures.total_overload,
            continuity=measures.continuity,
            method=method,
            solve_seconds=seconds,
        )

    def _why(
        self, i: int, j: int, load: float, capacity: float, measures: _Measures, method: Method
    ) -> str:
        worker = self.workers[j]
        if method == "greedy":
            parts = [
                f"To {worker.display}: the eligible worker with the lowest load after taking it",
                f"ends at {_percent(capacity)} of capacity",
            ]
        else:
            spread = "possible" if method == "optimal" else "found in the time allowed"
            parts = [
                f"To {worker.display}: ends at {_percent(capacity)} of capacity",
                f"the fairest spread {spread} leaves no one given work above "
                f"{_percent(math.ceil(measures.max_percent_of_ceiling - 1e-9))} of their ceiling",
            ]
        over = load - self.ceiling[j]
        if over > 1e-9:
            parts.append(
                f"{_points(over)} over their ceiling of {_percent(worker.ceiling_percent)}, "
                "so it needs a manager's recorded override"
            )
        if self.knows[i, j]:
            parts.append("has worked with them before")
        elif self.cases[self.case_order[i]].previous_worker_ids:
            parts.append(self._why_not_earlier_worker(i, method))
        return "; ".join(parts) + "."

    def _why_not_earlier_worker(self, i: int, method: Method) -> str:
        earlier = self.cases[self.case_order[i]].previous_worker_ids
        team = [j for j, w in enumerate(self.workers) if w.id in earlier]
        one = len(earlier) == 1
        who = "the worker who knows them" if one else "the workers who know them"
        if not team:
            return f"{who} {'is' if one else 'are'} not in this team"
        if all(self.workers[j].on_leave for j in team):
            return f"{who} {'is' if one else 'are'} on leave"
        if not self.knows[i, team].any():
            return f"{who} cannot take this work"
        if method == "greedy":
            return f"{who} would have been left with a higher load"
        return f"{who} {'has' if one else 'have'} no room for it in this spread"

    def _why_not(self, i: int) -> str:
        case = self.cases[self.case_order[i]]
        candidates = [w for w in self.workers if w.eligible_for_reserved or not case.reserved]
        who = "a registered social worker" if case.reserved else "a worker"
        if not self.workers:
            return "Not allocated: the team has no workers."
        if not candidates:
            return f"Not allocated: this work needs {who}, and the team has none."
        if all(w.on_leave for w in candidates):
            return f"Not allocated: this work needs {who}, and all of them are on leave."
        if any(w.on_leave for w in candidates):
            return (
                f"Not allocated: this work needs {who}; those not on leave "
                "have no available points."
            )
        return f"Not allocated: this work needs {who}, and none has available points."


def _check(cases: Sequence[Case], workers: Sequence[Worker]) -> None:
    if len({c.id for c in cases}) != len(cases):
        raise ValueError("Two cases have the same id.")
    if len({w.id for w in workers}) != len(workers):
        raise ValueError("Two workers have the same id.")
    for case in cases:
        if not case.points >= 0:
            raise ValueError(f"Case {case.id} has negative points.")
    for worker in workers:
        if not worker.available_points >= 0 or not worker.current_points >= 0:
            raise ValueError(f"Worker {worker.id} has negative points.")
        if not worker.ceiling_percent > 0:
            raise ValueError(f"Worker {worker.id} has a ceiling that is not positive.")


def _greedy_assignment(team: _Team) -> Assignment:
    loads = team.current.copy()
    assignment = np.full(len(team.points), _UNALLOCATED, dtype=np.int64)
    # Heaviest first; among equal points, case id order (the cases are sorted by id).
    for i in np.argsort(-team.points, kind="stable"):
        candidates = np.flatnonzero(team.eligible[i])
        if not len(candidates):
            continue
        after = (loads[candidates] + team.points[i]) / team.ceiling[candidates]
        # lexsort sorts by its last key first: load after, then continuity, then id.
        best = candidates[np.lexsort((candidates, ~team.knows[i, candidates], after))[0]]
        assignment[i] = best
        loads[best] += team.points[i]
    return assignment


def _solve_in_stages(
    team: _Team, greedy: Assignment, *, deadline: float
) -> tuple[Method, Assignment] | None:
    """Stages 1-3 of the module docstring, or None if HiGHS improved on nothing in time.

    If time runs out in stage 1, the later stages still run at the best level found,
    so the answer keeps what continuity it can; it is then labelled "time-limit".
    """
    proved, level, best = _fairest_level(team, greedy, deadline=deadline)
    model = _Model(team, level)
    overload_proved, overload_limit, least_overload = _least_overload(model, deadline=deadline)
    best = least_overload if least_overload is not None else best
    proved &= overload_proved
    if overload_proved and team.measures(best).continuity < model.most_kept:
        found = [best]
        if len(model.cases) > _LARGE_MODEL_PAIRS:
            found += _continuity_first(team, model, overload_limit, deadline=deadline)
        status, values = model.solve(
            _Objective.CONTINUITY, deadline=deadline, overload_limit=overload_limit
        )
        if values is not None and status == _OPTIMAL:
            best = model.assignment(values)
        else:
            proved = False
            if values is not None:
                found.append(model.assignment(values))
            best = min(found, key=team.measures)
    if proved:
        return "optimal", best
    best = _keep_known_workers(team, best)
    return None if np.array_equal(best, greedy) else ("time-limit", best)


def _least_overload(model: "_Model", *, deadline: float) -> tuple[bool, float, Assignment | None]:
    """Stage 2: whether it is proved, the overload to hold, and the allocation found."""
    if model.level <= 100 + _HOLD_TOLERANCE:
        # Everyone given work stays within their ceiling: no points are added above one.
        return True, math.inf, None
    status, values = model.solve(_Objective.OVERLOAD, deadline=deadline)
    if values is None:
        return False, math.inf, None
    overload = float(values[model.overload].sum())
    limit = overload + _HOLD_TOLERANCE * max(1.0, overload)
    return status == _OPTIMAL, limit, model.assignment(values)


def _continuity_first(
    team: _Team, model: "_Model", overload_limit: float, *, deadline: float
) -> list[Assignment]:
    """A good start for stage 3, kept in case the time limit stops stage 3 early.

    HiGHS finds an allocation that fits far faster than it improves one, and scipy
    cannot hand it a starting solution. So first give each returning case to a
    worker who knows the person, while they stay under the level and their
    ceiling, heaviest case first; then ask HiGHS only to fit the other cases.
    """
    loads = team.current.copy()
    fixed = np.zeros_like(team.knows)
    limit = np.minimum(model.level, 100) / 100 * team.ceiling + _HOLD_TOLERANCE
    for i in np.argsort(-team.points, kind="stable"):
        for j in np.flatnonzero(team.knows[i]):
            if loads[j] + team.points[i] <= limit[j]:
                fixed[i, j] = True
                loads[j] += team.points[i]
                break
    if not fixed.any():
        return []
    _, values = model.solve(
        _Objective.NONE,
        deadline=deadline,
        overload_limit=overload_limit,
        fixed=fixed[model.cases, model.workers[model.pair_worker]],
    )
    return [] if values is None else [model.assignment(values)]


def _keep_known_workers(team: _Team, assignment: Assignment) -> Assignment:
    """Move cases to a worker who knows the person wherever that costs nothing.

    Used on an allocation cut short by the time limit: a move is made only if it
    raises no one given work above the allocation's highest load and adds no
    points above ceilings, so objectives 1 and 2 are never worse.
    """
    level = team.measures(assignment).max_percent_of_ceiling
    loads = team.loads(assignment)
    moved = assignment.copy()

    def above_ceiling(j: int, load: float) -> float:
        return max(0.0, load - team.ceiling[j])

    for i in np.flatnonzero(team.knows.any(axis=1)):
        now, p = int(moved[i]), team.points[i]
        if now == _UNALLOCATED or team.knows[i, now]:
            continue
        for j in np.flatnonzero(team.knows[i]).tolist():
            within_level = loads[j] + p <= level / 100 * team.ceiling[j] + _HOLD_TOLERANCE
            added = above_ceiling(j, loads[j] + p) - above_ceiling(j, loads[j])
            saved = above_ceiling(now, loads[now]) - above_ceiling(now, loads[now] - p)
            if within_level and added <= saved + _HOLD_TOLERANCE:
                moved[i] = j
                loads[j] += p
                loads[now] -= p
                break
    return moved


def _fairest_level(
    team: _Team, greedy: Assignment, *, deadline: float
) -> tuple[bool, float, Assignment]:
    """Stage 1: the lowest highest load, in percent of ceiling, found by bisection.

    Each step asks HiGHS whether the cases fit with every worker given work at or
    below a level. Asking at a fixed level lets each worker's room be a plain
    capacity, which HiGHS bounds well; minimising the level directly needs a
    "given any work" variable per worker, whose relaxation is too weak to prove
    optimality even at 100 cases. The search starts between the greedy
    allocation's highest load and a lower bound no allocation can beat, alternates
    asking just below the best level found (often it is already the lowest) with
    halving the gap, and stops when the gap is under _LEVEL_STEP. Each question
    gets at most half the time left.

    Returns whether the level is proved lowest, the level, and an allocation at it.
    """
    best = greedy
    upper = team.measures(greedy).max_percent_of_ceiling
    lower = _lower_bound(team)
    just_below = True
    while upper - lower > _LEVEL_STEP + 1e-9:
        probe = upper - _LEVEL_STEP if just_below else (lower + upper) / 2
        just_below = not just_below
        model = _Model(team, probe)
        # One hard question must not use up the time the later stages need.
        now = time.perf_counter()
        status, values = model.solve(_Objective.NONE, deadline=now + (deadline - now) / 2)
        if values is not None:
            best = model.assignment(values)
            upper = min(upper, team.measures(best).max_percent_of_ceiling)
        elif status == _INFEASIBLE:
            lower = probe
        else:
            return False, upper, best  # out of time
    return True, upper, best


class _Objective(Enum):
    NONE = "any allocation that fits"
    OVERLOAD = "fewest points above ceilings"
    CONTINUITY = "most cases kept with a worker who knows them"


class _Model:
    """The mixed-integer programme at one level, over usable (case, worker) pairs only.

    A pair is usable if the worker is eligible and would stay at or below the level
    (in percent of their ceiling) after taking that case alone.

    Variables, in order:
      x[e]  1 if pair e (case i, worker j) is chosen (binary);
      o[j]  points of worker j above their ceiling after allocation (>= 0).
    Constraints:
      sum_j x[i, j] = 1                                      for each allocatable case i
      sum_i p[i] x[i, j] <= level / 100 * ceiling[j] - current[j]   for each worker j
      sum_i p[i] x[i, j] - o[j] <= ceiling[j] - current[j]          for each worker j
    """

    def __init__(self, team: _Team, level: float) -> None:
        self.team = team
        alone = (team.current[None, :] + team.points[:, None]) / team.ceiling[None, :] * 100
        usable = team.eligible & team.allocatable[:, None] & (alone <= level + _HOLD_TOLERANCE)
        self.fits = bool((usable.any(axis=1) == team.allocatable).all())
        self.cases, workers = np.nonzero(usable)  # per pair
        self.workers, self.pair_worker = np.unique(workers, return_inverse=True)
        self.level = level
        e, w = len(self.cases), len(self.workers)
        self.n = e + w
        self.overload = np.arange(e, e + w)
        self.kept = team.knows[self.cases, self.workers[self.pair_worker]]  # per pair
        self.most_kept = len(np.unique(self.cases[self.kept]))  # cases that could keep one

    def _constraints(self) -> list[LinearConstraint]:
        team, e, w = self.team, len(self.cases), len(self.workers)
        pairs, rows = np.arange(e), np.arange(w)
        ceiling = team.ceiling[self.workers]
        current = team.current[self.workers]
        p = team.points[self.cases]
        case_rows = np.unique(self.cases, return_inverse=True)[1]
        one_each = sparse.csr_array(
            (np.ones(e), (case_rows, pairs)), shape=(int(case_rows.max()) + 1, self.n)
        )
        load = sparse.csr_array((p, (self.pair_worker, pairs)), shape=(w, self.n))
        over = sparse.csr_array(
            (
                np.concatenate([p, -np.ones(w)]),
                (np.concatenate([self.pair_worker, rows]), np.concatenate([pairs, self.overload])),
            ),
            shape=(w, self.n),
        )
        room = self.level / 100 * ceiling - current
        return [
            LinearConstraint(one_each, 1, 1),
            LinearConstraint(load, -np.inf, room + _HOLD_TOLERANCE * np.maximum(1, ceiling)),
            LinearConstraint(over, -np.inf, ceiling - current),
        ]

    def solve(
        self,
        objective: _Objective,
        *,
        deadline: float,
        overload_limit: float = math.inf,
        fixed: NDArray[np.bool_] | None = None,
    ) -> tuple[int, NDArray[np.float64] | None]:
        """Solve for one objective; overload_limit holds stage 2; fixed pairs are chosen."""
        if not self.fits:
            return _INFEASIBLE, None
        if deadline - time.perf_counter() < _MIN_STAGE_SECONDS:
            return _LIMIT_REACHED, None
        e = len(self.cases)
        cost = np.zeros(self.n)
        constraints = self._constraints()
        if objective is _Objective.OVERLOAD:
            cost[self.overload] = 1
        elif objective is _Objective.CONTINUITY:
            cost[:e] = np.where(self.kept, -1.0, 0.0)
        if math.isfinite(overload_limit):
            row = sparse.csr_array(
                (np.ones(len(self.overload)), (np.zeros(len(self.overload)), self.overload)),
                shape=(1, self.n),
            )
            constraints.append(LinearConstraint(row, -np.inf, overload_limit))
        lower = np.zeros(self.n)
        if fixed is not None:
            lower[:e] = fixed
        integrality = np.zeros(self.n)
        integrality[:e] = 1
        upper = np.concatenate([np.ones(e), np.full(len(self.workers), np.inf)])
        solution = milp(
            cost,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options={
                "time_limit": deadline - time.perf_counter(),
                "mip_rel_gap": _MIP_REL_GAP,
                "presolve": e <= _LARGE_MODEL_PAIRS,
            },
        )
        if solution.status in (_OPTIMAL, _LIMIT_REACHED) and solution.x is not None:
            return solution.status, solution.x
        return solution.status, None

    def assignment(self, values: NDArray[np.float64]) -> Assignment:
        chosen = np.flatnonzero(values[: len(self.cases)] > 0.5)
        assignment = np.full(len(self.team.points), _UNALLOCATED, dtype=np.int64)
        assignment[self.cases[chosen]] = self.workers[self.pair_worker[chosen]]
        return assignment


def _lower_bound(team: _Team) -> float:
    """A level, in percent of ceiling, that no allocation can keep everyone given work below.

    Each case must go to someone, so the level is at least the lightest landing of
    the hardest case to place. And the points must fit under the level even if cases
    could be split (the water level over the workers who can take anything).
    """
    alone = (team.current[None, :] + team.points[:, None]) / team.ceiling[None, :] * 100
    hardest = np.where(team.eligible, alone, np.inf).min(axis=1)[team.allocatable].max()
    takers = team.eligible[team.allocatable].any(axis=0)
    water = _water_level(
        team.current[takers], team.ceiling[takers], float(team.points[team.allocatable].sum())
    )
    return max(float(hardest), water)


def _water_level(current: NDArray[np.float64], ceiling: NDArray[np.float64], total: float) -> float:
    """The lowest level, in percent of ceiling, that could hold `total` points if cases split.

    No real allocation can keep everyone given work below it, so it bounds z from below.
    """
    order = np.argsort(current / ceiling)
    start = current[order] / ceiling[order]  # each worker's level before any new work
    room_rate = np.cumsum(ceiling[order])  # points per unit of level, with the first k filling
    filled = np.cumsum(current[order])
    for k in range(len(order)):
        level = (total + filled[k]) / room_rate[k]
        if k + 1 == len(order) or level <= start[k + 1]:
            return float(level * 100)
    return 0.0


def _percent(value: float) -> str:
    whole = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{whole}%"


def _points(value: float) -> str:
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{rounded:f} point{'' if rounded == 1 else 's'}"
