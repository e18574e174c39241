"""Saving staffing models, starting runs, and running them.

A run is done by ``run_execute`` in a background task (tasks.py). It runs the
model file through ``run.run_model`` for the answer, then adds what the results
page needs and the model file does not give on its own:

- the skill mix at P50, P80 and P90 (``modelfile.run_skill_mix`` at each level);
- the fan chart: open cases by ``calc.montecarlo.simulate_open_cases`` for each
  case type, weighted, over the case-holding FTE in post, week by week, from
  today's steady caseload into a year whose rate of openings is uncertain;
- the tornado chart: each main input 20% lower and 20% higher, one at a time,
  and the required FTE at the model's confidence level each time (the Monte
  Carlo with fewer replications, all with the same seed so that only the input
  differs);
- each scenario's answer: the model file with the scenario's overrides laid
  over it, run in full.

Progress is written to the run after every step (each Monte Carlo chunk, each
skill mix, each tornado input), so a page polling it sees the bar move. The
same inputs and seed always give the same result.
"""

import dataclasses
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.utils import timezone
from scipy import stats

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.calc.montecarlo import simulate_open_cases
from safeworkload.organisations.models import Organisation, Team
from safeworkload.staffing import modelfile
from safeworkload.staffing.modelfile import ModelFileError, StaffingModelSpec, load_model
from safeworkload.staffing.models import StaffingModel, StaffingRun
from safeworkload.staffing.run import CHUNK, run_model, simulate_in_chunks
from safeworkload.staffing.selectors.prefill import DEFAULT_DURATION_CV
from safeworkload.staffing.selectors.toml_text import dumps, merge

LEVELS = (("p50", 0.5), ("p80", 0.8), ("p90", 0.9))
TORNADO_REPLICATIONS = 2_000
TORNADO_SWING = 0.2  # each input 20% lower and higher
TORNADO_ROWS = 10
FAN_REPLICATIONS = 500
FAN_GROUPS = 20  # groups of simulated years, each with its own rate of openings
FAN_WEEKS = 52
FAN_PERCENTILES = (10, 25, 50, 75, 90)
# Weeks run before the year is recorded, so that the year starts from a
# steady caseload rather than an empty one: a few mean durations, at most ten years.
FAN_BURN_IN_DURATIONS = 4
FAN_MAX_BURN_IN_WEEKS = 520
MAX_REPLICATIONS = 200_000


class RunError(Exception):
    """A run that cannot be started; the message is for the user."""


# --- models -----------------------------------------------------------------


@transaction.atomic
def staffing_model_save(
    *,
    organisation: Organisation,
    actor: Actor,
    spec: StaffingModelSpec,
    toml: str,
    sources: dict[str, Any],
    team: Team | None = None,
    model: StaffingModel | None = None,
) -> StaffingModel:
    """Create a model, or save a checked model file over an existing one."""
    created = model is None
    if model is None:
        model = StaffingModel(
            organisation=organisation, team=team, created_by=signed_in_user(actor)
        )
    model.name = spec.name[:160]
    model.service = spec.service
    model.toml = toml
    model.sources = sources
    model.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="staffing.model_created" if created else "staffing.model_changed",
        target=model,
        data={"service": model.service},
    )
    return model


# --- scenarios --------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    overrides: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "overrides": self.overrides}


def _of_kind(spec: StaffingModelSpec, kind: str) -> str | None:
    return next((key for key, role in spec.roles.items() if role.kind == kind), None)


def scenario_more_administrators(spec: StaffingModelSpec, count: int = 2) -> Scenario | None:
    role = _of_kind(spec, "administrator")
    if role is None:
        return None
    current = spec.roles[role]
    overrides = {
        "roles": {role: {"in_post": current.in_post + count, "funded": current.funded + count}}
    }
    return Scenario("more_administrators", f"{count} more administrators", overrides)


def scenario_less_sickness(spec: StaffingModelSpec, share: float = 0.1) -> Scenario:
    sick = spec.working_time.sick_days
    mean = round(sick.mean * (1 - share), 4)
    value: Any = {"mean": mean, "sd": sick.sd} if sick.sd else mean
    return Scenario(
        "less_sickness",
        f"{share:.0%} less sickness absence",
        {"working_time": {"sick_days": value}},
    )


def scenario_posts_filled(spec: StaffingModelSpec) -> Scenario:
    overrides = {"roles": {key: {"in_post": role.funded} for key, role in spec.roles.items()}}
    return Scenario("posts_filled", "Every funded post filled", overrides)


def ready_scenarios(spec: StaffingModelSpec) -> list[Scenario]:
    """The scenarios offered on every model, in the order they are shown."""
    found = [
        scenario_more_administrators(spec),
        scenario_less_sickness(spec),
        scenario_posts_filled(spec),
    ]
    return [scenario for scenario in found if scenario is not None]


def spec_with(toml: str, overrides: Mapping[str, Any]) -> StaffingModelSpec:
    """The model file with a scenario's overrides laid over it, checked."""
    return load_model(dumps(merge(tomllib.loads(toml), overrides)))


def custom_scenario(toml: str, name: str, overrides_text: str) -> Scenario:
    """A scenario a person writes as TOML (``roles.social_worker.in_post = 8``);
    raises ModelFileError naming the problem."""
    try:
        overrides = tomllib.loads(overrides_text)
    except tomllib.TOMLDecodeError as error:
        raise ModelFileError([modelfile.Problem("scenario", f"not valid TOML: {error}")]) from None
    spec_with(toml, overrides)
    return Scenario("custom", name, overrides)


# --- runs -------------------------------------------------------------------


@transaction.atomic
def run_start(
    *,
    model: StaffingModel,
    actor: Actor,
    replications: int,
    seed: int,
    scenarios: list[Scenario],
    rerun_of: StaffingRun | None = None,
) -> StaffingRun:
    """Record a run of the model as it is now and queue it."""
    if not 100 <= replications <= MAX_REPLICATIONS:
        raise RunError(f"Replications must be between 100 and {MAX_REPLICATIONS:,}")
    run = StaffingRun.objects.create(
        organisation=model.organisation,
        model=model,
        toml=model.toml if rerun_of is None else rerun_of.toml,
        duration_cv=model.sources.get("duration_cv", {})
        if rerun_of is None
        else rerun_of.duration_cv,
        scenarios=[s.as_json() for s in scenarios] if rerun_of is None else rerun_of.scenarios,
        replications=replications,
        seed=seed,
        rerun_of=rerun_of,
        started_by=signed_in_user(actor),
    )
    audit_record(
        organisation=model.organisation,
        actor=actor,
        action="staffing.run_started",
        target=run,
        data={"model": model.pk, "replications": replications, "seed": seed},
    )
    # Imported here: the task module imports this one.
    from safeworkload.staffing.tasks import staffing_run

    staffing_run.enqueue(run.organisation_id, run.pk)
    return run


def run_again(*, run: StaffingRun, actor: Actor) -> StaffingRun:
    """A new run with exactly the inputs, scenarios and seed of ``run``."""
    return run_start(
        model=run.model,
        actor=actor,
        replications=run.replications,
        seed=run.seed,
        scenarios=[],
        rerun_of=run,
    )


class _Progress:
    """Counts steps and writes done/total to the run, once a step."""

    def __init__(self, run_id: int, total: int) -> None:
        self.run_id, self.total, self.done = run_id, total, 0

    def step(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        StaffingRun.objects.filter(pk=self.run_id).update(
            progress_done=self.done, progress_total=self.total
        )

    def chunks(self) -> Callable[[int, int], None]:
        """A progress callback for ``run_model``: one step per Monte Carlo chunk."""
        start = self.done

        def report(done: int, total: int) -> None:
            self.done = start + math.ceil(done / CHUNK)
            StaffingRun.objects.filter(pk=self.run_id).update(
                progress_done=min(self.done, self.total), progress_total=self.total
            )

        return report


def run_execute(run_id: int) -> None:
    """Run a queued run and store its result, or its error."""
    run = StaffingRun.objects.get(pk=run_id)
    StaffingRun.objects.filter(pk=run.pk).update(
        status=StaffingRun.Status.RUNNING, started_at=timezone.now(), error=""
    )
    try:
        result = compute(run)
    except (ModelFileError, ValueError) as error:
        StaffingRun.objects.filter(pk=run.pk).update(
            status=StaffingRun.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        return
    StaffingRun.objects.filter(pk=run.pk).update(
        status=StaffingRun.Status.DONE,
        result=result,
        progress_done=models_total(run),
        progress_total=models_total(run),
        finished_at=timezone.now(),
    )


def tornado_inputs(
    spec: StaffingModelSpec,
) -> list[tuple[str, Callable[[float], StaffingModelSpec]]]:
    """(label, the spec with that input times a factor) for each main input."""
    inputs: list[tuple[str, Callable[[float], StaffingModelSpec]]] = []
    for key, case_type in spec.case_types.items():
        inputs.append((f"{case_type.title}: cases opened", _scale_openings(spec, key)))
        inputs.append((f"{case_type.title}: weeks open", _scale_duration(spec, key)))
    for key, item in spec.activities.items():
        inputs.append((f"{item.title}: hours each", _scale_hours(spec, key)))
        if item.count is not None:
            inputs.append((f"{item.title}: how many", _scale_count(spec, key)))
    inputs.append(("Sickness absence", _scale_sickness(spec)))
    if spec.support:
        inputs.append(("Team time (meetings, supervision, learning)", _scale_support(spec)))
    return inputs


def _replace_case_type(spec: StaffingModelSpec, key: str, **changes: Any) -> StaffingModelSpec:
    case_types = {**spec.case_types, key: dataclasses.replace(spec.case_types[key], **changes)}
    return dataclasses.replace(spec, case_types=case_types)


def _replace_activity(spec: StaffingModelSpec, key: str, **changes: Any) -> StaffingModelSpec:
    activities = {**spec.activities, key: dataclasses.replace(spec.activities[key], **changes)}
    return dataclasses.replace(spec, activities=activities)


def _scale_openings(spec: StaffingModelSpec, key: str) -> Callable[[float], StaffingModelSpec]:
    case_type = spec.case_types[key]

    def scaled(factor: float) -> StaffingModelSpec:
        rates = case_type.rates_per_10k
        openings = case_type.openings_per_year
        return _replace_case_type(
            spec,
            key,
            rates_per_10k=None if rates is None else {b: r * factor for b, r in rates.items()},
            openings_per_year=None if openings is None else openings * factor,
        )

    return scaled


def _scale_duration(spec: StaffingModelSpec, key: str) -> Callable[[float], StaffingModelSpec]:
    weeks = spec.case_types[key].duration_weeks
    return lambda factor: _replace_case_type(spec, key, duration_weeks=weeks * factor)


def _scale_hours(spec: StaffingModelSpec, key: str) -> Callable[[float], StaffingModelSpec]:
    hours = spec.activities[key].hours

    def scaled(factor: float) -> StaffingModelSpec:
        standard = modelfile.TimeStandard(
            hours.minimum * factor, hours.most_likely * factor, hours.maximum * factor
        )
        return _replace_activity(spec, key, hours=standard)

    return scaled


def _scale_count(spec: StaffingModelSpec, key: str) -> Callable[[float], StaffingModelSpec]:
    count = spec.activities[key].count or 0.0
    return lambda factor: _replace_activity(spec, key, count=count * factor)


def _scale_sickness(spec: StaffingModelSpec) -> Callable[[float], StaffingModelSpec]:
    time = spec.working_time

    def scaled(factor: float) -> StaffingModelSpec:
        sick = modelfile.Spread(time.sick_days.mean * factor, time.sick_days.sd)
        return dataclasses.replace(spec, working_time=dataclasses.replace(time, sick_days=sick))

    return scaled


def _scale_support(spec: StaffingModelSpec) -> Callable[[float], StaffingModelSpec]:
    def scaled(factor: float) -> StaffingModelSpec:
        support = tuple(dataclasses.replace(s, hours=s.hours * factor) for s in spec.support)
        return dataclasses.replace(spec, support=support)

    return scaled


def _chunks(replications: int) -> int:
    return math.ceil(replications / CHUNK)


def models_total(run: StaffingRun) -> int:
    """Steps in a run: its Monte Carlo chunks, the skill mix at each level, the
    fan chart, two tornado runs per input, and each scenario's chunks."""
    try:
        spec = load_model(run.toml)
    except ModelFileError:
        return 1
    tornado = _chunks(TORNADO_REPLICATIONS) * (2 * len(tornado_inputs(spec)) + 1)
    scenarios = len(run.scenarios) * _chunks(run.replications)
    return _chunks(run.replications) + len(LEVELS) + 1 + tornado + scenarios


def compute(run: StaffingRun) -> dict[str, Any]:
    """The stored result of a run: ModelRun.to_json() and what the charts need."""
    spec = load_model(run.toml)
    progress = _Progress(run.pk, models_total(run))
    progress.step(0)
    answer = run_model(
        spec, replications=run.replications, seed=run.seed, progress=progress.chunks()
    )
    levels: dict[str, dict[str, float] | None] = {}
    for name, level in LEVELS:
        mix = modelfile.run_skill_mix(
            dataclasses.replace(spec, confidence=level),
            replications=run.replications,
            seed=run.seed,
        )
        levels[name] = dict(mix.fte) if mix.feasible else None
        progress.step()
    fan = fan_chart_data(spec, run.duration_cv, seed=run.seed)
    progress.step()
    tornado = tornado_data(spec, seed=run.seed, progress=progress)
    scenarios = []
    for scenario in run.scenarios:
        scenario_spec = spec_with(run.toml, scenario["overrides"])
        scenario_answer = run_model(
            scenario_spec,
            replications=run.replications,
            seed=run.seed,
            progress=progress.chunks(),
        )
        scenarios.append({**scenario, "result": scenario_answer.to_json()})
    return {
        "baseline": answer.to_json(),
        "levels": levels,
        "fan": fan,
        "tornado": tornado,
        "scenarios": scenarios,
    }


def tornado_data(spec: StaffingModelSpec, *, seed: int, progress: _Progress) -> dict[str, Any]:
    """Required FTE at the confidence level with each input 20% lower and higher."""

    def required(changed: StaffingModelSpec) -> float | None:
        try:
            simulation = simulate_in_chunks(changed, replications=TORNADO_REPLICATIONS, seed=seed)
        except ValueError:  # an input so high there is no working time left
            return None
        finally:
            progress.step(_chunks(TORNADO_REPLICATIONS))
        return simulation.quantile(spec.confidence)

    base = required(spec)
    rows: list[dict[str, Any]] = []
    for label, change in tornado_inputs(spec):
        low = required(change(1 - TORNADO_SWING))
        high = required(change(1 + TORNADO_SWING))
        if base is None or low is None or high is None:
            continue
        rows.append({"label": label, "low": low - base, "high": high - base})
    rows.sort(key=lambda row: max(abs(row["low"]), abs(row["high"])), reverse=True)
    return {
        "base": base,
        "confidence": spec.confidence,
        "swing": TORNADO_SWING,
        "replications": TORNADO_REPLICATIONS,
        "rows": rows[:TORNADO_ROWS],
    }


def case_holding_fte(spec: StaffingModelSpec) -> float:
    holders = {name for case_type in spec.case_types.values() for name in case_type.holders}
    return sum(role.in_post for key, role in spec.roles.items() if key in holders)


def _reference_caseload(spec: StaffingModelSpec) -> float | None:
    """The case holders' maximum weighted caseload, averaged over their FTE in post."""
    holders = {name for case_type in spec.case_types.values() for name in case_type.holders}
    pairs = [
        (role.in_post, role.max_weighted_caseload)
        for key, role in spec.roles.items()
        if key in holders and role.max_weighted_caseload is not None and role.in_post > 0
    ]
    fte = sum(f for f, _ in pairs)
    return sum(f * m for f, m in pairs) / fte if fte else None


def _rate_factors(cv: float, groups: int) -> npt.NDArray[np.float64]:
    """Each group's rate of openings as a multiple of the mean: the middle
    quantiles of a gamma with mean 1 and the case type's coefficient of
    variation (evenly spread, so that twenty groups stand for the whole
    distribution), or all 1 with none."""
    if cv <= 0:
        return np.ones(groups)
    shape = 1 / cv**2
    quantiles = (np.arange(groups) + 0.5) / groups
    return np.asarray(stats.gamma.ppf(quantiles, shape, scale=1 / shape), dtype=np.float64)


def fan_chart_data(
    spec: StaffingModelSpec, duration_cv: Mapping[str, float], *, seed: int
) -> dict[str, Any] | None:
    """Weighted caseload per case-holding FTE in post, week by week for a year,
    at the 10th, 25th, 50th, 75th and 90th percentiles; None with no case
    types or nobody in post to hold cases.

    The year starts from the caseload the mean rate of openings gives (the
    burn-in); then each group of simulated years has its own rate, drawn with
    the case type's ``cv``, so the fan widens through the year as cases turn
    over, as a forecast's does.
    """
    fte = case_holding_fte(spec)
    if not spec.case_types or fte <= 0:
        return None
    flows = modelfile.openings(spec)
    size = FAN_REPLICATIONS // FAN_GROUPS
    points = np.zeros((size * FAN_GROUPS, FAN_WEEKS))
    children = np.random.SeedSequence(seed).spawn(len(spec.case_types))
    for child, (key, case_type) in zip(children, spec.case_types.items(), strict=True):
        mean = case_type.duration_weeks
        sd = mean * float(duration_cv.get(key, DEFAULT_DURATION_CV))
        burn_in = min(FAN_MAX_BURN_IN_WEEKS, math.ceil(FAN_BURN_IN_DURATIONS * (mean + sd)))
        weekly = flows[key] / modelfile.WEEKS_PER_YEAR
        group_seeds = child.spawn(FAN_GROUPS)
        factors = _rate_factors(case_type.cv, FAN_GROUPS)
        for group, (factor, group_seed) in enumerate(zip(factors, group_seeds, strict=True)):
            rates = np.concatenate([np.full(burn_in, weekly), np.full(FAN_WEEKS, weekly * factor)])
            open_cases = simulate_open_cases(
                weekly_arrivals=rates,
                duration_weeks_mean=mean,
                duration_weeks_sd=sd,
                weeks=FAN_WEEKS,
                replications=size,
                burn_in_weeks=burn_in,
                seed=group_seed,
            )
            points[group * size : (group + 1) * size] += open_cases * case_type.weight
    per_fte = points / fte
    bands = np.percentile(per_fte, FAN_PERCENTILES, axis=0)
    return {
        "weeks": list(range(1, FAN_WEEKS + 1)),
        **{f"p{p}": [float(v) for v in row] for p, row in zip(FAN_PERCENTILES, bands, strict=True)},
        "fte": fte,
        "reference": _reference_caseload(spec),
        "replications": size * FAN_GROUPS,
    }
