"""Skill mix: the cheapest establishment by role that covers the work.

A mixed-integer programme (reference/02 §5 point 5), solved by HiGHS through
``scipy.optimize.milp``. For roles r, activities a and case types t:

    minimise    sum_r cost_r x_r
    subject to  sum_r h[a, r] >= hours_a                       every activity
                sum_a h[a, r] <= (hours_r - protected_r) x_r   every role
                sum_r c[t, r] >= weighted cases_t              every case type
                sum_t c[t, r] <= max weighted caseload_r x_r   every role
                sum(x under) <= span x sum(x over)             every span
                sum_r cost_r x_r <= budget
                min_r <= x_r <= max_r,  x_r a multiple of the FTE step
                h[a, r], c[t, r] >= 0, and 0 unless r is eligible for a or t

x_r is the role's FTE; h[a, r] the hours a year its staff spend on activity a;
c[t, r] the weighted cases of type t they hold. Each person's time is split
between activities, so one post never counts twice.

- Eligibility is explicit for every activity and case type. Reserved work
  (safeguarding enquiries, AMHP and BIA work, court work) may only be given to
  registered staff, and a reserved activity naming any other role is refused.
  Delegable administration names administrators as well as practitioners.
- Newly qualified protection: ``protected_hours`` per FTE are kept free of
  activities (the ASYE's 10% development time), the role's maximum weighted
  caseload is lower (commonly 90%; reference/01 §2.4), and a span caps newly
  qualified staff per practice supervisor.
- Spans are counted in FTE: a team manager span of 8 allows 8 FTE of
  practitioners for each FTE of team manager. The same rule sets any other
  "at most so many per" ratio, such as practitioners per administrator.
- The FTE step is half an FTE by default (``FTE_STEP``): posts are advertised
  full time or half time, so an answer in halves can be funded and recruited
  to, while whole FTE would overstate small roles such as an occupational
  therapist by up to a whole post. A step of 1 gives whole posts.

Demand at a confidence level: each activity's hours are the Monte Carlo draws
of that activity, scaled by one common factor so that the total equals the
total's quantile (`demand_at_confidence`). Taking each activity's own quantile
would add up to far more than the service's P90. Open cases at a confidence
level come from the closed form of the M/G/infinity queue: Poisson with mean
arrivals x mean duration (reference/07 §4; `open_cases_at_confidence`).

An administrator's value is measured in registered practitioners' hours:
with the establishment fixed, how many more hours a year they have free when
one more FTE of administrator is added and takes the delegable work they were
doing (`SkillMixResult.administrator_value`).

A model that cannot be met does not raise: the result says so and names what
binds. When the budget is the reason, it says how much the cheapest
establishment that covers demand costs.

MILP-1 of reference/02 §6 (pyworkforce's README) is a different problem: one
agent counts towards every skill they hold at once, as a person on duty who
is also an approved mental health professional counts towards both rota
requirements. `cheapest_cover` solves that one.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from safeworkload.calc.montecarlo import Uncertain, UncertainActivity

FloatArray = npt.NDArray[np.float64]
RoleKind = Literal["practitioner", "assistant", "administrator", "manager"]
ROLE_KINDS: tuple[str, ...] = ("practitioner", "assistant", "administrator", "manager")

FTE_STEP = 0.5
TIE_BREAK = 0.01  # pounds per FTE step, per place in the list of roles
FTE_STEPS = (0.5, 1.0)
# HiGHS works to a tolerance of about 1e-6; a constraint within this of its
# limit is reported as binding.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Role:
    """A role and what one FTE of it costs and can do in a year.

    ``hours_per_fte`` is the time left for activities after leave and support
    (WISN's AWT less its category allowances); ``protected_hours`` are kept
    free of them on top. A role with no ``max_weighted_caseload`` holds no cases.
    """

    key: str
    kind: RoleKind
    registered: bool
    cost_per_fte: float
    hours_per_fte: float
    protected_hours: float = 0.0
    max_weighted_caseload: float | None = None
    min_fte: float = 0.0
    max_fte: float | None = None

    @property
    def activity_hours_per_fte(self) -> float:
        return self.hours_per_fte - self.protected_hours


@dataclass(frozen=True)
class Activity:
    """Hours a year of one kind of work (at the chosen confidence level), and who may do it."""

    key: str
    hours: float
    eligible: tuple[str, ...]
    reserved: bool = False


@dataclass(frozen=True)
class CaseType:
    """Weighted cases to hold (open cases x weight), and which roles may hold them."""

    key: str
    weighted_cases: float
    eligible: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """At most ``span`` FTE of the ``under`` roles per FTE of the ``over`` roles."""

    name: str
    over: tuple[str, ...]
    under: tuple[str, ...]
    span: float


@dataclass(frozen=True)
class SkillMixProblem:
    roles: Sequence[Role]
    activities: Sequence[Activity]
    case_types: Sequence[CaseType] = ()
    spans: Sequence[Span] = ()
    budget: float | None = None
    fte_step: float = FTE_STEP


@dataclass(frozen=True)
class SkillMixResult:
    feasible: bool
    message: str
    # Names of the constraints at their limit; for an infeasible model, the ones that cannot be met.
    binding: tuple[str, ...]
    fte: dict[str, float] = field(default_factory=dict)
    cost: float = 0.0
    hours: dict[str, dict[str, float]] = field(default_factory=dict)  # activity -> role -> hours
    caseload: dict[str, dict[str, float]] = field(default_factory=dict)  # case type -> role
    spare_hours: dict[str, float] = field(default_factory=dict)
    # Registered practitioners' hours a year freed by one more FTE of each administrator role.
    administrator_value: dict[str, float] = field(default_factory=dict)
    # The cheapest establishment's cost with no budget, when the budget is what binds.
    minimum_cost: float | None = None


# --- demand at a confidence level -------------------------------------------


def activity_hour_draws(
    activities: Mapping[str, UncertainActivity], *, replications: int, seed: int
) -> dict[str, FloatArray]:
    """Hours a year of each activity in each draw: count x hours per unit, drawn
    in the order given, as the Monte Carlo draws them."""
    if replications < 1:
        raise ValueError("A simulation needs at least one replication.")
    rng = np.random.default_rng(seed)
    draws: dict[str, FloatArray] = {}
    for key, item in activities.items():
        counts = _sample(item.annual_count, rng, replications)
        draws[key] = counts * _sample(item.hours_per_unit, rng, replications)
    return draws


def _sample(value: Uncertain, rng: np.random.Generator, size: int) -> FloatArray:
    if isinstance(value, int | float):
        return np.full(size, float(value))
    return value.sample(rng, size)


def demand_at_confidence(draws: Mapping[str, FloatArray], confidence: float) -> dict[str, float]:
    """Each activity's mean hours times the common factor that brings the total
    to its quantile at ``confidence``."""
    _check_confidence(confidence)
    means = {key: float(np.mean(values)) for key, values in draws.items()}
    total_mean = sum(means.values())
    if total_mean == 0:
        return dict.fromkeys(means, 0.0)
    total = np.sum(np.vstack(list(draws.values())), axis=0)
    factor = float(np.quantile(total, confidence)) / total_mean
    return {key: mean * factor for key, mean in means.items()}


def open_cases_at_confidence(mean_open_cases: float, confidence: float) -> float:
    """Open cases not exceeded with probability ``confidence``: the Poisson
    quantile of the M/G/infinity queue, whose mean is Little's law."""
    _check_confidence(confidence)
    if mean_open_cases < 0:
        raise ValueError("Open cases cannot be negative.")
    if mean_open_cases == 0:
        return 0.0
    return float(stats.poisson.ppf(confidence, mean_open_cases))


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError("A confidence level must be above 0 and below 1.")


# --- the programme ----------------------------------------------------------


def _check(problem: SkillMixProblem) -> None:
    keys = [role.key for role in problem.roles]
    if len(set(keys)) != len(keys):
        raise ValueError("Role keys must be unique.")
    known = set(keys)
    registered = {role.key for role in problem.roles if role.registered}
    if problem.fte_step not in FTE_STEPS:
        raise ValueError("The FTE step must be 0.5 or 1.")
    if problem.budget is not None and problem.budget < 0:
        raise ValueError("A budget cannot be negative.")
    for role in problem.roles:
        if role.kind not in ROLE_KINDS:
            raise ValueError(f"Role {role.key}: unknown kind {role.kind!r}.")
        if role.cost_per_fte < 0 or role.hours_per_fte < 0 or role.protected_hours < 0:
            raise ValueError(f"Role {role.key}: cost and hours cannot be negative.")
        if role.protected_hours > role.hours_per_fte:
            raise ValueError(f"Role {role.key}: protected hours exceed the hours available.")
        if role.min_fte < 0 or (role.max_fte is not None and role.max_fte < role.min_fte):
            raise ValueError(f"Role {role.key}: the FTE limits are the wrong way round.")
    work: list[Activity | CaseType] = [*problem.activities, *problem.case_types]
    for item in work:
        unknown = set(item.eligible) - known
        if unknown:
            raise ValueError(f"{item.key}: unknown roles {', '.join(sorted(unknown))}.")
    for activity in problem.activities:
        if activity.hours < 0:
            raise ValueError(f"{activity.key}: hours cannot be negative.")
        if activity.reserved and not set(activity.eligible) <= registered:
            others = sorted(set(activity.eligible) - registered)
            raise ValueError(
                f"{activity.key} is reserved to registered staff, "
                f"but {', '.join(others)} is not registered."
            )
    for case_type in problem.case_types:
        if case_type.weighted_cases < 0:
            raise ValueError(f"{case_type.key}: cases cannot be negative.")
    for span in problem.spans:
        unknown = (set(span.over) | set(span.under)) - known
        if unknown:
            raise ValueError(f"Span {span.name}: unknown roles {', '.join(sorted(unknown))}.")
        if span.span < 0:
            raise ValueError(f"Span {span.name}: a span cannot be negative.")


class _Programme:
    """The matrices of the programme, with one column per variable."""

    def __init__(self, problem: SkillMixProblem) -> None:
        self.problem = problem
        self.roles = list(problem.roles)
        self.index = {role.key: i for i, role in enumerate(self.roles)}
        columns = len(self.roles)
        self.hour_columns: dict[tuple[str, str], int] = {}
        for activity in problem.activities:
            for key in activity.eligible:
                self.hour_columns[(activity.key, key)] = columns
                columns += 1
        self.case_columns: dict[tuple[str, str], int] = {}
        holders = {role.key for role in self.roles if role.max_weighted_caseload}
        for case_type in problem.case_types:
            for key in case_type.eligible:
                if key in holders:
                    self.case_columns[(case_type.key, key)] = columns
                    columns += 1
        self.columns = columns

    def bounds(
        self, *, with_limits: bool = True, fixed: Mapping[str, float] | None = None
    ) -> optimize.Bounds:
        step = self.problem.fte_step
        lower = np.zeros(self.columns)
        upper = np.full(self.columns, np.inf)
        for i, role in enumerate(self.roles):
            if fixed is not None:
                lower[i] = upper[i] = fixed[role.key] / step
                continue
            lower[i] = math.ceil(role.min_fte / step - _TOLERANCE)
            if with_limits and role.max_fte is not None:
                upper[i] = math.floor(role.max_fte / step + _TOLERANCE)
        return optimize.Bounds(lower, upper)

    def constraints(
        self, *, with_budget: bool, with_spans: bool
    ) -> list[optimize.LinearConstraint]:
        step = self.problem.fte_step
        rows: list[tuple[dict[int, float], float, float]] = []
        for activity in self.problem.activities:
            cover = {self.hour_columns[(activity.key, key)]: 1.0 for key in activity.eligible}
            rows.append((cover, activity.hours, np.inf))
        for role in self.roles:
            use = {col: 1.0 for (_, key), col in self.hour_columns.items() if key == role.key}
            use[self.index[role.key]] = -step * role.activity_hours_per_fte
            rows.append((use, -np.inf, 0.0))
        for case_type in self.problem.case_types:
            held = {
                col: 1.0 for (kind, _), col in self.case_columns.items() if kind == case_type.key
            }
            rows.append((held, case_type.weighted_cases, np.inf))
        for role in self.roles:
            if role.max_weighted_caseload:
                held = {col: 1.0 for (_, key), col in self.case_columns.items() if key == role.key}
                held[self.index[role.key]] = -step * role.max_weighted_caseload
                rows.append((held, -np.inf, 0.0))
        if with_spans:
            for span in self.problem.spans:
                rows.append((self.span_row(span), -np.inf, 0.0))
        if with_budget and self.problem.budget is not None:
            rows.append((self.cost_row(), -np.inf, self.problem.budget))
        matrix = np.zeros((len(rows), self.columns))
        for number, (coefficients, _, _) in enumerate(rows):
            for column, value in coefficients.items():
                matrix[number, column] += value
        lower = np.array([row[1] for row in rows], dtype=np.float64)
        upper = np.array([row[2] for row in rows], dtype=np.float64)
        return [optimize.LinearConstraint(matrix, lower, upper)] if rows else []

    def span_row(self, span: Span) -> dict[int, float]:
        step = self.problem.fte_step
        row: dict[int, float] = {}
        for key in span.under:
            row[self.index[key]] = row.get(self.index[key], 0.0) + step
        for key in span.over:
            row[self.index[key]] = row.get(self.index[key], 0.0) - step * span.span
        return row

    def cost_row(self) -> dict[int, float]:
        step = self.problem.fte_step
        return {i: step * role.cost_per_fte for i, role in enumerate(self.roles)}

    def cost_vector(self) -> FloatArray:
        cost = np.zeros(self.columns)
        for column, value in self.cost_row().items():
            # Between roles that cost the same, prefer the one listed first, so the
            # answer does not depend on how the solver happens to break a tie. A
            # penny per step per place in the list never outweighs a real saving.
            cost[column] = value + TIE_BREAK * column
        return cost

    def solve(
        self, *, with_budget: bool = True, with_limits: bool = True, with_spans: bool = True
    ) -> optimize.OptimizeResult:
        integrality = np.zeros(self.columns)
        integrality[: len(self.roles)] = 1
        return optimize.milp(
            self.cost_vector(),
            integrality=integrality,
            bounds=self.bounds(with_limits=with_limits),
            constraints=self.constraints(with_budget=with_budget, with_spans=with_spans),
            # Solve to the optimum, not within HiGHS's default 0.01% gap, so the
            # tie-break above decides between equal establishments.
            options={"mip_rel_gap": 0.0},
        )

    def fte(self, solution: FloatArray) -> dict[str, float]:
        step = self.problem.fte_step
        return {role.key: round(solution[i]) * step for i, role in enumerate(self.roles)}

    def practitioner_hours(self, fte: Mapping[str, float]) -> float | None:
        """The fewest hours registered practitioners must work on activities
        with this establishment, or None if it cannot cover them."""
        cost = np.zeros(self.columns)
        for (_, key), column in self.hour_columns.items():
            role = self.roles[self.index[key]]
            if role.kind == "practitioner" and role.registered:
                cost[column] = 1.0
        result = optimize.milp(
            cost,
            bounds=self.bounds(fixed=fte),
            constraints=self.constraints(with_budget=False, with_spans=False),
        )
        return float(result.fun) if result.status == 0 else None


def optimise_skill_mix(problem: SkillMixProblem) -> SkillMixResult:
    """The cheapest establishment that covers the work, or why there is none."""
    _check(problem)
    unstaffable = _unstaffable(problem)
    if unstaffable:
        return SkillMixResult(
            feasible=False,
            message="No role that may do this work can be given any time for it: "
            + ", ".join(unstaffable)
            + ".",
            binding=tuple(f"eligibility: {key}" for key in unstaffable),
        )
    programme = _Programme(problem)
    result = programme.solve()
    if result.status != 0:
        return _diagnose(programme)
    return _optimum(programme, result.x)


def _unstaffable(problem: SkillMixProblem) -> list[str]:
    """Work with a need but no eligible role that can be given time or cases."""
    roles = {role.key: role for role in problem.roles}

    def can_grow(role: Role) -> bool:
        return role.max_fte is None or role.max_fte >= problem.fte_step

    missing = [
        activity.key
        for activity in problem.activities
        if activity.hours > 0
        and not any(
            roles[key].activity_hours_per_fte > 0 and can_grow(roles[key])
            for key in activity.eligible
        )
    ]
    missing += [
        case_type.key
        for case_type in problem.case_types
        if case_type.weighted_cases > 0
        and not any(
            roles[key].max_weighted_caseload and can_grow(roles[key]) for key in case_type.eligible
        )
    ]
    return missing


def _optimum(programme: _Programme, solution: FloatArray) -> SkillMixResult:
    problem = programme.problem
    fte = programme.fte(solution)
    cost = sum(role.cost_per_fte * fte[role.key] for role in programme.roles)
    hours: dict[str, dict[str, float]] = {activity.key: {} for activity in problem.activities}
    for (activity_key, role_key), column in programme.hour_columns.items():
        hours[activity_key][role_key] = _clean(solution[column])
    caseload: dict[str, dict[str, float]] = {case.key: {} for case in problem.case_types}
    for (case_key, role_key), column in programme.case_columns.items():
        caseload[case_key][role_key] = _clean(solution[column])
    spare = {
        role.key: role.activity_hours_per_fte * fte[role.key]
        - sum(by_role.get(role.key, 0.0) for by_role in hours.values())
        for role in programme.roles
    }
    binding = _binding(problem, fte, cost)
    return SkillMixResult(
        feasible=True,
        message="The cheapest establishment that covers the work.",
        binding=binding,
        fte=fte,
        cost=cost,
        hours=hours,
        caseload=caseload,
        spare_hours=spare,
        administrator_value=_administrator_value(programme, fte),
    )


def _clean(value: float) -> float:
    """A solver's value with its noise below 1e-9 (and any -0.0) taken off."""
    return round(float(value), 9) + 0.0


def _binding(problem: SkillMixProblem, fte: Mapping[str, float], cost: float) -> tuple[str, ...]:
    binding = [
        f"span: {span.name}"
        for span in problem.spans
        if sum(fte[key] for key in span.under)
        >= span.span * sum(fte[key] for key in span.over) - _TOLERANCE
        and any(fte[key] for key in span.under)
    ]
    binding += [
        f"most FTE: {role.key}"
        for role in problem.roles
        if role.max_fte is not None and fte[role.key] + problem.fte_step > role.max_fte
    ]
    if problem.budget is not None and cost + _cheapest_step(problem) > problem.budget:
        binding.append("budget")
    return tuple(binding)


def _cheapest_step(problem: SkillMixProblem) -> float:
    """The least that one more step of any role would cost: a budget with less
    than this left over is binding."""
    return min((role.cost_per_fte * problem.fte_step for role in problem.roles), default=0.0)


def _administrator_value(programme: _Programme, fte: Mapping[str, float]) -> dict[str, float]:
    base = programme.practitioner_hours(fte)
    if base is None:  # pragma: no cover - the optimum covers the work by construction
        return {}
    values: dict[str, float] = {}
    for role in programme.roles:
        if role.kind != "administrator":
            continue
        more = programme.practitioner_hours({**fte, role.key: fte[role.key] + 1})
        values[role.key] = base - (base if more is None else more)
    return values


def _diagnose(programme: _Programme) -> SkillMixResult:
    """Relax one family of constraints at a time to find the one that cannot be met."""
    problem = programme.problem
    if problem.budget is not None:
        free = programme.solve(with_budget=False)
        if free.status == 0:
            fte = programme.fte(free.x)
            needed = sum(role.cost_per_fte * fte[role.key] for role in programme.roles)
            return SkillMixResult(
                feasible=False,
                message=f"The budget of £{problem.budget:,.0f} is below £{needed:,.0f}, "
                "the cost of the cheapest establishment that covers the work.",
                binding=("budget",),
                minimum_cost=needed,
            )
    unlimited = programme.solve(with_budget=False, with_limits=False)
    if unlimited.status == 0:
        fte = programme.fte(unlimited.x)
        over = [
            role.key
            for role in problem.roles
            if role.max_fte is not None and fte[role.key] > role.max_fte + _TOLERANCE
        ]
        return SkillMixResult(
            feasible=False,
            message="The work needs more of these roles than their limits allow: "
            + ", ".join(over)
            + ".",
            binding=tuple(f"most FTE: {key}" for key in over),
        )
    return SkillMixResult(  # pragma: no cover - spans never forbid every establishment
        feasible=False,
        message="No establishment meets every constraint.",
        binding=tuple(f"span: {span.name}" for span in problem.spans),
    )


# --- MILP-1: one person covering several needs at once ---------------------


@dataclass(frozen=True)
class Profile:
    """A kind of post, the needs one person in it counts towards, and its cost."""

    name: str
    covers: tuple[str, ...]
    cost: float = 1.0


@dataclass(frozen=True)
class Cover:
    feasible: bool
    people: dict[str, int]
    cost: float


def cheapest_cover(required: Mapping[str, int], profiles: Iterable[Profile]) -> Cover:
    """Whole people by profile, at least ``required[need]`` counting towards each
    need, at the least cost: min sum cost_p n_p, sum over p covering k of n_p >= required_k."""
    chosen = list(profiles)
    if any(count < 0 for count in required.values()):
        raise ValueError("Required counts cannot be negative.")
    uncovered = [need for need, count in required.items() if count and not _covered(need, chosen)]
    if uncovered:
        return Cover(feasible=False, people={}, cost=0.0)
    matrix = np.array(
        [[1.0 if need in profile.covers else 0.0 for profile in chosen] for need in required]
    )
    result = optimize.milp(
        np.array([profile.cost for profile in chosen]),
        integrality=np.ones(len(chosen)),
        bounds=optimize.Bounds(0, np.inf),
        constraints=[optimize.LinearConstraint(matrix, list(required.values()), np.inf)],
    )
    people = {profile.name: round(value) for profile, value in zip(chosen, result.x, strict=True)}
    return Cover(
        feasible=True,
        people=people,
        cost=sum(profile.cost * people[profile.name] for profile in chosen),
    )


def _covered(need: str, profiles: Sequence[Profile]) -> bool:
    return any(need in profile.covers for profile in profiles)
