"""The national sweep: every English local authority's children's social work,
modelled from its published population and need, against its published staff.

For each workforce row of a year (dfe.py), reference/02 §5 point 2:

1. Demand from population and need: children in need episodes started a year
   = children aged 0-17 x the authority's start rate per 10,000 (calc/demand).
2. Open cases by Little's law: the mean time a case is open, W = open at
   31 March / started in the year (calc.demand.mean_duration), so the open
   stock is arrivals x W.
3. The Monte Carlo (calc/montecarlo): open cases at each of 52 week-ends, for
   ``replications`` years, with the authority's own seed. Cases arrive as a
   Poisson stream and stay open for a lognormal time (mean W, CV
   ``duration_cv``). Each year's need runs at a multiple of the published
   rate, lognormal with the authority's own year-to-year variation in its
   start rate (``demand_cv``): the replications are split into strata at
   evenly spaced quantiles of that multiple, so that 1,000 replications cover
   its range evenly.
4. Case-holding FTE = open cases / ``caseload_per_fte``, at P50 and P90 over
   every week of every replication, against the case-holding FTE and the
   caseload DfE published. ``ratio`` = actual FTE / modelled P50, the WISN
   ratio: below 1, fewer case holders than the need takes at that caseload.

The run starts in the steady state rather than empty and burning in: Poisson
(arrivals x W) cases already open, each with the rest of its time drawn from
the equilibrium distribution. That is the limit of an ever longer burn-in
(reference/07 §4 found 104 weeks 3% short for a 26-week mean; a 56-week mean
with a CV of 1 needs over 300 weeks to come within 1%), and costs about a
year's arrivals instead of six.

Each authority is one task (about half a second at 1,000 replications), run
in turn in this process, or on a Dask distributed cluster given its scheduler
address. The answer does not depend on where a task runs, nor on which other
authorities are swept: each has its own seed, from the sweep's seed, the year
and its code.
"""

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from safeworkload.calc import demand
from safeworkload.calc.montecarlo import simulate_open_cases
from safeworkload.staffing import dfe

WEEKS = 52
DEFAULT_REPLICATIONS = 1_000
DEFAULT_SEED = 20250930  # the census date of the 2025 workforce figures
# Open cases per full-time case holder: the indicative maximum for children
# and families workers in Scotland's "Setting the Bar" (reference/01 §1.3);
# England's published average was 15.2 in 2025.
DEFAULT_CASELOAD = 15.0
# How spread the time a case stays open is (SD / mean). reference/07 §4 used a
# lognormal with sigma 0.9 (CV 1.05); DfE publishes no spread to fit.
DEFAULT_DURATION_CV = 1.0
# The years of an authority's own start rates its demand CV is measured on.
DEMAND_CV_YEARS = 5
MIN_DEMAND_CV_YEARS = 3
MAX_STRATA = 20

Progress = Callable[[int, int, str], None]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SweepSettings:
    replications: int = DEFAULT_REPLICATIONS
    caseload_per_fte: float = DEFAULT_CASELOAD
    duration_cv: float = DEFAULT_DURATION_CV
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        if self.replications < 1:
            raise ValueError("A sweep needs at least one replication.")
        if self.caseload_per_fte <= 0 or self.duration_cv <= 0 or self.seed < 0:
            raise ValueError("The caseload and duration CV must be above 0, the seed not below.")


@dataclass(frozen=True)
class Authority:
    """One task: a workforce row with its need, everything a worker needs."""

    workforce: dfe.Workforce
    need: dfe.Need
    demand_cv: float | None


@dataclass(frozen=True)
class SweepRow:
    la_code: str
    new_la_code: str
    la_name: str
    region: str
    year: int
    population: dfe.Figure
    children_in_need_started: dfe.Figure
    children_in_need_open: dfe.Figure
    referrals: dfe.Figure
    protection_plans: dfe.Figure
    looked_after: dfe.Figure
    need_rate_per_10k: float | None
    mean_weeks_open: float | None
    demand_cv: float | None
    modelled_open_cases_p50: int | None
    modelled_open_cases_p90: int | None
    modelled_fte_p50: float | None
    modelled_fte_p90: float | None
    actual_fte: dfe.Figure  # case holders FTE, as published
    actual_caseload: dfe.Figure  # cases / case holders FTE, as published
    actual_cases: dfe.Figure
    inpost_fte: dfe.Figure
    ratio: float | None
    note: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def authority_seed(seed: int, year: int, la_code: str) -> np.random.SeedSequence:
    """The authority's own stream: the same whatever else is swept, and wherever."""
    return np.random.SeedSequence(seed, spawn_key=(year, zlib.crc32(la_code.encode())))


def strata_multipliers(cv: float, strata: int) -> npt.NDArray[np.float64]:
    """Multiples of the published need at evenly spaced quantiles of a lognormal
    with mean 1 and this CV: ((i + 0.5) / strata for i in 0..strata - 1)."""
    if cv == 0:
        return np.ones(strata)
    sigma = math.sqrt(math.log1p(cv**2))
    z = special.ndtri((np.arange(strata) + 0.5) / strata)
    return np.exp(sigma * z - sigma**2 / 2)


def steady_state_open(
    rng: np.random.Generator,
    *,
    mean_open: float,
    duration_mean: float,
    duration_sd: float,
    weeks: int,
    replications: int,
) -> IntArray:
    """Cases open at the start, still open at each week-end (replications x weeks).

    In the steady state of an M/G/infinity queue the open count is
    Poisson(arrivals x W) and each open case's remaining time has the
    equilibrium density P(D > r) / E[D]: U x D*, with U uniform and D* the
    length-biased duration, which for lognormal(mu, sigma) is
    lognormal(mu + sigma^2, sigma).
    """
    counts = rng.poisson(mean_open, replications)
    sigma2 = math.log1p((duration_sd / duration_mean) ** 2)
    mu = math.log(duration_mean) - sigma2 / 2
    total = int(counts.sum())
    remaining = rng.random(total) * rng.lognormal(mu + sigma2, math.sqrt(sigma2), total)
    # A case is counted at week-ends 1..k, k = the whole weeks it has left.
    last = np.minimum(np.ceil(remaining) - 1, weeks).astype(np.int64)
    replication = np.repeat(np.arange(replications), counts)
    width = weeks + 1
    held = np.bincount(replication * width + last, minlength=replications * width)
    at_least = np.cumsum(held.reshape(replications, width)[:, ::-1], axis=1)[:, ::-1]
    return at_least[:, 1:]


def simulate_authority(
    *,
    weekly_arrivals: float,
    duration_mean: float,
    duration_sd: float,
    demand_cv: float,
    replications: int,
    seed: np.random.SeedSequence,
    weeks: int = WEEKS,
) -> IntArray:
    """Open cases at each week-end of each replication, from the steady state."""
    strata = min(MAX_STRATA, replications)
    multipliers = strata_multipliers(demand_cv, strata)
    sizes = [len(part) for part in np.array_split(np.arange(replications), strata)]
    streams = seed.spawn(2 * strata)
    out = []
    for index, (multiplier, size) in enumerate(zip(multipliers, sizes, strict=True)):
        rate = weekly_arrivals * float(multiplier)
        already = steady_state_open(
            np.random.default_rng(streams[2 * index]),
            mean_open=rate * duration_mean,
            duration_mean=duration_mean,
            duration_sd=duration_sd,
            weeks=weeks,
            replications=size,
        )
        arriving = simulate_open_cases(
            weekly_arrivals=rate,
            duration_weeks_mean=duration_mean,
            duration_weeks_sd=duration_sd,
            weeks=weeks,
            replications=size,
            burn_in_weeks=0,
            seed=streams[2 * index + 1],
        )
        out.append(already + arriving)
    return np.concatenate(out)


def _why_not_modelled(need: dfe.Need) -> str:
    if need.population is None:
        return "No population estimate for this authority and year."
    if need.cin_started is None or need.cin_open is None:
        return "Children in need figures suppressed or not published for this year."
    if need.population <= 0 or need.cin_started <= 0:
        return "No children in need episodes started in the year."
    return ""


def model_authority(authority: Authority, settings: SweepSettings) -> SweepRow:
    """One row of the sweep: modelled where the need is published, as published always."""
    row, need = authority.workforce, authority.need
    note = _why_not_modelled(need)
    modelled: dict[str, Any] = dict.fromkeys(
        (
            "need_rate_per_10k",
            "mean_weeks_open",
            "modelled_open_cases_p50",
            "modelled_open_cases_p90",
            "modelled_fte_p50",
            "modelled_fte_p90",
            "ratio",
        )
    )
    cv = settings.duration_cv
    if not note:
        assert need.population is not None and need.cin_started is not None
        assert need.cin_open is not None and authority.demand_cv is not None
        rate = demand.rate_per_10k(count=need.cin_started, population=need.population)
        per_year = demand.demand_from_population(
            population={"0-17": need.population}, rates_per_10k={"0-17": rate}
        )
        weeks_open = demand.mean_duration(open_cases=need.cin_open, arrival_rate=per_year / WEEKS)
        open_cases = simulate_authority(
            weekly_arrivals=per_year / WEEKS,
            duration_mean=weeks_open,
            duration_sd=weeks_open * cv,
            demand_cv=authority.demand_cv,
            replications=settings.replications,
            seed=authority_seed(settings.seed, row.year, row.la_code),
        )
        p50, p90 = (float(q) for q in np.quantile(open_cases, (0.5, 0.9)))
        fte_p50 = demand.case_holding_fte(
            open_cases=p50, caseload_per_fte=settings.caseload_per_fte
        )
        fte_p90 = demand.case_holding_fte(
            open_cases=p90, caseload_per_fte=settings.caseload_per_fte
        )
        modelled.update(
            need_rate_per_10k=round(rate, 1),
            mean_weeks_open=round(weeks_open, 1),
            modelled_open_cases_p50=round(p50),
            modelled_open_cases_p90=round(p90),
            modelled_fte_p50=round(fte_p50, 1),
            modelled_fte_p90=round(fte_p90, 1),
            ratio=(
                round(row.case_holders_fte / fte_p50, 2)
                if row.case_holders_fte is not None and fte_p50 > 0
                else None
            ),
        )
    return SweepRow(
        la_code=row.la_code,
        new_la_code=row.new_la_code,
        la_name=row.la_name,
        region=row.region,
        year=row.year,
        population=need.population,
        children_in_need_started=need.cin_started,
        children_in_need_open=need.cin_open,
        referrals=need.referrals,
        protection_plans=need.protection_plans,
        looked_after=need.looked_after,
        demand_cv=None if authority.demand_cv is None else round(authority.demand_cv, 3),
        actual_fte=row.case_holders_fte,
        actual_caseload=row.caseload_fte,
        actual_cases=row.cases,
        inpost_fte=row.inpost_fte,
        note=note,
        **modelled,
    )


def own_demand_cv(data: dfe.DfeData, la_code: str, year: int) -> float | None:
    """The SD over the mean of the authority's start rates per child in the
    ``DEMAND_CV_YEARS`` years up to ``year``; None with fewer than three."""
    rates = []
    for past in range(year - DEMAND_CV_YEARS + 1, year + 1):
        need = data.need(la_code, past)
        if need.population and need.cin_started:
            rates.append(need.cin_started / need.population)
    if len(rates) < MIN_DEMAND_CV_YEARS:
        return None
    return float(np.std(rates, ddof=1) / np.mean(rates))


def authorities(data: dfe.DfeData, year: int) -> list[Authority]:
    """The sweep's tasks, one per workforce row. An authority without three
    years of its own history (a new one) takes the median of the others'."""
    rows = data.workforce_rows(year)
    if not rows:
        raise ValueError(f"The workforce file has no rows for {year}.")
    cvs = {row.la_code: own_demand_cv(data, row.la_code, year) for row in rows}
    known = [cv for cv in cvs.values() if cv is not None]
    fallback = float(np.median(known)) if known else 0.0
    return [
        Authority(
            workforce=row,
            need=data.need(row.la_code, year),
            demand_cv=fallback if cvs[row.la_code] is None else cvs[row.la_code],
        )
        for row in rows
    ]


def sweep(
    year: int,
    *,
    settings: SweepSettings | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    data: dfe.DfeData | None = None,
    only: Sequence[str] | None = None,
) -> list[SweepRow]:
    """Every workforce row of ``year``, in the file's order.

    ``scheduler`` is a Dask distributed scheduler's address (``tcp://host:8786``)
    to run the authorities on; without it they run here, one after another.
    ``only`` limits the sweep to these old_la_codes (for tests and benchmarks).
    ``progress(done, total, la_name)`` is called as each authority finishes.
    """
    settings = settings or SweepSettings()
    tasks = authorities(data or dfe.load(), year)
    if only is not None:
        tasks = [task for task in tasks if task.workforce.la_code in only]
    if scheduler:
        return _on_dask(scheduler, tasks, settings, progress)
    rows = []
    for done, task in enumerate(tasks, start=1):
        rows.append(model_authority(task, settings))
        if progress:
            progress(done, len(tasks), task.workforce.la_name)
    return rows


def _size(task: Authority) -> float:
    return float(task.need.cin_open or 0)


def _on_dask(
    address: str, tasks: list[Authority], settings: SweepSettings, progress: Progress | None
) -> list[SweepRow]:
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        # Largest first, so that no long task is left to run alone at the end.
        order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i]))
        futures = {i: client.submit(model_authority, tasks[i], settings, pure=False) for i in order}
        names = {future.key: tasks[i].workforce.la_name for i, future in futures.items()}
        for done, future in enumerate(as_completed(futures.values(), loop=client.loop), start=1):
            if progress:
                progress(done, len(tasks), names[future.key])
        results = client.gather([futures[i] for i in range(len(tasks))])
    return list(results)
