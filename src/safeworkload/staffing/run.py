"""Run a staffing model: every model of calc/ on one spec, and one answer out.

`run_model(spec, replications=..., seed=...)` does, in order:

1. WISN for the whole service (mean counts, PERT mean hours), as
   `modelfile.wisn_inputs` builds it;
2. the Monte Carlo of the whole service: required FTE at P50, P80, P90 and at
   the model's confidence level, and the chance that the staff in post (less
   vacancies) are enough;
3. the skill mix at the model's confidence level (the cheapest establishment
   by role);
4. WISN per role: each activity's mean workload is shared between the roles
   that may do it in proportion to their FTE in post (`activity_shares`), and
   each role's additional activities are its own;
5. the duty rota by Erlang C, if the model has one;
6. the gap between the skill mix's establishment, funded posts and staff in
   post, priced at each role's cost with on-costs.

The Monte Carlo runs in chunks of `CHUNK` replications, each drawn from its
own child of the seed (numpy's SeedSequence.spawn), so that progress can be
reported between chunks and the answer is the same whether or not anyone is
watching. The same spec, replications and seed always give the same answer.

`ModelRun.to_json()` gives a dict of plain numbers, text and lists whose shape
is documented in docs/staffing-model-file.md ("Running a model") and kept
stable: keys are only ever added, with `version` raised when one changes.
Figures are unrounded; an infinite WISN ratio (staff with no work) is null.
"""

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from safeworkload.calc import costs, erlang, skillmix
from safeworkload.calc.montecarlo import StaffingSimulation, simulate_staffing
from safeworkload.calc.wisn import (
    NO_PRESSURE,
    Activity,
    WisnInputs,
    WisnResult,
    pressure,
    wisn,
)
from safeworkload.staffing import modelfile
from safeworkload.staffing.modelfile import StaffingModelSpec

JSON_VERSION = 1
# Replications per Monte Carlo chunk: small enough for a progress bar that
# moves, large enough that numpy's per-call overhead does not show.
CHUNK = 1_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelRun:
    spec: StaffingModelSpec
    replications: int
    seed: int
    wisn: WisnResult  # the whole service as one staff category
    simulation: StaffingSimulation
    role_wisn: dict[str, WisnResult]  # each role's share of the work as staffed now
    skill_mix: skillmix.SkillMixResult
    cost_per_fte: dict[str, float]
    gap: costs.StaffingGap | None  # None when the skill mix cannot be met
    duty: erlang.DutyRota | None

    @property
    def staff_in_post(self) -> float:
        """FTE in post in the roles that do activities: what the Monte Carlo compares with."""
        return modelfile.activity_staff_in_post(self.spec)

    @property
    def staff_funded(self) -> float:
        doers = {name for item in self.spec.activities.values() for name in item.eligible}
        return sum(role.funded for key, role in self.spec.roles.items() if key in doers)

    def to_json(self) -> dict[str, Any]:
        spec, simulation = self.spec, self.simulation
        return {
            "version": JSON_VERSION,
            "model": {
                "name": spec.name,
                "service": spec.service,
                "year": spec.year,
                "confidence": spec.confidence,
            },
            "run": {"replications": self.replications, "seed": self.seed},
            "wisn": {
                "awt_hours": self.wisn.awt_hours,
                "s_direct": self.wisn.s_direct,
                "cas_percent": self.wisn.cas_percent,
                "caf": self.wisn.caf,
                "iaf": self.wisn.iaf,
                "required": self.wisn.required,
                "existing_staff": self.staff_in_post,
                "difference": self.wisn.difference,
                "ratio": _finite(self.wisn.ratio),
                "pressure": _pressure(self.wisn.ratio),
            },
            "monte_carlo": {
                "mean": simulation.mean,
                "p50": simulation.p50,
                "p80": simulation.p80,
                "p90": simulation.p90,
                "at_confidence": simulation.quantile(spec.confidence),
                "in_post": self.staff_in_post,
                "funded": self.staff_funded,
                "probability_enough": simulation.probability_enough,
                "probability_funded_enough": simulation.probability_staff_enough(self.staff_funded),
            },
            "roles": [self._role_json(key) for key in spec.roles],
            "skill_mix": {
                "feasible": self.skill_mix.feasible,
                "message": self.skill_mix.message,
                "binding": list(self.skill_mix.binding),
                "cost": self.skill_mix.cost if self.skill_mix.feasible else None,
                "budget": spec.costs.budget,
                "minimum_cost": self.skill_mix.minimum_cost,
                "administrator_value": self.skill_mix.administrator_value,
            },
            "gap": None if self.gap is None else _gap_totals(self.gap),
            "duty": None if self.duty is None else self._duty_json(self.duty),
        }

    def _role_json(self, key: str) -> dict[str, Any]:
        role, result = self.spec.roles[key], self.role_wisn[key]
        gap = None if self.gap is None else next(row for row in self.gap.roles if row.role == key)
        return {
            "key": key,
            "title": role.title,
            "kind": role.kind,
            "registered": role.registered,
            "grade": role.grade,
            "in_post": role.in_post,
            "funded": role.funded,
            "cost_per_fte": self.cost_per_fte[key],
            "wisn_required": result.required,
            "wisn_difference": result.difference,
            "wisn_ratio": _finite(result.ratio),
            "wisn_pressure": _pressure(result.ratio),
            "required": self.skill_mix.fte.get(key) if self.skill_mix.feasible else None,
            "unfunded": None if gap is None else gap.unfunded,
            "vacant": None if gap is None else gap.vacant,
            "shortfall": None if gap is None else gap.shortfall,
            "unfunded_cost": None if gap is None else gap.unfunded_cost,
            "vacant_cost": None if gap is None else gap.vacant_cost,
            "shortfall_cost": None if gap is None else gap.shortfall_cost,
        }

    def _duty_json(self, rota: erlang.DutyRota) -> dict[str, Any]:
        duty = self.spec.duty
        assert duty is not None  # a rota is only made from a [duty] table
        return {
            "agents": rota.agents,
            "rostered": rota.rostered,
            "service_level": rota.service_level,
            "service_level_target": duty.service_level,
            "target_wait_hours": duty.target_wait_hours,
            "occupancy": rota.occupancy,
            "wait_probability": rota.wait_probability,
            "average_wait_hours": rota.average_wait,
        }


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _pressure(ratio: float) -> str:
    # An infinite ratio (staff and no work) is no pressure at all.
    return pressure(ratio) if math.isfinite(ratio) else NO_PRESSURE


def _gap_totals(gap: costs.StaffingGap) -> dict[str, float]:
    return {
        "required_cost": gap.required_cost,
        "funded_cost": gap.funded_cost,
        "unfunded_cost": gap.unfunded_cost,
        "vacant_cost": gap.vacant_cost,
        "shortfall_cost": gap.shortfall_cost,
    }


def run_model(
    spec: StaffingModelSpec,
    *,
    replications: int,
    seed: int,
    progress: Progress | None = None,
) -> ModelRun:
    """Every model on one spec. ``progress(done, total)`` is called after each
    Monte Carlo chunk. Raises ValueError when a model cannot be run on the
    figures (for example sickness draws that leave no working time)."""
    if replications < 1:
        raise ValueError("A run needs at least one replication.")
    simulation = simulate_in_chunks(spec, replications=replications, seed=seed, progress=progress)
    mix = modelfile.run_skill_mix(spec, replications=replications, seed=seed)
    prices = modelfile.role_costs(spec)
    return ModelRun(
        spec=spec,
        replications=replications,
        seed=seed,
        wisn=wisn(modelfile.wisn_inputs(spec)),
        simulation=simulation,
        role_wisn=role_wisn(spec, activity_shares(spec)),
        skill_mix=mix,
        cost_per_fte=prices,
        gap=_gap(spec, mix, prices),
        duty=modelfile.duty_rota(spec),
    )


def simulate_in_chunks(
    spec: StaffingModelSpec, *, replications: int, seed: int, progress: Progress | None = None
) -> StaffingSimulation:
    """The Monte Carlo of the whole service, ``CHUNK`` replications at a time."""
    model = modelfile.staffing_model(spec)
    chunks = math.ceil(replications / CHUNK)
    required, available = [], []
    done = 0
    for child in np.random.SeedSequence(seed).spawn(chunks):
        size = min(CHUNK, replications - done)
        part = simulate_staffing(model, replications=size, seed=child)
        required.append(part.required)
        available.append(part.available)
        done += size
        if progress is not None:
            progress(done, replications)
    return StaffingSimulation(
        required=np.concatenate(required), available=np.concatenate(available)
    )


def activity_shares(spec: StaffingModelSpec) -> dict[str, dict[str, float]]:
    """activity -> role -> the share of its work the role does now: in
    proportion to the FTE in post of the roles that may do it, and evenly when
    none of them has anyone in post.

    Not the skill mix's split: that is the optimum for a new establishment,
    and where two roles cost the same it may give all of an activity to either,
    which says nothing about the pressure on the staff there are.
    """
    shares: dict[str, dict[str, float]] = {}
    for key, item in spec.activities.items():
        in_post = {name: spec.roles[name].in_post for name in item.eligible}
        total = sum(in_post.values())
        if total > 0:
            shares[key] = {name: fte / total for name, fte in in_post.items()}
        else:
            shares[key] = dict.fromkeys(item.eligible, 1 / len(item.eligible))
    return shares


def role_wisn(
    spec: StaffingModelSpec, shares: Mapping[str, Mapping[str, float]]
) -> dict[str, WisnResult]:
    """WISN for each role: its share of each activity's mean workload, the
    service's support time, its own additional activities and its staff in post."""
    service: WisnInputs = modelfile.wisn_inputs(spec)
    results: dict[str, WisnResult] = {}
    for key, role in spec.roles.items():
        activities = [
            Activity(
                annual_count=item.annual_count * shares[item.name].get(key, 0.0),
                hours_per_unit=item.hours_per_unit,
                name=item.name,
            )
            for item in service.activities
        ]
        additional = [
            extra
            for extra, extra_spec in zip(service.additional, spec.additional, strict=True)
            if extra_spec.role == key
        ]
        inputs = dataclasses.replace(
            service, activities=activities, additional=additional, existing_staff=role.in_post
        )
        results[key] = wisn(inputs)
    return results


def _gap(
    spec: StaffingModelSpec, mix: skillmix.SkillMixResult, prices: Mapping[str, float]
) -> costs.StaffingGap | None:
    if not mix.feasible:
        return None
    return costs.staffing_gap(
        required=mix.fte,
        funded={key: role.funded for key, role in spec.roles.items()},
        in_post={key: role.in_post for key, role in spec.roles.items()},
        cost_per_fte=prices,
    )
