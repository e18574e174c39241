"""Monte Carlo staffing: required staff as a distribution, not one number.

Every established method gives one figure, which is enough about half the
time (reference/02 §0 point 2). Here each uncertain input is drawn many times
and the WISN sum (calc/wisn.py) is done once per draw, all draws at once in
numpy (reference/02 §3.5):

1. demand counts from a negative binomial (more spread than Poisson) with a
   stated mean and coefficient of variation (CV);
2. hours per unit from a lognormal (mean and CV) or a PERT distribution
   elicited from practitioners as minimum, most likely and maximum
   (Beta on [min, max] with shape 1 + 4 (mode - min) / (max - min) and
   1 + 4 (max - mode) / (max - min); mean (min + 4 mode + max) / 6);
3. sickness days, and so working time, from a gamma with a mean and SD;
4. vacancy as a share of the establishment not in post, which lowers the
   staff who are there to meet the need.

The answer is the P50, P80 and P90 of required staff and the probability that
the establishment, less vacancies, is at least what is required.

`simulate_open_cases` simulates a caseload week by week: cases arrive as a
Poisson stream (``weekly_arrivals`` a week, at uniformly random moments in the
week), stay open for a lognormal time, and the open count is read at each
week's end after a burn-in. With no cap on capacity this is the M/G/infinity
queue, whose open count at time T after an empty start is exactly
Poisson(arrivals x E[min(D, T)]), tending to Poisson(arrivals x E[D])
(Little's law with a Poisson spread). `expected_open_cases` gives that mean,
which the tests use as the oracle; the shortfall of a short burn-in is real,
not an error (reference/07 §4). The engine is vectorised per case, as
measured fastest there: Poisson counts, np.repeat, lognormal durations, a
difference array per replication, bincount and cumsum.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import special

from safeworkload.calc.wisn import (
    WisnInputs,
    available_working_hours,
    individual_allowance_hours,
    support_split,
)

FloatArray = npt.NDArray[np.float64]
Seed = int | np.random.SeedSequence

# Cases drawn at once in `simulate_open_cases`; about 40 bytes each while a
# chunk is worked on, so peak memory stays near 100 MB whatever the number of
# replications (the largest council draws 44 million cases per 1,000).
_CASES_PER_CHUNK = 2_500_000


class Distribution(Protocol):
    def sample(self, rng: np.random.Generator, size: int) -> FloatArray: ...


@dataclass(frozen=True)
class Fixed:
    value: float

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.full(size, float(self.value))

    @property
    def mean(self) -> float:
        return self.value


def _lognormal_parameters(mean: float, sd: float) -> tuple[float, float]:
    """(mu, sigma) of the normal whose exponential has this mean and SD."""
    sigma2 = math.log1p((sd / mean) ** 2)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


@dataclass(frozen=True)
class LogNormal:
    """Positive, skewed to the right; given by its own mean and CV."""

    mean: float
    cv: float

    def __post_init__(self) -> None:
        if self.mean <= 0 or self.cv < 0:
            raise ValueError("A lognormal needs a mean above 0 and a CV not below 0.")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        mu, sigma = _lognormal_parameters(self.mean, self.mean * self.cv)
        return rng.lognormal(mu, sigma, size)


@dataclass(frozen=True)
class Pert:
    """Elicited as minimum, most likely and maximum (shape 4, the usual PERT)."""

    minimum: float
    most_likely: float
    maximum: float
    shape: float = 4.0

    def __post_init__(self) -> None:
        if not self.minimum <= self.most_likely <= self.maximum:
            raise ValueError("PERT needs minimum <= most likely <= maximum.")
        if self.shape <= 0:
            raise ValueError("A PERT shape must be above 0.")

    @property
    def mean(self) -> float:
        return (self.minimum + self.shape * self.most_likely + self.maximum) / (self.shape + 2)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        spread = self.maximum - self.minimum
        if spread == 0:
            return np.full(size, float(self.minimum))
        alpha = 1 + self.shape * (self.most_likely - self.minimum) / spread
        beta = 1 + self.shape * (self.maximum - self.most_likely) / spread
        return self.minimum + spread * rng.beta(alpha, beta, size)


@dataclass(frozen=True)
class NegativeBinomial:
    """Counts with a mean and CV. A CV too small for a negative binomial
    (variance at or below the mean) gives Poisson counts, the least spread a
    count of independent events can have."""

    mean: float
    cv: float

    def __post_init__(self) -> None:
        if self.mean < 0 or self.cv < 0:
            raise ValueError("A count needs a mean and CV not below 0.")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        variance = (self.cv * self.mean) ** 2
        if variance <= self.mean:
            return rng.poisson(self.mean, size).astype(np.float64)
        # numpy's (n, p): mean n (1 - p) / p, variance mean / p.
        p = self.mean / variance
        n = self.mean * p / (1 - p)
        return rng.negative_binomial(n, p, size).astype(np.float64)


@dataclass(frozen=True)
class Gamma:
    """Positive amounts such as sickness days, by mean and SD."""

    mean: float
    sd: float

    def __post_init__(self) -> None:
        if self.mean <= 0 or self.sd <= 0:
            raise ValueError("A gamma needs a mean and SD above 0.")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        shape = (self.mean / self.sd) ** 2
        return rng.gamma(shape, self.sd**2 / self.mean, size)


@dataclass(frozen=True)
class Beta:
    """Shares between 0 and 1, such as a vacancy rate, by mean and SD."""

    mean: float
    sd: float

    def __post_init__(self) -> None:
        if not 0 < self.mean < 1 or self.sd <= 0 or self.sd**2 >= self.mean * (1 - self.mean):
            raise ValueError("A beta needs a mean between 0 and 1 and an SD that fits it.")

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        common = self.mean * (1 - self.mean) / self.sd**2 - 1
        return rng.beta(self.mean * common, (1 - self.mean) * common, size)


Uncertain = Distribution | float


def _draw(value: Uncertain, rng: np.random.Generator, size: int) -> FloatArray:
    if isinstance(value, int | float):
        return np.full(size, float(value))
    return value.sample(rng, size)


@dataclass(frozen=True)
class UncertainActivity:
    annual_count: Uncertain
    hours_per_unit: Uncertain
    name: str = ""


@dataclass(frozen=True)
class StaffingModel:
    """One role's WISN with uncertain demand, time standards, sickness and vacancy.

    ``base`` gives the fixed days, hours, support and additional activities and
    the establishment (its ``existing_staff``); its own activities and sick
    leave are replaced by ``activities`` and ``sick_leave``.
    """

    base: WisnInputs
    activities: Sequence[UncertainActivity]
    sick_leave: Uncertain | None = None
    vacancy_rate: Uncertain = 0.0


@dataclass(frozen=True)
class StaffingSimulation:
    required: FloatArray  # required staff in each draw
    available: FloatArray  # establishment less vacancies in each draw

    def quantile(self, share: float) -> float:
        return float(np.quantile(self.required, share))

    @property
    def mean(self) -> float:
        return float(self.required.mean())

    @property
    def p50(self) -> float:
        return self.quantile(0.5)

    @property
    def p80(self) -> float:
        return self.quantile(0.8)

    @property
    def p90(self) -> float:
        return self.quantile(0.9)

    @property
    def probability_enough(self) -> float:
        """The share of draws in which the staff in post meet the need."""
        return float(np.mean(self.available >= self.required))

    def probability_staff_enough(self, staff: float) -> float:
        """The share of draws in which ``staff`` people, all in post, meet the need."""
        return float(np.mean(staff >= self.required))


def simulate_staffing(model: StaffingModel, *, replications: int, seed: Seed) -> StaffingSimulation:
    """Draw the model ``replications`` times and do the WISN sum for each draw.

    Draws are made in a fixed order (each activity's count then its hours,
    then sickness, then vacancy), so the same seed gives the same answer.
    """
    if replications < 1:
        raise ValueError("A simulation needs at least one replication.")
    rng = np.random.default_rng(seed)
    base = model.base
    direct = np.zeros(replications)
    for item in model.activities:
        counts = _draw(item.annual_count, rng, replications)
        hours = _draw(item.hours_per_unit, rng, replications)
        direct += counts * hours
    sick = (
        np.full(replications, float(base.sick_leave))
        if model.sick_leave is None
        else _draw(model.sick_leave, rng, replications)
    )
    vacancy = _draw(model.vacancy_rate, rng, replications)
    if np.any(vacancy < 0) or np.any(vacancy > 1):
        raise ValueError("A vacancy rate must be between 0 and 1.")
    # AWT is linear in sick days, so the fixed part is computed once by wisn.py.
    awt = available_working_hours(base) + (base.sick_leave - sick) * base.hours_per_day
    if np.any(awt <= 0):
        raise ValueError("Some draws leave no working time after leave.")
    share, support_hours = support_split(
        base.support, hours_per_day=base.hours_per_day, hours_per_week=base.hours_per_week
    )
    cas = share + support_hours / awt
    if np.any(cas >= 1):
        raise ValueError("Support activities take all of the working time.")
    caf = 1 / (1 - cas)
    iaf = individual_allowance_hours(base.additional) / awt
    required = direct / awt * caf + iaf
    return StaffingSimulation(required=required, available=base.existing_staff * (1 - vacancy))


def expected_open_cases(
    *, weekly_arrivals: float, duration_weeks_mean: float, duration_weeks_sd: float, at_week: float
) -> float:
    """Mean open cases ``at_week`` weeks after an empty start, with no capacity cap.

    arrivals x E[min(D, T)] for lognormal D; for lognormal(mu, sigma),
    E[min(D, T)] = E[D] Phi((ln T - mu - sigma^2) / sigma) + T (1 - Phi((ln T - mu) / sigma)).
    As T grows this tends to arrivals x E[D], Little's law.
    """
    _check_durations(duration_weeks_mean, duration_weeks_sd)
    if at_week <= 0:
        return 0.0
    if duration_weeks_sd == 0:
        return weekly_arrivals * min(duration_weeks_mean, at_week)
    mu, sigma = _lognormal_parameters(duration_weeks_mean, duration_weeks_sd)
    log_t = math.log(at_week)
    below = special.ndtr((log_t - mu - sigma**2) / sigma)
    above = 1 - special.ndtr((log_t - mu) / sigma)
    return weekly_arrivals * (duration_weeks_mean * below + at_week * above)


def _check_durations(mean: float, sd: float) -> None:
    if mean <= 0 or sd < 0:
        raise ValueError("A case duration needs a mean above 0 and an SD not below 0.")


def simulate_open_cases(
    *,
    weekly_arrivals: float | Sequence[float] | FloatArray,
    duration_weeks_mean: float,
    duration_weeks_sd: float,
    weeks: int,
    replications: int,
    burn_in_weeks: int,
    seed: Seed,
) -> npt.NDArray[np.int64]:
    """Open cases at the end of each recorded week, replications x weeks.

    ``weekly_arrivals`` is one rate for every week, or one per week for the
    burn-in and recorded weeks together (for seasons and trends). The run
    starts empty; a case arriving in week w at w + u (u uniform) and open for
    d weeks is counted at each week's end t with w + u < t < w + u + d.
    """
    _check_durations(duration_weeks_mean, duration_weeks_sd)
    if weeks < 1 or replications < 1 or burn_in_weeks < 0:
        raise ValueError("A run needs at least one week and one replication.")
    total = burn_in_weeks + weeks
    rates = np.broadcast_to(np.asarray(weekly_arrivals, dtype=np.float64), (total,))
    if np.any(rates < 0):
        raise ValueError("Arrivals cannot be negative.")
    mu, sigma = _lognormal_parameters(duration_weeks_mean, duration_weeks_sd)
    rng = np.random.default_rng(seed)
    per_replication = max(float(rates.sum()), 1.0)
    chunk = max(1, int(_CASES_PER_CHUNK // per_replication))
    out = np.empty((replications, weeks), dtype=np.int64)
    for first in range(0, replications, chunk):
        size = min(chunk, replications - first)
        out[first : first + size] = _open_cases_chunk(rng, rates, mu, sigma, size)[
            :, burn_in_weeks:
        ]
    return out


def _open_cases_chunk(
    rng: np.random.Generator, rates: FloatArray, mu: float, sigma: float, size: int
) -> npt.NDArray[np.int64]:
    total = rates.shape[0]
    arrivals = rng.poisson(rates, size=(size, total))
    flat = arrivals.ravel()
    cells = np.repeat(np.arange(size * total), flat)
    replication, week = np.divmod(cells, total)
    closes = week + rng.random(cells.shape[0]) + rng.lognormal(mu, sigma, cells.shape[0])
    # Week-end t (1..total) is column t - 1. A case is first counted at the end
    # of its arrival week and last at the end of the week before it closes.
    width = total + 1
    first = replication * width + week
    last = replication * width + np.minimum(np.ceil(closes), width).astype(np.int64) - 1
    steps = np.bincount(first, minlength=size * width) - np.bincount(last, minlength=size * width)
    return np.cumsum(steps.reshape(size, width), axis=1)[:, :total]
